/**
 * An aggregate's FILTER (WHERE …) in SQL text: grouped and global, and Spark's errors for a bad one.
 * Expected texts were printed by PySpark 3.5 (local[2]) for the same frame and statements.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { AnalysisException } from "../index";
import { captureSession } from "../../test/support/spark";

const { spark, out, clear } = captureSession();
const t = spark.createDataFrame([[1, "a", 2.5], [2, "b", -1.25], [3, null, null]], "id int, s string, x double");

test("FILTER (WHERE …) aggregates only the rows where it is true, per group, and names the column as Spark", async () => {
  t.createOrReplaceTempView("t");
  clear();
  await spark.sql("SELECT s, count(*) FILTER (WHERE id > 1) c, sum(x) FILTER (WHERE id < 3) AS sx FROM t GROUP BY s ORDER BY s").show();
  await t.selectExpr("sum(x) filter (where id > 1 AND s = 'b')", "first(s) FILTER (WHERE id > 1)").show();
  assert.equal(out(), [
    "+----+---+-----+", "|   s|  c|   sx|", "+----+---+-----+", "|NULL|  1| NULL|", "|   a|  0|  2.5|", "|   b|  1|-1.25|", "+----+---+-----+", "",
    "+--------------------------------------------+--------------------------------+",
    "|sum(x) FILTER (WHERE ((id > 1) AND (s = b)))|first(s) FILTER (WHERE (id > 1))|",
    "+--------------------------------------------+--------------------------------+",
    "|                                       -1.25|                               b|",
    "+--------------------------------------------+--------------------------------+", "", "",
  ].join("\n"));
});

test("a FILTER that is not boolean, holds an aggregate, follows a scalar function or a window aggregate fails as in Spark", () => {
  const cases: Array<[string, string]> = [
    ["sum(x) FILTER (WHERE id)", "FILTER expression is not of type boolean. It cannot be used in an aggregate function.; line 1 pos 0"],
    ["sum(x) FILTER (WHERE null)", "FILTER expression is not of type boolean. It cannot be used in an aggregate function.; line 1 pos 0"],
    ["sum(x) FILTER (WHERE max(id) > 1)", "FILTER expression contains aggregate. It cannot be used in an aggregate function.; line 1 pos 0"],
    ["abs(x) FILTER (WHERE id > 1)", "Function abs does not support FILTER clause.; line 1 pos 0"],
    ["sum(x) FILTER (WHERE id > 1) OVER (ORDER BY id)", "Window aggregate function with filter predicate is not supported yet."],
  ];
  for (const [e, message] of cases) assert.throws(() => t.selectExpr(e), (err: Error) => err instanceof AnalysisException && err.message === message, e);
});
