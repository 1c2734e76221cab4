/**
 * Starting a second query on the checkpoint of an active one, as Spark 3.5's
 * StreamingQueryManager.startQuery (texts captured from PySpark 3.5.9,
 * scripts/spark-oracle/learner_messages.py):
 * - spark.sql.streaming.stopActiveRunOnRestart=true (the default): the old run is stopped with
 *   "WARN StreamingQueryManager: Stopping existing streaming query [id=…, runId=…], as a new run is
 *   being started." and the new run (same id, new runId) goes on from the checkpoint;
 * - false: py4j.protocol.Py4JJavaError … java.lang.IllegalStateException: Cannot start query with
 *   id … as another query with same id is already active. …
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { Py4JJavaError } from "../src/errors";
import { captureSession } from "./support/spark";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "iskra-restart-active-"));

test("a second start on an active query's checkpoint stops the old run with Spark's warning (stopActiveRunOnRestart=true)", async () => {
  const { spark, warnings } = captureSession();
  const cp = tmp();
  const s = spark.readStream.format("rate").option("rowsPerSecond", 5).load();
  const q1 = s.writeStream.format("memory").queryName("restart_active_1").option("checkpointLocation", cp).start();
  await q1.processAllAvailable();
  const q2 = s.writeStream.format("memory").queryName("restart_active_2").option("checkpointLocation", cp).start();
  assert.ok(warnings.includes(`Stopping existing streaming query [id=${q1.id}, runId=${q1.runId}], as a new run is being started.`), warnings.join("\n"));
  await q1.awaitTermination();
  assert.equal(q1.isActive, false);
  assert.equal(q1.exception(), null, "the old run stopped, it did not fail");
  assert.equal(q2.id, q1.id, "the same query (its checkpoint's id)");
  assert.notEqual(q2.runId, q1.runId);
  await q2.processAllAvailable();
  assert.equal(q2.isActive, true);
  assert.deepEqual(spark.streams.active.map((q) => q.runId), [q2.runId]);
  await q2.stop();
  assert.equal(q2.exception(), null);
  fs.rmSync(cp, { recursive: true, force: true });
});

test("with stopActiveRunOnRestart=false the second start fails with Spark's IllegalStateException naming the query id", async () => {
  const spark = captureSession().spark.newSession();
  spark.warn = () => undefined;
  spark.conf.set("spark.sql.streaming.stopActiveRunOnRestart", "false");
  const cp = tmp();
  const s = spark.readStream.format("rate").option("rowsPerSecond", 5).load();
  const q1 = s.writeStream.format("memory").queryName("restart_active_3").option("checkpointLocation", cp).start();
  await q1.processAllAvailable();
  assert.throws(
    () => s.writeStream.format("console").option("checkpointLocation", path.join(cp, ".")).start(),
    (e: unknown) => {
      assert.ok(e instanceof Py4JJavaError);
      assert.equal(e.name, "Py4JJavaError");
      assert.match(e.message, /^An error occurred while calling o\d+\.start\.\n: java\.lang\.IllegalStateException: /);
      assert.equal(
        e.javaMessage,
        `Cannot start query with id ${q1.id} as another query with same id is already active. Perhaps you are attempting to restart a query from checkpoint that is already active. You may stop the old query by setting the SQL configuration: spark.conf.set("spark.sql.streaming.stopActiveRunOnRestart", true) and retry.`,
      );
      return true;
    },
  );
  assert.equal(q1.isActive, true, "the running query is untouched");
  await q1.stop();
  fs.rmSync(cp, { recursive: true, force: true });
});
