/**
 * The Kafka options of the source, the batch read and the sink, validated as Spark's
 * KafkaSourceProvider does (same order, same IllegalArgumentException texts). Options come as the
 * API's case-insensitive map (connector-api/options.ts).
 */
import { IllegalArgumentException } from "../../errors";
import { CaseInsensitiveMap, javaIntegerOption, scalaBooleanOption } from "../../connector-api/options";
import { getOffset, parseOffsetsJson, parsePartitionsJson, partitionsOf, topicPattern, tpString, EARLIEST, LATEST, type OffsetMap, type Subscription } from "./offsets";

// Reading (stream and batch)

const STRATEGY_KEYS = ["subscribe", "subscribepattern", "assign"];

export type OffsetSpec = "earliest" | "latest" | OffsetMap;

export interface KafkaReadOptions {
  bootstrapServers: string;
  subscription: Subscription;
  /** The raw startingOffsets / endingOffsets text (parsed by `offsetSpec`). */
  startingOffsets?: string;
  endingOffsets?: string;
  failOnDataLoss: boolean;
  maxOffsetsPerTrigger?: number;
  includeHeaders: boolean;
  /** Every option. */
  params: CaseInsensitiveMap;
}

/** getKafkaOffsetRangeLimit: "earliest" / "latest" (any case, trimmed) or Spark's offsets JSON. */
export function offsetSpec(text: string | undefined, dflt: "earliest" | "latest"): OffsetSpec {
  if (text === undefined) return dflt;
  const t = text.trim();
  if (t.toLowerCase() === "latest") return "latest";
  if (t.toLowerCase() === "earliest") return "earliest";
  return parseOffsetsJson(t);
}

function validateGeneralOptions(p: CaseInsensitiveMap): Subscription {
  const specified = STRATEGY_KEYS.filter((k) => p.has(k));
  if (specified.length === 0)
    throw new IllegalArgumentException(
      `One of the following options must be specified for Kafka source: ${STRATEGY_KEYS.join(", ")}. See the docs for more details.`,
    );
  if (specified.length > 1)
    throw new IllegalArgumentException(
      `Only one of the following options can be specified for Kafka source: ${STRATEGY_KEYS.join(", ")}. See the docs for more details.`,
    );
  let subscription: Subscription;
  const key = specified[0];
  const value = p.get(key)!;
  if (key === "assign") {
    if (!value.trim().startsWith("{"))
      throw new IllegalArgumentException(`No topicpartitions to assign as specified value for option 'assign' is '${value}'`);
    subscription = { kind: "assign", partitions: parsePartitionsJson(value.trim()) };
  } else if (key === "subscribe") {
    const topics = value.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
    if (topics.length === 0)
      throw new IllegalArgumentException(`No topics to subscribe to as specified value for option 'subscribe' is '${value}'`);
    subscription = { kind: "subscribe", topics };
  } else {
    const pattern = value.trim();
    if (pattern.length === 0)
      throw new IllegalArgumentException(`Pattern to subscribe is empty as specified value for option 'subscribePattern' is '${value}'`);
    let regex: RegExp;
    try {
      regex = topicPattern(pattern);
    } catch (e) {
      throw new IllegalArgumentException(`Invalid subscribePattern '${pattern}': ${(e as Error).message}`);
    }
    subscription = { kind: "subscribePattern", pattern, regex };
  }

  if (p.has("minpartitions")) {
    const n = javaIntegerOption(p.get("minpartitions")!, 32);
    if (n <= 0) throw new IllegalArgumentException("minPartitions must be positive");
  }
  if (p.has("kafka.auto.offset.reset"))
    throw new IllegalArgumentException(
      "\nKafka option 'auto.offset.reset' is not supported.\n" +
        "Instead set the source option 'startingoffsets' to 'earliest' or 'latest'\n" +
        "to specify where to start. Structured Streaming manages which offsets are consumed\n" +
        "internally, rather than relying on the kafkaConsumer to do it. This will ensure that no\n" +
        "data is missed when new topics/partitions are dynamically subscribed. Note that\n" +
        "'startingoffsets' only applies when a new Streaming query is started, and\n" +
        "that resuming will always pick up from where the query left off. See the docs for more\n" +
        "details.\n",
    );
  if (p.has("kafka.key.deserializer"))
    throw new IllegalArgumentException(
      "Kafka option 'key.deserializer' is not supported as keys are deserialized as byte arrays with ByteArrayDeserializer. " +
        "Use DataFrame operations to explicitly deserialize the keys.",
    );
  if (p.has("kafka.value.deserializer"))
    throw new IllegalArgumentException(
      "Kafka option 'value.deserializer' is not supported as values are deserialized as byte arrays with ByteArrayDeserializer. " +
        "Use DataFrame operations to explicitly deserialize the values.",
    );
  for (const c of ["enable.auto.commit", "interceptor.classes"])
    if (p.has(`kafka.${c}`)) throw new IllegalArgumentException(`Kafka option '${c}' is not supported`);
  if (!p.has("kafka.bootstrap.servers"))
    throw new IllegalArgumentException("Option 'kafka.bootstrap.servers' must be specified for configuring Kafka consumer");
  return subscription;
}

/**
 * Validates reader options exactly as KafkaSourceProvider does for a stream (`"stream"`) or a
 * batch read (`"batch"`), and returns them parsed. Throws IllegalArgumentException.
 */
export function parseKafkaReadOptions(
  p: CaseInsensitiveMap,
  mode: "stream" | "batch",
): KafkaReadOptions {
  if (mode === "stream") {
    if (p.has("endingoffsets")) throw new IllegalArgumentException("ending offset not valid in streaming queries");
    if (p.has("endingoffsetsbytimestamp")) throw new IllegalArgumentException("ending timestamp not valid in streaming queries");
  } else {
    const start = offsetSpec(p.get("startingoffsets"), "earliest");
    if (start === "latest") throw new IllegalArgumentException("starting offset can't be latest for batch queries on Kafka");
    if (typeof start === "object")
      for (const tp of partitionsOf(start))
        if (getOffset(start, tp) === LATEST)
          throw new IllegalArgumentException(`startingOffsets for ${tpString(tp)} can't be latest for batch queries on Kafka`);
    const end = offsetSpec(p.get("endingoffsets"), "latest");
    if (end === "earliest") throw new IllegalArgumentException("ending offset can't be earliest for batch queries on Kafka");
    if (typeof end === "object")
      for (const tp of partitionsOf(end))
        if (getOffset(end, tp) === EARLIEST)
          throw new IllegalArgumentException(`ending offset for ${tpString(tp)} can't be earliest for batch queries on Kafka`);
  }
  const subscription = validateGeneralOptions(p);
  const failOnDataLoss = scalaBooleanOption(p.get("failondataloss") ?? "true");
  const includeHeaders = scalaBooleanOption(p.get("includeheaders") ?? "false");
  let maxOffsetsPerTrigger: number | undefined;
  if (mode === "stream" && p.has("maxoffsetspertrigger")) {
    maxOffsetsPerTrigger = javaIntegerOption(p.get("maxoffsetspertrigger")!, 64);
  }
  return {
    bootstrapServers: p.get("kafka.bootstrap.servers")!,
    subscription,
    startingOffsets: p.get("startingoffsets"),
    endingOffsets: p.get("endingoffsets"),
    failOnDataLoss,
    maxOffsetsPerTrigger,
    includeHeaders,
    params: p,
  };
}

// Writing

export interface KafkaWriteOptions {
  bootstrapServers: string;
  /** The `topic` option (overrides the topic column). */
  topic?: string;
  params: CaseInsensitiveMap;
}

/** KafkaSourceProvider's sink option checks; returns the parsed options. */
export function parseKafkaWriteOptions(p: CaseInsensitiveMap): KafkaWriteOptions {
  if (p.has("kafka.key.serializer"))
    throw new IllegalArgumentException("Kafka option 'key.serializer' is not supported as keys are serialized with ByteArraySerializer.");
  if (p.has("kafka.value.serializer"))
    throw new IllegalArgumentException("Kafka option 'value.serializer' is not supported as value are serialized with ByteArraySerializer.");
  const bootstrap = p.get("kafka.bootstrap.servers");
  if (bootstrap === undefined)
    throw new IllegalArgumentException('Missing required configuration "bootstrap.servers" which has no default value.');
  return { bootstrapServers: bootstrap, topic: p.get("topic"), params: p };
}
