/**
 * `describe(*cols)` and `summary(*statistics)`: a Summary node (execution/physical/summary.ts)
 * over the numeric and string columns (or the ones named), every statistic as a string.
 */
import { LogicalPlan, newPlanId } from "../plan/logical-plan";
import { STRING, StructFieldClass, StructTypeClass, isNumeric } from "../types/data-types";
import type { DataFrame } from "./dataframe";

const DEFAULT_STATS = ["count", "mean", "stddev", "min", "25%", "50%", "75%", "max"];

export function describePlan(df: DataFrame, cols: string[], stats: string[] = DEFAULT_STATS.filter((s) => !s.endsWith("%"))): LogicalPlan {
  const fields = df.schema.fields
    .map((f, i) => ({ f, i }))
    .filter(({ f }) => (cols.length ? cols.some((c) => c.toLowerCase() === f.name.toLowerCase()) : isNumeric(f.dataType) || f.dataType === STRING));
  const schema = new StructTypeClass([new StructFieldClass("summary", STRING, true), ...fields.map(({ f }) => new StructFieldClass(f.name, STRING, true))]);
  return { kind: "Summary", id: newPlanId(), child: df.plan, statistics: stats, columns: fields.map(({ i }) => i), schema, streaming: df.isStreaming };
}

export const summaryPlan = (df: DataFrame, stats: string[]) => describePlan(df, [], stats.length ? stats : DEFAULT_STATS);
