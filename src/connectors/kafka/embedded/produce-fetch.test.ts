/** The project's record writer and range reader against the embedded broker, at volume. */
import { after, before, test } from "node:test";
import * as assert from "node:assert/strict";
import { KafkaClient } from "../client";
import { createTopic, deleteTopics } from "../admin";
import { fetchEarliestAndLatest, topicPartitions } from "../offsets";
import { readRanges } from "../range-reader";
import { produceRecords, type OutRecord } from "../record-writer";
import { startEmbeddedKafka, type EmbeddedKafka } from "./index";

let kafka: EmbeddedKafka;
let client: KafkaClient;

before(async () => {
  kafka = await startEmbeddedKafka({ port: 0, log: () => undefined });
  client = new KafkaClient({ bootstrapServers: kafka.bootstrapServers, clientId: "embedded-produce-test" });
});
after(async () => {
  await client.close();
  await kafka.stop();
});

test("100,000 records over 3 partitions: offsets add up and every range reads back exactly", async () => {
  await createTopic(client, "volume", { partitions: 3 });
  const N = 100_000;
  const records: OutRecord[] = Array.from({ length: N }, (_, i) => ({
    key: `key-${i % 97}`,
    value: `value-${i}-${"x".repeat(80)}`,
    timestamp: 1_700_000_000_000 + i,
  }));
  const t0 = Date.now();
  assert.equal(await produceRecords(client, "volume", records), N);
  const produceMs = Date.now() - t0;

  const tps = await topicPartitions(client, ["volume"]);
  const { earliest, latest } = await fetchEarliestAndLatest(client, tps);
  assert.deepEqual(earliest, { volume: { "0": 0, "1": 0, "2": 0 } });
  const ends = [0, 1, 2].map((p) => latest.volume[String(p)]);
  assert.equal(ends.reduce((a, b) => a + b, 0), N);
  assert.ok(ends.every((n) => n > 20_000), `a fair spread over partitions: ${ends}`);

  const t1 = Date.now();
  const all = await readRanges(client, tps.map((tp) => ({ ...tp, fromOffset: 0, untilOffset: ends[tp.partition] })));
  const readMs = Date.now() - t1;
  assert.equal(all.length, N);
  // Per partition: offsets 0..n-1 in order, and the records in the order they were sent.
  const seen = new Set<string>();
  for (const p of [0, 1, 2]) {
    const rows = all.filter((r) => r[3] === p);
    assert.deepEqual(rows.map((r) => r[4]), Array.from({ length: ends[p] }, (_, i) => i));
    const ids = rows.map((r) => Number(String(r[1]).split("-")[1]));
    for (let i = 1; i < ids.length; i++) assert.ok(ids[i] > ids[i - 1], "order within a partition");
    for (const r of rows) seen.add(String(r[1]));
  }
  assert.equal(seen.size, N);
  const sample = all.find((r) => String(r[1]).startsWith("value-12345-"))!;
  assert.equal(String(sample[0]), `key-${12345 % 97}`);
  assert.equal(sample[5], (1_700_000_000_000 + 12345) * 1000);

  // Ranges in the middle, at the ends, empty ones: exactly [from, until).
  for (const [p, from, until] of [
    [0, 0, 1],
    [1, 777, 5_321],
    [2, ends[2] - 3, ends[2]],
    [0, 10_000, 10_000],
    [1, 1, 30_001],
  ]) {
    const rows = await readRanges(client, [{ topic: "volume", partition: p, fromOffset: from, untilOffset: until }]);
    assert.deepEqual(rows.map((r) => r[4]), Array.from({ length: until - from }, (_, i) => from + i), `${p}:[${from}, ${until})`);
  }
  console.log(`# embedded broker: produced ${N} records in ${produceMs} ms, read them back in ${readMs} ms`);
  await deleteTopics(client, ["volume"]);
});

test("acks 0, 1 and -1 all land; a batch over max.message.bytes is refused", async () => {
  await createTopic(client, "acks", { partitions: 1, configs: { "max.message.bytes": "2000" } });
  await produceRecords(client, "acks", [{ key: null, value: "zero", partition: 0 }], { acks: 0 });
  await produceRecords(client, "acks", [{ key: null, value: "one", partition: 0 }], { acks: 1 });
  await produceRecords(client, "acks", [{ key: null, value: "all", partition: 0 }], { acks: -1 });
  const rows = await readRanges(client, [{ topic: "acks", partition: 0, fromOffset: 0, untilOffset: 3 }]);
  assert.deepEqual(rows.map((r) => String(r[1])), ["zero", "one", "all"]);
  await assert.rejects(
    produceRecords(client, "acks", [{ key: null, value: "y".repeat(3000), partition: 0 }]),
    /MESSAGE_TOO_LARGE/,
  );
  await deleteTopics(client, ["acks"]);
});

test("producing to a topic that does not exist creates it (auto.create.topics.enable)", async () => {
  await produceRecords(client, "auto-made", [{ key: "k", value: "v" }]);
  const rows = await readRanges(client, [{ topic: "auto-made", partition: 0, fromOffset: 0, untilOffset: 1 }]);
  assert.equal(String(rows[0][1]), "v");
  await deleteTopics(client, ["auto-made"]);
});
