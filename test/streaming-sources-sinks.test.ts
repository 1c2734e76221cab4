// @needs: kafka
/** Sources and sinks through the public API: files, rate, foreach, processingTime, sliding windows, Kafka sink. */
import { after, test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Row, col, count, expr, lit, window, sum } from "../src/index";
import { BOOTSTRAP, dropTopics, testClient, uniqueTopic } from "../src/connectors/kafka/testing";
import { createTopic } from "../src/connectors/kafka/admin";
import { captureSession } from "./support/spark";
import { memoryInput, tempCheckpoint } from "./support/stream-test";

const { spark } = captureSession();
spark.conf.set("spark.sql.session.timeZone", "UTC");
const client = testClient();
const topics: string[] = [];
after(async () => { await dropTopics(client, topics); await client.close(); });

test("json files arriving in a directory, with a schema, parsed as from_json does", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-json-"));
  fs.writeFileSync(path.join(dir, "a.json"), '{"house": "Gryffindor", "score": 5}\n{"house": "Slytherin", "score": "x"}\nnot json\n');
  const df = spark.readStream.schema("house STRING, score INT").json(dir);
  const q = df.writeStream.format("memory").queryName("json_files").start();
  await q.processAllAvailable();
  fs.writeFileSync(path.join(dir, "b.json"), '{"house": "Ravenclaw", "score": 7}\n');
  await q.processAllAvailable();
  await q.stop();
  const rows = (await spark.table("json_files").collect()).map((r) => [r.house, r.score]);
  assert.deepEqual(rows, [["Gryffindor", 5], ["Slytherin", null], [null, null], ["Ravenclaw", 7]]);
  assert.throws(() => spark.readStream.json(dir), /Schema must be specified when creating a streaming source DataFrame/);
});

test("rate source: timestamp and value columns, rows arriving over time", async () => {
  const df = spark.readStream.format("rate").option("rowsPerSecond", 50).load();
  assert.deepEqual(df.dtypes, [["timestamp", "timestamp"], ["value", "bigint"]]);
  const q = df.writeStream.format("memory").queryName("rate_rows").trigger({ processingTime: "200 milliseconds" }).start();
  await new Promise((r) => setTimeout(r, 2300));
  await q.stop();
  const values = (await spark.table("rate_rows").collect()).map((r) => r.value as number).sort((a, b) => a - b);
  assert.ok(values.length >= 50, `got ${values.length} rows`);
  assert.deepEqual(values.slice(0, 5), [0, 1, 2, 3, 4]);
  const batchStarts = q.recentProgress.map((p) => Date.parse(p.timestamp));
  const gaps = batchStarts.slice(1).map((t, i) => t - batchStarts[i]);
  assert.ok(gaps.every((g) => g >= 150), `processingTime keeps batches apart: ${gaps}`);
});

test("foreach: a writer object sees every row, open/close per batch", async () => {
  const { stream, df } = memoryInput(spark, "n INT");
  const seen: string[] = [];
  const q = df.withColumn("double", col("n").multiply(2)).writeStream.foreach({
    open: (partitionId: number, epochId: number) => { seen.push(`open ${partitionId} ${epochId}`); return true; },
    process: (row: Row) => { seen.push(`${row.n}->${row.double}`); },
    close: (err: unknown) => { seen.push(`close ${err === null}`); },
  }).start();
  await q.processAllAvailable();
  stream.addData([1], [2]);
  await q.processAllAvailable();
  await q.stop();
  assert.deepEqual(seen.filter((s) => !s.startsWith("open 0 0") && s !== "close true" || s.includes("->")).filter((s) => s.includes("->")), ["1->2", "2->4"]);
  assert.ok(seen.includes("open 0 1"));
});

test("sliding windows: each event counts in every window that contains it", async () => {
  const { stream, df } = memoryInput(spark, "ts TIMESTAMP, v INT");
  const q = df.groupBy(window(col("ts"), "10 seconds", "5 seconds")).agg(sum("v").alias("s"))
    .writeStream.outputMode("complete").format("memory").queryName("sliding").start();
  stream.addData([new Date("2024-01-01T00:00:07Z"), 1], [new Date("2024-01-01T00:00:12Z"), 10]);
  await q.processAllAvailable();
  await q.stop();
  const rows = (await spark.table("sliding").collect()).map((r) => [r.window.start.toISOString().slice(14, 19), r.window.end.toISOString().slice(14, 19), r.s]);
  rows.sort();
  assert.deepEqual(rows, [["00:00", "00:10", 1], ["00:05", "00:15", 11], ["00:10", "00:20", 10]]);
});

test("Kafka sink: writeStream.format('kafka') and df.write.format('kafka') round trip through a real broker", async () => {
  const topic = uniqueTopic("sink");
  topics.push(topic);
  await createTopic(client, topic, { partitions: 2, replicationFactor: 1 });
  const { stream, df } = memoryInput(spark, "house STRING, score INT");
  const q = df.select(col("house").alias("key"), expr("CAST(score AS STRING)").alias("value")).writeStream.format("kafka")
    .option("kafka.bootstrap.servers", BOOTSTRAP).option("topic", topic).option("checkpointLocation", tempCheckpoint()).start();
  stream.addData(["Gryffindor", 5], ["Slytherin", 3]);
  await q.processAllAvailable();
  await q.stop();
  await spark.createDataFrame([["Ravenclaw", "7"]], "key STRING, value STRING").withColumn("topic", lit(topic)).write.format("kafka")
    .option("kafka.bootstrap.servers", BOOTSTRAP).save();
  const back = spark.read.format("kafka").option("kafka.bootstrap.servers", BOOTSTRAP).option("subscribe", topic).load()
    .selectExpr("CAST(key AS STRING) AS k", "CAST(value AS STRING) AS v");
  const rows = (await back.collect()).map((r) => `${r.k}=${r.v}`).sort();
  assert.deepEqual(rows, ["Gryffindor=5", "Ravenclaw=7", "Slytherin=3"]);
  const total = await back.groupBy().agg(count("*").alias("n")).first();
  assert.equal(total!.n, 3);
});
