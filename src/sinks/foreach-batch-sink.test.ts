import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { BatchActions, runTracked, trackAction } from "../connector-api/batch-actions";
import { SparkSession, StreamingQueryException } from "../index";
import { memoryInput, tempCheckpoint } from "../../test/support/stream-test";

const spark = SparkSession.builder.master("local[2]").getOrCreate();

/** Unhandled rejections seen while `fn` runs (there must be none: the batch handles them). */
async function noUnhandled<T>(fn: () => Promise<T>): Promise<{ value: T; unhandled: unknown[] }> {
  const unhandled: unknown[] = [];
  const on = (e: unknown) => unhandled.push(e);
  process.on("unhandledRejection", on);
  try {
    const value = await fn();
    await new Promise((r) => setTimeout(r, 50));
    return { value, unhandled };
  } finally {
    process.off("unhandledRejection", on);
  }
}

test("a write started without await that fails fails the query, nothing is committed, no unhandled rejection", async () => {
  const cp = tempCheckpoint();
  const { stream, df } = memoryInput(spark, "value STRING");
  const { unhandled } = await noUnhandled(async () => {
    const q = df.writeStream.option("checkpointLocation", cp)
      .foreachBatch((batch) => {
        if (batch.isStreaming === false) void batch.write.format("nope").save(); // not awaited
      })
      .start();
    stream.addData(["a"]);
    await assert.rejects(q.awaitTermination(), (e: unknown) => {
      assert.ok(e instanceof StreamingQueryException);
      assert.match((e as Error).message, /FOREACH_BATCH_USER_FUNCTION_ERROR.*DATA_SOURCE_NOT_FOUND\] Failed to find the data source: nope/s);
      return true;
    });
  });
  assert.deepEqual(unhandled, []);
  assert.ok(fs.existsSync(path.join(cp, "offsets", "0")), "offsets/0 written");
  assert.ok(!fs.existsSync(path.join(cp, "commits", "0")), "commits/0 not written");
});

test("a rejected promise returned by the function fails the query", async () => {
  const { stream, df } = memoryInput(spark, "value STRING");
  const q = df.writeStream.foreachBatch(() => Promise.reject(new Error("the table is gone"))).start();
  stream.addData(["a"]);
  await assert.rejects(q.awaitTermination(), /the table is gone/);
});

test("the batch waits for every action started while it runs, even one started by another action", async () => {
  const actions = new BatchActions();
  const done: string[] = [];
  const later = (ms: number, what: string) => new Promise<void>((r) => setTimeout(() => { done.push(what); r(); }, ms));
  runTracked(actions, () => {
    void trackAction(later(60, "first").then(() => void trackAction(later(40, "started by the first"))));
  });
  assert.equal(await actions.settle(), undefined);
  assert.deepEqual(done, ["first", "started by the first"]);
});

test("an un-awaited action that succeeds lets the batch commit", async () => {
  const cp = tempCheckpoint();
  const { stream, df } = memoryInput(spark, "value STRING");
  const counts: number[] = [];
  const q = df.writeStream.option("checkpointLocation", cp)
    .foreachBatch((batch) => {
      void batch.count().then((n) => counts.push(n));
    })
    .start();
  stream.addData(["a"], ["b"]);
  await q.processAllAvailable();
  assert.ok(counts.includes(2));
  assert.ok(fs.existsSync(path.join(cp, "commits", "0")));
  await q.stop();
});

test("the batch DataFrame runs on the query's clone of the session: a conf set outside after start() does not reach it, nor one set inside the outside (PySpark 3.5)", async () => {
  const outer = spark.newSession();
  outer.conf.set("spark.sql.session.timeZone", "UTC");
  outer.conf.set("my.custom.key", "before");
  const { stream, df } = memoryInput(outer, "value STRING");
  const seen: Array<{ same: boolean; zone?: string; key?: string; shown: string }> = [];
  const q = df.writeStream
    .foreachBatch(async (batch) => {
      const s = batch.sparkSession;
      const [row] = await batch.selectExpr("cast(cast(0 as timestamp) as string) as e").collect();
      seen.push({ same: s === outer, zone: s.conf.get("spark.sql.session.timeZone"), key: s.conf.get("my.custom.key"), shown: String(row.e) });
      s.conf.set("my.custom.key", "inside");
    })
    .start();
  stream.addData(["a"]);
  await q.processAllAvailable();
  outer.conf.set("spark.sql.session.timeZone", "Asia/Tokyo");
  outer.conf.set("my.custom.key", "after");
  stream.addData(["b"]);
  await q.processAllAvailable();
  await q.stop();
  assert.deepEqual(seen, [
    { same: false, zone: "UTC", key: "before", shown: "1970-01-01 00:00:00" },
    { same: false, zone: "UTC", key: "inside", shown: "1970-01-01 00:00:00" },
  ]);
  assert.equal(outer.conf.get("my.custom.key"), "after");
  assert.equal(outer.conf.get("spark.sql.session.timeZone"), "Asia/Tokyo");
});
