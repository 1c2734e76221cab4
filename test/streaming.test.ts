/** The micro-batch engine end to end: output modes, state, checkpoints and restarts, failures, progress. */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as net from "node:net";
import {
  AnalysisException, StreamingQueryException, UnsupportedOperationException, col, count, countDistinct, explode, split, sum, window,
  approx_count_distinct, from_json, StringType, StructType, StructField, TimestampType, desc,
} from "../src/index";
import { captureSession } from "./support/spark";
import { AddData, AssertOnQuery, CheckAnswer, CheckLastBatch, StartStream, StopStream, memoryInput, tempCheckpoint, testStream } from "./support/stream-test";

const { spark, out, clear } = captureSession();
spark.conf.set("spark.sql.session.timeZone", "UTC");

function wordCounts(df: ReturnType<typeof memoryInput>["df"]) {
  return df.select(explode(split(df.col("value"), " ")).alias("word")).groupBy("word").count();
}

test("seed steps 8-12: socket word count prints Spark's console batches", async () => {
  // A line server standing in for `nc -lk 9876`.
  const clients: net.Socket[] = [];
  const server = net.createServer((s) => clients.push(s));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as net.AddressInfo).port;
  try {
    const lines = spark.readStream.format("socket").option("host", "127.0.0.1").option("port", port).load();
    const words = lines.select(explode(split(lines.col("value"), " ")).alias("word"));
    const query = words.groupBy("word").count().writeStream.outputMode("complete").format("console").start();
    clear();
    await query.processAllAvailable();
    for (let i = 0; i < 100 && clients.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    const send = async (line: string) => {
      clients[0].write(line + "\n");
      const before = query.recentProgress.length;
      for (let i = 0; i < 200 && query.recentProgress.length === before; i++) await new Promise((r) => setTimeout(r, 10));
      await query.processAllAvailable();
    };
    await send("spark scala scala spark structured streaming spark scala scala spark");
    await send("spark scala scala spark");
    await query.stop();
    assert.equal(out(), [
      "-------------------------------------------", "Batch: 0", "-------------------------------------------",
      "+----+-----+", "|word|count|", "+----+-----+", "+----+-----+", "",
      "-------------------------------------------", "Batch: 1", "-------------------------------------------",
      "+----------+-----+", "|      word|count|", "+----------+-----+",
      "| streaming|    1|", "|     scala|    4|", "|     spark|    4|", "|structured|    1|", "+----------+-----+", "",
      "-------------------------------------------", "Batch: 2", "-------------------------------------------",
      "+----------+-----+", "|      word|count|", "+----------+-----+",
      "| streaming|    1|", "|     scala|    6|", "|     spark|    6|", "|structured|    1|", "+----------+-----+", "", "",
    ].join("\n"));
    assert.equal(query.isActive, false);
    assert.equal(query.status.message, "Stopped");
  } finally {
    for (const c of clients) c.destroy();
    server.close();
  }
});

test("update mode emits only changed groups; complete emits all", async () => {
  const { stream, df } = memoryInput(spark, "value STRING");
  await testStream(wordCounts(df), "update",
    AddData(stream, ["a b a"]),
    CheckLastBatch(["a", 2], ["b", 1]),
    AddData(stream, ["b c"]),
    CheckLastBatch(["b", 2], ["c", 1]), // a did not change: not emitted
    CheckAnswer(["a", 2], ["b", 1], ["b", 2], ["c", 1]),
  );
  const { stream: s2, df: d2 } = memoryInput(spark, "value STRING");
  await testStream(wordCounts(d2), "complete",
    AddData(s2, ["a b a"]),
    AddData(s2, ["b c"]),
    CheckLastBatch(["a", 2], ["b", 2], ["c", 1]),
    AddData(s2, ["c"]),
    CheckLastBatch(["a", 2], ["b", 2], ["c", 2]), // every group, changed or not
  );
});

test("Spark's checks at start(): countDistinct, complete without aggregation, append without watermark, sort, jdbc sink, batch actions", async () => {
  const { df } = memoryInput(spark, "value STRING");
  assert.throws(() => df.groupBy().agg(countDistinct("value")).writeStream.outputMode("complete").format("console").start(),
    (e: unknown) => e instanceof AnalysisException && (e as Error).message === "Distinct aggregations are not supported on streaming DataFrames/Datasets. Consider using approx_count_distinct() instead.;");
  assert.throws(() => df.writeStream.outputMode("complete").format("console").start(),
    /^AnalysisException: Complete output mode not supported when there are no streaming aggregations on streaming DataFrames\/Datasets;$/m);
  assert.throws(() => wordCounts(df).writeStream.outputMode("append").format("console").start(),
    /Append output mode not supported when there are streaming aggregations on streaming DataFrames\/DataSets without watermark;/);
  assert.throws(() => wordCounts(df).writeStream.format("console").start(), /Append output mode not supported/);
  assert.throws(() => df.orderBy("value").writeStream.format("console").start(),
    /Sorting is not supported on streaming DataFrames\/Datasets, unless it is on aggregated DataFrame\/Dataset in Complete output mode;/);
  assert.throws(() => wordCounts(df).writeStream.outputMode("complete").format("jdbc").option("url", "jdbc:postgresql://localhost:8432/streamoutput").option("dbtable", "housestats").option("user", "postgres").option("password", "mysecretpassword").start(),
    (e: unknown) => e instanceof UnsupportedOperationException && (e as Error).message === "Data source jdbc does not support streamed writing." && !(e as Error).message.includes("mysecretpassword"));
  await assert.rejects(df.show(), /Queries with streaming sources must be executed with writeStream.start\(\);/);
  await assert.rejects(df.count(), /Queries with streaming sources must be executed with writeStream.start\(\);/);
  assert.throws(() => df.writeStream.format("memory").start(), /queryName must be specified for memory sink./);
  assert.throws(() => df.writeStream.format("kafka").option("kafka.bootstrap.servers", "127.0.0.1:9").option("topic", "t").start(), /checkpointLocation must be specified/);
  // Sorting an aggregate in complete mode is allowed.
  const ok = wordCounts(df).orderBy(desc("count")).writeStream.outputMode("complete").format("memory").queryName("sorted_ok").start();
  await ok.stop();
});

test("a restart resumes after the last committed batch; state carries over", async () => {
  const cp = tempCheckpoint();
  const { stream, df } = memoryInput(spark, "value STRING");
  let id = "", runId = "";
  await testStream(wordCounts(df), "complete", { checkpoint: cp },
    CheckAnswer(),
    AddData(stream, ["spark scala spark"]),
    CheckAnswer(["scala", 1], ["spark", 2]),
    AssertOnQuery((q) => { ({ id, runId } = q); }),
    StopStream,
    AssertOnQuery(() => fs.readFileSync(path.join(cp, "metadata"), "utf8").trim() === JSON.stringify({ id }), "metadata holds the query id"),
    AssertOnQuery(() => fs.existsSync(path.join(cp, "commits", "1")), "commits/1 written"),
    StartStream(),
    AssertOnQuery((q) => q.id === id, "the query id is stable across restarts"),
    AssertOnQuery((q) => q.runId !== runId, "a new run id"),
    AddData(stream, ["scala"]),
    CheckLastBatch(["scala", 2], ["spark", 2]),
    AssertOnQuery((q) => q.lastProgress!.batchId === 2, "batch 2 after the restart"),
  );
});

test("a batch whose sink failed is run again after restart with the same id and the same rows; nothing counted twice", async () => {
  const cp = tempCheckpoint();
  const { stream, df } = memoryInput(spark, "value STRING");
  const seen: Array<[number, string[]]> = [];
  let failNext = false;
  const start = () => wordCounts(df).writeStream.outputMode("complete").option("checkpointLocation", cp)
    .foreachBatch(async (batch, batchId) => {
      if (failNext) { failNext = false; throw new Error("PostgreSQL went away"); }
      seen.push([batchId, (await batch.orderBy("word").collect()).map((r) => `${r.word}=${r.count}`)]);
    }).start();
  let q = start();
  await q.processAllAvailable();
  stream.addData(["a b"]);
  await q.processAllAvailable();
  failNext = true;
  stream.addData(["a"]);
  await assert.rejects(q.awaitTermination(), (e: unknown) => {
    assert.ok(e instanceof StreamingQueryException);
    assert.match((e as Error).message, /terminated with exception: .*PostgreSQL went away/);
    return true;
  });
  assert.ok(q.exception());
  assert.ok(fs.existsSync(path.join(cp, "offsets", "2")) && !fs.existsSync(path.join(cp, "commits", "2")), "offsets/2 written, commits/2 not");
  q = start();
  await q.processAllAvailable();
  await q.stop();
  assert.deepEqual(seen, [[0, []], [1, ["a=1", "b=1"]], [2, ["a=2", "b=1"]]]);
});

test("the seed's house statistics as a stream, with approx_count_distinct state", async () => {
  const { stream, df } = memoryInput(spark, "value STRING");
  const schema = StructType([StructField("house", StringType()), StructField("character", StringType()), StructField("score", StringType()), StructField("ts", TimestampType())]);
  const result = df.select(from_json(col("value"), schema).alias("data")).select("data.*").groupBy("house")
    .agg(count("*").alias("how_many"), sum(col("score").cast("long")).alias("sum_score"), approx_count_distinct("character").alias("no_characters"));
  const rec = (h: string, c: string, s: number) => JSON.stringify({ house: h, character: c, score: String(s), ts: "2022-08-11 16:34:11.633" });
  await testStream(result, "complete",
    AddData(stream, [rec("Gryffindor", "Harry", 5)], [rec("Gryffindor", "Ron", 2)]),
    CheckAnswer(["Gryffindor", 2, 7, 2]),
    AddData(stream, [rec("Gryffindor", "Harry", 1)], [rec("Slytherin", "Draco", 9)], ["not json at all"]),
    CheckAnswer(["Gryffindor", 3, 8, 2], ["Slytherin", 1, 9, 1], [null, 1, null, 0]),
    AssertOnQuery((q) => q.lastProgress!.numInputRows === 3, "3 input rows in the last batch"),
    AssertOnQuery((q) => q.lastProgress!.stateOperators[0].numRowsTotal === 3, "3 groups in the state"),
    AssertOnQuery((q) => q.lastProgress!.sink.description === "MemorySink"),
  );
});

test("event-time windows with a watermark in append mode emit closed windows once and drop late rows", async () => {
  const { stream, df } = memoryInput(spark, "ts TIMESTAMP, word STRING");
  const counts = df.withWatermark("ts", "10 seconds").groupBy(window(col("ts"), "10 seconds"), col("word")).count();
  const t = (s: string) => new Date(`2024-01-01T00:00:${s}Z`);
  await testStream(counts, "append",
    AddData(stream, [t("01"), "a"], [t("02"), "a"], [t("11"), "a"]),
    CheckAnswer(), // nothing closed yet
    AddData(stream, [t("25"), "a"]), // watermark -> 15s after this batch: window [0,10) closes
    CheckAnswer([[t("00"), t("10")], "a", 2]),
    AddData(stream, [t("03"), "a"]), // late: below the watermark, dropped
    CheckAnswer([[t("00"), t("10")], "a", 2]), // emitted once
    AssertOnQuery((q) => q.recentProgress.some((p) => p.stateOperators[0].numRowsDroppedByWatermark === 1), "the late row was dropped"),
  );
});

test("eventTime in progress: the watermark is reported for every batch of a query with one, rows or not (as Spark)", async () => {
  const { stream, df } = memoryInput(spark, "ts TIMESTAMP, word STRING");
  const counts = df.withWatermark("ts", "10 seconds").groupBy(window(col("ts"), "10 seconds"), col("word")).count();
  const t = (s: string) => new Date(`2024-01-01T00:00:${s}Z`);
  await testStream(counts, "append",
    AddData(stream, [t("01"), "a"]),
    CheckAnswer(),
    AddData(stream, [t("25"), "a"]), // the watermark moves to 00:00:15: a no-data batch closes [0, 10)
    CheckAnswer([[t("00"), t("10")], "a", 1]),
    AssertOnQuery((q) => {
      // Batches 1 and 3 are Spark's no-data batches: the watermark moved, the stateful operator runs again.
      assert.deepEqual(q.recentProgress.map((p) => [p.batchId, p.numInputRows, p.eventTime]), [
        [0, 1, { avg: "2024-01-01T00:00:01.000Z", max: "2024-01-01T00:00:01.000Z", min: "2024-01-01T00:00:01.000Z", watermark: "1970-01-01T00:00:00.000Z" }],
        [1, 0, { watermark: "2023-12-31T23:59:51.000Z" }], // 00:00:01 less the 10 s delay
        [2, 1, { avg: "2024-01-01T00:00:25.000Z", max: "2024-01-01T00:00:25.000Z", min: "2024-01-01T00:00:25.000Z", watermark: "2023-12-31T23:59:51.000Z" }],
        [3, 0, { watermark: "2024-01-01T00:00:15.000Z" }],
      ]);
      return true;
    }, "eventTime per batch"),
  );
});

test("trigger once and availableNow process what is there, then stop", async () => {
  const { stream, df } = memoryInput(spark, "value STRING");
  stream.addData(["x y"]);
  const q = wordCounts(df).writeStream.outputMode("complete").format("memory").queryName("once_q").trigger({ once: true }).start();
  await q.awaitTermination();
  assert.equal(q.isActive, false);
  assert.deepEqual((await spark.table("once_q").orderBy("word").collect()).map((r) => r.word), ["x", "y"]);
  assert.equal(await q.awaitTermination(1), true);
  assert.throws(() => df.writeStream.trigger({ once: true, processingTime: "1 second" }), /Only a single trigger is allowed/);
});

test("spark.streams: active, get, awaitAnyTermination, resetTerminated", async () => {
  const { df } = memoryInput(spark, "value STRING");
  const q = df.writeStream.format("memory").queryName("mgr_q").start();
  assert.ok(spark.streams.active.includes(q));
  assert.equal(spark.streams.get(q.id), q);
  spark.streams.resetTerminated();
  assert.equal(await spark.streams.awaitAnyTermination(0.05), false);
  await q.stop();
  assert.equal(await spark.streams.awaitAnyTermination(1), true);
  assert.equal(spark.streams.get(q.id), null);
});

test("sql over a memory sink table", async () => {
  const { stream, df } = memoryInput(spark, "value STRING");
  const q = wordCounts(df).writeStream.format("memory").queryName("wc_sql").outputMode("complete").start();
  stream.addData(["b a b"]);
  await q.processAllAvailable();
  const rows = await spark.sql("select word, count from wc_sql where count > 1 order by word").collect();
  assert.deepEqual(rows.map((r) => [r.word, r.count]), [["b", 2]]);
  await q.stop();
});

test("spark.sql over a temp view: WHERE, GROUP BY with HAVING, ORDER BY an unselected column, LIMIT", async () => {
  spark.createDataFrame([["a", 1], ["b", 2], ["a", 3]], "k STRING, v INT").createOrReplaceTempView("sql_t");
  const grouped = await spark.sql("select k, sum(v) as s, count(*) from sql_t where v > 0 group by k having s > 2 order by k desc").collect();
  assert.deepEqual(grouped.map((r) => [...r]), [["a", 4, 2]]);
  const ordered = await spark.sql("select upper(k) as K from sql_t order by v desc limit 2").collect();
  assert.deepEqual(ordered.map((r) => r.K), ["A", "B"]);
});

test("query.explain() prints the plan the query runs", async () => {
  const { df } = memoryInput(spark, "value STRING");
  const q = wordCounts(df).writeStream.outputMode("complete").format("memory").queryName("explain_q").start();
  clear();
  q.explain();
  await q.stop();
  assert.match(out(), /== Physical Plan ==\n\* HashAggregate\(keys=\[word\], functions=\[count\(1\)\]\)/);
  assert.match(out(), /StreamingRelation MemoryStream\[value#\d+\]/);
});
