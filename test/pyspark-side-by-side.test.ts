/**
 * The lessons side by side with real PySpark 3.5 (src/export/side-by-side.ts): each lesson's
 * export runs under spark-submit on the same inputs as Iskra's replay, and what each printed
 * (schemas, show tables, console batches) and left in PostgreSQL must be identical.
 * Needs PySpark (PYSPARK_PYTHON or python3) and Java 17; without them it is skipped with the
 * install hint, unless ISKRA_REQUIRE_PYSPARK=1 (CI), where it fails.
 */
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { INSTALL_HINT, findPySpark, pgQuery, sideBySide } from "../src/export/side-by-side";

const ROOT = path.resolve(__dirname, "..");
const pyspark = findPySpark();
const required = process.env.ISKRA_REQUIRE_PYSPARK === "1";
const database = `iskra_pyspark_${process.pid}`;
let pgUrl = "";

const admin = (sql: string) => pgQuery(process.env.PG_URL!, sql);

describe("lessons side by side with PySpark 3.5", { skip: !pyspark && !required ? INSTALL_HINT : false }, () => {
  before(async () => {
    assert.ok(pyspark, INSTALL_HINT);
    assert.ok(process.env.PG_URL, "PG_URL: run through npm test");
    await admin(`create database ${database}`);
    const u = new URL(process.env.PG_URL!);
    u.pathname = `/${database}`;
    pgUrl = u.toString();
  });
  after(async () => {
    if (process.env.PG_URL) await admin(`drop database if exists ${database} with (force)`);
  });

  it("lesson 2: the batch prototype prints and writes the same as PySpark", async () => {
    const r = await sideBySide({ lesson: 2, pgUrl, tables: ["housestats"], pyspark: pyspark!, root: ROOT });
    assert.equal(r.pysparkExit, 0, r.diff.join("\n"));
    assert.ok(r.pyspark.length >= 4, `PySpark printed ${r.pyspark.length} blocks`);
    assert.ok(r.tables.housestats.pyspark?.rows.length === 5, "PySpark left 5 rows in housestats");
    assert.ok(r.identical, "Iskra and PySpark differ:\n" + r.diff.join("\n\n"));
  });
});
