/**
 * Runs a logical plan. Leaves are loaded first (DeferredRelation loads, a micro-batch's rows for
 * StreamingRelation), then rows are pushed through fused operators: projections and filters do
 * not materialise intermediate arrays; Aggregate, Sort, Distinct and Join are pipeline breakers.
 */
import { AnalysisException, IskraError } from "../errors";
import { AggCall, LogicalPlan, forEachNode } from "../plan/logical-plan";
import { Resolved } from "../plan/resolved";
import type { InternalRow } from "../connector-api/source";
import { AggregateFunction, aggregateFunction } from "./aggregates/aggregate-functions";
import { EvalContext, Evaluator, compile, newEvalContext, slidingWindows } from "./evaluate";
import { compareValues, valueKey } from "./values";
import { optimize } from "./optimizer";
import { partitionOf } from "./aggregates/murmur3";

export type Emit = (row: InternalRow) => void;

/** Event times (µs) seen by a Watermark node in one execution: for the next watermark and progress. */
export interface EventTimeStats { max: number; min: number; sum: number; count: number }

export interface ExecutionEnv {
  ctx: EvalContext;
  /** Rows of leaves, by plan node id (loaded deferred relations, micro-batch inputs). */
  leaves: Map<number, InternalRow[]>;
  /**
   * Hook for stateful streaming: when set, an Aggregate node whose id is listed is executed by
   * this function instead (it merges the batch into the state store and emits the output rows).
   */
  statefulAggregate?: (node: LogicalPlan & { kind: "Aggregate" }, feed: (sink: Emit) => void, env: ExecutionEnv) => InternalRow[];
  /** Rows already at or below the watermark are dropped here (streaming); by Watermark node id. */
  watermarkUs?: Map<number, number>;
  /** Counts rows dropped by the watermark, for progress. */
  droppedByWatermark?: { count: number };
  /** When set, the first `limit` late rows themselves (the web UI's event-time view). */
  lateRows?: { rows: InternalRow[]; limit: number };
  /** When set, Watermark nodes record the event times passing through them (by node id). */
  eventTimes?: Map<number, EventTimeStats>;
  /**
   * The input partition the row being pushed comes from. A local relation is sliced like
   * `sc.parallelize` over `local[2]`, so aggregation output comes out in Spark's order.
   */
  partition?: { current: number };
}

/** local[2]: the parallelism a local relation is sliced into (ParallelCollectionRDD.slice). */
export const DEFAULT_PARALLELISM = 2;
/** spark.sql.shuffle.partitions: GROUP BY output is ordered by the partition of its key. */
export const SHUFFLE_PARTITIONS = 200;

export async function loadLeaves(plan: LogicalPlan, leaves: Map<number, InternalRow[]>): Promise<void> {
  const pending: Array<Promise<void>> = [];
  forEachNode(plan, (n) => {
    if (leaves.has(n.id)) return;
    if (n.kind === "DeferredRelation") pending.push(n.load().then((rows) => { leaves.set(n.id, rows); }));
    if (n.kind === "StreamingRelation")
      throw new AnalysisException("Queries with streaming sources must be executed with writeStream.start();", "_LEGACY_ERROR_TEMP_3102");
  });
  await Promise.all(pending);
}

/** Executes a batch plan and returns all its rows. */
export async function executePlan(plan: LogicalPlan, leaves = new Map<number, InternalRow[]>()): Promise<InternalRow[]> {
  await loadLeaves(plan, leaves);
  return collectRows(optimize(plan), { ctx: newEvalContext(), leaves, partition: { current: 0 } });
}

export function collectRows(plan: LogicalPlan, env: ExecutionEnv): InternalRow[] {
  const out: InternalRow[] = [];
  run(plan, env, (r) => out.push(r));
  return out;
}

class StopEarly extends Error {}

/** Pushes every output row of `plan` into `emit`. */
export function run(plan: LogicalPlan, env: ExecutionEnv, emit: Emit): void {
  switch (plan.kind) {
    case "LocalRelation": {
      const rows = plan.rows;
      const part = env.partition;
      if (!part) { for (const r of rows) emit(r); return; }
      const n = rows.length;
      for (let s = 0; s < DEFAULT_PARALLELISM; s++) {
        part.current = s;
        const end = Math.floor(((s + 1) * n) / DEFAULT_PARALLELISM);
        for (let i = Math.floor((s * n) / DEFAULT_PARALLELISM); i < end; i++) emit(rows[i]);
      }
      part.current = 0;
      return;
    }
    case "DeferredRelation":
    case "StreamingRelation": {
      const rows = env.leaves.get(plan.id);
      if (!rows) throw new IskraError(`internal: leaf ${plan.kind} ${plan.id} was not loaded`);
      for (const r of rows) emit(r);
      return;
    }
    case "Project":
      return runProject(plan, env, emit);
    case "Filter": {
      const cond = compile(plan.condition, { ...env.ctx, shared: new Map() });
      run(plan.child, env, (r) => { if (cond(r) === true) emit(r); });
      return;
    }
    case "Watermark": {
      const wm = env.watermarkUs?.get(plan.id);
      const col = plan.column;
      let stats: EventTimeStats | undefined;
      if (env.eventTimes) {
        stats = env.eventTimes.get(plan.id) ?? { max: -Infinity, min: Infinity, sum: 0, count: 0 };
        env.eventTimes.set(plan.id, stats);
      }
      if (wm === undefined && !stats) return run(plan.child, env, emit);
      // Every row counts towards the next watermark (as Spark's EventTimeWatermarkExec); late ones are then dropped.
      run(plan.child, env, (r) => {
        const t = r[col] as number | null;
        if (t !== null && stats) {
          if (t > stats.max) stats.max = t;
          if (t < stats.min) stats.min = t;
          stats.sum += t;
          stats.count++;
        }
        if (wm !== undefined && t !== null && t <= wm) {
          if (env.droppedByWatermark) env.droppedByWatermark.count++;
          if (env.lateRows && env.lateRows.rows.length < env.lateRows.limit) env.lateRows.rows.push(r);
          return;
        }
        emit(r);
      });
      return;
    }
    case "Aggregate": {
      if (env.statefulAggregate && plan.streaming) {
        const feed = (sink: Emit) => run(plan.child, env, sink);
        for (const r of env.statefulAggregate(plan, feed, env)) emit(r);
        return;
      }
      const state = new GroupedAggregation(plan, env.ctx, env.partition);
      run(plan.child, env, (r) => state.add(r));
      state.emitAll(emit);
      return;
    }
    case "Sort": {
      const rows = collectRows(plan.child, env);
      for (const r of sortRows(rows, plan.orders, env.ctx)) emit(r);
      return;
    }
    case "Limit": {
      let n = 0;
      if (plan.n === 0) return;
      try {
        run(plan.child, env, (r) => {
          emit(r);
          if (++n >= plan.n) throw new StopEarly();
        });
      } catch (e) {
        if (!(e instanceof StopEarly)) throw e;
      }
      return;
    }
    case "Distinct": {
      const seen = new Set<string>();
      const keys = plan.keys;
      run(plan.child, env, (r) => {
        const k = keys ? keys.map((i) => valueKey(r[i])).join("\u0001") : valueKey(r);
        if (!seen.has(k)) { seen.add(k); emit(r); }
      });
      return;
    }
    case "Union":
      for (const c of plan.children) run(c, env, emit);
      return;
    case "Join":
      return runJoin(plan, env, emit);
  }
}

function runProject(plan: LogicalPlan & { kind: "Project" }, env: ExecutionEnv, emit: Emit): void {
  const ctx: EvalContext = { ...env.ctx, shared: new Map() };
  const gi = plan.exprs.findIndex((e) => e.kind === "gen");
  const evals: Evaluator[] = plan.exprs.map((e) => (e.kind === "gen" ? () => null : compile(e, ctx)));
  const n = evals.length;
  if (gi < 0) {
    // Pass-through projections of plain references are common (select of existing columns).
    run(plan.child, env, (r) => {
      const out = new Array(n);
      for (let i = 0; i < n; i++) out[i] = evals[i](r);
      emit(out);
    });
    return;
  }
  const gen = plan.exprs[gi] as Resolved & { kind: "gen" };
  const source = compile(gen.args[0], ctx);
  const outer = gen.op === "explode_outer";
  const withPos = gen.op === "posexplode";
  const width = n + (withPos ? 1 : 0);
  run(plan.child, env, (r) => {
    const base = new Array(n);
    for (let i = 0; i < n; i++) if (i !== gi) base[i] = evals[i](r);
    let items = source(r) as unknown[] | Map<unknown, unknown> | null;
    if (items instanceof Map) items = [...items.values()];
    if (items === null || items.length === 0) {
      if (!outer) return;
      items = [null];
    }
    for (let j = 0; j < items.length; j++) {
      const out = new Array(width);
      let k = 0;
      for (let i = 0; i < n; i++) {
        if (i === gi) {
          if (withPos) out[k++] = j;
          out[k++] = items[j];
        } else out[k++] = base[i];
      }
      emit(out);
    }
  });
}

export function sortRows(rows: InternalRow[], orders: Resolved[], ctx: EvalContext): InternalRow[] {
  const keys = orders.map((o) => {
    const s = o as Resolved & { kind: "sort" };
    return { f: compile(s.child, ctx), asc: s.ascending, nullsFirst: s.nullsFirst };
  });
  const decorated = rows.map((r, i) => ({ r, i, k: keys.map((k) => k.f(r)) }));
  decorated.sort((a, b) => {
    for (let j = 0; j < keys.length; j++) {
      const x = a.k[j], y = b.k[j];
      if (x === null || y === null) {
        if (x === y) continue;
        return (x === null) === keys[j].nullsFirst ? -1 : 1;
      }
      const c = compareValues(x, y);
      if (c) return keys[j].asc ? c : -c;
    }
    return a.i - b.i;
  });
  return decorated.map((d) => d.r);
}

/**
 * GROUP BY state: group key → (group values, aggregate buffers). Used directly for batch
 * queries and, through `groups`, by the streaming state store.
 */
export class GroupedAggregation {
  /** Group key (see keyFor) → group values and aggregate buffers. */
  groups = new Map<unknown, Group>();
  readonly fns: AggregateFunction[];
  private readonly groupEvals: Evaluator[];
  private readonly argEvals: Evaluator[][];
  private readonly sliding?: { index: number; durationUs: number; slideUs: number; startUs: number; source: Evaluator };
  private readonly finalEvals: Evaluator[];
  /** Keys touched since the last `resetTouched()`, for update mode. */
  readonly touched = new Set<unknown>();
  private readonly argScratch: unknown[][];

  private readonly keyTypes: string[];

  constructor(readonly plan: LogicalPlan & { kind: "Aggregate" }, ctx: EvalContext, private readonly partition?: { current: number }) {
    this.keyTypes = plan.groupBy.map((g) => g.dataType.typeName);
    const shared: EvalContext = { ...ctx, shared: new Map() };
    this.fns = plan.calls.map((c: AggCall) => aggregateFunction(c));
    this.groupEvals = plan.groupBy.map((g) => compile(g, shared));
    this.argEvals = plan.calls.map((c) => c.args.map((a) => compile(a, shared)));
    const wi = plan.groupBy.findIndex((g) => g.kind === "fn" && g.op === "window" && g.params.slideUs !== g.params.durationUs);
    if (wi >= 0) {
      const w = plan.groupBy[wi] as Resolved & { kind: "fn" };
      this.sliding = { index: wi, ...w.params, source: compile(w.args[0], shared) };
    }
    this.finalEvals = plan.outputs.map((o) => compile(o, ctx));
    this.argScratch = plan.calls.map((c) => new Array(c.args.length));
  }

  /**
   * The in-memory map key of a group: the value itself for one primitive column (no string
   * building per row), else a composite string. `storeKey` is the stable form for state stores.
   */
  keyFor(values: unknown[]): unknown {
    if (values.length === 1) {
      const v = values[0];
      if (v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
      return valueKey(v);
    }
    if (values.length === 0) return "";
    return values.map(valueKey).join("\u0001");
  }

  static storeKey(values: unknown[]): string {
    return values.map(valueKey).join("\u0001");
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
        this.addGrouped(v, row);
      }
      return;
    }
    this.addGrouped(values, row);
  }

  private addGrouped(values: unknown[], row: InternalRow): void {
    const key = this.keyFor(values);
    let g = this.groups.get(key);
    if (!g) {
      g = { values, buffers: this.fns.map((f) => f.init()), map: this.partition?.current ?? 0 };
      this.groups.set(key, g);
    }
    this.touched.add(key);
    const bufs = g.buffers;
    for (let i = 0; i < this.fns.length; i++) {
      const ev = this.argEvals[i];
      const args = this.argScratch[i];
      for (let j = 0; j < ev.length; j++) args[j] = ev[j](row);
      bufs[i] = this.fns[i].update(bufs[i], args);
    }
  }

  /** The shuffle partition of a group's key (cached on the group). */
  partitionOf(g: Group): number {
    if (g.pid === undefined) g.pid = partitionOf(g.values, this.keyTypes, SHUFFLE_PARTITIONS);
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

  /** The output row of one group. */
  output(g: Group): InternalRow {
    const aggRow = [...g.values, ...g.buffers.map((b, i) => this.fns[i].finish(b))];
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

export interface Group {
  values: unknown[];
  buffers: unknown[];
  /** Input partition where the group first appeared (batch ordering). */
  map?: number;
  /** Shuffle partition of the key, computed on demand. */
  pid?: number;
}

function runJoin(plan: LogicalPlan & { kind: "Join" }, env: ExecutionEnv, emit: Emit): void {
  const ctx = env.ctx;
  const left = collectRows(plan.left, env);
  const right = collectRows(plan.right, env);
  const ln = plan.left.schema.fields.length, rn = plan.right.schema.fields.length;
  const lk = plan.leftKeys.map((k) => compile(k, ctx));
  const rk = plan.rightKeys.map((k) => compile(k, ctx));
  const cond = plan.condition ? compile(plan.condition, ctx) : undefined;
  const outputs = plan.outputs?.map((o) => compile(o, ctx));
  const keyOf = (evals: Evaluator[], r: InternalRow): string | null => {
    const vs = evals.map((e) => e(r));
    return vs.some((v) => v === null) ? null : vs.map(valueKey).join("\u0001");
  };
  const index = new Map<string, number[]>();
  right.forEach((r, i) => {
    const k = lk.length ? keyOf(rk, r) : "";
    if (k === null) return;
    const list = index.get(k);
    if (list) list.push(i); else index.set(k, [i]);
  });
  const nullsL = new Array(ln).fill(null), nullsR = new Array(rn).fill(null);
  const out = (joined: InternalRow) => emit(outputs ? outputs.map((e) => e(joined)) : joined);
  const matchedRight = new Uint8Array(right.length);
  for (const l of left) {
    const k = lk.length ? keyOf(lk, l) : "";
    const cands = k === null ? undefined : index.get(k);
    let matched = false;
    if (cands) {
      for (const ri of cands) {
        const joined = l.concat(right[ri]);
        if (cond && cond(joined) !== true) continue;
        matched = true;
        matchedRight[ri] = 1;
        if (plan.how === "left_semi") break;
        if (plan.how !== "left_anti") out(joined);
      }
    }
    if (plan.how === "left_semi" && matched) emit(l);
    if (plan.how === "left_anti" && !matched) emit(l);
    if (!matched && (plan.how === "left" || plan.how === "full")) out(l.concat(nullsR));
  }
  if (plan.how === "right" || plan.how === "full") right.forEach((r, i) => { if (!matchedRight[i]) out(nullsL.concat(r)); });
}
