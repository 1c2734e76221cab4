// The optimizer beside its code: projections fuse, and an optimised plan gives the same rows.
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { optimize } from "./optimizer";
import { SparkSession, col } from "../index";
import type { LogicalPlan } from "../plan/logical-plan";

const kinds = (p: LogicalPlan): string[] => [p.kind, ...("child" in p && p.child ? kinds(p.child as LogicalPlan) : [])];

test("adjacent projections fuse into one (CollapseProject); names and results stay", async () => {
  const spark = SparkSession.builder.config("spark.ui.enabled", "false").getOrCreate();
  const df = spark.createDataFrame([[1, "a", 2], [3, "b", 4]], "x int, y string, z int");
  const d = df.select(col("x").plus(1).alias("p"), col("y"), col("z")).select(col("p").multiply(2).alias("q")).filter(col("q").gt(4));
  assert.deepEqual(kinds(d.plan), ["Filter", "Project", "Project", "LocalRelation"]);
  const o = optimize(d.plan);
  assert.deepEqual(kinds(o), ["Filter", "Project", "LocalRelation"]);
  assert.deepEqual(o.schema.fields.map((f) => f.name), ["q"]);
  assert.deepEqual((await d.collect()).map((r) => r.q), [8]);
});
