/**
 * pyspark.sql.functions' higher-order functions: their lambdas are TypeScript arrow functions
 * of Columns, `transform("xs", (x) => x.plus(1))`, called once to build the body, as PySpark
 * calls the Python function.
 */
import { PySparkTypeError, PySparkValueError } from "../errors";
import { Column, ColumnOrName, ColumnOrValue, toColumnExpr, toExpr } from "./column";
import { Expr } from "./expression";

/** Spark's UnresolvedNamedLambdaVariable.freshVarName counter: `x_0`, `y_1`, … for the whole process. */
let nextVarNameId = 0;

const NAMES = ["x", "y", "z"];

/**
 * The lambda of `fn` as PySpark's _create_lambda makes it: one fresh variable per declared
 * parameter (1 to 3), the function called with them, its result a Column.
 */
export function lambdaOf(fn: (...args: Column[]) => Column, funcName: string, params = fn.length): Expr {
  if (typeof fn !== "function")
    throw new PySparkTypeError(`Argument \`f\` should be a function, got ${typeof fn}.`, "NOT_CALLABLE");
  if (params < 1 || params > 3)
    throw new PySparkValueError(`Function \`${fn.name || "<lambda>"}\` should take between 1 and 3 arguments, but provided function takes ${params}.`, "WRONG_NUM_ARGS_FOR_HIGHER_ORDER_FUNCTION");
  const names = NAMES.slice(0, params).map((n) => `${n}_${nextVarNameId++}`);
  const result = fn(...names.map((name) => new Column({ kind: "lambdaVar", name })));
  if (!(result instanceof Column))
    throw new PySparkValueError(`Function \`${funcName}\` should return Column, got ${result === null ? "NoneType" : typeof result}.`, "HIGHER_ORDER_FUNCTION_SHOULD_RETURN_COLUMN");
  return { kind: "lambda", params: names, body: result.expr };
}

type Fn1 = (x: Column) => Column;
type Fn2 = (x: Column, y: Column) => Column;
/** A lambda of the element, or of the element and its index (its declared parameters decide, as in PySpark). */
type Fn12 = (x: Column, i: Column) => Column;

const hof = (name: string, args: Expr[]): Column => new Column({ kind: "call", name, args });

/** Each element through `f(x)` or `f(x, i)` (i: its index). */
export const transform = (col: ColumnOrName, f: Fn12): Column => hof("transform", [toColumnExpr(col), lambdaOf(f, "transform")]);
/** The elements for which `f(x)` (or `f(x, i)`) is true. */
export const filter = (col: ColumnOrName, f: Fn12): Column => hof("filter", [toColumnExpr(col), lambdaOf(f, "filter")]);
export const exists = (col: ColumnOrName, f: Fn1): Column => hof("exists", [toColumnExpr(col), lambdaOf(f, "exists")]);
export const forall = (col: ColumnOrName, f: Fn1): Column => hof("forall", [toColumnExpr(col), lambdaOf(f, "forall")]);
/** Folds the array from `initialValue` with `merge(acc, x)`, then applies `finish(acc)` when given. */
export const aggregate = (col: ColumnOrName, initialValue: ColumnOrValue, merge: Fn2, finish?: Fn1): Column =>
  hof("aggregate", [toColumnExpr(col), toExpr(initialValue), lambdaOf(merge, "aggregate"), ...(finish ? [lambdaOf(finish, "aggregate")] : [])]);
export const reduce = (col: ColumnOrName, initialValue: ColumnOrValue, merge: Fn2, finish?: Fn1): Column =>
  hof("reduce", [toColumnExpr(col), toExpr(initialValue), lambdaOf(merge, "reduce"), ...(finish ? [lambdaOf(finish, "reduce")] : [])]);
/** Pairs the elements of two arrays (the shorter padded with nulls) through `f(x, y)`. */
export const zip_with = (left: ColumnOrName, right: ColumnOrName, f: Fn2): Column =>
  hof("zip_with", [toColumnExpr(left), toColumnExpr(right), lambdaOf(f, "zip_with")]);
export const map_filter = (col: ColumnOrName, f: Fn2): Column => hof("map_filter", [toColumnExpr(col), lambdaOf(f, "map_filter")]);
export const transform_keys = (col: ColumnOrName, f: Fn2): Column => hof("transform_keys", [toColumnExpr(col), lambdaOf(f, "transform_keys")]);
export const transform_values = (col: ColumnOrName, f: Fn2): Column => hof("transform_values", [toColumnExpr(col), lambdaOf(f, "transform_values")]);
/** Sorted ascending, nulls last; with a comparator `(l, r) => negative | 0 | positive` sorted by it. */
export const array_sort = (col: ColumnOrName, comparator?: Fn2): Column =>
  hof("array_sort", comparator ? [toColumnExpr(col), lambdaOf(comparator, "array_sort")] : [toColumnExpr(col)]);
