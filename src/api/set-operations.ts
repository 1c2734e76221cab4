/**
 * EXCEPT/INTERSECT (ALL and DISTINCT) and offset as plan nodes (SetOperation, Offset), planned
 * into physical operators like every other node. Spark's analysis checks come first: the same
 * column count and compatible types as UNION; a streaming side is judged by the streaming
 * checker at start(), as in Spark.
 */
import * as A from "../analysis/analyzer";
import { LogicalPlan, newPlanId } from "../plan/logical-plan";
import type { DataFrame } from "./dataframe";

function setOperation(left: DataFrame, right: DataFrame, op: "intersect" | "except", all: boolean): LogicalPlan {
  const u = A.union(left.plan, right.plan) as LogicalPlan & { kind: "Union" }; // Spark's checks; the widened children
  const [l, r] = u.children;
  return { kind: "SetOperation", id: newPlanId(), op, all, left: l, right: r, schema: u.schema, streaming: u.streaming };
}

export const exceptAll = (l: DataFrame, r: DataFrame): LogicalPlan => setOperation(l, r, "except", true);
export const intersectAll = (l: DataFrame, r: DataFrame): LogicalPlan => setOperation(l, r, "intersect", true);
export const intersect = (l: DataFrame, r: DataFrame): LogicalPlan => setOperation(l, r, "intersect", false);
export const subtract = (l: DataFrame, r: DataFrame): LogicalPlan => setOperation(l, r, "except", false);

export function offset(df: DataFrame, n: number): LogicalPlan {
  return { kind: "Offset", id: newPlanId(), child: df.plan, n: Math.max(0, n), schema: df.schema, streaming: df.isStreaming };
}
