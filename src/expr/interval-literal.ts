/**
 * INTERVAL literals in the forms Spark 3.5 accepts (ANSI intervals, spark.sql.legacy.interval.enabled
 * off): `INTERVAL 1 DAY`, `interval 5 seconds`, `INTERVAL 1 DAY 2 HOURS` (multi-unit),
 * `INTERVAL '1-2' YEAR TO MONTH`, `INTERVAL '1 2:03:04' DAY TO SECOND`, `INTERVAL '10' HOUR`.
 * A literal becomes a day-time interval (microseconds) or a year-month interval (months) typed
 * by the fields it names; mixing the two families is Spark's parse error.
 */
import { DataType } from "../types/data-types";
import { DayTimeIntervalTypeClass, YearMonthIntervalTypeClass, parseIntervalFields } from "../types/interval-types";

interface IntervalToken { t: string; v: string; pos: number }

/** What the literal parser needs of the SQL parser: look ahead, consume, fail with Spark's error. */
export interface IntervalCursor {
  peek(k?: number): IntervalToken | undefined;
  next(): IntervalToken;
  fail(): never;
}

/** Unit word → [family, field index, scale to the family's base unit]. */
const UNITS: Record<string, ["dt" | "ym", number, number]> = {
  YEAR: ["ym", 0, 12], MONTH: ["ym", 1, 1],
  WEEK: ["dt", 0, 7 * 86400e6], DAY: ["dt", 0, 86400e6], HOUR: ["dt", 1, 3600e6], MINUTE: ["dt", 2, 60e6],
  SECOND: ["dt", 3, 1e6], MILLISECOND: ["dt", 3, 1e3], MICROSECOND: ["dt", 3, 1],
};

const unitOf = (word: string | undefined): string | undefined => {
  if (!word) return undefined;
  const u = word.toUpperCase();
  return UNITS[u] ? u : u.endsWith("S") && UNITS[u.slice(0, -1)] ? u.slice(0, -1) : undefined;
};

function typeOf(family: "dt" | "ym", start: number, end: number): DataType {
  return family === "dt" ? new DayTimeIntervalTypeClass(start, end) : new YearMonthIntervalTypeClass(start, end);
}

/** After the INTERVAL keyword: the literal's value and type. */
export function parseIntervalLiteral(c: IntervalCursor): { value: number; dataType: DataType } {
  const first = c.peek();
  // INTERVAL 'text' FIELD [TO FIELD]
  if (first?.t === "str" && unitOf(c.peek(1)?.v) && !(c.peek(2) && (c.peek(2)!.t === "num" || c.peek(2)!.t === "str"))) {
    c.next();
    const startUnit = unitOf(c.next().v)!;
    const [family, start] = UNITS[startUnit];
    let end = start;
    if (c.peek()?.t === "id" && c.peek()!.v.toUpperCase() === "TO") {
      c.next();
      const endUnit = unitOf(c.next().v);
      if (!endUnit || UNITS[endUnit][0] !== family || UNITS[endUnit][1] <= start) c.fail();
      end = UNITS[endUnit][1];
    }
    const single = start === end && startUnit !== "WEEK" && startUnit !== "MILLISECOND" && startUnit !== "MICROSECOND";
    const value = single ? singleValue(first.v, UNITS[startUnit][2]) : parseIntervalFields(first.v, typeOf(family, start, end) as DayTimeIntervalTypeClass | YearMonthIntervalTypeClass);
    if (value === undefined) c.fail();
    return { value, dataType: typeOf(family, start, end) };
  }
  // INTERVAL value unit [value unit …]
  let family: "dt" | "ym" | undefined, start = 99, end = -1, total = 0, any = false;
  for (;;) {
    let sign = 1;
    let k = 0;
    if (c.peek()?.v === "-" && c.peek()?.t === "op") { sign = -1; k = 1; }
    const v = c.peek(k), u = unitOf(c.peek(k + 1)?.v);
    if (!v || (v.t !== "num" && v.t !== "str") || !u) break;
    const n = Number(v.v.trim());
    if (!Number.isFinite(n)) c.fail();
    for (let i = 0; i <= k + 1; i++) c.next();
    const [f, field, scale] = UNITS[u];
    if (family && family !== f) c.fail(); // year-month and day-time fields do not mix
    family = f;
    start = Math.min(start, field);
    end = Math.max(end, field);
    total += Math.round(sign * n * scale);
    any = true;
  }
  if (!any || !family) c.fail();
  return { value: total, dataType: typeOf(family, start, end) };
}

function singleValue(text: string, scale: number): number | undefined {
  const s = text.trim();
  return /^[+-]?\d+(\.\d+)?$/.test(s) ? Math.round(Number(s) * scale) : undefined;
}
