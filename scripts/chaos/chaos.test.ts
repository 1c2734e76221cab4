/**
 * The short version of `npm run chaos`: the pipeline on Iskra's embedded broker, appending into
 * PostgreSQL through exactlyOnce, SIGKILLed at seeded random points and restarted on the same
 * checkpoint; the table must hold every record of the topic exactly once, with no crash and no
 * password anywhere in what the runs produced.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { countSecret, formatFigures, prng, runScenario } from "./chaos";
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

test("embedded broker, append through exactlyOnce, 3 kills at seeded random points: 0 lost, 0 doubled, 0 crashed, 0 secrets", async () => {
  const f = await runScenario({ name: "short-append-once", broker: "embedded", sink: "append-once", kills: 3 }, { records: 1000, perBatch: 200, seed: 12 });
  const line = formatFigures(f);
  assert.equal(f.records, 1000, line);
  assert.ok(f.kills >= 1, `at least one run was killed: ${line}`);
  assert.deepEqual({ lost: f.lost, doubled: f.doubled, crashed: f.crashed, secrets: f.secrets }, { lost: 0, doubled: 0, crashed: 0, secrets: 0 }, `${line}\n${f.notes.join("\n")}`);
});
