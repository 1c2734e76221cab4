/** max_by/min_by on ties, NaN and NULL orderings over local[2]'s two partitions: expected rows printed by PySpark 3.5. */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { captureSession } from "../../../test/support/spark";

const { spark } = captureSession();

test("max_by/min_by: on a tie the later row (and the later partition) wins, NULL orderings are skipped, NaN ties NaN", async () => {
  const cases: Array<[unknown[][], string]> = [
    [[[1, 5.0], [2, 5.0], [3, 1.0], [4, 0.0]], "Row(max_by(id, x)=2, min_by(id, x)=4)"],
    [[[1, 5.0], [2, 1.0], [3, 5.0], [4, 0.0]], "Row(max_by(id, x)=3, min_by(id, x)=4)"],
    [[[1, 5.0], [2, 5.0], [3, null], [4, null]], "Row(max_by(id, x)=2, min_by(id, x)=2)"],
    [[[1, 5.0], [2, null], [3, 2.0], [4, 5.0], [5, 5.0], [6, null]], "Row(max_by(id, x)=5, min_by(id, x)=3)"],
    [[[1, NaN], [2, 1.5], [3, NaN], [4, -2.0], [5, null]], "Row(max_by(id, x)=3, min_by(id, x)=4)"],
  ];
  for (const [rows, expected] of cases) {
    const got = await spark.createDataFrame(rows, "id int, x double").selectExpr("max_by(id, x)", "min_by(id, x)").collect();
    assert.equal(String(got), expected, JSON.stringify(rows));
  }
});
