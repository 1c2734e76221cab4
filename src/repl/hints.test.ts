import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { Evaluator } from "./evaluator";
import { hintFor } from "./hints";
import * as api from "../index";

async function errorOf(ev: Evaluator, src: string): Promise<unknown> {
  const r = await ev.evaluate(src);
  assert.equal(r.kind, "error", src);
  return (r as { error: unknown }).error;
}

describe("hints under an error", () => {
  const ev = new Evaluator({ ...api, spark: api.SparkSession.builder.getOrCreate(), hostName: "h" });

  it("writeStream.format(\"consle\") is Spark's DATA_SOURCE_NOT_FOUND, with a did-you-mean", async () => {
    const e = await errorOf(ev, 'spark.readStream.format("rate").load().writeStream.format("consle").start()');
    assert.ok(e instanceof api.SparkClassNotFoundException);
    assert.equal(
      (e as Error).message,
      "[DATA_SOURCE_NOT_FOUND] Failed to find the data source: consle. Please find packages at `https://spark.apache.org/third-party-projects.html`.",
    );
    assert.equal(hintFor(e, ev.scope, "en"), 'Did you mean "console"?');
  });

  it("a format Spark knows but cannot stream into keeps Spark's message", async () => {
    const e = await errorOf(ev, 'spark.readStream.format("rate").load().writeStream.format("jdbc").start()');
    assert.equal((e as Error).message, "Data source jdbc does not support streamed writing.");
  });

  it("a misspelt source format suggests the source", async () => {
    const e = await errorOf(ev, 'spark.readStream.format("sockett").load()');
    assert.match((e as Error).message, /^\[DATA_SOURCE_NOT_FOUND\] Failed to find the data source: sockett\./);
    assert.equal(hintFor(e, ev.scope, "en"), 'Did you mean "socket"?');
  });

  it("StringType without () is PySpark's AssertionError, with a hint", async () => {
    const e = await errorOf(ev, 'StructType([StructField("house", StringType, true)])');
    assert.equal((e as Error).name, "AssertionError");
    assert.equal((e as Error).message, "dataType <class 'pyspark.sql.types.StringType'> should be an instance of <class 'pyspark.sql.types.DataType'>");
    assert.equal(hintFor(e, ev.scope, "en"), "A type is written with parentheses: StringType().");
    const e2 = await errorOf(ev, 'spark.createDataFrame(["x"], StringType)');
    assert.equal((e2 as Error).message, "[NOT_LIST_OR_NONE_OR_STRUCT] Argument `schema` should be a list, None or StructType, got DataTypeSingleton.");
  });

  it("Python names typed in TypeScript (which is not translated) get their TypeScript spelling", async () => {
    for (const [src, want] of [
      ["const a = True", /in TypeScript write true/],
      ["const b = None", /write null/],
      ["host_name", /write hostName/],
      ["const n = len([1])", /x\.length/],
      ["const p = print('x')", /console\.log/],
    ] as const) {
      const e = await errorOf(ev, src);
      assert.match(hintFor(e, ev.scope, "en") ?? "", want, src);
    }
  });

  it("a misspelt function suggests the closest name in the scope", async () => {
    const e = await errorOf(ev, 'approx_count_distinc("x")');
    assert.match(hintFor(e, ev.scope, "en") ?? "", /"approx_count_distinct"/);
  });
});
