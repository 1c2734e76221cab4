/**
 * Grouping analytics (rollup, cube, GROUPING SETS) as Spark plans them: an Expand repeats every
 * input row once per grouping set, with the grouping columns outside the set nulled and a
 * `spark_grouping_id` whose bit (n-1-i) is set when grouping column i is not in the set; the
 * Aggregate above groups by the grouping columns and that id. Sets are lists of indices into
 * the grouping expressions.
 */
import { LogicalPlan, newPlanId } from "../plan/logical-plan";
import { Resolved, outputName } from "../plan/resolved";
import { LONG, StructFieldClass, StructTypeClass } from "../types/data-types";
import { type Expr, mapChildren } from "../expr/expression";

/** ROLLUP(a, b, c): (a, b, c), (a, b), (a), () — Spark's `exprs.inits`. */
export function rollupSets(n: number): number[][] {
  const out: number[][] = [];
  for (let k = n; k >= 0; k--) out.push(Array.from({ length: k }, (_, i) => i));
  return out;
}

/** CUBE(a, b): (a, b), (a), (b), () — Spark's recursive cubeExprs order. */
export function cubeSets(n: number, from = 0): number[][] {
  if (from >= n) return [[]];
  const rest = cubeSets(n, from + 1);
  return [...rest.map((s) => [from, ...s]), ...rest];
}

/**
 * SQL's GROUP BY elements combined as Spark does (the cross product of each element's sets):
 * `a, ROLLUP(b)` is ((a, b), (a)). Elements index the distinct grouping expressions.
 */
export function crossGroupingSets(elements: Array<{ kind: "expr"; index: number } | { kind: "rollup" | "cube"; indices: number[] } | { kind: "sets"; sets: number[][] }>): number[][] {
  let out: number[][] = [[]];
  for (const e of elements) {
    const sets = e.kind === "expr" ? [[e.index]]
      : e.kind === "sets" ? e.sets
      : (e.kind === "rollup" ? rollupSets : cubeSets)(e.indices.length).map((s) => s.map((k) => e.indices[k]));
    out = out.flatMap((a) => sets.map((b) => [...a, ...b.filter((x) => !a.includes(x))]));
  }
  return out;
}

/** The spark_grouping_id of a set over n grouping columns. */
function groupingId(set: number[], n: number): number {
  let id = 0;
  for (let i = 0; i < n; i++) if (!set.includes(i)) id += 2 ** (n - 1 - i);
  return id;
}

export const GROUPING_ID_NAME = "spark_grouping_id";

/** The Expand under a grouping-sets Aggregate: child columns, grouping columns (nullable), the id. */
export function expandForGroupingSets(child: LogicalPlan, groups: Resolved[], sets: number[][]): LogicalPlan & { kind: "Expand" } {
  const fields = child.schema.fields;
  const refs: Resolved[] = fields.map((f, i) => ({ kind: "ref", ordinal: i, name: f.name, dataType: f.dataType, nullable: f.nullable, sql: f.name }));
  const n = groups.length;
  const projections = sets.map((set) => [
    ...refs,
    ...groups.map((g, i): Resolved => (set.includes(i) ? g : { kind: "lit", value: null, dataType: g.dataType, nullable: true, sql: "null" })),
    { kind: "lit", value: groupingId(set, n), dataType: LONG, nullable: false, sql: String(groupingId(set, n)) } as Resolved,
  ]);
  const schema = new StructTypeClass([
    ...fields,
    // A column in every set is never nulled by the Expand, so it keeps its nullability (as Spark's).
    ...groups.map((g, i) => new StructFieldClass(outputName(g), g.dataType, g.nullable || !sets.every((set) => set.includes(i)))),
    new StructFieldClass(GROUPING_ID_NAME, LONG, false),
  ]);
  return { kind: "Expand", id: newPlanId(), child, projections, schema, streaming: child.streaming };
}

/** Hive's `grouping__id` column, which Spark reads as grouping_id() (a select item keeps the name). */
export function groupingIdColumn(e: Expr, top = true): Expr {
  if (e.kind === "attr" && e.parts.length === 1 && e.parts[0].toLowerCase() === "grouping__id") {
    const call: Expr = { kind: "call", name: "grouping_id", args: [], pos: e.pos };
    return top ? { kind: "alias", child: call, name: "grouping__id" } : call;
  }
  return mapChildren(e, (c) => groupingIdColumn(c, false));
}
