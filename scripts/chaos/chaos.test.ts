// @needs: postgres shell
/**
 * The short version of `npm run chaos`: the pipeline on Iskra's embedded broker, appending into
 * PostgreSQL through exactlyOnce, SIGKILLed at seeded random points and restarted on the same
 * checkpoint; the table must hold every record of the topic exactly once, with no crash and no
 * password anywhere in what the runs produced.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { RANDOM_KILL_WINDOW_MS, countSecret, formatFigures, missedCount, prng, randomTimePlan, runScenario } from "./chaos";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

test("prng is seeded and repeatable; countSecret counts in files and texts", () => {
  const a = prng(7), b = prng(7);
  const xs = [a(), a(), a()];
  assert.deepEqual([b(), b(), b()], xs);
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-secret-"));
  fs.mkdirSync(path.join(dir, "sub"));
  fs.writeFileSync(path.join(dir, "sub", "f"), "a s3cr3t b s3cr3t");
  assert.equal(countSecret("s3cr3t", dir, ["no", "one s3cr3t"]), 3);
  fs.rmSync(dir, { recursive: true });
});

test("randomTimePlan: every record sent, the kill in its window, the last piece sent after the latest kill moment", () => {
  const rnd = prng(3);
  const [lo, hi] = RANDOM_KILL_WINDOW_MS;
  for (const records of [2, 7, 30, 250, 556, 5000]) {
    for (let i = 0; i < 20; i++) {
      const p = randomTimePlan(records, rnd);
      assert.equal(p.before + p.pieces.reduce((a, b) => a + b, 0), records);
      assert.ok(p.before >= 1 && p.pieces.length > 0 && p.pieces[p.pieces.length - 1] >= 1, JSON.stringify(p));
      assert.ok(p.killAfterMs >= lo && p.killAfterMs < hi);
      // the run cannot be done before its last record is sent, which is after any kill moment
      assert.ok((p.pieces.length - 1) * p.gapMs > hi, JSON.stringify(p));
    }
  }
  assert.deepEqual(randomTimePlan(1, rnd).pieces, []);
});

test("embedded broker, append through exactlyOnce, 3 kills (between-batches, random-time, in-batch), all landed: 0 lost, 0 doubled, 0 crashed, 0 secrets", async () => {
  const f = await runScenario({ name: "short-append-once", broker: "embedded", sink: "append-once", kills: 3 }, { records: 1000, perBatch: 200, seed: 2 });
  const line = formatFigures(f);
  assert.equal(f.records, 1000, line);
  assert.equal(f.kills, 3, `every kill landed: ${line}\n${f.notes.join("\n")}`);
  assert.equal(missedCount(f), 0, line);
  assert.deepEqual({ lost: f.lost, doubled: f.doubled, crashed: f.crashed, secrets: f.secrets }, { lost: 0, doubled: 0, crashed: 0, secrets: 0 }, `${line}\n${f.notes.join("\n")}`);
});
