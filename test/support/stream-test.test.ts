/** The StreamTest helper itself: the manual trigger clock, failures, and that a wrong answer fails. */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { StringType, StructField, StructType, col, current_timestamp, explode, from_json, split } from "../../src/index";
import { captureSession } from "./spark";
import { AddData, AdvanceClock, AssertOnQuery, CheckAnswer, CheckLastBatch, ExpectFailure, ManualClock, StartStream, StopStream, memoryInput, testStream } from "./stream-test";

const { spark } = captureSession();
spark.conf.set("spark.sql.session.timeZone", "UTC");
const realSleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("AdvanceClock: with a ManualClock a processingTime trigger runs only when the clock reaches the interval; current_timestamp() is the clock's", async () => {
  const clock = new ManualClock(1_700_000_000_000);
  const { stream, df } = memoryInput(spark, "value STRING");
  const words = df.select(explode(split(col("value"), " ")).alias("word"), current_timestamp().alias("at"));
  const at = (ms: number) => new Date(1_700_000_000_000 + ms);
  await testStream(words, "append",
    StartStream({ trigger: { processingTime: "10 seconds" }, clock }),
    AdvanceClock(0), // returns once batch 0 (no data) has run and the query waits for the next interval
    AddData(stream, ["a b"]),
    AssertOnQuery(async (q) => { await realSleep(100); return q.lastProgress?.batchId === 0 && q.lastProgress.numInputRows === 0; }, "no batch over the data before the interval"),
    AdvanceClock(10_000),
    CheckAnswer(["a", at(10_000)], ["b", at(10_000)]),
    AssertOnQuery((q) => q.lastProgress!.timestamp === at(10_000).toISOString(), "the progress is stamped with the clock's time"),
    AddData(stream, ["c"]),
    AdvanceClock(10_000),
    CheckLastBatch(["c", at(20_000)]),
    StopStream,
  );
});

test("ExpectFailure: a FAILFAST parse error terminates the query with Spark's message", async () => {
  const { stream, df } = memoryInput(spark, "value STRING");
  const parsed = df.select(from_json(col("value"), StructType([StructField("house", StringType())]), { mode: "FAILFAST" }).alias("d"));
  await testStream(parsed, "append",
    AddData(stream, ['{"house": "Ravenclaw"}']),
    CheckAnswer([["Ravenclaw"]]),
    AddData(stream, ["{bad json"]),
    ExpectFailure(/Malformed records are detected in record parsing/),
  );
});

test("a wrong CheckAnswer fails the test, naming the action", async () => {
  const { stream, df } = memoryInput(spark, "value STRING");
  await assert.rejects(
    testStream(df, "append", AddData(stream, ["x"]), CheckAnswer(["y"])),
    (e: Error) => /action 2 of 2 \(checkAnswer\)/.test(e.message),
  );
});

test("a failure reports as Spark's StreamTest: the actions with the failing one marked, the last progress, the sink's rows, the plan; the sink and checkpoint are cleaned up", async () => {
  const { sinkFormats }: typeof import("../../src/sinks/registry") = require("../../src/sinks/registry");
  const fs: typeof import("node:fs") = require("node:fs");
  const os: typeof import("node:os") = require("node:os");
  const before = sinkFormats();
  // A temporary folder of this test's own: other test files make StreamTest checkpoints in the shared one meanwhile.
  const ownTmp = fs.mkdtempSync(require("node:path").join(os.tmpdir(), "iskra-streamtest-own-"));
  const savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = ownTmp;
  const checkpointsBefore = fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith("iskra-streamtest-")).length;
  const { stream, df } = memoryInput(spark, "value STRING");
  const words = df.select(explode(split(col("value"), " ")).alias("word")).groupBy("word").count();
  let message = "";
  let checkpointsAfter = -1;
  try {
    await assert.rejects(testStream(words, "complete", AddData(stream, ["a b a"]), CheckAnswer(["a", 2], ["b", 1]), AddData(stream, ["b"]), CheckAnswer(["a", 2])), (e: Error) => { message = e.message; return true; });
    checkpointsAfter = fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith("iskra-streamtest-")).length;
  } finally {
    if (savedTmp === undefined) delete process.env.TMPDIR; else process.env.TMPDIR = savedTmp;
    fs.rmSync(ownTmp, { recursive: true, force: true });
  }
  assert.match(message, /action 4 of 4 \(checkAnswer\)/);
  assert.match(message, /== Actions \(complete mode\) ==\n {3}addData \[\["a b a"\]\]\n {3}checkAnswer \[\["a",2\],\["b",1\]\]\n {3}addData \[\["b"\]\]\n=> checkAnswer \[\["a",2\]\]/);
  assert.match(message, /== Last progress ==\n\{\n {2}"id" : "/);
  assert.match(message, /== Sink: last batch 1 ==\n {2}\["a",2\]\n {2}\["b",2\]/);
  assert.match(message, /== Plan ==\n== Parsed Logical Plan ==/);
  assert.deepEqual(sinkFormats(), before, "the capturing sink is unregistered");
  assert.equal(checkpointsAfter, checkpointsBefore, "its checkpoint is deleted");
});
