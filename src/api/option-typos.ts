/**
 * Spark ignores options a source or sink does not know (`.option("maxOffsetPerTrigger", 10)` on
 * kafka runs as if it were not there). Iskra keeps that, and warns when an unknown option is a
 * near miss of a known one — a typo the learner would otherwise never see. Options far from every
 * known name (custom ones, `kafka.*` consumer configs) pass silently, as in Spark.
 *
 * The names are Spark 3.5's documented options of each built-in format (case-insensitive).
 */
import { suggest } from "../errors";

const SOURCE_OPTIONS: Record<string, readonly string[]> = {
  kafka: [
    "assign", "subscribe", "subscribePattern", "startingOffsets", "endingOffsets", "startingOffsetsByTimestamp",
    "endingOffsetsByTimestamp", "startingTimestamp", "endingTimestamp", "startingOffsetsByTimestampStrategy",
    "failOnDataLoss", "kafkaConsumer.pollTimeoutMs", "fetchOffset.numRetries", "fetchOffset.retryIntervalMs",
    "maxOffsetsPerTrigger", "minOffsetsPerTrigger", "maxTriggerDelay", "minPartitions", "groupIdPrefix", "includeHeaders",
  ],
  socket: ["host", "port", "includeTimestamp"],
  rate: ["rowsPerSecond", "rampUpTime", "numPartitions"],
  "rate-micro-batch": ["rowsPerBatch", "numPartitions", "startTimestamp", "advanceMillisPerBatch"],
};

const SINK_OPTIONS: Record<string, readonly string[]> = {
  console: ["numRows", "truncate", "checkpointLocation"],
  kafka: ["topic", "includeHeaders", "checkpointLocation"],
  memory: ["checkpointLocation"],
  foreachbatch: ["checkpointLocation"],
  foreach: ["checkpointLocation"],
};

/** The warnings for the options given to a format: one per near-miss name (none for formats not listed). */
export function optionTypos(kind: "source" | "sink", format: string, given: readonly string[]): string[] {
  const known = (kind === "source" ? SOURCE_OPTIONS : SINK_OPTIONS)[format.toLowerCase()];
  if (!known) return [];
  const lower = new Set(known.map((k) => k.toLowerCase()));
  const out: string[] = [];
  for (const name of given) {
    if (lower.has(name.toLowerCase()) || /^kafka\./i.test(name)) continue;
    const close = suggest(name, known, 1);
    if (close.length)
      out.push(`Option '${name}' is not an option of the ${format} ${kind}; Spark ignores it, and so does this query. Did you mean '${close[0]}'?`);
  }
  return out;
}
