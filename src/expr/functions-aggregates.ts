/**
 * PySpark's statistical, percentile, by-value and boolean aggregate functions (names and argument
 * order as pyspark.sql.functions). Typing: analysis/catalog-aggregates.ts.
 */
import { Column, ColumnOrName, literalExpr, toColumnExpr, toExpr } from "./column";
import { Expr } from "./expression";

const call = (name: string, ...args: Expr[]): Column => new Column({ kind: "call", name, args });
const one = (name: string) => (col: ColumnOrName): Column => call(name, toColumnExpr(col));
const two = (name: string) => (col1: ColumnOrName, col2: ColumnOrName): Column => call(name, toColumnExpr(col1), toColumnExpr(col2));
/** A percentage: a number, a list of them (an array literal), or a Column. */
const percentageExpr = (p: number | number[] | Column): Expr =>
  Array.isArray(p) ? { kind: "call", name: "array", args: p.map((x) => literalExpr(x)) } : toExpr(p);

export const stddev = one("stddev");
export const std = one("std");
export const stddev_samp = one("stddev_samp");
export const stddev_pop = one("stddev_pop");
// PySpark's variance is Scala's functions.variance, which builds var_samp (and is named so).
export const variance = one("var_samp");
export const var_samp = one("var_samp");
export const var_pop = one("var_pop");
export const skewness = one("skewness");
export const kurtosis = one("kurtosis");
export const corr = two("corr");
export const covar_pop = two("covar_pop");
export const covar_samp = two("covar_samp");
export const percentile_approx = (col: ColumnOrName, percentage: number | number[] | Column, accuracy: number | Column = 10000): Column =>
  call("percentile_approx", toColumnExpr(col), percentageExpr(percentage), toExpr(accuracy));
export const approx_percentile = percentile_approx;
export const percentile = (col: ColumnOrName, percentage: number | number[] | Column, frequency: number | Column = 1): Column =>
  call("percentile", toColumnExpr(col), percentageExpr(percentage), toExpr(frequency));
export const median = one("median");
export const mode = one("mode");
export const max_by = two("max_by");
export const min_by = two("min_by");
export const bool_or = one("bool_or");
export const bool_and = one("bool_and");
export const every = one("every");
export const some = one("some");
export const count_if = one("count_if");
export const any_value = (col: ColumnOrName, ignoreNulls?: boolean | Column): Column =>
  ignoreNulls === undefined ? call("any_value", toColumnExpr(col)) : call("any_value", toColumnExpr(col), toExpr(ignoreNulls));
