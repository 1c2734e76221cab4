/**
 * pyspark.sql.functions, transcribed. Each builds an unresolved expression; names, argument
 * order and defaults follow PySpark so the workshop's code reads the same.
 */
import { DataType, STRING, StructTypeClass } from "../types/data-types";
import { Column, ColumnOrName, ColumnOrValue, columnArg, literalExpr, toColumnExpr, toExpr } from "./column";
import { Expr } from "./expression";
import { parseExpression } from "./sql-parser";

const call = (name: string, ...args: Expr[]): Column => new Column({ kind: "call", name, args });

const c = columnArg;

export const col = (name: string): Column => new Column(toColumnExpr(name));
export const column = col;
export const lit = (v: unknown): Column => (v instanceof Column ? v : new Column(literalExpr(v)));
/** Parses a SQL expression: `expr("CAST(value AS STRING)")`. */
export const expr = (sql: string): Column => new Column(parseExpression(sql));

// --- strings -------------------------------------------------------------------------------
/** Splits around matches of a Java-style regex; keeps trailing empty strings as Spark does. */
export const split = (str: ColumnOrName, pattern: string, limit = -1): Column =>
  call("split", c(str), literalExpr(pattern), literalExpr(limit));
export const upper = (x: ColumnOrName): Column => call("upper", c(x));
export const lower = (x: ColumnOrName): Column => call("lower", c(x));
export const length = (x: ColumnOrName): Column => call("length", c(x));
export const trim = (x: ColumnOrName): Column => call("trim", c(x));
export const ltrim = (x: ColumnOrName): Column => call("ltrim", c(x));
export const rtrim = (x: ColumnOrName): Column => call("rtrim", c(x));
export const concat = (...cols: ColumnOrName[]): Column => call("concat", ...cols.map(c));
export const concat_ws = (sep: string, ...cols: ColumnOrName[]): Column => call("concat_ws", literalExpr(sep), ...cols.map(c));
export const substring = (x: ColumnOrName, pos: number, len: number): Column =>
  call("substring", c(x), literalExpr(pos), literalExpr(len));
/** Pattern and replacement may be strings or columns (evaluated per row). */
export const regexp_replace = (x: ColumnOrName, pattern: string | Column, replacement: string | Column): Column =>
  call("regexp_replace", c(x), pattern instanceof Column ? pattern.expr : literalExpr(pattern), replacement instanceof Column ? replacement.expr : literalExpr(replacement));
export const regexp_extract = (x: ColumnOrName, pattern: string, idx: number): Column =>
  call("regexp_extract", c(x), literalExpr(pattern), literalExpr(idx));

// --- collections ----------------------------------------------------------------------------
/** One output row per array element; the column is called `col` unless aliased. */
export const explode = (x: ColumnOrName): Column => call("explode", c(x));
export const explode_outer = (x: ColumnOrName): Column => call("explode_outer", c(x));
export const posexplode = (x: ColumnOrName): Column => call("posexplode", c(x));
export const size = (x: ColumnOrName): Column => call("size", c(x));
export const array = (...cols: ColumnOrName[]): Column => call("array", ...cols.map(c));
export const array_contains = (x: ColumnOrName, v: unknown): Column => call("array_contains", c(x), toExpr(v));
export const struct = (...cols: Array<ColumnOrName | ColumnOrName[]>): Column =>
  call("struct", ...(cols.length === 1 && Array.isArray(cols[0]) ? (cols[0] as ColumnOrName[]) : (cols as ColumnOrName[])).map(c));
/** Alternating names and values, as PySpark's: a string is a column name (`named_struct(lit("p"), "id")`). */
export const named_struct = (...kv: ColumnOrValue[]): Column => call("named_struct", ...kv.map((x) => (typeof x === "string" ? toColumnExpr(x) : toExpr(x))));

// --- JSON -----------------------------------------------------------------------------------
/**
 * Parses a JSON string column into a struct. Options as PySpark: `{ mode: "FAILFAST" }`;
 * PERMISSIVE by default (malformed input → a struct of nulls).
 */
export const from_json = (x: ColumnOrName, schema: StructTypeClass | DataType | string, options: Record<string, string> = {}): Column =>
  new Column({
    kind: "call",
    name: "from_json",
    // A DDL string is parsed by the analyzer, which reports a bad one as Spark does.
    args: [c(x), typeof schema === "string" ? { kind: "literal", value: schema, dataType: STRING } : { kind: "typeArg", dataType: schema }, { kind: "optionsArg", options }],
  });
export const to_json = (x: ColumnOrName, options: Record<string, string> = {}): Column =>
  new Column({ kind: "call", name: "to_json", args: [c(x), { kind: "optionsArg", options }] });

// --- conditionals and nulls ---------------------------------------------------------------
export const when = (condition: Column, value: ColumnOrValue): Column =>
  new Column({ kind: "caseWhen", branches: [[condition.expr, toExpr(value)]] });
export const coalesce = (...cols: ColumnOrName[]): Column => call("coalesce", ...cols.map(c));
export const isnull = (x: ColumnOrName): Column => new Column({ kind: "unary", op: "IS NULL", child: c(x) });
export const isnotnull = (x: ColumnOrName): Column => new Column({ kind: "unary", op: "IS NOT NULL", child: c(x) });
export const not = (x: Column): Column => x.not();

// --- math -----------------------------------------------------------------------------------
export const abs = (x: ColumnOrName): Column => call("abs", c(x));
export const round = (x: ColumnOrName, scale = 0): Column => call("round", c(x), literalExpr(scale));
export const floor = (x: ColumnOrName): Column => call("floor", c(x));
export const ceil = (x: ColumnOrName): Column => call("ceil", c(x));
export const sqrt = (x: ColumnOrName): Column => call("sqrt", c(x));

// --- time -----------------------------------------------------------------------------------
export const current_timestamp = (): Column => call("current_timestamp");
export const current_date = (): Column => call("current_date");
export const to_timestamp = (x: ColumnOrName, fmt?: string): Column =>
  fmt === undefined ? call("to_timestamp", c(x)) : call("to_timestamp", c(x), literalExpr(fmt));
export const date_format = (x: ColumnOrName, fmt: string): Column => call("date_format", c(x), literalExpr(fmt));
/**
 * Event-time window: `window(col("ts"), "10 minutes")` (tumbling) or with a slide duration
 * (sliding). Gives a struct<start: timestamp, end: timestamp> column named `window`.
 */
export const window = (timeColumn: ColumnOrName, windowDuration: string, slideDuration?: string, startTime?: string): Column =>
  call("window", c(timeColumn), literalExpr(windowDuration), literalExpr(slideDuration ?? windowDuration), literalExpr(startTime ?? "0 seconds"));

// --- aggregates -------------------------------------------------------------------------------
/** `count("*")` counts rows; `count(col)` counts non-null values. */
export const count = (x: ColumnOrName): Column =>
  x === "*" ? call("count", literalExpr(1)) : call("count", c(x));
export const sum = (x: ColumnOrName): Column => call("sum", c(x));
export const avg = (x: ColumnOrName): Column => call("avg", c(x));
export const mean = (x: ColumnOrName): Column => call("avg", c(x));
export const min = (x: ColumnOrName): Column => call("min", c(x));
export const max = (x: ColumnOrName): Column => call("max", c(x));
export const first = (x: ColumnOrName, ignorenulls = false): Column => call("first", c(x), literalExpr(ignorenulls));
export const last = (x: ColumnOrName, ignorenulls = false): Column => call("last", c(x), literalExpr(ignorenulls));
/** Under rollup/cube/GROUPING SETS: 1 (tinyint) when `x` is aggregated away in the row's grouping set, else 0. */
export const grouping = (x: ColumnOrName): Column => call("grouping", c(x));
/** Under rollup/cube/GROUPING SETS: the bits of grouping() of every grouping column (bigint); `cols` must be all of them. */
export const grouping_id = (...cols: ColumnOrName[]): Column => call("grouping_id", ...cols.map(c));
export const collect_list = (x: ColumnOrName): Column => call("collect_list", c(x));
export const collect_set = (x: ColumnOrName): Column => call("collect_set", c(x));
export const countDistinct = (x: ColumnOrName, ...more: ColumnOrName[]): Column =>
  new Column({ kind: "call", name: "count", args: [x, ...more].map(c), distinct: true });
export const count_distinct = countDistinct;
export const sum_distinct = (x: ColumnOrName): Column => new Column({ kind: "call", name: "sum", args: [c(x)], distinct: true });
export const sumDistinct = sum_distinct;
/** HyperLogLog++ as Spark's: the same estimate, bit for bit (rsd = maximum relative standard deviation). */
export const approx_count_distinct = (x: ColumnOrName, rsd?: number): Column =>
  rsd === undefined ? call("approx_count_distinct", c(x)) : call("approx_count_distinct", c(x), literalExpr(rsd));
export const approxCountDistinct = approx_count_distinct;

// --- sorting ----------------------------------------------------------------------------------
export const asc = (x: ColumnOrName): Column => new Column(c(x)).asc();
export const desc = (x: ColumnOrName): Column => new Column(c(x)).desc();
export const asc_nulls_last = (x: ColumnOrName): Column => new Column(c(x)).asc_nulls_last();
export const desc_nulls_first = (x: ColumnOrName): Column => new Column(c(x)).desc_nulls_first();

// --- misc -----------------------------------------------------------------------------------
export const monotonically_increasing_id = (): Column => call("monotonically_increasing_id");

// --- more strings ---------------------------------------------------------------------------
const n = (v: number | Column): Expr => (v instanceof Column ? v.expr : literalExpr(v));
const s = (v: string | Column): Expr => (v instanceof Column ? v.expr : literalExpr(v));
export const substring_index = (x: ColumnOrName, delim: string, count: number): Column => call("substring_index", c(x), literalExpr(delim), literalExpr(count));
export const lpad = (x: ColumnOrName, len: number | Column, pad: string | Column): Column => call("lpad", c(x), n(len), s(pad));
export const rpad = (x: ColumnOrName, len: number | Column, pad: string | Column): Column => call("rpad", c(x), n(len), s(pad));
export const initcap = (x: ColumnOrName): Column => call("initcap", c(x));
export const hex = (x: ColumnOrName): Column => call("hex", c(x));
export const unhex = (x: ColumnOrName): Column => call("unhex", c(x));
export const reverse = (x: ColumnOrName): Column => call("reverse", c(x));
export const repeat = (x: ColumnOrName, count: number | Column): Column => call("repeat", c(x), n(count));
export const instr = (x: ColumnOrName, substr: string): Column => call("instr", c(x), literalExpr(substr));
export const locate = (substr: string, x: ColumnOrName, pos = 1): Column => call("locate", literalExpr(substr), c(x), literalExpr(pos));
export const translate = (x: ColumnOrName, matching: string, replace: string): Column => call("translate", c(x), literalExpr(matching), literalExpr(replace));
export const ascii = (x: ColumnOrName): Column => call("ascii", c(x));
export const base64 = (x: ColumnOrName): Column => call("base64", c(x));
export const unbase64 = (x: ColumnOrName): Column => call("unbase64", c(x));
export const octet_length = (x: ColumnOrName): Column => call("octet_length", c(x));
export const bit_length = (x: ColumnOrName): Column => call("bit_length", c(x));
export const format_string = (format: string, ...cols: ColumnOrName[]): Column => call("format_string", literalExpr(format), ...cols.map(c));
export const left = (x: ColumnOrName, len: number | Column): Column => call("left", c(x), n(len));
export const right = (x: ColumnOrName, len: number | Column): Column => call("right", c(x), n(len));

// --- more collections ------------------------------------------------------------------------
export const sort_array = (x: ColumnOrName, asc = true): Column => call("sort_array", c(x), literalExpr(asc));
export const array_join = (x: ColumnOrName, delimiter: string, null_replacement?: string): Column =>
  null_replacement === undefined ? call("array_join", c(x), literalExpr(delimiter)) : call("array_join", c(x), literalExpr(delimiter), literalExpr(null_replacement));
export const element_at = (x: ColumnOrName, extraction: unknown): Column => call("element_at", c(x), toExpr(extraction));
export const array_distinct = (x: ColumnOrName): Column => call("array_distinct", c(x));
export const array_max = (x: ColumnOrName): Column => call("array_max", c(x));
export const array_min = (x: ColumnOrName): Column => call("array_min", c(x));
export const flatten = (x: ColumnOrName): Column => call("flatten", c(x));
export const slice = (x: ColumnOrName, start: number | Column, len: number | Column): Column => call("slice", c(x), n(start), n(len));
export const array_position = (x: ColumnOrName, v: unknown): Column => call("array_position", c(x), toExpr(v));
export const array_remove = (x: ColumnOrName, v: unknown): Column => call("array_remove", c(x), toExpr(v));
export const array_union = (a: ColumnOrName, b: ColumnOrName): Column => call("array_union", c(a), c(b));
export const array_intersect = (a: ColumnOrName, b: ColumnOrName): Column => call("array_intersect", c(a), c(b));
export const array_except = (a: ColumnOrName, b: ColumnOrName): Column => call("array_except", c(a), c(b));
export const arrays_overlap = (a: ColumnOrName, b: ColumnOrName): Column => call("arrays_overlap", c(a), c(b));
export const sequence = (start: ColumnOrName, stop: ColumnOrName, step?: ColumnOrName): Column =>
  step === undefined ? call("sequence", c(start), c(stop)) : call("sequence", c(start), c(stop), c(step));
export const cardinality = (x: ColumnOrName): Column => call("cardinality", c(x));

// --- hashes ----------------------------------------------------------------------------------
export const hash = (...cols: ColumnOrName[]): Column => call("hash", ...cols.map(c));
export const xxhash64 = (...cols: ColumnOrName[]): Column => call("xxhash64", ...cols.map(c));
export const md5 = (x: ColumnOrName): Column => call("md5", c(x));
export const sha1 = (x: ColumnOrName): Column => call("sha1", c(x));
export const sha2 = (x: ColumnOrName, numBits: number): Column => call("sha2", c(x), literalExpr(numBits));
export const crc32 = (x: ColumnOrName): Column => call("crc32", c(x));

// --- more time -------------------------------------------------------------------------------
export const hour = (x: ColumnOrName): Column => call("hour", c(x));
export const minute = (x: ColumnOrName): Column => call("minute", c(x));
export const second = (x: ColumnOrName): Column => call("second", c(x));
export const year = (x: ColumnOrName): Column => call("year", c(x));
export const month = (x: ColumnOrName): Column => call("month", c(x));
export const dayofmonth = (x: ColumnOrName): Column => call("dayofmonth", c(x));
export const dayofweek = (x: ColumnOrName): Column => call("dayofweek", c(x));
export const dayofyear = (x: ColumnOrName): Column => call("dayofyear", c(x));
export const weekofyear = (x: ColumnOrName): Column => call("weekofyear", c(x));
export const quarter = (x: ColumnOrName): Column => call("quarter", c(x));
export const to_date = (x: ColumnOrName, fmt?: string): Column => (fmt === undefined ? call("to_date", c(x)) : call("to_date", c(x), literalExpr(fmt)));
export const date_add = (x: ColumnOrName, days: number | Column): Column => call("date_add", c(x), n(days));
export const date_sub = (x: ColumnOrName, days: number | Column): Column => call("date_sub", c(x), n(days));
export const add_months = (x: ColumnOrName, months: number | Column): Column => call("add_months", c(x), n(months));
export const datediff = (end: ColumnOrName, start: ColumnOrName): Column => call("datediff", c(end), c(start));
export const last_day = (x: ColumnOrName): Column => call("last_day", c(x));
export const unix_timestamp = (x?: ColumnOrName, format = "yyyy-MM-dd HH:mm:ss"): Column =>
  x === undefined ? call("unix_timestamp") : call("unix_timestamp", c(x), literalExpr(format));
export const from_unixtime = (x: ColumnOrName, format = "yyyy-MM-dd HH:mm:ss"): Column => call("from_unixtime", c(x), literalExpr(format));
export const trunc = (x: ColumnOrName, format: string): Column => call("trunc", c(x), literalExpr(format));
export const date_trunc = (format: string, x: ColumnOrName): Column => call("date_trunc", literalExpr(format), c(x));

// --- more JSON and misc -----------------------------------------------------------------------
export const get_json_object = (x: ColumnOrName, path: string): Column => call("get_json_object", c(x), literalExpr(path));
export const schema_of_json = (json: string | Column): Column => call("schema_of_json", s(json));
export const typeof_ = (x: ColumnOrName): Column => call("typeof", c(x));
export { typeof_ as typeof };
export const nvl = (a: ColumnOrName, b: ColumnOrName): Column => call("nvl", c(a), c(b));
export const ifnull = (a: ColumnOrName, b: ColumnOrName): Column => call("ifnull", c(a), c(b));
export const nullif = (a: ColumnOrName, b: ColumnOrName): Column => call("nullif", c(a), c(b));
export const nvl2 = (a: ColumnOrName, b: ColumnOrName, d: ColumnOrName): Column => call("nvl2", c(a), c(b), c(d));
export const greatest = (...cols: ColumnOrName[]): Column => call("greatest", ...cols.map(c));
export const least = (...cols: ColumnOrName[]): Column => call("least", ...cols.map(c));
export const pow = (a: ColumnOrName | number, b: ColumnOrName | number): Column => call("pow", toExpr(typeof a === "string" ? col(a) : a), toExpr(typeof b === "string" ? col(b) : b));
export const power = pow;
export const log = (a: ColumnOrName | number, b?: ColumnOrName): Column =>
  b === undefined ? call("ln", c(a as ColumnOrName)) : call("log", toExpr(a), c(b));
export const signum = (x: ColumnOrName): Column => call("signum", c(x));
export const pmod = (a: ColumnOrName | number, b: ColumnOrName | number): Column => call("pmod", toExpr(typeof a === "string" ? col(a) : a), toExpr(typeof b === "string" ? col(b) : b));
export const bround = (x: ColumnOrName, scale = 0): Column => call("bround", c(x), literalExpr(scale));
export const factorial = (x: ColumnOrName): Column => call("factorial", c(x));
export const negative = (x: ColumnOrName): Column => call("negative", c(x));
