/**
 * pyspark.sql.functions' map functions, json_tuple and window_time. As in PySpark, a string
 * argument is a column name (`str_to_map("kv", lit(","), lit(":"))`).
 */
import { Column, ColumnOrName, ColumnOrValue, literalExpr, toColumnExpr, toExpr } from "./column";
import { Expr } from "./expression";

const call = (name: string, args: Expr[]): Column => new Column({ kind: "call", name, args });
const cols = (xs: Array<ColumnOrName | ColumnOrName[]>): Expr[] =>
  (xs.length === 1 && Array.isArray(xs[0]) ? (xs[0] as ColumnOrName[]) : (xs as ColumnOrName[])).map(toColumnExpr);

/** A map from key/value column pairs: `create_map(lit("a"), "id")` (also one list of columns). */
export const create_map = (...keyValues: Array<ColumnOrName | ColumnOrName[]>): Column => call("create_map", cols(keyValues));
export const map_keys = (col: ColumnOrName): Column => call("map_keys", [toColumnExpr(col)]);
export const map_values = (col: ColumnOrName): Column => call("map_values", [toColumnExpr(col)]);
/** The entries as an array of struct<key, value>. */
export const map_entries = (col: ColumnOrName): Column => call("map_entries", [toColumnExpr(col)]);
export const map_from_arrays = (keys: ColumnOrName, values: ColumnOrName): Column => call("map_from_arrays", [toColumnExpr(keys), toColumnExpr(values)]);
export const map_from_entries = (col: ColumnOrName): Column => call("map_from_entries", [toColumnExpr(col)]);
export const map_concat = (...maps: Array<ColumnOrName | ColumnOrName[]>): Column => call("map_concat", cols(maps));
export const map_contains_key = (col: ColumnOrName, value: ColumnOrValue): Column => call("map_contains_key", [toColumnExpr(col), toExpr(value)]);
/** Splits `text` into pairs by `pairDelim` (default ",") and each pair by `keyValueDelim` (default ":"). */
export const str_to_map = (text: ColumnOrName, pairDelim?: ColumnOrName, keyValueDelim?: ColumnOrName): Column =>
  call("str_to_map", [toColumnExpr(text), pairDelim === undefined ? literalExpr(",") : toColumnExpr(pairDelim), keyValueDelim === undefined ? literalExpr(":") : toColumnExpr(keyValueDelim)]);
/** A generator: one string column per field (c0, c1, …; `.alias("a", "b")` names them). */
export const json_tuple = (col: ColumnOrName, ...fields: string[]): Column => call("json_tuple", [toColumnExpr(col), ...fields.map(literalExpr)]);
/** The event time of a time window column: its end minus one microsecond. */
export const window_time = (windowColumn: ColumnOrName): Column => call("window_time", [toColumnExpr(windowColumn)]);
