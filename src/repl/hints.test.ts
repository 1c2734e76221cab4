import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { Evaluator } from "./evaluator";
import { hintFor } from "./hints";
import { Shell } from "./shell";
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

  // PySpark 3.5.9 (scripts/spark-oracle/learner_messages.py): Spark prints no suggestion list; the hint adds one.
  it("an unknown function in expr()/selectExpr()/spark.sql is Spark's UNRESOLVED_ROUTINE text, with a did-you-mean below it", async () => {
    const path = "[`system`.`builtin`, `system`.`session`, `spark_catalog`.`default`]";
    const e = await errorOf(ev, 'spark.range(3).selectExpr("coutn(id)")');
    assert.ok(e instanceof api.AnalysisException);
    assert.equal((e as Error).message, `[UNRESOLVED_ROUTINE] Cannot resolve function \`coutn\` on search path ${path}.; line 1 pos 0`);
    assert.equal(hintFor(e, ev.scope, "en"), 'Did you mean "count"?');
    const e2 = await errorOf(ev, 'spark.sql("select coutn(1)")');
    assert.equal((e2 as Error).message, `[UNRESOLVED_ROUTINE] Cannot resolve function \`coutn\` on search path ${path}.; line 1 pos 7`);
    const e3 = await errorOf(ev, 'spark.range(3).select(expr("approx_count_distnct(id)"))');
    assert.equal(hintFor(e3, ev.scope, "en"), 'Did you mean "approx_count_distinct"?');
  });

  it("F.coutn after `import pyspark.sql.functions as F` is Python's AttributeError, with a did-you-mean", async () => {
    const out: string[] = [];
    const shell = new Shell({ output: { print: (t) => void out.push(t), colors: false, columns: 100 }, interactive: false, env: { ISKRA_NO_SERVICES: "1" } });
    await shell.run("import pyspark.sql.functions as F");
    out.length = 0;
    const r = await shell.run('F.coutn("x")');
    assert.equal(r.kind, "error");
    assert.deepEqual(out.slice(-2), ["AttributeError: module 'pyspark.sql.functions' has no attribute 'coutn'\n", 'Did you mean "count"?\n']);
    out.length = 0;
    await shell.run('F.count("x")');
    assert.deepEqual(out, ["Column<'count(x)'>\n"], "known names still work");
  });

  it("a misspelt method suggests the object's methods", async () => {
    // The shell's frames answer a misspelt member with PySpark's AttributeError and its closest members.
    const e = await errorOf(ev, 'spark.range(3).selct("id")');
    assert.equal((e as Error).message, "'DataFrame' object has no attribute 'selct'");
    assert.equal(hintFor(e, ev.scope, "en"), 'Did you mean "select"?');
    // An object of the learner's own: the method's name with the variable's.
    await ev.evaluate("const o = { select() {} }");
    const e2 = await errorOf(ev, 'o.selct("id")');
    assert.equal(hintFor(e2, ev.scope, "en"), 'Did you mean "o.select"?');
  });
});

describe("near-miss options: Spark ignores unknown options, the shell warns about a typo", () => {
  const { captureSession }: typeof import("../../test/support/spark") = require("../../test/support/spark");
  it("a source option one typo away from a known one is a warning, the query still loads", () => {
    const { spark, warnings } = captureSession();
    warnings.length = 0;
    const df = spark.readStream.format("rate").option("rowsPerSecnd", 1).option("numPartitions", 1).option("myOwnThing", "x").load();
    assert.equal(df.isStreaming, true);
    assert.deepEqual(warnings, ["Option 'rowsPerSecnd' is not an option of the rate source; Spark ignores it, and so does this query. Did you mean 'rowsPerSecond'?"]);
  });

  it("on kafka: maxOffsetPerTrigger suggests maxOffsetsPerTrigger; kafka.* consumer configs pass", () => {
    const { optionTypos }: typeof import("../api/option-typos") = require("../api/option-typos");
    assert.deepEqual(optionTypos("source", "kafka", ["kafka.bootstrap.servers", "subscribe", "maxOffsetPerTrigger", "startingOffsets"]), [
      "Option 'maxOffsetPerTrigger' is not an option of the kafka source; Spark ignores it, and so does this query. Did you mean 'maxOffsetsPerTrigger'?",
    ]);
    assert.deepEqual(optionTypos("sink", "console", ["numRow", "truncate"]).length, 1);
    assert.deepEqual(optionTypos("source", "json", ["maxFilesPerTrigge"]), [], "formats without a list stay silent");
  });
});

