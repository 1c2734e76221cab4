// @needs: shell
/** A process killed between a batch's offsets and its commit: the restart re-runs that batch with the same id and input. */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";

const child = path.join(__dirname, "support", "kill-child.ts");

function run(dir: string, cp: string, out: string, killAt?: number) {
  return spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", child, dir, cp, out], {
    env: { ...process.env, ...(killAt === undefined ? {} : { KILL_AT_BATCH: String(killAt) }) },
    encoding: "utf8",
    timeout: 60000,
  });
}

test("kill -9 inside batch 1: offsets/1 exists without commits/1; the restart runs batch 1 again with the same rows, then finishes", () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-kill-"));
  const dir = path.join(base, "in");
  const cp = path.join(base, "cp");
  const out = path.join(base, "out.txt");
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, "1.txt"), "spark scala scala spark\n");
  fs.writeFileSync(path.join(dir, "2.txt"), "structured streaming spark\n");
  fs.writeFileSync(path.join(dir, "3.txt"), "scala\n");

  const first = run(dir, cp, out, 1);
  assert.equal(first.signal, "SIGKILL", first.stderr);
  assert.ok(fs.existsSync(path.join(cp, "offsets", "1")), "offsets/1 was written before the crash");
  assert.ok(!fs.existsSync(path.join(cp, "commits", "1")), "commits/1 was not");
  const beforeRestart = fs.readFileSync(out, "utf8").trim().split("\n");

  const second = run(dir, cp, out);
  assert.equal(second.status, 0, second.stderr);
  const lines = fs.readFileSync(out, "utf8").trim().split("\n");
  assert.deepEqual(lines.slice(0, beforeRestart.length), beforeRestart);
  const byBatch = new Map<string, string[]>();
  for (const l of lines) { const [id, rows] = l.split("\t"); byBatch.set(id, [...(byBatch.get(id) ?? []), rows]); }
  const batch1 = byBatch.get("1")!;
  assert.equal(batch1.length, 2, "batch 1 ran twice: before the kill and after the restart");
  assert.equal(batch1[0], batch1[1], "with the same input, hence the same output");
  const last = lines[lines.length - 1].split("\t")[1];
  assert.equal(last, "scala=3,spark=3,streaming=1,structured=1", "the final table counts every word exactly once");
  fs.rmSync(base, { recursive: true, force: true });
});
