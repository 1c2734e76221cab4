/** A stateful query's state files: Spark's binary framing, snapshots every minDeltasForSnapshot versions, restart from a snapshot. */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { explode, split } from "../src/index";
import { captureSession } from "./support/spark";
import { memoryInput, startMemory, tempCheckpoint } from "./support/stream-test";

const { spark } = captureSession();

test("spark.sql.streaming.stateStore.minDeltasForSnapshot=2: snapshots at versions 2 and 4; a restart loads them", async () => {
  spark.conf.set("spark.sql.streaming.stateStore.minDeltasForSnapshot", "2");
  try {
    const cp = tempCheckpoint();
    const { stream, df } = memoryInput(spark, "value STRING");
    const counts = df.select(explode(split(df.col("value"), " ")).alias("word")).groupBy("word").count();
    const q1 = startMemory(counts, "complete", cp);
    for (const line of ["a b", "b c", "c d", "a a"]) {
      stream.addData([line]);
      await q1.query.processAllAvailable();
    }
    await q1.query.stop();
    const dir = path.join(cp, "state", "0", "0");
    const files = fs.readdirSync(dir).filter((f) => !f.startsWith(".")).sort();
    assert.deepEqual(files, ["1.delta", "2.delta", "2.snapshot", "3.delta", "4.delta", "4.snapshot"]);
    assert.equal(fs.readFileSync(path.join(dir, "4.snapshot")).readInt32BE(0) > 0, true, "binary records, not JSON lines");
    fs.rmSync(path.join(dir, "3.delta")); // a restart at version 4 must read the snapshot, not the deltas
    const q2 = startMemory(counts, "complete", cp);
    stream.addData(["d"]);
    await q2.query.processAllAvailable();
    await q2.query.stop();
    assert.deepEqual(
      (await q2.answer()).map((r) => r.join("=")),
      ["a=3", "b=2", "c=2", "d=2"],
    );
  } finally {
    spark.conf.unset("spark.sql.streaming.stateStore.minDeltasForSnapshot");
  }
});
