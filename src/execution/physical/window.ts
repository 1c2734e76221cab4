/**
 * The Window operator (Spark's WindowExec): rows grouped by the partition keys, each group
 * sorted by the order keys, every function computed over its frame. Output: each input row
 * followed by the function values, in the order Spark emits them (see below).
 */
import type { InternalRow } from "../../connector-api/source";
import { LogicalPlan, WindowFunction } from "../../plan/logical-plan";
import { Resolved } from "../../plan/resolved";
import { aggregateFunction } from "../aggregates/aggregate-functions";
import { EvalContext, Evaluator, compile } from "../evaluate";
import { compareValues, valueKey } from "../../values/values";
import { Emit, ExecContext, PhysicalOperator, collect } from "./operator";

export class WindowExec implements PhysicalOperator {
  readonly children: PhysicalOperator[];
  constructor(readonly logical: LogicalPlan & { kind: "Window" }, readonly child: PhysicalOperator) {
    this.children = [child];
  }

  execute(env: ExecContext, emit: Emit): void {
    for (const r of runWindow(this.logical, collect(this.child, env), env.eval)) emit(r);
  }

  simpleString(): string {
    const p = this.logical;
    const names = p.schema.names.slice(p.child.schema.fields.length);
    return `Window [${names.join(", ")}], [${p.partitionBy.map((e) => e.sql).join(", ")}], [${p.orderBy.map((e) => e.sql).join(", ")}]`;
  }
}

function runWindow(plan: LogicalPlan & { kind: "Window" }, rows: InternalRow[], ctx: EvalContext): InternalRow[] {
  const keyEvals = plan.partitionBy.map((p) => compile(p, ctx));
  const orders = plan.orderBy.map((o) => {
    const s = o as Resolved & { kind: "sort" };
    return { f: compile(s.child, ctx), asc: s.ascending, nullsFirst: s.nullsFirst };
  });
  // Group into partitions by key; remember the shuffle partition of each.
  const parts = new Map<string, { keys: unknown[]; rows: Array<{ r: InternalRow; i: number; o: unknown[] }> }>();
  rows.forEach((r, i) => {
    const keys = keyEvals.map((e) => e(r));
    const k = keys.map(valueKey).join("\u0001");
    let p = parts.get(k);
    if (!p) parts.set(k, (p = { keys, rows: [] }));
    p.rows.push({ r, i, o: orders.map((o) => o.f(r)) });
  });
  const cmpKeys = (a: unknown[], b: unknown[]): number => {
    for (let j = 0; j < a.length; j++) {
      const x = a[j], y = b[j];
      if (x === null || y === null) { if (x !== y) return x === null ? -1 : 1; continue; }
      const c = compareValues(x, y);
      if (c) return c;
    }
    return 0;
  };
  const cmpOrder = (a: unknown[], b: unknown[]): number => {
    for (let j = 0; j < orders.length; j++) {
      const x = a[j], y = b[j];
      if (x === null || y === null) {
        if (x === y) continue;
        return (x === null) === orders[j].nullsFirst ? -1 : 1;
      }
      const c = compareValues(x, y);
      if (c) return orders[j].asc ? c : -c;
    }
    return 0;
  };
  // Adaptive execution coalesces the small shuffle into one partition before WindowExec's sort,
  // so rows come out sorted by the partition keys (ascending, nulls first), then the order keys.
  const list = [...parts.values()].sort((a, b) => cmpKeys(a.keys, b.keys));
  const fns = plan.functions.map((f) => compileFunction(f, ctx, orders.length ? orders[0].asc : true));
  const out: InternalRow[] = [];
  for (const p of list) {
    const sorted = p.rows.sort((a, b) => cmpOrder(a.o, b.o) || a.i - b.i);
    const n = sorted.length;
    // Peer groups: rows with equal order keys.
    const peerStart = new Array<number>(n), peerEnd = new Array<number>(n);
    for (let i = 0; i < n; i++) peerStart[i] = i > 0 && cmpOrder(sorted[i - 1].o, sorted[i].o) === 0 ? peerStart[i - 1] : i;
    for (let i = n - 1; i >= 0; i--) peerEnd[i] = i < n - 1 && cmpOrder(sorted[i + 1].o, sorted[i].o) === 0 ? peerEnd[i + 1] : i + 1;
    const part: Partition = { rows: sorted.map((x) => x.r), orderKey: sorted.map((x) => x.o[0]), peerStart, peerEnd };
    const values = fns.map((f) => f(part));
    for (let i = 0; i < n; i++) out.push([...sorted[i].r, ...values.map((v) => v[i])]);
  }
  return out;
}

interface Partition {
  rows: InternalRow[];
  /** The first order key of each row (for RANGE frames with value bounds). */
  orderKey: unknown[];
  peerStart: number[];
  peerEnd: number[];
}

type Computed = (p: Partition) => unknown[];

function compileFunction(f: WindowFunction, ctx: EvalContext, ascending: boolean): Computed {
  switch (f.op) {
    case "row_number": return (p) => p.rows.map((_, i) => i + 1);
    case "rank": return (p) => p.rows.map((_, i) => p.peerStart[i] + 1);
    case "dense_rank": return (p) => {
      let d = 0;
      return p.rows.map((_, i) => (p.peerStart[i] === i ? ++d : d));
    };
    case "percent_rank": return (p) => p.rows.map((_, i) => (p.rows.length <= 1 ? 0 : p.peerStart[i] / (p.rows.length - 1)));
    case "cume_dist": return (p) => p.rows.map((_, i) => p.peerEnd[i] / p.rows.length);
    case "ntile": return (p) => {
      // Spark's NTile: the first (n % buckets) buckets hold one row more.
      const n = p.rows.length, b = f.params.buckets as number;
      const size = Math.floor(n / b), extra = n % b;
      return p.rows.map((_, i) => {
        const big = extra * (size + 1);
        return i < big ? Math.floor(i / (size + 1)) + 1 : extra + Math.floor((i - big) / size) + 1;
      });
    };
    case "lag":
    case "lead": {
      const input = compile(f.args[0], ctx), def = compile(f.args[1], ctx);
      const shift = f.params.offset as number;
      return (p) => p.rows.map((r, i) => {
        const j = i + shift;
        return j >= 0 && j < p.rows.length ? input(p.rows[j]) : def(r);
      });
    }
    case "nth_value": {
      const input = compile(f.args[0], ctx);
      const { offset, ignoreNulls } = f.params as { offset: number; ignoreNulls: boolean };
      return (p) => p.rows.map((_, i) => {
        const [s, e] = frameBounds(f, p, i, ascending);
        let seen = 0;
        for (let j = s; j < e; j++) {
          const v = input(p.rows[j]);
          if (ignoreNulls && v === null) continue;
          if (++seen === offset) return v;
        }
        return null;
      });
    }
    default:
      return aggregateOverFrame(f, ctx, ascending);
  }
}

/** An aggregate over each row's frame; running frames (UNBOUNDED PRECEDING …) are folded incrementally. */
function aggregateOverFrame(f: WindowFunction, ctx: EvalContext, ascending: boolean): Computed {
  const agg = aggregateFunction(f.agg!);
  const args: Evaluator[] = f.args.map((a) => compile(a, ctx));
  const scratch = new Array(args.length);
  const fold = (buf: unknown, r: InternalRow): unknown => {
    for (let j = 0; j < args.length; j++) scratch[j] = args[j](r);
    return agg.update(buf, scratch);
  };
  const snapshot = (v: unknown): unknown => (Array.isArray(v) ? v.slice() : v);
  return (p) => {
    const n = p.rows.length;
    const out = new Array(n);
    if (f.frame.lower === -Infinity) {
      let buf = agg.init();
      let upTo = 0;
      for (let i = 0; i < n; i++) {
        const [, e] = frameBounds(f, p, i, ascending);
        while (upTo < e) buf = fold(buf, p.rows[upTo++]);
        out[i] = snapshot(agg.finish(buf));
      }
      return out;
    }
    let last: [number, number] | undefined;
    let lastValue: unknown;
    for (let i = 0; i < n; i++) {
      const [s, e] = frameBounds(f, p, i, ascending);
      if (!last || last[0] !== s || last[1] !== e) {
        let buf = agg.init();
        for (let j = s; j < e; j++) buf = fold(buf, p.rows[j]);
        lastValue = agg.finish(buf);
        last = [s, e];
      }
      out[i] = snapshot(lastValue);
    }
    return out;
  };
}

/** The frame of row `i` as a half-open index range [start, end) within its partition. */
function frameBounds(f: WindowFunction, p: Partition, i: number, ascending: boolean): [number, number] {
  const n = p.rows.length;
  const { type, lower, upper } = f.frame;
  if (type === "rows") {
    const s = lower === -Infinity ? 0 : Math.max(0, i + lower);
    const e = upper === Infinity ? n : Math.min(n, i + upper + 1);
    return [Math.min(s, n), Math.max(e, 0)];
  }
  // RANGE: CURRENT ROW means the row's peers; value bounds compare the (single) order key.
  let s: number, e: number;
  if (lower === -Infinity) s = 0;
  else if (lower === 0) s = p.peerStart[i];
  else s = rangeEdge(p, i, lower, ascending, true);
  if (upper === Infinity) e = n;
  else if (upper === 0) e = p.peerEnd[i];
  else e = rangeEdge(p, i, upper, ascending, false);
  return [s, Math.max(s, e)];
}

function rangeEdge(p: Partition, i: number, delta: number, ascending: boolean, lower: boolean): number {
  const key = p.orderKey[i] as number | null;
  const n = p.rows.length;
  if (key === null) return lower ? p.peerStart[i] : p.peerEnd[i];
  const bound = ascending ? Number(key) + delta : Number(key) - delta;
  const inFrame = (v: unknown): boolean => {
    if (v === null) return false;
    const x = Number(v);
    return lower ? (ascending ? x >= bound : x <= bound) : (ascending ? x <= bound : x >= bound);
  };
  if (lower) {
    let j = 0;
    while (j < n && !inFrame(p.orderKey[j])) j++;
    return j;
  }
  let j = n;
  while (j > 0 && !inFrame(p.orderKey[j - 1])) j--;
  return j;
}
