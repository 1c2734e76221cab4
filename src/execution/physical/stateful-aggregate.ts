/**
 * Streaming aggregation on a versioned state store (Spark's StateStoreRestore → HashAggregate →
 * StateStoreSave). Planned per micro-batch; the operator owns the batch's store. One copy of the
 * state: the groups live in the store's map (revived from its files by GROUP_CODEC) and the
 * aggregation folds rows into them in place, so they stay in memory between batches with nothing
 * beside them; a restart, a re-run or an aborted batch has the store re-read them from disk.
 * After the batch the touched groups are marked changed in the store, whose commit encodes them
 * into the delta and makes version batchId+1 durable.
 * Watermarks (Spark 3.5): in append and update mode, groups of this batch whose event time (a
 * window's end, or the grouped timestamp) is at or below the previous batch's watermark are late
 * and dropped; groups at or below this batch's watermark are evicted (append emits them then).
 * Complete mode keeps every group and drops nothing.
 */
import type { InternalRow } from "../../connector-api/source";
import type { OutputMode } from "../../connector-api/sink";
import type { StateStore, StateValueCodec } from "../../connector-api/state-store";
import { eventTimeGroupIndex } from "../../plan/event-time";
import type { LogicalPlan } from "../../plan/logical-plan";
import { AggregateFunction, aggregateFunction } from "../aggregates/aggregate-functions";
import { Group, GroupTable, GroupedAggregation, aggregateString } from "./hash-aggregate";
import type { Emit, ExecContext, PhysicalOperator } from "./operator";
import type { LateRows } from "./hash-aggregate";
import { OperatorWatermarks, StateChangelog, StateInfo, StatefulOperator, StatefulRun, emptyMetrics } from "./stateful-operator";

/**
 * A group as the state files hold it, {"g": group values, "b": buffer states} (the format of
 * earlier checkpoints), and back. One codec per aggregate list, so the store's cache (keyed by
 * codec) survives from batch to batch.
 */
class GroupCodec implements StateValueCodec {
  constructor(private readonly fns: AggregateFunction[]) {}
  persist(live: unknown): unknown {
    const g = live as Group;
    const b = new Array(g.buffers.length);
    for (let i = 0; i < b.length; i++) b[i] = this.fns[i].toState(g.buffers[i]);
    return { g: g.values, b };
  }
  revive(stored: unknown): unknown {
    const v = stored as { g: unknown[]; b: unknown[] };
    const buffers = new Array(v.b.length);
    for (let i = 0; i < buffers.length; i++) buffers[i] = this.fns[i].fromState(v.b[i]);
    const g: Group = { values: v.g, buffers, map: 0, pid: undefined };
    return g;
  }
}
const codecs = new WeakMap<StateStore, { sql: string; codec: GroupCodec }>();

/** The store's groups as a GroupTable: keys are storeKey strings. */
class StoreGroups implements GroupTable {
  constructor(private readonly store: StateStore) {}
  get(key: unknown): Group | undefined {
    return this.store.get(key as string) as Group | undefined;
  }
  set(key: unknown, g: Group): void {
    this.store.put(key as string, g);
  }
  delete(key: unknown): void {
    this.store.remove(key as string);
  }
  get size(): number {
    return this.store.size;
  }
  *keys(): IterableIterator<unknown> {
    for (const [k] of this.store.entries()) yield k;
  }
  *values(): IterableIterator<Group> {
    for (const [, g] of this.store.entries()) yield g as Group;
  }
  [Symbol.iterator](): IterableIterator<[unknown, Group]> {
    return this.store.entries() as IterableIterator<[unknown, Group]>;
  }
}

export class StatefulAggregateExec implements StatefulOperator {
  readonly children: PhysicalOperator[];
  readonly operatorName = "stateStoreSave";
  lastRun: StatefulRun = { metrics: emptyMetrics() };
  private groups?: StoreGroups;
  private readonly eventTimeIndex: number;

  constructor(
    readonly logical: LogicalPlan & { kind: "Aggregate" },
    readonly child: PhysicalOperator,
    readonly store: StateStore,
    readonly outputMode: OutputMode,
    readonly stateInfo: StateInfo,
    readonly watermarks: OperatorWatermarks,
    /** Record the batch's changelog and late rows in lastRun (the web UI; off by default). */
    private readonly capture: { limit: number } | undefined,
  ) {
    this.children = [child];
    this.eventTimeIndex = eventTimeGroupIndex(logical);
  }

  /** Loads the state as of the batch's version (the common case keeps the store's in-memory groups). */
  async load(): Promise<void> {
    const sql = this.logical.calls.map((c) => c.sql).join("\u0001");
    let c = codecs.get(this.store);
    if (!c || c.sql !== sql) codecs.set(this.store, (c = { sql, codec: new GroupCodec(this.logical.calls.map((x) => aggregateFunction(x))) }));
    await this.store.load(this.stateInfo.version, c.codec);
    this.groups = new StoreGroups(this.store);
  }

  /**
   * Folds the batch into the state and emits what the output mode asks for: complete → every
   * group; update → groups changed by this batch; append → groups whose event-time window closed
   * (end ≤ watermark), which then leave the state.
   */
  execute(env: ExecContext, emit: Emit): void {
    if (!this.groups) throw new Error("internal: stateful aggregate executed before load()");
    const agg = new GroupedAggregation(this.logical, env.eval, this.stateInfo.numPartitions);
    agg.storeKeys = true;
    agg.groups = this.groups;
    const lateUs = this.watermarks.lateEventsUs;
    const lateRows: LateRows | undefined = this.capture ? { rows: [], eventTimesMs: [], limit: this.capture.limit } : undefined;
    if (this.eventTimeIndex >= 0 && lateUs !== undefined && this.outputMode !== "complete")
      agg.late = { index: this.eventTimeIndex, watermarkUs: lateUs, keys: new Set(), capture: lateRows };
    const t0 = Date.now();
    const before = this.capture ? new Set(agg.groups.keys()) : undefined;
    this.child.execute(env, (r) => agg.add(r));
    // Touched groups changed in place: mark them changed (new ones were put when created).
    for (const key of agg.touched) this.store.put(key as string, agg.groups.get(key)!);
    const updatesMs = Date.now() - t0;
    const changelog = before ? newChangelog(this.logical.schema) : undefined;
    if (before && changelog) {
      const log = changelog;
      for (const key of agg.touched) (before.has(key) ? log.updated : log.added).push(agg.output(agg.groups.get(key)!));
    }
    const out: InternalRow[] = [];
    let removed = 0;
    const t1 = Date.now();
    // State is read partition by partition in Spark, so output comes in shuffle-partition order.
    if (this.outputMode === "complete") {
      for (const g of agg.ordered()) out.push(agg.output(g));
    } else if (this.outputMode === "update") {
      for (const g of agg.ordered([...agg.touched].map((k) => agg.groups.get(k)!))) out.push(agg.output(g));
    }
    // Groups whose event time fell below the watermark leave the state (append emits them then); complete mode keeps everything.
    const wm = this.watermarks.evictionUs;
    if (wm !== undefined && this.eventTimeIndex >= 0 && this.outputMode !== "complete") {
      const evicted: Group[] = [];
      const keys: unknown[] = [];
      for (const [key, g] of agg.groups) {
        const v = g.values[this.eventTimeIndex];
        const end = Array.isArray(v) ? (v[1] as number) : (v as number);
        if (end !== null && end <= wm) {
          evicted.push(g);
          keys.push(key);
          if (changelog) changelog.removed.push(agg.output(g));
        }
      }
      for (const key of keys) agg.groups.delete(key);
      removed = keys.length;
      // Evicted groups are read from the state partition by partition, as the others.
      if (this.outputMode === "append") for (const g of agg.ordered(evicted)) out.push(agg.output(g));
    }
    if (changelog && this.eventTimeIndex >= 0) {
      changelog.eventTimeIndex = this.eventTimeIndex;
      for (const g of agg.groups.values()) changelog.open.push(g.values[this.eventTimeIndex]);
    }
    const metrics = {
      ...emptyMetrics(),
      numRowsTotal: agg.groups.size,
      numRowsUpdated: agg.touched.size,
      numRowsRemoved: removed,
      allUpdatesTimeMs: updatesMs,
      allRemovalsTimeMs: Date.now() - t1,
      memoryUsedBytes: this.store.memoryUsedBytes(),
      numRowsDroppedByWatermark: agg.late?.keys.size ?? 0,
    };
    this.lastRun = { metrics, changelog, late: lateRows && { schema: this.logical.child.schema, rows: lateRows.rows, eventTimesMs: lateRows.eventTimesMs } };
    for (const r of out) emit(r);
  }

  /**
   * Spark's StateStoreSaveExec.shouldRunAnotherBatch: in append and update mode, a watermark
   * below that moved past the one this batch evicted with calls for a no-data batch (even when
   * no group is keyed by event time).
   */
  needsAnotherBatch(nextWatermarkUs: number): boolean {
    return this.outputMode !== "complete" && this.watermarks.watermarked && nextWatermarkUs > (this.watermarks.evictionUs ?? 0);
  }

  /** Commits the store (version batchId+1); its in-memory groups then hold that version. */
  async commit(): Promise<void> {
    const t = Date.now();
    await this.store.commit();
    this.lastRun.metrics.commitTimeMs = Date.now() - t;
  }

  /** Drops the batch's changes; the groups may hold folded rows, so the store re-reads them from disk. */
  abort(): void {
    this.store.abort();
  }

  simpleString(): string {
    return aggregateString(this.logical);
  }

  innerLines(): string[] {
    const keys = `[${this.logical.groupBy.map((g) => g.sql).join(", ")}]`;
    const s = this.stateInfo;
    const info = `state info [ checkpoint = ${s.checkpointLocation}, runId = ${s.runId}, opId = ${s.operatorId}, ver = ${s.version}, numPartitions = ${s.numPartitions}]`;
    const ms = (us: number | undefined) => (us === undefined ? "0" : String(us / 1000));
    const mode = this.outputMode[0].toUpperCase() + this.outputMode.slice(1);
    return [`StateStoreSave ${keys}, ${info}, ${mode}, ${ms(this.watermarks.lateEventsUs)}, ${ms(this.watermarks.evictionUs)}, 2`, `StateStoreRestore ${keys}, ${info}, 2`];
  }
}

function newChangelog(schema: StateChangelog["schema"]): StateChangelog {
  return { schema, added: [], updated: [], removed: [], open: [], eventTimeIndex: -1 };
}
