/**
 * `spark.sql(...)`: the statement parser (expr/sql-statement.ts) gives a syntax tree; this file
 * plans it with the DataFrame API's analyzer, as Spark's AstBuilder + Analyzer would: FROM items
 * (views, CTEs, subqueries, VALUES, range(), joins, LATERAL VIEW) become qualified relations,
 * then WHERE (subqueries become joins), GROUP BY/HAVING, window functions, DISTINCT, set
 * operations, ORDER BY (output columns, ordinals, or input columns the SELECT list dropped),
 * LIMIT/OFFSET.
 */
import { AnalysisException } from "../errors";
import { aggregate, exprHasAggregate, projectResolved, qualify, scopeOf } from "../analysis/analyzer";
import { hasWindow, project as projectWithWindows } from "../analysis/windows";
import { Column } from "../expr/column";
import { Expr, WindowSpecExpr, mapChildren } from "../expr/expression";
import { parseQuery, Cte, LateralView, QueryAst, RelationAst } from "../expr/sql-statement";
import { LogicalPlan } from "../plan/logical-plan";
import { LONG } from "../types/data-types";
import type { DataFrame } from "./dataframe";
import { sqlPivot } from "./pivot";
import { crossGroupingSets } from "../analysis/grouping-sets";
import type { SparkSession } from "./session";

type Ctes = Map<string, DataFrame>;

export function runSql(session: SparkSession, query: string): DataFrame {
  return new SqlPlanner(session, query).query(parseQuery(query), new Map());
}

let hidden = 0;

class SqlPlanner {
  constructor(private readonly session: SparkSession, private readonly text: string) {}

  query(q: QueryAst, ctes: Ctes, orderBy: Expr[] = []): DataFrame {
    switch (q.kind) {
      case "organized": {
        let scope = ctes;
        if (q.ctes.length) {
          scope = new Map(ctes);
          for (const c of q.ctes) scope.set(c.name.toLowerCase(), this.cte(c, scope));
        }
        let df = this.query(q.query, scope, q.orderBy);
        if (q.offset !== undefined) df = offset(df, q.offset);
        if (q.limit !== undefined) df = df.limit(q.limit);
        return df;
      }
      case "select":
        return at(this.text, q.pos, () => this.select(q, ctes, orderBy));
      case "setOp":
        return this.ordered(at(this.text, startOf(q), () => this.setOp(q, ctes)), orderBy);
      case "values":
        return this.ordered(this.values(q.rows, undefined, undefined, q.pos), orderBy);
      case "table":
        return this.ordered(this.table(q.name, q.pos, ctes), orderBy);
      case "createView": {
        let df = this.query(q.query, ctes);
        if (q.columns) df = df.toDF(...q.columns);
        if (this.session.catalog.has(q.name) && !q.replace) {
          if (!q.ifNotExists)
            throw atPos(this.text, q.pos, new AnalysisException(
              `Cannot create the temporary view \`${q.name}\` because it already exists.\nChoose a different name, drop or replace the existing view,  or add the IF NOT EXISTS clause to tolerate pre-existing views.`,
              "TEMP_TABLE_OR_VIEW_ALREADY_EXISTS",
            ));
        } else df.createOrReplaceTempView(q.name);
        return this.session.dataFrame(oneRow(this.session)).limit(0);
      }
      case "dropView":
        if (!this.session.catalog.dropTempView(q.name) && !q.ifExists)
          throw atPos(this.text, q.pos, new AnalysisException(
            `The view \`${q.name}\` cannot be found. Verify the spelling and correctness of the schema and catalog.\nIf you did not qualify the name with a schema, verify the current_schema() output, or qualify the name with the correct schema and catalog.\nTo tolerate the error on drop use DROP VIEW IF EXISTS or DROP TABLE IF EXISTS.`,
            "VIEW_NOT_FOUND",
          ));
        return this.session.dataFrame(oneRow(this.session)).limit(0);
    }
  }

  private cte(c: Cte, ctes: Ctes): DataFrame {
    let df = this.query(c.query, ctes);
    if (c.columns) df = df.toDF(...c.columns);
    return this.session.dataFrame(qualify(df.plan, c.name));
  }

  /** ORDER BY over a finished query: output columns by name or ordinal. */
  private ordered(df: DataFrame, orderBy: Expr[]): DataFrame {
    if (!orderBy.length) return df;
    return df.orderBy(...orderBy.map((o) => new Column(this.ordinal(o, df.columns.map((n) => ({ kind: "attr", parts: [n] }) as Expr)))));
  }

  /** `ORDER BY 2` / `GROUP BY 1`: the n-th select item. */
  private ordinal(o: Expr, items: Expr[], clause = "ORDER BY"): Expr {
    const inner = o.kind === "sortOrder" ? o.child : o;
    if (inner.kind !== "literal" || typeof inner.value !== "number" || !Number.isInteger(inner.value)) return o;
    const n = inner.value;
    if (n < 1 || n > items.length)
      throw atPos(this.text, inner.pos, new AnalysisException(
        `${clause} position ${n} is not in select list (valid range is [1, ${items.length}]).`,
        clause === "ORDER BY" ? "ORDER_BY_POS_OUT_OF_RANGE" : "GROUP_BY_POS_OUT_OF_RANGE",
      ));
    const item = stripAlias(items[n - 1]);
    return o.kind === "sortOrder" ? { ...o, child: item } : item;
  }

  private select(q: QueryAst & { kind: "select" }, ctes: Ctes, orderBy: Expr[]): DataFrame {
    let df = q.from ? this.relation(q.from, ctes) : this.session.dataFrame(oneRow(this.session));
    if (q.pivot) df = this.session.dataFrame(sqlPivot(df, q.pivot.aggregates, q.pivot.column, q.pivot.values));
    for (const lv of q.lateral) df = this.lateralView(df, lv);
    if (q.where) df = this.where(df, q.where, ctes);
    const windows = (e: Expr): Expr => resolveWindowRefs(e, q.windows);
    let items = q.items.map(windows);
    // Scalar subqueries in the SELECT list: joined in as one-row relations.
    const joined = this.scalarSubqueries(df, items, ctes);
    df = joined.df;
    items = joined.exprs;
    const aggregating = !!q.groupBy || q.having !== undefined || items.some(exprHasAggregate);
    if (aggregating) return this.aggregateSelect(df, q, items, ctes, orderBy);
    const projected = projectWithWindows(df.plan, items);
    let out = this.session.dataFrame(projected);
    if (q.distinct) out = out.distinct();
    if (!orderBy.length) return out;
    const orders = orderBy.map((o) => this.ordinal(windows(o), items));
    try {
      return out.orderBy(...orders.map((o) => new Column(o)));
    } catch (e) {
      if (!(e instanceof AnalysisException) || q.distinct) throw e;
      // ORDER BY may name input columns the SELECT list dropped (Spark adds them to the
      // projection, sorts, then drops them); select aliases stand for their definitions.
      const aliases = new Map(items.filter((i) => i.kind === "alias").map((i) => [(i as Expr & { kind: "alias" }).name.toLowerCase(), (i as Expr & { kind: "alias" }).child]));
      const extras: Expr[] = [];
      const keys = orders.map((o) => {
        const ord = o.kind === "sortOrder" ? o : ({ kind: "sortOrder", child: o, ascending: true, nullsFirst: true } as Expr & { kind: "sortOrder" });
        const name = `__order${hidden++}`;
        extras.push({ kind: "alias", child: substituteAliases(ord.child, aliases, df.plan), name });
        return { ...ord, child: { kind: "attr", parts: [name] } as Expr };
      });
      const wide = this.session.dataFrame(projectWithWindows(df.plan, [...items, ...extras])).orderBy(...keys.map((k) => new Column(k)));
      return this.session.dataFrame(keepFirst(wide.plan, wide.columns.length - extras.length));
    }
  }

  /** GROUP BY / HAVING / aggregates, with HAVING and ORDER BY allowed to use aggregates not selected. */
  private aggregateSelect(df: DataFrame, q: QueryAst & { kind: "select" }, items: Expr[], ctes: Ctes, orderBy: Expr[]): DataFrame {
    const inputScope = scopeOf(df.plan);
    const aliases = new Map(items.filter((i) => i.kind === "alias").map((i) => [(i as Expr & { kind: "alias" }).name.toLowerCase(), (i as Expr & { kind: "alias" }).child]));
    const groupBy = q.groupByAll ? items.filter((i) => !exprHasAggregate(i) && !hasWindow(i)).map(stripAlias) : q.groupBy ?? [];
    const keys = groupBy.map((g) => {
      const k = this.ordinal(g, items, "GROUP BY");
      // GROUP BY may name a select alias (spark.sql.groupByAliases).
      if (k.kind === "attr" && k.parts.length === 1 && inputScope.lookup(k.parts[0]).length === 0 && aliases.has(k.parts[0].toLowerCase()))
        return aliases.get(k.parts[0].toLowerCase())!;
      return k;
    });
    const extras: Expr[] = [];
    const n = items.length;
    let having: Expr | undefined;
    let havingWithSubquery = false;
    if (q.having && containsSubquery(q.having)) {
      // HAVING max(x) > (SELECT …): the aggregates become hidden columns, the rest filters the
      // groups as a WHERE would (the subquery joined in).
      havingWithSubquery = true;
      const liftAgg = (e: Expr): Expr => {
        if (e.kind === "call" && exprHasAggregate(e)) {
          const name = `__having${hidden++}`;
          extras.push({ kind: "alias", child: substituteAliases(e, aliases, df.plan), name });
          return { kind: "attr", parts: [name] };
        }
        return e.kind === "subquery" ? e : mapChildren(e, liftAgg);
      };
      having = liftAgg(q.having);
    } else if (q.having) {
      if (exprHasAggregate(q.having)) {
        extras.push({ kind: "alias", child: substituteAliases(q.having, aliases, df.plan), name: `__having${hidden++}` });
        having = { kind: "attr", parts: [(extras[extras.length - 1] as Expr & { kind: "alias" }).name] };
      } else having = q.having;
    }
    const outputNames = items.map(itemName);
    const orders = orderBy.map((o) => {
      const ord = this.ordinal(o, items) as Expr & { kind: "sortOrder" };
      const child = ord.kind === "sortOrder" ? ord.child : ord;
      if (child.kind === "attr" && child.parts.length === 1 && outputNames.includes(child.parts[0].toLowerCase())) return ord;
      if (exprHasAggregate(child) || child.kind !== "attr" || !outputNames.includes(child.parts.join(".").toLowerCase())) {
        const name = `__order${hidden++}`;
        extras.push({ kind: "alias", child: substituteAliases(child, aliases, df.plan), name });
        const ref: Expr = { kind: "attr", parts: [name] };
        return ord.kind === "sortOrder" ? { ...ord, child: ref } : ref;
      }
      return ord;
    });
    // Window functions over the groups (`rank() OVER (ORDER BY sum(x))`): what they read is
    // aggregated as hidden columns; they run over the aggregate's output.
    const windowed = items.map(hasWindow);
    const lifted: Expr[] = [];
    const lift = (e: Expr): Expr => {
      if (e.kind === "literal") return e;
      if (e.kind === "sortOrder") return { ...e, child: lift(e.child) };
      const name = `__window_input${hidden++}`;
      lifted.push({ kind: "alias", child: substituteAliases(e, aliases, df.plan), name });
      return { kind: "attr", parts: [name] };
    };
    const liftWindows = (e: Expr): Expr => {
      if (e.kind === "window") {
        const fn = e.fn.kind === "call" ? { ...e.fn, args: e.fn.args.map(lift) } : e.fn;
        return { ...e, fn, spec: { ...e.spec, partitionBy: e.spec.partitionBy.map(lift), orderBy: e.spec.orderBy.map(lift) } };
      }
      return mapChildren(e, liftWindows);
    };
    const windowItems = items.map((it, i) => (windowed[i] ? liftWindows(it) : it));
    const aggItems = items.filter((_, i) => !windowed[i]);
    const sets = q.grouping ? crossGroupingSets(q.grouping) : undefined;
    let out = this.session.dataFrame(aggregate(df.plan, keys, [...aggItems, ...extras, ...lifted], false, sets));
    if (having) out = havingWithSubquery ? this.where(out, having, ctes) : out.filter(new Column(having));
    if (windowed.some(Boolean)) {
      const names = out.columns;
      const at = (i: number): Expr => ({ kind: "attr", parts: [`__aggregate${i}`] });
      out = out.toDF(...names.map((_, i) => `__aggregate${i}`));
      let k = 0;
      const finalItems = windowItems.map((it, i) => (windowed[i] ? it : ({ kind: "alias", child: at(k), name: names[k++] } as Expr)));
      const extraRefs = extras.map((e, j) => ({ kind: "alias", child: at(aggItems.length + j), name: (e as Expr & { kind: "alias" }).name }) as Expr);
      const inputs = lifted.map((e, j) => ({ kind: "alias", child: at(aggItems.length + extras.length + j), name: (e as Expr & { kind: "alias" }).name }) as Expr);
      // The lifted inputs are named as the windows refer to them, then dropped by the projection.
      out = this.session.dataFrame(projectWithWindows(out.select(...[...names.map((_, i) => new Column(at(i))), ...inputs.map((x) => new Column(x))]).plan, [...finalItems, ...extraRefs]));
    }
    if (q.distinct) out = out.distinct();
    if (orders.length) out = out.orderBy(...orders.map((o) => new Column(o)));
    if (extras.length) out = out.select(...out.columns.slice(0, n).map((_, i) => new Column({ kind: "attr", parts: [out.columns[i]] })));
    return out;
  }

  // --- WHERE and subqueries ---------------------------------------------------------------------

  private where(df: DataFrame, where: Expr, ctes: Ctes): DataFrame {
    const plain: Expr[] = [];
    for (const c of conjuncts(where)) {
      const negated = c.kind === "unary" && c.op === "NOT" && c.child.kind === "subquery" && c.child.mode !== "scalar";
      const sub = negated ? (c as Expr & { kind: "unary" }).child : c;
      if (sub.kind === "subquery" && sub.mode !== "scalar") df = this.semiJoin(df, sub, negated, ctes);
      else plain.push(c);
    }
    if (!plain.length) return df;
    const cond = plain.reduce((a, b) => ({ kind: "binary", op: "AND", left: a, right: b }));
    const width = df.columns.length;
    const joined = this.scalarSubqueries(df, [cond], ctes);
    let out = joined.df.filter(new Column(joined.exprs[0]));
    if (joined.df !== df) out = this.session.dataFrame(keepFirst(out.plan, width));
    return out;
  }

  /** `[NOT] EXISTS (…)` and `x [NOT] IN (SELECT …)` as a (null-aware) semi or anti join. */
  private semiJoin(df: DataFrame, sub: Expr & { kind: "subquery" }, negated: boolean, ctes: Ctes): DataFrame {
    const q = sub.query as QueryAst;
    const how = negated ? "left_anti" : "left_semi";
    const alias = `__subquery${hidden++}`;
    if (sub.mode === "exists") {
      // A correlated EXISTS: the subquery's FROM joined on its WHERE, which may name outer columns.
      if (q.kind === "select" && q.from && !q.groupBy && !q.having && !q.items.some(exprHasAggregate)) {
        const inner = this.relation(q.from, ctes);
        return df.join(inner, q.where ? new Column(q.where) : undefined, how === "left_semi" && !q.where ? "left_semi" : how);
      }
      return df.join(this.query(q, ctes), undefined, how);
    }
    if (!negated && q.kind === "select" && q.from && q.where && !q.groupBy && !q.having && q.items.length === 1 && !q.items.some(exprHasAggregate) && this.correlation(q, df, ctes, false)) {
      // A correlated IN: a semi join on `value = item` and the subquery's WHERE (naming outer columns).
      const value = `__in_value${hidden++}`, item = `__in_item${hidden++}`;
      const width = df.columns.length;
      const outer = df.select(new Column({ kind: "star" }), new Column({ kind: "alias", child: sub.child!, name: value }));
      const from = this.relation(q.from, ctes);
      const inner = from.select(new Column({ kind: "star" }), new Column({ kind: "alias", child: q.items[0].kind === "alias" ? q.items[0].child : q.items[0], name: item }));
      const cond: Expr = { kind: "binary", op: "AND", left: { kind: "binary", op: "=", left: { kind: "attr", parts: [value] }, right: { kind: "attr", parts: [item] } }, right: q.where };
      return this.session.dataFrame(keepFirst(outer.join(inner, new Column(cond), how).plan, width));
    }
    const inner = this.session.dataFrame(qualify(this.query(q, ctes).plan, alias));
    if (inner.columns.length !== 1)
      throw new AnalysisException(
        `Cannot resolve "(${describeChild(sub.child!)} IN (listquery()))" due to data type mismatch: The number of columns in the left hand side of an IN subquery does not match the number of columns in the output of subquery. Left hand side columns(length: 1): [${describeChild(sub.child!)}], right hand side columns(length: ${inner.columns.length}): [${inner.columns.map((c) => "`" + c + "`").join(", ")}].`,
        "DATATYPE_MISMATCH.IN_SUBQUERY_LENGTH_MISMATCH",
      );
    // The IN value is resolved against the outer query alone (a hidden column), then compared.
    const value = `__in_value${hidden++}`;
    const width = df.columns.length;
    const outer = df.select(new Column({ kind: "star" }), new Column({ kind: "alias", child: sub.child!, name: value }));
    const right: Expr = { kind: "attr", parts: [alias, inner.columns[0]] };
    const eq: Expr = { kind: "binary", op: "=", left: { kind: "attr", parts: [value] }, right };
    // NOT IN is null-aware: a NULL on either side makes the comparison unknown, and the row goes.
    const cond: Expr = negated ? { kind: "binary", op: "OR", left: eq, right: { kind: "unary", op: "IS NULL", child: eq } } : eq;
    return this.session.dataFrame(keepFirst(outer.join(inner, new Column(cond), how).plan, width));
  }

  /**
   * A correlated subquery's FROM and its WHERE split (Spark's decorrelation): the conjuncts of
   * the subquery alone, and the equalities `inner = outer` that correlate it. Undefined when the
   * subquery is not correlated (it plans on its own).
   */
  private correlation(q: QueryAst, outer: DataFrame, ctes: Ctes, equalitiesOnly = true): { inner: DataFrame; local: Expr[]; pairs: Array<[Expr, Expr]>; outerNames: string[] } | undefined {
    try {
      this.query(q, ctes);
      return undefined;
    } catch (e) {
      if (!(e instanceof AnalysisException) || !e.message.startsWith("[UNRESOLVED_COLUMN") || q.kind !== "select" || !q.from || !q.where) throw e;
    }
    const inner = this.relation(q.from, ctes);
    const resolves = (df: DataFrame, x: Expr): boolean => { try { df.select(new Column(x)); return true; } catch { return false; } };
    const local: Expr[] = [], pairs: Array<[Expr, Expr]> = [], outerNames: string[] = [];
    for (const c of conjuncts(q.where)) {
      if (resolves(inner, c)) { local.push(c); continue; }
      if (c.kind === "binary" && c.op === "=") {
        if (resolves(inner, c.left) && resolves(outer, c.right)) { pairs.push([c.left, c.right]); outerNames.push(outer.select(new Column(c.right)).columns[0]); continue; }
        if (resolves(inner, c.right) && resolves(outer, c.left)) { pairs.push([c.right, c.left]); outerNames.push(outer.select(new Column(c.left)).columns[0]); continue; }
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
  private correlatedScalar(out: DataFrame, e: Expr & { kind: "subquery" }, c: NonNullable<ReturnType<SqlPlanner["correlation"]>>): { df: DataFrame; value: Expr; name: string } {
    const q = e.query as QueryAst & { kind: "select" };
    const at = e.pos === undefined ? "" : `; line 1 pos ${e.pos}`;
    if (q.items.length !== 1 || !exprHasAggregate(q.items[0]) || q.groupBy)
      throw new AnalysisException(`Unsupported subquery expression: Correlated scalar subqueries must be aggregated to return at most one row.${at}`, "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.MUST_AGGREGATE_CORRELATED_SCALAR_SUBQUERY");
    const alias = `__scalar${hidden++}`;
    let inner = c.inner;
    if (c.local.length) inner = inner.filter(new Column(c.local.reduce((a, b) => ({ kind: "binary", op: "AND", left: a, right: b }))));
    const keys = c.pairs.map(([i], k) => new Column({ kind: "alias", child: i, name: `__k${k}` }));
    const item = q.items[0].kind === "alias" ? q.items[0].child : q.items[0];
    const grouped = inner.groupBy(...keys).agg(new Column({ kind: "alias", child: item, name: "__v" }));
    const sub = this.session.dataFrame(qualify(grouped.plan, alias));
    const on = c.pairs.map(([, o], k): Expr => ({ kind: "binary", op: "=", left: o, right: { kind: "attr", parts: [alias, `__k${k}`] } }))
      .reduce((a, b) => ({ kind: "binary", op: "AND", left: a, right: b }));
    const joined = out.join(sub, new Column(on), "left");
    const v: Expr = { kind: "attr", parts: [alias, "__v"] };
    const isCount = item.kind === "call" && item.name.toLowerCase() === "count";
    const value: Expr = isCount ? { kind: "call", name: "coalesce", args: [v, { kind: "literal", value: 0, dataType: LONG }] } : v;
    return { df: joined, value, name: `scalarsubquery(${c.outerNames.join(", ")})` };
  }

  /** Scalar subqueries: each joined as a one-row relation (or, correlated, grouped and left-joined), the expression then names its column. */
  private scalarSubqueries(df: DataFrame, exprs: Expr[], ctes: Ctes): { df: DataFrame; exprs: Expr[] } {
    let out = df;
    const rewrite = (e: Expr): Expr => {
      if (e.kind === "subquery" && e.mode === "scalar") {
        const corr = this.correlation(e.query as QueryAst, out, ctes);
        if (corr) {
          const r = this.correlatedScalar(out, e, corr);
          out = r.df;
          return { kind: "alias", child: r.value, name: r.name };
        }
        const alias = `__scalar${hidden++}`;
        const sub = this.session.dataFrame(qualify(this.query(e.query as QueryAst, ctes).plan, alias));
        if (sub.columns.length !== 1)
          throw new AnalysisException(
            `Scalar subquery must return only one column, but got ${sub.columns.length}.`,
            "INVALID_SUBQUERY_EXPRESSION.SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN",
          );
        out = out.crossJoin(sub);
        return { kind: "alias", child: { kind: "attr", parts: [alias, sub.columns[0]] }, name: "scalarsubquery()" };
      }
      return mapChildren(e, rewrite);
    };
    const rewritten = exprs.map((e) => (containsSubquery(e) ? rewrite(e) : e));
    return { df: out, exprs: rewritten.map(unwrapInnerAliases) };
  }

  // --- FROM --------------------------------------------------------------------------------------

  private relation(r: RelationAst, ctes: Ctes): DataFrame {
    switch (r.kind) {
      case "table": {
        const df = this.table(r.name, r.pos, ctes);
        return this.session.dataFrame(qualify(df.plan, r.alias ?? r.name.split(".").pop()!));
      }
      case "subquery": {
        let df = this.query(r.query, ctes);
        if (r.columns) df = df.toDF(...r.columns);
        return r.alias ? this.session.dataFrame(qualify(df.plan, r.alias)) : df;
      }
      case "values":
        return this.values(r.rows, r.alias, r.columns, r.pos);
      case "function":
        return this.tableFunction(r);
      case "join": {
        const left = this.relation(r.left, ctes);
        const right = this.relation(r.right, ctes);
        if (r.natural) {
          const common = left.columns.filter((c) => right.columns.some((d) => d.toLowerCase() === c.toLowerCase()));
          return common.length ? left.join(right, common, r.how) : left.join(right, undefined, r.how === "inner" ? "cross" : r.how);
        }
        if (r.using) return left.join(right, r.using, r.how);
        return left.join(right, r.on ? new Column(r.on) : undefined, r.how);
      }
    }
  }

  private table(name: string, pos: number, ctes: Ctes): DataFrame {
    const cte = ctes.get(name.toLowerCase());
    if (cte) return cte;
    try {
      return this.session.table(name);
    } catch (e) {
      if (e instanceof AnalysisException && e.errorClass === "TABLE_OR_VIEW_NOT_FOUND") {
        const at = lineAndPos(this.text, pos);
        throw new AnalysisException(
          `The table or view \`${name.split(".").join("`.`")}\` cannot be found. Verify the spelling and correctness of the schema and catalog.\nIf you did not qualify the name with a schema, verify the current_schema() output, or qualify the name with the correct schema and catalog.\nTo tolerate the error on drop use DROP VIEW IF EXISTS or DROP TABLE IF EXISTS.; line ${at.line} pos ${at.pos}`,
          "TABLE_OR_VIEW_NOT_FOUND",
        );
      }
      throw e;
    }
  }

  /** An inline table: each row a projection of one row, the rows a union (types widened as Spark's). */
  private values(rows: Expr[][], alias: string | undefined, columns: string[] | undefined, pos: number): DataFrame {
    // Every row must have as many values as the alias list (or the first row) names.
    const width = columns ? columns.length : rows[0].length;
    const bad = rows.findIndex((r) => r.length !== width);
    if (bad >= 0)
      throw atPos(this.text, pos, new AnalysisException(
        `Invalid inline table. Inline table expected ${width} columns but found ${rows[bad].length} columns in row ${bad}.`,
        "INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH",
      ));
    const names = columns ?? rows[0].map((_, i) => `col${i + 1}`);
    const one = this.session.dataFrame(oneRow(this.session));
    const parts = rows.map((r) => one.select(...r.map((e, i) => new Column({ kind: "alias", child: e, name: names[i] }))));
    let df = parts.reduce((a, b) => a.union(b));
    if (alias) df = this.session.dataFrame(qualify(df.plan, alias));
    return df;
  }

  private tableFunction(r: RelationAst & { kind: "function" }): DataFrame {
    const one = this.session.dataFrame(oneRow(this.session));
    let df: DataFrame;
    if (r.name === "range") {
      const nums = r.args.map((a) => {
        const v = a.kind === "unary" && a.op === "-" && a.child.kind === "literal" ? -(a.child.value as number) : a.kind === "literal" ? (a.value as number) : NaN;
        if (!Number.isFinite(v)) throw new AnalysisException(`Table-valued function range requires literal arguments.`, "UNSUPPORTED_TABLE_VALUED_FUNCTION");
        return v;
      });
      df = nums.length === 1 ? this.session.range(nums[0]) : this.session.range(nums[0], nums[1], nums[2] ?? 1);
    } else {
      df = one.select(new Column({ kind: "call", name: r.name, args: r.args, pos: r.pos }));
    }
    if (r.columns) df = df.toDF(...r.columns);
    if (r.alias) df = this.session.dataFrame(qualify(df.plan, r.alias));
    return df;
  }

  /** `LATERAL VIEW [OUTER] gen(…) t AS a, b`: the generator's columns appended to each row. */
  private lateralView(df: DataFrame, lv: LateralView): DataFrame {
    let gen = lv.generator;
    if (lv.outer && gen.kind === "call" && !gen.name.endsWith("_outer")) gen = { ...gen, name: gen.name + "_outer" };
    const named: Expr = lv.columns.length ? { kind: "alias", child: gen, name: lv.columns[lv.columns.length - 1], names: lv.columns } : gen;
    return df.select(new Column({ kind: "star" }), new Column(named));
  }

  // --- set operations ----------------------------------------------------------------------------

  private setOp(q: QueryAst & { kind: "setOp" }, ctes: Ctes): DataFrame {
    const left = this.query(q.left, ctes);
    const right = this.query(q.right, ctes);
    if (q.op === "union") {
      const u = left.union(right);
      return q.all ? u : u.distinct();
    }
    if (left.columns.length !== right.columns.length) left.union(right); // Spark's NUM_COLUMNS_MISMATCH
    // INTERSECT / EXCEPT: a semi / anti join on null-safe equality of every column. With ALL,
    // copies are numbered on each side (row_number over the whole row), and the k-th copy on the
    // left matches the k-th on the right: min(m, n) copies intersect, m - n remain after EXCEPT.
    const width = left.columns.length;
    const numbered = (df: DataFrame): DataFrame => {
      const cols = df.columns.map((c): Expr => ({ kind: "attr", parts: [c] }));
      const copy: Expr = { kind: "window", fn: { kind: "call", name: "row_number", args: [] }, spec: { partitionBy: cols, orderBy: cols } };
      return this.session.dataFrame(projectWithWindows(df.plan, [{ kind: "star" }, { kind: "alias", child: copy, name: "__copy" }]));
    };
    const l = this.session.dataFrame(qualify((q.all ? numbered(left) : left).plan, "__left"));
    const r = this.session.dataFrame(qualify((q.all ? numbered(right) : right).plan, "__right"));
    const pairs = left.columns.map((c, i) => [c, right.columns[i]]);
    if (q.all) pairs.push(["__copy", "__copy"]);
    const cond = pairs
      .map(([a, b]): Expr => ({ kind: "binary", op: "<=>", left: { kind: "attr", parts: ["__left", a] }, right: { kind: "attr", parts: ["__right", b] } }))
      .reduce((a, b) => ({ kind: "binary", op: "AND", left: a, right: b }));
    const joined = l.join(r, new Column(cond), q.op === "intersect" ? "left_semi" : "left_anti");
    return q.all ? this.session.dataFrame(keepFirst(joined.plan, width)) : joined.distinct();
  }
}

// --- helpers -------------------------------------------------------------------------------------

/** Spark's origin of an analysis error in SQL text: `; line L pos P` after the message. */
function atPos<E extends Error>(text: string, pos: number | undefined, e: E): E {
  if (pos === undefined || / line \d+ pos \d+;?$/.test(e.message.split("\n")[0])) return e;
  // Legacy errors (no error class) carry no origin.
  if (e instanceof AnalysisException && (!e.errorClass || e.errorClass.startsWith("_LEGACY"))) return e;
  const l = lineAndPos(text, pos);
  e.message += `; line ${l.line} pos ${l.pos}`;
  return e;
}

/** Runs `f`; an analysis error without a position gets the position of the query it comes from. */
function at<T>(text: string, pos: number, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof AnalysisException) throw atPos(text, pos, e);
    throw e;
  }
}

function startOf(q: QueryAst): number {
  switch (q.kind) {
    case "select": case "values": case "table": return q.pos;
    case "setOp": return startOf(q.left);
    case "organized": return startOf(q.query);
    default: return q.pos;
  }
}

function oneRow(session: SparkSession): LogicalPlan {
  return session.range(1).select().plan;
}

function offset(df: DataFrame, n: number): DataFrame {
  const anyDf = df as any;
  if (typeof anyDf.offset === "function") return anyDf.offset(n);
  throw new AnalysisException("OFFSET is not supported yet.", "UNSUPPORTED_FEATURE");
}

function stripAlias(e: Expr): Expr {
  return e.kind === "alias" ? e.child : e;
}

function itemName(e: Expr): string {
  if (e.kind === "alias") return e.name.toLowerCase();
  if (e.kind === "attr") return e.parts[e.parts.length - 1].toLowerCase();
  return "";
}

function conjuncts(e: Expr): Expr[] {
  return e.kind === "binary" && e.op === "AND" ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

function lineAndPos(text: string, pos: number): { line: number; pos: number } {
  const before = text.slice(0, pos);
  return { line: before.split("\n").length, pos: pos - (before.lastIndexOf("\n") + 1) };
}

function describeChild(e: Expr): string {
  return e.kind === "attr" ? e.parts.join(".") : "value";
}


function containsSubquery(e: Expr): boolean {
  let found = false;
  const visit = (x: Expr): Expr => { if (x.kind === "subquery") found = true; else mapChildren(x, visit); return x; };
  visit(e);
  return found;
}

/** A scalar subquery's alias only names a top-level item; inside an expression the column is used directly. */
function unwrapInnerAliases(e: Expr): Expr {
  const inner = (x: Expr): Expr => (x.kind === "alias" && x.name === "scalarsubquery()" ? x.child : mapChildren(x, inner));
  return e.kind === "alias" && e.name === "scalarsubquery()" ? e : mapChildren(e, inner);
}

/** Replaces select-list aliases (not input columns) by their definitions. */
function substituteAliases(e: Expr, aliases: Map<string, Expr>, input: LogicalPlan): Expr {
  const scope = scopeOf(input);
  const visit = (x: Expr): Expr => {
    if (x.kind === "attr" && x.parts.length === 1 && scope.lookup(x.parts[0]).length === 0 && aliases.has(x.parts[0].toLowerCase()))
      return aliases.get(x.parts[0].toLowerCase())!;
    return mapChildren(x, visit);
  };
  return visit(e);
}

/** `OVER w`: the window named in the query's WINDOW clause. */
function resolveWindowRefs(e: Expr, windows: Record<string, WindowSpecExpr>): Expr {
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
function keepFirst(plan: LogicalPlan, n: number): LogicalPlan {
  return projectResolved(plan, plan.schema.fields.slice(0, n).map((f, i) => ({ kind: "ref", ordinal: i, name: f.name, dataType: f.dataType, nullable: f.nullable, sql: f.name })));
}

