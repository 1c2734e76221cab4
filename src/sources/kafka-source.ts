/**
 * Spark's Kafka micro-batch source (`spark.readStream.format("kafka")`), over a real broker.
 *
 * Schema (all nullable): key binary, value binary, topic string, partition int, offset long,
 * timestamp timestamp, timestampType int, and headers array<struct<key:string,value:binary>>
 * with includeHeaders=true.
 *
 * Offsets are Spark's JSON, `{"topic":{"0":<next offset to read>, ...}}`; `getBatch(start, end)`
 * returns the records in [start, end) per partition (Spark's offsets are "next to read", so this
 * is the contract's (start, end] in record terms) through the group-free range reader, so the
 * same range gives the same rows after a restart. Partitions created while the query runs show
 * up in the next `latestOffset()` and are read from their earliest offset.
 *
 * Options follow KafkaSourceProvider: names are case-insensitive, exactly one of subscribe /
 * subscribePattern / assign, `kafka.bootstrap.servers` required, startingOffsets (default latest
 * for streams), maxOffsetsPerTrigger split over partitions in proportion to their backlog,
 * failOnDataLoss, includeHeaders; consumer settings Spark manages itself are rejected with
 * Spark's IllegalArgumentException texts.
 */
import { RetryPolicy, retryPolicyFrom, withRetries } from "../connectors/kafka/retry";
import * as fs from "node:fs";
import * as path from "node:path";
import { AnalysisException, IllegalArgumentException } from "../errors";
import { READ_ALL_AVAILABLE } from "../connector-api/source";
import type { InternalRow, Offset, ReadLimit, Source, SourceFactory, SourceContext } from "../connector-api/source";
import {
  ArrayType,
  BinaryType,
  IntegerType,
  LongType,
  StringType,
  StructField,
  StructType,
  TimestampType,
  type StructTypeClass,
} from "../types/data-types";
import { KafkaClient } from "../connectors/kafka/client";
import {
  describeSubscription,
  fetchOffsets,
  getOffset,
  offsetsToJson,
  parseOffsetsJson,
  parsePartitionsJson,
  partitionsOf,
  resolveOffsetSpec,
  resolvePartitions,
  setOffset,
  sortPartitions,
  topicPattern,
  tpSetString,
  tpString,
  EARLIEST,
  LATEST,
  type OffsetMap,
  type Subscription,
} from "../connectors/kafka/offsets";
import { offsetSpec, parseKafkaReadOptions, type KafkaReadOptions } from "../connectors/kafka/options";
import type { CaseInsensitiveMap } from "../connector-api/options";
import { readRanges, reportDataLoss, type OffsetRange, type RangeReadOptions } from "../connectors/kafka/range-reader";

// ---------------------------------------------------------------------------------------------
// Schema

const BASE_FIELDS = [
  StructField("key", BinaryType(), true),
  StructField("value", BinaryType(), true),
  StructField("topic", StringType(), true),
  StructField("partition", IntegerType(), true),
  StructField("offset", LongType(), true),
  StructField("timestamp", TimestampType(), true),
  StructField("timestampType", IntegerType(), true),
];

export const KAFKA_SCHEMA: StructTypeClass = StructType(BASE_FIELDS);
export const KAFKA_SCHEMA_WITH_HEADERS: StructTypeClass = StructType([
  ...BASE_FIELDS,
  StructField(
    "headers",
    ArrayType(StructType([StructField("key", StringType(), true), StructField("value", BinaryType(), true)]), true),
    true,
  ),
]);

export function kafkaSchema(includeHeaders: boolean): StructTypeClass {
  return includeHeaders ? KAFKA_SCHEMA_WITH_HEADERS : KAFKA_SCHEMA;
}

// ---------------------------------------------------------------------------------------------
// Offsets helpers

/** Sorted copy (topics by name, partitions by number): stable JSON text for equality. */
function normalize(m: OffsetMap): OffsetMap {
  return JSON.parse(offsetsToJson(m));
}

function asOffsetMap(o: Offset): OffsetMap {
  if (o === null || o === undefined) return {};
  if (typeof o === "string") return parseOffsetsJson(o);
  return o as OffsetMap;
}

/**
 * Spark's KafkaMicroBatchStream.rateLimit: at most `limit` offsets in all, split over partitions in
 * proportion to their backlog (a partition with a backlog gets at least one).
 */
export function rateLimit(limit: number, from: OffsetMap, until: OffsetMap, fromNew: OffsetMap = {}): OffsetMap {
  const sizes = new Map<string, number>();
  for (const tp of partitionsOf(until)) {
    const begin = getOffset(from, tp) ?? getOffset(fromNew, tp);
    if (begin === undefined) continue;
    const size = getOffset(until, tp)! - begin;
    if (size > 0) sizes.set(tpString(tp), size);
  }
  let total = 0;
  for (const s of sizes.values()) total += s;
  if (total < 1) return until;
  const out: OffsetMap = {};
  for (const tp of partitionsOf(until)) {
    const end = getOffset(until, tp)!;
    const size = sizes.get(tpString(tp));
    if (size === undefined) {
      setOffset(out, tp, end);
      continue;
    }
    const begin = getOffset(from, tp) ?? getOffset(fromNew, tp)!;
    const prorate = limit * (size / total);
    const prorateLong = prorate < 1 ? Math.ceil(prorate) : Math.floor(prorate);
    setOffset(out, tp, Math.min(end, begin + prorateLong));
  }
  return out;
}

/** Spark's KafkaSourceInitialOffsetWriter file: a 0x00 byte, "v1\n", then the offsets JSON. */
function writeInitialOffsetFile(dir: string, offsets: OffsetMap): void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "0");
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, Buffer.concat([Buffer.from([0]), Buffer.from("v1\n" + offsetsToJson(offsets), "utf8")]));
  fs.renameSync(tmp, file);
}

function readInitialOffsetFile(dir: string): OffsetMap | undefined {
  const file = path.join(dir, "0");
  if (!fs.existsSync(file)) return undefined;
  let text = fs.readFileSync(file, "utf8");
  if (text.charCodeAt(0) === 0) text = text.slice(1);
  const nl = text.indexOf("\n");
  const version = nl >= 0 ? text.slice(0, nl) : "";
  if (!/^v\d+$/.test(version)) throw new IllegalArgumentException(`Log file was malformed: failed to detect the log file version line in ${file}`);
  return parseOffsetsJson(text.slice(nl + 1).trim());
}

// ---------------------------------------------------------------------------------------------

/** The Kafka streaming source. */
export class KafkaSource implements Source {
  readonly schema: StructTypeClass;
  readonly description: string;
  readonly options: KafkaReadOptions;
  private client?: KafkaClient;
  /** End of the last batch planned or read; where the rate limit counts from. */
  private current?: OffsetMap;
  private stopped = false;
  /** What the last latestOffset() found at the brokers (before the rate limit). */
  private latestSeen?: OffsetMap;

  private readonly ctx: SourceContext;

  constructor(options: CaseInsensitiveMap, ctx: SourceContext) {
    this.ctx = ctx;
    this.options = parseKafkaReadOptions(options, "stream");
    this.schema = kafkaSchema(this.options.includeHeaders);
    this.description = `KafkaV2[${describeSubscription(this.options.subscription)}]`;
    this.retryPolicy = retryPolicyFrom(this.options.params);
  }
  private readonly retryPolicy: RetryPolicy;

  private kafka(): KafkaClient {
    if (!this.client || this.client.isClosed) this.client = new KafkaClient({ bootstrapServers: this.options.bootstrapServers });
    return this.client;
  }

  private readOptions(): RangeReadOptions {
    const warn = (m: string) => this.ctx.logger.warn(m);
    return { includeHeaders: this.options.includeHeaders, failOnDataLoss: this.options.failOnDataLoss, onDataLoss: warn };
  }

  private dataLoss(message: string): void {
    reportDataLoss(message, this.readOptions());
  }

  /** Offsets calls survive a broker that blips: fetchOffset.numRetries tries, fetchOffset.retryIntervalMs apart. */
  private retrying<T>(fn: () => Promise<T>): Promise<T> {
    return withRetries(fn, this.retryPolicy, (attempt, e) => {
      const m = `Error in attempt ${attempt} getting Kafka offsets: ${(e as Error)?.message ?? e}`;
      this.ctx.logger ? this.ctx.logger.warn(m) : console.warn(`WARN KafkaOffsetReaderAdmin: ${m}`);
    });
  }

  async start(): Promise<void> {
    this.stopped = false;
    const client = this.kafka();
    // Fail early, with the servers named, when the broker is not there.
    const admin = await client.admin();
    await client.run("list topics", () => admin.listTopics());
  }

  /**
   * Where a new query starts: startingOffsets resolved now. With a metadata directory
   * (`<checkpoint>/sources/<i>`) the result is kept in its file `0`, as Spark does, and a query
   * restarted before its first batch reuses it instead of resolving "latest" again.
   */
  async initialOffset(): Promise<Offset> {
    if (this.ctx.metadataDir) {
      const kept = readInitialOffsetFile(this.ctx.metadataDir);
      if (kept) return (this.current = normalize(kept));
    }
    const client = this.kafka();
    const spec = offsetSpec(this.options.startingOffsets, "latest");
    const initial = await this.retrying(async () => resolveOffsetSpec(client, await resolvePartitions(client, this.options.subscription), spec));
    this.current = normalize(initial);
    if (this.ctx.metadataDir) writeInitialOffsetFile(this.ctx.metadataDir, this.current);
    return this.current;
  }

  /** maxOffsetsPerTrigger, when set (Spark's KafkaMicroBatchStream.getDefaultReadLimit). */
  defaultReadLimit(): ReadLimit {
    const max = this.options.maxOffsetsPerTrigger;
    return max === undefined ? READ_ALL_AVAILABLE : { kind: "maxRows", maxRows: max };
  }

  /**
   * The end of what the next batch may read: the latest offsets, cut down to `limit` rows
   * counting from `start` (the end of the previous batch; null: the last one this source saw).
   */
  async latestOffset(start: Offset | null, limit: ReadLimit = this.defaultReadLimit()): Promise<Offset> {
    return this.retrying(() => this.fetchLatestOffset(start, limit));
  }

  private async fetchLatestOffset(start: Offset | null, limit: ReadLimit): Promise<Offset> {
    const client = this.kafka();
    const tps = await resolvePartitions(client, this.options.subscription);
    const latest = await fetchOffsets(client, tps, "latest");
    const from = start !== undefined && start !== null ? asOffsetMap(start) : this.current;
    this.latestSeen = latest;
    let end = latest;
    if (limit.kind === "maxRows" && from) {
      const newTps = partitionsOf(latest).filter((tp) => getOffset(from, tp) === undefined);
      const fromNew = newTps.length ? await fetchOffsets(client, newTps, "earliest") : {};
      end = rateLimit(limit.maxRows, from, latest, fromNew);
    }
    return normalize(end);
  }

  /** The latest offsets the last latestOffset() saw, before maxOffsetsPerTrigger (Spark's reportLatestOffset). */
  reportLatestOffset(): Offset {
    return this.latestSeen ? normalize(this.latestSeen) : null;
  }

  async getBatch(start: Offset, end: Offset): Promise<InternalRow[]> {
    const client = this.kafka();
    const until = asOffsetMap(end);
    const from = start === undefined || start === null ? ((await this.initialOffset()) as OffsetMap) : asOffsetMap(start);
    const untilTps = partitionsOf(until);
    const newTps = untilTps.filter((tp) => getOffset(from, tp) === undefined);
    const newOffsets = newTps.length ? await fetchOffsets(client, newTps, "earliest") : {};
    const gone = newTps.filter((tp) => getOffset(newOffsets, tp) === undefined);
    if (gone.length) this.dataLoss(`Cannot find earliest offsets of ${tpSetString(gone)}. Some data may have been missed`);
    for (const tp of newTps) {
      const o = getOffset(newOffsets, tp);
      if (o !== undefined && o !== 0) this.dataLoss(`Added partition ${tpString(tp)} starts from ${o} instead of 0. Some data may have been missed`);
    }
    const deleted = partitionsOf(from).filter((tp) => getOffset(until, tp) === undefined);
    if (deleted.length) this.dataLoss(`${tpSetString(deleted)} are gone. Some data may have been missed`);

    const ranges: OffsetRange[] = [];
    for (const tp of sortPartitions(untilTps)) {
      const fromOffset = getOffset(from, tp) ?? getOffset(newOffsets, tp);
      if (fromOffset === undefined) continue;
      const untilOffset = getOffset(until, tp)!;
      if (untilOffset < fromOffset) {
        this.dataLoss(`Partition ${tpString(tp)}'s offset was changed from ${fromOffset} to ${untilOffset}, some data may have been missed`);
        continue;
      }
      ranges.push({ ...tp, fromOffset, untilOffset });
    }
    const rows = await readRanges(client, ranges, this.readOptions());
    this.current = normalize(until);
    return rows;
  }

  async commit(end: Offset): Promise<void> {
    this.current = normalize(asOffsetMap(end));
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const c = this.client;
    this.client = undefined;
    if (c) await c.close();
  }

  /** Offsets are equal when they name the same partitions at the same offsets. */
  equalOffsets(a: Offset, b: Offset): boolean {
    return offsetsToJson(asOffsetMap(a)) === offsetsToJson(asOffsetMap(b));
  }
}

/** Registered as format "kafka" for readStream. A user schema is refused as Spark does. */
export const createKafkaSource: SourceFactory = (options, userSchema, ctx) => {
  if (userSchema !== undefined) throw new AnalysisException("kafka source does not support user-specified schema.");
  return new KafkaSource(options, ctx);
};

