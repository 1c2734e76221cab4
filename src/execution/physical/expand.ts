import type { LogicalPlan } from "../../plan/logical-plan";
import { EvalContext, Evaluator, compile } from "../evaluate";
import type { Emit, ExecContext, PhysicalOperator } from "./operator";

/** Spark's ExpandExec (rollup, cube, GROUPING SETS): each input row once per projection, in projection order. */
export class ExpandExec implements PhysicalOperator {
  readonly children: PhysicalOperator[];
  constructor(readonly logical: LogicalPlan & { kind: "Expand" }, readonly child: PhysicalOperator) {
    this.children = [child];
  }

  execute(env: ExecContext, emit: Emit): void {
    const ctx: EvalContext = { ...env.eval, shared: new Map() };
    const projections: Evaluator[][] = this.logical.projections.map((p) => p.map((e) => compile(e, ctx)));
    this.child.execute(env, (r) => {
      for (const evals of projections) {
        const out = new Array(evals.length);
        for (let i = 0; i < evals.length; i++) out[i] = evals[i](r);
        emit(out);
      }
    });
  }

  simpleString(): string {
    return expandString(this.logical);
  }
}

export function expandString(p: LogicalPlan & { kind: "Expand" }): string {
  return `Expand [${p.projections.map((row) => `[${row.map((e) => e.sql).join(", ")}]`).join(", ")}], [${p.schema.names.join(", ")}]`;
}
