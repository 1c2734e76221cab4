/** Leaf operators: rows held in the plan, and rows loaded before the run (deferred relations, micro-batch inputs). */
import { IskraError } from "../../errors";
import type { LogicalPlan } from "../../plan/logical-plan";
import type { Emit, ExecContext, PhysicalOperator } from "./operator";

/** local[2]: the parallelism a local relation is sliced into (ParallelCollectionRDD.slice). */
const DEFAULT_PARALLELISM = 2;

export class LocalTableScanExec implements PhysicalOperator {
  readonly children = [];
  constructor(readonly logical: LogicalPlan & { kind: "LocalRelation" }) {}

  execute(ctx: ExecContext, emit: Emit): void {
    const rows = this.logical.rows;
    const part = ctx.partition;
    if (!part) { for (const r of rows) emit(r); return; }
    const n = rows.length;
    for (let s = 0; s < DEFAULT_PARALLELISM; s++) {
      part.current = s;
      const end = Math.floor(((s + 1) * n) / DEFAULT_PARALLELISM);
      for (let i = Math.floor((s * n) / DEFAULT_PARALLELISM); i < end; i++) emit(rows[i]);
    }
    part.current = 0;
  }

  simpleString(): string {
    return `LocalTableScan [${this.logical.schema.names.join(", ")}]`;
  }
}

/** A leaf whose rows are in `ctx.leaves`: a loaded DeferredRelation, or a micro-batch's input. */
export class LoadedScanExec implements PhysicalOperator {
  readonly children = [];
  constructor(readonly logical: LogicalPlan & { kind: "DeferredRelation" | "StreamingRelation" }) {}

  execute(ctx: ExecContext, emit: Emit): void {
    const rows = ctx.leaves.get(this.logical.id);
    if (!rows) throw new IskraError(`internal: leaf ${this.logical.kind} ${this.logical.id} was not loaded`);
    for (const r of rows) emit(r);
  }

  simpleString(): string {
    const p = this.logical;
    const names = p.schema.names.join(", ");
    return p.kind === "DeferredRelation" ? `Scan ${p.description} [${names}]` : `StreamingRelation ${p.description}, [${names}]`;
  }
}
