/**
 * Plans an optimised logical plan into physical operators: `planBatch` for a batch query,
 * `planMicroBatch` for one micro-batch of a streaming query (Spark's IncrementalExecution),
 * where streaming aggregates become stateful operators owning their state store and watermark
 * nodes carry the batch's watermark.
 */
import type { OutputMode } from "../../connector-api/sink";
import type { StateStore } from "../../connector-api/state-store";
import { LogicalPlan } from "../../plan/logical-plan";
import { FilterExec } from "./filter";
import { DEFAULT_SHUFFLE_PARTITIONS, HashAggregateExec } from "./hash-aggregate";
import { HashJoinExec, JoinOrder } from "./join";
import { LimitExec } from "./limit";
import { DistinctExec } from "./distinct";
import type { PhysicalOperator } from "./operator";
import { ProjectExec } from "./project";
import { LoadedScanExec, LocalTableScanExec } from "./scan";
import { SortExec } from "./sort";
import { StatefulAggregateExec } from "./stateful-aggregate";
import { UnionExec } from "./union";
import { EventTimeWatermarkExec } from "./watermark";
import { StreamingDeduplicateExec } from "./streaming-dedup";
import { WindowExec } from "./window";
import { ExpandExec } from "./expand";
import { SampleExec } from "./sample";
import { SetOperationExec } from "./set-operation";
import { OffsetExec } from "./offset";
import { SummaryExec } from "./summary";

import type { OperatorWatermarks, StatefulOperator } from "./stateful-operator";

export interface BatchPlanOptions {
  /** spark.sql.shuffle.partitions: the partitions GROUP BY output is ordered by. */
  shufflePartitions?: number;
}

export interface MicroBatchPlanOptions extends BatchPlanOptions {
  batchId: number;
  outputMode: OutputMode;
  /** The watermark this batch runs with (ms; 0: none yet): stateful operators evict state with it. */
  watermarkMs: number;
  /** The watermark the previous batch ran with (ms; 0: none): stateful operators drop late rows with it. Default 0. */
  lateEventsWatermarkMs?: number;
  /** Stateful operators keep what the web UI shows of a batch (state changes, late rows), up to `limit` rows each. */
  capture?: { limit: number };
  /** The state store of each stateful operator, by operator id (0, 1, … in plan order, parents first). */
  stateStores: (operatorId: number) => StateStore;
  /** For explain's state info. */
  checkpointLocation?: string;
  runId?: string;
}

/** One micro-batch's physical plan, with the operators the loop drives around execution. */
export interface MicroBatchPlan {
  root: PhysicalOperator;
  stateful: StatefulOperator[];
  watermarks: EventTimeWatermarkExec[];
}

export function planBatch(plan: LogicalPlan, opts: BatchPlanOptions = {}): PhysicalOperator {
  return new Planner(opts.shufflePartitions ?? DEFAULT_SHUFFLE_PARTITIONS).plan(plan);
}

export function planMicroBatch(plan: LogicalPlan, opts: MicroBatchPlanOptions): MicroBatchPlan {
  const planner = new Planner(opts.shufflePartitions ?? DEFAULT_SHUFFLE_PARTITIONS, opts);
  const root = planner.plan(plan);
  const stateful = planner.stateful.sort((a, b) => a.stateInfo.operatorId - b.stateInfo.operatorId);
  return { root, stateful, watermarks: planner.watermarks };
}

class Planner {
  readonly stateful: StatefulOperator[] = [];
  readonly watermarks: EventTimeWatermarkExec[] = [];
  private nextOperatorId = 0;

  constructor(private readonly shufflePartitions: number, private readonly micro?: MicroBatchPlanOptions) {}

  private stateInfo(operatorId: number) {
    const m = this.micro!;
    return { checkpointLocation: m.checkpointLocation ?? "", runId: m.runId ?? "", operatorId, version: m.batchId, numPartitions: this.shufflePartitions };
  }

  /**
   * Every stateful operator gets the batch's global watermarks: Spark 3.5 propagates the global
   * watermark unchanged through aggregations and deduplications, so chained operators share it.
   * `below`: the number of watermark operators planned before this one's child.
   */
  private operatorWatermarks(below: number): OperatorWatermarks {
    const m = this.micro!;
    // Spark gives an operator with a watermark below Some(max(watermark, 0)) for both, none otherwise.
    const watermarked = this.watermarks.length > below;
    const us = (ms: number | undefined) => (watermarked ? Math.max(ms ?? 0, 0) * 1000 : undefined);
    return { lateEventsUs: us(m.lateEventsWatermarkMs), evictionUs: us(m.watermarkMs), watermarked };
  }

  plan(p: LogicalPlan): PhysicalOperator {
    switch (p.kind) {
      case "LocalRelation":
        return new LocalTableScanExec(p);
      case "DeferredRelation":
      case "StreamingRelation":
        return new LoadedScanExec(p);
      case "Project":
        return new ProjectExec(p, this.plan(p.child));
      case "Filter":
        return new FilterExec(p, this.plan(p.child));
      case "Watermark": {
        const op = new EventTimeWatermarkExec(p, this.plan(p.child), !!this.micro);
        if (this.micro) this.watermarks.push(op);
        return op;
      }
      case "Aggregate": {
        const m = this.micro;
        if (!m || !p.streaming) return new HashAggregateExec(p, this.plan(p.child), this.shufflePartitions);
        // Operator ids go parents first, as the plan is walked (the order state/<id> dirs were made in).
        const operatorId = this.nextOperatorId++;
        const below = this.watermarks.length;
        const child = this.plan(p.child);
        const op = new StatefulAggregateExec(p, child, m.stateStores(operatorId), m.outputMode, this.stateInfo(operatorId), this.operatorWatermarks(below), m.capture);
        this.stateful.push(op);
        return op;
      }
      case "Sort":
        return new SortExec(p, this.plan(p.child));
      case "Limit":
        return new LimitExec(p, this.plan(p.child));
      case "Distinct": {
        const m = this.micro;
        if (!m || !p.streaming) return new DistinctExec(p, this.plan(p.child));
        const operatorId = this.nextOperatorId++;
        const below = this.watermarks.length;
        const child = this.plan(p.child);
        const op = new StreamingDeduplicateExec(p, child, m.stateStores(operatorId), this.stateInfo(operatorId), this.operatorWatermarks(below), m.capture);
        this.stateful.push(op);
        return op;
      }
      case "Union":
        return new UnionExec(p, p.children.map((c) => this.plan(c)));
      case "Join":
        return new HashJoinExec(p, this.plan(p.left), this.plan(p.right), this.micro ? streamStaticJoinOrder(p, this.shufflePartitions) : undefined);
      case "Window":
        return new WindowExec(p, this.plan(p.child));
      case "Expand":
        return new ExpandExec(p, this.plan(p.child));
      case "Sample":
        return new SampleExec(p, this.plan(p.child));
      case "SetOperation":
        return new SetOperationExec(p, this.plan(p.left), this.plan(p.right));
      case "Offset":
        return new OffsetExec(p, this.plan(p.child));
      case "Summary":
        return new SummaryExec(p, this.plan(p.child));
    }
  }
}

/** A stream-static join's strategy in a micro-batch: the stream's side broadcast when the join type allows, else sort-merge. */
function streamStaticJoinOrder(p: LogicalPlan & { kind: "Join" }, shufflePartitions: number): JoinOrder | undefined {
  if (p.left.streaming === p.right.streaming || !p.leftKeys.length) return undefined;
  const streamSide = p.left.streaming ? "left" : "right";
  const canBuild = streamSide === "left" ? p.how === "inner" : ["inner", "left", "left_semi", "left_anti"].includes(p.how);
  return canBuild ? { kind: "broadcast-stream", streamSide } : { kind: "sort-merge", shufflePartitions };
}
