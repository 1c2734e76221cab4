import type { LogicalPlan } from "./logical-plan";

/** Index of the GROUP BY expression on a watermarked event-time column (or a window over it); -1 if none. */
export function eventTimeGroupIndex(agg: LogicalPlan & { kind: "Aggregate" }): number {
  const fields = agg.child.schema.fields;
  return agg.groupBy.findIndex((g) => {
    let e = g;
    if (e.kind === "alias") e = e.child;
    if (e.kind === "fn" && e.op === "window") e = e.args[0];
    // A window over an earlier window's time (chained window aggregations).
    if (e.kind === "fn" && e.op === "window_time") e = e.args[0];
    if (e.kind === "fn" && e.op === "cast") e = e.args[0];
    return e.kind === "ref" && fields[e.ordinal]?.metadata["spark.watermarkDelayMs"] !== undefined;
  });
}
