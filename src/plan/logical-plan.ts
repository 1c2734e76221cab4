/**
 * The logical plan: a closed union of resolved nodes. DataFrames hold one; transformations build
 * a new node on top (analysed eagerly, so mistakes fail where they are written). Every node
 * knows its output `schema` and whether it reads a stream (`streaming`).
 */
import type { StructTypeClass } from "../types/data-types";
import type { ScanHints } from "../connector-api/scan-filter";
import type { InternalRow, Source } from "../connector-api/source";
import type { Resolved } from "./resolved";

let nextId = 1;
export const newPlanId = (): number => nextId++;

interface Base {
  id: number;
  schema: StructTypeClass;
  streaming: boolean;
}

export interface AggCall {
  op: string;
  args: Resolved[];
  distinct: boolean;
  params?: any;
  sql: string;
  /** FILTER (WHERE …): only rows where it is true are aggregated. */
  filter?: Resolved;
}

export type LogicalPlan =
  /** Rows held in memory (createDataFrame, a micro-batch's input). */
  | (Base & { kind: "LocalRelation"; rows: InternalRow[] })
  /**
   * Rows loaded when the plan runs (JDBC, Kafka batch, files): `load` is called once per execution,
   * with what the optimizer pushed down (`pushed`: the columns read above, filters a source may skip by).
   */
  | (Base & { kind: "DeferredRelation"; description: string; load: (pushed?: ScanHints) => Promise<InternalRow[]>; pushed?: ScanHints })
  /**
   * A streaming source; during a micro-batch it is replaced by that batch's rows.
   * `createSource(query)` makes the query's own source, given the checkpoint's sources/<i> dir.
   * `pushedFilters` (set by the optimizer, over the relation's own columns): predicates the scan
   * applies as it reads, as Spark's file sources apply pushed data filters; the rows they drop are
   * never read, so numInputRows does not count them.
   */
  | (Base & { kind: "StreamingRelation"; format: string; description: string; createSource: (query: { metadataDir: string }) => Source; pushedFilters?: Resolved[] })
  /** `qualifier`: the name this projection's columns answer to as `q.col` (SQL's `FROM t AS q`, a view's name). */
  | (Base & { kind: "Project"; child: LogicalPlan; exprs: Resolved[]; qualifier?: string })
  | (Base & { kind: "Filter"; child: LogicalPlan; condition: Resolved })
  /**
   * GROUP BY. `groupBy` and `calls` are bound to the child's rows; `outputs` are bound to the
   * aggregation row `[...group values, ...call results]`.
   */
  | (Base & { kind: "Aggregate"; child: LogicalPlan; groupBy: Resolved[]; calls: AggCall[]; outputs: Resolved[] })
  /**
   * Spark's Expand (rollup, cube, GROUPING SETS): every input row once per projection, each
   * bound to the child's row (the child's columns, the grouping columns with those outside the
   * set nulled, then `spark_grouping_id`).
   */
  | (Base & { kind: "Expand"; child: LogicalPlan; projections: Resolved[][] })
  /**
   * sample()/randomSplit(): each input partition's rows kept when the partition's generator
   * (seeded with seed + partition index) draws in [lowerBound, upperBound); with replacement,
   * each row repeated a Poisson(upperBound - lowerBound) number of times. `sortWithinPartitions`:
   * randomSplit sorts every partition by all its orderable columns first.
   */
  | (Base & { kind: "Sample"; child: LogicalPlan; lowerBound: number; upperBound: number; withReplacement: boolean; seed: bigint; sortWithinPartitions?: boolean })
  | (Base & { kind: "Sort"; child: LogicalPlan; orders: Resolved[] })
  | (Base & { kind: "Limit"; child: LogicalPlan; n: number })
  /** dropDuplicates(keys) / distinct(); `withinWatermark`: dropDuplicatesWithinWatermark (streaming). */
  | (Base & { kind: "Distinct"; child: LogicalPlan; keys?: number[]; withinWatermark?: boolean })
  | (Base & { kind: "Union"; children: LogicalPlan[] })
  /**
   * INTERSECT / EXCEPT, DISTINCT (`all` false: each distinct left row once) or ALL (a left row
   * min(m, n) / m - n times for m copies on the left and n on the right); rows compared null-safe.
   */
  | (Base & { kind: "SetOperation"; op: "intersect" | "except"; all: boolean; left: LogicalPlan; right: LogicalPlan })
  /** The rows after the first `n` (Spark's Offset). */
  | (Base & { kind: "Offset"; child: LogicalPlan; n: number })
  /**
   * describe()/summary(): one row per statistic (count, mean, stddev, min, max, percentiles)
   * with the chosen child columns' statistics as strings.
   */
  | (Base & { kind: "Summary"; child: LogicalPlan; statistics: string[]; columns: number[] })
  /** Equi-join on key expressions (bound to each side), plus an optional residual condition on the joined row. */
  | (Base & { kind: "Join"; left: LogicalPlan; right: LogicalPlan; how: JoinType; leftKeys: Resolved[]; rightKeys: Resolved[]; condition?: Resolved; outputs?: Resolved[] })
  | (Base & { kind: "Watermark"; child: LogicalPlan; column: number; columnName: string; delayMs: number })
  /**
   * Window functions over one window spec: the child's columns followed by one column per
   * function. Rows are shuffled by `partitionBy`, sorted by `orderBy` (Spark's WindowExec).
   */
  | (Base & { kind: "Window"; child: LogicalPlan; partitionBy: Resolved[]; orderBy: Resolved[]; functions: WindowFunction[] });

/** A frame bound in rows or in order-key units: negative before, positive after; ±Infinity unbounded. */
export interface WindowFrame {
  type: "rows" | "range";
  lower: number;
  upper: number;
}

/**
 * One function of a Window node: a ranking/offset function (`op` row_number, rank, dense_rank,
 * percent_rank, cume_dist, ntile, lag, lead, nth_value) or an aggregate (`agg`) over `frame`.
 */
export interface WindowFunction {
  op: string;
  args: Resolved[];
  agg?: AggCall;
  frame: WindowFrame;
  params?: any;
  /** Spark's SQL of the function and of its window spec (`row_number()`, `(ORDER BY id ASC NULLS FIRST …)`). */
  sql: string;
  specSql: string;
}

export type JoinType = "inner" | "left" | "right" | "full" | "left_semi" | "left_anti" | "cross";

export function children(p: LogicalPlan): LogicalPlan[] {
  switch (p.kind) {
    case "LocalRelation":
    case "DeferredRelation":
    case "StreamingRelation":
      return [];
    case "Union":
      return p.children;
    case "Join":
    case "SetOperation":
      return [p.left, p.right];
    default:
      return [p.child];
  }
}

/** Visits every node, parents before children. */
export function forEachNode(p: LogicalPlan, f: (n: LogicalPlan) => void): void {
  f(p);
  for (const c of children(p)) forEachNode(c, f);
}

export function containsId(p: LogicalPlan, id: number): boolean {
  let found = false;
  forEachNode(p, (n) => { if (n.id === id) found = true; });
  return found;
}
