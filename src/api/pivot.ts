/**
 * `groupBy(...).pivot(col[, values])` as Spark's RelationalGroupedDataset and ResolvePivot do it:
 * - without values, the pivot column's distinct values, sorted (nulls first), computed inside
 *   pivot() (more than spark.sql.pivotMaxValues, default 10000, is an error);
 * - output columns: the grouping columns, then for each value (outer) and aggregate (inner) a
 *   column named `value` (one aggregate) or `value_aggregate` (its alias or SQL text);
 * - when every aggregate's type is one Spark's PivotFirst handles (numbers, booleans), it
 *   aggregates by (grouping columns, pivot column) and then picks each value's result, so a
 *   missing combination is null (also for count); otherwise each aggregate's inputs are
 *   wrapped in `if(pivot <=> value, x, null)` (count gives 0 there).
 */
import * as A from "../analysis/plan-builders";
import { exprHasAggregate } from "../analysis/expression-resolver";
import { AGGREGATE_FUNCTIONS } from "../analysis/function-catalog";
import { AnalysisException } from "../errors";
import { literalExpr } from "../expr/column";
import { Expr, mapChildren } from "../expr/expression";
import { executePlanNow } from "../execution/executor";
import { castFunction } from "../values/values";
import { LogicalPlan } from "../plan/logical-plan";
import { Resolved } from "../plan/resolved";
import { BOOLEAN, DataType, INTEGER, STRING, isNumeric } from "../types/data-types";
import type { DataFrame } from "./dataframe";
import { PIVOT_MAX_VALUES, confValue } from "../config/sql-conf";

export interface PivotSpec {
  column: Expr;
  /** The values as written (JS values), or the ones found in the data. */
  values: unknown[];
  /** The pivot column's type (values are cast to it). */
  dataType: DataType;
  /** Whether `values` came from the data (already of the column's type). */
  found: boolean;
  /** SQL's `IN ('A' AS a, …)`: a value's alias names its columns. */
  aliases?: Array<string | undefined>;
}


/** pivot(col[, values]): resolves the column and, without values, finds them now. */
export function pivotSpec(df: DataFrame, column: Expr, values?: unknown[]): PivotSpec {
  const projected = A.project(df.plan, [column]);
  const dataType = projected.schema.fields[0].dataType;
  if (values !== undefined) return { column, values, dataType, found: false };
  const s = df.sparkSession;
  const max = confValue(PIVOT_MAX_VALUES, s.conf);
  const distinct = A.sort(A.limit(A.distinct(projected), max + 1), [{ kind: "attr", parts: [projected.schema.fields[0].name] }]);
  const rows = executePlanNow(distinct, { shufflePartitions: s.shufflePartitions, timeZone: s.timeZone });
  if (!rows)
    throw new AnalysisException(
      "pivot() without a list of values reads the data at once, and this DataFrame reads its source (JDBC, Kafka, files) only when an action runs: pass the values, pivot(column, [v1, v2, …]).",
      "ISKRA_PIVOT_VALUES_REQUIRED",
    );
  if (rows.length > max)
    throw new AnalysisException(
      `The pivot column ${exprText(column)} has more than ${max} distinct values, this could indicate an error. If this was intended, set spark.sql.pivotMaxValues to at least the number of distinct values of the pivot column.`,
      "_LEGACY_ERROR_TEMP_1325",
    );
  return { column, values: rows.map((r) => r[0]), dataType, found: true };
}

/** How Spark prints a Column (its toString): the name of a column reference. */
function exprText(e: Expr): string {
  return e.kind === "attr" ? e.parts.join(".") : e.kind === "alias" ? e.name : JSON.stringify(e);
}

const isAggregate = (e: Expr): boolean => exprHasAggregate(e);

/** PivotFirst's types: Spark picks the per-value result instead of re-aggregating. */
const pivotFirstType = (t: DataType): boolean => isNumeric(t) || t === BOOLEAN || t.typeName === "decimal";

export function pivotPlan(df: DataFrame, groupBy: Expr[], pivot: PivotSpec, aggs: Expr[]): LogicalPlan {
  for (const a of aggs)
    if (!isAggregate(a))
      throw new AnalysisException(`Aggregate expression required for pivot, but '${resolvedSql(df, a)}' did not appear in any aggregate function.`, "_LEGACY_ERROR_TEMP_1006");
  // Each aggregate's name in `value_name`, and its result type.
  const plain = A.aggregate(df.plan, groupBy, aggs, false);
  const aggNames = plain.schema.fields.map((f) => f.name);
  const aggTypes = plain.schema.fields.map((f) => f.dataType);
  const valueNames = pivot.values.map((v, i) => pivot.aliases?.[i] ?? valueName(v, pivot));
  const outName = (vi: number, ai: number) => (aggs.length === 1 ? valueNames[vi] : `${valueNames[vi]}_${aggNames[ai]}`);
  const valueExpr = (v: unknown): Expr => (pivot.found ? { kind: "literal", value: v, dataType: pivot.dataType } : { kind: "cast", child: literalExpr(v), to: pivot.dataType });
  const nG = groupBy.length;

  if (aggTypes.every(pivotFirstType)) {
    // Aggregate by (groups, pivot), then per value the result of its row (max over at most one non-null).
    const first = A.aggregate(df.plan, [...groupBy, pivot.column], aggs, true);
    const names = first.schema.fields.map((_, i) => (i < nG ? `__pivot_g${i}` : i === nG ? "__pivot_value" : `__pivot_a${i - nG - 1}`));
    const renamed = rename(first, names);
    const picks: Expr[] = [];
    pivot.values.forEach((v, vi) => aggs.forEach((_, ai) => picks.push({
      kind: "alias",
      name: outName(vi, ai),
      child: {
        kind: "call", name: "max", args: [{
          kind: "caseWhen",
          branches: [[{ kind: "binary", op: "<=>", left: { kind: "attr", parts: ["__pivot_value"] }, right: valueExpr(v) }, { kind: "attr", parts: [`__pivot_a${ai}`] }]],
        }],
      },
    })));
    const second = A.aggregate(renamed, names.slice(0, nG).map((n) => ({ kind: "attr", parts: [n] }) as Expr), picks, true);
    return rename(second, [...first.schema.fields.slice(0, nG).map((f) => f.name), ...second.schema.fields.slice(nG).map((f) => f.name)]);
  }

  const filtered: Expr[] = [];
  pivot.values.forEach((v, vi) => aggs.forEach((a, ai) => {
    const cond: Expr = { kind: "binary", op: "<=>", left: pivot.column, right: valueExpr(v) };
    filtered.push({ kind: "alias", name: outName(vi, ai), child: onlyWhere(a, cond) });
  }));
  return A.aggregate(df.plan, groupBy, filtered, true);
}

/** An aggregate expression whose aggregate functions see only rows where `cond` holds (first/last ignoring nulls). */
function onlyWhere(e: Expr, cond: Expr): Expr {
  const strip = (x: Expr): Expr => (x.kind === "alias" ? strip(x.child) : x);
  const visit = (x: Expr): Expr => {
    if (x.kind === "call" && AGGREGATE_FUNCTIONS[x.name.toLowerCase()]) {
      const name = x.name.toLowerCase();
      let args = x.args.map((a) => (a.kind === "star" && !a.target ? ({ kind: "literal", value: 1, dataType: INTEGER } as Expr) : a));
      if (name === "first" || name === "last") args = [args[0], { kind: "literal", value: true, dataType: BOOLEAN }];
      const n = name === "first" || name === "last" ? 1 : args.length;
      return { ...x, args: args.map((a, i) => (i < n ? ({ kind: "caseWhen", branches: [[cond, a]] } as Expr) : a)) };
    }
    return mapChildren(x, visit);
  };
  return visit(strip(e));
}

function valueName(v: unknown, pivot: PivotSpec): string {
  if (v === null || v === undefined) return "null";
  if (pivot.found) return String(castFunction(pivot.dataType, STRING)(v));
  const lit = literalExpr(v) as Expr & { kind: "literal" };
  return String(castFunction(lit.dataType, STRING)(lit.value));
}

function resolvedSql(df: DataFrame, e: Expr): string {
  const r = A.resolveProjection(df.plan, [e])[0] as Resolved;
  return r.kind === "alias" ? r.child.sql : r.sql;
}

function rename(p: LogicalPlan, names: string[]): LogicalPlan {
  return A.projectResolved(p, p.schema.fields.map((f, i): Resolved => {
    const ref: Resolved = { kind: "ref", ordinal: i, name: f.name, dataType: f.dataType, nullable: f.nullable, sql: f.name };
    return names[i] === f.name ? ref : { kind: "alias", child: ref, name: names[i], dataType: f.dataType, nullable: f.nullable, sql: f.name };
  }));
}

/**
 * SQL's `FROM t PIVOT (aggregates FOR column IN (values))`: grouped by every column of t that
 * neither the aggregates nor the pivot column read.
 */
export function sqlPivot(df: DataFrame, aggregates: Expr[], column: Expr, values: Array<{ value: Expr; alias?: string }>): LogicalPlan {
  const used = new Set<string>();
  const collect = (e: Expr): Expr => {
    if (e.kind === "attr") used.add(e.parts[e.parts.length > 1 && df.columns.every((c) => c.toLowerCase() !== e.parts[0].toLowerCase()) ? 1 : 0].toLowerCase());
    return mapChildren(e, collect);
  };
  [...aggregates, column].forEach(collect);
  const groupBy: Expr[] = df.columns.filter((c) => !used.has(c.toLowerCase())).map((c) => ({ kind: "attr", parts: [c] }));
  const dataType = A.project(df.plan, [column]).schema.fields[0].dataType;
  const literal = (e: Expr): unknown => {
    if (e.kind === "literal") return e.value;
    if (e.kind === "unary" && e.op === "-" && e.child.kind === "literal" && typeof e.child.value === "number") return -e.child.value;
    throw new AnalysisException(`Literal expressions required for pivot values, found '${JSON.stringify(e)}'.`, "NON_LITERAL_PIVOT_VALUES");
  };
  const spec: PivotSpec = { column, values: values.map((v) => literal(v.value)), dataType, found: false, aliases: values.map((v) => v.alias) };
  return pivotPlan(df, groupBy, spec, aggregates);
}
