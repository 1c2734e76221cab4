/**
 * Fast record producer: encodes RecordBatch v2 here and sends Produce requests (v3–v7) straight to
 * each partition's leader over kafkajs's connection pool, like range-reader.ts does for Fetch.
 *
 * Why not kafkajs's producer: its sendBatch groups messages per partition with an array spread per
 * message (quadratic in messages per partition: a 4,000-record call copies ~8 M array slots) and
 * encodes every record through BigInt Long arithmetic and several small buffers, so on a 2-core
 * machine it cannot reliably keep up 20,000 records/s next to a broker. Here: one pass to pick
 * partitions (Java's murmur2 for keyed records, like kafkajs's DefaultPartitioner and Kafka's own
 * clients), one exactly-sized buffer per batch, CRC-32C once per batch, several requests in flight.
 *
 * Topics that do not exist are created the way a producer creates them: a Metadata request with
 * auto-creation allowed (honoured only when the broker has auto.create.topics.enable=true).
 */
import { SparkException } from "../../errors";
import type { KafkaClient } from "./client";
import type { KafkaJSBroker, KafkaJSCluster } from "./kafkajs-internals";
import { Bytes, EncodableRecord, byteLen, encodeRecordBatch } from "./record-batch";

/* eslint-disable @typescript-eslint/no-var-requires */
import { Encoder, createErrorFromCode, murmur2 } from "./kafkajs-internals";

export type { Bytes };

export interface OutRecord {
  key: Bytes;
  value: Bytes;
  /** Explicit partition; otherwise murmur2(key) for keyed records, round-robin for the rest. */
  partition?: number;
  /** CreateTime in ms since the epoch (default: now). */
  timestamp?: number;
  headers?: [string, Bytes][];
}

export interface ProduceOptions {
  /** -1 all (default), 1 leader, 0 none. */
  acks?: number;
  timeoutMs?: number;
  /** Largest encoded record batch (default 900 KiB, under the broker's 1 MiB message.max.bytes). */
  maxBatchBytes?: number;
  /** Produce requests in flight per call (default 4). */
  inFlight?: number;
}

const RETRIABLE = new Set([3, 5, 6, 7, 19, 20]); // unknown partition, leader n/a, not leader, timeout, not enough replicas (after append)

interface PendingBatch {
  partition: number;
  batch: Buffer;
  count: number;
  attempts: number;
}

/**
 * Makes sure the topic's metadata is known (auto-creating the topic where the broker allows it);
 * call it before a timed loop so the first send does not pay for it.
 */
export async function prepareTopic(client: KafkaClient, topic: string): Promise<void> {
  await producerCluster(client, topic);
}

async function producerCluster(client: KafkaClient, topic: string): Promise<KafkaJSCluster> {
  const cluster = await client.producerCluster();
  if (cluster.targetTopics.has(topic)) return cluster;
  const waitMs = 6000;
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      await client.run(`find topic ${topic}`, () => cluster.addMultipleTargetTopics([topic]));
      return cluster;
    } catch (e) {
      const type = (e as { cause?: { type?: string } }).cause?.type;
      // A topic being auto-created answers UNKNOWN_TOPIC_OR_PARTITION / LEADER_NOT_AVAILABLE for a moment.
      if ((type === "UNKNOWN_TOPIC_OR_PARTITION" || type === "LEADER_NOT_AVAILABLE") && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 150));
        continue;
      }
      if (type === "UNKNOWN_TOPIC_OR_PARTITION")
        throw new SparkException(`Topic ${topic} not present in metadata after ${waitMs} ms (it does not exist and the broker does not create topics on demand)`);
      throw e;
    }
  }
}

/**
 * Sends records to one topic and resolves when the broker has acknowledged all of them (per
 * `acks`). Records of one partition keep their order. Returns the number of records sent.
 */
export async function produceRecords(client: KafkaClient, topic: string, records: OutRecord[], options: ProduceOptions = {}): Promise<number> {
  if (records.length === 0) return 0;
  const acks = options.acks ?? -1;
  const timeoutMs = options.timeoutMs ?? 30000;
  const maxBatch = options.maxBatchBytes ?? 900 * 1024;
  const inFlight = options.inFlight ?? 4;
  let cluster = await producerCluster(client, topic);
  let parts = cluster.findTopicPartitionMetadata(topic);
  for (let i = 0; parts.length === 0 && i < 50; i++) {
    // A topic being auto-created has no partitions in the first answer.
    await new Promise((r) => setTimeout(r, 100));
    await client.run("refresh topic metadata", () => cluster.refreshMetadata());
    parts = cluster.findTopicPartitionMetadata(topic);
  }
  if (parts.length === 0)
    throw new SparkException(`Topic ${topic} not present in metadata (it does not exist and the broker did not create it)`);
  // Partitions added since the metadata was read: look again before calling a partition invalid.
  const highest = records.reduce((m, r) => (r.partition !== undefined && r.partition !== null && r.partition > m ? r.partition : m), -1);
  if (highest >= parts.length) {
    await client.run("refresh topic metadata", () => cluster.refreshMetadata());
    parts = cluster.findTopicPartitionMetadata(topic);
  }
  const n = parts.length;

  // Partition, size.
  const perPartition: EncodableRecord[][] = Array.from({ length: n }, () => []);
  let rr = Math.floor(Math.random() * n);
  const now = Date.now();
  const byStringKey = new Map<string, number>(); // keys repeat (e.g. 8 houses): hash each once
  for (const r of records) {
    let p = r.partition;
    if (p === undefined || p === null) {
      const key = r.key;
      if (key === null || key === undefined) p = rr++ % n;
      else if (typeof key === "string") {
        p = byStringKey.get(key);
        if (p === undefined) {
          p = (murmur2(key) & 0x7fffffff) % n;
          if (byStringKey.size < 100_000) byStringKey.set(key, p);
        }
      } else p = (murmur2(key) & 0x7fffffff) % n;
    } else if (p < 0 || p >= n) throw new SparkException(`Invalid partition ${p} for topic ${topic}: it has ${n} partitions`);
    const key = r.key ?? null, value = r.value ?? null;
    perPartition[p].push({ key, value, keyLen: byteLen(key), valueLen: byteLen(value), ts: r.timestamp ?? now, headers: r.headers });
  }

  // Cut into batches under maxBatch bytes.
  const queue: PendingBatch[] = [];
  for (let p = 0; p < n; p++) {
    const list = perPartition[p];
    let start = 0;
    let bytes = 0;
    for (let i = 0; i < list.length; i++) {
      const s = list[i];
      const est = 24 + Math.max(0, s.keyLen) + Math.max(0, s.valueLen) + (s.headers ? 64 * s.headers.length : 0);
      if (i > start && bytes + est > maxBatch) {
        queue.push({ partition: p, batch: encodeRecordBatch(list.slice(start, i)), count: i - start, attempts: 0 });
        start = i;
        bytes = 0;
      }
      bytes += est;
    }
    if (start < list.length) queue.push({ partition: p, batch: encodeRecordBatch(list.slice(start)), count: list.length - start, attempts: 0 });
  }

  // Send: one batch per request keeps per-partition order simple (requests on a connection are
  // answered in order); several requests in flight.
  let sent = 0;
  let failure: unknown;
  const byPartition = new Map<number, PendingBatch[]>();
  for (const b of queue) {
    const l = byPartition.get(b.partition) ?? [];
    l.push(b);
    byPartition.set(b.partition, l);
  }
  // Round-robin over partitions so every partition progresses; each partition sends its batches in order.
  const lanes = [...byPartition.values()];
  const sendLane = async (lane: PendingBatch[]) => {
    for (const b of lane) {
      for (;;) {
        if (failure) return;
        const leader = cluster.findTopicPartitionMetadata(topic).find((m) => m.partitionId === b.partition)?.leader;
        const err = await (async () => {
          if (leader === undefined || leader < 0) return 5;
          const broker = await client.run("connect to a partition leader", () => cluster.findBroker({ nodeId: leader }));
          return sendProduce(broker, topic, b, acks, timeoutMs);
        })();
        if (err === 0) {
          sent += b.count;
          break;
        }
        if (RETRIABLE.has(err) && ++b.attempts <= 5) {
          await new Promise((r) => setTimeout(r, 100 * b.attempts));
          await client.run("refresh topic metadata", () => cluster.refreshMetadata());
          cluster = await producerCluster(client, topic);
          continue;
        }
        const e = createErrorFromCode(err);
        failure = new SparkException(`Writing to Kafka topic ${topic} partition ${b.partition} failed: ${e.message} (${e.type})`);
        return;
      }
    }
  };
  let nextLane = 0;
  const worker = async () => {
    while (nextLane < lanes.length && !failure) await sendLane(lanes[nextLane++]);
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, lanes.length) }, worker));
  if (failure) throw failure;
  return sent;
}

/** One Produce request carrying one batch; resolves the partition's error code (0 = ok). */
async function sendProduce(broker: KafkaJSBroker, topic: string, b: PendingBatch, acks: number, timeoutMs: number): Promise<number> {
  const range = broker.versions?.[0];
  const version = Math.min(7, range?.maxVersion ?? 7);
  if (version < 3) throw new SparkException(`The Kafka broker is too old: Produce v3 (Kafka 0.11+) is needed`);
  const topicBytes = Buffer.byteLength(topic);
  const payload = Buffer.allocUnsafe(2 + 2 + 4 + 4 + 2 + topicBytes + 4 + 4 + 4 + b.batch.length);
  let p = 0;
  p = payload.writeInt16BE(-1, p); // transactional_id null
  p = payload.writeInt16BE(acks, p);
  p = payload.writeInt32BE(timeoutMs, p);
  p = payload.writeInt32BE(1, p); // one topic
  p = payload.writeInt16BE(topicBytes, p);
  p += payload.write(topic, p, "utf8");
  p = payload.writeInt32BE(1, p); // one partition
  p = payload.writeInt32BE(b.partition, p);
  p = payload.writeInt32BE(b.batch.length, p);
  b.batch.copy(payload, p);
  const request = {
    apiKey: 0,
    apiVersion: version,
    apiName: "Produce",
    expectResponse: () => acks !== 0,
    encode: async () => new Encoder().writeBuffer(payload),
  };
  const result = await broker.connectionPool.send({
    request,
    response: {
      decode: async (buf: Buffer) => buf,
      parse: async (buf: Buffer) => {
        // [responses] topic [partition_responses] partition error_code base_offset ...
        let q = 4; // topics count
        const nameLen = buf.readInt16BE(q);
        q += 2 + nameLen + 4; // name, partitions count
        q += 4; // partition
        return buf.readInt16BE(q);
      },
    },
    requestTimeout: timeoutMs + 5000,
  });
  return acks === 0 ? 0 : (result as number);
}
