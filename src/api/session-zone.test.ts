import { test } from "node:test";
import * as assert from "node:assert/strict";
import { SparkSession, expr } from "../index";

// Checked against PySpark 3.5: with spark.sql.session.timeZone America/Los_Angeles,
// SELECT TIMESTAMP '2024-01-01 00:00:00+02:00' is named TIMESTAMP '2023-12-31 14:00:00' and shows 14:00.
test("a TIMESTAMP literal is parsed and named in the session's time zone, as it is shown", async () => {
  const spark = SparkSession.builder.getOrCreate().newSession();
  for (const zone of ["America/Los_Angeles", "Asia/Kolkata"]) {
    spark.conf.set("spark.sql.session.timeZone", zone);
    const expected = zone === "America/Los_Angeles" ? "TIMESTAMP '2023-12-31 14:00:00'" : "TIMESTAMP '2024-01-01 03:30:00'";
    assert.deepEqual(spark.sql("SELECT TIMESTAMP '2024-01-01 00:00:00+02:00'").columns, [expected]);
    const df = spark.range(1).select(expr("TIMESTAMP '2024-01-01 00:00:00+02:00'"));
    assert.deepEqual(df.columns, [expected]);
    assert.deepEqual(df.groupBy().agg(expr("max(TIMESTAMP '2024-01-01 00:00:00+02:00')")).columns, [`max(${expected})`]);
    assert.equal((await df.selectExpr("CAST(`" + expected + "` AS STRING) AS s").first())?.s, expected.slice(11, -1));
  }
});
