/**
 * Streaming aggregation on top of a versioned state store (Spark's StateStoreRestore/Save).
 * The working state is a GroupedAggregation kept in memory between batches; after each batch
 * the touched groups are written to the store, whose commit makes version batchId+1 durable.
 */
import { eventTimeGroupIndex } from "../analysis/unsupported-operations";
import { ExecutionEnv, GroupedAggregation } from "../execution/executor";
import type { LogicalPlan } from "../plan/logical-plan";
import type { OutputMode } from "../connector-api/sink";
import type { InternalRow } from "../connector-api/source";
import type { StateStore } from "../connector-api/state-store";

export interface StateOperatorMetrics {
  numRowsTotal: number;
  numRowsUpdated: number;
  numRowsRemoved: number;
  numRowsDroppedByWatermark: number;
  allUpdatesTimeMs: number;
  allRemovalsTimeMs: number;
  commitTimeMs: number;
  memoryUsedBytes: number;
}

export class StatefulAggregation {
  private agg?: GroupedAggregation;
  /** The state version the in-memory groups hold (undefined when they cannot be trusted). */
  private groupsVersion?: number;
  private readonly eventTimeIndex: number;
  metrics: StateOperatorMetrics = emptyMetrics();
  /** Set before process() to record that batch's changelog in `changelog` (the web UI; off by default). */
  captureChanges = false;
  changelog?: StateChangelog;

  constructor(readonly node: LogicalPlan & { kind: "Aggregate" }, readonly store: StateStore, private readonly outputMode: OutputMode) {
    this.eventTimeIndex = eventTimeGroupIndex(node);
  }

  /**
   * Loads the state as of `version` (= the id of the batch about to run). The common case — the
   * version this operator just committed — keeps the in-memory groups; only a restart, a re-run
   * or an aborted batch rebuilds them from the store.
   */
  async load(version: number, env: ExecutionEnv): Promise<void> {
    await this.store.load(version);
    const agg = new GroupedAggregation(this.node, env.ctx);
    if (this.agg && this.groupsVersion === version) {
      agg.groups = this.agg.groups;
    } else {
      for (const [, value] of this.store.entries()) {
        const v = value as { g: unknown[]; b: unknown[] };
        agg.groups.set(agg.keyFor(v.g), { values: v.g, buffers: v.b.map((s, i) => agg.fns[i].fromState(s)) });
      }
    }
    this.agg = agg;
    this.groupsVersion = version;
  }

  /**
   * Folds one batch into the state and returns the rows the output mode emits:
   * complete → every group; update → groups changed by this batch; append → groups whose
   * event-time window closed (end ≤ watermark), which then leave the state.
   */
  process(feed: (sink: (row: InternalRow) => void) => void, env: ExecutionEnv, watermarkUs: number | undefined): InternalRow[] {
    const agg = this.agg!;
    const t0 = Date.now();
    agg.touched.clear();
    const before = this.captureChanges ? new Set(agg.groups.keys()) : undefined;
    feed((r) => agg.add(r));
    for (const key of agg.touched) {
      const g = agg.groups.get(key)!;
      this.store.put(GroupedAggregation.storeKey(g.values), { g: g.values, b: g.buffers.map((b, i) => agg.fns[i].toState(b)) });
    }
    const updatesMs = Date.now() - t0;
    this.changelog = undefined;
    if (before) {
      const log = (this.changelog = newChangelog());
      for (const key of agg.touched) (before.has(key) ? log.updated : log.added).push(agg.output(agg.groups.get(key)!));
    }
    let out: InternalRow[] = [];
    let removed = 0;
    const t1 = Date.now();
    // State is read partition by partition in Spark, so output comes in shuffle-partition order.
    if (this.outputMode === "complete") {
      for (const g of agg.ordered()) out.push(agg.output(g));
    } else if (this.outputMode === "update") {
      for (const g of agg.ordered([...agg.touched].map((k) => agg.groups.get(k)!))) out.push(agg.output(g));
    }
    // Groups whose event time fell below the watermark leave the state (append emits them then); complete mode keeps everything.
    if (watermarkUs !== undefined && this.eventTimeIndex >= 0 && this.outputMode !== "complete") {
      for (const [key, g] of agg.groups) {
        const v = g.values[this.eventTimeIndex];
        const end = Array.isArray(v) ? (v[1] as number) : (v as number);
        if (end !== null && end <= watermarkUs) {
          if (this.outputMode === "append") out.push(agg.output(g));
          if (before) (this.changelog ??= newChangelog()).removed.push(agg.output(g));
          agg.groups.delete(key);
          this.store.remove(GroupedAggregation.storeKey(g.values));
          removed++;
        }
      }
    }
    if (before && this.eventTimeIndex >= 0) {
      const log = this.changelog!;
      log.eventTimeIndex = this.eventTimeIndex;
      for (const g of agg.groups.values()) log.open.push(g.values[this.eventTimeIndex]);
    }
    this.metrics = {
      ...emptyMetrics(),
      numRowsTotal: agg.groups.size,
      numRowsUpdated: agg.touched.size,
      numRowsRemoved: removed,
      allUpdatesTimeMs: updatesMs,
      allRemovalsTimeMs: Date.now() - t1,
      memoryUsedBytes: this.store.memoryUsedBytes(),
      numRowsDroppedByWatermark: env.droppedByWatermark?.count ?? 0,
    };
    return out;
  }

  async commit(): Promise<void> {
    const t = Date.now();
    this.groupsVersion = await this.store.commit();
    this.metrics.commitTimeMs = Date.now() - t;
  }

  abort(): void {
    this.store.abort();
    this.groupsVersion = undefined; // the failed batch may have folded rows into the groups
  }
}

/** One batch's effect on the state: aggregation output rows (group values then aggregates). */
export interface StateChangelog {
  added: InternalRow[];
  updated: InternalRow[];
  removed: InternalRow[];
  /** The event-time group values (window structs or timestamps) still in the state, and their group index. */
  open: unknown[];
  eventTimeIndex: number;
}

function newChangelog(): StateChangelog {
  return { added: [], updated: [], removed: [], open: [], eventTimeIndex: -1 };
}

function emptyMetrics(): StateOperatorMetrics {
  return { numRowsTotal: 0, numRowsUpdated: 0, numRowsRemoved: 0, numRowsDroppedByWatermark: 0, allUpdatesTimeMs: 0, allRemovalsTimeMs: 0, commitTimeMs: 0, memoryUsedBytes: 0 };
}
