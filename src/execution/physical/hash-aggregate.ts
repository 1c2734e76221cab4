/** GROUP BY in a batch query (Spark's HashAggregateExec), and the group table it and the streaming aggregate share. */
import type { InternalRow } from "../../connector-api/source";
import type { AggCall, LogicalPlan } from "../../plan/logical-plan";
import type { Resolved } from "../../plan/resolved";
import { AggregateFunction, aggregateFunction } from "../aggregates/aggregate-functions";
import { partitionOf } from "../aggregates/murmur3";
import { EvalContext, Evaluator, compile, slidingWindows } from "../evaluate";
import { valueKey } from "../../values/values";
import type { Emit, ExecContext, PhysicalOperator } from "./operator";
import { SHUFFLE_PARTITIONS, confDefault } from "../../config/sql-conf";

/** spark.sql.shuffle.partitions' default: GROUP BY output is ordered by the partition of its key. */
export const DEFAULT_SHUFFLE_PARTITIONS = confDefault(SHUFFLE_PARTITIONS);

export class HashAggregateExec implements PhysicalOperator {
  readonly children: PhysicalOperator[];
  constructor(readonly logical: LogicalPlan & { kind: "Aggregate" }, readonly child: PhysicalOperator, readonly shufflePartitions: number) {
    this.children = [child];
  }

  execute(env: ExecContext, emit: Emit): void {
    const state = new GroupedAggregation(this.logical, env.eval, this.shufflePartitions, env.partition);
    this.child.execute(env, (r) => state.add(r));
    state.emitAll(emit);
  }

  simpleString(): string {
    return aggregateString(this.logical);
  }
}

export function aggregateString(p: LogicalPlan & { kind: "Aggregate" }): string {
  return `HashAggregate(keys=[${p.groupBy.map((g) => g.sql).join(", ")}], functions=[${p.calls.map((c) => c.sql).join(", ")}])`;
}

export interface Group {
  values: unknown[];
  buffers: unknown[];
  /** Input partition where the group first appeared (batch ordering). */
  map?: number;
  /** Shuffle partition of the key, computed on demand. */
  pid?: number;
  /**
   * Batch only: the buffers of the input partitions before the current one (`part`), already merged
   * into fresh buffers as Spark's final aggregate merges its partial ones, so that doubles round alike.
   */
  merged?: unknown[];
  part?: number;
}

/** Where a GroupedAggregation keeps its groups: a Map, or a view of a state store (one copy of the state). */
export interface GroupTable {
  get(key: unknown): Group | undefined;
  set(key: unknown, g: Group): unknown;
  delete(key: unknown): unknown;
  readonly size: number;
  keys(): IterableIterator<unknown>;
  values(): IterableIterator<Group>;
  [Symbol.iterator](): IterableIterator<[unknown, Group]>;
}

/** Late input rows kept for the web UI: the rows, and each one's event time (a window's start) in ms. */
export interface LateRows { rows: InternalRow[]; eventTimesMs: number[]; limit: number }

function isWindowExpr(g: Resolved): boolean {
  const e = g.kind === "alias" ? g.child : g;
  return e.kind === "fn" && e.op === "window";
}

/** GROUP BY state: group key → (group values, aggregate buffers). */
export class GroupedAggregation {
  /** Group key (see keyFor) → group values and aggregate buffers. */
  groups: GroupTable = new Map<unknown, Group>();
  /** Key groups by `storeKey` rather than `keyOf` (the groups live in a state store). */
  storeKeys = false;
  readonly fns: AggregateFunction[];
  private readonly groupEvals: Evaluator[];
  private readonly argEvals: Evaluator[][];
  /** Per call, its FILTER (WHERE …): rows where it is not true leave the buffer as it is. */
  private readonly filterEvals: Array<Evaluator | undefined>;
  private readonly sliding?: { index: number; durationUs: number; slideUs: number; startUs: number; source: Evaluator };
  private readonly finalEvals: Evaluator[];
  /** Keys touched since the last `touched.clear()`, for update mode. */
  readonly touched = new Set<unknown>();
  private readonly argScratch: unknown[][];
  private readonly keyTypes: string[];
  /**
   * Streaming aggregates with a watermarked event-time group (Spark's StateStoreSaveExec in append
   * and update mode): a group whose event time — a window's end, or the timestamp itself — is at or
   * below `watermarkUs` is late and left out of the state. `keys` holds the distinct late groups
   * (Spark counts numRowsDroppedByWatermark after the partial aggregation: one per group);
   * `capture`, when set, keeps the first input rows that fell into them (the web UI).
   */
  late?: { index: number; watermarkUs: number; keys: Set<unknown>; capture?: LateRows };
  /** Group indexes that are time windows: a row whose window is NULL (NULL time) is dropped, as Spark's TimeWindowing filter does. */
  private readonly windowIndexes: number[];

  constructor(
    readonly plan: LogicalPlan & { kind: "Aggregate" },
    ctx: EvalContext,
    private readonly shufflePartitions = DEFAULT_SHUFFLE_PARTITIONS,
    private readonly partition?: { current: number },
  ) {
    this.keyTypes = plan.groupBy.map((g) => g.dataType.typeName);
    const shared: EvalContext = { ...ctx, shared: new Map() };
    this.fns = plan.calls.map((c: AggCall) => aggregateFunction(c));
    this.groupEvals = plan.groupBy.map((g) => compile(g, shared));
    this.argEvals = plan.calls.map((c) => c.args.map((a) => compile(a, shared)));
    this.filterEvals = plan.calls.map((c) => (c.filter ? compile(c.filter, shared) : undefined));
    // A sliding window, aliased or not (groupBy(window(…).alias("window"))): each row joins every window covering it.
    const unalias = (g: Resolved) => (g.kind === "alias" ? g.child : g);
    const wi = plan.groupBy.findIndex((g) => { const e = unalias(g); return e.kind === "fn" && e.op === "window" && e.params.slideUs !== e.params.durationUs; });
    if (wi >= 0) {
      const w = unalias(plan.groupBy[wi]) as Resolved & { kind: "fn" };
      this.sliding = { index: wi, ...w.params, source: compile(w.args[0], shared) };
    }
    this.windowIndexes = plan.groupBy.flatMap((g, i) => (isWindowExpr(g) ? [i] : []));
    this.finalEvals = plan.outputs.map((o) => compile(o, ctx));
    this.argScratch = plan.calls.map((c) => new Array(c.args.length));
  }

  /**
   * The in-memory map key of a group: the value itself for one primitive column (no string
   * building per row), else a composite string. `storeKey` is the stable form for state stores.
   */
  keyFor(values: unknown[]): unknown {
    return this.storeKeys ? GroupedAggregation.storeKey(values) : GroupedAggregation.keyOf(values);
  }

  static keyOf(values: unknown[]): unknown {
    if (values.length === 1) {
      const v = values[0];
      if (v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
      return valueKey(v);
    }
    if (values.length === 0) return "";
    return values.map(valueKey).join("\u0001");
  }

  static storeKey(values: unknown[]): string {
    return values.length === 1 ? valueKey(values[0]) : values.map(valueKey).join("\u0001");
  }

  add(row: InternalRow): void {
    const nG = this.groupEvals.length;
    const values = new Array(nG);
    for (let i = 0; i < nG; i++) values[i] = this.groupEvals[i](row);
    if (this.sliding) {
      const ts = this.sliding.source(row) as number | null;
      if (ts === null) return;
      for (const w of slidingWindows(ts, this.sliding.durationUs, this.sliding.slideUs, this.sliding.startUs)) {
        const v = values.slice();
        v[this.sliding.index] = w;
        if (!this.isLate(v, row)) this.addGrouped(v, row);
      }
      return;
    }
    for (const i of this.windowIndexes) if (values[i] === null) return;
    if (!this.isLate(values, row)) this.addGrouped(values, row);
  }

  private isLate(values: unknown[], row: InternalRow): boolean {
    const late = this.late;
    if (!late) return false;
    const v = values[late.index];
    const t = Array.isArray(v) ? v[1] : v;
    if (typeof t !== "number" || t > late.watermarkUs) return false;
    late.keys.add(this.keyFor(values));
    const c = late.capture;
    if (c && c.rows.length < c.limit) { c.rows.push(row); c.eventTimesMs.push((Array.isArray(v) ? (v[0] as number) : t) / 1000); }
    return true;
  }

  private addGrouped(values: unknown[], row: InternalRow): void {
    const key = this.keyFor(values);
    let g = this.groups.get(key);
    if (!g) {
      // pid in the literal: every group has one shape, with no property array added later.
      g = { values, buffers: this.fns.map((f) => f.init()), map: this.partition?.current ?? 0, pid: undefined };
      this.groups.set(key, g);
    }
    this.touched.add(key);
    if (this.partition && (g.part ?? g.map) !== this.partition.current) {
      g.merged = this.finalBuffers(g);
      g.buffers = this.fns.map((f) => f.init());
      g.part = this.partition.current;
    }
    const bufs = g.buffers;
    for (let i = 0; i < this.fns.length; i++) {
      const filter = this.filterEvals[i];
      if (filter && filter(row) !== true) continue;
      const ev = this.argEvals[i];
      const args = this.argScratch[i];
      for (let j = 0; j < ev.length; j++) args[j] = ev[j](row);
      bufs[i] = this.fns[i].update(bufs[i], args);
    }
  }

  /** The shuffle partition of a group's key (cached on the group). */
  partitionOf(g: Group): number {
    if (g.pid === undefined) g.pid = partitionOf(g.values, this.keyTypes, this.shufflePartitions);
    return g.pid;
  }

  /** Groups in the order Spark emits them: by input partition of first appearance, then shuffle partition. */
  ordered(groups: Iterable<Group> = this.groups.values()): Group[] {
    const list = [...groups];
    return list
      .map((g, i) => ({ g, i, m: g.map ?? 0, p: this.partitionOf(g) }))
      .sort((a, b) => a.m - b.m || a.p - b.p || a.i - b.i)
      .map((x) => x.g);
  }

  /** A group's buffers merged over its input partitions: init, then each partition's partial buffer in order. */
  private finalBuffers(g: Group): unknown[] {
    if (!this.partition) return g.buffers;
    return this.fns.map((f, i) => f.merge(g.merged ? g.merged[i] : f.init(), g.buffers[i]));
  }

  /** The output row of one group. */
  output(g: Group): InternalRow {
    const aggRow = [...g.values, ...this.finalBuffers(g).map((b, i) => this.fns[i].finish(b))];
    return this.finalEvals.map((e) => e(aggRow));
  }

  emitAll(emit: Emit): void {
    // A global aggregate (no GROUP BY) over no rows still yields one row, as in SQL.
    if (this.groups.size === 0 && this.groupEvals.length === 0) {
      emit(this.output({ values: [], buffers: this.fns.map((f) => f.init()) }));
      return;
    }
    for (const g of this.ordered()) emit(this.output(g));
  }
}
