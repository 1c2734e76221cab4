/**
 * pyspark.sql.functions, transcribed. Each builds an unresolved expression; names, argument
 * order and defaults follow PySpark so the workshop's code reads the same.
 */
import { PySparkTypeError } from "../errors";
import { DataType, STRING, StructTypeClass } from "../types/data-types";
import { Column, ColumnOrName, ColumnOrValue, literalExpr, toColumnExpr, toExpr } from "./column";
import { Expr } from "./expression";
import { parseExpression } from "./sql-parser";

const call = (name: string, ...args: Expr[]): Column => new Column({ kind: "call", name, args });

/** Python's type name of a JS value, for PySpark's argument errors. */
function pyType(v: unknown): string {
  if (v === null || v === undefined) return "NoneType";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
  if (typeof v === "bigint") return "int";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return "list";
  if (typeof v === "object") return v.constructor?.name === "Object" ? "dict" : (v.constructor?.name ?? "object");
  return typeof v;
}

/** A column argument (Column or column name); anything else is PySpark's NOT_COLUMN_OR_STR. */
const c = (x: ColumnOrName): Expr => {
  if (!(x instanceof Column) && typeof x !== "string")
    throw new PySparkTypeError(`Argument \`col\` should be a Column or str, got ${pyType(x)}.`, "NOT_COLUMN_OR_STR");
  return toColumnExpr(x);
};

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
export const regexp_replace = (x: ColumnOrName, pattern: string, replacement: string): Column =>
  call("regexp_replace", c(x), literalExpr(pattern), literalExpr(replacement));
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
export const named_struct = (...kv: ColumnOrValue[]): Column => call("named_struct", ...kv.map(toExpr));

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
