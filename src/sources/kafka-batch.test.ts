// @needs: kafka
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { readKafkaBatch } from "./kafka-batch";
import { KAFKA_SCHEMA } from "./kafka-source";
import { IllegalArgumentException } from "../errors";
import { BOOTSTRAP, dropTopics, testClient, topicWithRecords, uniqueTopic } from "../connectors/kafka/testing";
import { CaseInsensitiveMap } from "../connector-api/options";

test("batch read: earliest to latest by default; startingOffsets / endingOffsets JSON", async () => {
  const client = testClient();
  const topic = uniqueTopic("batch");
  try {
    await topicWithRecords(client, topic, [4, 0, 3]);
    const all = await readKafkaBatch(new CaseInsensitiveMap({ "kafka.bootstrap.servers": BOOTSTRAP, subscribe: topic }));
    assert.equal(all.schema, KAFKA_SCHEMA);
    assert.deepEqual(
      all.rows.map((r) => `${r[3]}:${r[4]}:${String(r[1])}`),
      ["0:0:v0-0", "0:1:v0-1", "0:2:v0-2", "0:3:v0-3", "2:0:v2-0", "2:1:v2-1", "2:2:v2-2"],
    );
    const some = await readKafkaBatch(
      new CaseInsensitiveMap(Object.entries({
          "kafka.bootstrap.servers": BOOTSTRAP,
          Subscribe: topic,
          startingOffsets: JSON.stringify({ [topic]: { "0": 1, "1": -2, "2": -2 } }),
          endingOffsets: JSON.stringify({ [topic]: { "0": 3, "1": -1, "2": 1 } }),
        }),),
    );
    assert.deepEqual(some.rows.map((r) => `${r[3]}:${r[4]}`), ["0:1", "0:2", "2:0"]);
    // Empty topic partition, endingOffsets before startingOffsets
    await assert.rejects(
      readKafkaBatch(new CaseInsensitiveMap({
        "kafka.bootstrap.servers": BOOTSTRAP,
        subscribe: topic,
        startingOffsets: JSON.stringify({ [topic]: { "0": 3, "1": 0, "2": 0 } }),
        endingOffsets: JSON.stringify({ [topic]: { "0": 2, "1": 0, "2": 0 } }),
      })),
      /Beginning offset 3 is after the ending offset 2 for topic .* partition 0/,
    );
  } finally {
    await dropTopics(client, [topic]);
    await client.close();
  }
});

test("batch read: Spark's batch-only option errors", async () => {
  const o = { "kafka.bootstrap.servers": BOOTSTRAP, subscribe: "t" };
  const bad = (extra: Record<string, string>, re: RegExp) =>
    assert.rejects(readKafkaBatch(new CaseInsensitiveMap({ ...o, ...extra })), (e: Error) => e instanceof IllegalArgumentException && re.test(e.message));
  await bad({ startingOffsets: "latest" }, /^starting offset can't be latest for batch queries on Kafka$/);
  await bad({ endingOffsets: "earliest" }, /^ending offset can't be earliest for batch queries on Kafka$/);
  await bad({ startingOffsets: '{"t":{"0":-1}}' }, /^startingOffsets for t-0 can't be latest for batch queries on Kafka$/);
  await bad({ endingOffsets: '{"t":{"1":-2}}' }, /^ending offset for t-1 can't be earliest for batch queries on Kafka$/);
  await bad({ endingOffsets: "[1]" }, /^Expected e\.g\. \{"topicA":\{"0":23,"1":-1\},"topicB":\{"0":-2\}\}, got \[1\]$/);
});
