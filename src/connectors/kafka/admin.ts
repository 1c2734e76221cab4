/**
 * Topic administration (what kafka-topics.sh does): list, create, delete (waiting until the topic
 * is really gone), describe. Errors from the broker keep the broker's own text where it sends one
 * (e.g. `Unable to replicate the partition 2 time(s): The target replication factor of 2 cannot be reached because only 1 broker(s) are registered.`).
 */
import { SparkException } from "../../errors";
import type { KafkaClient } from "./client";
import { clusterWithTopics } from "./offsets";

import { KAFKA_REQUESTS, createErrorFromCode } from "./kafkajs-internals";
const CREATE_TOPICS = 19;

export interface TopicDescription {
  name: string;
  isInternal: boolean;
  partitions: { partition: number; leader: number; replicas: number[]; isr: number[]; offlineReplicas: number[] }[];
  replicationFactor: number;
  /** Topic configs that differ from the broker defaults (kafka-topics.sh prints these). */
  configs: Record<string, string>;
}

export interface CreateTopicOptions {
  partitions?: number;
  replicationFactor?: number;
  configs?: Record<string, string>;
  /** Do not fail when the topic exists (kafka-topics.sh --if-not-exists). */
  ifNotExists?: boolean;
}

/** Topic names, sorted (internal topics such as __consumer_offsets included unless excluded). */
export async function listTopics(client: KafkaClient, options: { excludeInternal?: boolean } = {}): Promise<string[]> {
  const admin = await client.admin();
  const names = await client.run("list topics", () => admin.listTopics());
  return names.filter((n) => !(options.excludeInternal && n.startsWith("__"))).sort();
}

/** The broker's error text for a failed CreateTopics/DeleteTopics, when it sent one. */
function brokerMessage(e: unknown): string | undefined {
  const seen: unknown[] = [];
  const walk = (x: unknown): string | undefined => {
    if (!x || typeof x !== "object" || seen.includes(x)) return undefined;
    seen.push(x);
    const o = x as { errors?: unknown[]; originalError?: unknown; cause?: unknown; message?: string; type?: string; errorMessage?: string };
    if (o.errorMessage) return o.errorMessage;
    for (const inner of o.errors ?? []) {
      const m = walk(inner);
      if (m) return m;
    }
    return walk(o.originalError) ?? walk(o.cause);
  };
  return walk(e);
}

function errorType(e: unknown): string | undefined {
  const seen: unknown[] = [];
  const walk = (x: unknown): string | undefined => {
    if (!x || typeof x !== "object" || seen.includes(x)) return undefined;
    seen.push(x);
    const o = x as { errors?: unknown[]; originalError?: unknown; cause?: unknown; type?: string };
    if (o.type && o.type !== "UNKNOWN") return o.type;
    for (const inner of o.errors ?? []) {
      const t = walk(inner);
      if (t) return t;
    }
    return walk(o.originalError) ?? walk(o.cause);
  };
  return walk(e);
}

/** Kafka's exception class names for the error types kafka-topics.sh users meet. */
const EXCEPTION_NAMES: Record<string, string> = {
  TOPIC_ALREADY_EXISTS: "TopicExistsException",
  INVALID_REPLICATION_FACTOR: "InvalidReplicationFactorException",
  INVALID_PARTITIONS: "InvalidPartitionsException",
  INVALID_TOPIC_EXCEPTION: "InvalidTopicException",
  UNKNOWN_TOPIC_OR_PARTITION: "UnknownTopicOrPartitionException",
  INVALID_CONFIG: "InvalidConfigurationException",
  POLICY_VIOLATION: "PolicyViolationException",
};

/** An admin failure with the broker's text and Kafka's exception name (`.kafkaException`). */
export class KafkaAdminError extends SparkException {
  constructor(message: string, readonly kafkaException?: string, readonly errorType?: string) {
    super(message);
  }
}

/**
 * Creates a topic and waits for its leaders. Returns false when it existed and ifNotExists is set.
 * Sends CreateTopics itself (kafkajs drops the broker's error_message) so that a failure carries
 * the broker's own words, e.g. `The target replication factor of 2 cannot be reached because only 1 broker(s) are registered.`
 */
export async function createTopic(client: KafkaClient, topic: string, options: CreateTopicOptions = {}): Promise<boolean> {
  if (options.partitions !== undefined && options.partitions < 1)
    throw new KafkaAdminError(`The partitions must be greater than 0`, "InvalidPartitionsException", "INVALID_PARTITIONS");
  if (options.replicationFactor !== undefined && options.replicationFactor < 1)
    throw new KafkaAdminError(`The replication factor must be greater than 0`, "InvalidReplicationFactorException", "INVALID_REPLICATION_FACTOR");
  const cluster = await clusterWithTopics(client, []);
  await client.run("read cluster metadata", () => cluster.refreshMetadata());
  const controller = await client.run("find the controller", () => cluster.findControllerBroker());
  const proto = controller.lookupRequest(CREATE_TOPICS, KAFKA_REQUESTS.CreateTopics)({
    topics: [
      {
        topic,
        numPartitions: options.partitions ?? -1,
        replicationFactor: options.replicationFactor ?? -1,
        configEntries: Object.entries(options.configs ?? {}).map(([name, value]) => ({ name, value })),
      },
    ],
    validateOnly: false,
    timeout: 10000,
  });
  const res = (await client.run("create topic", () =>
    (controller.connectionPool as { send(r: unknown): Promise<unknown> }).send({
      ...proto,
      response: { decode: proto.response.decode, parse: async (d: unknown) => d },
    }),
  )) as { topicErrors: { topic: string; errorCode: number; errorMessage: string | null }[] };
  const te = res.topicErrors.find((t) => t.topic === topic) ?? res.topicErrors[0];
  if (te && te.errorCode !== 0) {
    const known = createErrorFromCode(te.errorCode) as { type: string; message: string };
    if (known.type === "TOPIC_ALREADY_EXISTS") {
      if (options.ifNotExists) return false;
      throw new KafkaAdminError(`Topic '${topic}' already exists.`, "TopicExistsException", known.type);
    }
    throw new KafkaAdminError(te.errorMessage || known.message, EXCEPTION_NAMES[known.type], known.type);
  }
  // Wait until every partition has a leader (what kafkajs's waitForLeaders does).
  const admin = await client.admin();
  const deadline = Date.now() + 10000;
  for (;;) {
    try {
      const meta = await client.run("read topic metadata", () => admin.fetchTopicMetadata({ topics: [topic] }));
      const parts = meta.topics[0]?.partitions ?? [];
      if (parts.length > 0 && parts.every((p) => p.leader >= 0)) return true;
    } catch {
      /* not visible yet */
    }
    if (Date.now() > deadline) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Deletes topics and waits (up to `timeoutMs`) until the broker no longer lists them. */
export async function deleteTopics(client: KafkaClient, topics: string[], timeoutMs = 30000): Promise<void> {
  if (topics.length === 0) return;
  const admin = await client.admin();
  const existing = new Set(await listTopics(client));
  const missing = topics.filter((t) => !existing.has(t));
  if (missing.length)
    throw new KafkaAdminError(
      `Topic '${missing[0]}' does not exist as expected`,
      "UnknownTopicOrPartitionException",
      "UNKNOWN_TOPIC_OR_PARTITION",
    );
  try {
    await client.run("delete topics", () => admin.deleteTopics({ topics, timeout: timeoutMs }), timeoutMs + 5000);
  } catch (e) {
    const type = errorType(e);
    const text = brokerMessage(e);
    if (type || text) throw new KafkaAdminError(text ?? String((e as Error).message), type ? EXCEPTION_NAMES[type] : undefined, type);
    throw e;
  }
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = new Set(await listTopics(client));
    if (!topics.some((t) => now.has(t))) return;
    if (Date.now() > deadline) throw new KafkaAdminError(`Topics ${topics.join(", ")} are still listed ${timeoutMs} ms after deletion`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Deletes the topics that exist among `topics` (no error for missing ones). */
export async function deleteTopicsIfExist(client: KafkaClient, topics: string[], timeoutMs = 30000): Promise<void> {
  const existing = new Set(await listTopics(client));
  await deleteTopics(client, topics.filter((t) => existing.has(t)), timeoutMs);
}

/** Describes topics (all non-internal ones when `topics` is omitted). */
export async function describeTopics(client: KafkaClient, topics?: string[]): Promise<TopicDescription[]> {
  const admin = await client.admin();
  const names = topics ?? (await listTopics(client, { excludeInternal: true }));
  if (names.length === 0) return [];
  const existing = new Set(await listTopics(client));
  const missing = names.filter((t) => !existing.has(t));
  if (missing.length)
    throw new KafkaAdminError(`Topic '${missing[0]}' does not exist as expected`, "UnknownTopicOrPartitionException", "UNKNOWN_TOPIC_OR_PARTITION");
  const meta = await client.run("describe topics", () => admin.fetchTopicMetadata({ topics: names }));
  let configs: Record<string, Record<string, string>> = {};
  try {
    const res = await client.run("describe topic configs", () =>
      admin.describeConfigs({ includeSynonyms: false, resources: names.map((name) => ({ type: 2, name })) }),
    );
    for (const r of res.resources) {
      const m: Record<string, string> = {};
      for (const c of r.configEntries) if (!c.isDefault && c.configSource === 1 /* DYNAMIC_TOPIC_CONFIG */) m[c.configName] = c.configValue;
      configs[r.resourceName] = m;
    }
  } catch {
    configs = {};
  }
  return meta.topics
    .map((t) => {
      const partitions = t.partitions
        .map((p) => ({ partition: p.partitionId, leader: p.leader, replicas: p.replicas, isr: p.isr, offlineReplicas: p.offlineReplicas ?? [] }))
        .sort((a, b) => a.partition - b.partition);
      return {
        name: t.name,
        isInternal: t.name.startsWith("__"),
        partitions,
        replicationFactor: partitions[0]?.replicas.length ?? 0,
        configs: configs[t.name] ?? {},
      };
    })
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Adds partitions to a topic (kafka-topics.sh --alter --partitions N). */
export async function createPartitions(client: KafkaClient, topic: string, count: number): Promise<void> {
  const admin = await client.admin();
  await client.run("add partitions", () => admin.createPartitions({ topicPartitions: [{ topic, count }] }));
}
