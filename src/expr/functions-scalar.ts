/**
 * pyspark.sql.functions' scalar family (maths, strings, regular expressions, dates/time zones,
 * null handling), PySpark's names and argument order. As in PySpark, a string argument is a
 * column name unless PySpark's signature takes a plain value there (numBits, bases, a zone …).
 */
import { Column, ColumnOrName, ColumnOrValue, literalExpr, toColumnExpr, toExpr } from "./column";
import { Expr } from "./expression";

const call = (name: string, args: Expr[]): Column => new Column({ kind: "call", name, args });
const c = toColumnExpr;
/** PySpark's `Union[ColumnOrName, float]`: a number is a literal. */
const cn = (x: ColumnOrName | number): Expr => (typeof x === "number" ? literalExpr(x) : c(x));

// --- maths --------------------------------------------------------------------------------------
export const hypot = (col1: ColumnOrName | number, col2: ColumnOrName | number): Column => call("hypot", [cn(col1), cn(col2)]);
export const atan2 = (col1: ColumnOrName | number, col2: ColumnOrName | number): Column => call("atan2", [cn(col1), cn(col2)]);
export const rint = (col: ColumnOrName): Column => call("rint", [c(col)]);
export const pi = (): Column => call("pi", []);
export const e = (): Column => call("e", []);
export const bin = (col: ColumnOrName): Column => call("bin", [c(col)]);
export const conv = (col: ColumnOrName, fromBase: number, toBase: number): Column => call("conv", [c(col), literalExpr(fromBase), literalExpr(toBase)]);
export const shiftleft = (col: ColumnOrName, numBits: number): Column => call("shiftleft", [c(col), literalExpr(numBits)]);
export const shiftright = (col: ColumnOrName, numBits: number): Column => call("shiftright", [c(col), literalExpr(numBits)]);
export const shiftrightunsigned = (col: ColumnOrName, numBits: number): Column => call("shiftrightunsigned", [c(col), literalExpr(numBits)]);
export const bitwise_not = (col: ColumnOrName): Column => call("~", [c(col)]);
export const format_number = (col: ColumnOrName, d: number): Column => call("format_number", [c(col), literalExpr(d)]);
export const width_bucket = (v: ColumnOrName, min: ColumnOrName, max: ColumnOrName, numBucket: ColumnOrName | number): Column =>
  call("width_bucket", [c(v), c(min), c(max), cn(numBucket)]);
export const try_divide = (left: ColumnOrName, right: ColumnOrName): Column => call("try_divide", [c(left), c(right)]);
export const try_add = (left: ColumnOrName, right: ColumnOrName): Column => call("try_add", [c(left), c(right)]);
export const try_subtract = (left: ColumnOrName, right: ColumnOrName): Column => call("try_subtract", [c(left), c(right)]);
export const try_multiply = (left: ColumnOrName, right: ColumnOrName): Column => call("try_multiply", [c(left), c(right)]);

// --- strings ------------------------------------------------------------------------------------
export const soundex = (col: ColumnOrName): Column => call("soundex", [c(col)]);
export const levenshtein = (left: ColumnOrName, right: ColumnOrName): Column => call("levenshtein", [c(left), c(right)]);
export const split_part = (src: ColumnOrName, delimiter: ColumnOrName, partNum: ColumnOrName): Column => call("split_part", [c(src), c(delimiter), c(partNum)]);
/** `pos`/`len` numbers are literals (PySpark's Union[ColumnOrName, int]); len -1 = the replacement's length. */
export const overlay = (src: ColumnOrName, replace: ColumnOrName, pos: ColumnOrName | number, len: ColumnOrName | number = -1): Column =>
  call("overlay", [c(src), c(replace), cn(pos), cn(len)]);
export const btrim = (str: ColumnOrName, trim?: ColumnOrName): Column => call("btrim", trim === undefined ? [c(str)] : [c(str), c(trim)]);
export const mask = (col: ColumnOrName, upperChar?: ColumnOrName, lowerChar?: ColumnOrName, digitChar?: ColumnOrName, otherChar?: ColumnOrName): Column =>
  call("mask", [c(col), ...[upperChar, lowerChar, digitChar, otherChar].map((x, i) => (x === undefined ? literalExpr(["X", "x", "n", null][i]) : c(x)))]);
export const elt = (...inputs: ColumnOrName[]): Column => call("elt", inputs.map(c));
export const find_in_set = (str: ColumnOrName, str_array: ColumnOrName): Column => call("find_in_set", [c(str), c(str_array)]);
export const regexp_like = (str: ColumnOrName, regexp: ColumnOrName): Column => call("regexp_like", [c(str), c(regexp)]);
export const regexp_count = (str: ColumnOrName, regexp: ColumnOrName): Column => call("regexp_count", [c(str), c(regexp)]);
export const ilike = (str: ColumnOrName, pattern: ColumnOrName): Column => call("ilike", [c(str), c(pattern)]);
export const char = (col: ColumnOrName): Column => call("char", [c(col)]);

// --- dates and time zones -------------------------------------------------------------------------
export const make_date = (year: ColumnOrName, month: ColumnOrName, day: ColumnOrName): Column => call("make_date", [c(year), c(month), c(day)]);
export const make_timestamp = (years: ColumnOrName, months: ColumnOrName, days: ColumnOrName, hours: ColumnOrName, mins: ColumnOrName, secs: ColumnOrName, timezone?: ColumnOrName): Column =>
  call("make_timestamp", [years, months, days, hours, mins, secs, ...(timezone === undefined ? [] : [timezone])].map(c));
export const next_day = (date: ColumnOrName, dayOfWeek: string): Column => call("next_day", [c(date), literalExpr(dayOfWeek)]);
/** `tz` a string is a zone name (PySpark takes it as a literal), or a column. */
export const to_utc_timestamp = (timestamp: ColumnOrName, tz: ColumnOrValue): Column => call("to_utc_timestamp", [c(timestamp), toExpr(tz)]);
export const from_utc_timestamp = (timestamp: ColumnOrName, tz: ColumnOrValue): Column => call("from_utc_timestamp", [c(timestamp), toExpr(tz)]);
export const timestamp_seconds = (col: ColumnOrName): Column => call("timestamp_seconds", [c(col)]);
export const unix_date = (col: ColumnOrName): Column => call("unix_date", [c(col)]);
export const unix_seconds = (col: ColumnOrName): Column => call("unix_seconds", [c(col)]);
export const date_from_unix_date = (days: ColumnOrName): Column => call("date_from_unix_date", [c(days)]);
export const date_part = (field: ColumnOrName, source: ColumnOrName): Column => call("date_part", [c(field), c(source)]);
export const extract = (field: ColumnOrName, source: ColumnOrName): Column => call("extract", [c(field), c(source)]);

// --- null handling ------------------------------------------------------------------------------
export const isnan = (col: ColumnOrName): Column => call("isnan", [c(col)]);
export const nanvl = (col1: ColumnOrName, col2: ColumnOrName): Column => call("nanvl", [c(col1), c(col2)]);
export const equal_null = (col1: ColumnOrName, col2: ColumnOrName): Column => call("equal_null", [c(col1), c(col2)]);
