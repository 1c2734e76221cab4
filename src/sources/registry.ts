/**
 * Streaming source formats: `spark.readStream.format(name)` → factory.
 *
 * Built in: socket, rate, memory, json, text; kafka is loaded on first use (so kafkajs is only
 * required by queries that read Kafka). Names are case-insensitive, as Spark's short names are.
 * Other sources register themselves with `registerSource`.
 *
 * Every factory is a SourceFactory (options, userSchema) and also accepts an optional third
 * argument, a SourceContext (logger, checkpoint metadata dir, parallelism, JSON line parser).
 */
import type { SourceFactory } from "../connector-api/source";
import type { ContextSourceFactory } from "./common";
import { createSocketSource } from "./socket-source";
import { createRateSource } from "./rate-source";
import { createRateMicroBatchSource } from "./rate-micro-batch-source";
import { createMemorySource } from "./memory-source";
import { createJsonFileSource, createTextFileSource } from "./file-source";

export type { ContextSourceFactory, SourceContext, SourceLogger } from "./common";

const factories = new Map<string, ContextSourceFactory>([
  ["socket", createSocketSource],
  ["rate", createRateSource],
  ["rate-micro-batch", createRateMicroBatchSource],
  ["memory", createMemorySource],
  ["json", createJsonFileSource],
  ["text", createTextFileSource],
  [
    "kafka",
    (options, userSchema) =>
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      (require("./kafka-source") as { createKafkaSource: SourceFactory }).createKafkaSource(options, userSchema),
  ],
]);

/** Adds or replaces the factory for a format name. */
export function registerSource(format: string, factory: ContextSourceFactory | SourceFactory): void {
  factories.set(format.toLowerCase(), factory as ContextSourceFactory);
}

/** The factory for a format, or undefined (the reader then raises Spark's DATA_SOURCE_NOT_FOUND). */
export function getSourceFactory(format: string): ContextSourceFactory | undefined {
  return factories.get(format.toLowerCase());
}

/** Registered format names, sorted. */
export function sourceFormats(): string[] {
  return [...factories.keys()].sort();
}
