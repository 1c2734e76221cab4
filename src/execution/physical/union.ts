import type { LogicalPlan } from "../../plan/logical-plan";
import type { Emit, ExecContext, PhysicalOperator } from "./operator";

/** UNION ALL: the children's rows one child after the other. */
export class UnionExec implements PhysicalOperator {
  constructor(readonly logical: LogicalPlan & { kind: "Union" }, readonly children: PhysicalOperator[]) {}

  execute(env: ExecContext, emit: Emit): void {
    for (const c of this.children) c.execute(env, emit);
  }

  simpleString(): string {
    return "Union";
  }
}
