/**
 * Streaming source formats: `spark.readStream.format(name)` → factory.
 *
 * Built in: socket, rate, memory, json, text; kafka is loaded on first use (so kafkajs is only
 * required by queries that read Kafka). Names are case-insensitive, as Spark's short names are.
 * Other sources register themselves with `registerSource`.
 *
 * Every factory is a SourceFactory (options, userSchema, ctx): the context carries the logger,
 * the checkpoint's sources/<i> directory, the parallelism and the JSON line parser.
 */
import type { SourceFactory } from "../connector-api/source";
import { createSocketSource } from "./socket-source";
import { createRateSource } from "./rate-source";
import { createRateMicroBatchSource } from "./rate-micro-batch-source";
import { createMemorySource } from "./memory-source";
import { createJsonFileSource, createTextFileSource } from "./file-source";

export type { SourceFactory, SourceContext } from "../connector-api/source";

const factories = new Map<string, SourceFactory>([
  ["socket", createSocketSource],
  ["rate", createRateSource],
  ["rate-micro-batch", createRateMicroBatchSource],
  ["memory", createMemorySource],
  ["json", createJsonFileSource],
  ["text", createTextFileSource],
  [
    "kafka",
    (options, userSchema, ctx) =>
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      (require("./kafka-source") as { createKafkaSource: SourceFactory }).createKafkaSource(options, userSchema, ctx),
  ],
]);

/** Adds or replaces the factory for a format name. */
export function registerSource(format: string, factory: SourceFactory): void {
  factories.set(format.toLowerCase(), factory);
}

/** The factory for a format, or undefined (the reader then raises Spark's DATA_SOURCE_NOT_FOUND). */
export function getSourceFactory(format: string): SourceFactory | undefined {
  return factories.get(format.toLowerCase());
}

/** Registered format names, sorted. */
export function sourceFormats(): string[] {
  return [...factories.keys()].sort();
}
