/**
 * The streaming console cases PySpark 3.5.9 printed (test/fixtures/spark-golden.json,
 * `stream.console.*`), replayed through Iskra with the same inputs: console batches must match to
 * the byte, row order included. Files are added to a directory as the oracle did (write aside,
 * then rename), and each step waits with processAllAvailable as the PySpark program did.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  DataFrame, StringType, StructType, StructField, TimestampType, approx_count_distinct, col, count, explode, from_json, split, sum,
} from "../src/index";
import { captureSession } from "./support/spark";

interface GoldenCase { id: string; stdout: string }
const golden = new Map<string, GoldenCase>(
  (JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "spark-golden.json"), "utf8")) as GoldenCase[]).map((c) => [c.id, c]),
);
const { spark, out, clear } = captureSession();

function workDir() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-stream-golden-"));
  const inputDir = path.join(work, "in");
  fs.mkdirSync(inputDir);
  const put = (name: string, text: string) => {
    const tmp = path.join(work, name + ".tmp");
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, path.join(inputDir, name));
  };
  return { work, inputDir, put };
}

const LINE1 = "spark scala scala spark structured streaming spark scala scala spark\n";
const LINE2 = "spark scala scala spark\n";
const HOUSES1 = `{"house": "Ravenclaw", "character": "Myrtle Warren", "score": "1", "ts": "2022-08-11 16:34:11.633"}
{"house": "Thunderbird", "character": "Albus Dumbledore", "score": "4", "ts": "2022-08-11 16:33:50.74"}
{"house": "Slytherin", "character": "Bartemius Crouch, Sr.", "score": "4", "ts": "2022-08-11 16:34:16.9"}
{"house": "Gryffindor", "character": "Gregory Goyle", "score": "8", "ts": "2022-08-11 16:34:04.269"}\n`;
const HOUSES2 = `{"house": "Gryffindor", "character": "Astoria Greengrass", "score": "7", "ts": "2022-08-11 16:33:52.508"}
{"house": "Horned Serpent", "character": "Yaxley", "score": "4", "ts": "2022-08-11 16:33:48.829"}\n`;

function wordCounts(lines: DataFrame): DataFrame {
  const words = lines.select(explode(split(lines.col("value"), " ")).alias("word"));
  return words.groupBy("word").count();
}

function houseStats(ds1: DataFrame): DataFrame {
  const valuesDF = ds1.select(col("value").cast("string").alias("value"));
  const dataSchema = StructType([
    StructField("house", StringType(), true), StructField("character", StringType(), true),
    StructField("score", StringType(), true), StructField("ts", TimestampType(), true),
  ]);
  const df = valuesDF.select(from_json(col("value"), dataSchema).alias("data")).select("data.*");
  return df.groupBy("house").agg(count("*").alias("how_many"), sum(col("score").cast("long")).alias("sum_score"), approx_count_distinct("character").alias("no_characters"));
}

async function twoSteps(id: string, first: [string, string], second: [string, string], build: (dir: string) => DataFrame, mode: "complete" | "update" | "append", checkpoint = false) {
  const { work, inputDir, put } = workDir();
  put(...first);
  clear();
  let w = build(inputDir).writeStream.outputMode(mode).format("console");
  if (checkpoint) w = w.option("checkpointLocation", path.join(work, "checkpoint"));
  const query = w.start();
  await query.processAllAvailable();
  put(...second);
  await query.processAllAvailable();
  await query.stop();
  assert.equal(out(), golden.get(id)!.stdout, id);
  fs.rmSync(work, { recursive: true, force: true });
}

test("stream.console.wordcount_complete (with a checkpoint; its files as Spark writes them)", async () => {
  const { work, inputDir, put } = workDir();
  put("1.txt", LINE1);
  clear();
  const cp = path.join(work, "checkpoint");
  const query = wordCounts(spark.readStream.format("text").load(inputDir)).writeStream.outputMode("complete").format("console").option("checkpointLocation", cp).start();
  await query.processAllAvailable();
  put("2.txt", LINE2);
  await query.processAllAvailable();
  assert.deepEqual(query.recentProgress.map((p) => p.batchId), [0, 1]);
  await query.stop();
  assert.equal(out(), golden.get("stream.console.wordcount_complete")!.stdout);
  assert.equal(fs.readFileSync(path.join(cp, "commits", "1"), "utf8"), golden.get("stream.progress.wordcount_complete.checkpoint_file.commits/1")!.stdout);
  assert.equal(fs.readFileSync(path.join(cp, "metadata"), "utf8").trim(), `{"id":"${query.id}"}`);
  const offsets = fs.readFileSync(path.join(cp, "offsets", "1"), "utf8").split("\n");
  const sparkOffsets = golden.get("stream.progress.wordcount_complete.checkpoint_file.offsets/1")!.stdout.split("\n");
  assert.equal(offsets[0], "v1");
  assert.deepEqual(Object.keys(JSON.parse(offsets[1])), Object.keys(JSON.parse(sparkOffsets[1])));
  assert.deepEqual(JSON.parse(offsets[1]).conf, JSON.parse(sparkOffsets[1]).conf);
  assert.equal(query.status.message, "Stopped");
  fs.rmSync(work, { recursive: true, force: true });
});

test("stream.console.wordcount_update", () =>
  twoSteps("stream.console.wordcount_update", ["1.txt", LINE1], ["2.txt", LINE2], (d) => wordCounts(spark.readStream.format("text").load(d)), "update", true));

test("stream.console.wordcount_empty_line", () =>
  twoSteps("stream.console.wordcount_empty_line", ["1.txt", LINE1], ["2.txt", LINE2 + "\n"], (d) => wordCounts(spark.readStream.format("text").load(d)), "complete"));

test("stream.console.words_append", () =>
  twoSteps("stream.console.words_append", ["1.txt", LINE1], ["2.txt", LINE2], (d) => {
    const lines = spark.readStream.format("text").load(d);
    return lines.select(explode(split(lines.col("value"), " ")).alias("word"));
  }, "append"));

test("stream.console.house_stats_complete", () =>
  twoSteps("stream.console.house_stats_complete", ["1.json", HOUSES1], ["2.json", HOUSES2], (d) => houseStats(spark.readStream.format("text").load(d)), "complete"));

test("stream.console.house_stats_update", () =>
  twoSteps("stream.console.house_stats_update", ["1.json", HOUSES1], ["2.json", HOUSES2], (d) => houseStats(spark.readStream.format("text").load(d)), "update"));

test("stream.console.wordcount_available_now_maxFilesPerTrigger", async () => {
  const { work, inputDir, put } = workDir();
  put("1.txt", LINE1);
  put("2.txt", LINE2);
  clear();
  const query = wordCounts(spark.readStream.format("text").option("maxFilesPerTrigger", 1).load(inputDir))
    .writeStream.outputMode("complete").format("console").trigger({ availableNow: true }).start();
  await query.awaitTermination();
  assert.equal(query.isActive, false);
  assert.equal(out(), golden.get("stream.console.wordcount_available_now_maxFilesPerTrigger")!.stdout);
  fs.rmSync(work, { recursive: true, force: true });
});

test("stream.console.rate_house_stats_empty_batch0", async () => {
  clear();
  const query = houseStats(spark.readStream.format("rate").option("rowsPerSecond", 1).load().selectExpr("CAST(value AS STRING) AS value"))
    .writeStream.outputMode("complete").format("console").trigger({ processingTime: "1 hour" }).start();
  for (let i = 0; i < 200 && query.recentProgress.length < 1; i++) await new Promise((r) => setTimeout(r, 10));
  await query.stop();
  assert.equal(out(), golden.get("stream.console.rate_house_stats_empty_batch0")!.stdout);
});

test("stream.console.rate_micro_batch", async () => {
  clear();
  const ds = spark.readStream.format("rate-micro-batch").option("rowsPerBatch", 3).option("startTimestamp", 0).option("numPartitions", 1).load();
  const query = ds.writeStream.format("console").trigger({ processingTime: "1 second" }).start();
  for (let i = 0; i < 400 && query.recentProgress.length < 3; i++) await new Promise((r) => setTimeout(r, 10));
  await query.stop();
  assert.equal(out(), golden.get("stream.console.rate_micro_batch")!.stdout);
});
