import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Services } from "./services";
import { KafkaClient } from "../connectors/kafka/client";
import { createTopic, listTopics } from "../connectors/kafka/admin";
import { findFreePort } from "../connectors/postgres/embedded";

test("the embedded broker stands in only when no Kafka was named and it is not turned off", () => {
  assert.equal(new Services({}).canEmbedKafka(), true);
  assert.equal(new Services({ KAFKA_BOOTSTRAP_SERVERS: "broker:9092" }).canEmbedKafka(), false);
  assert.equal(new Services({ ISKRA_EMBEDDED_KAFKA: "0" }).canEmbedKafka(), false);
  assert.equal(new Services({ ISKRA_NO_SERVICES: "1" }).canEmbedKafka(), false);
});

test("startEmbeddedKafka: a real Kafka endpoint in this process, topics kept in the shell's home, stopped with the services", async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-home-"));
  const port = await findFreePort();
  const services = new Services({});
  assert.equal(await services.startEmbeddedKafka(home, port), true);
  const client = new KafkaClient({ bootstrapServers: `127.0.0.1:${port}` });
  try {
    await createTopic(client, "kafka-input", { partitions: 3, replicationFactor: 1 });
    assert.ok((await listTopics(client)).includes("kafka-input"));
  } finally {
    await client.close();
  }
  await services.stop();
  assert.ok(fs.existsSync(path.join(home, "kafka")), "topics live under <home>/kafka");
  const again = new Services({});
  assert.equal(await again.startEmbeddedKafka(home, port), true, "restarts on the same data");
  await again.stop();
  fs.rmSync(home, { recursive: true, force: true });
});
