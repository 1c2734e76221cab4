/**
 * Topic configs: the names Kafka 3.x knows (others are refused as Kafka refuses them), the defaults
 * DescribeConfigs reports, and the two the embedded broker acts on: max.message.bytes and
 * message.timestamp.type.
 */

export const DEFAULT_MAX_MESSAGE_BYTES = 1048588;

/** Kafka's topic-level defaults (from the broker defaults of a stock Kafka 3.x). */
export const TOPIC_CONFIG_DEFAULTS: Record<string, string> = {
  "cleanup.policy": "delete",
  "compression.type": "producer",
  "delete.retention.ms": "86400000",
  "file.delete.delay.ms": "60000",
  "flush.messages": "9223372036854775807",
  "flush.ms": "9223372036854775807",
  "follower.replication.throttled.replicas": "",
  "index.interval.bytes": "4096",
  "leader.replication.throttled.replicas": "",
  "local.retention.bytes": "-2",
  "local.retention.ms": "-2",
  "max.compaction.lag.ms": "9223372036854775807",
  "max.message.bytes": String(DEFAULT_MAX_MESSAGE_BYTES),
  "message.downconversion.enable": "true",
  "message.format.version": "3.0-IV1",
  "message.timestamp.after.max.ms": "9223372036854775807",
  "message.timestamp.before.max.ms": "9223372036854775807",
  "message.timestamp.difference.max.ms": "9223372036854775807",
  "message.timestamp.type": "CreateTime",
  "min.cleanable.dirty.ratio": "0.5",
  "min.compaction.lag.ms": "0",
  "min.insync.replicas": "1",
  preallocate: "false",
  "remote.storage.enable": "false",
  "retention.bytes": "-1",
  "retention.ms": "604800000",
  "segment.bytes": "1073741824",
  "segment.index.bytes": "10485760",
  "segment.jitter.ms": "0",
  "segment.ms": "604800000",
  "unclean.leader.election.enable": "false",
};

/** Kafka's error text for a config that cannot be set, or null when it is fine. */
export function checkTopicConfig(name: string, value: string | null): string | null {
  if (!(name in TOPIC_CONFIG_DEFAULTS)) return `Unknown topic config name: ${name}`;
  if (value === null) return `Null value not supported for topic configs: ${name}`;
  if (name === "message.timestamp.type" && value !== "CreateTime" && value !== "LogAppendTime")
    return `Invalid value ${value} for configuration message.timestamp.type: String must be one of: CreateTime, LogAppendTime`;
  if (name === "max.message.bytes" && !/^\d+$/.test(value))
    return `Invalid value ${value} for configuration max.message.bytes: Not a number of type INT`;
  if ((name === "retention.ms" || name === "retention.bytes") && !/^-?\d+$/.test(value))
    return `Invalid value ${value} for configuration ${name}: Not a number of type LONG`;
  if (name === "cleanup.policy" && !value.split(",").every((p) => p.trim() === "delete" || p.trim() === "compact"))
    return `Invalid value ${value} for configuration cleanup.policy: String must be one of: compact, delete`;
  return null;
}
