/** dataDir: segment files per partition, topics and committed offsets survive a restart; a torn tail is cut off. */
import { after, test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { KafkaClient } from "../client";
import { createTopic, deleteTopics, describeTopics, listTopics } from "../admin";
import { fetchOffsets } from "../offsets";
import { readRanges } from "../range-reader";
import { produceRecords } from "../record-writer";
import { startEmbeddedKafka } from "./index";

const dirs: string[] = [];
after(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-embedded-kafka-"));
  dirs.push(d);
  return d;
};

async function withBroker<T>(dataDir: string, fn: (servers: string, client: KafkaClient) => Promise<T>, log: (l: string) => void = () => undefined, segmentBytes?: number): Promise<T> {
  const kafka = await startEmbeddedKafka({ port: 0, dataDir, log, segmentBytes });
  const client = new KafkaClient({ bootstrapServers: kafka.bootstrapServers, clientId: "embedded-persist-test" });
  try {
    return await fn(kafka.bootstrapServers, client);
  } finally {
    await client.close();
    await kafka.stop();
  }
}

test("records, topics, configs and committed offsets survive a restart; offsets go on where they stopped", async () => {
  const dir = tempDir();
  await withBroker(dir, async (servers, client) => {
    await createTopic(client, "kept", { partitions: 2, configs: { "cleanup.policy": "delete" } });
    await createTopic(client, "dropped", { partitions: 1 });
    for (let start = 0; start < 5000; start += 500)
      await produceRecords(client, "kept", Array.from({ length: 500 }, (_, j) => ({ key: null, value: `v${start + j}`, partition: (start + j) % 2 })));
    await deleteTopics(client, ["dropped"]);
    const admin = new Kafka({ brokers: [servers], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.setOffsets({ groupId: "readers", topic: "kept", partitions: [{ partition: 0, offset: "1234" }] });
    await admin.disconnect();
  }, undefined, 4096); // small segments: several files per partition
  const segs = fs.readdirSync(path.join(dir, "kept-0")).filter((f) => f.endsWith(".log"));
  assert.ok(segs.length > 1, `segments rolled: ${segs}`);
  assert.ok(!fs.existsSync(path.join(dir, "dropped-0")));

  await withBroker(dir, async (servers, client) => {
    assert.deepEqual(await listTopics(client), ["kept"]);
    assert.deepEqual((await describeTopics(client, ["kept"]))[0].configs, { "cleanup.policy": "delete" });
    const tps = [0, 1].map((partition) => ({ topic: "kept", partition }));
    assert.deepEqual(await fetchOffsets(client, tps, "latest"), { kept: { "0": 2500, "1": 2500 } });
    const rows = await readRanges(client, [{ topic: "kept", partition: 1, fromOffset: 0, untilOffset: 2500 }]);
    assert.deepEqual(rows.map((r) => String(r[1])), Array.from({ length: 2500 }, (_, i) => `v${2 * i + 1}`));
    await produceRecords(client, "kept", [{ key: null, value: "after restart", partition: 0 }]);
    const more = await readRanges(client, [{ topic: "kept", partition: 0, fromOffset: 2499, untilOffset: 2501 }]);
    assert.deepEqual(more.map((r) => [r[4], String(r[1])]), [[2499, "v4998"], [2500, "after restart"]]);
    const admin = new Kafka({ brokers: [servers], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const committed = await admin.fetchOffsets({ groupId: "readers", topics: ["kept"] });
    assert.equal(committed[0].partitions.find((p) => p.partition === 0)?.offset, "1234");
    await admin.disconnect();
  });
});

test("a segment with a torn last batch is truncated to its last whole batch", async () => {
  const dir = tempDir();
  await withBroker(dir, async (_s, client) => {
    await createTopic(client, "torn", { partitions: 1 });
    await produceRecords(client, "torn", [{ key: null, value: "one", partition: 0 }]);
    await produceRecords(client, "torn", [{ key: null, value: "two", partition: 0 }]);
  });
  const file = path.join(dir, "torn-0", "00000000000000000000.log");
  const size = fs.statSync(file).size;
  fs.truncateSync(file, size - 5);
  const lines: string[] = [];
  await withBroker(dir, async (_s, client) => {
    assert.deepEqual(await fetchOffsets(client, [{ topic: "torn", partition: 0 }], "latest"), { torn: { "0": 1 } });
    await produceRecords(client, "torn", [{ key: null, value: "two again", partition: 0 }]);
    const rows = await readRanges(client, [{ topic: "torn", partition: 0, fromOffset: 0, untilOffset: 2 }]);
    assert.deepEqual(rows.map((r) => String(r[1])), ["one", "two again"]);
  }, (l) => lines.push(l));
  assert.ok(lines.some((l) => /torn-0: 00000000000000000000\.log ends with an incomplete batch at byte \d+; truncated there/.test(l)), lines.join("\n"));
});
