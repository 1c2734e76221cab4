/** The project's admin code (admin.ts, offsets.ts) against the embedded broker. */
import { after, before, test } from "node:test";
import * as assert from "node:assert/strict";
import { KafkaClient } from "../client";
import { KafkaAdminError, createPartitions, createTopic, deleteTopics, describeTopics, listTopics } from "../admin";
import { fetchOffsets, topicPartitions } from "../offsets";
import { produceRecords } from "../record-writer";
import { startEmbeddedKafka, type EmbeddedKafka } from "./index";

let kafka: EmbeddedKafka;
let client: KafkaClient;
const logLines: string[] = [];

before(async () => {
  kafka = await startEmbeddedKafka({ port: 0, log: (l) => logLines.push(l) });
  client = new KafkaClient({ bootstrapServers: kafka.bootstrapServers, clientId: "embedded-admin-test" });
});
after(async () => {
  await client.close();
  await kafka.stop();
});

test("createTopic, listTopics, describeTopics, createPartitions, deleteTopics", async () => {
  assert.match(kafka.bootstrapServers, /^127\.0\.0\.1:\d+$/);
  assert.ok(kafka.port > 0);
  assert.equal(await createTopic(client, "orders", { partitions: 3, replicationFactor: 1, configs: { "retention.ms": "60000" } }), true);
  assert.equal(await createTopic(client, "audit"), true); // defaults: 1 partition
  assert.deepEqual(await listTopics(client), ["audit", "orders"]);

  const [audit, orders] = await describeTopics(client);
  assert.equal(audit.name, "audit");
  assert.equal(audit.partitions.length, 1);
  assert.equal(orders.replicationFactor, 1);
  assert.deepEqual(orders.configs, { "retention.ms": "60000" });
  assert.deepEqual(orders.partitions, [0, 1, 2].map((partition) => ({ partition, leader: 1, replicas: [1], isr: [1], offlineReplicas: [] })));

  await createPartitions(client, "orders", 5);
  assert.deepEqual((await topicPartitions(client, ["orders"])).map((tp) => tp.partition), [0, 1, 2, 3, 4]);
  await assert.rejects(createPartitions(client, "orders", 2), /Number of partitions is invalid/); // INVALID_PARTITIONS (kafkajs drops the text)

  await deleteTopics(client, ["audit"]);
  assert.deepEqual(await listTopics(client), ["orders"]);
  await assert.rejects(deleteTopics(client, ["audit"]), /Topic 'audit' does not exist as expected/);
  await deleteTopics(client, ["orders"]);
  assert.deepEqual(await listTopics(client), []);
});

test("CreateTopics errors carry Kafka's codes and texts", async () => {
  await createTopic(client, "dup", { partitions: 1 });
  await assert.rejects(createTopic(client, "dup"), (e: KafkaAdminError) => {
    assert.equal(e.message, "Topic 'dup' already exists.");
    assert.equal(e.kafkaException, "TopicExistsException");
    return true;
  });
  assert.equal(await createTopic(client, "dup", { ifNotExists: true }), false);
  await assert.rejects(createTopic(client, "rf2", { partitions: 3, replicationFactor: 2 }), (e: KafkaAdminError) => {
    assert.equal(e.errorType, "INVALID_REPLICATION_FACTOR");
    assert.match(e.message, /The target replication factor of 2 cannot be reached because only 1 broker\(s\) are registered\./);
    return true;
  });
  await assert.rejects(createTopic(client, "bad/name"), (e: KafkaAdminError) => e.errorType === "INVALID_TOPIC_EXCEPTION");
  await assert.rejects(createTopic(client, "cfg", { configs: { "retention.mss": "1" } }), /Unknown topic config name: retention\.mss/);
  assert.ok(!(await listTopics(client)).includes("rf2"));
  await deleteTopics(client, ["dup"]);
});

test("fetchOffsets earliest and latest; a deleted and re-created topic starts again at 0", async () => {
  await createTopic(client, "ends", { partitions: 2 });
  const tps = await topicPartitions(client, ["ends"]);
  assert.deepEqual(await fetchOffsets(client, tps, "latest"), { ends: { "0": 0, "1": 0 } });
  await produceRecords(client, "ends", [
    { key: null, value: "a", partition: 0 },
    { key: null, value: "b", partition: 0 },
    { key: null, value: "c", partition: 1 },
  ]);
  assert.deepEqual(await fetchOffsets(client, tps, "earliest"), { ends: { "0": 0, "1": 0 } });
  assert.deepEqual(await fetchOffsets(client, tps, "latest"), { ends: { "0": 2, "1": 1 } });
  await deleteTopics(client, ["ends"]);
  await createTopic(client, "ends", { partitions: 2 });
  assert.deepEqual(await fetchOffsets(client, tps, "latest"), { ends: { "0": 0, "1": 0 } });
  await deleteTopics(client, ["ends"]);
});

test("offsets by timestamp (kafkajs admin.fetchTopicOffsetsByTimestamp)", async () => {
  await createTopic(client, "times", { partitions: 1 });
  await produceRecords(client, "times", [1000, 2000, 3000].map((timestamp, i) => ({ key: null, value: `r${i}`, partition: 0, timestamp })));
  await produceRecords(client, "times", [4000, 5000].map((timestamp, i) => ({ key: null, value: `s${i}`, partition: 0, timestamp })));
  const admin = await client.admin();
  const at = async (ts: number) => (await admin.fetchTopicOffsetsByTimestamp("times", ts))[0].offset;
  assert.equal(await at(0), "0");
  assert.equal(await at(2000), "1");
  assert.equal(await at(2500), "2");
  assert.equal(await at(4500), "4");
  assert.equal(await at(9000), "5"); // none at or after: kafkajs falls back to the high watermark
  await deleteTopics(client, ["times"]);
});
