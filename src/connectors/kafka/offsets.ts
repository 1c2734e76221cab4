/**
 * Topic-partitions and their offsets, the way Spark's KafkaOffsetReaderAdmin sees them:
 * - which partitions a subscription covers (`subscribe` list, `subscribePattern` regex, `assign` JSON);
 * - earliest / latest offsets per partition (ListOffsets with READ_UNCOMMITTED, as Spark's consumers);
 * - Spark's offset JSON, `{"topicA":{"0":23,"1":-1},"topicB":{"0":-2}}` (-2 earliest, -1 latest),
 *   parsed and printed with Spark's error texts.
 *
 * An offset map is `{ topic: { "partition": offset } }`, the same shape as the JSON.
 */
import { IllegalArgumentException } from "../../errors";
import type { KafkaClient } from "./client";
import type { KafkaJSCluster } from "./kafkajs-internals";

export interface TopicPartition {
  topic: string;
  partition: number;
}

/** `{ topic: { "0": offset, ... } }`: Spark's PartitionOffsetMap as JSON-ready data. */
export type OffsetMap = Record<string, Record<string, number>>;

export const EARLIEST = -2;
export const LATEST = -1;

export type Subscription =
  | { kind: "subscribe"; topics: string[] }
  | { kind: "subscribePattern"; pattern: string; regex: RegExp }
  | { kind: "assign"; partitions: TopicPartition[] };

/** Spark's TopicPartition.toString: `topic-0`. */
export function tpString(tp: TopicPartition): string {
  return `${tp.topic}-${tp.partition}`;
}

/** Spark's ConsumerStrategy.toString: `Subscribe[a, b]`, `SubscribePattern[p]`, `Assign[t-0, t-1]`. */
export function describeSubscription(s: Subscription): string {
  switch (s.kind) {
    case "subscribe":
      return `Subscribe[${s.topics.join(", ")}]`;
    case "subscribePattern":
      return `SubscribePattern[${s.pattern}]`;
    case "assign":
      return `Assign[${s.partitions.map(tpString).join(", ")}]`;
  }
}

/** A Java regex as Pattern.matcher(topic).matches() uses it: the whole name must match. */
export function topicPattern(pattern: string): RegExp {
  // Java's possessive quantifiers and \A \Z have no JS form; the common subset is identical.
  return new RegExp(`^(?:${pattern})$`);
}

// ---------------------------------------------------------------------------------------------
// JSON (Spark's JsonUtils)

const PARTITIONS_EXAMPLE = `{"topicA":[0,1],"topicB":[0,1]}`;
const OFFSETS_EXAMPLE = `{"topicA":{"0":23,"1":-1},"topicB":{"0":-2}}`;

/** JsonUtils.partitions: `{"topicA":[0,1],"topicB":[2,4]}` → topic-partitions, in the given order. */
export function parsePartitionsJson(json: string): TopicPartition[] {
  const bad = () => new IllegalArgumentException(`Expected e.g. ${PARTITIONS_EXAMPLE}, got ${json}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw bad();
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw bad();
  const out: TopicPartition[] = [];
  for (const [topic, parts] of Object.entries(parsed as Record<string, unknown>)) {
    if (!Array.isArray(parts)) throw bad();
    for (const p of parts) {
      if (typeof p !== "number" || !Number.isInteger(p)) throw bad();
      out.push({ topic, partition: p });
    }
  }
  return out;
}

/** JsonUtils.partitionOffsets: `{"t":{"0":23,"1":-2}}` → OffsetMap (numbers, -1/-2 kept as is). */
export function parseOffsetsJson(json: string): OffsetMap {
  const bad = () => new IllegalArgumentException(`Expected e.g. ${OFFSETS_EXAMPLE}, got ${json}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw bad();
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw bad();
  const out: OffsetMap = {};
  for (const [topic, parts] of Object.entries(parsed as Record<string, unknown>)) {
    if (parts === null || typeof parts !== "object" || Array.isArray(parts)) throw bad();
    const m: Record<string, number> = {};
    for (const [p, off] of Object.entries(parts as Record<string, unknown>)) {
      if (!/^-?\d+$/.test(p) || typeof off !== "number" || !Number.isInteger(off)) throw bad();
      m[String(Number(p))] = off;
    }
    out[topic] = m;
  }
  return out;
}

/** JsonUtils.partitionOffsets(map) text: topics and partitions sorted, as Spark writes the offsets log. */
export function offsetsToJson(offsets: OffsetMap): string {
  const sorted: OffsetMap = {};
  for (const topic of Object.keys(offsets).sort()) {
    const m: Record<string, number> = {};
    // JS objects order integer-like keys ascending on their own, which is Spark's order too.
    for (const p of Object.keys(offsets[topic]).sort((a, b) => Number(a) - Number(b))) m[p] = offsets[topic][p];
    sorted[topic] = m;
  }
  return JSON.stringify(sorted);
}

// ---------------------------------------------------------------------------------------------
// Offset-map helpers

export function getOffset(m: OffsetMap, tp: TopicPartition): number | undefined {
  return m[tp.topic]?.[String(tp.partition)];
}

export function setOffset(m: OffsetMap, tp: TopicPartition, offset: number): void {
  (m[tp.topic] ??= {})[String(tp.partition)] = offset;
}

export function partitionsOf(m: OffsetMap): TopicPartition[] {
  const out: TopicPartition[] = [];
  for (const topic of Object.keys(m)) for (const p of Object.keys(m[topic])) out.push({ topic, partition: Number(p) });
  return sortPartitions(out);
}

export function sortPartitions(tps: TopicPartition[]): TopicPartition[] {
  return tps.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
}

/** Spark's `Set(t-0, t-1)` rendering for assertion messages. */
export function tpSetString(tps: TopicPartition[]): string {
  return `Set(${sortPartitions([...tps]).map(tpString).join(", ")})`;
}

// ---------------------------------------------------------------------------------------------
// Talking to the broker

/**
 * The shared group-free cluster, with its metadata covering `topics` (which must exist). Topics
 * that were deleted since are dropped from its target list first, or every refresh would fail.
 */
export async function clusterWithTopics(client: KafkaClient, topics: string[], existing?: Set<string>): Promise<KafkaJSCluster> {
  const cluster = await client.cluster();
  const alive = existing ?? new Set(await listTopicNames(client));
  for (const t of [...cluster.targetTopics]) if (!alive.has(t)) cluster.targetTopics.delete(t);
  const missing = topics.filter((t) => !cluster.targetTopics.has(t));
  if (missing.length) await client.run("read topic metadata", () => cluster.addMultipleTargetTopics(missing));
  return cluster;
}

/** Names of every topic the broker has (internal ones included). */
export async function listTopicNames(client: KafkaClient): Promise<string[]> {
  const admin = await client.admin();
  return client.run("list topics", () => admin.listTopics());
}

/**
 * Current partitions of topics, fresh from the broker. Topics that do not exist are left out
 * (a subscription to a topic that is not there yet simply has no partitions, as in Spark).
 */
export async function topicPartitions(client: KafkaClient, topics: string[]): Promise<TopicPartition[]> {
  if (topics.length === 0) return [];
  const existing = new Set(await listTopicNames(client));
  const present = [...new Set(topics)].filter((t) => existing.has(t));
  if (present.length === 0) return [];
  const cluster = await clusterWithTopics(client, present, existing);
  await client.run("read topic metadata", () => cluster.refreshMetadata());
  const out: TopicPartition[] = [];
  for (const topic of present)
    for (const p of cluster.findTopicPartitionMetadata(topic)) out.push({ topic, partition: p.partitionId });
  return sortPartitions(out);
}

/** The topic-partitions a subscription covers right now. */
export async function resolvePartitions(client: KafkaClient, sub: Subscription): Promise<TopicPartition[]> {
  switch (sub.kind) {
    case "subscribe":
      return topicPartitions(client, sub.topics);
    case "subscribePattern": {
      const names = (await listTopicNames(client)).filter((t) => sub.regex.test(t));
      return topicPartitions(client, names);
    }
    case "assign":
      return sortPartitions([...sub.partitions]);
  }
}

/**
 * Earliest (`"earliest"`) or latest (`"latest"`: the high watermark) offset of each partition.
 * Partitions whose topic no longer exists are left out of the result.
 */
export async function fetchOffsets(
  client: KafkaClient,
  tps: TopicPartition[],
  which: "earliest" | "latest",
): Promise<OffsetMap> {
  const out: OffsetMap = {};
  if (tps.length === 0) return out;
  const byTopic = new Map<string, number[]>();
  for (const tp of tps) {
    const l = byTopic.get(tp.topic) ?? [];
    l.push(tp.partition);
    byTopic.set(tp.topic, l);
  }
  const existing = new Set(await listTopicNames(client));
  const topics = [...byTopic.keys()].filter((t) => existing.has(t));
  if (topics.length === 0) return out;
  const cluster = await clusterWithTopics(client, topics, existing);
  const result = await client.run(`read ${which} offsets`, async () => {
    await cluster.refreshMetadata();
    const request = topics.map((topic) => {
      const known = new Set(cluster.findTopicPartitionMetadata(topic).map((p) => p.partitionId));
      return {
        topic,
        partitions: byTopic.get(topic)!.filter((p) => known.has(p)).map((partition) => ({ partition })),
        fromBeginning: which === "earliest",
      };
    }).filter((t) => t.partitions.length > 0);
    return request.length ? cluster.fetchTopicsOffset(request) : [];
  });
  for (const t of result) for (const p of t.partitions) setOffset(out, { topic: t.topic, partition: p.partition }, Number(p.offset));
  return out;
}

/** Both ends of each partition. */
export async function fetchEarliestAndLatest(
  client: KafkaClient,
  tps: TopicPartition[],
): Promise<{ earliest: OffsetMap; latest: OffsetMap }> {
  const [earliest, latest] = await Promise.all([fetchOffsets(client, tps, "earliest"), fetchOffsets(client, tps, "latest")]);
  return { earliest, latest };
}

/**
 * Resolves a Spark offset spec for the given partitions: `"earliest"`, `"latest"`, or a JSON map
 * whose -2/-1 entries mean earliest/latest. With a JSON map every partition must be named
 * (Spark's assertion in KafkaOffsetReaderAdmin.fetchSpecificOffsets).
 */
export async function resolveOffsetSpec(
  client: KafkaClient,
  tps: TopicPartition[],
  spec: "earliest" | "latest" | OffsetMap,
  optionName = "startingOffsets",
): Promise<OffsetMap> {
  if (spec === "earliest" || spec === "latest") return fetchOffsets(client, tps, spec);
  const specified = partitionsOf(spec);
  const same =
    specified.length === tps.length && specified.every((s) => tps.some((t) => t.topic === s.topic && t.partition === s.partition));
  if (!same)
    throw new IllegalArgumentException(
      `assertion failed: If ${optionName} contains specific offsets, you must specify all TopicPartitions.\n` +
        `Use -1 for latest, -2 for earliest.\n` +
        `Specified: ${tpSetString(specified)} Assigned: ${tpSetString(tps)}`,
    );
  const needEarliest = specified.filter((tp) => getOffset(spec, tp) === EARLIEST);
  const needLatest = specified.filter((tp) => getOffset(spec, tp) === LATEST);
  const [e, l] = await Promise.all([fetchOffsets(client, needEarliest, "earliest"), fetchOffsets(client, needLatest, "latest")]);
  const out: OffsetMap = {};
  for (const tp of specified) {
    const o = getOffset(spec, tp)!;
    setOffset(out, tp, o === EARLIEST ? getOffset(e, tp) ?? 0 : o === LATEST ? getOffset(l, tp) ?? 0 : o);
  }
  return out;
}
