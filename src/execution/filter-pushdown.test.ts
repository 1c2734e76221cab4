import { after, test } from "node:test";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as assert from "node:assert/strict";
import { SparkSession } from "../api/session";
import { optimize } from "./optimizer";
import { LogicalPlan, forEachNode } from "../plan/logical-plan";

const spark = SparkSession.builder.getOrCreate();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-pushdown-"));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const stream = () => spark.readStream.schema("k STRING, v INT, ts TIMESTAMP").json(dir);

function scan(plan: LogicalPlan): string[] {
  let pushed: string[] = [];
  forEachNode(optimize(plan), (n) => { if (n.kind === "StreamingRelation") pushed = (n.pushedFilters ?? []).map((f) => f.sql); });
  return pushed;
}

test("an inner stream-static join pushes isnotnull(k) into the file scan; a left join does not", () => {
  const lookup = spark.createDataFrame([["a", "alpha"]], "k STRING, name STRING");
  assert.deepEqual(scan(stream().join(lookup, "k", "inner").plan), ["isnotnull(k)"]);
  assert.deepEqual(scan(stream().join(lookup, "k", "left").plan), []);
});

test("a filter reaches the scan through a projection and a watermark when it can be translated", () => {
  assert.deepEqual(scan(stream().withWatermark("ts", "5 seconds").select("k", "v").filter("v > 2").plan), ["(v > 2)"]);
  // Not translatable (arithmetic): it stays a Filter, though below the watermark.
  const plan = optimize(stream().withWatermark("ts", "5 seconds").selectExpr("k", "v * 10 AS v10").filter("v10 >= 30").plan);
  let filterUnderWatermark = false;
  forEachNode(plan, (n) => { if (n.kind === "Watermark" && n.child.kind === "Filter") filterUnderWatermark = true; });
  assert.ok(filterUnderWatermark, "the watermark sees only the rows that pass the filter");
  assert.deepEqual(scan(plan), []);
});

test("a filter on the event time stays above the watermark; batch plans are left alone", () => {
  assert.deepEqual(scan(stream().withWatermark("ts", "5 seconds").filter("ts IS NOT NULL").plan), []);
  const batch = spark.createDataFrame([["a", 1]], "k STRING, v INT").filter("v > 0").plan;
  assert.equal(optimize(batch).kind, "Filter");
});
