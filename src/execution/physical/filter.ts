import type { LogicalPlan } from "../../plan/logical-plan";
import { compile } from "../evaluate";
import type { Emit, ExecContext, PhysicalOperator } from "./operator";

/** Keeps the rows whose condition is true (null counts as false). */
export class FilterExec implements PhysicalOperator {
  readonly children: PhysicalOperator[];
  constructor(readonly logical: LogicalPlan & { kind: "Filter" }, readonly child: PhysicalOperator) {
    this.children = [child];
  }

  execute(env: ExecContext, emit: Emit): void {
    const cond = compile(this.logical.condition, { ...env.eval, shared: new Map() });
    this.child.execute(env, (r) => { if (cond(r) === true) emit(r); });
  }

  simpleString(): string {
    return `Filter ${this.logical.condition.sql}`;
  }
}
