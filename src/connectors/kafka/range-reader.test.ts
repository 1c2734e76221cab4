// @needs: kafka
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { readRanges } from "./range-reader";
import { fetchEarliestAndLatest, topicPartitions } from "./offsets";
import { produceRecords } from "./record-writer";
import { dropTopics, testClient, topicWithRecords, uniqueTopic } from "./testing";

test("range reader returns exactly [from, until) per partition, empty ranges included", async () => {
  const client = testClient();
  const topic = uniqueTopic("range");
  try {
    await topicWithRecords(client, topic, [10, 0, 25]);
    const tps = await topicPartitions(client, [topic]);
    assert.deepEqual(tps, [0, 1, 2].map((partition) => ({ topic, partition })));
    const { earliest, latest } = await fetchEarliestAndLatest(client, tps);
    assert.deepEqual(earliest, { [topic]: { "0": 0, "1": 0, "2": 0 } });
    assert.deepEqual(latest, { [topic]: { "0": 10, "1": 0, "2": 25 } });

    const rows = await readRanges(client, [
      { topic, partition: 0, fromOffset: 3, untilOffset: 7 },
      { topic, partition: 1, fromOffset: 0, untilOffset: 0 }, // empty partition
      { topic, partition: 2, fromOffset: 24, untilOffset: 25 }, // last record only
    ]);
    assert.deepEqual(
      rows.map((r) => [String(r[0]), String(r[1]), r[2], r[3], r[4]]),
      [
        ["k0-3", "v0-3", topic, 0, 3],
        ["k0-4", "v0-4", topic, 0, 4],
        ["k0-5", "v0-5", topic, 0, 5],
        ["k0-6", "v0-6", topic, 0, 6],
        ["k2-24", "v2-24", topic, 2, 24],
      ],
    );
    // Kafka source schema values: binary as Buffer, timestamp in microseconds, CreateTime = 0.
    assert.ok(Buffer.isBuffer(rows[0][0]) && Buffer.isBuffer(rows[0][1]));
    assert.equal(rows[0][5], (1_600_000_000_000 + 3) * 1000);
    assert.equal(rows[0][6], 0);
    assert.equal(rows[0].length, 7);

    // until == from, and a whole-partition read, and the same range twice gives the same rows.
    assert.deepEqual(await readRanges(client, [{ topic, partition: 2, fromOffset: 5, untilOffset: 5 }]), []);
    const all = await readRanges(client, [{ topic, partition: 2, fromOffset: 0, untilOffset: 25 }]);
    assert.deepEqual(all.map((r) => r[4]), Array.from({ length: 25 }, (_, i) => i));
    const again = await readRanges(client, [{ topic, partition: 2, fromOffset: 0, untilOffset: 25 }]);
    assert.deepEqual(again.map((r) => String(r[1])), all.map((r) => String(r[1])));
  } finally {
    await dropTopics(client, [topic]);
    await client.close();
  }
});

test("range reader: headers in order, null keys and values, and a large range read in several fetches", async () => {
  const client = testClient();
  const topic = uniqueTopic("range-big");
  try {
    await topicWithRecords(client, topic, [0]);
    await produceRecords(client, topic, [
      { key: null, value: "no key", partition: 0, headers: [["a", "1"], ["b", null], ["a", "3"]] },
      { key: "no value", value: null, partition: 0 },
    ]);
    const small = await readRanges(client, [{ topic, partition: 0, fromOffset: 0, untilOffset: 2 }], { includeHeaders: true });
    assert.equal(small[0][0], null);
    assert.equal(String(small[0][1]), "no key");
    assert.deepEqual((small[0][7] as unknown[][]).map(([k, v]) => [k, v === null ? null : String(v)]), [["a", "1"], ["b", null], ["a", "3"]]);
    assert.equal(small[1][1], null);
    assert.equal(small[1][7], null); // no headers → null, as Spark

    const N = 60_000;
    const value = "x".repeat(100);
    const recs = Array.from({ length: N }, (_, i) => ({ key: null, value: value + i, partition: 0 }));
    await produceRecords(client, topic, recs);
    const t0 = Date.now();
    const rows = await readRanges(client, [{ topic, partition: 0, fromOffset: 2, untilOffset: 2 + N }], { maxPartitionFetchBytes: 1 << 20 });
    const ms = Date.now() - t0;
    assert.equal(rows.length, N);
    for (let i = 0; i < N; i += 9973) assert.equal(String(rows[i][1]), value + i);
    assert.equal(rows[N - 1][4], N + 1);
    console.log(`# range reader: ${N} records of ~110 B in ${ms} ms (${Math.round((N / Math.max(ms, 1)) * 1000)} records/s)`);
  } finally {
    await dropTopics(client, [topic]);
    await client.close();
  }
});

test("range reader: offsets that are gone fail with failOnDataLoss, are skipped without it", async () => {
  const client = testClient();
  const topic = uniqueTopic("range-loss");
  try {
    await topicWithRecords(client, topic, [5]);
    await assert.rejects(
      readRanges(client, [{ topic, partition: 0, fromOffset: 3, untilOffset: 9 }], { pollTimeoutMs: 500 }),
      /Cannot fetch records in \[5, 9\).*failOnDataLoss/s,
    );
    const warnings: string[] = [];
    const rows = await readRanges(client, [{ topic, partition: 0, fromOffset: 3, untilOffset: 9 }], {
      failOnDataLoss: false,
      onDataLoss: (m) => warnings.push(m),
      pollTimeoutMs: 500,
    });
    assert.deepEqual(rows.map((r) => r[4]), [3, 4]);
    assert.equal(warnings.length, 1);
  } finally {
    await dropTopics(client, [topic]);
    await client.close();
  }
});
