/** kafkajs's own Producer, Consumer (consumer groups, eachBatch) and group admin against the embedded broker. */
import { after, before, test } from "node:test";
import * as assert from "node:assert/strict";
import { Kafka, logLevel, Partitioners, type Consumer, type EachBatchPayload } from "kafkajs";
import { startEmbeddedKafka, type EmbeddedKafka } from "./index";

let broker: EmbeddedKafka;
let kafka: Kafka;

before(async () => {
  broker = await startEmbeddedKafka({ port: 0, log: () => undefined });
  kafka = new Kafka({ clientId: "embedded-group-test", brokers: [broker.bootstrapServers], logLevel: logLevel.NOTHING });
});
after(async () => {
  await broker.stop();
});

async function until(what: string, cond: () => boolean, ms = 20_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test("producer → consumer group (eachBatch) round trip, commits, then a second run resumes after them", async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: "rt", numPartitions: 3 }] });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const N = 3000;
  for (let i = 0; i < N; i += 500)
    await producer.send({ topic: "rt", messages: Array.from({ length: 500 }, (_, j) => ({ key: `k${(i + j) % 10}`, value: `m${i + j}` })) });

  const got: string[] = [];
  const batches: number[] = [];
  const consumer = kafka.consumer({ groupId: "g1", maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topic: "rt", fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch, resolveOffset, heartbeat }: EachBatchPayload) => {
      for (const m of batch.messages) {
        got.push(String(m.value));
        resolveOffset(m.offset);
      }
      batches.push(batch.messages.length);
      await heartbeat();
    },
  });
  await until("all records", () => got.length >= N);
  assert.equal(got.length, N);
  assert.equal(new Set(got).size, N);

  // Records sent while the consumer waits arrive through the long-poll fetch.
  const t0 = Date.now();
  await producer.send({ topic: "rt", messages: [{ key: "late", value: "late" }] });
  await until("the late record", () => got.includes("late"));
  assert.ok(Date.now() - t0 < 2000, `late record took ${Date.now() - t0} ms`);
  await consumer.stop();
  await consumer.disconnect();

  const committed = await admin.fetchOffsets({ groupId: "g1", topics: ["rt"] });
  const total = committed[0].partitions.reduce((s, p) => s + Number(p.offset), 0);
  assert.equal(total, N + 1);
  const groups = await admin.listGroups();
  assert.deepEqual(groups.groups.map((g) => [g.groupId, g.protocolType]), [["g1", "consumer"]]);

  // A new consumer in the same group starts after the commits: it sees only what comes next.
  await producer.send({ topic: "rt", messages: [{ key: "k1", value: "after" }] });
  const second: string[] = [];
  const again = kafka.consumer({ groupId: "g1", maxWaitTimeInMs: 200 });
  await again.connect();
  await again.subscribe({ topic: "rt", fromBeginning: true });
  await again.run({ eachMessage: async ({ message }) => void second.push(String(message.value)) });
  await until("the record after the commits", () => second.length >= 1);
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(second, ["after"]);
  const described = await admin.describeGroups(["g1"]);
  assert.equal(described.groups[0].state, "Stable");
  assert.equal(described.groups[0].members.length, 1);
  await again.disconnect();
  assert.equal((await admin.describeGroups(["g1"])).groups[0].state, "Empty");
  await admin.deleteGroups(["g1"]);
  assert.deepEqual((await admin.listGroups()).groups, []);

  await producer.disconnect();
  await admin.disconnect();
});

test("two consumers in one group split the partitions, and one takes over when the other leaves", async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: "split", numPartitions: 4 }] });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();

  const seen = new Map<string, Set<number>>(); // consumer → partitions it got records from
  const values: string[] = [];
  const mk = (name: string): Consumer => {
    const c = kafka.consumer({ groupId: "g2", maxWaitTimeInMs: 100, heartbeatInterval: 300, sessionTimeout: 6000 });
    seen.set(name, new Set());
    void c.connect().then(async () => {
      await c.subscribe({ topic: "split", fromBeginning: true });
      await c.run({
        eachMessage: async ({ partition, message }) => {
          seen.get(name)!.add(partition);
          values.push(String(message.value));
        },
      });
    });
    return c;
  };
  const a = mk("a");
  const b = mk("b");
  const groupOf2 = async () => {
    const d = await admin.describeGroups(["g2"]);
    return d.groups[0].state === "Stable" && d.groups[0].members.length === 2;
  };
  let ok = false;
  const t0 = Date.now();
  while (!ok && Date.now() - t0 < 30_000) {
    ok = await groupOf2();
    if (!ok) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(ok, "both consumers joined");
  // Rebalances settle; then send to every partition.
  await new Promise((r) => setTimeout(r, 1000));
  await producer.send({ topic: "split", messages: [0, 1, 2, 3].map((p) => ({ partition: p, value: `p${p}` })) });
  await until("one record per partition", () => values.length >= 4);
  const pa = seen.get("a")!;
  const pb = seen.get("b")!;
  assert.equal(pa.size + pb.size, 4);
  assert.ok(pa.size > 0 && pb.size > 0, `both got partitions: a=${[...pa]} b=${[...pb]}`);

  await b.disconnect();
  await new Promise((r) => setTimeout(r, 500));
  const before = values.length;
  await producer.send({ topic: "split", messages: [0, 1, 2, 3].map((p) => ({ partition: p, value: `q${p}` })) });
  await until("the second round, all through consumer a", () => values.length >= before + 4);
  assert.equal(pa.size, 4);
  await a.disconnect();
  await producer.disconnect();
  await admin.disconnect();
});

test("an idempotent producer (InitProducerId, sequence numbers) works", async () => {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  await producer.send({ topic: "idem", messages: [{ value: "a" }, { value: "b" }] });
  await producer.send({ topic: "idem", messages: [{ value: "c" }] });
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets("idem");
  assert.equal(offsets[0].high, "3");
  await producer.disconnect();
  await admin.disconnect();
});
