/**
 * What one SQL function is, defined once: its name, its typing (Spark's checkInputDataTypes,
 * dataType, nullable and column name: `type` gives the resolved node) and its evaluation (`eval`
 * compiles that node), as Spark's Expression or DataFusion's ScalarUDFImpl keep them together.
 * Its PySpark builder (`functions.asin`) is exported by the same family file. A resolved call
 * names its function by `op`, the definition's name.
 */
import type { InternalRow } from "../connector-api/source";
import { Resolved } from "../plan/resolved";
import { DataType } from "../types/data-types";

export type Evaluator = (row: InternalRow) => unknown;
type ResolvedCall = Resolved & { kind: "fn" };

/** What analysis lends a typer: Spark's type coercion (it lives with the analyzer). */
interface TypingContext {
  /** The wider of two types (Spark's findWiderTypeForTwo), undefined when there is none. */
  widerType(a: DataType, b: DataType): DataType | undefined;
}

export interface ScalarFunctionDef<Name extends string = string> {
  readonly name: Name;
  /** The resolved call of `args` (already resolved); `called` is the name as written. */
  type(args: Resolved[], called: string, ctx: TypingContext): ResolvedCall;
  /** The closure computing the call from its arguments' closures. */
  eval(call: ResolvedCall, args: Evaluator[]): Evaluator;
}

/** NULL when any argument is NULL (most of Spark's functions), else `f` of the values. */
export const nullStrict = (args: Evaluator[], f: (...xs: any[]) => unknown): Evaluator => (row) => {
  const xs: unknown[] = new Array(args.length);
  for (let i = 0; i < args.length; i++) {
    const v = args[i](row);
    if (v === null) return null;
    xs[i] = v;
  }
  return f(...xs);
};
