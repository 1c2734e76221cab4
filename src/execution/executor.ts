/**
 * Runs a batch plan: deferred leaves (JDBC, Kafka batch, files) are loaded first, then the
 * optimised plan is planned into physical operators (physical/planner.ts) that push rows through
 * fused closures.
 */
import { AnalysisException } from "../errors";
import { LogicalPlan, forEachNode } from "../plan/logical-plan";
import type { InternalRow } from "../connector-api/source";
import { newEvalContext } from "./evaluate";
import { optimize } from "./optimizer";
import { collect } from "./physical/operator";
import { BatchPlanOptions, planBatch } from "./physical/planner";
import { withTimeZone } from "../values/timestamps";

/** Loads every DeferredRelation's rows into `leaves` (by node id); a streaming leaf is an error here. */
async function loadLeaves(plan: LogicalPlan, leaves: Map<number, InternalRow[]>): Promise<void> {
  const pending: Array<Promise<void>> = [];
  forEachNode(plan, (n) => {
    if (leaves.has(n.id)) return;
    if (n.kind === "DeferredRelation") pending.push(n.load().then((rows) => { leaves.set(n.id, rows); }));
    if (n.kind === "StreamingRelation")
      throw new AnalysisException("Queries with streaming sources must be executed with writeStream.start();", "_LEGACY_ERROR_TEMP_3102");
  });
  await Promise.all(pending);
}

export interface ExecutionConf extends BatchPlanOptions {
  /** spark.sql.session.timeZone of the session running the plan (default: this machine's zone). */
  timeZone?: string;
}

/** Executes a batch plan and returns all its rows. */
export async function executePlan(plan: LogicalPlan, conf: ExecutionConf = {}): Promise<InternalRow[]> {
  const leaves = new Map<number, InternalRow[]>();
  await loadLeaves(plan, leaves);
  const run = () => collect(planBatch(optimize(plan), conf), { eval: newEvalContext(), leaves, partition: { current: 0 } });
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
