/**
 * Spark's own outputs for the everyday functions and DataFrame/GroupedData methods, replayed
 * through Iskra.
 *
 * test/fixtures/spark-golden-functions.json holds what PySpark 3.5 printed (or raised), captured
 * by scripts/spark-oracle/golden_functions.py. Every case starts from the frames t, p and q
 * (the script's FN_PRELUDE, mirrored by `frames()` here). A case with `exprs` is
 * `t.selectExpr(<exprs>)` shown untruncated or its printSchema(); the others have a program
 * written against Iskra's public API below. Output must match byte for byte; errors by class and
 * first line. KNOWN_DIFFERENCES lists what Iskra still gets wrong, and each must still differ.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as F from "../src/index";
import { DataFrame } from "../src/index";
import { captureSession } from "./support/spark";
import { Outcome, replayGoldenCases, runCapturing, pyRepr } from "./support/golden-replay";
import { FunctionCase, Frames, functionFrames, exprsProgram } from "./support/function-frames";

type GoldenCase = FunctionCase;

const GOLDEN: GoldenCase[] = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "spark-golden-functions.json"), "utf8"));
const byId = new Map(GOLDEN.map((c) => [c.id, c]));

process.env.TZ = "UTC";
const { spark, out, clear } = captureSession();
spark.conf.set("spark.sql.session.timeZone", "UTC");

const print = (x: unknown): void => spark.print((typeof x === "string" ? x : pyRepr(x)) + "\n");

const frames = (): Frames => functionFrames(spark);

const PROGRAMS: Record<string, (f: Frames) => unknown> = {
  "fn.json.from_json_unquoted": () => {
    const df = spark.createDataFrame([["{a: 1, b: \"x\"}"]], "j string");
    return df.select(F.from_json("j", "a INT, b STRING", { allowUnquotedFieldNames: "true" }).alias("r")).show();
  },
  "fn.count_star_expr": ({ p }) => p.select(F.count(F.expr("*"))).show(),
  "fn.approx_count_distinct_struct": ({ p }) => p.select(F.approx_count_distinct(F.struct("k", "v"))).show(),
  "fn.binary_concat": async () => {
    const df = spark.createDataFrame([[Buffer.from("ab"), Buffer.from("cd")]], "a binary, b binary");
    await df.select(F.concat("a", "b").alias("c")).show();
    print(await df.select(F.concat("a", "b").alias("c")).collect());
    df.select(F.concat("a", "b")).printSchema();
  },
  "fn.api.arrays": ({ t }) => t.select(F.sort_array("arr"), F.array_join("arr", ","), F.element_at("arr", 2), F.array_distinct("arr"), F.flatten("nested"), F.slice("arr", 1, 2)).show(),
  "fn.api.strings": ({ t }) => t.select(F.substring_index("csv", ",", 1), F.lpad("s", 12, "."), F.rpad("s", 12, "."), F.initcap("s"), F.hex("s"), F.regexp_replace("s", F.lit("l"), F.col("csv"))).show(),
  "fn.api.hashes": ({ t }) => t.select(F.hash("s"), F.xxhash64("s"), F.md5("s"), F.sha1("s"), F.sha2("s", 256), F.crc32("s")).show(),
  "fn.api.dates": ({ t }) => t.select(F.hour("ts"), F.minute("ts"), F.date_format("ts", "HH:mm"), F.to_date("d"), F.date_add("d", 1), F.datediff("d", F.lit("2024-01-01"))).show(),
  "df.alias_self_join": ({ p }) => {
    const a = p.alias("a"), b = p.alias("b");
    return a.join(b, F.col("a.k").eq(F.col("b.k"))).select("a.k", F.col("b.v"), "a.n").orderBy("k").show();
  },
  "df.alias_columns": ({ p }) => print(p.alias("x").select("x.k", "x.v").columns),
  "df.unionByName_missing": async ({ p, q }) => {
    await p.unionByName(q.select("k", "n"), true).show();
    p.select("k", "n").unionByName(q, true).printSchema();
  },
  "df.unionByName_missing_right": ({ p, q }) => p.select("k", "n").unionByName(q, true).show(),
  "df.unionByName_reordered": ({ p, q }) => p.unionByName(q.select("n", "v", "k")).show(),
  "df.na_fill_int": ({ p }) => p.na.fill(0).show(),
  "df.na_fill_str": ({ p }) => p.na.fill("?").show(),
  "df.fillna_dict": ({ p }) => p.fillna({ v: "none", n: -1 }).show(),
  "df.fillna_subset": ({ p }) => p.fillna(0, ["n"]).show(),
  "df.na_drop": ({ p }) => p.na.drop().show(),
  "df.dropna_subset": ({ p }) => p.dropna({ subset: ["v"] }).show(),
  "df.dropna_all": ({ p }) => p.select("v").dropna("all").show(),
  "df.dropna_thresh": ({ p }) => p.dropna({ thresh: 3 }).show(),
  "df.transform": ({ p }) => p.transform((d: DataFrame) => d.withColumn("m", d.col("n").multiply(2))).show(),
  "df.tail": async ({ p }) => print(await p.tail(2)),
  "df.offset": ({ p }) => p.offset(3).show(),
  "df.exceptAll": ({ p, q }) => p.exceptAll(q).orderBy("k").show(),
  "df.intersect": ({ p, q }) => p.intersect(q).orderBy("k").show(),
  "df.intersectAll": ({ p, q }) => p.union(q).intersectAll(p).orderBy("k").show(),
  "df.subtract": ({ p, q }) => p.subtract(q).orderBy("k").show(),
  "df.crossJoin": ({ p, q }) => p.select("k").crossJoin(q.select("v")).orderBy("k", "v").show(),
  "df.dropDuplicates_subset": ({ p }) => p.dropDuplicates(["k"]).orderBy("k").show(),
  "df.drop_nested_noop": () => spark.createDataFrame([[[1, 2], 3]], "a struct<b: int, c: int>, d int").drop(F.col("a.b")).printSchema(),
  "df.describe": ({ p }) => p.describe().show(),
  "df.describe_cols": ({ p }) => p.describe("n").show(),
  "df.summary": ({ p }) => p.select("k", "n").summary().show(),
  "df.unpivot": async ({ p }) => {
    await p.unpivot("k", ["n", "k"], "var", "val").show();
    p.unpivot("k", ["n", "k"], "var", "val").printSchema();
  },
  "df.melt": ({ p }) => p.melt(["v"], ["k", "n"], "key", "value").show(),
  "df.dtypes": ({ t }) => print(`[${t.dtypes.map(([a, b]) => `(${pyRepr(a)}, ${pyRepr(b)})`).join(", ")}]`),
  "df.schema_field": ({ p }) => { print(String(p.schema["v"])); print(String(p.schema["n"].dataType)); },
  "cdf.ddl_string": async () => {
    await spark.createDataFrame(["a", "b", null], "STRING").show();
    spark.createDataFrame(["a"], "STRING").printSchema();
  },
  "cdf.ddl_int": async () => {
    await spark.createDataFrame([1, 2], "int").show();
    spark.createDataFrame([1, 2], "int").printSchema();
  },
  "cdf.tuples_names": async () => {
    const df = spark.createDataFrame([[1, "a"], [2, "b"]], ["id", "name"]);
    await df.show();
    df.printSchema();
  },
  "cdf.dicts": async () => {
    const df = spark.createDataFrame([{ name: "x", age: 3 }, { name: "y", age: 4 }]);
    await df.show();
    df.printSchema();
  },
  "cdf.rows_nested": async () => {
    const df = spark.createDataFrame([F.makeRow({ id: 1, info: F.makeRow({ city: "Oslo", zip: 123 }) }), F.makeRow({ id: 2, info: F.makeRow({ city: "Rome", zip: 456 }) })]);
    await df.show();
    df.printSchema();
    print(await df.collect());
  },
  "cdf.rows_inferred": async () => {
    const df = spark.createDataFrame([F.makeRow({ a: 1, b: 2.5, c: "x", d: true, e: [1, 2], f: new Map([["k", 1]]) })]);
    df.printSchema();
    await df.show();
  },
  "fn.api.json": ({ t }) => t.select(F.get_json_object("js", "$.a"), F.schema_of_json(F.lit('{"a": 1}')), F.typeof("js")).show(20, false),
};

/** Cases Iskra does not reproduce yet, each with the reason; each must still differ. */
const KNOWN_DIFFERENCES: Record<string, string> = {
};

function programFor(g: GoldenCase): ((f: Frames) => unknown) | undefined {
  if (PROGRAMS[g.id]) return PROGRAMS[g.id];
  return exprsProgram(g);
}

const run = (program: (f: Frames) => unknown): Promise<Outcome> => runCapturing(() => program(frames()), clear, out);

const CASES = GOLDEN.filter((g) => g.id !== "_prelude");

test("every golden case has a program", () => {
  assert.deepEqual(CASES.filter((g) => !programFor(g)).map((g) => g.id), []);
  for (const id of [...Object.keys(PROGRAMS), ...Object.keys(KNOWN_DIFFERENCES)]) assert.ok(byId.has(id), `${id} is not in the golden file`);
});

replayGoldenCases(CASES, programFor, KNOWN_DIFFERENCES, run);
