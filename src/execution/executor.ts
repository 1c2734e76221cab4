/**
 * Runs a batch plan: deferred leaves (JDBC, Kafka batch, files) are loaded first, then the
 * optimised plan is planned into physical operators (physical/planner.ts) that push rows through
 * fused closures.
 */
import { AnalysisException } from "../errors";
import { LogicalPlan, forEachNode } from "../plan/logical-plan";
import type { InternalRow } from "../connector-api/source";
import type { ScanHints } from "../connector-api/scan-filter";
import { newEvalContext } from "./evaluate";
import { optimize } from "./optimizer";
import { collect } from "./physical/operator";
import { BatchPlanOptions, planBatch } from "./physical/planner";
import { withTimeZone } from "../values/timestamps";

/**
 * Loads every DeferredRelation's rows into `leaves` (by node id), with what the optimizer pushed to
 * it; a streaming leaf is an error here. A relation used twice (a self-join) loads once, with the
 * union of the columns read and no filters unless both uses push the same ones.
 */
async function loadLeaves(plan: LogicalPlan, leaves: Map<number, InternalRow[]>): Promise<void> {
  const uses = new Map<number, Array<LogicalPlan & { kind: "DeferredRelation" }>>();
  forEachNode(plan, (n) => {
    if (n.kind === "DeferredRelation" && !leaves.has(n.id)) uses.set(n.id, [...(uses.get(n.id) ?? []), n]);
    if (n.kind === "StreamingRelation")
      throw new AnalysisException("Queries with streaming sources must be executed with writeStream.start();", "_LEGACY_ERROR_TEMP_3102");
  });
  await Promise.all([...uses].map(async ([id, ns]) => { leaves.set(id, await ns[0].load(mergePushed(ns.map((n) => n.pushed)))); }));
}

function mergePushed(all: Array<ScanHints | undefined>): ScanHints | undefined {
  if (all.length === 1) return all[0];
  if (all.some((h) => !h?.columns)) return undefined;
  const columns = new Set(all.flatMap((h) => [...h!.columns!]));
  const f = JSON.stringify(all[0]?.filters ?? []);
  return { columns, filters: all.every((h) => JSON.stringify(h?.filters ?? []) === f) ? all[0]?.filters : undefined };
}

export interface ExecutionConf extends BatchPlanOptions {
  /** spark.sql.session.timeZone of the session running the plan (default: this machine's zone). */
  timeZone?: string;
}

/** Executes a batch plan and returns all its rows. */
export async function executePlan(plan: LogicalPlan, conf: ExecutionConf = {}): Promise<InternalRow[]> {
  const leaves = new Map<number, InternalRow[]>();
  const optimized = optimize(plan);
  await loadLeaves(optimized, leaves);
  const run = () => collect(planBatch(optimized, conf), { eval: newEvalContext(), leaves, partition: { current: 0 } });
  return conf.timeZone ? withTimeZone(conf.timeZone, run) : run();
}

/**
 * Runs a batch plan at once, without awaiting (pivot's distinct values, which PySpark computes
 * inside `pivot()`); a plan reading a deferred leaf (JDBC, Kafka, files) returns undefined.
 */
export function executePlanNow(plan: LogicalPlan, conf: ExecutionConf = {}): InternalRow[] | undefined {
  let deferred = false;
  forEachNode(plan, (n) => {
    if (n.kind === "DeferredRelation") deferred = true;
    if (n.kind === "StreamingRelation")
      throw new AnalysisException("Queries with streaming sources must be executed with writeStream.start();", "_LEGACY_ERROR_TEMP_3102");
  });
  if (deferred) return undefined;
  const run = () => collect(planBatch(optimize(plan), conf), { eval: newEvalContext(), leaves: new Map(), partition: { current: 0 } });
  return conf.timeZone ? withTimeZone(conf.timeZone, run) : run();
}
