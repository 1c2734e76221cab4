/**
 * The differential tester (test/differential/generate.ts): random SQL drawn from the function
 * registry, each case's truth captured once from PySpark 3.5 (`npm run differential`), replayed
 * here byte for byte. KNOWN_DIFFERENCES is the list in docs/sql-functions.md: it may only shrink
 * (a listed case that now matches fails, as does an unlisted one that differs).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { registeredFamilies } from "../src/functions/registry";
import { FRAMES, SIGNATURES, generateCases } from "./differential/generate";
import { GoldenError, replayGoldenCases, runCapturing } from "./support/golden-replay";
import { captureSession } from "./support/spark";

interface Captured { id: string; sql?: string; stdout: string; error?: GoldenError }
const fixture: Captured[] = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "spark-differential.json"), "utf8")).filter((c: Captured) => c.id !== "_prelude");

/** `- \`diff.012\`: reason` lines of docs/sql-functions.md's differential section. */
function knownDifferences(): Record<string, string> {
  const doc = fs.readFileSync(path.join(__dirname, "..", "docs", "sql-functions.md"), "utf8");
  const section = doc.slice(doc.indexOf("## Differential tester"));
  return Object.fromEntries([...section.matchAll(/^- `(diff\.\d+)`: (.*)$/gm)].map((m) => [m[1], m[2]]));
}

test("differential: every registered function has a signature, and the fixture holds today's cases (else run npm run differential)", () => {
  const names = Object.values(registeredFamilies()).flatMap((defs) => defs.map((d) => d.name));
  assert.deepEqual(names.filter((n) => !SIGNATURES[n]), []);
  assert.deepEqual(fixture.map((c) => [c.id, c.sql]), generateCases().map((c) => [c.id, c.sql]));
  for (const id of Object.keys(knownDifferences())) assert.ok(fixture.some((c) => c.id === id), `${id} is not a case`);
});

process.env.TZ = "UTC";
const { spark, out, clear } = captureSession();
spark.conf.set("spark.sql.session.timeZone", "UTC");
for (const [name, f] of Object.entries(FRAMES)) spark.createDataFrame(f.rows, f.ddl).createOrReplaceTempView(name);
replayGoldenCases(fixture, (c) => c.sql, knownDifferences(), (sql) => runCapturing(() => spark.sql(sql).show(20, false), clear, out));
