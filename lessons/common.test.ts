import { strict as assert } from "node:assert";
import { test } from "node:test";
import { Shell } from "../src/repl/shell";
import { DATA_SCHEMA_CODE, RESULT_DF_CODE, SAMPLE_RECORDS, checkBatchResult } from "./common";

test("lesson 2's check (step 25) accepts countDistinct on the batch prototype and warns that a stream refuses it, with Spark's text", async () => {
  const shell = new Shell({ output: { print: () => undefined, colors: false, columns: 100 }, interactive: false, env: { ISKRA_NO_SERVICES: "1" } });
  try {
    const values = JSON.stringify(SAMPLE_RECORDS.map((r) => JSON.stringify(r)));
    for (const code of [
      `const valuesDF = spark.createDataFrame(${values}, StringType())`,
      DATA_SCHEMA_CODE,
      'const dataDF = valuesDF.select(from_json(col("value"), dataSchema).alias("data")).select("data.*")',
      RESULT_DF_CODE.replace('approx_count_distinct("character")', 'countDistinct("character")'),
    ])
      assert.equal((await shell.run(code)).kind, "value", code);
    const warnings: string[] = [];
    assert.equal(await checkBatchResult({ ...shell.checkContext(), warn: (t) => warnings.push(t) }), null);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /AnalysisException: Distinct aggregations are not supported on streaming DataFrames\/Datasets\. Consider using approx_count_distinct\(\) instead\.$/);
    // The same text as the stream itself fails with.
    const r = await shell.run('spark.readStream.format("rate").load().groupBy("value").agg(countDistinct("timestamp")).writeStream.format("console").outputMode("complete").start()');
    assert.equal(r.kind, "error");
    assert.match(String((r as { error: Error }).error.message), /^Distinct aggregations are not supported on streaming DataFrames\/Datasets\. Consider using approx_count_distinct\(\) instead\./);

    assert.equal((await shell.run(RESULT_DF_CODE)).kind, "value");
    warnings.length = 0;
    assert.equal(await checkBatchResult({ ...shell.checkContext(), warn: (t) => warnings.push(t) }), null);
    assert.deepEqual(warnings, [], "approx_count_distinct: nothing to warn about");
  } finally {
    await shell.close();
  }
});
