/**
 * Everything Iskra takes from kafkajs's internals (its src/ tree: kafkajs 2.2.4 has no "exports"
 * map, so deep requires resolve), in one place: the group-free Cluster, its logger and socket
 * factory, the protocol's request table, Fetch v11, compression codecs, the encoder, the default
 * partitioner's murmur2, and the protocol error table — which also decides retriability
 * (`isRetriableKafkaError`): kafkajs marks every error it raises `retriable` or not (a protocol
 * error by its code's entry; a socket failure becomes a retriable KafkaJSConnectionError).
 * The public kafkajs API (`Kafka`, `Admin`, `Producer`) is imported where it is used.
 */
/* eslint-disable @typescript-eslint/no-var-requires */
export const KafkaCluster: new (opts: Record<string, unknown>) => KafkaJSCluster = require("kafkajs/src/cluster");
export const { createLogger } = require("kafkajs/src/loggers");
export const defaultSocketFactory: () => unknown = require("kafkajs/src/network/socketFactory");
export const { requests: KAFKA_REQUESTS } = require("kafkajs/src/protocol/requests");
export const fetchV11Request: (args: Record<string, unknown>) => unknown = require("kafkajs/src/protocol/requests/fetch/v11/request");
export const { lookupCodecByAttributes } = require("kafkajs/src/protocol/message/compression");
export const Encoder = require("kafkajs/src/protocol/encoder");
export const murmur2: (key: Buffer | string) => number = require("kafkajs/src/producer/partitioners/default/murmur2");
const protocolErrors: { createErrorFromCode(code: number): { type: string; message: string; code: number; retriable: boolean } } = require("kafkajs/src/protocol/error");
const { KafkaJSConnectionError } = require("kafkajs/src/errors");

/** The protocol error table's entry for an error code (type, message, retriable). */
export const createErrorFromCode = protocolErrors.createErrorFromCode;

/** A Node socket failure (ECONNREFUSED, ECONNRESET, …): what kafkajs's Connection turns into a KafkaJSConnectionError. */
const isSocketError = (x: { code?: unknown; syscall?: unknown }): boolean => typeof x.code === "string" && /^E[A-Z_]+$/.test(x.code) && (x.syscall !== undefined || !("retriable" in x));

/**
 * Whether `e`, or what caused it (`cause`, kafkajs's `originalError`), is an error kafkajs's table
 * marks retriable — also beneath a wrapper that gave up ("retries exceeded" is itself not
 * retriable, its cause may be). A bare socket failure counts as kafkajs's Connection counts it.
 */
export function isRetriableKafkaError(e: unknown): boolean {
  const seen = new Set<unknown>();
  for (let x: any = e; x && typeof x === "object" && !seen.has(x); x = x.cause ?? x.originalError) {
    seen.add(x);
    if (x.retriable === true) return true;
    if (x.retriable === undefined && isSocketError(x)) return new KafkaJSConnectionError(String(x.message)).retriable === true;
  }
  return false;
}

/**
 * kafkajs reading the metadata of a connection that a stopping broker has just closed fails with a
 * TypeError of its own (`Cannot destructure property 'topicMetadata' of '(intermediate value)' as it
 * is null`): that is the broker going away, so it becomes the retriable connection error a refused
 * connection gives (the same retries, then the same "Is the broker running?"); anything else as it is.
 */
export function asConnectionLoss(e: unknown): unknown {
  if (!(e instanceof TypeError) || !/as it is null|Cannot read properties of null/.test(e.message)) return e;
  const lost = new KafkaJSConnectionError("Closed connection (the broker went away)");
  (lost as { cause?: unknown }).cause = e;
  return lost;
}

/** The parts of kafkajs's internal Cluster/Broker that Iskra uses (untyped upstream). */
export interface KafkaJSBroker {
  nodeId: number | null;
  /** Request builder for an API key, at the version negotiated with this broker. */
  lookupRequest(apiKey: number, definition: unknown): (args: Record<string, unknown>) => { request: unknown; response: { decode(b: Buffer): Promise<unknown>; parse(d: unknown): Promise<unknown> } };
  versions: Record<number, { minVersion: number; maxVersion: number }> | null;
  connectionPool: { send(req: unknown): Promise<unknown> };
}
export interface KafkaJSCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  isConnected(): boolean;
  refreshMetadata(): Promise<void>;
  addMultipleTargetTopics(topics: string[]): Promise<void>;
  findTopicPartitionMetadata(topic: string): { partitionId: number; leader: number; partitionErrorCode: number }[];
  findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>;
  findBroker(q: { nodeId: string | number }): Promise<KafkaJSBroker>;
  findControllerBroker(): Promise<KafkaJSBroker>;
  fetchTopicsOffset(
    topics: { topic: string; partitions: { partition: number }[]; fromBeginning?: boolean; fromTimestamp?: number }[],
  ): Promise<{ topic: string; partitions: { partition: number; offset: string }[] }[]>;
  brokerPool: { metadata: { topicMetadata: { topic: string; partitionMetadata: { partitionId: number; leader: number }[] }[] } | null };
  targetTopics: Set<string>;
}
