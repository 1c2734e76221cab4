/**
 * `+`, `-`, `*`, `/` over dates, timestamps and ANSI intervals, as Spark 3.5's
 * ResolveBinaryArithmetic rewrites them (non-ANSI): DATE ± INT is date_add/date_sub, DATE - DATE a
 * day interval, TIMESTAMP - TIMESTAMP a DAY TO SECOND interval, a timestamp or date plus an
 * interval moves it (months in the session zone's calendar), intervals add and scale. Result types
 * and the column names (`date_add(DATE '2020-01-31', 1)`, `TIMESTAMP '…' + INTERVAL '05' SECOND`)
 * are Spark's.
 */
import { AnalysisException } from "../errors";
import { Resolved } from "../plan/resolved";
import { BYTE, DATE, DataType, INTEGER, SHORT, TIMESTAMP, isNumeric } from "../types/data-types";
import { DayTimeIntervalTypeClass, YearMonthIntervalTypeClass, widerInterval } from "../types/interval-types";
import { implicitCast } from "../functions/typing";

type R = Resolved;

const fn = (op: string, args: R[], dataType: DataType, sql: string): R =>
  ({ kind: "fn", op, args, dataType, nullable: args.some((a) => a.nullable), sql });
const negate = (r: R): R => fn("negate", [r], r.dataType, `(- ${r.sql})`);
const isDT = (t: DataType): t is DayTimeIntervalTypeClass => t instanceof DayTimeIntervalTypeClass;
const isYM = (t: DataType): t is YearMonthIntervalTypeClass => t instanceof YearMonthIntervalTypeClass;
const isDateTime = (t: DataType): boolean => t === DATE || t === TIMESTAMP;

/** date_add/date_sub's second parameter: INT, SMALLINT or TINYINT (Spark's message otherwise). */
function dateAdd(name: "date_add" | "date_sub", date: R, days: R): R {
  const sql = `${name}(${date.sql}, ${days.sql})`;
  if (!([INTEGER, SHORT, BYTE] as DataType[]).includes(days.dataType))
    throw new AnalysisException(
      `Cannot resolve "${sql}" due to data type mismatch: Parameter 2 requires the ("INT" or "SMALLINT" or "TINYINT") type, however "${days.sql}" has the type "${days.dataType.sql()}".`,
      "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
    );
  return fn(name, [date, days], DATE, sql);
}

/** A date or timestamp moved by an interval (already negated for `-`); `shown` is the interval's text. */
function moveBy(dt: R, interval: R, shown: string): R {
  if (isYM(interval.dataType)) {
    const sql = `${dt.sql} + ${shown}`;
    return dt.dataType === DATE ? fn("add_months", [dt, interval], DATE, sql) : fn("ts_add_months", [dt, interval], TIMESTAMP, sql);
  }
  const t = interval.dataType as DayTimeIntervalTypeClass;
  if (dt.dataType === DATE && t.startField === 0 && t.endField === 0) {
    // DateAdd(date, ExtractANSIIntervalDays(interval)).
    const days = fn("interval_days", [interval.kind === "fn" && interval.op === "negate" ? interval.args[0] : interval], INTEGER, `extractansiintervaldays(${interval.kind === "fn" && interval.op === "negate" ? interval.args[0].sql : interval.sql})`);
    const n = interval.kind === "fn" && interval.op === "negate" ? negate(days) : days;
    return fn("date_add", [dt, n], DATE, `date_add(${dt.sql}, ${n.sql})`);
  }
  return fn("add", [implicitCast(dt, TIMESTAMP), interval], TIMESTAMP, `${dt.sql} + ${shown}`);
}

/** The rewrite of `l op r` when a date, timestamp or interval is involved; undefined otherwise. */
export function datetimeArithmetic(op: string, l: R, r: R): R | undefined {
  const lt = l.dataType, rt = r.dataType;
  const involved = isDateTime(lt) || isDateTime(rt) || isDT(lt) || isDT(rt) || isYM(lt) || isYM(rt);
  if (!involved) return undefined;
  const sql = `(${l.sql} ${op} ${r.sql})`;
  if (op === "+") {
    if (lt === DATE && (isNumeric(rt))) return dateAdd("date_add", l, r);
    if (rt === DATE && isNumeric(lt)) return dateAdd("date_add", r, l);
    if (isDateTime(lt) && (isDT(rt) || isYM(rt))) return moveBy(l, r, r.sql);
    if (isDateTime(rt) && (isDT(lt) || isYM(lt))) return moveBy(r, l, l.sql);
  }
  if (op === "-") {
    if (lt === DATE && isNumeric(rt)) return dateAdd("date_sub", l, r);
    if (lt === DATE && rt === DATE) return fn("date_diff_interval", [l, r], new DayTimeIntervalTypeClass(0, 0), sql);
    if (isDateTime(lt) && isDateTime(rt)) return fn("subtract", [implicitCast(l, TIMESTAMP), implicitCast(r, TIMESTAMP)], new DayTimeIntervalTypeClass(0, 3), sql);
    if (isDateTime(lt) && (isDT(rt) || isYM(rt))) {
      const neg = negate(r);
      return moveBy(l, neg, neg.sql);
    }
  }
  if ((op === "+" || op === "-") && ((isDT(lt) && isDT(rt)) || (isYM(lt) && isYM(rt))))
    return fn(op === "+" ? "add" : "subtract", [l, r], widerInterval(lt as DayTimeIntervalTypeClass, rt as DayTimeIntervalTypeClass), sql);
  if ((op === "*" || op === "/") && (isDT(lt) || isYM(lt)) && isNumeric(rt))
    return fn(op === "*" ? "interval_multiply" : "interval_divide", [l, r], isDT(lt) ? new DayTimeIntervalTypeClass(0, 3) : new YearMonthIntervalTypeClass(0, 1), sql);
  if (op === "*" && (isDT(rt) || isYM(rt)) && isNumeric(lt))
    return fn("interval_multiply", [r, l], isDT(rt) ? new DayTimeIntervalTypeClass(0, 3) : new YearMonthIntervalTypeClass(0, 1), sql);
  return undefined;
}
