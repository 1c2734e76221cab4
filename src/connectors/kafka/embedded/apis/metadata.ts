/**
 * Metadata (key 3) v0–6: the one broker (node 1, also the controller), the cluster id, and topics:
 * all of them for a null list (an empty list means none from v1 on), or the named ones, created
 * on the spot when auto-creation is on and allowed (v4+ asks; older versions always allow).
 */
import { ErrorCode } from "../errors";
import { Writer } from "../protocol";
import { checkTopicName } from "../topic";
import type { Topic } from "../topic";
import type { ApiHandler } from "./types";

export const metadata: ApiHandler = {
  key: 3,
  name: "Metadata",
  minVersion: 0,
  maxVersion: 6,
  handle(r, version, ctx) {
    const b = ctx.broker;
    let names = r.nullableArray((r) => r.string());
    if (version === 0 && names !== null && names.length === 0) names = null; // v0: empty = all
    const allowAuto = version >= 4 ? r.bool() : true;

    const topics: { name: string; error: number; topic?: Topic }[] = [];
    if (names === null) for (const t of b.topics.values()) topics.push({ name: t.name, error: ErrorCode.NONE, topic: t });
    else {
      for (const name of names) {
        let t = b.topics.get(name);
        if (!t && b.config.autoCreateTopics && allowAuto) {
          if (checkTopicName(name) !== null) {
            topics.push({ name, error: ErrorCode.INVALID_TOPIC_EXCEPTION });
            continue;
          }
          t = b.createTopic(name, b.config.defaultPartitions);
          b.config.log(`auto-created topic ${name} with ${b.config.defaultPartitions} partition(s)`);
        }
        topics.push(t ? { name, error: ErrorCode.NONE, topic: t } : { name, error: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION });
      }
    }

    const w = new Writer(512);
    if (version >= 3) w.int32(0); // throttle_time_ms
    w.int32(1); // brokers
    w.int32(b.nodeId).string(b.config.advertisedHost).int32(b.port);
    if (version >= 1) w.string(null); // rack
    if (version >= 2) w.string(b.clusterId);
    if (version >= 1) w.int32(b.nodeId); // controller_id
    w.array(topics, (w, t) => {
      w.int16(t.error).string(t.name);
      if (version >= 1) w.bool(t.name.startsWith("__"));
      const parts = t.topic?.partitions ?? [];
      w.int32(parts.length);
      for (let p = 0; p < parts.length; p++) {
        w.int16(ErrorCode.NONE).int32(p).int32(b.nodeId);
        w.int32(1).int32(b.nodeId); // replicas
        w.int32(1).int32(b.nodeId); // isr
        if (version >= 5) w.int32(0); // offline_replicas
      }
    });
    return w;
  },
};
