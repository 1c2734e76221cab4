/** A stateful query's state files: Spark's binary framing, snapshots every minDeltasForSnapshot versions, restart from a snapshot. */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { explode, split } from "../src/index";
import { captureSession } from "./support/spark";
import { AddData, AssertOnQuery, CheckAnswer, StartStream, StopStream, memoryInput, tempCheckpoint, testStream } from "./support/stream-test";

const { spark } = captureSession();

test("spark.sql.streaming.stateStore.minDeltasForSnapshot=2: snapshots at versions 2 and 4; a restart loads them", async () => {
  spark.conf.set("spark.sql.streaming.stateStore.minDeltasForSnapshot", "2");
  try {
    const cp = tempCheckpoint();
    const { stream, df } = memoryInput(spark, "value STRING");
    const counts = df.select(explode(split(df.col("value"), " ")).alias("word")).groupBy("word").count();
    const dir = path.join(cp, "state", "0", "0");
    await testStream(counts, "complete", { checkpoint: cp },
      AddData(stream, ["a b"]), CheckAnswer(["a", 1], ["b", 1]),
      AddData(stream, ["b c"]), CheckAnswer(["a", 1], ["b", 2], ["c", 1]),
      AddData(stream, ["c d"]), CheckAnswer(["a", 1], ["b", 2], ["c", 2], ["d", 1]),
      AddData(stream, ["a a"]), CheckAnswer(["a", 3], ["b", 2], ["c", 2], ["d", 1]),
      StopStream,
      AssertOnQuery(() => {
        assert.deepEqual(fs.readdirSync(dir).filter((f) => !f.startsWith(".")).sort(), ["1.delta", "2.delta", "2.snapshot", "3.delta", "4.delta", "4.snapshot"]);
        assert.equal(fs.readFileSync(path.join(dir, "4.snapshot")).readInt32BE(0) > 0, true, "binary records, not JSON lines");
        fs.rmSync(path.join(dir, "3.delta")); // a restart at version 4 must read the snapshot, not the deltas
      }),
      StartStream(),
      AddData(stream, ["d"]),
      CheckAnswer(["a", 3], ["b", 2], ["c", 2], ["d", 2]),
    );
  } finally {
    spark.conf.unset("spark.sql.streaming.stateStore.minDeltasForSnapshot");
  }
});
