/**
 * Configuration per session, as PySpark 3.5 prints it (expected texts captured by
 * scripts/spark-oracle/session_conf.py from real PySpark).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { SparkSession, col } from "../index";

function capture(spark: SparkSession): () => string {
  let buf = "";
  spark.print = (t) => { buf += t; };
  return () => { const s = buf; buf = ""; return s; };
}

const tzQuery = "SELECT CAST(CAST(0 AS TIMESTAMP) AS STRING) AS epoch, CAST(CAST('2024-01-01 00:00:00' AS TIMESTAMP) AS LONG) AS secs";

test("two sessions with different spark.sql.session.timeZone at once", async () => {
  const s1 = SparkSession.builder.master("local[2]").getOrCreate();
  const s2 = s1.newSession();
  const out1 = capture(s1), out2 = capture(s2);
  s1.conf.set("spark.sql.session.timeZone", "UTC");
  s2.conf.set("spark.sql.session.timeZone", "America/New_York");
  assert.equal(s1.conf.get("spark.sql.session.timeZone"), "UTC");
  assert.equal(s2.conf.get("spark.sql.session.timeZone"), "America/New_York");
  // Run both at the same time: each keeps its own zone.
  const t1 = s1.createDataFrame([["2024-07-01 12:00:00"]], "s STRING").select(col("s").cast("timestamp").alias("t")).select("t", col("t").cast("long").alias("secs"));
  const t2 = s2.createDataFrame([["2024-07-01 12:00:00"]], "s STRING").select(col("s").cast("timestamp").alias("t")).select("t", col("t").cast("long").alias("secs"));
  await Promise.all([s1.sql(tzQuery).show(), s2.sql(tzQuery).show(), t1.show(), t2.show()]);
  assert.equal(out1(), [
    "+-------------------+----------+", "|              epoch|      secs|", "+-------------------+----------+",
    "|1970-01-01 00:00:00|1704067200|", "+-------------------+----------+", "",
    "+-------------------+----------+", "|                  t|      secs|", "+-------------------+----------+",
    "|2024-07-01 12:00:00|1719835200|", "+-------------------+----------+", "", "",
  ].join("\n"));
  assert.equal(out2(), [
    "+-------------------+----------+", "|              epoch|      secs|", "+-------------------+----------+",
    "|1969-12-31 19:00:00|1704085200|", "+-------------------+----------+", "",
    "+-------------------+----------+", "|                  t|      secs|", "+-------------------+----------+",
    "|2024-07-01 12:00:00|1719849600|", "+-------------------+----------+", "", "",
  ].join("\n"));
});

test("spark.sql.shuffle.partitions=2: an unsorted groupBy comes out in PySpark's order; other sessions keep 200", async () => {
  const spark = SparkSession.builder.master("local[2]").getOrCreate().newSession();
  const other = spark.newSession();
  spark.conf.set("spark.sql.shuffle.partitions", "2");
  const df = spark.createDataFrame("abcdefghijklmnop".split("").map((w) => [w]), "word STRING");
  const rows = await df.groupBy("word").count().collect();
  assert.deepEqual(rows.map((r) => r.word).join(""), "acdefhbgklmopijn");
  assert.equal(other.conf.get("spark.sql.shuffle.partitions"), "200");
  const at200 = await other.createDataFrame("abcdefghijklmnop".split("").map((w) => [w]), "word STRING").groupBy("word").count().collect();
  assert.equal(at200.map((r) => r.word).join(""), "gfehdcbalmnkopij");
});
