/**
 * INTERSECT and EXCEPT, DISTINCT and ALL (Spark rewrites them into a semi/anti join plus a
 * distinct aggregate, or a union, counting aggregate and replicate; the rows are the same). The
 * right side is read first into counts by row; the left rows then stream through: each distinct
 * left row comes out (in order of first appearance) once, or min(m, n) / m - n times.
 */
import type { InternalRow } from "../../connector-api/source";
import type { LogicalPlan } from "../../plan/logical-plan";
import { valueKey } from "../../values/values";
import type { Emit, ExecContext, PhysicalOperator } from "./operator";

const rowKey = (r: InternalRow): string => valueKey(r as unknown[]);

export class SetOperationExec implements PhysicalOperator {
  readonly children: PhysicalOperator[];
  constructor(readonly logical: LogicalPlan & { kind: "SetOperation" }, readonly left: PhysicalOperator, readonly right: PhysicalOperator) {
    this.children = [left, right];
  }

  execute(env: ExecContext, emit: Emit): void {
    const { op, all } = this.logical;
    const inRight = new Map<string, number>();
    this.right.execute(env, (r) => { const k = rowKey(r); inRight.set(k, (inRight.get(k) ?? 0) + 1); });
    if (!all) {
      const seen = new Set<string>();
      this.left.execute(env, (r) => {
        const k = rowKey(r);
        if (seen.has(k) || inRight.has(k) !== (op === "intersect")) return;
        seen.add(k);
        emit(r);
      });
      return;
    }
    const left = new Map<string, { row: InternalRow; n: number }>();
    this.left.execute(env, (r) => {
      const k = rowKey(r);
      const e = left.get(k);
      if (e) e.n++;
      else left.set(k, { row: r, n: 1 });
    });
    for (const [k, { row, n }] of left) {
      const m = inRight.get(k) ?? 0;
      for (let i = op === "intersect" ? Math.min(n, m) : n - m; i > 0; i--) emit(row);
    }
  }

  simpleString(): string {
    const { op, all } = this.logical;
    return `${op === "intersect" ? "Intersect" : "Except"}${all ? "All" : ""} [${this.logical.schema.names.join(", ")}]`;
  }
}
