/** `npm run services -- …`: its command line (what the commands do is test/services-outlive-shell.test.ts). */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "./services-cli";

function capture(fn: () => Promise<number>): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "", stderr = "";
  const w1 = process.stdout.write, w2 = process.stderr.write;
  process.stdout.write = ((s: string) => { stdout += s; return true; }) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => { stderr += s; return true; }) as typeof process.stderr.write;
  return fn().then((code) => ({ code, stdout, stderr }), (e) => { throw e; }).finally(() => { process.stdout.write = w1; process.stderr.write = w2; });
}

test("services: an unknown option or two commands print the usage and exit 2; --help exits 0; status of nothing exits 3", async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-services-cli-"));
  const bad = await capture(() => main(["status", "--hme", home]));
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^services: Unknown option '--hme'[^]*Usage: npm run services -- status\|start\|stop/);
  const two = await capture(() => main(["status", "stop", "--home", home]));
  assert.equal(two.code, 2);
  assert.match(two.stderr, /one command at a time, got status stop/);
  const help = await capture(() => main(["--help"]));
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: npm run services/);
  const none = await capture(() => main(["status", "--home", home]));
  assert.equal(none.code, 3);
  assert.match(none.stdout, /Iskra's services are not running/);
  const unknown = await capture(() => main(["restart", "--home", home]));
  assert.equal(unknown.code, 2);
});
