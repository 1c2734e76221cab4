/**
 * Higher-order functions (transform, filter, aggregate, exists, forall, zip_with, map_filter,
 * transform_keys, transform_values, array_sort with a comparator): the argument types first,
 * then each lambda bound to the variable types the function gives it (Spark's
 * ResolveLambdaVariables), with Spark's default names and errors.
 *
 * A bound lambda is `fn` op "lambda" (args: [body], params.ids: its variables); a variable is
 * `fn` op "lambdaVar" (params.id). execution/higher-order.ts evaluates them.
 */
import { AnalysisException } from "../errors";
import { Expr } from "../expr/expression";
import { ArrayTypeClass, BOOLEAN, DataType, INTEGER, MapTypeClass, NULL } from "../types/data-types";
import { Resolved } from "../plan/resolved";
import { fnSql, mismatch } from "../functions/typing";

type R = Resolved;

/** How a function resolves its arguments: plain ones, and lambdas given their variables' types. */
export interface LambdaResolver {
  resolve(e: Expr): R;
  /**
   * Binds `lambda` to variables of these types; the body resolved with them in scope. With
   * `showNames` the variables print by name (the text Spark shows for a lambda not yet bound).
   */
  bind(lambda: Expr & { kind: "lambda" }, vars: Array<{ dataType: DataType; nullable: boolean }>, showNames?: boolean): R;
}

/** A variable as a lambda body sees it: Spark shows a bound one as `namedlambdavariable()`. */
export const LAMBDA_VAR_SQL = "namedlambdavariable()";

let nextLambdaId = 0;
export const newLambdaVarId = (): number => nextLambdaId++;

type Typer = (args: Expr[], name: string, r: LambdaResolver, pos?: number) => R;

const origin = (pos?: number): string => (pos === undefined ? "" : `; line 1 pos ${pos}`);

function wrongArgs(name: string, n: number, expected: string, pos?: number): AnalysisException {
  return new AnalysisException(
    `The \`${name}\` requires ${expected} parameters but the actual number is ${n}. Please, refer to 'https://spark.apache.org/docs/latest/sql-ref-functions.html' for a fix.${origin(pos)}`,
    "WRONG_NUM_ARGS.WITHOUT_SUGGESTION",
  );
}

/** The SQL text of a lambda before it is bound: its variables by name (`lambdafunction((x + 1), x)`). */
function unboundSql(e: Expr, r: LambdaResolver): string {
  if (e.kind !== "lambda") return r.resolve(e).sql;
  try {
    const vars = e.params.map(() => ({ dataType: NULL, nullable: true }));
    return r.bind(e, vars, true).sql;
  } catch {
    return `lambdafunction(${e.params.join(", ")})`;
  }
}

/** Resolves the non-lambda arguments; a lambda stays for `bind`. */
function prepare(args: Expr[], r: LambdaResolver): Array<R | (Expr & { kind: "lambda" })> {
  return args.map((a) => (a.kind === "lambda" ? a : r.resolve(a)));
}

const isLambda = (a: unknown): a is Expr & { kind: "lambda" } => (a as Expr).kind === "lambda";

/** The call's SQL text with unbound lambdas (for errors raised before binding). */
function unboundCall(name: string, args: Array<R | (Expr & { kind: "lambda" })>, r: LambdaResolver): string {
  return `${name}(${args.map((a) => (isLambda(a) ? unboundSql(a, r) : a.sql)).join(", ")})`;
}

function typeMismatch(call: string, i: number, expected: string, a: { sql: string; dataType: DataType }, pos?: number): AnalysisException {
  const e = mismatch(call, `Parameter ${i + 1} requires the ${expected} type, however "${a.sql}" has the type "${a.dataType.sql()}"`);
  e.message += origin(pos);
  return e;
}

/** The lambda argument at `i`, bound; a non-lambda there is used as is (Spark accepts any function expression). */
function bindAt(args: Array<R | (Expr & { kind: "lambda" })>, i: number, r: LambdaResolver, vars: Array<{ dataType: DataType; nullable: boolean }>, name: string): R {
  const a = args[i];
  if (isLambda(a)) return r.bind(a, vars);
  throw new AnalysisException(`A lambda function should only be used in a higher order function. However, its class is ${name}, which is not a higher order function.`, "INVALID_LAMBDA_FUNCTION_CALL.NON_HIGHER_ORDER_FUNCTION");
}

function arrayOf(args: Array<R | (Expr & { kind: "lambda" })>, i: number, name: string, r: LambdaResolver, pos?: number): ArrayTypeClass {
  const a = args[i];
  if (!isLambda(a) && a.dataType instanceof ArrayTypeClass) return a.dataType;
  if (!isLambda(a) && a.dataType === NULL) return new ArrayTypeClass(NULL, true);
  throw typeMismatch(unboundCall(name, args, r), i, '"ARRAY"', isLambda(a) ? { sql: unboundSql(a, r), dataType: NULL } : a, pos);
}

function mapOf(args: Array<R | (Expr & { kind: "lambda" })>, name: string, r: LambdaResolver, pos?: number): MapTypeClass {
  const a = args[0];
  if (!isLambda(a) && a.dataType instanceof MapTypeClass) return a.dataType;
  throw typeMismatch(unboundCall(name, args, r), 0, '"MAP"', isLambda(a) ? { sql: unboundSql(a, r), dataType: NULL } : a, pos);
}

const hofSql = (name: string, args: R[]): string => fnSql(name, args);
const fn = (op: string, args: R[], dataType: DataType, nullable: boolean, sql: string): R => ({ kind: "fn", op, args, dataType, nullable, sql });

/** Spark's identity finish of aggregate without one: `lambdafunction(namedlambdavariable(), namedlambdavariable())`. */
function identityLambda(acc: { dataType: DataType; nullable: boolean }): R {
  const id = newLambdaVarId();
  const v: R = { kind: "fn", op: "lambdaVar", args: [], params: { id }, dataType: acc.dataType, nullable: acc.nullable, sql: LAMBDA_VAR_SQL };
  return { kind: "fn", op: "lambda", args: [v], params: { ids: [id] }, dataType: acc.dataType, nullable: acc.nullable, sql: `lambdafunction(${LAMBDA_VAR_SQL}, ${LAMBDA_VAR_SQL})` };
}

/** A bound lambda's result must have `expected` type (filter's BOOLEAN …), else Spark's mismatch (no position: the node was rebuilt). */
function requireResult(call: string, i: number, lambda: R, expected: DataType): void {
  if (lambda.dataType.equals(expected) || lambda.dataType === NULL) return;
  throw mismatch(call, `Parameter ${i + 1} requires the "${expected.sql()}" type, however "${lambda.sql}" has the type "${lambda.dataType.sql()}"`);
}

const arity = (name: string, args: Expr[], min: number, max: number, pos?: number): void => {
  if (args.length < min || args.length > max) throw wrongArgs(name, args.length, min === max ? `${min}` : `[${min}, ${max}]`, pos);
};

/**
 * A function of one array and a lambda of its element: transform and filter (a 2-argument
 * lambda also gets the index), exists and forall (predicates, three-valued).
 */
function arrayLambda(op: "transform" | "filter" | "exists" | "forall"): Typer {
  return (raw, name, r, pos) => {
    arity(name, raw, 2, 2, pos);
    const args = prepare(raw, r);
    const at = arrayOf(args, 0, name, r, pos);
    const arr = args[0] as R;
    const lam = args[1];
    const vars = [{ dataType: at.elementType, nullable: at.containsNull }];
    if ((op === "transform" || op === "filter") && isLambda(lam) && lam.params.length === 2) vars.push({ dataType: INTEGER, nullable: false });
    const f = bindAt(args, 1, r, vars, name);
    const sql = hofSql(name, [arr, f]);
    if (op === "transform") return fn(op, [arr, f], new ArrayTypeClass(f.dataType, f.nullable), arr.nullable, sql);
    requireResult(sql, 1, f, BOOLEAN);
    if (op === "filter") return fn(op, [arr, f], at, arr.nullable, sql);
    return fn(op, [arr, f], BOOLEAN, arr.nullable || f.nullable, sql);
  };
}

const aggregateTyper: Typer = (raw, name, r, pos) => {
  arity(name, raw, 3, 4, pos);
  const args = prepare(raw, r);
  const at = arrayOf(args, 0, name, r, pos);
  const arr = args[0] as R;
  const zero = args[1] as R;
  const acc = { dataType: zero.dataType, nullable: true };
  const merge = bindAt(args, 2, r, [acc, { dataType: at.elementType, nullable: at.containsNull }], name);
  const finish = args[3] ? bindAt(args, 3, r, [acc], name) : identityLambda(acc);
  const sql = hofSql(name, [arr, zero, merge, finish]);
  if (!merge.dataType.equals(zero.dataType)) requireResult(sql, 2, merge, zero.dataType);
  return fn("aggregate", [arr, zero, merge, finish], finish.dataType, arr.nullable || finish.nullable, sql);
};

const zipWith: Typer = (raw, name, r, pos) => {
  arity(name, raw, 3, 3, pos);
  const args = prepare(raw, r);
  const lt = arrayOf(args, 0, name, r, pos), rt = arrayOf(args, 1, name, r, pos);
  const f = bindAt(args, 2, r, [{ dataType: lt.elementType, nullable: true }, { dataType: rt.elementType, nullable: true }], name);
  const [a, b] = args as R[];
  return fn("zip_with", [a, b, f], new ArrayTypeClass(f.dataType, f.nullable), a.nullable || b.nullable, hofSql(name, [a, b, f]));
};

function mapLambda(op: "map_filter" | "transform_keys" | "transform_values"): Typer {
  return (raw, name, r, pos) => {
    arity(name, raw, 2, 2, pos);
    const args = prepare(raw, r);
    const mt = mapOf(args, name, r, pos);
    const m = args[0] as R;
    const f = bindAt(args, 1, r, [{ dataType: mt.keyType, nullable: false }, { dataType: mt.valueType, nullable: mt.valueContainsNull }], name);
    const sql = hofSql(name, [m, f]);
    if (op === "map_filter") {
      requireResult(sql, 1, f, BOOLEAN);
      return fn(op, [m, f], mt, m.nullable, sql);
    }
    const t = op === "transform_keys" ? new MapTypeClass(f.dataType, mt.valueType, mt.valueContainsNull) : new MapTypeClass(mt.keyType, f.dataType, f.nullable);
    return fn(op, [m, f], t, m.nullable, sql);
  };
}

/** array_sort(arr, (l, r) -> int): sorted by the comparator (a stable merge sort, as Java's TimSort is). */
const arraySortCmp: Typer = (raw, name, r, pos) => {
  const args = prepare(raw, r);
  const at = arrayOf(args, 0, name, r, pos);
  const arr = args[0] as R;
  const el = { dataType: at.elementType, nullable: at.containsNull };
  const f = bindAt(args, 1, r, [el, el], name);
  const sql = hofSql(name, [arr, f]);
  requireResult(sql, 1, f, INTEGER);
  return fn("array_sort_cmp", [arr, f], at, arr.nullable, sql);
};

/** The higher-order functions; `array_sort` is one only when given a lambda. */
export const HIGHER_ORDER: Record<string, Typer> = {
  transform: arrayLambda("transform"),
  filter: arrayLambda("filter"),
  exists: arrayLambda("exists"),
  forall: arrayLambda("forall"),
  aggregate: aggregateTyper,
  reduce: aggregateTyper,
  zip_with: zipWith,
  map_filter: mapLambda("map_filter"),
  transform_keys: mapLambda("transform_keys"),
  transform_values: mapLambda("transform_values"),
  array_sort: arraySortCmp,
};

/** True when `args` call for the higher-order form of `name`. */
export function isHigherOrderCall(name: string, args: Expr[]): boolean {
  if (!HIGHER_ORDER[name]) return false;
  return name !== "array_sort" || args.some((a) => a.kind === "lambda");
}

/**
 * Checks a lambda's parameter list against the variables a function gives it: Spark's
 * INVALID_LAMBDA_FUNCTION_CALL errors (at the lambda's position in SQL text).
 */
export function checkLambdaParams(params: string[], given: number, pos?: number): void {
  if (params.length !== given)
    throw new AnalysisException(
      `Invalid lambda function call. A higher order function expects ${params.length} arguments, but got ${given}.${origin(pos)}`,
      "INVALID_LAMBDA_FUNCTION_CALL.NUM_ARGS_MISMATCH",
    );
  const lower = params.map((p) => p.toLowerCase());
  if (new Set(lower).size !== lower.length)
    throw new AnalysisException(
      `Invalid lambda function call. The lambda function has duplicate arguments ${params.map((p) => "`" + p + "`").join(", ")}. Please, consider to rename the argument names or set "spark.sql.caseSensitive" to "true".${origin(pos)}`,
      "INVALID_LAMBDA_FUNCTION_CALL.DUPLICATE_ARG_NAMES",
    );
}

