// @needs: kafka
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createKafkaSource, KafkaSource, KAFKA_SCHEMA, KAFKA_SCHEMA_WITH_HEADERS, rateLimit } from "./kafka-source";
import { IllegalArgumentException, AnalysisException } from "../errors";
import { createPartitions, createTopic } from "../connectors/kafka/admin";
import { produceRecords } from "../connectors/kafka/record-writer";
import { BOOTSTRAP, dropTopics, testClient, topicWithRecords, uniqueTopic } from "../connectors/kafka/testing";
import { StringType, StructField, StructType } from "../types/data-types";
import { testContext } from "../../test/support/source-context";
import { CaseInsensitiveMap } from "../connector-api/options";

const opts = (o: Record<string, string>) => new CaseInsensitiveMap(o);
const values = (rows: unknown[][]) => rows.map((r) => `${r[3]}:${r[4]}:${String(r[1])}`);

test("schema and printSchema text are Spark's", () => {
  const src = new KafkaSource(opts({ "kafka.bootstrap.servers": BOOTSTRAP, subscribe: "kafka-input" }), testContext());
  assert.equal(src.schema, KAFKA_SCHEMA);
  assert.equal(
    src.schema.treeString(),
    "root\n |-- key: binary (nullable = true)\n |-- value: binary (nullable = true)\n |-- topic: string (nullable = true)\n" +
      " |-- partition: integer (nullable = true)\n |-- offset: long (nullable = true)\n |-- timestamp: timestamp (nullable = true)\n" +
      " |-- timestampType: integer (nullable = true)\n",
  );
  assert.equal(src.description, "KafkaV2[Subscribe[kafka-input]]");
  const h = new KafkaSource(opts({ "kafka.bootstrap.servers": BOOTSTRAP, SubscribePattern: "a.*", INCLUDEHEADERS: "true" }), testContext());
  assert.equal(h.schema, KAFKA_SCHEMA_WITH_HEADERS);
  assert.match(h.schema.treeString(), / \|-- headers: array \(nullable = true\)\n \|    \|-- element: struct \(containsNull = true\)\n/);
  assert.equal(h.description, "KafkaV2[SubscribePattern[a.*]]");
  const a = new KafkaSource(opts({ "kafka.bootstrap.servers": BOOTSTRAP, assign: '{"t":[0,1]}' }), testContext());
  assert.equal(a.description, "KafkaV2[Assign[t-0, t-1]]");
});

test("option errors are Spark's IllegalArgumentException texts", () => {
  const bad = (o: Record<string, string>, re: RegExp) =>
    assert.throws(() => createKafkaSource(opts(o), undefined, testContext()), (e: Error) => e instanceof IllegalArgumentException && re.test(e.message));
  const bs = { "kafka.bootstrap.servers": BOOTSTRAP };
  bad(bs, /^One of the following options must be specified for Kafka source: subscribe, subscribepattern, assign\. See the docs for more details\.$/);
  bad({ ...bs, subscribe: "a", assign: '{"a":[0]}' }, /^Only one of the following options can be specified for Kafka source: subscribe, subscribepattern, assign\./);
  bad({ ...bs, subscribe: " , " }, /^No topics to subscribe to as specified value for option 'subscribe' is ' , '$/);
  bad({ ...bs, subscribePattern: "  " }, /^Pattern to subscribe is empty as specified value for option 'subscribePattern' is '  '$/);
  bad({ ...bs, assign: "t:0" }, /^No topicpartitions to assign as specified value for option 'assign' is 't:0'$/);
  bad({ ...bs, assign: '{"t":0}' }, /^Expected e\.g\. \{"topicA":\[0,1\],"topicB":\[0,1\]\}, got \{"t":0\}$/);
  bad({ subscribe: "a" }, /^Option 'kafka\.bootstrap\.servers' must be specified for configuring Kafka consumer$/);
  bad({ ...bs, subscribe: "a", "kafka.auto.offset.reset": "earliest" }, /Kafka option 'auto\.offset\.reset' is not supported\./);
  bad({ ...bs, subscribe: "a", "kafka.key.deserializer": "x" }, /^Kafka option 'key\.deserializer' is not supported as keys are deserialized as byte arrays/);
  bad({ ...bs, subscribe: "a", "kafka.value.deserializer": "x" }, /^Kafka option 'value\.deserializer' is not supported as values/);
  bad({ ...bs, subscribe: "a", "kafka.enable.auto.commit": "true" }, /^Kafka option 'enable\.auto\.commit' is not supported$/);
  bad({ ...bs, subscribe: "a", "kafka.interceptor.classes": "x" }, /^Kafka option 'interceptor\.classes' is not supported$/);
  bad({ ...bs, subscribe: "a", endingOffsets: "latest" }, /^ending offset not valid in streaming queries$/);
  bad({ ...bs, subscribe: "a", failOnDataLoss: "maybe" }, /^For input string: "maybe"$/);
  bad({ ...bs, subscribe: "a", maxOffsetsPerTrigger: "lots" }, /^For input string: "lots"$/);
  bad({ ...bs, subscribe: "a", minPartitions: "0" }, /^minPartitions must be positive$/);
  // kafka.group.id is allowed (Spark 3.x), option names are case-insensitive.
  createKafkaSource(opts({ "KAFKA.BOOTSTRAP.SERVERS": BOOTSTRAP, SUBSCRIBE: "a", "kafka.group.id": "g" }), undefined, testContext());
  assert.throws(
    () => createKafkaSource(opts({ ...bs, subscribe: "a" }), StructType([StructField("value", StringType())]), testContext()),
    (e: Error) => e instanceof AnalysisException && /kafka source does not support user-specified schema/.test(e.message),
  );
});

test("rateLimit splits maxOffsetsPerTrigger in proportion to each partition's backlog", () => {
  const from = { t: { "0": 0, "1": 10, "2": 5 } };
  const until = { t: { "0": 100, "1": 10, "2": 305 } };
  // backlogs 100, 0, 300 → 25% / 75% of 40
  assert.deepEqual(rateLimit(40, from, until), { t: { "0": 10, "1": 10, "2": 35 } });
  // a tiny share still gets one offset (ceil below 1)
  assert.deepEqual(rateLimit(2, { t: { "0": 0, "1": 0 } }, { t: { "0": 1000, "1": 1 } }), { t: { "0": 1, "1": 1 } });
  assert.deepEqual(rateLimit(10, from, from), from);
});

test("stream: startingOffsets latest, offsets JSON, getBatch replays the same rows, new partitions show up", async () => {
  const client = testClient();
  const topic = uniqueTopic("src");
  const src = new KafkaSource(opts({ "kafka.bootstrap.servers": BOOTSTRAP, subscribe: topic }), testContext());
  try {
    await topicWithRecords(client, topic, [3, 2]);
    await src.start();
    const initial = await src.initialOffset();
    assert.deepEqual(initial, { [topic]: { "0": 3, "1": 2 } }); // latest: old records are not read
    assert.deepEqual(await src.latestOffset(null), initial);
    assert.deepEqual(await src.getBatch(initial, initial), []);

    await produceRecords(client, topic, [
      { key: "a", value: "p0-new", partition: 0 },
      { key: "b", value: "p1-new", partition: 1 },
      { key: "c", value: "p1-newer", partition: 1 },
    ]);
    const end1 = await src.latestOffset(null);
    assert.equal(JSON.stringify(end1), `{"${topic}":{"0":4,"1":4}}`);
    const rows = await src.getBatch(initial, end1);
    assert.deepEqual(values(rows), ["0:3:p0-new", "1:2:p1-new", "1:3:p1-newer"]);
    assert.deepEqual(values(await src.getBatch(initial, end1)), values(rows)); // replay: same range, same rows
    await src.commit(end1);

    // A partition added while the query runs is read from its beginning.
    await createPartitions(client, topic, 3);
    await produceRecords(client, topic, [{ key: null, value: "p2-first", partition: 2 }]);
    const end2 = await src.latestOffset(null);
    assert.deepEqual(end2, { [topic]: { "0": 4, "1": 4, "2": 1 } });
    assert.deepEqual(values(await src.getBatch(end1, end2)), ["2:0:p2-first"]);
    assert.ok(src.equalOffsets(end2, JSON.parse(JSON.stringify(end2))));
    assert.ok(!src.equalOffsets(end1, end2));
  } finally {
    await src.stop();
    await src.stop();
    await dropTopics(client, [topic]);
    await client.close();
  }
});

test("stream: startingOffsets JSON (-2 earliest, -1 latest, exact), all partitions must be named", async () => {
  const client = testClient();
  const topic = uniqueTopic("src-json");
  try {
    await topicWithRecords(client, topic, [5, 5, 5]);
    const src = new KafkaSource(
      opts({ "kafka.bootstrap.servers": BOOTSTRAP, subscribe: topic, startingOffsets: JSON.stringify({ [topic]: { "0": -2, "1": -1, "2": 3 } }) }),
      testContext(),
    );
    await src.start();
    const initial = await src.initialOffset();
    assert.deepEqual(initial, { [topic]: { "0": 0, "1": 5, "2": 3 } });
    const end = await src.latestOffset(null);
    assert.deepEqual(values(await src.getBatch(initial, end)), ["0:0:v0-0", "0:1:v0-1", "0:2:v0-2", "0:3:v0-3", "0:4:v0-4", "2:3:v2-3", "2:4:v2-4"]);
    await src.stop();

    const partial = new KafkaSource(opts({ "kafka.bootstrap.servers": BOOTSTRAP, subscribe: topic, startingOffsets: `{"${topic}":{"0":1}}` }), testContext());
    await assert.rejects(partial.initialOffset(), (e: Error) => {
      assert.equal(
        e.message,
        `assertion failed: If startingOffsets contains specific offsets, you must specify all TopicPartitions.\nUse -1 for latest, -2 for earliest.\n` +
          `Specified: Set(${topic}-0) Assigned: Set(${topic}-0, ${topic}-1, ${topic}-2)`,
      );
      return true;
    });
    await partial.stop();
    const badJson = new KafkaSource(opts({ "kafka.bootstrap.servers": BOOTSTRAP, subscribe: topic, startingOffsets: "{oops" }), testContext());
    await assert.rejects(badJson.initialOffset(), /^IllegalArgumentException|Expected e\.g\. \{"topicA":\{"0":23,"1":-1\},"topicB":\{"0":-2\}\}, got \{oops$/);
    await badJson.stop();
  } finally {
    await dropTopics(client, [topic]);
    await client.close();
  }
});

test("stream: maxOffsetsPerTrigger cuts batches, earliest start, initial offsets kept in the metadata dir", async () => {
  const client = testClient();
  const topic = uniqueTopic("src-max");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-kafka-src-"));
  try {
    await topicWithRecords(client, topic, [30, 10]);
    const mk = () =>
      createKafkaSource(
        opts({ "kafka.bootstrap.servers": BOOTSTRAP, subscribe: topic, startingOffsets: "earliest", maxOffsetsPerTrigger: "8" }),
        undefined,
        testContext({ metadataDir: dir }),
      ) as KafkaSource;
    const src = mk();
    await src.start();
    const initial = await src.initialOffset();
    assert.deepEqual(initial, { [topic]: { "0": 0, "1": 0 } });
    const file = fs.readFileSync(path.join(dir, "0"));
    assert.equal(file[0], 0);
    assert.equal(file.subarray(1).toString(), `v1\n{"${topic}":{"0":0,"1":0}}`);

    let start: unknown = initial;
    let total = 0;
    const sizes: number[] = [];
    for (let i = 0; i < 10 && total < 40; i++) {
      const end = await src.latestOffset(start);
      const rows = await src.getBatch(start, end);
      sizes.push(rows.length);
      total += rows.length;
      await src.commit(end);
      start = end;
    }
    assert.equal(total, 40);
    assert.ok(sizes.every((n) => n <= 8), `batch sizes ${sizes}`);
    assert.deepEqual(sizes.slice(0, 4), [8, 8, 8, 8]);
    await src.stop();

    // A restart before any batch reuses the kept initial offsets.
    const again = mk();
    assert.deepEqual(await again.initialOffset(), initial);
    await again.stop();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await dropTopics(client, [topic]);
    await client.close();
  }
});

test("stream: subscribePattern picks topics matching the whole name, including ones created later", async () => {
  const client = testClient();
  const base = uniqueTopic("pat");
  const [a, b, other] = [`${base}-a`, `${base}-b`, `x${base}-a`];
  try {
    await topicWithRecords(client, a, [2]);
    await topicWithRecords(client, other, [2]);
    const src = new KafkaSource(opts({ "kafka.bootstrap.servers": BOOTSTRAP, subscribePattern: `${base}-.*`, startingOffsets: "earliest" }), testContext());
    await src.start();
    const initial = await src.initialOffset();
    assert.deepEqual(initial, { [a]: { "0": 0 } });
    await topicWithRecords(client, b, [1]);
    const end = await src.latestOffset(null);
    assert.deepEqual(end, { [a]: { "0": 2 }, [b]: { "0": 1 } });
    const rows = await src.getBatch(initial, end);
    assert.deepEqual(rows.map((r) => `${r[2]}:${String(r[1])}`), [`${a}:v0-0`, `${a}:v0-1`, `${b}:v0-0`]);
    await src.stop();
  } finally {
    await dropTopics(client, [a, b, other]);
    await client.close();
  }
});

test("stream: assign reads only the given partitions", async () => {
  const client = testClient();
  const topic = uniqueTopic("assign");
  try {
    await topicWithRecords(client, topic, [2, 2, 2]);
    const src = new KafkaSource(opts({ "kafka.bootstrap.servers": BOOTSTRAP, assign: `{"${topic}":[2,0]}`, startingOffsets: "earliest" }), testContext());
    await src.start();
    const initial = await src.initialOffset();
    assert.deepEqual(initial, { [topic]: { "0": 0, "2": 0 } });
    assert.deepEqual(values(await src.getBatch(initial, await src.latestOffset(null))), ["0:0:v0-0", "0:1:v0-1", "2:0:v2-0", "2:1:v2-1"]);
    await src.stop();
  } finally {
    await dropTopics(client, [topic]);
    await client.close();
  }
});

test("stream: a topic deleted under a query is data loss (failOnDataLoss=true fails with Spark's hint)", async () => {
  const client = testClient();
  const topic = uniqueTopic("gone");
  try {
    await createTopic(client, topic, { partitions: 1, replicationFactor: 1 });
    const src = new KafkaSource(opts({ "kafka.bootstrap.servers": BOOTSTRAP, subscribe: topic }), testContext());
    await src.start();
    const initial = await src.initialOffset();
    await dropTopics(client, [topic]);
    const end = await src.latestOffset(null);
    assert.deepEqual(end, {});
    await assert.rejects(src.getBatch(initial, end), /Set\(.*-0\) are gone\. Some data may have been missed\. .*"failOnDataLoss" to "false"/s);
    await src.stop();
  } finally {
    await dropTopics(client, [topic]);
    await client.close();
  }
});
