/** Projection, with at most one generator (explode, explode_outer, posexplode) among its expressions. */
import type { InternalRow } from "../../connector-api/source";
import type { LogicalPlan } from "../../plan/logical-plan";
import type { Resolved } from "../../plan/resolved";
import { EvalContext, Evaluator, compile } from "../evaluate";
import type { Emit, ExecContext, PhysicalOperator } from "./operator";

export class ProjectExec implements PhysicalOperator {
  readonly children: PhysicalOperator[];
  constructor(readonly logical: LogicalPlan & { kind: "Project" }, readonly child: PhysicalOperator) {
    this.children = [child];
  }

  execute(env: ExecContext, emit: Emit): void {
    const plan = this.logical;
    const ctx: EvalContext = { ...env.eval, shared: new Map() };
    const gi = plan.exprs.findIndex((e) => e.kind === "gen");
    const evals: Evaluator[] = plan.exprs.map((e) => (e.kind === "gen" ? () => null : compile(e, ctx)));
    const n = evals.length;
    if (gi < 0) {
      this.child.execute(env, (r) => {
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
    this.child.execute(env, (r: InternalRow) => {
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

  simpleString(): string {
    // Columns the optimizer pruned (bare NULL literals keeping ordinals) are not shown, as Spark drops them.
    const kept = this.logical.exprs.filter((e) => !(e.kind === "lit" && e.value === null && e.sql === "NULL"));
    const exprs = kept.map((e) => (e.kind === "alias" ? `${e.sql} AS ${e.name}` : e.kind === "gen" ? `${e.sql} AS ${e.names.join(", ")}` : e.sql));
    return `Project [${exprs.join(", ")}]`;
  }
}
