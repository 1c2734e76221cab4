/** A streaming query obeys its session's SQL conf, and a restart the conf its offsets log recorded. */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { SparkSession, col, explode, split } from "../src/index";
import { AddData, CheckLastBatch, StopStream, memoryInput, tempCheckpoint, testStream } from "./support/stream-test";

function session(): { spark: SparkSession; warnings: string[]; out: () => string } {
  const spark = SparkSession.builder.master("local[2]").getOrCreate().newSession();
  const warnings: string[] = [];
  let buf = "";
  spark.print = (t) => { buf += t; };
  spark.warn = (t) => { warnings.push(t); };
  return { spark, warnings, out: () => buf };
}

const offsetsConf = (cp: string, batch: number) => JSON.parse(fs.readFileSync(path.join(cp, "offsets", String(batch)), "utf8").split("\n")[1]).conf;

test("a restart re-applies the confs offsets/N recorded (OffsetSeqMetadata.setSessionConf), with Spark's warning", async () => {
  const cp = tempCheckpoint();
  const first = session();
  first.spark.conf.set("spark.sql.shuffle.partitions", "2");
  const { stream, df, name } = memoryInput(first.spark, "value STRING");
  const counts = (d: typeof df) => d.select(explode(split(col("value"), " ")).alias("word")).groupBy("word").count();
  const q1 = counts(df).writeStream.format("memory").queryName("conf_restart_1").outputMode("complete").option("checkpointLocation", cp).start();
  stream.addData(["a b a"]);
  await q1.processAllAvailable();
  await q1.stop();
  assert.equal(offsetsConf(cp, 0)["spark.sql.shuffle.partitions"], "2");

  // The same query, restarted by a session left at the default 200 partitions.
  const second = session();
  const df2 = second.spark.readStream.format("memory").option("name", name).load();
  const q2 = counts(df2).writeStream.format("memory").queryName("conf_restart_2").outputMode("complete").option("checkpointLocation", cp).start();
  stream.addData(["b c"]);
  await q2.processAllAvailable();
  await q2.stop();
  assert.ok(second.warnings.includes("Updating the value of conf 'spark.sql.shuffle.partitions' in current session from '200' to '2'."), second.warnings.join("\n"));
  const lastBatch = Math.max(...fs.readdirSync(path.join(cp, "offsets")).filter((f) => /^\d+$/.test(f)).map(Number));
  assert.ok(lastBatch >= 1);
  assert.equal(offsetsConf(cp, lastBatch)["spark.sql.shuffle.partitions"], "2");
  assert.equal(q2.lastProgress?.stateOperators[0].numRowsTotal, 3, "state carried over: a, b, c");
});

test("spark.sql.streaming.minBatchesToRetain bounds what the purge keeps of offsets/ and commits/", async () => {
  const cp = tempCheckpoint();
  const { spark } = session();
  spark.conf.set("spark.sql.streaming.minBatchesToRetain", "2");
  const { stream, df } = memoryInput(spark, "value STRING");
  const batches = [0, 1, 2, 3, 4].flatMap((i) => [AddData(stream, [`row ${i}`]), CheckLastBatch([`row ${i}`])]);
  await testStream(df, "append", { checkpoint: cp }, ...batches, StopStream);
  const ids = (dir: string) => fs.readdirSync(path.join(cp, dir)).filter((f) => /^\d+$/.test(f)).map(Number).sort((a, b) => a - b);
  const last = Math.max(...ids("commits"));
  // Spark purges below currentBatchId - minBatchesToRetain once more batches than that exist.
  assert.deepEqual(ids("offsets"), [last - 2, last - 1, last]);
  assert.deepEqual(ids("commits"), [last - 2, last - 1, last]);
});

test("the session time zone follows a sink and a foreachBatch function past their first await: two sessions' queries at once", async () => {
  const { registerSink }: typeof import("../src/sinks/registry") = require("../src/sinks/registry");
  const { showString }: typeof import("../src/execution/show") = require("../src/execution/show");
  const printed = new Map<string, string[]>();
  const note = (who: string, s: string) => printed.set(who, [...(printed.get(who) ?? []), s]);
  // A sink that formats only after awaiting twice (a timer lets the other query's batch run in between).
  registerSink("tz_probe_after_await", (_options, ctx) => ({
    description: "TzProbe",
    addBatch: async (_id, schema, rows) => {
      await new Promise((r) => setTimeout(r, 5));
      await Promise.resolve();
      note(`sink:${ctx.queryName}`, showString(schema, rows).split("\n")[3]);
    },
  }));
  const run = async (zone: string, tag: string) => {
    const { spark } = session();
    spark.conf.set("spark.sql.session.timeZone", zone);
    const { stream, df } = memoryInput(spark, "t TIMESTAMP");
    const ts = df.select(col("t"), col("t").cast("string").alias("s"));
    const q1 = ts.writeStream.format("tz_probe_after_await").queryName(`tz_${tag}`).option("checkpointLocation", tempCheckpoint()).start();
    const q2 = ts.writeStream.foreachBatch(async (_batch: unknown, id: number) => {
      await new Promise((r) => setTimeout(r, 5));
      // The zone parsing and printing use here, after the await: the session's, not this machine's.
      const { currentTimeZone }: typeof import("../src/values/timestamps") = require("../src/values/timestamps");
      note(`fb:${tag}`, `${id}:${currentTimeZone()}`);
    }).start();
    stream.addData([new Date(Date.UTC(2024, 6, 1, 12, 0, 0))]);
    await Promise.all([q1.processAllAvailable(), q2.processAllAvailable()]);
    await Promise.all([q1.stop(), q2.stop()]);
  };
  await Promise.all([run("UTC", "utc"), run("Asia/Tokyo", "tokyo"), run("America/New_York", "ny")]);
  assert.deepEqual(printed.get("sink:tz_utc"), ["|2024-07-01 12:00:00|2024-07-01 12:00:00|"]);
  assert.deepEqual(printed.get("sink:tz_tokyo"), ["|2024-07-01 21:00:00|2024-07-01 21:00:00|"]);
  assert.deepEqual(printed.get("sink:tz_ny"), ["|2024-07-01 08:00:00|2024-07-01 08:00:00|"]);
  assert.deepEqual(printed.get("fb:utc"), ["0:UTC"]);
  assert.deepEqual(printed.get("fb:tokyo"), ["0:Asia/Tokyo"]);
  assert.deepEqual(printed.get("fb:ny"), ["0:America/New_York"]);
});
