/**
 * Helpers for tests that run against a real broker (`npm test` starts one, see
 * scripts/infra/test-services.js): the bootstrap servers, unique topic names, a topic with known records.
 */
import { KafkaClient } from "./client";
import { createTopic, deleteTopicsIfExist } from "./admin";
import { produceRecords, type OutRecord } from "./record-writer";

export const BOOTSTRAP = process.env.KAFKA_BOOTSTRAP_SERVERS ?? "127.0.0.1:9092";

let seq = 0;
/** A topic name no other test (or earlier run) uses. */
export function uniqueTopic(prefix = "iskra-test"): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${seq++}`;
}

export function testClient(): KafkaClient {
  return new KafkaClient({ bootstrapServers: BOOTSTRAP, clientId: "iskra-test" });
}

/**
 * Creates `topic` with `partitions` partitions and writes `perPartition[p]` records to partition p:
 * key `k<p>-<i>`, value `v<p>-<i>`, timestamp 1_600_000_000_000 + i ms.
 */
export async function topicWithRecords(client: KafkaClient, topic: string, perPartition: number[]): Promise<void> {
  await createTopic(client, topic, { partitions: perPartition.length, replicationFactor: 1 });
  for (let p = 0; p < perPartition.length; p++) {
    const recs: OutRecord[] = [];
    for (let i = 0; i < perPartition[p]; i++) recs.push({ key: `k${p}-${i}`, value: `v${p}-${i}`, partition: p, timestamp: 1_600_000_000_000 + i });
    if (recs.length) await produceRecords(client, topic, recs);
  }
}

export async function dropTopics(client: KafkaClient, topics: string[]): Promise<void> {
  await deleteTopicsIfExist(client, topics).catch(() => undefined);
}
