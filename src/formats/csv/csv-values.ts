/**
 * Text → value as Spark's CSV parser converts and infers (UnivocityParser.makeConverter,
 * CSVInferSchema): Java's parseInt/parseLong/parseDouble, BigDecimal, Scala's toBoolean, dates
 * and timestamps by `dateFormat`/`timestampFormat` or, when unset, Spark's default parsing.
 * A converter returns BAD for a value its type cannot hold (a malformed record).
 */
import { BOOLEAN, BYTE, DataType, DATE, DecimalTypeClass, DOUBLE, FLOAT, INTEGER, LONG, SHORT, STRING, TIMESTAMP, toDecimal, NULL } from "../../types/data-types";
import { castFunction } from "../../values/values";
import { parseWithPattern, withTimeZone } from "../../values/timestamps";
import { IllegalArgumentException } from "../../errors";
import type { CsvOptions } from "./csv-options";

export const BAD = Symbol("bad");
type Conv = (s: string) => unknown;

const INT_RE = /^[+-]?\d+$/;
const DOUBLE_RE = /^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?)$/;
const DECIMAL_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function javaInt(s: string, bits: 8 | 16 | 32 | 64): number | typeof BAD {
  if (!INT_RE.test(s)) return BAD;
  const n = bits === 64 ? BigInt(s) : Number(s);
  const max = bits === 64 ? 2n ** 63n : 2 ** (bits - 1);
  if (bits === 64) return (n as bigint) >= -(max as bigint) && (n as bigint) < (max as bigint) ? Number(n) : BAD;
  return (n as number) >= -(max as number) && (n as number) < (max as number) ? (n as number) : BAD;
}

/** Java's Double.parseDouble (surrounding blanks allowed, a d/f suffix). */
function javaDouble(s: string): number | typeof BAD {
  const t = s.trim();
  if (!DOUBLE_RE.test(t)) return BAD;
  return Number(t.replace(/[dDfF]$/, "").replace("Infinity", "Infinity"));
}

/** The locale's decimal and grouping characters (Spark parses decimals with DecimalFormat outside en-US). */
function localeDecimal(locale: string): ((s: string) => string) | undefined {
  if (/^en(-US)?$/i.test(locale)) return undefined;
  let parts: Intl.NumberFormatPart[];
  try { parts = new Intl.NumberFormat(locale).formatToParts(12345.5); } catch { throw new IllegalArgumentException(`Invalid locale: ${locale}`); }
  const dec = parts.find((p) => p.type === "decimal")?.value ?? ".";
  const group = parts.find((p) => p.type === "group")?.value ?? ",";
  return (s) => s.split(group).join("").replace(dec, ".");
}

/** BigDecimal's (precision, scale) of a decimal text, or undefined. */
function bigDecimal(s: string): { precision: number; scale: number; value: number } | undefined {
  const m = DECIMAL_RE.exec(s);
  if (!m) return undefined;
  const [int, frac = ""] = m[1].split(".");
  const exp = m[2] ? Number(m[2].slice(1)) : 0;
  const digits = (int + frac).replace(/^0+(?=\d)/, "");
  const scale = frac.length - exp;
  const precision = Math.max(digits.replace(/^0+/, "").length || 1, scale > 0 ? scale : 0);
  return { precision: Math.max(precision, 1), scale, value: Number(s) };
}

export interface ValueParsers {
  /** The converter for a column of `type` (BAD for a value it cannot hold). */
  converter(type: DataType): Conv;
  /** Spark's inferField: the type so far widened by one more value. */
  inferField(soFar: DataType, field: string): DataType;
}

export function valueParsers(o: CsvOptions): ValueParsers {
  const toStandard = localeDecimal(o.locale);
  const parseDate: Conv = o.dateFormat
    ? (s) => { const us = withTimeZone("UTC", () => parseWithPattern(s, o.dateFormat!)); return us === null ? BAD : Math.floor(us / 86_400_000_000); }
    : (s) => { const v = castFunction(STRING, DATE)(s); return v === null ? BAD : v; };
  const strictDate: Conv = o.dateFormat ? parseDate : (s) => (ISO_DATE.test(s) ? parseDate(s) : BAD);
  const parseTs: Conv = o.timestampFormat
    ? (s) => { const us = parseWithPattern(s, o.timestampFormat!); return us === null ? BAD : us; }
    : (s) => { const v = castFunction(STRING, TIMESTAMP)(s); return v === null ? BAD : v; };
  const double: Conv = (s) => (s === o.nanValue ? NaN : s === o.positiveInf ? Infinity : s === o.negativeInf ? -Infinity : javaDouble(s));
  const converter = (t: DataType): Conv => {
    if (t === STRING) return (s) => s;
    if (t === INTEGER) return (s) => javaInt(s, 32);
    if (t === LONG) return (s) => javaInt(s, 64);
    if (t === SHORT) return (s) => javaInt(s, 16);
    if (t === BYTE) return (s) => javaInt(s, 8);
    if (t === DOUBLE || t === FLOAT) return t === FLOAT ? (s) => { const d = double(s); return d === BAD ? BAD : Math.fround(d as number); } : double;
    if (t === BOOLEAN) return (s) => { const l = s.toLowerCase(); return l === "true" ? true : l === "false" ? false : BAD; };
    if (t === DATE) return parseDate;
    if (t === TIMESTAMP) return parseTs;
    if (t instanceof DecimalTypeClass) return (s) => {
      const d = bigDecimal(toStandard ? toStandard(s) : s);
      if (!d) return BAD;
      const v = toDecimal(d.value, t);
      return v === null ? BAD : v;
    };
    return (s) => { const v = castFunction(STRING, t)(s); return v === null ? BAD : v; };
  };
  const isInfOrNan = (s: string) => s === o.nanValue || s === o.positiveInf || s === o.negativeInf;
  const tryBoolean = (s: string): DataType => (/^(true|false)$/i.test(s) ? BOOLEAN : STRING);
  const tryTimestamp = (s: string): DataType => (parseTs(s) !== BAD ? TIMESTAMP : tryBoolean(s));
  const tryDateTime = (s: string): DataType => (o.preferDate && strictDate(s) !== BAD ? DATE : tryTimestamp(s));
  const tryDouble = (s: string): DataType => (javaDouble(s) !== BAD || isInfOrNan(s) ? DOUBLE : o.preferDate ? tryDateTime(s) : tryTimestamp(s));
  const tryDecimal = (s: string): DataType => {
    const d = bigDecimal(toStandard ? toStandard(s) : s);
    if (d && d.scale <= 0 && d.precision <= 38) return new DecimalTypeClass(d.precision, 0);
    if (d && d.scale > 0 && !toStandard) return tryDouble(s);
    if (d && d.scale > 0 && d.precision <= 38) return new DecimalTypeClass(d.precision, d.scale);
    return tryDouble(s);
  };
  const tryLong = (s: string): DataType => (javaInt(s, 64) !== BAD ? LONG : tryDecimal(s));
  const tryInteger = (s: string): DataType => (javaInt(s, 32) !== BAD ? INTEGER : tryLong(s));
  const inferField = (soFar: DataType, field: string): DataType => {
    if (field === "" || field === o.nullValue) return soFar;
    let t: DataType;
    if (soFar === NULL || soFar === INTEGER) t = tryInteger(field);
    else if (soFar === LONG) t = tryLong(field);
    else if (soFar instanceof DecimalTypeClass) t = tryDecimal(field);
    else if (soFar === DOUBLE) t = tryDouble(field);
    else if (soFar === DATE) t = tryDateTime(field);
    else if (soFar === TIMESTAMP) t = tryTimestamp(field);
    else if (soFar === BOOLEAN) t = tryBoolean(field);
    else t = STRING;
    return compatibleType(soFar, t);
  };
  return { converter, inferField };
}

const NUMERIC: DataType[] = [INTEGER, LONG, DOUBLE];
const asDecimal = (t: DataType): DecimalTypeClass | undefined =>
  t instanceof DecimalTypeClass ? t : t === INTEGER ? new DecimalTypeClass(10, 0) : t === LONG ? new DecimalTypeClass(20, 0) : undefined;

/** CSVInferSchema.compatibleType (findTightestCommonType, then the CSV rules), else string. */
function compatibleType(a: DataType, b: DataType): DataType {
  if (a.equals(b)) return a;
  if (a === NULL) return b;
  if (b === NULL) return a;
  if (a === STRING || b === STRING) return STRING;
  const ia = NUMERIC.indexOf(a), ib = NUMERIC.indexOf(b);
  if (ia >= 0 && ib >= 0) return NUMERIC[Math.max(ia, ib)];
  if ((a === DOUBLE && b instanceof DecimalTypeClass) || (b === DOUBLE && a instanceof DecimalTypeClass)) return DOUBLE;
  const da = asDecimal(a), db = asDecimal(b);
  if (da && db) {
    const scale = Math.max(da.scale, db.scale);
    const range = Math.max(da.precision - da.scale, db.precision - db.scale);
    return range + scale > 38 ? DOUBLE : new DecimalTypeClass(range + scale, scale);
  }
  if ((a === DATE && b === TIMESTAMP) || (a === TIMESTAMP && b === DATE)) return TIMESTAMP;
  return STRING;
}
