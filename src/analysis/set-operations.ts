/**
 * EXCEPT/INTERSECT (ALL and DISTINCT) and offset as plan nodes (SetOperation, Offset), planned
 * into physical operators like every other node. Spark's analysis checks come first: the same
 * column count and compatible types as UNION; a streaming side is judged by the streaming
 * checker at start(), as in Spark.
 */
import { union } from "./plan-builders";
import { LogicalPlan, newPlanId } from "../plan/logical-plan";

function setOperation(left: LogicalPlan, right: LogicalPlan, op: "intersect" | "except", all: boolean): LogicalPlan {
  const u = union(left, right) as LogicalPlan & { kind: "Union" }; // Spark's checks; the widened children
  const [l, r] = u.children;
  return { kind: "SetOperation", id: newPlanId(), op, all, left: l, right: r, schema: u.schema, streaming: u.streaming };
}

export const exceptAll = (l: LogicalPlan, r: LogicalPlan): LogicalPlan => setOperation(l, r, "except", true);
export const intersectAll = (l: LogicalPlan, r: LogicalPlan): LogicalPlan => setOperation(l, r, "intersect", true);
export const intersect = (l: LogicalPlan, r: LogicalPlan): LogicalPlan => setOperation(l, r, "intersect", false);
export const subtract = (l: LogicalPlan, r: LogicalPlan): LogicalPlan => setOperation(l, r, "except", false);

export function offset(child: LogicalPlan, n: number): LogicalPlan {
  return { kind: "Offset", id: newPlanId(), child, n: Math.max(0, n), schema: child.schema, streaming: child.streaming };
}
