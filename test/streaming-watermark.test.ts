/**
 * Watermarks and late data as Spark 3.5 (the cases issue 24 names; the differential tester in
 * streaming-differential.test.ts covers the generated rest): JSON files read one per batch with
 * trigger(availableNow), rows and progress per batch.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { AnalysisException, DataFrame, SparkSession, col, count, sum, window } from "../src/index";

const spark = SparkSession.builder.getOrCreate();
spark.conf.set("spark.sql.session.timeZone", "UTC");
spark.conf.set("spark.sql.shuffle.partitions", "2");

async function run(batches: Array<Array<Record<string, unknown>>>, build: (df: DataFrame) => DataFrame, mode = "append") {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-wm-"));
  try {
    batches.forEach((rows, i) => {
      const f = path.join(dir, "in", `${i}.json`);
      fs.mkdirSync(path.dirname(f), { recursive: true });
      fs.writeFileSync(f, rows.map((r) => JSON.stringify(r) + "\n").join(""));
      fs.utimesSync(f, 1700000000 + i, 1700000000 + i);
    });
    const out = new Map<number, string[]>();
    const q = await build(spark.readStream.schema("k STRING, v INT, ts TIMESTAMP").option("maxFilesPerTrigger", 1).json(path.join(dir, "in")))
      .writeStream.outputMode(mode).trigger({ availableNow: true }).option("checkpointLocation", path.join(dir, "cp"))
      .foreachBatch(async (b: DataFrame, id: number) => { out.set(id, (await b.collect()).map((r) => JSON.stringify([...(r as unknown as unknown[])].map(String))).sort()); })
      .start();
    await q.awaitTermination();
    return q.recentProgress.map((p) => ({ rows: out.get(p.batchId) ?? [], watermark: p.eventTime.watermark, ops: p.stateOperators, numInputRows: p.numInputRows }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const at = (s: number) => `2024-01-01 00:00:${String(s).padStart(2, "0")}`;

test("a row is late only below the previous batch's watermark: 00:00:05 in batch 1 still counts though the watermark is 00:00:15.5", async () => {
  const b = await run([[{ k: "a", v: 5, ts: at(1) }, { k: "a", v: 1, ts: "2024-01-01 00:00:20.500" }], [{ k: "a", v: 6, ts: at(5) }], [{ k: "a", v: 9, ts: at(3) }]],
    (df) => df.withWatermark("ts", "5 seconds").groupBy(window(col("ts"), "10 seconds")).agg(count("*").alias("cnt"), sum("v").alias("total")));
  assert.equal(b[1].watermark, "2024-01-01T00:00:15.500Z");
  assert.equal(b[1].ops[0].numRowsDroppedByWatermark, 0);
  assert.deepEqual(b[1].rows, ['["Row(start=datetime.datetime(2024, 1, 1, 0, 0), end=datetime.datetime(2024, 1, 1, 0, 0, 10))","2","11"]'], "[00:00, 00:00:10) cnt 2 sum 11");
  assert.equal(b[2].ops[0].numRowsDroppedByWatermark, 1, "batch 2: 00:00:03 is below batch 1's watermark");
  assert.deepEqual(b[2].rows, []);
});

test("NULL event times: window() drops them (no NULL group, no state row); dropDuplicates keeps a NULL-time key for good", async () => {
  const rows = [[{ k: "a", v: 1, ts: null }, { k: "a", v: 2, ts: at(1) }], [{ k: "b", v: 3, ts: at(30) }], [{ k: "a", v: 4, ts: null }]];
  const w = await run(rows, (df) => df.withWatermark("ts", "0 seconds").groupBy(window(col("ts"), "10 seconds")).count());
  assert.equal(w[0].ops[0].numRowsTotal, 1);
  assert.ok(w.every((b) => b.rows.every((r) => !r.startsWith('["null"'))));
  const d = await run(rows, (df) => df.withWatermark("ts", "0 seconds").dropDuplicates(["k", "ts"]));
  assert.deepEqual(d[2].rows, [], "(a, NULL) is still in the state: the second one is a duplicate");
  assert.equal(d[1].ops[0].numRowsRemoved, 1, "(a, 00:00:01) left at watermark 00:00:01; (a, NULL) did not");
});

test("a watermark in a stateless query drops nothing; dropDuplicatesWithinWatermark's operator is dedupeWithinWatermark", async () => {
  const rows = [[{ k: "a", v: 1, ts: at(50) }], [{ k: "a", v: 2, ts: at(1) }], [{ k: "a", v: 3, ts: at(2) }]];
  const s = await run(rows, (df) => df.withWatermark("ts", "1 second").select("k", "v"));
  assert.deepEqual(s.map((b) => b.rows.length), [1, 1, 1]);
  const d = await run(rows, (df) => df.withWatermark("ts", "1 second").dropDuplicatesWithinWatermark(["k"]));
  assert.equal(d[0].ops[0].operatorName, "dedupeWithinWatermark");
  assert.equal(d[2].ops[0].numRowsDroppedByWatermark, 1, "00:00:02 is below batch 1's watermark 00:00:49");
});

test("dropDuplicatesWithinWatermark without a watermark fails at start() with Spark's AnalysisException", () => {
  const df = spark.readStream.schema("k STRING, ts TIMESTAMP").json(fs.mkdtempSync(path.join(os.tmpdir(), "iskra-wm-")));
  assert.throws(() => df.dropDuplicatesWithinWatermark(["k"]).writeStream.format("noop").start(),
    (e: Error) => e instanceof AnalysisException && e.message.split("\n")[0] === "dropDuplicatesWithinWatermark is not supported on streaming DataFrames/DataSets without watermark;");
});

test("an inner stream-static join does not read NULL join keys: numInputRows counts the rest (isnotnull pushed into the scan)", async () => {
  const lookup = spark.createDataFrame([["a", "alpha"]], "k STRING, name STRING");
  const b = await run([[{ k: "a", v: 1, ts: at(1) }, { k: null, v: 2, ts: at(2) }]], (df) => df.join(lookup, "k"));
  assert.equal(b[0].numInputRows, 1);
  const left = await run([[{ k: "a", v: 1, ts: at(1) }, { k: null, v: 2, ts: at(2) }]], (df) => df.join(lookup, "k", "left"));
  assert.equal(left[0].numInputRows, 2);
});
