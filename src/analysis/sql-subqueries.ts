/**
 * Subqueries of `spark.sql` planned as Spark's RewritePredicateSubquery and decorrelation do:
 * `[NOT] EXISTS` and `[NOT] IN (SELECT …)` become (null-aware) semi and anti joins, scalar
 * subqueries one-row cross joins or, correlated by equalities, aggregates left-joined on their
 * keys. Whether a subquery is correlated is decided by looking its names up (namesResolve).
 */
import { AnalysisException } from "../errors";
import { Expr, mapChildren } from "../expr/expression";
import { QueryAst } from "../expr/sql-statement";
import { LogicalPlan } from "../plan/logical-plan";
import { LONG } from "../types/data-types";
import { exprHasAggregate, namesResolve } from "./expression-resolver";
import { aggregate, filter, join, qualify, scopeOf } from "./plan-builders";
import { columnsOf, conjuncts, containsSubquery, describeChild, keepFirst, nextHidden, unwrapInnerAliases } from "./sql-helpers";
import type { Ctes, SqlPlanner } from "./sql-planner";
import { select } from "./windows";

interface Correlation {
  /** The subquery's FROM. */
  inner: LogicalPlan;
  /** The conjuncts of its WHERE that read the subquery alone. */
  local: Expr[];
  /** The equalities `inner = outer` that correlate it. */
  pairs: Array<[Expr, Expr]>;
  /** The outer columns' names (Spark's `scalarsubquery(k)`). */
  outerNames: string[];
}

const and = (a: Expr, b: Expr): Expr => ({ kind: "binary", op: "AND", left: a, right: b });

export class SubqueryPlanner {
  constructor(private readonly planner: SqlPlanner) {}

  where(input: LogicalPlan, where: Expr, ctes: Ctes): LogicalPlan {
    let plan = input;
    const plain: Expr[] = [];
    for (const c of conjuncts(where)) {
      const negated = c.kind === "unary" && c.op === "NOT" && c.child.kind === "subquery" && c.child.mode !== "scalar";
      const sub = negated ? (c as Expr & { kind: "unary" }).child : c;
      if (sub.kind === "subquery" && sub.mode !== "scalar") plan = this.semiJoin(plan, sub, negated, ctes);
      else plain.push(c);
    }
    if (!plain.length) return plan;
    const width = plan.schema.fields.length;
    const joined = this.scalarSubqueries(plan, [plain.reduce(and)], ctes);
    const out = filter(joined.plan, joined.exprs[0]);
    return joined.plan !== plan ? keepFirst(out, width) : out;
  }

  /** `[NOT] EXISTS (…)` and `x [NOT] IN (SELECT …)` as a (null-aware) semi or anti join. */
  private semiJoin(outer: LogicalPlan, sub: Expr & { kind: "subquery" }, negated: boolean, ctes: Ctes): LogicalPlan {
    const q = sub.query as QueryAst;
    const how = negated ? "left_anti" : "left_semi";
    const alias = `__subquery${nextHidden()}`;
    if (sub.mode === "exists") {
      // A correlated EXISTS: the subquery's FROM joined on its WHERE, which may name outer columns.
      if (q.kind === "select" && q.from && !q.groupBy && !q.having && !q.items.some(exprHasAggregate))
        return join(outer, this.planner.relation(q.from, ctes), q.where, how);
      return join(outer, this.planner.query(q, ctes), undefined, how);
    }
    const width = outer.schema.fields.length;
    if (!negated && q.kind === "select" && q.from && q.where && !q.groupBy && !q.having && q.items.length === 1 && !q.items.some(exprHasAggregate) && this.correlation(q, outer, ctes, false)) {
      // A correlated IN: a semi join on `value = item` and the subquery's WHERE (naming outer columns).
      const value = `__in_value${nextHidden()}`, item = `__in_item${nextHidden()}`;
      const withValue = select(outer, [{ kind: "star" }, { kind: "alias", child: sub.child!, name: value }]);
      const inner = select(this.planner.relation(q.from, ctes), [{ kind: "star" }, { kind: "alias", child: q.items[0].kind === "alias" ? q.items[0].child : q.items[0], name: item }]);
      const cond = and({ kind: "binary", op: "=", left: { kind: "attr", parts: [value] }, right: { kind: "attr", parts: [item] } }, q.where);
      return keepFirst(join(withValue, inner, cond, how), width);
    }
    const inner = qualify(this.planner.query(q, ctes), alias);
    const innerNames = columnsOf(inner);
    if (innerNames.length !== 1)
      throw new AnalysisException(
        `Cannot resolve "(${describeChild(sub.child!)} IN (listquery()))" due to data type mismatch: The number of columns in the left hand side of an IN subquery does not match the number of columns in the output of subquery. Left hand side columns(length: 1): [${describeChild(sub.child!)}], right hand side columns(length: ${innerNames.length}): [${innerNames.map((c) => "`" + c + "`").join(", ")}].`,
        "DATATYPE_MISMATCH.IN_SUBQUERY_LENGTH_MISMATCH",
      );
    // The IN value is resolved against the outer query alone (a hidden column), then compared.
    const value = `__in_value${nextHidden()}`;
    const withValue = select(outer, [{ kind: "star" }, { kind: "alias", child: sub.child!, name: value }]);
    const eq: Expr = { kind: "binary", op: "=", left: { kind: "attr", parts: [value] }, right: { kind: "attr", parts: [alias, innerNames[0]] } };
    // NOT IN is null-aware: a NULL on either side makes the comparison unknown, and the row goes.
    const cond: Expr = negated ? { kind: "binary", op: "OR", left: eq, right: { kind: "unary", op: "IS NULL", child: eq } } : eq;
    return keepFirst(join(withValue, inner, cond, how), width);
  }

  /**
   * A correlated subquery's FROM and its WHERE split (Spark's decorrelation). Undefined when the
   * subquery is not correlated: its WHERE names only columns of its own FROM (it plans on its own).
   */
  private correlation(q: QueryAst, outer: LogicalPlan, ctes: Ctes, equalitiesOnly = true): Correlation | undefined {
    if (q.kind !== "select" || !q.from || !q.where) return undefined;
    const ownScope = scopeOf(this.planner.fromClause(q, ctes));
    if (namesResolve(ownScope, q.where)) return undefined;
    const inner = this.planner.relation(q.from, ctes);
    const innerScope = scopeOf(inner), outerScope = scopeOf(outer);
    const local: Expr[] = [], pairs: Array<[Expr, Expr]> = [], outerNames: string[] = [];
    const outerName = (x: Expr): string => select(outer, [x]).schema.fields[0].name;
    for (const c of conjuncts(q.where)) {
      if (namesResolve(innerScope, c)) { local.push(c); continue; }
      if (c.kind === "binary" && c.op === "=") {
        if (namesResolve(innerScope, c.left) && namesResolve(outerScope, c.right)) { pairs.push([c.left, c.right]); outerNames.push(outerName(c.right)); continue; }
        if (namesResolve(innerScope, c.right) && namesResolve(outerScope, c.left)) { pairs.push([c.right, c.left]); outerNames.push(outerName(c.left)); continue; }
      }
      // Spark decorrelates other predicates too; Iskra not yet (an honest error, not Spark's text).
      if (equalitiesOnly)
        throw new AnalysisException(`Iskra cannot decorrelate a scalar subquery correlated by anything but equalities yet: ${describeChild(c)}.`);
    }
    return { inner, local, pairs, outerNames };
  }

  /**
   * A correlated scalar subquery `(SELECT agg FROM t WHERE t.k = outer.k …)`, as Spark rewrites
   * it: the aggregate grouped by the correlated keys, left-joined to the outer rows; a count
   * over no rows is 0 (Spark's count-bug rewrite), other aggregates NULL.
   */
  private correlatedScalar(outer: LogicalPlan, e: Expr & { kind: "subquery" }, c: Correlation): { plan: LogicalPlan; value: Expr; name: string } {
    const q = e.query as QueryAst & { kind: "select" };
    const at = e.pos === undefined ? "" : `; line 1 pos ${e.pos}`;
    if (q.items.length !== 1 || !exprHasAggregate(q.items[0]) || q.groupBy)
      throw new AnalysisException(`Unsupported subquery expression: Correlated scalar subqueries must be aggregated to return at most one row.${at}`, "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.MUST_AGGREGATE_CORRELATED_SCALAR_SUBQUERY");
    const alias = `__scalar${nextHidden()}`;
    let inner = c.inner;
    if (c.local.length) inner = filter(inner, c.local.reduce(and));
    const keys: Expr[] = c.pairs.map(([i], k) => ({ kind: "alias", child: i, name: `__k${k}` }));
    const item = q.items[0].kind === "alias" ? q.items[0].child : q.items[0];
    const grouped = aggregate(inner, keys, [{ kind: "alias", child: item, name: "__v" }]);
    const on = c.pairs.map(([, o], k): Expr => ({ kind: "binary", op: "=", left: o, right: { kind: "attr", parts: [alias, `__k${k}`] } })).reduce(and);
    const joined = join(outer, qualify(grouped, alias), on, "left");
    const v: Expr = { kind: "attr", parts: [alias, "__v"] };
    const isCount = item.kind === "call" && item.name.toLowerCase() === "count";
    const value: Expr = isCount ? { kind: "call", name: "coalesce", args: [v, { kind: "literal", value: 0, dataType: LONG }] } : v;
    return { plan: joined, value, name: `scalarsubquery(${c.outerNames.join(", ")})` };
  }

  /** Scalar subqueries: each joined as a one-row relation (or, correlated, grouped and left-joined), the expression then names its column. */
  scalarSubqueries(input: LogicalPlan, exprs: Expr[], ctes: Ctes): { plan: LogicalPlan; exprs: Expr[] } {
    let out = input;
    const rewrite = (e: Expr): Expr => {
      if (e.kind === "subquery" && e.mode === "scalar") {
        const corr = this.correlation(e.query as QueryAst, out, ctes);
        if (corr) {
          const r = this.correlatedScalar(out, e, corr);
          out = r.plan;
          return { kind: "alias", child: r.value, name: r.name };
        }
        const alias = `__scalar${nextHidden()}`;
        const sub = qualify(this.planner.query(e.query as QueryAst, ctes), alias);
        const names = columnsOf(sub);
        if (names.length !== 1)
          throw new AnalysisException(
            `Scalar subquery must return only one column, but got ${names.length}.`,
            "INVALID_SUBQUERY_EXPRESSION.SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN",
          );
        out = join(out, sub, undefined, "cross");
        return { kind: "alias", child: { kind: "attr", parts: [alias, names[0]] }, name: "scalarsubquery()" };
      }
      return mapChildren(e, rewrite);
    };
    const rewritten = exprs.map((e) => (containsSubquery(e) ? rewrite(e) : e));
    return { plan: out, exprs: rewritten.map(unwrapInnerAliases) };
  }
}
