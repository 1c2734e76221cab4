// @needs: postgres
/**
 * exactlyOnce(batchDF, batchId).jdbc(...) against a real PostgreSQL: a batch re-run after a crash
 * between the PostgreSQL COMMIT and commits/N (simulated by removing commits/N, which is what the
 * checkpoint holds after such a crash) is written once; a plain df.write.jdbc append, Spark's
 * at-least-once, writes it twice.
 */
import { after, before, test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DataFrame, exactlyOnce, IllegalArgumentException } from "../src/index";
import { testDatabase, TestDatabase, uniqueTable } from "../src/connectors/jdbc/test-support";
import { closeAllJdbcPools } from "../src/connectors/jdbc";
import { captureSession } from "./support/spark";
import { tempCheckpoint } from "./support/stream-test";

const { spark } = captureSession();
let db: TestDatabase;
before(async () => { db = await testDatabase(); });
after(async () => { await closeAllJdbcPools(); await db.stop(); });

async function count(sql: string): Promise<number> {
  const c = await db.client();
  try { return Number((await c.query(sql)).rows[0].n); } finally { await c.end(); }
}

test("a batch re-run after a crash between the PostgreSQL COMMIT and commits/N is written once with exactlyOnce, twice with plain append", async () => {
  const input = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-eo-in-"));
  const houses = ["Gryffindor", "Slytherin", "Ravenclaw"];
  for (let f = 0; f < 3; f++)
    fs.writeFileSync(path.join(input, `part-${f}.json`), houses.map((h, i) => JSON.stringify({ house: h, score: f * 10 + i })).join("\n") + "\n");
  const eoTable = uniqueTable("eo"), plainTable = uniqueTable("plain"), ledger = uniqueTable("ledger");
  const props = { user: db.user, password: db.password };
  const checkpoint = tempCheckpoint();
  const start = () => spark.readStream.schema("house STRING, score INT").option("maxFilesPerTrigger", 1).json(input)
    .writeStream.foreachBatch(async (batchDF: DataFrame, batchId: number) => {
      await exactlyOnce(batchDF, batchId, { ledgerTable: ledger }).jdbc(db.jdbcUrl, eoTable, "append", props);
      await batchDF.write.jdbc(db.jdbcUrl, plainTable, "append", props);
    }).option("checkpointLocation", checkpoint).start();

  const q1 = start();
  await q1.processAllAvailable();
  await q1.stop();
  assert.equal(await count(`select count(*) n from ${eoTable}`), 9);
  assert.equal(await count(`select count(*) n from ${plainTable}`), 9);

  // The state a kill -9 after the last batch's PostgreSQL COMMIT leaves: offsets/2 without commits/2.
  fs.rmSync(path.join(checkpoint, "commits", "2"));
  const q2 = start();
  await q2.processAllAvailable();
  await q2.stop();
  assert.equal(q2.id, q1.id, "the restart is the same query");
  assert.equal(await count(`select count(*) n from ${eoTable}`), 9, "exactlyOnce: batch 2 is not written again");
  assert.equal(await count(`select count(*) n from ${plainTable}`), 12, "plain append: batch 2's 3 rows are written twice (at-least-once, as Spark)");
  assert.equal(await count(`select count(*) n from ${ledger} where query_id = '${q1.id}'`), 3);
  assert.equal(await count(`select sum(rows_written) n from ${ledger}`), 9);
  assert.ok(fs.existsSync(path.join(checkpoint, "commits", "2")), "the re-run batch is committed");
});

test("exactlyOnce with an explicit query id: the second write of a batch is skipped; overwrite too", async () => {
  const table = uniqueTable("eo"), ledger = uniqueTable("ledger");
  const df = spark.createDataFrame([["a", 1], ["b", 2]], "k STRING, v INT");
  const props = { user: db.user, password: db.password };
  for (let i = 0; i < 2; i++) await exactlyOnce(df, 7, { queryId: "my-app", ledgerTable: ledger }).jdbc(db.jdbcUrl, table, "append", props);
  assert.equal(await count(`select count(*) n from ${table}`), 2);
  await exactlyOnce(df, 8, { queryId: "my-app", ledgerTable: ledger }).mode("overwrite").format("jdbc")
    .option("url", db.jdbcUrl).option("dbtable", table).options(props).save();
  await exactlyOnce(df.limit(1), 8, { queryId: "my-app", ledgerTable: ledger }).jdbc(db.jdbcUrl, table, "overwrite", props);
  assert.equal(await count(`select count(*) n from ${table}`), 2, "batch 8's second overwrite was skipped");
  assert.equal(await count(`select count(*) n from ${ledger}`), 2);
});

test("exactlyOnce outside foreachBatch without a query id, and to a non-JDBC format, is a clear error", async () => {
  const df = spark.createDataFrame([["a"]], "k STRING");
  assert.throws(() => exactlyOnce(df, 0), (e: unknown) => e instanceof IllegalArgumentException && /query id/.test((e as Error).message));
  assert.throws(() => exactlyOnce(df), (e: unknown) => e instanceof IllegalArgumentException && /batchId/.test((e as Error).message));
  await assert.rejects(exactlyOnce(df, 0, { queryId: "x" }).format("json").save(path.join(os.tmpdir(), uniqueTable("j"))), /JDBC \(PostgreSQL\) only/);
});
