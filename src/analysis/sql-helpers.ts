/**
 * Small pieces of SQL planning: positions in the statement text (Spark's `; line L pos P`
 * origins), hidden column names, select-list aliases and WINDOW clause references.
 */
import { AnalysisException } from "../errors";
import { Expr, WindowSpecExpr, mapChildren } from "../expr/expression";
import { LogicalPlan } from "../plan/logical-plan";
import { columnRefs, projectResolved, scopeOf } from "./plan-builders";

let hidden = 0;
/** A fresh number for the hidden columns (`__order3`) planning adds and drops again. */
export const nextHidden = (): number => hidden++;

export const columnsOf = (plan: LogicalPlan): string[] => plan.schema.fields.map((f) => f.name);

/** Spark's origin of an analysis error in SQL text: `; line L pos P` after the message. */
export function atPos<E extends Error>(text: string, pos: number | undefined, e: E): E {
  if (pos === undefined || / line \d+ pos \d+;?$/.test(e.message.split("\n")[0])) return e;
  // Legacy errors (no error class) carry no origin.
  if (e instanceof AnalysisException && (!e.errorClass || e.errorClass.startsWith("_LEGACY"))) return e;
  const l = lineAndPos(text, pos);
  e.message += `; line ${l.line} pos ${l.pos}`;
  return e;
}

/** Runs `f`; an analysis error without a position gets the position of the query it comes from. */
export function at<T>(text: string, pos: number, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof AnalysisException) throw atPos(text, pos, e);
    throw e;
  }
}

export function stripAlias(e: Expr): Expr {
  return e.kind === "alias" ? e.child : e;
}

export function itemName(e: Expr): string {
  if (e.kind === "alias") return e.name.toLowerCase();
  if (e.kind === "attr") return e.parts[e.parts.length - 1].toLowerCase();
  return "";
}

export function conjuncts(e: Expr): Expr[] {
  return e.kind === "binary" && e.op === "AND" ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

export function lineAndPos(text: string, pos: number): { line: number; pos: number } {
  const before = text.slice(0, pos);
  return { line: before.split("\n").length, pos: pos - (before.lastIndexOf("\n") + 1) };
}

export function describeChild(e: Expr): string {
  return e.kind === "attr" ? e.parts.join(".") : "value";
}

export function containsSubquery(e: Expr): boolean {
  let found = false;
  const visit = (x: Expr): Expr => { if (x.kind === "subquery") found = true; else mapChildren(x, visit); return x; };
  visit(e);
  return found;
}

/** A scalar subquery's alias only names a top-level item; inside an expression the column is used directly. */
export function unwrapInnerAliases(e: Expr): Expr {
  const inner = (x: Expr): Expr => (x.kind === "alias" && x.name === "scalarsubquery()" ? x.child : mapChildren(x, inner));
  return e.kind === "alias" && e.name === "scalarsubquery()" ? e : mapChildren(e, inner);
}

/** Replaces select-list aliases (not input columns) by their definitions. */
export function substituteAliases(e: Expr, aliases: Map<string, Expr>, input: LogicalPlan): Expr {
  const scope = scopeOf(input);
  const visit = (x: Expr): Expr => {
    if (x.kind === "attr" && x.parts.length === 1 && scope.lookup(x.parts[0]).length === 0 && aliases.has(x.parts[0].toLowerCase()))
      return aliases.get(x.parts[0].toLowerCase())!;
    return mapChildren(x, visit);
  };
  return visit(e);
}

/** `OVER w`: the window named in the query's WINDOW clause. */
export function resolveWindowRefs(e: Expr, windows: Record<string, WindowSpecExpr>): Expr {
  const visit = (x: Expr): Expr => {
    if (x.kind === "window" && x.spec.ref !== undefined) {
      const base = windows[x.spec.ref.toLowerCase()];
      if (!base) throw new AnalysisException(`Window specification ${x.spec.ref} is not defined in the WINDOW clause.`, "MISSING_WINDOW_SPECIFICATION");
      const spec: WindowSpecExpr = {
        partitionBy: x.spec.partitionBy.length ? x.spec.partitionBy : base.partitionBy,
        orderBy: x.spec.orderBy.length ? x.spec.orderBy : base.orderBy,
        frame: x.spec.frame ?? base.frame,
      };
      return { ...x, fn: visit(x.fn), spec };
    }
    return mapChildren(x, visit);
  };
  return visit(e);
}

/** The first `n` columns of a plan (drops the columns a join for a subquery added); qualifiers kept. */
export function keepFirst(plan: LogicalPlan, n: number): LogicalPlan {
  return projectResolved(plan, columnRefs(plan).slice(0, n));
}

