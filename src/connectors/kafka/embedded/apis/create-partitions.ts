/** CreatePartitions (key 37) v0–1: grows a topic, with Kafka's INVALID_PARTITIONS texts. */
import { ErrorCode } from "../errors";
import { Writer } from "../protocol";
import type { ApiHandler } from "./types";

export const createPartitions: ApiHandler = {
  key: 37,
  name: "CreatePartitions",
  minVersion: 0,
  maxVersion: 1,
  handle(r, _version, ctx) {
    const b = ctx.broker;
    const requests = r.array((r) => ({ name: r.string(), count: r.int32(), assignments: r.nullableArray((r) => r.nullableArray((r) => r.int32())) }));
    r.int32(); // timeout_ms
    const validateOnly = r.bool();
    const results = requests.map((t) => {
      const topic = b.topics.get(t.name);
      if (!topic) return { name: t.name, error: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, message: `The topic '${t.name}' does not exist.` as string | null };
      const have = topic.partitions.length;
      if (t.count === have) return { name: t.name, error: ErrorCode.INVALID_PARTITIONS, message: `Topic already has ${have} partitions.` };
      if (t.count < have)
        return { name: t.name, error: ErrorCode.INVALID_PARTITIONS, message: `Topic currently has ${have} partitions, which is higher than the requested ${t.count}.` };
      if (!validateOnly) {
        b.addPartitions(t.name, t.count);
        b.config.log(`topic ${t.name} now has ${t.count} partitions`);
      }
      return { name: t.name, error: ErrorCode.NONE, message: null };
    });
    const w = new Writer();
    w.int32(0); // throttle_time_ms
    w.array(results, (w, x) => w.string(x.name).int16(x.error).string(x.message));
    return w;
  },
};
