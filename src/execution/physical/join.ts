import type { InternalRow } from "../../connector-api/source";
import type { LogicalPlan } from "../../plan/logical-plan";
import { Evaluator, compile } from "../evaluate";
import { valueKey } from "../values";
import { Emit, ExecContext, PhysicalOperator, collect } from "./operator";

/** Hash join on the key expressions (built on the right side), with an optional residual condition. */
export class HashJoinExec implements PhysicalOperator {
  readonly children: PhysicalOperator[];
  constructor(readonly logical: LogicalPlan & { kind: "Join" }, readonly left: PhysicalOperator, readonly right: PhysicalOperator) {
    this.children = [left, right];
  }

  execute(env: ExecContext, emit: Emit): void {
    const plan = this.logical;
    const ctx = env.eval;
    const left = collect(this.left, env);
    const right = collect(this.right, env);
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

  simpleString(): string {
    const p = this.logical;
    return `HashJoin ${p.how.toUpperCase()}, [${p.leftKeys.map((k) => k.sql).join(", ")}], [${p.rightKeys.map((k) => k.sql).join(", ")}]${p.condition ? `, ${p.condition.sql}` : ""}`;
  }
}
