/**
 * Batch reads of Kafka (`spark.read.format("kafka")...load()`): every record between
 * startingOffsets (default earliest) and endingOffsets (default latest) of the subscribed
 * partitions, read through the group-free range reader. Options and their errors are the
 * stream's (see kafka-source.ts) plus Spark's batch-only checks.
 */
import { SparkException } from "../errors";
import type { InternalRow } from "../connector-api/source";
import type { StructTypeClass } from "../types/data-types";
import { KafkaClient } from "../connectors/kafka/client";
import { getOffset, partitionsOf, resolveOffsetSpec, resolvePartitions, sortPartitions, tpString, type OffsetMap } from "../connectors/kafka/offsets";
import { readRanges, type OffsetRange } from "../connectors/kafka/range-reader";
import { kafkaSchema } from "./kafka-source";
import { offsetSpec, parseKafkaReadOptions } from "../connectors/kafka/options";
import type { CaseInsensitiveMap } from "../connector-api/options";

export interface KafkaBatchResult {
  schema: StructTypeClass;
  rows: InternalRow[];
}

/** The offset ranges a batch read covers (exported for explain-like output and tests). */
async function planKafkaBatch(
  client: KafkaClient,
  options: CaseInsensitiveMap,
): Promise<OffsetRange[]> {
  const o = parseKafkaReadOptions(options, "batch");
  const tps = await resolvePartitions(client, o.subscription);
  const from = await resolveOffsetSpec(client, tps, offsetSpec(o.startingOffsets, "earliest"), "startingOffsets");
  const until = await resolveOffsetSpec(client, tps, offsetSpec(o.endingOffsets, "latest"), "endingOffsets");
  return rangesBetween(from, until);
}

function rangesBetween(from: OffsetMap, until: OffsetMap): OffsetRange[] {
  const fromTps = partitionsOf(from).map(tpString);
  const untilTps = partitionsOf(until).map(tpString);
  if (fromTps.join(",") !== untilTps.join(","))
    throw new SparkException(
      `different topic partitions for starting offsets topics[${fromTps.join(",")}] and ending offsets topics[${untilTps.join(",")}]`,
    );
  const ranges: OffsetRange[] = [];
  for (const tp of sortPartitions(partitionsOf(until))) {
    const fromOffset = getOffset(from, tp)!;
    const untilOffset = getOffset(until, tp)!;
    if (fromOffset > untilOffset)
      throw new SparkException(
        `assertion failed: Beginning offset ${fromOffset} is after the ending offset ${untilOffset} for topic ${tp.topic} partition ${tp.partition}. ` +
          `You either provided an invalid fromOffset, or the Kafka topic has been damaged`,
      );
    ranges.push({ ...tp, fromOffset, untilOffset });
  }
  return ranges;
}

/**
 * Reads Kafka as a batch: `{ schema, rows }` with the Kafka source schema. Options as
 * `spark.read.format("kafka").option(...)`: kafka.bootstrap.servers, subscribe | subscribePattern
 * | assign, startingOffsets, endingOffsets, failOnDataLoss, includeHeaders.
 */
export async function readKafkaBatch(options: CaseInsensitiveMap): Promise<KafkaBatchResult> {
  const o = parseKafkaReadOptions(options, "batch");
  const client = new KafkaClient({ bootstrapServers: o.bootstrapServers });
  try {
    const ranges = await planKafkaBatch(client, options);
    const rows = await readRanges(client, ranges, {
      includeHeaders: o.includeHeaders,
      failOnDataLoss: o.failOnDataLoss,
      onDataLoss: (m) => console.warn(`WARN KafkaRelation: ${m}`),
    });
    return { schema: kafkaSchema(o.includeHeaders), rows };
  } finally {
    await client.close();
  }
}
