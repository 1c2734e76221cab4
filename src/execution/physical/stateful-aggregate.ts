/**
 * Streaming aggregation on a versioned state store (Spark's StateStoreRestore → HashAggregate →
 * StateStoreSave). Planned per micro-batch; the operator owns the batch's store. One copy of the
 * state: the groups live in the store's map (revived from its files by GROUP_CODEC) and the
 * aggregation folds rows into them in place, so they stay in memory between batches with nothing
 * beside them; a restart, a re-run or an aborted batch has the store re-read them from disk.
 * After the batch the touched groups are marked changed in the store, whose commit encodes them
 * into the delta and makes version batchId+1 durable.
 */
import type { InternalRow } from "../../connector-api/source";
import type { OutputMode } from "../../connector-api/sink";
import type { StateStore, StateValueCodec } from "../../connector-api/state-store";
import { eventTimeGroupIndex } from "../../plan/event-time";
import type { LogicalPlan } from "../../plan/logical-plan";
import { AggregateFunction, aggregateFunction } from "../aggregates/aggregate-functions";
import { Group, GroupTable, GroupedAggregation, aggregateString } from "./hash-aggregate";
import type { Emit, ExecContext, PhysicalOperator } from "./operator";
import type { EventTimeWatermarkExec } from "./watermark";

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

/** Spark's StatefulOperatorStateInfo, as explain prints it. */
export interface StateInfo {
  checkpointLocation: string;
  runId: string;
  operatorId: number;
  /** The batch id (the state version the batch starts from). */
  version: number;
  numPartitions: number;
}

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

export class StatefulAggregateExec implements PhysicalOperator {
  readonly children: PhysicalOperator[];
  metrics: StateOperatorMetrics = emptyMetrics();
  /** Set before execute() to record the batch's changelog in `changelog` (the web UI; off by default). */
  captureChanges = false;
  changelog?: StateChangelog;
  /** With captureChanges: input rows dropped because their window had closed (rows of the child's schema) and those windows. */
  lateCapture?: { rows: InternalRow[]; windows: unknown[]; limit: number };
  private groups?: StoreGroups;
  private readonly eventTimeIndex: number;

  constructor(
    readonly logical: LogicalPlan & { kind: "Aggregate" },
    readonly child: PhysicalOperator,
    readonly store: StateStore,
    readonly outputMode: OutputMode,
    readonly stateInfo: StateInfo,
    /** The batch's watermark (µs) for evicting closed event-time groups; undefined: none yet. */
    readonly watermarkUs: number | undefined,
    /** Watermark operators below this one (their late rows count in this operator's metrics). */
    private readonly watermarks: EventTimeWatermarkExec[],
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
    const windowed = this.eventTimeIndex >= 0 && isWindow(this.logical, this.eventTimeIndex);
    if (windowed && this.watermarkUs !== undefined) agg.lateWindows = { index: this.eventTimeIndex, watermarkUs: this.watermarkUs, dropped: 0 };
    this.lateCapture = this.captureChanges && agg.lateWindows ? (agg.lateWindows.capture = { rows: [], windows: [], limit: 200 }) : undefined;
    const t0 = Date.now();
    const before = this.captureChanges ? new Set(agg.groups.keys()) : undefined;
    this.child.execute(env, (r) => agg.add(r));
    // Touched groups changed in place: mark them changed (new ones were put when created).
    for (const key of agg.touched) this.store.put(key as string, agg.groups.get(key)!);
    const updatesMs = Date.now() - t0;
    this.changelog = undefined;
    if (before) {
      const log = (this.changelog = newChangelog());
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
    const wm = this.watermarkUs;
    if (wm !== undefined && this.eventTimeIndex >= 0 && this.outputMode !== "complete") {
      const evicted: Group[] = [];
      const keys: unknown[] = [];
      for (const [key, g] of agg.groups) {
        const v = g.values[this.eventTimeIndex];
        const end = Array.isArray(v) ? (v[1] as number) : (v as number);
        if (end !== null && end <= wm) {
          evicted.push(g);
          keys.push(key);
          if (this.changelog) this.changelog.removed.push(agg.output(g));
        }
      }
      for (const key of keys) agg.groups.delete(key);
      removed = keys.length;
      // Evicted groups are read from the state partition by partition, as the others.
      if (this.outputMode === "append") for (const g of agg.ordered(evicted)) out.push(agg.output(g));
    }
    if (this.changelog && this.eventTimeIndex >= 0) {
      this.changelog.eventTimeIndex = this.eventTimeIndex;
      for (const g of agg.groups.values()) this.changelog.open.push(g.values[this.eventTimeIndex]);
    }
    this.metrics = {
      ...emptyMetrics(),
      numRowsTotal: agg.groups.size,
      numRowsUpdated: agg.touched.size,
      numRowsRemoved: removed,
      allUpdatesTimeMs: updatesMs,
      allRemovalsTimeMs: Date.now() - t1,
      memoryUsedBytes: this.store.memoryUsedBytes(),
      numRowsDroppedByWatermark: this.watermarks.reduce((n, w) => n + w.dropped, 0) + (agg.lateWindows?.dropped ?? 0),
    };
    for (const r of out) emit(r);
  }

  readonly operatorName = "stateStoreSave";

  /** Groups by a time window of the event time: late rows are those whose window already closed. */
  get judgesLatenessByWindow(): boolean {
    return this.eventTimeIndex >= 0 && isWindow(this.logical, this.eventTimeIndex);
  }

  /** Spark runs a no-data batch when the watermark moved so that closed windows can be emitted or evicted. */
  needsAnotherBatch(nextWatermarkUs: number): boolean {
    return this.eventTimeIndex >= 0 && this.outputMode !== "complete" && nextWatermarkUs > (this.watermarkUs ?? 0);
  }

  /** Commits the store (version batchId+1); its in-memory groups then hold that version. */
  async commit(): Promise<void> {
    const t = Date.now();
    await this.store.commit();
    this.metrics.commitTimeMs = Date.now() - t;
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
    const wm = this.watermarkUs === undefined ? "0" : String(this.watermarkUs / 1000);
    const mode = this.outputMode[0].toUpperCase() + this.outputMode.slice(1);
    return [`StateStoreSave ${keys}, ${info}, ${mode}, ${wm}, ${wm}, 2`, `StateStoreRestore ${keys}, ${info}, 2`];
  }
}

/** One batch's effect on the state: aggregation output rows (group values, then aggregates). */
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

/** Whether group `index` is a time window (a struct of start and end), not a bare timestamp. */
function isWindow(agg: LogicalPlan & { kind: "Aggregate" }, index: number): boolean {
  let e = agg.groupBy[index];
  if (e.kind === "alias") e = e.child;
  return e.kind === "fn" && e.op === "window";
}

function emptyMetrics(): StateOperatorMetrics {
  return { numRowsTotal: 0, numRowsUpdated: 0, numRowsRemoved: 0, numRowsDroppedByWatermark: 0, allUpdatesTimeMs: 0, allRemovalsTimeMs: 0, commitTimeMs: 0, memoryUsedBytes: 0 };
}
