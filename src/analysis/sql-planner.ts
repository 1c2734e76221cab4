/**
 * `spark.sql(...)` planned: the statement parser (expr/sql-statement.ts) gives a syntax tree;
 * this file plans it with the plan builders, as Spark's AstBuilder + Analyzer would: FROM items
 * (views, CTEs, subqueries, VALUES, range(), joins, LATERAL VIEW) become qualified relations,
 * then WHERE (subqueries become joins, sql-subqueries.ts), GROUP BY/HAVING, window functions,
 * DISTINCT, set operations, ORDER BY (output columns, ordinals, or input columns the SELECT list
 * dropped), LIMIT/OFFSET. What it needs of the session (views, range, PIVOT) is a SqlSession.
 */
import { AnalysisException } from "../errors";
import { Expr, mapChildren } from "../expr/expression";
import { Cte, LateralView, PivotClause, QueryAst, RelationAst, parseQuery } from "../expr/sql-statement";
import { LogicalPlan } from "../plan/logical-plan";
import { exprHasAggregate, namesResolve } from "./expression-resolver";
import { crossGroupingSets, groupingIdColumn } from "./grouping-sets";
import { describeFunction, showFunctions } from "./function-list";
import { aggregate, distinct, filter, join, limit, qualify, renameColumns, scopeOf, sort, union } from "./plan-builders";
import { offset } from "./set-operations";
import { at, atPos, columnsOf, containsSubquery, itemName, keepFirst, lineAndPos, nextHidden, resolveWindowRefs, stripAlias, substituteAliases } from "./sql-helpers";
import { SubqueryPlanner } from "./sql-subqueries";
import { hasWindow, project as projectWithWindows, select } from "./windows";

/** What SQL planning needs of the session (api/sql.ts gives it). */
export interface SqlSession {
  /** The temporary view or memory table of that name, if there is one. */
  relation(name: string): LogicalPlan | undefined;
  hasView(name: string): boolean;
  createView(name: string, plan: LogicalPlan): void;
  dropView(name: string): boolean;
  /** spark.range(start, end, step): one column `id`. */
  range(start: number, end: number, step: number): LogicalPlan;
  /** FROM … PIVOT (api/pivot.ts plans it). */
  pivot(input: LogicalPlan, pivot: PivotClause): LogicalPlan;
}

export type Ctes = Map<string, LogicalPlan>;

/** The plan of one SQL statement. */
export function planSql(session: SqlSession, query: string): LogicalPlan {
  return new SqlPlanner(session, query).query(parseQuery(query), new Map());
}

export class SqlPlanner {
  private readonly subqueries = new SubqueryPlanner(this);

  constructor(private readonly session: SqlSession, readonly text: string) {}

  query(q: QueryAst, ctes: Ctes, orderBy: Expr[] = []): LogicalPlan {
    switch (q.kind) {
      case "organized": {
        let scope = ctes;
        if (q.ctes.length) {
          scope = new Map(ctes);
          for (const c of q.ctes) scope.set(c.name.toLowerCase(), this.cte(c, scope));
        }
        let plan = this.query(q.query, scope, q.orderBy);
        if (q.offset !== undefined) plan = offset(plan, q.offset);
        if (q.limit !== undefined) plan = limit(plan, q.limit);
        return plan;
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
        let plan = this.query(q.query, ctes);
        if (q.columns) plan = renameColumns(plan, q.columns);
        if (this.session.hasView(q.name) && !q.replace) {
          if (!q.ifNotExists)
            throw atPos(this.text, q.pos, new AnalysisException(
              `Cannot create the temporary view \`${q.name}\` because it already exists.\nChoose a different name, drop or replace the existing view,  or add the IF NOT EXISTS clause to tolerate pre-existing views.`,
              "TEMP_TABLE_OR_VIEW_ALREADY_EXISTS",
            ));
        } else this.session.createView(q.name, plan);
        return limit(this.oneRow(), 0);
      }
      case "dropView":
        if (!this.session.dropView(q.name) && !q.ifExists)
          throw atPos(this.text, q.pos, new AnalysisException(
            `The view \`${q.name}\` cannot be found. Verify the spelling and correctness of the schema and catalog.\nIf you did not qualify the name with a schema, verify the current_schema() output, or qualify the name with the correct schema and catalog.\nTo tolerate the error on drop use DROP VIEW IF EXISTS or DROP TABLE IF EXISTS.`,
            "VIEW_NOT_FOUND",
          ));
        return limit(this.oneRow(), 0);
      case "showFunctions":
        return showFunctions(q.pattern);
      case "describeFunction":
        return at(this.text, q.pos, () => describeFunction(q.name, q.extended));
    }
  }

  /** One row of no columns: FROM-less SELECT and VALUES. */
  oneRow(): LogicalPlan {
    return select(this.session.range(0, 1, 1), []);
  }

  private cte(c: Cte, ctes: Ctes): LogicalPlan {
    let plan = this.query(c.query, ctes);
    if (c.columns) plan = renameColumns(plan, c.columns);
    return qualify(plan, c.name);
  }

  /** ORDER BY over a finished query: output columns by name or ordinal. */
  private ordered(plan: LogicalPlan, orderBy: Expr[]): LogicalPlan {
    if (!orderBy.length) return plan;
    const outputs = columnsOf(plan).map((n) => ({ kind: "attr", parts: [n] }) as Expr);
    return sort(plan, orderBy.map((o) => this.ordinal(o, outputs)));
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

  /** FROM, then PIVOT and LATERAL VIEW: the rows a SELECT's WHERE and items read. */
  fromClause(q: QueryAst & { kind: "select" }, ctes: Ctes): LogicalPlan {
    let plan = q.from ? this.relation(q.from, ctes) : this.oneRow();
    if (q.pivot) plan = this.session.pivot(plan, q.pivot);
    for (const lv of q.lateral) plan = lateralView(plan, lv);
    return plan;
  }

  private select(q: QueryAst & { kind: "select" }, ctes: Ctes, orderBy: Expr[]): LogicalPlan {
    let input = this.fromClause(q, ctes);
    if (q.where) input = this.subqueries.where(input, q.where, ctes);
    const windows = (e: Expr): Expr => resolveWindowRefs(e, q.windows);
    let items = q.items.map(windows);
    // Scalar subqueries in the SELECT list: joined in as one-row relations.
    const joined = this.subqueries.scalarSubqueries(input, items, ctes);
    input = joined.plan;
    items = joined.exprs;
    const aggregating = !!q.groupBy || q.having !== undefined || items.some(exprHasAggregate);
    if (aggregating) {
      const having = q.having && groupingIdColumn(q.having, false);
      return this.aggregateSelect(input, { ...q, having }, items.map((it) => groupingIdColumn(it)), ctes, orderBy.map((o) => groupingIdColumn(o, false)));
    }
    let out = projectWithWindows(input, items);
    if (q.distinct) out = distinct(out);
    if (!orderBy.length) return out;
    const orders = orderBy.map((o) => this.ordinal(windows(o), items));
    const outScope = scopeOf(out);
    if (q.distinct || orders.every((o) => namesResolve(outScope, o))) return sort(out, orders);
    // ORDER BY may name input columns the SELECT list dropped (Spark adds them to the
    // projection, sorts, then drops them); select aliases stand for their definitions.
    const aliases = aliasDefinitions(items);
    const extras: Expr[] = [];
    const keys = orders.map((o) => {
      const ord = o.kind === "sortOrder" ? o : ({ kind: "sortOrder", child: o, ascending: true, nullsFirst: true } as Expr & { kind: "sortOrder" });
      const name = `__order${nextHidden()}`;
      extras.push({ kind: "alias", child: substituteAliases(ord.child, aliases, input), name });
      return { ...ord, child: { kind: "attr", parts: [name] } as Expr };
    });
    const wide = sort(projectWithWindows(input, [...items, ...extras]), keys);
    return keepFirst(wide, wide.schema.fields.length - extras.length);
  }

  /** GROUP BY / HAVING / aggregates, with HAVING and ORDER BY allowed to use aggregates not selected. */
  private aggregateSelect(input: LogicalPlan, q: QueryAst & { kind: "select" }, items: Expr[], ctes: Ctes, orderBy: Expr[]): LogicalPlan {
    const inputScope = scopeOf(input);
    const aliases = aliasDefinitions(items);
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
          const name = `__having${nextHidden()}`;
          extras.push({ kind: "alias", child: substituteAliases(e, aliases, input), name });
          return { kind: "attr", parts: [name] };
        }
        return e.kind === "subquery" ? e : mapChildren(e, liftAgg);
      };
      having = liftAgg(q.having);
    } else if (q.having) {
      if (exprHasAggregate(q.having)) {
        const name = `__having${nextHidden()}`;
        extras.push({ kind: "alias", child: substituteAliases(q.having, aliases, input), name });
        having = { kind: "attr", parts: [name] };
      } else having = q.having;
    }
    const outputNames = items.map(itemName);
    const orders = orderBy.map((o) => {
      const ord = this.ordinal(o, items) as Expr & { kind: "sortOrder" };
      const child = ord.kind === "sortOrder" ? ord.child : ord;
      if (child.kind === "attr" && child.parts.length === 1 && outputNames.includes(child.parts[0].toLowerCase())) return ord;
      if (exprHasAggregate(child) || child.kind !== "attr" || !outputNames.includes(child.parts.join(".").toLowerCase())) {
        const name = `__order${nextHidden()}`;
        extras.push({ kind: "alias", child: substituteAliases(child, aliases, input), name });
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
      const name = `__window_input${nextHidden()}`;
      lifted.push({ kind: "alias", child: substituteAliases(e, aliases, input), name });
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
    let out = aggregate(input, keys, [...aggItems, ...extras, ...lifted], false, sets);
    if (having) out = havingWithSubquery ? this.subqueries.where(out, having, ctes) : filter(out, having);
    if (windowed.some(Boolean)) {
      const names = columnsOf(out);
      const ref = (i: number): Expr => ({ kind: "attr", parts: [`__aggregate${i}`] });
      out = renameColumns(out, names.map((_, i) => `__aggregate${i}`));
      let k = 0;
      const finalItems = windowItems.map((it, i) => (windowed[i] ? it : ({ kind: "alias", child: ref(k), name: names[k++] } as Expr)));
      const extraRefs = extras.map((e, j) => ({ kind: "alias", child: ref(aggItems.length + j), name: (e as Expr & { kind: "alias" }).name }) as Expr);
      const inputs = lifted.map((e, j) => ({ kind: "alias", child: ref(aggItems.length + extras.length + j), name: (e as Expr & { kind: "alias" }).name }) as Expr);
      // The lifted inputs are named as the windows refer to them, then dropped by the projection.
      out = projectWithWindows(select(out, [...names.map((_, i) => ref(i)), ...inputs]), [...finalItems, ...extraRefs]);
    }
    if (q.distinct) out = distinct(out);
    if (orders.length) out = sort(out, orders);
    if (extras.length) out = keepFirst(out, n);
    return out;
  }

  // --- FROM --------------------------------------------------------------------------------------

  relation(r: RelationAst, ctes: Ctes): LogicalPlan {
    switch (r.kind) {
      case "table":
        return qualify(this.table(r.name, r.pos, ctes), r.alias ?? r.name.split(".").pop()!);
      case "subquery": {
        let plan = this.query(r.query, ctes);
        if (r.columns) plan = renameColumns(plan, r.columns);
        return r.alias ? qualify(plan, r.alias) : plan;
      }
      case "values":
        return this.values(r.rows, r.alias, r.columns, r.pos);
      case "function":
        return this.tableFunction(r);
      case "join": {
        const left = this.relation(r.left, ctes);
        const right = this.relation(r.right, ctes);
        if (r.natural) {
          const rightNames = columnsOf(right).map((d) => d.toLowerCase());
          const common = columnsOf(left).filter((c) => rightNames.includes(c.toLowerCase()));
          return common.length ? join(left, right, common, r.how) : join(left, right, undefined, r.how === "inner" ? "cross" : r.how);
        }
        return join(left, right, r.using ?? r.on, r.how);
      }
    }
  }

  private table(name: string, pos: number, ctes: Ctes): LogicalPlan {
    const found = ctes.get(name.toLowerCase()) ?? this.session.relation(name);
    if (found) return found;
    const where = lineAndPos(this.text, pos);
    throw new AnalysisException(
      `The table or view \`${name.split(".").join("`.`")}\` cannot be found. Verify the spelling and correctness of the schema and catalog.\nIf you did not qualify the name with a schema, verify the current_schema() output, or qualify the name with the correct schema and catalog.\nTo tolerate the error on drop use DROP VIEW IF EXISTS or DROP TABLE IF EXISTS.; line ${where.line} pos ${where.pos}`,
      "TABLE_OR_VIEW_NOT_FOUND",
    );
  }

  /** An inline table: each row a projection of one row, the rows a union (types widened as Spark's). */
  private values(rows: Expr[][], alias: string | undefined, columns: string[] | undefined, pos: number): LogicalPlan {
    // Every row must have as many values as the alias list (or the first row) names.
    const width = columns ? columns.length : rows[0].length;
    const bad = rows.findIndex((r) => r.length !== width);
    if (bad >= 0)
      throw atPos(this.text, pos, new AnalysisException(
        `Invalid inline table. Inline table expected ${width} columns but found ${rows[bad].length} columns in row ${bad}.`,
        "INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH",
      ));
    const names = columns ?? rows[0].map((_, i) => `col${i + 1}`);
    const one = this.oneRow();
    const parts = rows.map((r) => select(one, r.map((e, i) => ({ kind: "alias", child: e, name: names[i] }))));
    const plan = parts.reduce((a, b) => union(a, b));
    return alias ? qualify(plan, alias) : plan;
  }

  private tableFunction(r: RelationAst & { kind: "function" }): LogicalPlan {
    let plan: LogicalPlan;
    if (r.name === "range") {
      const nums = r.args.map((a) => {
        const v = a.kind === "unary" && a.op === "-" && a.child.kind === "literal" ? -(a.child.value as number) : a.kind === "literal" ? (a.value as number) : NaN;
        if (!Number.isFinite(v)) throw new AnalysisException(`Table-valued function range requires literal arguments.`, "UNSUPPORTED_TABLE_VALUED_FUNCTION");
        return v;
      });
      plan = nums.length === 1 ? this.session.range(0, nums[0], 1) : this.session.range(nums[0], nums[1], nums[2] ?? 1);
    } else {
      plan = select(this.oneRow(), [{ kind: "call", name: r.name, args: r.args, pos: r.pos }]);
    }
    if (r.columns) plan = renameColumns(plan, r.columns);
    return r.alias ? qualify(plan, r.alias) : plan;
  }

  // --- set operations ----------------------------------------------------------------------------

  private setOp(q: QueryAst & { kind: "setOp" }, ctes: Ctes): LogicalPlan {
    const left = this.query(q.left, ctes);
    const right = this.query(q.right, ctes);
    if (q.op === "union") {
      const u = union(left, right);
      return q.all ? u : distinct(u);
    }
    const leftNames = columnsOf(left), rightNames = columnsOf(right);
    if (leftNames.length !== rightNames.length) union(left, right); // Spark's NUM_COLUMNS_MISMATCH
    // INTERSECT / EXCEPT: a semi / anti join on null-safe equality of every column. With ALL,
    // copies are numbered on each side (row_number over the whole row), and the k-th copy on the
    // left matches the k-th on the right: min(m, n) copies intersect, m - n remain after EXCEPT.
    const numbered = (plan: LogicalPlan): LogicalPlan => {
      const cols = columnsOf(plan).map((c): Expr => ({ kind: "attr", parts: [c] }));
      const copy: Expr = { kind: "window", fn: { kind: "call", name: "row_number", args: [] }, spec: { partitionBy: cols, orderBy: cols } };
      return projectWithWindows(plan, [{ kind: "star" }, { kind: "alias", child: copy, name: "__copy" }]);
    };
    const l = qualify(q.all ? numbered(left) : left, "__left");
    const r = qualify(q.all ? numbered(right) : right, "__right");
    const pairs = leftNames.map((c, i) => [c, rightNames[i]]);
    if (q.all) pairs.push(["__copy", "__copy"]);
    const cond = pairs
      .map(([a, b]): Expr => ({ kind: "binary", op: "<=>", left: { kind: "attr", parts: ["__left", a] }, right: { kind: "attr", parts: ["__right", b] } }))
      .reduce((a, b) => ({ kind: "binary", op: "AND", left: a, right: b }));
    const joined = join(l, r, cond, q.op === "intersect" ? "left_semi" : "left_anti");
    return q.all ? keepFirst(joined, leftNames.length) : distinct(joined);
  }
}

/** `LATERAL VIEW [OUTER] gen(…) t AS a, b`: the generator's columns appended to each row. */
function lateralView(plan: LogicalPlan, lv: LateralView): LogicalPlan {
  let gen = lv.generator;
  if (lv.outer && gen.kind === "call" && !gen.name.endsWith("_outer")) gen = { ...gen, name: gen.name + "_outer" };
  const named: Expr = lv.columns.length ? { kind: "alias", child: gen, name: lv.columns[lv.columns.length - 1], names: lv.columns } : gen;
  return select(plan, [{ kind: "star" }, named]);
}

/** The select list's aliases (lower-case) and what they stand for. */
function aliasDefinitions(items: Expr[]): Map<string, Expr> {
  return new Map(items.flatMap((i) => (i.kind === "alias" ? [[i.name.toLowerCase(), i.child] as [string, Expr]] : [])));
}

function startOf(q: QueryAst): number {
  switch (q.kind) {
    case "select": case "values": case "table": return q.pos;
    case "setOp": return startOf(q.left);
    case "organized": return startOf(q.query);
    case "showFunctions": return 0;
    default: return q.pos;
  }
}
