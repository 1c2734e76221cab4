// @needs: postgres
/** Seed steps 26-30 through the public API against a real PostgreSQL (PG_URL from the test runner). */
import { after, before, test } from "node:test";
import * as assert from "node:assert/strict";
import { DataFrame, StringType, StructType, StructField, TimestampType, col, count, sum, approx_count_distinct, from_json } from "../src/index";
import { testDatabase, TestDatabase } from "../src/connectors/jdbc/test-support";
import { closeAllJdbcPools } from "../src/connectors/jdbc";
import { captureSession, SEED_VALUES } from "./support/spark";

const { spark, warnings } = captureSession();
let db: TestDatabase;
before(async () => { db = await testDatabase(); });
after(async () => { await closeAllJdbcPools(); await db.stop(); });

function resultDF() {
  const schema = StructType([StructField("house", StringType()), StructField("character", StringType()), StructField("score", StringType()), StructField("ts", TimestampType())]);
  return spark.createDataFrame(SEED_VALUES, StringType()).select(from_json(col("value"), schema).alias("data")).select("data.*")
    .groupBy("house").agg(count("*").alias("how_many"), sum(col("score").cast("long")).alias("sum_score"), approx_count_distinct("character").alias("no_characters"));
}

test("step 29: overwrite into the seed's housestats table, with the misspelt 'trucate' warned about", async () => {
  const c = await db.client();
  try {
    await c.query("drop table if exists housestats");
    await c.query("create table housestats (house character(30) primary key, how_many integer, sum_score integer, no_characters integer)");
  } finally { await c.end(); }
  warnings.length = 0;
  await resultDF().write.format("jdbc").option("url", db.jdbcUrl).option("dbtable", "housestats").option("user", db.user).option("password", db.password)
    .option("trucate", "true").mode("overwrite").save();
  assert.ok(warnings.some((w) => /trucate/.test(w) && /truncate/.test(w)), `warnings: ${warnings}`);
  assert.ok(!warnings.some((w) => w.includes(db.password) && db.password.length > 3));
  const c2 = await db.client();
  try {
    const r = await c2.query("select trim(house) as house, how_many, sum_score, no_characters from housestats order by house");
    assert.deepEqual(r.rows.map((x) => [x.house, Number(x.how_many), Number(x.sum_score), Number(x.no_characters)]), [
      ["Gryffindor", 2, 15, 2], ["Horned Serpent", 1, 4, 1], ["Ravenclaw", 1, 1, 1], ["Slytherin", 1, 4, 1], ["Thunderbird", 1, 4, 1],
    ]);
  } finally { await c2.end(); }
});

test("truncate=true keeps the user's table definition; df.write.jdbc() and spark.read.jdbc round trip", async () => {
  const c = await db.client();
  try {
    await c.query("drop table if exists housestats2");
    await c.query("create table housestats2 (house character(30) primary key, how_many integer, sum_score integer, no_characters integer)");
  } finally { await c.end(); }
  await resultDF().write.option("truncate", "true").jdbc(db.jdbcUrl, "housestats2", "overwrite", { user: db.user, password: db.password });
  await resultDF().write.option("truncate", "true").jdbc(db.jdbcUrl, "housestats2", "overwrite", { user: db.user, password: db.password });
  const back = await spark.read.jdbc(db.jdbcUrl, "housestats2", { user: db.user, password: db.password });
  assert.deepEqual(back.columns, ["house", "how_many", "sum_score", "no_characters"]);
  assert.equal(await back.count(), 5);
  const typed = await db.client();
  try {
    const r = await typed.query("select data_type from information_schema.columns where table_name = 'housestats2' and column_name = 'house'");
    assert.equal(r.rows[0].data_type, "character");
  } finally { await typed.end(); }
});

test("errorifexists (the default mode) refuses an existing table", async () => {
  await assert.rejects(
    resultDF().write.format("jdbc").option("url", db.jdbcUrl).option("dbtable", "housestats").option("user", db.user).option("password", db.password).save(),
    /already exists/,
  );
});

test("spark.read.jdbc and format('jdbc').load() return a DataFrame at once: schema now, rows at each action", async () => {
  const c = await db.client();
  try {
    await c.query("drop table if exists read_deferred");
    await c.query("create table read_deferred (id integer, name varchar(10))");
    await c.query("insert into read_deferred values (1, 'a')");
  } finally { await c.end(); }
  const props = { user: db.user, password: db.password };
  const df = spark.read.jdbc(db.jdbcUrl, "read_deferred", props);
  assert.ok(df instanceof DataFrame, "a real DataFrame, not a promise");
  assert.equal((df as unknown as { then?: unknown }).then, undefined);
  assert.equal(df.schema.simpleString(), "struct<id:int,name:string>");
  const loaded = spark.read.format("jdbc").option("url", db.jdbcUrl).option("dbtable", "read_deferred").options(props).load();
  const selected = loaded.select(col("name"), col("id").plus(1).alias("next")); // analysed at once, no await
  assert.deepEqual(selected.columns, ["name", "next"]);
  const c2 = await db.client();
  try { await c2.query("insert into read_deferred values (2, 'b')"); } finally { await c2.end(); }
  assert.equal(await df.count(), 2, "rows are read at the action, not at load()");
  assert.deepEqual((await selected.orderBy("next").collect()).map((r) => [...r]), [["a", 2], ["b", 3]]);
  const c3 = await db.client();
  try { await c3.query("insert into read_deferred values (3, 'c')"); } finally { await c3.end(); }
  assert.equal(await df.count(), 3, "each action reads again");
});

test("a JDBC read of a missing table fails on the load line (Spark resolves the schema eagerly), password masked", () => {
  assert.throws(() => spark.read.jdbc(db.jdbcUrl, "no_such_table_for_read", { user: db.user, password: db.password }), (e: Error) => {
    assert.equal(e.name, "SparkException");
    assert.match(e.message, /^ERROR: relation "no_such_table_for_read" does not exist/);
    assert.ok(!e.message.includes(db.password));
    return true;
  });
  assert.throws(() => spark.read.jdbc(db.jdbcUrl, "x", { user: db.user, password: "wrong-password-here" }), (e: Error) => {
    assert.match(e.message, /password authentication failed/);
    assert.ok(!e.message.includes("wrong-password-here"));
    return true;
  });
});
