// @needs: pyspark kafka postgres
/**
 * The lessons side by side with real PySpark 3.5 (src/export/side-by-side.ts for the batch lesson 2,
 * scripts/side-by-side/streams.ts for the streaming lessons 1, 3 and 4): each lesson's export runs
 * under spark-submit, unchanged, on the same inputs as Iskra — the same socket lines, the same
 * records in a fresh Kafka topic, each side its own PostgreSQL database — and what each printed
 * (schemas, show tables, console batches, the errors of the steps that fail on purpose) and left
 * in PostgreSQL must be identical. Needs PySpark (PYSPARK_PYTHON or python3) and Java 17; without
 * them it is skipped with the install hint, unless ISKRA_REQUIRE_PYSPARK=1 (CI), where it fails.
 */
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { INSTALL_HINT, findPySpark, sideBySide } from "../src/export/side-by-side";
import { sideDatabases } from "./support/pg-admin";
import { streamSideBySide } from "../scripts/side-by-side/streams";

const ROOT = path.resolve(__dirname, "..");
const pyspark = findPySpark();
const required = process.env.ISKRA_REQUIRE_PYSPARK === "1";
const kafkaBootstrap = process.env.KAFKA_BOOTSTRAP_SERVERS ?? "127.0.0.1:9092";
const databases = sideDatabases("iskra_sbs");
const pgUrls = databases.urls;

const log = (lesson: number, r: { seconds?: number; identical: boolean }) => process.stdout.write(`# lesson ${lesson}: ${r.identical ? "identical" : "DIFFERENT"}${r.seconds ? ` in ${r.seconds.toFixed(1)} s` : ""}\n`);

describe("lessons side by side with PySpark 3.5", { skip: !pyspark && !required ? INSTALL_HINT : false }, () => {
  before(async () => {
    assert.ok(pyspark, INSTALL_HINT);
    assert.ok(process.env.PG_URL, "PG_URL: run through npm test");
    await databases.create();
  });
  after(async () => {
    await databases.drop();
  });

  it("lesson 1: the socket word count prints the same Batch: 0, 1, 2 as PySpark", async () => {
    const r = await streamSideBySide({ lesson: 1, pgUrls, tables: [], pyspark: pyspark!, root: ROOT, kafkaBootstrap });
    log(1, r);
    assert.deepEqual(r.pyspark.filter((b) => /^Batch: /.test(b)), ["Batch: 0", "Batch: 1", "Batch: 2"]);
    assert.match(r.pyspark.join("\n"), /\|     spark\|    6\|/);
    assert.ok(r.identical, "Iskra and PySpark differ:\n" + r.diff.join("\n\n"));
  });

  it("lesson 2: the batch prototype prints and writes the same as PySpark", async () => {
    const r = await sideBySide({ lesson: 2, pgUrl: pgUrls.pyspark, tables: ["housestats"], pyspark: pyspark!, root: ROOT });
    log(2, r);
    assert.equal(r.pysparkExit, 0, r.diff.join("\n"));
    assert.ok(r.pyspark.length >= 4, `PySpark printed ${r.pyspark.length} blocks`);
    assert.ok(r.tables.housestats.pyspark?.rows.length === 5, "PySpark left 5 rows in housestats");
    assert.ok(r.identical, "Iskra and PySpark differ:\n" + r.diff.join("\n\n"));
  });

  it("lesson 3: the Kafka stream prints the same schemas and Batch: 0…5 as PySpark", async () => {
    const r = await streamSideBySide({ lesson: 3, pgUrls, tables: [], pyspark: pyspark!, root: ROOT, kafkaBootstrap });
    log(3, r);
    assert.deepEqual(r.pyspark.filter((b) => /^Batch: /.test(b)), [0, 1, 2, 3, 4, 5].map((n) => `Batch: ${n}`));
    assert.equal(r.pyspark.filter((b) => b.startsWith("root")).length, 2, "two printSchema trees");
    assert.ok(r.identical, "Iskra and PySpark differ:\n" + r.diff.join("\n\n"));
  });

  it("lesson 4: foreachBatch and the exactly-once appends leave the same tables, and the JDBC sink fails the same", async () => {
    const tables = ["housestats", "housestats_log", "iskra_batch_ledger"];
    const r = await streamSideBySide({ lesson: 4, pgUrls, tables, pyspark: pyspark!, root: ROOT, kafkaBootstrap });
    log(4, r);
    assert.deepEqual(r.errors.pyspark, ["ERROR UnsupportedOperationException: Data source jdbc does not support streamed writing."]);
    assert.equal(r.tables.housestats.pyspark?.rows.length, 8, "eight houses in housestats");
    assert.ok((r.tables.iskra_batch_ledger.pyspark?.rows.length ?? 0) >= 4, "a ledger row per batch: batch 0 and one per burst");
    assert.ok(r.identical, "Iskra and PySpark differ:\n" + r.diff.join("\n\n"));
  });
});
