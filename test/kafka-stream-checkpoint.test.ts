// @needs: kafka
/** readStream.format("kafka") end to end: the registry hands the Kafka source its context (checkpoint dir, logger). */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { col } from "../src/index";
import { getSourceFactory } from "../src/sources/registry";
import { BOOTSTRAP, dropTopics, testClient, topicWithRecords, uniqueTopic } from "../src/connectors/kafka/testing";
import { captureSession } from "./support/spark";
import { tempCheckpoint } from "./support/stream-test";
import { testContext } from "./support/source-context";
import { CaseInsensitiveMap } from "../src/connector-api/options";

const { spark } = captureSession();

test("a Kafka query with a checkpoint keeps its initial offsets in sources/0/0", async () => {
  const client = testClient();
  const topic = uniqueTopic("kafka-cp");
  try {
    await topicWithRecords(client, topic, [3, 2]);
    const cp = tempCheckpoint();
    const df = spark.readStream.format("kafka").option("kafka.bootstrap.servers", BOOTSTRAP).option("subscribe", topic).option("startingOffsets", "earliest").load();
    const q = df.select(col("value").cast("string").alias("v")).writeStream.format("memory").queryName("kafka_cp_q").option("checkpointLocation", cp).start();
    await q.processAllAvailable();
    await q.stop();
    assert.equal((await spark.table("kafka_cp_q").collect()).length, 5);
    const file = path.join(cp, "sources", "0", "0");
    assert.ok(fs.existsSync(file), "sources/0/0 written");
    // Spark's KafkaSourceInitialOffsetWriter: a 0 byte, "v1", the offsets JSON.
    const text = fs.readFileSync(file).subarray(1).toString("utf8");
    assert.equal(text, `v1\n{"${topic}":{"0":0,"1":0}}`);
  } finally {
    await dropTopics(client, [topic]);
    await client.close();
  }
});

test("the kafka registry entry passes the context through to the source", () => {
  const ctx = testContext({ metadataDir: "/nonexistent/sources/0" });
  const source = getSourceFactory("kafka")!(new CaseInsensitiveMap([["kafka.bootstrap.servers", BOOTSTRAP], ["subscribe", "t"]]), undefined, ctx);
  assert.equal((source as unknown as { ctx: unknown }).ctx, ctx);
});
