import type { LogicalPlan } from "../../plan/logical-plan";
import { valueKey } from "../../values/values";
import type { Emit, ExecContext, PhysicalOperator } from "./operator";

/** distinct() / dropDuplicates(keys): the first row of each key, in input order. */
export class DistinctExec implements PhysicalOperator {
  readonly children: PhysicalOperator[];
  constructor(readonly logical: LogicalPlan & { kind: "Distinct" }, readonly child: PhysicalOperator) {
    this.children = [child];
  }

  execute(env: ExecContext, emit: Emit): void {
    const seen = new Set<string>();
    const keys = this.logical.keys;
    this.child.execute(env, (r) => {
      const k = keys ? keys.map((i) => valueKey(r[i])).join("\u0001") : valueKey(r);
      if (!seen.has(k)) { seen.add(k); emit(r); }
    });
  }

  simpleString(): string {
    const p = this.logical;
    return p.keys ? `Deduplicate [${p.keys.map((k) => p.schema.fields[k].name).join(", ")}]` : `HashAggregate(keys=[${p.schema.names.join(", ")}], functions=[])`;
  }
}
