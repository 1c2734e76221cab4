/**
 * The frames every function golden case starts from (scripts/spark-oracle/golden_functions.py's
 * FN_PRELUDE: t, p, q) and the replay of a selectExpr case, shared by the function golden tests.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { DataFrame, SparkSession } from "../../src/index";
import { GoldenError, pyRepr, replayGoldenCases, runCapturing } from "./golden-replay";
import { captureSession } from "./spark";

export interface FunctionCase { id: string; pyspark: string; stdout: string; error?: GoldenError; exprs?: string[]; action?: "show" | "printSchema" }
export type Frames = { t: DataFrame; p: DataFrame; q: DataFrame };

/** The golden script's FN_PRELUDE. */
export function functionFrames(spark: SparkSession): Frames {
  const t = spark.createDataFrame([
    [1, "hello world", "a,b,,c", [3, 1, 2, null], [[1, 2], [3]], "2024-03-15", "2024-03-15 13:45:30", '{"a": 1, "b": {"c": "x"}, "arr": [10, 20]}', 2.5],
    [2, "Spark SQL", "x", [], [[], [4]], "2023-12-31", "2023-12-31 23:59:59", '{"a": 2}', -1.25],
    [3, null, null, null, null, null, null, null, null]],
  "id int, s string, csv string, arr array<int>, nested array<array<int>>, d string, ts string, js string, x double");
  const p = spark.createDataFrame([[1, "a", 10], [2, "b", null], [3, null, 30], [3, null, 30], [4, "d", 40]], "k int, v string, n int");
  const q = spark.createDataFrame([[3, null, 30], [4, "d", 40], [5, "e", 50]], "k int, v string, n int");
  return { t, p, q };
}

/** A case made by golden_functions.py's exprs(): `t.selectExpr(...)` shown untruncated, or its printSchema(). */
export function exprsProgram(g: FunctionCase): ((f: Frames) => unknown) | undefined {
  if (!g.exprs) return undefined;
  const exprs = g.exprs;
  return g.action === "printSchema" ? ({ t }) => t.selectExpr(...exprs).printSchema() : ({ t }) => t.selectExpr(...exprs).show(20, false);
}

/**
 * The tests of one family of function cases (a fixture of its own, so that families grow apart):
 * every case has a program (its exprs, or one in `programs`), each matches PySpark byte for byte,
 * and each listed known difference still differs.
 */
export function replayFunctionFamily(
  fixture: string,
  programs: Record<string, (f: Frames, print: (x: unknown) => void) => unknown>,
  knownDifferences: Record<string, string>,
): void {
  const cases: FunctionCase[] = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "fixtures", fixture), "utf8"));
  process.env.TZ = "UTC";
  const { spark, out, clear } = captureSession();
  spark.conf.set("spark.sql.session.timeZone", "UTC");
  const print = (x: unknown): void => spark.print((typeof x === "string" ? x : pyRepr(x)) + "\n");
  const programFor = (g: FunctionCase) => {
    const p = programs[g.id];
    return p ? (f: Frames) => p(f, print) : exprsProgram(g);
  };
  const real = cases.filter((g) => g.id !== "_prelude");
  test(`${fixture}: every golden case has a program`, () => {
    assert.deepEqual(real.filter((g) => !programFor(g)).map((g) => g.id), []);
    const ids = new Set(real.map((g) => g.id));
    for (const id of [...Object.keys(programs), ...Object.keys(knownDifferences)]) assert.ok(ids.has(id), `${id} is not in ${fixture}`);
  });
  replayGoldenCases(real, programFor, knownDifferences, (program) => runCapturing(() => program(functionFrames(spark)), clear, out));
}
