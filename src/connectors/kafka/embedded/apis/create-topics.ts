/**
 * CreateTopics (key 19) v0–3, with Kafka's errors and texts: TOPIC_ALREADY_EXISTS (36),
 * INVALID_PARTITIONS (37), INVALID_REPLICATION_FACTOR (38: one broker cannot hold 2 replicas),
 * INVALID_REPLICA_ASSIGNMENT (39), INVALID_CONFIG (40), INVALID_TOPIC_EXCEPTION (17),
 * INVALID_REQUEST (42, a topic named twice). -1 partitions / replication factor mean the defaults.
 */
import { ErrorCode } from "../errors";
import { Writer } from "../protocol";
import { checkTopicName } from "../topic";
import { checkTopicConfig } from "../topic-configs";
import type { ApiHandler } from "./types";

interface TopicRequest {
  name: string;
  numPartitions: number;
  replicationFactor: number;
  assignments: { partition: number; brokers: number[] }[];
  configs: { name: string; value: string | null }[];
}

export const createTopics: ApiHandler = {
  key: 19,
  name: "CreateTopics",
  minVersion: 0,
  maxVersion: 3,
  handle(r, version, ctx) {
    const b = ctx.broker;
    const requests: TopicRequest[] = r.array((r) => ({
      name: r.string(),
      numPartitions: r.int32(),
      replicationFactor: r.int16(),
      assignments: r.array((r) => ({ partition: r.int32(), brokers: r.array((r) => r.int32()) })),
      configs: r.array((r) => ({ name: r.string(), value: r.nullableString() })),
    }));
    r.int32(); // timeout_ms
    const validateOnly = version >= 1 ? r.bool() : false;
    const counts = new Map<string, number>();
    for (const t of requests) counts.set(t.name, (counts.get(t.name) ?? 0) + 1);

    const results = requests.map((t): { name: string; error: number; message: string | null } => {
      const fail = (error: number, message: string) => ({ name: t.name, error, message });
      if ((counts.get(t.name) ?? 0) > 1) return fail(ErrorCode.INVALID_REQUEST, `Create topics request from client contains multiple entries for the following topics: ${t.name}`);
      const badName = checkTopicName(t.name);
      if (badName) return fail(ErrorCode.INVALID_TOPIC_EXCEPTION, badName);
      if (b.topics.has(t.name)) return fail(ErrorCode.TOPIC_ALREADY_EXISTS, `Topic '${t.name}' already exists.`);
      let partitions = t.numPartitions;
      if (t.assignments.length > 0) {
        if (t.numPartitions !== -1 || t.replicationFactor !== -1)
          return fail(ErrorCode.INVALID_REQUEST, "Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.");
        const ids = t.assignments.map((a) => a.partition).sort((x, y) => x - y);
        if (!ids.every((p, i) => p === i))
          return fail(ErrorCode.INVALID_REPLICA_ASSIGNMENT, "Partitions should be a consecutive 0-based integer sequence");
        for (const a of t.assignments) {
          const unknown = a.brokers.find((id) => id !== b.nodeId);
          if (unknown !== undefined) return fail(ErrorCode.INVALID_REPLICA_ASSIGNMENT, `Unknown broker id ${unknown} in the assignment of partition ${a.partition}`);
          if (a.brokers.length !== 1)
            return fail(ErrorCode.INVALID_REPLICA_ASSIGNMENT, `Partition ${a.partition} must have exactly one replica on a one-broker cluster`);
        }
        partitions = t.assignments.length;
      } else {
        if (partitions === -1) partitions = b.config.defaultPartitions;
        if (partitions <= 0) return fail(ErrorCode.INVALID_PARTITIONS, "Number of partitions was set to an invalid non-positive value.");
        const rf = t.replicationFactor === -1 ? 1 : t.replicationFactor;
        if (rf <= 0) return fail(ErrorCode.INVALID_REPLICATION_FACTOR, "Replication factor must be larger than 0, or -1 to use the default value.");
        if (rf > 1)
          return fail(
            ErrorCode.INVALID_REPLICATION_FACTOR,
            `Unable to replicate the partition ${rf} time(s): The target replication factor of ${rf} cannot be reached because only 1 broker(s) are registered.`,
          );
      }
      const configs: Record<string, string> = {};
      for (const c of t.configs) {
        const bad = checkTopicConfig(c.name, c.value);
        if (bad) return fail(ErrorCode.INVALID_CONFIG, bad);
        configs[c.name] = c.value!;
      }
      if (!validateOnly) {
        b.createTopic(t.name, partitions, configs);
        b.config.log(`created topic ${t.name} with ${partitions} partition(s)`);
      }
      return { name: t.name, error: ErrorCode.NONE, message: null };
    });

    const w = new Writer();
    if (version >= 2) w.int32(0); // throttle_time_ms
    w.array(results, (w, x) => {
      w.string(x.name).int16(x.error);
      if (version >= 1) w.string(x.message);
    });
    return w;
  },
};
