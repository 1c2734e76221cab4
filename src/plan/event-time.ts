import type { LogicalPlan } from "./logical-plan";

/** Index of the GROUP BY expression on a watermarked event-time column (or a window over it); -1 if none. */
export function eventTimeGroupIndex(agg: LogicalPlan & { kind: "Aggregate" }): number {
  const fields = agg.child.schema.fields;
  return agg.groupBy.findIndex((g) => {
    let e = g;
    if (e.kind === "alias") e = e.child;
    if (e.kind === "fn" && e.op === "window") e = e.args[0];
    if (e.kind === "fn" && e.op === "cast") e = e.args[0];
    return e.kind === "ref" && fields[e.ordinal]?.metadata["spark.watermarkDelayMs"] !== undefined;
  });
}
