/**
 * Value conversions with Spark's (non-ANSI) rules: CAST between types (a bad string gives null),
 * and the text a value shows as (`show()`, CAST(x AS STRING), to_json).
 */
import { IllegalArgumentException } from "../errors";
import {
  ArrayTypeClass, BINARY, BOOLEAN, BYTE, DATE, DOUBLE, DataType, DecimalTypeClass, FLOAT, INTEGER, LONG, MapTypeClass, SHORT, STRING, StructTypeClass, TIMESTAMP,
  formatDecimal, toDecimal,
} from "../types/data-types";
import { formatDate, formatTimestamp, parseDate, parseTimestamp } from "./timestamps";
import { DayTimeIntervalTypeClass, YearMonthIntervalTypeClass, formatInterval, intervalStringError, isInterval, parseIntervalString } from "../types/interval-types";

/** Java's Double.toString. */
export function formatDouble(d: number): string {
  if (Number.isNaN(d)) return "NaN";
  if (d === Infinity) return "Infinity";
  if (d === -Infinity) return "-Infinity";
  if (d === 0) return Object.is(d, -0) ? "-0.0" : "0.0";
  // Java's (pre-19) Double.toString prints the smallest subnormal with two digits.
  if (d === 5e-324) return "4.9E-324";
  if (d === -5e-324) return "-4.9E-324";
  const abs = Math.abs(d);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(d);
    return s.includes(".") ? s : s + ".0";
  }
  const [mant, exp] = d.toExponential().split("e");
  return `${mant.includes(".") ? mant : mant + ".0"}E${exp.startsWith("+") ? exp.slice(1) : exp}`;
}

/** Java's Float.toString (shortest digits that round-trip through a 32-bit float). */
export function formatFloat(f: number): string {
  if (!Number.isFinite(f) || f === 0) return formatDouble(f);
  for (let p = 1; p <= 9; p++) {
    const s = Number(f.toPrecision(p));
    if (Math.fround(s) === Math.fround(f)) return formatDouble(s);
  }
  return formatDouble(f);
}

const INT_RE = /^[+-]?\d+(\.\d*)?$/;

/** UTF8String.toInt/toLong: trims, allows a fraction (truncated), else null. */
function parseIntegral(s: string, min: number, max: number): number | bigint | null {
  // Fast path: a short run of plain digits (the workshop's scores).
  const len = s.length;
  if (len > 0 && len < 10) {
    let v = 0;
    let i = 0;
    for (; i < len; i++) { const d = s.charCodeAt(i) - 48; if (d < 0 || d > 9) break; v = v * 10 + d; }
    if (i === len) return v <= max ? v : null;
  }
  const t = s.replace(/^[\s\u0000-\u001f]+|[\s\u0000-\u001f]+$/g, "");
  if (!INT_RE.test(t) || t === "+" || t === "-") return null;
  const intPart = t.split(".")[0];
  if (intPart === "" || intPart === "+" || intPart === "-") return null;
  const n = Number(intPart);
  if (!Number.isFinite(n) || n < min || n > max) return null;
  if (!Number.isSafeInteger(n)) {
    // Beyond 2^53 a double cannot tell 2^63 - 1 from 2^63: check the range exactly.
    const big = BigInt(intPart);
    if (big < BigInt(min) || big > (max === LONG_MAX ? 9223372036854775807n : BigInt(max))) return null;
    return longValue(big);
  }
  return n === 0 ? 0 : n;
}

const LONG_MAX = 9223372036854775807;

/**
 * A long as the engine carries it: a number when exact (|v| <= 2^53), else a bigint, so that
 * 9223372036854775807 prints as itself.
 */
export function longValue(v: bigint): number | bigint {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
}

/** A long (number or bigint) wrapped to 64 bits, Java's overflow. */
function wrapLong(v: number | bigint): number | bigint {
  if (typeof v === "number" && Number.isSafeInteger(v)) return v;
  return longValue(BigInt.asIntN(64, typeof v === "bigint" ? v : BigInt(Math.trunc(v))));
}

function parseDouble(s: string): number | null {
  const t = s.trim();
  if (t === "") return null;
  if (/^[+-]?(NaN)$/i.test(t)) return NaN;
  if (/^[+-]?(Infinity|Inf)$/i.test(t)) return t.startsWith("-") ? -Infinity : Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?$/.test(t)) return null;
  return Number(t.replace(/[dDfF]$/, ""));
}

const RANGES: Record<string, [number, number]> = {
  integer: [-2147483648, 2147483647],
  long: [-9223372036854775808, 9223372036854775807],
  short: [-32768, 32767],
  byte: [-128, 127],
};

function wrapIntegral(n: number | bigint, t: DataType): number | bigint {
  if (typeof n === "bigint") {
    if (t === LONG) return longValue(BigInt.asIntN(64, n));
    const bits = t === INTEGER ? 32 : t === SHORT ? 16 : 8;
    return Number(BigInt.asIntN(bits, n));
  }
  if (t === LONG) return wrapLong(n);
  const truncated = Math.trunc(n);
  if (t === INTEGER) return truncated | 0;
  if (t === SHORT) return (truncated << 16) >> 16;
  if (t === BYTE) return (truncated << 24) >> 24;
  return truncated;
}

/** Returns a function casting values of `from` to `to`; Spark's non-ANSI semantics (bad input → null). */
/** An interval value cut to the end field of `t` (INTERVAL '1 02:03' DAY TO MINUTE as DAY TO HOUR is 1 02). */
function truncateInterval(v: number, t: DayTimeIntervalTypeClass | YearMonthIntervalTypeClass): number {
  const unit = t instanceof DayTimeIntervalTypeClass ? [86400e6, 3600e6, 60e6, 1][t.endField] : t.endField === 0 ? 12 : 1;
  return Math.trunc(v / unit) * unit;
}

const INTEGRAL_BYTES: Record<string, number> = { byte: 1, short: 2, integer: 4, long: 8 };

export function castFunction(from: DataType, to: DataType): (v: unknown) => unknown {
  if (from.equals(to)) return (v) => v;
  // Intervals of one family share their unit (microseconds, months); a narrower end field truncates.
  if (isInterval(to) && isInterval(from) && from.constructor === to.constructor) return (v) => (v === null ? null : truncateInterval(v as number, to));
  if (isInterval(to) && from === STRING)
    return (v) => {
      if (v === null) return null;
      const parsed = parseIntervalString(v as string, to);
      if (parsed === undefined) throw new IllegalArgumentException(intervalStringError(v as string, to));
      return parsed;
    };
  if (to === STRING) return (v) => (v === null ? null : valueToString(v, from));
  if (to instanceof DecimalTypeClass) {
    if (from === STRING) return (v) => { if (v === null) return null; const d = parseDouble(v as string); return d === null ? null : toDecimal(d, to); };
    if (from === BOOLEAN) return (v) => (v === null ? null : toDecimal(v ? 1 : 0, to));
    if (from === TIMESTAMP) return (v) => (v === null ? null : toDecimal((v as number) / 1e6, to));
    if (from === DATE) return () => null;
    return (v) => (v === null ? null : toDecimal(Number(v), to));
  }
  const range = RANGES[to.typeName];
  if (range) {
    const [min, max] = range;
    if (from === STRING) return (v) => (v === null ? null : parseIntegral(v as string, min, max));
    if (from === BOOLEAN) return (v) => (v === null ? null : v ? 1 : 0);
    if (from === TIMESTAMP) return (v) => (v === null ? null : wrapIntegral(Math.floor((v as number) / 1e6), to));
    if (from === DOUBLE || from === FLOAT)
      return (v) => {
        if (v === null) return null;
        const d = v as number;
        if (Number.isNaN(d)) return 0;
        if (to === LONG) return d >= 9223372036854775807 ? 9223372036854775807n : d <= -9223372036854775808 ? -9223372036854775808n : longValue(BigInt(Math.trunc(d)));
        if (to === INTEGER) return d >= 2147483647 ? 2147483647 : d <= -2147483648 ? -2147483648 : Math.trunc(d);
        return wrapIntegral(d, to);
      };
    return (v) => (v === null ? null : wrapIntegral(v as number | bigint, to));
  }
  if (to === DOUBLE || to === FLOAT) {
    const round = to === FLOAT ? Math.fround : (x: number) => x;
    if (from === STRING) return (v) => { if (v === null) return null; const d = parseDouble(v as string); return d === null ? null : round(d); };
    if (from === BOOLEAN) return (v) => (v === null ? null : v ? 1 : 0);
    if (from === TIMESTAMP) return (v) => (v === null ? null : (v as number) / 1e6);
    return (v) => (v === null ? null : round(Number(v)));
  }
  if (to === BOOLEAN) {
    if (from === STRING)
      return (v) => {
        if (v === null) return null;
        const s = (v as string).trim().toLowerCase();
        if (["t", "true", "y", "yes", "1"].includes(s)) return true;
        if (["f", "false", "n", "no", "0"].includes(s)) return false;
        return null;
      };
    return (v) => (v === null ? null : Number(v) !== 0);
  }
  if (to === TIMESTAMP) {
    if (from === STRING) return (v) => (v === null ? null : parseTimestamp(v as string));
    if (from === DATE) return (v) => (v === null ? null : parseTimestamp(formatDate(v as number)));
    if (from === LONG || from === INTEGER || from === SHORT || from === BYTE) return (v) => (v === null ? null : (v as number) * 1e6);
    if (from === DOUBLE || from === FLOAT) return (v) => (v === null || !Number.isFinite(v as number) ? null : Math.floor((v as number) * 1e6));
  }
  if (to === DATE) {
    if (from === STRING) return (v) => (v === null ? null : parseDate(v as string));
    if (from === TIMESTAMP) return (v) => (v === null ? null : parseDate(formatTimestamp(v as number)));
  }
  if (to === BINARY && from === STRING) return (v) => (v === null ? null : Buffer.from(v as string, "utf8"));
  if (to === BINARY && INTEGRAL_BYTES[from.typeName]) {
    // An integral number cast to binary is its two's-complement bytes, big-endian (Spark's).
    const width = INTEGRAL_BYTES[from.typeName];
    return (v) => {
      if (v === null) return null;
      const b = Buffer.alloc(8);
      b.writeBigInt64BE(BigInt(v as number | bigint));
      return b.subarray(8 - width);
    };
  }
  if (to instanceof ArrayTypeClass && from instanceof ArrayTypeClass) {
    const el = castFunction(from.elementType, to.elementType);
    return (v) => (v === null ? null : (v as unknown[]).map((x) => (x === null ? null : el(x))));
  }
  if (to instanceof MapTypeClass && from instanceof MapTypeClass) {
    const k = castFunction(from.keyType, to.keyType), val = castFunction(from.valueType, to.valueType);
    return (v) => (v === null ? null : new Map([...(v as Map<unknown, unknown>)].map(([a, b]) => [k(a), b === null ? null : val(b)])));
  }
  if (to instanceof StructTypeClass && from instanceof StructTypeClass && to.fields.length === from.fields.length) {
    const fs = to.fields.map((f, i) => castFunction(from.fields[i].dataType, f.dataType));
    return (v) => (v === null ? null : (v as unknown[]).map((x, i) => (x === null ? null : fs[i](x))));
  }
  return () => null;
}

/** CAST(v AS STRING) text (nulls inside collections print as "null", as Spark's cast does). */
export function valueToString(v: unknown, t: DataType, nullText = "null"): string {
  if (v === null || v === undefined) return nullText;
  if (t instanceof DecimalTypeClass) return formatDecimal(v as number, t);
  if (isInterval(t)) return formatInterval(v as number, t);
  switch (t.typeName) {
    case "string": return v as string;
    case "long": return typeof v === "number" && !Number.isSafeInteger(v) && Number.isFinite(v) ? BigInt(v).toString() : String(v);
    case "double": return formatDouble(v as number);
    case "float": return formatFloat(v as number);
    case "timestamp": return formatTimestamp(v as number);
    case "date": return formatDate(v as number);
    case "binary": return Buffer.from(v as Uint8Array).toString("utf8");
    case "boolean": return v ? "true" : "false";
  }
  if (t instanceof ArrayTypeClass) return `[${(v as unknown[]).map((x) => valueToString(x, t.elementType, nullText)).join(", ")}]`;
  if (t instanceof StructTypeClass) return `{${(v as unknown[]).map((x, i) => valueToString(x, t.fields[i].dataType, nullText)).join(", ")}}`;
  if (t instanceof MapTypeClass)
    return `{${[...(v as Map<unknown, unknown>).entries()].map(([k, x]) => `${valueToString(k, t.keyType, nullText)} -> ${valueToString(x, t.valueType, nullText)}`).join(", ")}}`;
  return String(v);
}

/** What show() prints for a value (Spark 3.5's ToPrettyString: NULL, binary as hex). */
export function prettyString(v: unknown, t: DataType): string {
  if (v === null || v === undefined) return "NULL";
  if (t === BINARY) return `[${Array.from(v as Uint8Array, (b) => b.toString(16).toUpperCase().padStart(2, "0")).join(" ")}]`;
  if (t instanceof ArrayTypeClass) return `[${(v as unknown[]).map((x) => prettyString(x, t.elementType)).join(", ")}]`;
  if (t instanceof StructTypeClass) return `{${(v as unknown[]).map((x, i) => prettyString(x, t.fields[i].dataType)).join(", ")}}`;
  if (t instanceof MapTypeClass)
    return `{${[...(v as Map<unknown, unknown>).entries()].map(([k, x]) => `${prettyString(k, t.keyType)} -> ${prettyString(x, t.valueType)}`).join(", ")}}`;
  return valueToString(v, t);
}

/** Total order used by sort, min/max and comparisons (nulls handled by callers). */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === "bigint" || typeof b === "bigint") {
    if ((typeof a === "number" || typeof a === "bigint") && (typeof b === "number" || typeof b === "bigint")) return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof a === "number" && typeof b === "number") {
    if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
    if (Number.isNaN(b)) return -1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "boolean" && typeof b === "boolean") return a === b ? 0 : a ? 1 : -1;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.compare(a, b);
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (a[i] === null && b[i] === null) continue;
      if (a[i] === null) return -1;
      if (b[i] === null) return 1;
      const c = compareValues(a[i], b[i]);
      if (c) return c;
    }
    return a.length - b.length;
  }
  return 0;
}

/** A string key for hashing rows/values (group-by keys, distinct, joins). */
export function valueKey(v: unknown): string {
  if (v === null || v === undefined) return "\u0000N";
  if (typeof v === "string") return "s" + v;
  if (typeof v === "number") return Object.is(v, -0) ? "n0" : "n" + v;
  if (typeof v === "bigint") return "n" + v;
  if (typeof v === "boolean") return v ? "bT" : "bF";
  if (v instanceof Uint8Array) return "x" + Buffer.from(v).toString("hex");
  if (Array.isArray(v)) return "[" + v.map(valueKey).join("\u0001") + "]";
  if (v instanceof Map) return "{" + [...v.entries()].map(([k, x]) => valueKey(k) + ":" + valueKey(x)).join("\u0001") + "}";
  return "o" + JSON.stringify(v);
}
