/**
 * Filter pushdown in streaming plans, the part of Spark's optimizer a learner sees in progress:
 *  - a filter moves below a projection (its column references replaced by their definitions)
 *    and below withWatermark when it does not read the event time (PushPredicateThroughNonJoin),
 *    so the watermark only sees the rows that pass it;
 *  - window(t, …) keeps only rows whose time is not NULL (Spark's TimeWindowing adds
 *    `isnotnull(t)` below the aggregation), so that filter is pushed down like any other;
 *  - an inner join infers `isnotnull(k)` for its equi-join keys (InferFiltersFromConstraints; a
 *    left outer join only for its right side, a right outer one for its left side);
 *  - at a file source (json, csv, parquet, orc) the conjuncts Spark can translate to data source
 *    filters — a column compared with a literal, IS [NOT] NULL, IN, AND / OR / NOT of these —
 *    are pushed into the scan (StreamingRelation.pushedFilters), which reads only the rows that
 *    pass them, so progress' numInputRows does not count the others. The filter stays above too.
 * Only streaming subtrees are rewritten; node ids are kept.
 */
import { LogicalPlan, forEachNode } from "../plan/logical-plan";
import type { Resolved } from "../plan/resolved";
import { BOOLEAN } from "../types/data-types";

type R = Resolved;

const PUSHDOWN_FORMATS = new Set(["json", "csv", "parquet", "orc"]);
const NONDETERMINISTIC = new Set(["rand", "randn", "uuid", "shuffle", "monotonically_increasing_id", "spark_partition_id", "current_timestamp", "now", "input_file_name"]);

function conjuncts(r: R): R[] {
  return r.kind === "fn" && r.op === "and" ? [...conjuncts(r.args[0]), ...conjuncts(r.args[1])] : [r];
}

function and(list: R[]): R {
  return list.reduce((x, y) => ({ kind: "fn", op: "and", args: [x, y], dataType: BOOLEAN, nullable: true, sql: `(${x.sql} AND ${y.sql})` }));
}

function refs(r: R, out = new Set<number>()): Set<number> {
  if (r.kind === "ref") out.add(r.ordinal);
  else if (r.kind === "fn" || r.kind === "agg" || r.kind === "gen") r.args.forEach((a) => refs(a, out));
  else if (r.kind === "alias" || r.kind === "sort") refs(r.child, out);
  return out;
}

function deterministic(r: R): boolean {
  if (r.kind === "gen" || r.kind === "agg") return false;
  if (r.kind === "fn") return !NONDETERMINISTIC.has(r.op) && r.args.every(deterministic);
  if (r.kind === "alias" || r.kind === "sort") return deterministic(r.child);
  return true;
}

/** `r` with each column reference replaced by the projection expression it reads. */
function inline(r: R, exprs: R[]): R {
  switch (r.kind) {
    case "ref": { const e = exprs[r.ordinal]; return e.kind === "alias" ? e.child : e; }
    case "fn": return { ...r, args: r.args.map((a) => inline(a, exprs)) };
    case "alias": return { ...r, child: inline(r.child, exprs) };
    default: return r;
  }
}

/** Whether Spark's DataSourceStrategy.translateFilter turns the predicate into a data source filter. */
function translatable(r: R): boolean {
  if (r.kind !== "fn") return false;
  const a = r.args;
  switch (r.op) {
    case "and": case "or": return translatable(a[0]) && translatable(a[1]);
    case "not": return translatable(a[0]);
    case "isnull": case "isnotnull": return a[0].kind === "ref";
    case "eq": case "eqNullSafe": case "lt": case "le": case "gt": case "ge":
      return (a[0].kind === "ref" && a[1].kind === "lit") || (a[0].kind === "lit" && a[1].kind === "ref");
    case "in": return a[0].kind === "ref" && a.slice(1).every((x) => x.kind === "lit");
    default: return false;
  }
}

function filter(child: LogicalPlan, condition: R, like: LogicalPlan & { kind: "Filter" }): LogicalPlan {
  return { ...like, child, condition, schema: child.schema, streaming: child.streaming };
}

function isNotNull(k: R): R {
  return { kind: "fn", op: "isnotnull", args: [k], dataType: BOOLEAN, nullable: false, sql: `isnotnull(${k.sql})` };
}

let inferredIds = -1;

/** A new Filter node (for an inferred predicate); its id is negative so it never meets a plan's own ids. */
function inferredFilter(child: LogicalPlan, condition: R): LogicalPlan {
  return { kind: "Filter", id: inferredIds--, child, condition, schema: child.schema, streaming: child.streaming };
}

function pushFilter(f: LogicalPlan & { kind: "Filter" }): LogicalPlan {
  const c = f.child;
  if (c.kind === "Project" && c.exprs.every(deterministic)) {
    return { ...c, child: pushFilter(filter(c.child, inline(f.condition, c.exprs), f) as LogicalPlan & { kind: "Filter" }) };
  }
  if (c.kind === "Watermark") {
    const parts = conjuncts(f.condition);
    const down = parts.filter((p) => deterministic(p) && !refs(p).has(c.column));
    if (!down.length) return { ...f, child: pushdown(c) };
    const up = parts.filter((p) => !down.includes(p));
    const moved: LogicalPlan = { ...c, child: pushFilter(filter(c.child, and(down), f) as LogicalPlan & { kind: "Filter" }) };
    return up.length ? inferredFilter(moved, and(up)) : moved;
  }
  if (c.kind === "StreamingRelation" && PUSHDOWN_FORMATS.has(c.format)) {
    const pushed = conjuncts(f.condition).filter(translatable);
    if (pushed.length) return { ...f, child: { ...c, pushedFilters: [...(c.pushedFilters ?? []), ...pushed] } };
  }
  return { ...f, child: pushdown(c) };
}

/** Equi-join keys that are plain columns of a streaming side get isnotnull(k) on that side. */
function inferJoinFilters(j: LogicalPlan & { kind: "Join" }): LogicalPlan {
  const sides = j.how === "inner" || j.how === "left_semi" ? ["left", "right"] : j.how === "left" ? ["right"] : j.how === "right" ? ["left"] : [];
  const withFilter = (side: LogicalPlan, keys: R[]): LogicalPlan => {
    const cols = keys.filter((k) => k.kind === "ref" && side.schema.fields[k.ordinal]?.nullable !== false);
    return side.streaming && cols.length ? inferredFilter(side, and(cols.map(isNotNull))) : side;
  };
  const left = sides.includes("left") ? withFilter(j.left, j.leftKeys) : j.left;
  const right = sides.includes("right") ? withFilter(j.right, j.rightKeys) : j.right;
  return { ...j, left: pushdown(left), right: pushdown(right) };
}

/** window(t) in a GROUP BY over a column t: the isnotnull(t) Spark's TimeWindowing puts under the aggregation. */
function windowFilter(a: LogicalPlan & { kind: "Aggregate" }): LogicalPlan {
  const times: R[] = [];
  for (const g of a.groupBy) {
    const e = g.kind === "alias" ? g.child : g;
    if (e.kind === "fn" && e.op === "window" && e.args[0]?.kind === "ref") times.push(e.args[0]);
  }
  // Under a watermark the filter stops above it (it reads the event time) and only repeats what the
  // aggregation does anyway (a NULL window is dropped): add it only where it can reach the scan.
  let watermarked = false;
  forEachNode(a.child, (n) => { if (n.kind === "Watermark") watermarked = true; });
  const child = times.length && !watermarked ? inferredFilter(a.child, and(times.map(isNotNull))) : a.child;
  return { ...a, child: pushdown(child) };
}

/** The plan with the pushdowns above applied to its streaming parts. */
export function pushdown(p: LogicalPlan): LogicalPlan {
  if (!p.streaming) return p;
  switch (p.kind) {
    case "Filter": return pushFilter(p);
    case "Join": return inferJoinFilters(p);
    case "Aggregate": return windowFilter(p);
    case "Union": return { ...p, children: p.children.map(pushdown) };
    case "SetOperation": return { ...p, left: pushdown(p.left), right: pushdown(p.right) };
    case "LocalRelation": case "DeferredRelation": case "StreamingRelation": return p;
    default: return "child" in p ? ({ ...p, child: pushdown(p.child) } as LogicalPlan) : p;
  }
}
