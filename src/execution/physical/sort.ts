import type { InternalRow } from "../../connector-api/source";
import type { LogicalPlan } from "../../plan/logical-plan";
import type { Resolved } from "../../plan/resolved";
import { EvalContext, compile } from "../evaluate";
import { compareValues } from "../../values/values";
import { Emit, ExecContext, PhysicalOperator, collect } from "./operator";

/** A stable sort by the given sort orders (ties keep their input order). */
export class SortExec implements PhysicalOperator {
  readonly children: PhysicalOperator[];
  constructor(readonly logical: LogicalPlan & { kind: "Sort" }, readonly child: PhysicalOperator) {
    this.children = [child];
  }

  execute(env: ExecContext, emit: Emit): void {
    for (const r of sortRows(collect(this.child, env), this.logical.orders, env.eval)) emit(r);
  }

  simpleString(): string {
    return `Sort [${this.logical.orders.map((o) => o.sql).join(", ")}]`;
  }
}

function sortRows(rows: InternalRow[], orders: Resolved[], ctx: EvalContext): InternalRow[] {
  const keys = orders.map((o) => {
    const s = o as Resolved & { kind: "sort" };
    return { f: compile(s.child, ctx), asc: s.ascending, nullsFirst: s.nullsFirst };
  });
  const decorated = rows.map((r, i) => ({ r, i, k: keys.map((k) => k.f(r)) }));
  decorated.sort((a, b) => {
    for (let j = 0; j < keys.length; j++) {
      const x = a.k[j], y = b.k[j];
      if (x === null || y === null) {
        if (x === y) continue;
        return (x === null) === keys[j].nullsFirst ? -1 : 1;
      }
      const c = compareValues(x, y);
      if (c) return keys[j].asc ? c : -c;
    }
    return a.i - b.i;
  });
  return decorated.map((d) => d.r);
}
