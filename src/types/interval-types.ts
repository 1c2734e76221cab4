/**
 * Spark's ANSI interval types: DayTimeIntervalType(start, end) over DAY, HOUR, MINUTE, SECOND and
 * YearMonthIntervalType(start, end) over YEAR, MONTH.
 *
 * Runtime values: a day-time interval is a number of microseconds, a year-month interval a number
 * of months (both exact while they fit a double's 2^53). Their text (show(), CAST AS STRING, a
 * literal's column name) is Spark's IntervalUtils.toDayTimeIntervalString/toYearMonthIntervalString:
 * `INTERVAL '1 02:03:04' DAY TO SECOND`, `INTERVAL '1-2' YEAR TO MONTH`.
 */
import { DataType } from "./data-types";

export const DT_FIELDS = ["DAY", "HOUR", "MINUTE", "SECOND"] as const;
export const YM_FIELDS = ["YEAR", "MONTH"] as const;

abstract class AnsiIntervalType extends DataType {
  constructor(readonly startField: number, readonly endField: number) {
    super();
  }
  protected abstract get names(): readonly string[];
  /** `day`, `day to second` (lower case, as printSchema and typeof show it). */
  private get fieldsText(): string {
    const [s, e] = [this.names[this.startField], this.names[this.endField]];
    return (s === e ? s : `${s} TO ${e}`).toLowerCase();
  }
  get typeName(): string {
    return `interval ${this.fieldsText}`;
  }
  simpleString(): string {
    return this.typeName;
  }
  override sql(): string {
    return this.typeName.toUpperCase();
  }
}

export class DayTimeIntervalTypeClass extends AnsiIntervalType {
  protected get names(): readonly string[] {
    return DT_FIELDS;
  }
  override toString(): string {
    return `DayTimeIntervalType(${this.startField}, ${this.endField})`;
  }
}

export class YearMonthIntervalTypeClass extends AnsiIntervalType {
  protected get names(): readonly string[] {
    return YM_FIELDS;
  }
  override toString(): string {
    return `YearMonthIntervalType(${this.startField}, ${this.endField})`;
  }
}

/** PySpark's DayTimeIntervalType(startField=0, endField=3): 0 DAY, 1 HOUR, 2 MINUTE, 3 SECOND. */
export const DayTimeIntervalType = (startField = 0, endField = 3): DayTimeIntervalTypeClass => new DayTimeIntervalTypeClass(startField, endField);
/** PySpark's YearMonthIntervalType(startField=0, endField=1): 0 YEAR, 1 MONTH. */
export const YearMonthIntervalType = (startField = 0, endField = 1): YearMonthIntervalTypeClass => new YearMonthIntervalTypeClass(startField, endField);

export const isInterval = (t: DataType): t is DayTimeIntervalTypeClass | YearMonthIntervalTypeClass =>
  t instanceof DayTimeIntervalTypeClass || t instanceof YearMonthIntervalTypeClass;

/** The type covering both (Spark widens DAY and HOUR TO SECOND to DAY TO SECOND). */
export function widerInterval<T extends DayTimeIntervalTypeClass | YearMonthIntervalTypeClass>(a: T, b: T): T {
  const s = Math.min(a.startField, b.startField), e = Math.max(a.endField, b.endField);
  return (a instanceof DayTimeIntervalTypeClass ? new DayTimeIntervalTypeClass(s, e) : new YearMonthIntervalTypeClass(s, e)) as T;
}

const US = [86400e6, 3600e6, 60e6, 1e6];
const p2 = (n: number): string => String(n).padStart(2, "0");

/** Spark's toDayTimeIntervalString: `INTERVAL '1 02:03:04.5' DAY TO SECOND`. */
function formatDayTime(us: number, t: DayTimeIntervalTypeClass): string {
  const sign = us < 0 ? "-" : "";
  let rest = Math.abs(us);
  const parts: string[] = [];
  for (let f = t.startField; f <= t.endField; f++) {
    if (f === 3) {
      const secs = rest / 1e6;
      const whole = Math.floor(secs);
      const frac = Math.round(rest - whole * 1e6);
      const text = (f === t.startField ? String(whole).padStart(2, "0") : p2(whole)) + (frac ? "." + String(frac).padStart(6, "0").replace(/0+$/, "") : "");
      parts.push(text);
      break;
    }
    const v = f === t.endField ? Math.floor(rest / US[f]) : Math.floor(rest / US[f]);
    rest -= v * US[f];
    parts.push(f === t.startField ? (f === 0 ? String(v) : p2(v)) : p2(v));
  }
  let body = "";
  for (let i = 0; i < parts.length; i++) {
    const f = t.startField + i;
    body += i === 0 ? parts[i] : (f === 1 ? " " : ":") + parts[i];
  }
  const fields = t.startField === t.endField ? DT_FIELDS[t.startField] : `${DT_FIELDS[t.startField]} TO ${DT_FIELDS[t.endField]}`;
  return `INTERVAL '${sign}${body}' ${fields}`;
}

/** Spark's toYearMonthIntervalString: `INTERVAL '1-2' YEAR TO MONTH`, `INTERVAL '3' MONTH`. */
function formatYearMonth(months: number, t: YearMonthIntervalTypeClass): string {
  const sign = months < 0 ? "-" : "";
  const a = Math.abs(months);
  if (t.startField === t.endField) return `INTERVAL '${sign}${t.startField === 0 ? Math.floor(a / 12) : a}' ${YM_FIELDS[t.startField]}`;
  return `INTERVAL '${sign}${Math.floor(a / 12)}-${a % 12}' YEAR TO MONTH`;
}

/** `'1 2:03:04'` read as DAY TO SECOND etc. (the text inside an interval literal): microseconds or months; undefined when it does not fit. */
export function parseIntervalFields(text: string, t: DayTimeIntervalTypeClass | YearMonthIntervalTypeClass): number | undefined {
  const family = t instanceof DayTimeIntervalTypeClass ? "dt" : "ym";
  const { startField: start, endField: end } = t;
  const s = text.trim();
  const sign = s.startsWith("-") ? -1 : 1;
  const body = s.replace(/^[+-]/, "");
  if (family === "ym") {
    if (start === end) return /^\d+$/.test(body) ? sign * Number(body) * (start === 0 ? 12 : 1) : undefined;
    const m = /^(\d+)-(\d+)$/.exec(body);
    return m && +m[2] < 12 ? sign * (+m[1] * 12 + +m[2]) : undefined;
  }
  // Day-time: the fields from start to end, separated by ' ' after DAY and ':' between the others.
  const scales = [86400e6, 3600e6, 60e6, 1e6];
  let re = "^";
  for (let f = start; f <= end; f++) {
    if (f > start) re += f === 1 ? " " : ":";
    re += f === 3 ? "(\\d+(?:\\.\\d{1,9})?)" : "(\\d+)";
  }
  const m = new RegExp(re + "$").exec(body);
  if (!m) return undefined;
  let us = 0;
  const limits = [Infinity, 23, 59, 59.999999999];
  for (let f = start; f <= end; f++) {
    const v = Number(m[f - start + 1]);
    if (f > start && v > limits[f]) return undefined;
    us += f === 3 ? Math.round(v * 1e6) : v * scales[f];
  }
  return sign * us;
}

const DT_FORMATS = ["d", "d h", "d h:m", "d h:m:s.n", "", "h", "h:m", "h:m:s.n", "", "", "m", "m:s.n", "", "", "", "s.n"];

/** Spark's error for a string that is no interval of `t` (a cast raises it even when not ANSI). */
export function intervalStringError(text: string, t: DayTimeIntervalTypeClass | YearMonthIntervalTypeClass): string {
  const fields = t.sql().slice("INTERVAL ".length);
  if (t instanceof DayTimeIntervalTypeClass) {
    const f = "[+|-]" + DT_FORMATS[t.startField * 4 + t.endField];
    return `Interval string does not match day-time format of \`${f}\`, \`INTERVAL [+|-]'${f}' ${fields}\` when cast to ${t.typeName}: ${text}, set spark.sql.legacy.fromDayTimeString.enabled to true to restore the behavior before Spark 3.0.`;
  }
  const f = "[+|-]" + (t.startField === t.endField ? (t.startField === 0 ? "y" : "m") : "y-m");
  return `Interval string does not match year-month format of \`${f}\`, \`INTERVAL [+|-]'${f}' ${fields}\` when cast to ${t.typeName}: ${text}`;
}

/**
 * CAST(string AS INTERVAL …): the fields text, or the whole literal text `INTERVAL '1' DAY`
 * whose fields are the target's; undefined (NULL) when it does not fit.
 */
export function parseIntervalString(text: string, t: DayTimeIntervalTypeClass | YearMonthIntervalTypeClass): number | undefined {
  const m = /^\s*INTERVAL\s+'([^']*)'\s+([A-Z ]+?)\s*$/i.exec(text);
  if (!m) return parseIntervalFields(text, t);
  return m[2].toUpperCase().replace(/\s+/g, " ") === t.sql().slice("INTERVAL ".length) ? parseIntervalFields(m[1], t) : undefined;
}

/** An interval value's text, as show() and CAST(… AS STRING) print it. */
export function formatInterval(v: number, t: DayTimeIntervalTypeClass | YearMonthIntervalTypeClass): string {
  return t instanceof DayTimeIntervalTypeClass ? formatDayTime(v, t) : formatYearMonth(v, t);
}
