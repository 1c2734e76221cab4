import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SparkSession } from "../index";

function session(warehouse: string): SparkSession {
  const s = SparkSession.builder.master("local[1]").getOrCreate().newSession();
  s.conf.set("spark.sql.warehouse.dir", warehouse);
  s.conf.set("spark.sql.session.timeZone", "UTC");
  return s;
}
const rows = async (df: { collect(): Promise<{ asDict(): Record<string, unknown> }[]> }) => (await df.collect()).map((r) => r.asDict());

test("saveAsTable / insertInto / spark.table; tables outlive the session; SQL DDL and DML", async () => {
  const wh = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-warehouse-"));
  const a = session(wh);
  await a.createDataFrame([[1, "x"], [2, "y"]], "id INT, s STRING").write.format("csv").saveAsTable("t");
  assert.ok(fs.readdirSync(path.join(wh, "t")).some((n) => /^part-00000-.*-c000\.csv$/.test(n)));
  await assert.rejects(a.createDataFrame([[3, "z"]], "id INT, s STRING").write.saveAsTable("t"), { message: /^\[TABLE_OR_VIEW_ALREADY_EXISTS\] Cannot create table or view `default`\.`t` because it already exists\./ });
  await a.createDataFrame([["z", 3]], "s STRING, id INT").write.mode("append").saveAsTable("t");
  await a.createDataFrame([[4, "w"]], "a INT, b STRING").write.insertInto("t");
  assert.deepEqual(await rows(a.table("t").orderBy("id")), [{ id: 1, s: "x" }, { id: 2, s: "y" }, { id: 3, s: "z" }, { id: 4, s: "w" }]);
  assert.equal(a.catalog.tableExists("t"), true);
  assert.equal(a.catalog.tableExists("nope"), false);
  assert.equal(String(a.catalog.listTables()[0]), "Table(name='t', catalog='spark_catalog', namespace=['default'], description=None, tableType='MANAGED', isTemporary=False)");

  // SQL
  a.sql("CREATE DATABASE shop");
  a.sql("CREATE TABLE shop.sales (item STRING, qty INT, day STRING) USING json PARTITIONED BY (day)");
  a.sql("INSERT INTO shop.sales VALUES ('apple', 3, '2024-01-01'), ('pear', 1, '2024-01-02')");
  a.sql("CREATE TABLE big USING csv AS SELECT id, s FROM t WHERE id > 2");
  assert.throws(() => a.sql("INSERT INTO t VALUES (1)"), { message: /^\[INSERT_COLUMN_ARITY_MISMATCH\.NOT_ENOUGH_DATA_COLUMNS\] Cannot write to `spark_catalog`\.`default`\.`t`, the reason is not enough data columns:/ });
  assert.deepEqual(await rows(a.sql("SELECT item, qty, day FROM shop.sales ORDER BY item")), [{ item: "apple", qty: 3, day: "2024-01-01" }, { item: "pear", qty: 1, day: "2024-01-02" }]);
  assert.ok(fs.existsSync(path.join(wh, "shop.db", "sales", "day=2024-01-01")));
  assert.deepEqual(await rows(a.table("big").orderBy("id")), [{ id: 3, s: "z" }, { id: 4, s: "w" }]);
  const desc = await a.sql("DESCRIBE TABLE shop.sales").showString(20, false);
  assert.ok(desc.includes("|# Partition Information|         |       |"), desc);
  a.sql("USE shop");
  assert.deepEqual((await rows(a.sql("SHOW TABLES"))).map((r) => r.tableName), ["sales"]);
  a.sql("INSERT OVERWRITE TABLE sales SELECT 'fig', 9, '2024-01-03'");
  // A new session (a new shell) sees the tables.
  const b = session(wh);
  assert.deepEqual(b.catalog.listDatabases().map((d) => d.name), ["default", "shop"]);
  await a.catalog.settled();
  assert.deepEqual(await rows(b.table("shop.sales")), [{ item: "fig", qty: 9, day: "2024-01-03" }]);
  b.sql("DROP TABLE big");
  await b.catalog.settled();
  assert.equal(b.catalog.tableExists("big"), false);
  assert.ok(!fs.existsSync(path.join(wh, "big")));
  assert.throws(() => b.sql("DROP TABLE big"), { message: /^\[TABLE_OR_VIEW_NOT_FOUND\]/ });
  b.sql("DROP TABLE IF EXISTS big");
  fs.rmSync(wh, { recursive: true, force: true });
});

test("writeStream.toTable and readStream.table over the warehouse", async () => {
  const wh = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-warehouse-"));
  const src = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-src-"));
  const s = session(wh);
  fs.writeFileSync(path.join(src, "a.csv"), "1,a\n2,b\n");
  const q = s.readStream.csv(src, { schema: "id INT, s STRING" }).writeStream.format("json").option("checkpointLocation", path.join(wh, "_cp")).toTable("events");
  await q.processAllAvailable();
  await q.stop();
  assert.deepEqual(await rows(s.table("events").orderBy("id")), [{ id: 1, s: "a" }, { id: 2, s: "b" }]);
  const q2 = s.readStream.table("events").writeStream.format("memory").queryName("copy").start();
  await q2.processAllAvailable();
  await q2.stop();
  assert.equal((await s.table("copy").collect()).length, 2);
  for (const d of [wh, src]) fs.rmSync(d, { recursive: true, force: true });
});
