import type { InternalRow } from "../../connector-api/source";
import type { LogicalPlan } from "../../plan/logical-plan";
import { Evaluator, compile } from "../evaluate";
import { compareValues, valueKey } from "../../values/values";
import { partitionOf } from "../aggregates/murmur3";
import { Emit, ExecContext, PhysicalOperator, collect } from "./operator";

/**
 * The row order of a stream-static join in a micro-batch, as Spark plans it there (a batch
 * frame from createDataFrame is an RDD of unknown size, never broadcast; the micro-batch's
 * rows are small):
 * - `broadcast-stream`: the join type lets the stream's side be built (inner; a left outer,
 *   semi or anti join with the stream on the right), so the static side probes in its order and
 *   the stream's matches of a key come newest first (HashedRelation's chains);
 * - `sort-merge`: otherwise (the stream on the left of a left outer join): rows by shuffle
 *   partition of the keys (Murmur3 over spark.sql.shuffle.partitions), then by key, each side in
 *   input order within a key.
 */
export type JoinOrder = { kind: "broadcast-stream"; streamSide: "left" | "right" } | { kind: "sort-merge"; shufflePartitions: number };

/** Hash join on the key expressions (built on the right side), with an optional residual condition. */
export class HashJoinExec implements PhysicalOperator {
  readonly children: PhysicalOperator[];
  constructor(readonly logical: LogicalPlan & { kind: "Join" }, readonly left: PhysicalOperator, readonly right: PhysicalOperator, readonly order?: JoinOrder) {
    this.children = [left, right];
  }

  execute(env: ExecContext, emit: Emit): void {
    const plan = this.logical;
    const ctx = env.eval;
    let left = collect(this.left, env);
    let right = collect(this.right, env);
    if (this.order?.kind === "sort-merge" && plan.leftKeys.length) {
      left = sortMergeOrder(left, plan.leftKeys.map((k) => compile(k, ctx)), plan.leftKeys.map((k) => k.dataType.typeName), this.order.shufflePartitions);
      right = sortMergeOrder(right, plan.rightKeys.map((k) => compile(k, ctx)), plan.leftKeys.map((k) => k.dataType.typeName), this.order.shufflePartitions);
      if (plan.how === "inner" || plan.how === "left" || plan.how === "left_semi" || plan.how === "left_anti") return this.probe(env, left, right, emit, false);
    }
    if (this.order?.kind === "broadcast-stream" && this.order.streamSide === "left" && plan.how === "inner" && plan.leftKeys.length)
      return this.probeFromRight(env, left, right, emit);
    this.probe(env, left, right, emit, this.order?.kind === "broadcast-stream");
  }

  /** Inner join probed by the right side's rows in their order, the left's matches newest first. */
  private probeFromRight(env: ExecContext, left: InternalRow[], right: InternalRow[], emit: Emit): void {
    const plan = this.logical;
    const ctx = env.eval;
    const lk = plan.leftKeys.map((k) => compile(k, ctx));
    const rk = plan.rightKeys.map((k) => compile(k, ctx));
    const cond = plan.condition ? compile(plan.condition, ctx) : undefined;
    const outputs = plan.outputs?.map((o) => compile(o, ctx));
    const index = new Map<string, InternalRow[]>();
    for (const l of left) {
      const k = keyOf(lk, l);
      if (k === null) continue;
      const list = index.get(k);
      if (list) list.unshift(l); else index.set(k, [l]);
    }
    for (const r of right) {
      const k = keyOf(rk, r);
      for (const l of (k === null ? undefined : index.get(k)) ?? []) {
        const joined = l.concat(r);
        if (cond && cond(joined) !== true) continue;
        emit(outputs ? outputs.map((e) => e(joined)) : joined);
      }
    }
  }

  private probe(env: ExecContext, left: InternalRow[], right: InternalRow[], emit: Emit, newestFirst: boolean): void {
    const plan = this.logical;
    const ctx = env.eval;
    const ln = plan.left.schema.fields.length, rn = plan.right.schema.fields.length;
    const lk = plan.leftKeys.map((k) => compile(k, ctx));
    const rk = plan.rightKeys.map((k) => compile(k, ctx));
    const cond = plan.condition ? compile(plan.condition, ctx) : undefined;
    const outputs = plan.outputs?.map((o) => compile(o, ctx));
    const index = new Map<string, number[]>();
    right.forEach((r, i) => {
      const k = lk.length ? keyOf(rk, r) : "";
      if (k === null) return;
      const list = index.get(k);
      if (!list) index.set(k, [i]);
      else if (newestFirst) list.unshift(i);
      else list.push(i);
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

  simpleString(): string {
    const p = this.logical;
    return `HashJoin ${p.how.toUpperCase()}, [${p.leftKeys.map((k) => k.sql).join(", ")}], [${p.rightKeys.map((k) => k.sql).join(", ")}]${p.condition ? `, ${p.condition.sql}` : ""}`;
  }
}

function keyOf(evals: Evaluator[], r: InternalRow): string | null {
  const vs = evals.map((e) => e(r));
  return vs.some((v) => v === null) ? null : vs.map(valueKey).join("\u0001");
}

/** A side as a sort-merge join reads it: by shuffle partition of its keys, then by key (stable). */
function sortMergeOrder(rows: InternalRow[], keys: Evaluator[], types: string[], partitions: number): InternalRow[] {
  const tagged = rows.map((row, i) => {
    const k = keys.map((e) => e(row));
    return { row, i, k, p: partitionOf(k, types, partitions) };
  });
  tagged.sort((a, b) => {
    if (a.p !== b.p) return a.p - b.p;
    for (let j = 0; j < a.k.length; j++) {
      const x = a.k[j], y = b.k[j];
      if (x === null || y === null) { if (x !== y) return x === null ? -1 : 1; continue; }
      const c = compareValues(x, y);
      if (c !== 0) return c;
    }
    return a.i - b.i;
  });
  return tagged.map((t) => t.row);
}
