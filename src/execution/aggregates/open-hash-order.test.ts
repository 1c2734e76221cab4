/** mode() ties broken in the order of Spark's OpenHashMap: expected values printed by PySpark 3.5 (local[2]) for the same rows. */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { captureSession } from "../../../test/support/spark";

const { spark, out, clear } = captureSession();

test("mode() of keys seen once each picks Spark's first key in hash order, per type", async () => {
  const df = spark.createDataFrame([[5, "x", 1.5, 10000000000], [3, "y", 2.5, 7], [9, "z", -3.0, 123456789012], [1, "apple", 0.1, -5], [7, "Spark", 100.25, 42], [11, "kafka", 1e10, 99]], "i int, s string, d double, l long");
  clear();
  await df.selectExpr("mode(i)", "mode(s)", "mode(d)", "mode(l)").show();
  assert.equal(out(), ["+-------+-------+-------+-------+", "|mode(i)|mode(s)|mode(d)|mode(l)|", "+-------+-------+-------+-------+", "|     11|      z|    1.5|     -5|", "+-------+-------+-------+-------+", "", ""].join("\n"));
});
