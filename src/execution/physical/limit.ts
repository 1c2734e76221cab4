import type { LogicalPlan } from "../../plan/logical-plan";
import type { Emit, ExecContext, PhysicalOperator } from "./operator";

class StopEarly extends Error {}

/** The first n rows; the child stops being pulled once they are out. */
export class LimitExec implements PhysicalOperator {
  readonly children: PhysicalOperator[];
  constructor(readonly logical: LogicalPlan & { kind: "Limit" }, readonly child: PhysicalOperator) {
    this.children = [child];
  }

  execute(env: ExecContext, emit: Emit): void {
    const limit = this.logical.n;
    if (limit === 0) return;
    let n = 0;
    try {
      this.child.execute(env, (r) => {
        emit(r);
        if (++n >= limit) throw new StopEarly();
      });
    } catch (e) {
      if (!(e instanceof StopEarly)) throw e;
    }
  }

  simpleString(): string {
    return `CollectLimit ${this.logical.n}`;
  }
}
