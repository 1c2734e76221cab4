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

/** A stateful streaming operator the micro-batch loop loads, commits and reports. */
type StatefulOperator = StatefulAggregateExec | StreamingDeduplicateExec;

export interface BatchPlanOptions {
  /** spark.sql.shuffle.partitions: the partitions GROUP BY output is ordered by. */
  shufflePartitions?: number;
}

export interface MicroBatchPlanOptions extends BatchPlanOptions {
  batchId: number;
  outputMode: OutputMode;
  /** The watermark this batch runs with (ms; 0: none yet). */
  watermarkMs: number;
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
        const wm = this.micro ? { watermarkUs: this.micro.watermarkMs > 0 ? this.micro.watermarkMs * 1000 : undefined } : undefined;
        const op = new EventTimeWatermarkExec(p, this.plan(p.child), wm);
        if (wm) this.watermarks.push(op);
        return op;
      }
      case "Aggregate": {
        const m = this.micro;
        if (!m || !p.streaming) return new HashAggregateExec(p, this.plan(p.child), this.shufflePartitions);
        // Operator ids go parents first, as the plan is walked (the order state/<id> dirs were made in).
        const operatorId = this.nextOperatorId++;
        const below = this.watermarks.length;
        const child = this.plan(p.child);
        const op = new StatefulAggregateExec(
          p, child, m.stateStores(operatorId), m.outputMode,
          { checkpointLocation: m.checkpointLocation ?? "", runId: m.runId ?? "", operatorId, version: m.batchId, numPartitions: this.shufflePartitions },
          m.watermarkMs > 0 ? m.watermarkMs * 1000 : undefined,
          this.watermarks.slice(below),
        );
        // A window aggregate judges lateness by each row's window end, not its event time.
        if (op.judgesLatenessByWindow) for (const w of this.watermarks.slice(below)) w.dropLate = false;
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
        const op = new StreamingDeduplicateExec(
          p, child, m.stateStores(operatorId),
          { checkpointLocation: m.checkpointLocation ?? "", runId: m.runId ?? "", operatorId, version: m.batchId, numPartitions: this.shufflePartitions },
          m.watermarkMs > 0 ? m.watermarkMs * 1000 : undefined,
          this.watermarks.slice(below),
        );
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
