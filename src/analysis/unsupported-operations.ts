/**
 * Spark's UnsupportedOperationChecker for streaming queries, run at `writeStream.start()`: the
 * same rules and the same messages (Spark 3.5), thrown as AnalysisException before any batch runs.
 */
import { AnalysisException, UnsupportedOperationException } from "../errors";
import { LogicalPlan, forEachNode } from "../plan/logical-plan";
import { eventTimeGroupIndex } from "../plan/event-time";
import type { OutputMode } from "../connector-api/sink";

const cap = (m: OutputMode): string => m[0].toUpperCase() + m.slice(1);

function fail(msg: string): never {
  // Spark appends ";" and the plan; we keep the ";" so the first line reads the same.
  throw new AnalysisException(msg + ";", "_LEGACY_ERROR_TEMP_3102");
}

/** True when the Aggregate groups by an event-time column that carries a watermark. */
function aggregateHasWatermark(agg: LogicalPlan & { kind: "Aggregate" }): boolean {
  return eventTimeGroupIndex(agg) >= 0;
}

export function checkStreamingQuery(plan: LogicalPlan, outputMode: OutputMode): void {
  if (!plan.streaming) fail("Queries without streaming sources cannot be executed with writeStream.start()");
  const aggregates: Array<LogicalPlan & { kind: "Aggregate" }> = [];
  forEachNode(plan, (n) => { if (n.kind === "Aggregate" && n.streaming) aggregates.push(n); });

  for (const a of aggregates) {
    if (a.calls.some((c) => c.distinct))
      fail("Distinct aggregations are not supported on streaming DataFrames/Datasets. Consider using approx_count_distinct() instead.");
  }
  forEachNode(plan, (n) => {
    if (n.kind === "Distinct" && n.streaming && n.withinWatermark && !n.child.schema.fields.some((f) => f.metadata["spark.watermarkDelayMs"] !== undefined))
      fail("dropDuplicatesWithinWatermark is not supported on streaming DataFrames/DataSets without watermark");
    if (n.kind === "Join" && n.streaming && n.left.streaming && n.right.streaming && (n.how === "full" || n.how === "cross"))
      fail(`${n.how === "full" ? "FullOuter" : "Cross"} joins with streaming DataFrames/Datasets on both sides are not supported`);
    if (n.kind === "Window" && n.streaming) {
      const f = n.functions[0];
      throw new AnalysisException(
        `Window function is not supported in ${f.sql.toUpperCase()} (as column \`${n.schema.fields[n.child.schema.fields.length].name}\`) on streaming DataFrames/Datasets. Structured Streaming only supports time-window aggregation using the WINDOW function. (window specification: ${f.specSql.toUpperCase()})`,
        "NON_TIME_WINDOW_NOT_SUPPORTED_IN_STREAMING",
      );
    }
    if (n.kind === "SetOperation" && n.op === "except" && n.right.streaming) fail("Except on a streaming DataFrame/Dataset on the right is not supported");
    if (n.kind === "SetOperation" && n.op === "intersect" && n.left.streaming && n.right.streaming) fail("Intersect of streaming DataFrames/Datasets is not supported");
    if (n.kind === "SetOperation" && n.streaming)
      // Spark accepts a stream intersected with (or minus) a batch frame here, then fails when the query runs.
      throw new UnsupportedOperationException(`${n.op === "intersect" ? "Intersect" : "Except"} of a streaming DataFrame with a batch one is accepted by Spark's checker but fails when the query runs; Iskra refuses it at start().`);
    if (n.kind === "Offset" && n.streaming) fail("Offset is not supported on streaming DataFrames/Datasets");
    if (n.kind === "Sample" && n.streaming) fail("Sampling is not supported on streaming DataFrames/Datasets");
    if (n.kind === "Union" && n.children.some((c) => c.streaming) && n.children.some((c) => !c.streaming))
      fail("Union between streaming and batch DataFrames/Datasets is not supported");
  });

  if (aggregates.length > 1 && outputMode !== "append")
    fail(
      "Detected pattern of possible 'correctness' issue due to global watermark. The query contains stateful operation which can emit rows older than the current watermark plus allowed late record delay, which are \"late rows\" in downstream stateful operations and these rows can be discarded. Please refer the programming guide doc for more details. If you understand the possible risk of correctness issue and still need to run the query, you can disable this check by setting the config `spark.sql.streaming.statefulOperator.checkCorrectness.enabled` to false.",
    );

  if (outputMode === "complete" && aggregates.length === 0)
    fail(`Complete output mode not supported when there are no streaming aggregations on streaming DataFrames/Datasets`);
  if (outputMode === "append") {
    for (const a of aggregates)
      if (!aggregateHasWatermark(a))
        fail(`Append output mode not supported when there are streaming aggregations on streaming DataFrames/DataSets without watermark`);
  }

  // Sorting only on an aggregated stream in Complete mode.
  forEachNode(plan, (n) => {
    if (n.kind === "Sort" && n.streaming) {
      let aggregated = false;
      forEachNode(n.child, (c) => { if (c.kind === "Aggregate" && c.streaming) aggregated = true; });
      if (!(aggregated && outputMode === "complete"))
        fail("Sorting is not supported on streaming DataFrames/Datasets, unless it is on aggregated DataFrame/Dataset in Complete output mode");
    }
    if (n.kind === "Limit" && n.streaming && outputMode === "update")
      fail(`Limits are not supported on streaming DataFrames/Datasets in ${cap(outputMode)} output mode`);
    if (n.kind === "Project" && n.streaming && n.exprs.some((e) => JSON.stringify(e.sql).includes("monotonically_increasing_id()")))
      fail("Expression(s): monotonically_increasing_id() is not supported with streaming DataFrames/Datasets");
  });
}
