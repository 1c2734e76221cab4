/** Seed steps 26-30 through the public API against a real PostgreSQL (PG_URL from the test runner). */
import { after, before, test } from "node:test";
import * as assert from "node:assert/strict";
import { StringType, StructType, StructField, TimestampType, col, count, sum, approx_count_distinct, from_json } from "../src/index";
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
