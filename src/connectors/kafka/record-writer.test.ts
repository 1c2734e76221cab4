// @needs: kafka
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { produceRecords } from "./record-writer";
import { readRanges } from "./range-reader";
import { fetchOffsets, topicPartitions } from "./offsets";
import { createTopic } from "./admin";
import { dropTopics, testClient, uniqueTopic } from "./testing";

test("keyed records land where Java's producer puts them (murmur2), large writes are split under 1 MiB batches", async () => {
  const client = testClient();
  const topic = uniqueTopic("writer");
  try {
    await createTopic(client, topic, { partitions: 3, replicationFactor: 1 });
    // Expected partitions computed with org.apache.kafka.common.utils.Utils.murmur2 (kafka-clients 3.9.1).
    const java: Record<string, number> = {
      Gryffindor: 0, Slytherin: 2, Ravenclaw: 0, Hufflepuff: 0, "Horned Serpent": 2, Wampus: 2, Thunderbird: 1, Pukwudgie: 1,
    };
    await produceRecords(client, topic, Object.keys(java).map((h) => ({ key: h, value: h, timestamp: 1234 })));
    const tps = await topicPartitions(client, [topic]);
    const latest = await fetchOffsets(client, tps, "latest");
    const rows = await readRanges(client, tps.map((tp) => ({ ...tp, fromOffset: 0, untilOffset: latest[topic][String(tp.partition)] })));
    assert.equal(rows.length, 8);
    for (const r of rows) {
      assert.equal(r[3], java[String(r[0])], String(r[0]));
      assert.equal(r[5], 1234 * 1000);
    }

    // 3,000 records of 1 KiB to one partition: ~3 MiB, more than message.max.bytes (1 MiB) in one batch.
    const big = "y".repeat(1024);
    const n = await produceRecords(client, topic, Array.from({ length: 3000 }, (_, i) => ({ key: null, value: big + i, partition: 1 })));
    assert.equal(n, 3000);
    const p1 = (await fetchOffsets(client, [{ topic, partition: 1 }], "latest"))[topic]["1"];
    const back = await readRanges(client, [{ topic, partition: 1, fromOffset: p1 - 3000, untilOffset: p1 }]);
    assert.deepEqual(back.map((r) => String(r[1]).slice(1024)), Array.from({ length: 3000 }, (_, i) => String(i)));

    await assert.rejects(produceRecords(client, topic, [{ key: null, value: "x", partition: 7 }]), /Invalid partition 7 for topic .*: it has 3 partitions/);
  } finally {
    await dropTopics(client, [topic]);
    await client.close();
  }
});
