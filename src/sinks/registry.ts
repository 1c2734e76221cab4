/**
 * Streaming sink formats: `df.writeStream.format(name)` → factory (mirrors sources/registry).
 *
 * Built in: console, memory, noop, and the file sink of every file format (file-sink.ts); kafka is loaded on first use (so kafkajs is only required by
 * queries that write Kafka). Names are case-insensitive. `foreach` and `foreachBatch` are not
 * formats but writer methods (they take a function), as in Spark. Other sinks register
 * themselves with `registerSink`.
 */
import { AnalysisException } from "../errors";
import type { SinkFactory } from "../connector-api/sink";
import type { InternalRow } from "../connector-api/source";
import { ConsoleSink } from "./console-sink";
import { MemorySink } from "./memory-sink";

import type { BatchSinkFactory } from "../connector-api/batch";
import { fileFormatNames, getFileFormat } from "../formats/registry";
import { fileSinkFactory } from "./file-sink";
import { writeFiles } from "../formats/committer";
import { localPath } from "../formats/listing";
import { IllegalArgumentException } from "../errors";

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

/** Forgets a format registered with registerSink (a test's own sink, once the test is done). */
export function unregisterSink(format: string): void {
  factories.delete(format.toLowerCase());
}

/** The factory for a format, or undefined. */
export function getSinkFactory(format: string): SinkFactory | undefined {
  const own = factories.get(format.toLowerCase());
  if (own) return own;
  const file = getFileFormat(format);
  return file ? fileSinkFactory(file) : undefined;
}

/** Registered format names, sorted. */
export function sinkFormats(): string[] {
  return [...new Set([...factories.keys(), ...fileFormatNames()])].sort();
}

// ---------------------------------------------------------------------------------------------
// Batch writes (`df.write.format(name).save()`): every file format, plus these.

const batchFactories = new Map<string, BatchSinkFactory>([
  ["kafka", async (w) => {
    const { writeKafkaBatch }: typeof import("./kafka-sink") = require("./kafka-sink");
    await writeKafkaBatch(w.schema, w.rows as InternalRow[], w.options);
  }],
]);

/** Adds or replaces the batch writer for a format name. */
export function registerBatchSink(format: string, factory: BatchSinkFactory): void {
  batchFactories.set(format.toLowerCase(), factory);
}

/** The batch writer for a format (a file format's writes into `path`), or undefined. */
export function getBatchSinkFactory(format: string): BatchSinkFactory | undefined {
  const own = batchFactories.get(format.toLowerCase());
  if (own) return own;
  const format_ = getFileFormat(format);
  if (!format_) return undefined;
  return async (w, ctx) => {
    const p = w.options.get("path");
    if (!p) throw new IllegalArgumentException("'path' is not specified");
    await writeFiles({ dir: localPath(p), format: format_, schema: w.schema, rows: w.rows, options: w.options, mode: w.mode, partitionBy: w.partitionBy, ctx });
  };
}
