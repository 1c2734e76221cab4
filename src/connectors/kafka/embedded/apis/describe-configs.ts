/**
 * DescribeConfigs (key 32) v0–2 for topics (type 2: the configs set on the topic as
 * DYNAMIC_TOPIC_CONFIG, the rest as DEFAULT_CONFIG) and the broker (type 4: a few static ones).
 */
import { ErrorCode } from "../errors";
import { Writer } from "../protocol";
import { TOPIC_CONFIG_DEFAULTS } from "../topic-configs";
import type { ApiHandler } from "./types";

const TOPIC = 2;
const BROKER = 4;
const DYNAMIC_TOPIC_CONFIG = 1;
const STATIC_BROKER_CONFIG = 4;
const DEFAULT_CONFIG = 5;

interface Entry {
  name: string;
  value: string | null;
  source: number;
}

export const describeConfigs: ApiHandler = {
  key: 32,
  name: "DescribeConfigs",
  minVersion: 0,
  maxVersion: 2,
  handle(r, version, ctx) {
    const b = ctx.broker;
    const resources = r.array((r) => ({ type: r.int8(), name: r.string(), names: r.nullableArray((r) => r.string()) }));
    if (version >= 1) r.bool(); // include_synonyms: none are reported
    const w = new Writer(1024);
    w.int32(0); // throttle_time_ms
    w.array(resources, (w, res) => {
      let error: number = ErrorCode.NONE;
      let message: string | null = null;
      let entries: Entry[] = [];
      if (res.type === TOPIC) {
        const t = b.topics.get(res.name);
        if (!t) {
          error = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
          message = `Topic ${res.name} does not exist`;
        } else
          entries = Object.entries({
            ...TOPIC_CONFIG_DEFAULTS,
            "retention.bytes": String(b.config.retentionBytes),
            "retention.ms": String(b.config.retentionMs),
            "max.message.bytes": String(b.config.maxMessageBytes),
          }).map(([name, value]) =>
            name in t.configs ? { name, value: t.configs[name], source: DYNAMIC_TOPIC_CONFIG } : { name, value, source: DEFAULT_CONFIG },
          );
      } else if (res.type === BROKER) {
        if (res.name !== "" && res.name !== String(b.nodeId)) {
          error = ErrorCode.INVALID_REQUEST;
          message = `Unexpected broker id, expected ${b.nodeId} or empty string, but received ${res.name}`;
        } else
          entries = [
            ["broker.id", String(b.nodeId)],
            ["auto.create.topics.enable", String(b.config.autoCreateTopics)],
            ["num.partitions", String(b.config.defaultPartitions)],
            ["message.max.bytes", String(b.config.maxMessageBytes)],
            ["log.retention.bytes", String(b.config.retentionBytes)],
            ["log.retention.ms", String(b.config.retentionMs)],
            ["delete.topic.enable", "true"],
            ["group.initial.rebalance.delay.ms", "0"],
          ].map(([name, value]) => ({ name, value, source: STATIC_BROKER_CONFIG }));
      } else {
        error = ErrorCode.INVALID_REQUEST;
        message = `Unsupported resource type ${res.type}`;
      }
      if (res.names) entries = entries.filter((e) => res.names!.includes(e.name));
      w.int16(error).string(message).int8(res.type).string(res.name);
      w.array(entries, (w, e) => {
        w.string(e.name).string(e.value).bool(false);
        if (version === 0) w.bool(e.source === DEFAULT_CONFIG);
        else w.int8(e.source);
        w.bool(false); // is_sensitive
        if (version >= 1) w.int32(0); // synonyms
      });
    });
    return w;
  },
};
