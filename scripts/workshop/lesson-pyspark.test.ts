// @needs: pyspark shell
/**
 * `npm run lesson -- 2 --pyspark` with no set-up: without PG_URL it uses the shell's embedded
 * PostgreSQL (own port and home here: ISKRA_PG_PORT, ISKRA_HOME), as `npm run lesson -- 2` does,
 * instead of stopping with "Set PG_URL …". Skipped without PySpark unless ISKRA_REQUIRE_PYSPARK=1.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, it } from "node:test";
import { findFreePort } from "../../src/connectors/postgres/embedded";
import { INSTALL_HINT, findPySpark } from "../../src/export/side-by-side";

const ROOT = path.resolve(__dirname, "..", "..");
const pyspark = findPySpark();
const home = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-sbs-home-"));
fs.chmodSync(home, 0o755); // the embedded PostgreSQL runs as the user postgres when we are root
after(() => fs.rmSync(home, { recursive: true, force: true }));

it("lesson 2 side by side with PySpark on the embedded PostgreSQL: no PG_URL needed", { skip: !pyspark && process.env.ISKRA_REQUIRE_PYSPARK !== "1" ? INSTALL_HINT : false }, async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, ISKRA_HOME: home, ISKRA_PG_PORT: String(await findFreePort()), NO_COLOR: "1" };
  delete env.PG_URL;
  const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "scripts/workshop/lesson.ts", "2", "--pyspark"], { cwd: ROOT, env, encoding: "utf8", timeout: 600_000 });
  const out = r.stdout + r.stderr;
  assert.doesNotMatch(out, /Set PG_URL/);
  assert.match(out, new RegExp(`PostgreSQL: embedded PostgreSQL at 127\\.0\\.0\\.1:${env.ISKRA_PG_PORT}/streamoutput`));
  assert.match(out, /Lesson 2: Iskra and PySpark are identical\./, out.slice(-3000));
  assert.equal(r.status, 0);
});
