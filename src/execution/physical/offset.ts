import type { LogicalPlan } from "../../plan/logical-plan";
import type { Emit, ExecContext, PhysicalOperator } from "./operator";

/** offset(n): every row after the first n, in the child's order. */
export class OffsetExec implements PhysicalOperator {
  readonly children: PhysicalOperator[];
  constructor(readonly logical: LogicalPlan & { kind: "Offset" }, readonly child: PhysicalOperator) {
    this.children = [child];
  }

  execute(env: ExecContext, emit: Emit): void {
    let skip = this.logical.n;
    this.child.execute(env, (r) => { if (skip > 0) skip--; else emit(r); });
  }

  simpleString(): string {
    return `GlobalLimit -1, ${this.logical.n}`;
  }
}
