/**
 * A checkpoint written before the one-copy state store (test/fixtures/checkpoint-state-v1, by
 * scripts/infra/fixtures/state-checkpoint.ts on main 9160df9: state files holding every
 * approx_count_distinct buffer as 512 dense registers, a snapshot at version 2, then a delta)
 * still loads: the query restarts on it, continues with batch 3, and its state then equals a
 * batch computation over every row the source produced. The new files it writes (sparse buffers)
 * load again on a second restart.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { houseStats, runBatches } from "../scripts/infra/fixtures/state-checkpoint";
import { captureSession } from "./support/spark";

const { spark } = captureSession();
const FIXTURE = path.join(__dirname, "fixtures", "checkpoint-state-v1");

const rowsOf = async (table: string) =>
  (await spark.table(table).collect()).map((r) => [r.house, r.how_many, r.sum_score, r.no_characters]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));

test("a checkpoint of the earlier state format restarts, continues, and ends with the batch computation's state", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-state-v1-"));
  const cp = path.join(dir, "cp");
  fs.cpSync(FIXTURE, cp, { recursive: true });
  try {
    const q = await runBatches(spark, cp, 2, "state_v1");
    const first = q.recentProgress.find((p) => (p as { numInputRows: number }).numInputRows > 0) as { batchId: number };
    assert.equal(first.batchId, 3, "the restart continues after the checkpoint's last batch");
    let got = await rowsOf("state_v1");
    const total = got.reduce((n, r) => n + Number(r[1]), 0);
    assert.ok(total >= 1000, `the state holds the old batches' rows too (${total})`);
    const expected = async (n: number) => (await houseStats(spark.range(n).withColumnRenamed("id", "value")).collect())
      .map((r) => [r.house, r.how_many, r.sum_score, r.no_characters]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    assert.deepEqual(got, await expected(total));
    assert.ok(got.some((r) => Number(r[3]) > 64), "one group is past the sparse limit (dense registers)");
    // The files this engine wrote load too.
    await runBatches(spark, cp, 1, "state_v1b");
    got = await rowsOf("state_v1b");
    assert.deepEqual(got, await expected(got.reduce((n, r) => n + Number(r[1]), 0)));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
