/** Projection, with at most one generator (explode, posexplode, inline and their _outer forms) among its expressions. */
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
    const expand = generator(gen);
    const k = gen.names.length;
    const width = n + k - 1;
    const plain = gen.op === "explode" || gen.op === "explode_outer";
    this.child.execute(env, (r: InternalRow) => {
      const base = new Array(n);
      for (let i = 0; i < n; i++) if (i !== gi) base[i] = evals[i](r);
      const value = source(r);
      if (plain && Array.isArray(value) && value.length > 0) {
        // explode of an array (the word count's hot path): no tuple per element.
        for (let j = 0; j < value.length; j++) {
          const out = base.slice();
          out[gi] = value[j];
          emit(out);
        }
        return;
      }
      for (const tuple of expand(value)) {
        const out = new Array(width);
        let o = 0;
        for (let i = 0; i < n; i++) {
          if (i === gi) for (let j = 0; j < k; j++) out[o++] = tuple[j];
          else out[o++] = base[i];
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

/** The output tuples of a generator for one input value (an array, or a map's entries). */
function generator(gen: Resolved & { kind: "gen" }): (v: unknown) => unknown[][] {
  const outer = gen.op.endsWith("_outer");
  const withPos = gen.op.startsWith("posexplode");
  const inline = gen.op.startsWith("inline");
  const k = gen.names.length;
  return (v) => {
    let tuples: unknown[][];
    if (v instanceof Map) tuples = [...v.entries()].map(([key, value]) => [key, value]);
    else if (Array.isArray(v)) tuples = inline ? v.map((s) => (s === null ? new Array(k).fill(null) : (s as unknown[]).slice())) : v.map((x) => [x]);
    else tuples = [];
    if (withPos) tuples = tuples.map((t, i) => [i, ...t]);
    if (tuples.length === 0 && outer) return [new Array(k).fill(null)];
    return tuples;
  };
}
