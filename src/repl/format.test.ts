import { strict as assert } from "node:assert";
import { test } from "node:test";
import * as api from "../index";
import { formatValue } from "./format";

test("a type typed without () shows PySpark's class, not a JavaScript function", () => {
  assert.equal(formatValue(api.StringType, false), "<class 'pyspark.sql.types.StringType'>");
  assert.equal(formatValue(api.StructField, false), "<class 'pyspark.sql.types.StructField'>");
  assert.equal(formatValue(api.DecimalType, false), "<class 'pyspark.sql.types.DecimalType'>");
  // Other functions keep Node's form.
  assert.match(formatValue(api.col, false)!, /\[Function: col\]/);
});
