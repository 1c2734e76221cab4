import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { StringType, col, count, explode, split } from "../../index";
import { captureSession } from "../../../test/support/spark";
import { HdfsStateStore } from "../../streaming/state/hdfs-state-store";
import { newEvalContext } from "../evaluate";
import { optimize } from "../optimizer";
import { collect, treeString } from "./operator";
import { planBatch, planMicroBatch } from "./planner";
import { HashAggregateExec } from "./hash-aggregate";
import { StatefulAggregateExec } from "./stateful-aggregate";

const { spark, out, clear } = captureSession();

const wordCounts = () => {
  const lines = spark.createDataFrame(["a b", "b c b"], StringType());
  return lines.select(explode(split(col("value"), " ")).alias("word")).groupBy("word").agg(count("*").alias("n"));
};

test("planBatch turns the logical plan into operator objects, one per node", () => {
  const root = planBatch(optimize(wordCounts().plan));
  assert.ok(root instanceof HashAggregateExec);
  assert.deepEqual(
    treeString(root).split("\n"),
    ["* HashAggregate(keys=[word], functions=[count(1)])", "+- Project [explode(split(value,  , -1)) AS word]", "   +- LocalTableScan [value]"],
  );
});

test("planMicroBatch: the streaming aggregate owns its store, keeps its groups between batches, and commits versions", async () => {
  // A batch plan's Aggregate is not streaming, so build the stateful operator over a streaming plan's node.
  const { memoryInput } = await import("../../../test/support/stream-test");
  const { stream, df } = memoryInput(spark, "value STRING");
  const plan = optimize(df.select(explode(split(col("value"), " ")).alias("word")).groupBy("word").count().plan);
  const scan = (() => { let id = -1; const visit = (p: any) => { if (p.kind === "StreamingRelation") id = p.id; (p.child ? [p.child] : p.children ?? []).forEach(visit); }; visit(plan); return id; })();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-planner-"));
  const stores = new Map<number, HdfsStateStore>();
  const storeOf = (id: number) => stores.get(id) ?? stores.set(id, new HdfsStateStore({ stateDir: dir, operatorId: id })).get(id)!;
  const runBatch = async (batchId: number, lines: string[]) => {
    const mb = planMicroBatch(plan, { batchId, outputMode: "complete", watermarkMs: 0, stateStores: storeOf });
    assert.equal(mb.stateful.length, 1);
    assert.ok(mb.stateful[0] instanceof StatefulAggregateExec);
    assert.equal(mb.stateful[0].store, storeOf(0));
    for (const s of mb.stateful) await s.load();
    const rows = collect(mb.root, { eval: newEvalContext(), leaves: new Map([[scan, lines.map((l) => [l])]]) });
    for (const s of mb.stateful) await s.commit();
    return { rows: rows.map((r) => r.join(":")).sort(), metrics: mb.stateful[0].lastRun.metrics };
  };
  const b0 = await runBatch(0, ["a b", "b"]);
  assert.deepEqual(b0.rows, ["a:1", "b:2"]);
  const b1 = await runBatch(1, ["b c"]);
  assert.deepEqual(b1.rows, ["a:1", "b:3", "c:1"]);
  assert.equal(b1.metrics.numRowsTotal, 3);
  assert.equal(b1.metrics.numRowsUpdated, 2);
  assert.ok(fs.existsSync(path.join(dir, "0", "0", "2.delta")), "version 2 committed for batch 1");
  // A fresh store (a restart) rebuilds the groups from disk.
  stores.clear();
  const b2 = await runBatch(2, ["a"]);
  assert.deepEqual(b2.rows, ["a:2", "b:3", "c:1"]);
  void stream;
});

test("explain(true) prints the parsed, analyzed, optimized and physical plans as Spark's sections", () => {
  clear();
  wordCounts().explain(true);
  const sections = out().split(/\n\n/).filter(Boolean).map((s) => s.split("\n")[0]);
  assert.deepEqual(sections, ["== Parsed Logical Plan ==", "== Analyzed Logical Plan ==", "== Optimized Logical Plan ==", "== Physical Plan =="]);
  assert.match(out(), /== Analyzed Logical Plan ==\nword: string, n: bigint\nAggregate \[word\], \[word, count\(1\) AS n\]\n\+- Project \[explode/);
  assert.match(out(), /== Physical Plan ==\n\* HashAggregate\(keys=\[word\], functions=\[count\(1\)\]\)\n\+- Project/);
});

test("rollup, set operations, offset, sample and describe plan into their own operators", () => {
  const a = spark.createDataFrame([[1, "x"], [2, "y"]], "k int, v string");
  const b = spark.createDataFrame([[1, "x"]], "k int, v string");
  const lines = (df: { plan: Parameters<typeof optimize>[0] }) => treeString(planBatch(optimize(df.plan))).split("\n");
  assert.deepEqual(lines(a.rollup("v").count()), [
    "* HashAggregate(keys=[v, spark_grouping_id], functions=[count(1)])",
    "+- Expand [[k, v, v, 0], [k, v, null, 1]], [k, v, v, spark_grouping_id]",
    "   +- LocalTableScan [k, v]",
  ]);
  assert.deepEqual(lines(a.intersectAll(b)), ["* IntersectAll [k, v]", ":- LocalTableScan [k, v]", "+- LocalTableScan [k, v]"]);
  assert.deepEqual(lines(a.subtract(b)), ["* Except [k, v]", ":- LocalTableScan [k, v]", "+- LocalTableScan [k, v]"]);
  assert.deepEqual(lines(a.offset(1)), ["* GlobalLimit -1, 1", "+- LocalTableScan [k, v]"]);
  assert.deepEqual(lines(a.sample(0.5, 3)), ["* Sample 0, 0.5, false, 3", "+- LocalTableScan [k, v]"]);
  assert.equal(lines(a.describe())[0], "* Summary [count, mean, stddev, min, max], [k, v]");
  clear();
  a.rollup("v").count().explain();
  assert.match(out(), /Expand \[\[k, v, v, 0\], \[k, v, null, 1\]\]/);
});

test("intersect and except rows: DISTINCT once per row, ALL min(m, n) and m - n times, nulls equal", () => {
  const a = spark.createDataFrame([[1, null], [1, null], [1, null], [2, "y"]], "k int, v string");
  const b = spark.createDataFrame([[1, null], [3, "z"]], "k int, v string");
  const rows = (df: { plan: Parameters<typeof optimize>[0] }) => collect(planBatch(optimize(df.plan)), { eval: newEvalContext(), leaves: new Map() });
  assert.deepEqual(rows(a.intersect(b)), [[1, null]]);
  assert.deepEqual(rows(a.intersectAll(b)), [[1, null]]);
  assert.deepEqual(rows(a.exceptAll(b)), [[1, null], [1, null], [2, "y"]]);
  assert.deepEqual(rows(a.subtract(b)), [[2, "y"]]);
});
