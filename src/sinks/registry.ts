/**
 * Streaming sink formats: `df.writeStream.format(name)` → factory (mirrors sources/registry).
 *
 * Built in: console, memory, noop; kafka is loaded on first use (so kafkajs is only required by
 * queries that write Kafka). Names are case-insensitive. `foreach` and `foreachBatch` are not
 * formats but writer methods (they take a function), as in Spark. Other sinks register
 * themselves with `registerSink`.
 */
import { AnalysisException } from "../errors";
import type { SinkFactory } from "../connector-api/sink";
import { ConsoleSink } from "./console-sink";
import { MemorySink } from "./memory-sink";

export type { SinkFactory } from "../connector-api/sink";

const factories = new Map<string, SinkFactory>([
  ["console", (options, ctx) => new ConsoleSink(options, ctx.print)],
  [
    "memory",
    (_options, ctx) => {
      if (!ctx.queryName) throw new AnalysisException("queryName must be specified for memory sink.", "_LEGACY_ERROR_TEMP_1158");
      if (ctx.outputMode === "update") throw new AnalysisException("Data source memory does not support Update output mode.", "_LEGACY_ERROR_TEMP_1183");
      return new MemorySink();
    },
  ],
  ["noop", () => ({ description: "NoopSink", addBatch: async () => undefined })],
  [
    "kafka",
    (options) => {
      const { createKafkaSink }: typeof import("./kafka-sink") = require("./kafka-sink");
      return createKafkaSink(options);
    },
  ],
]);

/** Adds or replaces the factory for a format name. */
export function registerSink(format: string, factory: SinkFactory): void {
  factories.set(format.toLowerCase(), factory);
}

/** The factory for a format, or undefined. */
export function getSinkFactory(format: string): SinkFactory | undefined {
  return factories.get(format.toLowerCase());
}

/** Registered format names, sorted. */
export function sinkFormats(): string[] {
  return [...factories.keys()].sort();
}
