/**
 * Streaming source formats: `spark.readStream.format(name)` → factory.
 *
 * Built in: socket, rate, memory, and every file format (formats/registry.ts: csv, json, text, …); kafka is loaded on first use (so kafkajs is only
 * required by queries that read Kafka). Names are case-insensitive, as Spark's short names are.
 * Other sources register themselves with `registerSource`.
 *
 * Every factory is a SourceFactory (options, userSchema, ctx): the context carries the logger,
 * the checkpoint's sources/<i> directory, the parallelism, the session's time zone and conf.
 */
import type { InternalRow, SourceFactory } from "../connector-api/source";
import { createSocketSource } from "./socket-source";
import { createRateSource } from "./rate-source";
import { createRateMicroBatchSource } from "./rate-micro-batch-source";
import { createMemorySource } from "./memory-source";
import { fileSourceFactory } from "./file-source";

import type { BatchSourceFactory } from "../connector-api/batch";
import { fileFormatNames, getFileFormat } from "../formats/registry";
import { scanFiles } from "../formats/scan";

export type { SourceFactory, SourceContext } from "../connector-api/source";

const factories = new Map<string, SourceFactory>([
  ["socket", createSocketSource],
  ["rate", createRateSource],
  ["rate-micro-batch", createRateMicroBatchSource],
  ["memory", createMemorySource],
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
  return factories.get(format.toLowerCase()) ?? fileSourceFactory(format);
}

/** Registered format names, sorted. */
export function sourceFormats(): string[] {
  return [...new Set([...factories.keys(), ...fileFormatNames()])].sort();
}

// ---------------------------------------------------------------------------------------------
// Batch reads (`spark.read.format(name)`): every file format, plus these.

const batchFactories = new Map<string, BatchSourceFactory>([
  ["kafka", (options) => {
    const { readKafkaBatch }: typeof import("./kafka-batch") = require("./kafka-batch");
    const { kafkaSchema }: typeof import("./kafka-source") = require("./kafka-source");
    const schema = kafkaSchema((options.get("includeheaders") ?? "false").toLowerCase() === "true");
    return { schema, description: "KafkaRelation", load: async () => (await readKafkaBatch(options)).rows };
  }],
  ["jdbc", (options, _schema, ctx) => {
    // The schema is read now (Spark's resolveTable: a missing table fails on this line), the rows at each action.
    const { readJdbc, readJdbcSchemaSync }: typeof import("../connectors/jdbc") = require("../connectors/jdbc");
    // JDBC connection properties go on as the user spelled them (Spark's originalMap).
    const original = Object.fromEntries(options.originalMap);
    const { schema, warnings } = readJdbcSchemaSync(original);
    for (const w of warnings) ctx.warn(w);
    return { schema, description: "JDBCRelation", load: async () => (await readJdbc({ options: original })).rows as InternalRow[] };
  }],
]);

/** Adds or replaces the batch reader for a format name. */
export function registerBatchSource(format: string, factory: BatchSourceFactory): void {
  batchFactories.set(format.toLowerCase(), factory);
}

/** The batch reader for a format (a file format's reads `path`/`paths`), or undefined. */
export function getBatchSourceFactory(format: string): BatchSourceFactory | undefined {
  const own = batchFactories.get(format.toLowerCase());
  if (own) return own;
  const file = getFileFormat(format);
  if (!file) return undefined;
  return (options, userSchema, ctx) => {
    const paths: string[] = options.has("paths") ? JSON.parse(options.get("paths")!) : options.has("path") ? [options.get("path")!] : [];
    return scanFiles(file, paths, options, ctx, userSchema);
  };
}
