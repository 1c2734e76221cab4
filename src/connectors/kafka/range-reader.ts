/**
 * Reads EXACTLY the records with offsets in [from, until) of given topic-partitions, as rows of
 * the Kafka source schema:
 *   [key Buffer|null, value Buffer|null, topic, partition, offset, timestamp (µs since epoch),
 *    timestampType (0 CreateTime / 1 LogAppendTime), (headers [[key, value], ...] | null)]
 *
 * Design choice: a group-free fetch on kafkajs internals (research note kafka.md §1, way B),
 * not a consumer group with seek (way A).
 * - Spark reads a range with an `assign()`ed consumer and `seek()`; kafkajs has no assign, and
 *   its seek needs a joined group. A group per read costs a JoinGroup/SyncGroup round (and
 *   `group.initial.rebalance.delay.ms`, 3 s on a stock broker) for every micro-batch, leaves
 *   groups behind on the broker, races seek against the first fetch, and makes "stop exactly
 *   at `until`, also when a partition is empty" awkward (pause/stop logic across callbacks).
 * - Way B sends plain Fetch requests (v11, READ_UNCOMMITTED as Spark's consumers) straight to each
 *   partition's leader over kafkajs's own connection pool, at exactly the offsets we want. It is
 *   stateless, so the same range always gives the same rows (replay after a restart), costs one
 *   round trip per leader per ~8 MiB, and an empty range (until == from) costs nothing at all.
 * - The price is reliance on kafkajs internals (`src/cluster`, the v11 request encoder,
 *   `connectionPool.send`); kafkajs 2.2.4 is pinned and frozen. The response is decoded here, not
 *   by kafkajs: a straight RecordBatch v2 walker that slices keys and values out of the response
 *   buffer without copying, keeps headers in order (kafkajs folds them into an object) and
 *   avoids kafkajs's per-record BigInt/Long arithmetic. This is what makes it fast: no awaits per
 *   record, one decode loop per response.
 *
 * Data loss (offsets aged out, topic deleted and re-created) follows Spark's failOnDataLoss:
 * true → an error saying which offsets are gone; false → skip them (with a warning callback).
 */
import * as zlib from "node:zlib";
import { SparkException } from "../../errors";
import type { InternalRow } from "../../connector-api/source";
import { ATTR_CODEC, ATTR_CONTROL, ATTR_LOG_APPEND_TIME, BATCH_HEADER_SIZE, Cursor, int64At, readBatchHeader } from "./record-batch";
import type { KafkaClient } from "./client";
import type { KafkaJSBroker, KafkaJSCluster } from "./kafkajs-internals";
import { clusterWithTopics, fetchEarliestAndLatest, listTopicNames, getOffset, type TopicPartition } from "./offsets";

import { fetchV11Request, lookupCodecByAttributes } from "./kafkajs-internals";

export interface OffsetRange extends TopicPartition {
  /** First offset to read (inclusive). */
  fromOffset: number;
  /** Offset to stop before (exclusive). */
  untilOffset: number;
}

export interface RangeReadOptions {
  /** Add the headers column (Spark's includeHeaders). */
  includeHeaders?: boolean;
  /** Spark's failOnDataLoss (default true). */
  failOnDataLoss?: boolean;
  /** Called with the message when data is skipped because failOnDataLoss is false. */
  onDataLoss?: (message: string) => void;
  /** Largest fetch per partition (default 8 MiB). */
  maxPartitionFetchBytes?: number;
  /** How long to wait for records that should be there but are not yet (default 30 s). */
  pollTimeoutMs?: number;
}

const INSTRUCTION_FOR_FAIL_ON_DATA_LOSS_TRUE =
  "Some data may have been lost because they are not available in Kafka any more; either the data " +
  "was aged out by Kafka or the topic may have been deleted before all the data in the topic was " +
  'processed. If you don\'t want your streaming query to fail on such cases, set the source option "failOnDataLoss" to "false".';
const INSTRUCTION_FOR_FAIL_ON_DATA_LOSS_FALSE =
  "Some data may have been lost because they are not available in Kafka any more; either the data " +
  "was aged out by Kafka or the topic may have been deleted before all the data in the topic was " +
  'processed. If you want your streaming query to fail on such cases, set the source option "failOnDataLoss" to "true".';

/** Spark's reportDataLoss: throws when failOnDataLoss, otherwise warns. */
export function reportDataLoss(message: string, options: RangeReadOptions): void {
  if (options.failOnDataLoss ?? true) throw new SparkException(`${message}. ${INSTRUCTION_FOR_FAIL_ON_DATA_LOSS_TRUE}`);
  options.onDataLoss?.(`${message}. ${INSTRUCTION_FOR_FAIL_ON_DATA_LOSS_FALSE}`);
}

// ---------------------------------------------------------------------------------------------
// Wire decoding

interface PartitionData {
  partition: number;
  errorCode: number;
  highWatermark: number;
  logStartOffset: number;
  records: Buffer | null;
}

/** Fetch v11 response body (after the correlation id) → topic → partition data. */
function parseFetchResponse(buf: Buffer): { errorCode: number; topics: Map<string, PartitionData[]> } {
  let p = 4; // throttle_time_ms
  const errorCode = buf.readInt16BE(p);
  p += 2 + 4; // error_code, session_id
  const topics = new Map<string, PartitionData[]>();
  const nTopics = buf.readInt32BE(p);
  p += 4;
  for (let t = 0; t < nTopics; t++) {
    const nameLen = buf.readInt16BE(p);
    p += 2;
    const name = buf.toString("utf8", p, p + nameLen);
    p += nameLen;
    const nParts = buf.readInt32BE(p);
    p += 4;
    const parts: PartitionData[] = [];
    for (let i = 0; i < nParts; i++) {
      const partition = buf.readInt32BE(p);
      const perr = buf.readInt16BE(p + 4);
      const highWatermark = int64At(buf, p + 6);
      // last_stable_offset at p + 14
      const logStartOffset = int64At(buf, p + 22);
      p += 30;
      const nAborted = buf.readInt32BE(p);
      p += 4 + (nAborted > 0 ? nAborted * 16 : 0);
      p += 4; // preferred_read_replica
      const size = buf.readInt32BE(p);
      p += 4;
      let records: Buffer | null = null;
      if (size > 0) {
        records = buf.subarray(p, p + size);
        p += size;
      }
      parts.push({ partition, errorCode: perr, highWatermark, logStartOffset, records });
    }
    topics.set(name, parts);
  }
  return { errorCode, topics };
}

/** Per-partition read state. */
interface PartState {
  topic: string;
  partition: number;
  next: number;
  until: number;
  rows: InternalRow[];
  /** Bytes per record seen so far (to size the next fetch). */
  avgBytes: number;
  done: boolean;
  stalledSince: number;
}

/**
 * Walks the record batches of one partition's record set, appending rows for offsets in
 * [state.next, state.until) and advancing state.next past every batch seen (control batches and
 * compaction gaps included). Returns the number of record-set bytes consumed.
 */
async function decodeRecordSet(records: Buffer, st: PartState, includeHeaders: boolean): Promise<number> {
  let pos = 0;
  const end = records.length;
  const { topic, partition, rows } = st;
  while (pos + BATCH_HEADER_SIZE <= end && !st.done) {
    const h = readBatchHeader(records, pos);
    const { baseOffset, attributes, baseTimestamp, maxTimestamp, recordCount } = h;
    const batchEnd = h.end;
    if (batchEnd > end) break; // a partial batch at the end of the response
    if (h.magic !== 2)
      throw new SparkException(
        `Kafka record batch of message format v${h.magic} at ${topic}-${partition} offset ${baseOffset} is not supported (only v2, Kafka ≥ 0.11)`,
      );
    const batchNext = baseOffset + h.lastOffsetDelta + 1;
    const isControl = (attributes & ATTR_CONTROL) !== 0;
    if (!isControl && batchNext > st.next) {
      const logAppend = (attributes & ATTR_LOG_APPEND_TIME) !== 0;
      const tsType = logAppend ? 1 : 0;
      const codec = attributes & ATTR_CODEC;
      let cur: Cursor;
      if (codec === 0) cur = new Cursor(records, pos + BATCH_HEADER_SIZE);
      else {
        const compressed = records.subarray(pos + BATCH_HEADER_SIZE, batchEnd);
        let plain: Buffer;
        if (codec === 1) plain = zlib.gunzipSync(compressed);
        else {
          let c: { decompress(b: Buffer): Promise<Buffer> } | null;
          try {
            c = lookupCodecByAttributes(attributes);
          } catch (e) {
            throw new SparkException(
              `Kafka records at ${topic}-${partition} offset ${baseOffset} use a compression codec kafkajs has no implementation for ` +
                `(${(e as Error).message}); register one with kafkajs's CompressionCodecs`,
            );
          }
          plain = await c!.decompress(compressed);
        }
        cur = new Cursor(plain, 0);
      }
      const buf = cur.buf;
      const until = st.until;
      const from = st.next;
      for (let i = 0; i < recordCount; i++) {
        const len = cur.varint();
        const recEnd = cur.pos + len;
        cur.pos += 1; // attributes
        const tsDelta = cur.varlong();
        const offset = baseOffset + cur.varint();
        if (offset < from) {
          cur.pos = recEnd;
          continue;
        }
        if (offset >= until) {
          st.done = true;
          break;
        }
        const key = cur.bytes();
        const value = cur.bytes();
        const ts = (logAppend ? maxTimestamp : baseTimestamp + tsDelta) * 1000;
        if (includeHeaders) {
          const n = cur.varint();
          let headers: unknown[] | null = null;
          if (n > 0) {
            headers = new Array(n);
            for (let h = 0; h < n; h++) {
              const klen = cur.varint();
              const hk = buf.toString("utf8", cur.pos, cur.pos + klen);
              cur.pos += klen;
              headers[h] = [hk, cur.bytes()];
            }
          }
          rows.push([key, value, topic, partition, offset, ts, tsType, headers]);
        } else rows.push([key, value, topic, partition, offset, ts, tsType]);
        cur.pos = recEnd;
      }
    }
    if (batchNext > st.next) st.next = Math.min(batchNext, st.until);
    if (st.next >= st.until) st.done = true;
    pos = batchEnd;
  }
  return pos;
}

// ---------------------------------------------------------------------------------------------

const FETCH_MAX_WAIT_MS = 500;
const MAX_PARTITION_BYTES = 8 * 1024 * 1024;
const MIN_PARTITION_BYTES = 64 * 1024;
const MAX_REQUEST_BYTES = 50 * 1024 * 1024;

// Kafka error codes handled here.
const OFFSET_OUT_OF_RANGE = 1;
const RETRIABLE = new Set([3, 5, 6, 9, 74, 75, 76, 78]); // unknown partition, leader not available, not leader, replica not available, fenced/unknown epoch, offset not available

/**
 * Reads every range and returns the rows, partition after partition in the order given, each
 * partition's rows in offset order. Ranges with until ≤ from give nothing and cost nothing.
 */
export async function readRanges(client: KafkaClient, ranges: OffsetRange[], options: RangeReadOptions = {}): Promise<InternalRow[]> {
  const includeHeaders = options.includeHeaders ?? false;
  const maxPart = options.maxPartitionFetchBytes ?? MAX_PARTITION_BYTES;
  const pollTimeoutMs = options.pollTimeoutMs ?? 30000;
  const states: PartState[] = ranges.map((r) => ({
    topic: r.topic,
    partition: r.partition,
    next: r.fromOffset,
    until: r.untilOffset,
    rows: [],
    avgBytes: 200,
    done: r.untilOffset <= r.fromOffset,
    stalledSince: 0,
  }));
  const pending = () => states.filter((s) => !s.done);
  if (pending().length === 0) return [];

  const topics = [...new Set(pending().map((s) => s.topic))];
  const existing = new Set(await listTopicNames(client));
  for (const st of pending()) {
    if (!existing.has(st.topic)) {
      reportDataLoss(`Cannot fetch records in [${st.next}, ${st.until}) of ${st.topic}-${st.partition}: the topic does not exist any more`, options);
      st.done = true;
    }
  }
  if (pending().length === 0) return collect(states);
  const cluster = await clusterWithTopics(client, topics.filter((t) => existing.has(t)), existing);

  let metadataStale = false;
  while (pending().length > 0) {
    if (metadataStale) {
      await client.run("refresh topic metadata", () => cluster.refreshMetadata());
      metadataStale = false;
    }
    const byLeader = groupByLeader(cluster, pending());
    const rounds = [...byLeader.entries()].map(async ([leader, parts]) => {
      const broker = await client.run("connect to a partition leader", () => cluster.findBroker({ nodeId: leader }));
      const response = await client.run(
        "fetch records",
        () => fetchOnce(broker, parts, maxPart),
        FETCH_MAX_WAIT_MS + 30000,
      );
      return { parts, response };
    });
    const results = await Promise.all(rounds);
    const needEnds: PartState[] = [];
    for (const { parts, response } of results) {
      if (response.errorCode !== 0) throw new SparkException(`Kafka fetch failed with error code ${response.errorCode}`);
      for (const st of parts) {
        const pd = response.topics.get(st.topic)?.find((x) => x.partition === st.partition);
        if (!pd) continue;
        if (pd.errorCode === OFFSET_OUT_OF_RANGE) {
          needEnds.push(st);
          continue;
        }
        if (RETRIABLE.has(pd.errorCode)) {
          metadataStale = true;
          stall(st, pollTimeoutMs, `partition error code ${pd.errorCode}`);
          continue;
        }
        if (pd.errorCode !== 0) throw new SparkException(`Kafka fetch of ${st.topic}-${st.partition} failed with error code ${pd.errorCode}`);
        const before = st.next;
        const rowsBefore = st.rows.length;
        if (pd.records) {
          const used = await decodeRecordSet(pd.records, st, includeHeaders);
          const got = st.rows.length - rowsBefore;
          if (got > 0) st.avgBytes = Math.max(16, Math.round((st.avgBytes + used / Math.max(got, st.next - before)) / 2));
        }
        if (st.done) continue;
        if (st.next > before) {
          st.stalledSince = 0;
          continue;
        }
        // No progress: either the records are past the high watermark (not there, or gone) or not replicated yet.
        if (pd.highWatermark <= st.next) {
          if (pd.highWatermark < st.until) needEnds.push(st);
        } else if (pd.records && pd.records.length > 0) {
          // A single batch larger than the fetch size: ask for more next time.
          st.avgBytes = Math.min(maxPart, st.avgBytes * 4);
        }
      }
    }
    if (needEnds.length > 0) await handleOutOfRange(client, needEnds, options, pollTimeoutMs);
  }
  return collect(states);
}

function collect(states: PartState[]): InternalRow[] {
  if (states.length === 1) return states[0].rows;
  let n = 0;
  for (const s of states) n += s.rows.length;
  const out: InternalRow[] = new Array(n);
  let i = 0;
  for (const s of states) for (const r of s.rows) out[i++] = r;
  return out;
}

function stall(st: PartState, pollTimeoutMs: number, why: string): void {
  const now = Date.now();
  if (!st.stalledSince) st.stalledSince = now;
  else if (now - st.stalledSince > pollTimeoutMs)
    throw new SparkException(
      `Failed to get records for ${st.topic}-${st.partition} ${st.next} after polling for ${pollTimeoutMs} (${why})`,
    );
}

/** Offsets the broker says are not there: decide between "wait", "skip" (data loss) and "fail". */
async function handleOutOfRange(client: KafkaClient, sts: PartState[], options: RangeReadOptions, pollTimeoutMs: number): Promise<void> {
  const { earliest, latest } = await fetchEarliestAndLatest(client, sts);
  for (const st of sts) {
    const lo = getOffset(earliest, st);
    const hi = getOffset(latest, st);
    if (lo === undefined || hi === undefined) {
      reportDataLoss(`Cannot fetch records in [${st.next}, ${st.until}) of ${st.topic}-${st.partition}: the partition does not exist any more`, options);
      st.done = true;
      continue;
    }
    if (st.next < lo) {
      reportDataLoss(
        `Cannot fetch offset ${st.next} (TopicPartition: ${st.topic}-${st.partition}); the earliest available offset is ${lo}, so records in [${st.next}, ${Math.min(lo, st.until)}) are lost`,
        options,
      );
      st.next = Math.min(lo, st.until);
      if (st.next >= st.until) st.done = true;
      continue;
    }
    if (hi < st.until && st.next >= hi) {
      // Records in [hi, until) were reported before but are not there now. Give replication a moment.
      if (!st.stalledSince) st.stalledSince = Date.now();
      if (Date.now() - st.stalledSince < Math.min(pollTimeoutMs, 2000)) {
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      reportDataLoss(
        `Cannot fetch records in [${st.next}, ${st.until}) of ${st.topic}-${st.partition}: the latest offset is ${hi} now, so they were lost (was the topic deleted and re-created?)`,
        options,
      );
      st.done = true;
    }
  }
}

function groupByLeader(cluster: KafkaJSCluster, sts: PartState[]): Map<number, PartState[]> {
  const out = new Map<number, PartState[]>();
  for (const st of sts) {
    const meta = cluster.findTopicPartitionMetadata(st.topic).find((p) => p.partitionId === st.partition);
    if (!meta || meta.leader == null || meta.leader < 0) {
      throw new SparkException(`No leader known for ${st.topic}-${st.partition} (the partition may not exist)`);
    }
    const l = out.get(meta.leader) ?? [];
    l.push(st);
    out.set(meta.leader, l);
  }
  return out;
}

async function fetchOnce(broker: KafkaJSBroker, parts: PartState[], maxPart: number) {
  const fetchVersion = broker.versions?.[1];
  if (fetchVersion && fetchVersion.maxVersion < 11)
    throw new SparkException(`The Kafka broker is too old: Fetch v11 (Kafka 2.3+) is needed, it offers up to v${fetchVersion.maxVersion}`);
  const byTopic = new Map<string, { partition: number; fetchOffset: string; maxBytes: number }[]>();
  let total = 0;
  for (const st of parts) {
    const want = Math.ceil((st.until - st.next) * st.avgBytes * 1.2) + 16 * 1024;
    const bytes = Math.max(MIN_PARTITION_BYTES, Math.min(maxPart, want));
    total += bytes;
    const l = byTopic.get(st.topic) ?? [];
    l.push({ partition: st.partition, fetchOffset: String(st.next), maxBytes: bytes });
    byTopic.set(st.topic, l);
  }
  const request = fetchV11Request({
    replicaId: -1,
    isolationLevel: 0, // READ_UNCOMMITTED, Spark's consumer default
    sessionId: 0,
    sessionEpoch: -1,
    forgottenTopics: [],
    maxWaitTime: FETCH_MAX_WAIT_MS,
    minBytes: 1,
    maxBytes: Math.min(MAX_REQUEST_BYTES, total),
    topics: [...byTopic.entries()].map(([topic, partitions]) => ({ topic, partitions })),
    rackId: "",
  });
  return (await broker.connectionPool.send({
    request,
    response: { decode: async (payload: Buffer) => payload, parse: async (payload: Buffer) => parseFetchResponse(payload) },
    requestTimeout: FETCH_MAX_WAIT_MS + 30000,
  })) as ReturnType<typeof parseFetchResponse>;
}
