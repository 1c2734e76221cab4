/**
 * Spark's outputs for the everyday DataFrame methods and createDataFrame forms,
 * replayed through Iskra's public API.
 *
 * test/fixtures/spark-golden-dataframe.json holds what PySpark 3.5 printed (or raised) for each
 * program (captured by scripts/spark-oracle/golden_dataframe.py). Each case below is the same
 * program written against Iskra; its output must be byte-identical to Spark's, and an error case
 * must raise the same class with the same first line.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { DataFrame, col, makeRow } from "../src/index";
import { captureSession } from "./support/spark";
import { pyRepr } from "./support/golden-replay";

interface GoldenCase {
  id: string;
  pyspark: string;
  stdout: string;
  error?: { class: string; firstLine: string; simpleMessage?: string };
}
const GOLDEN: GoldenCase[] = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "spark-golden-dataframe.json"), "utf8"));
const byId = new Map(GOLDEN.map((c) => [c.id, c]));

process.env.TZ = "UTC";
const { spark, out, clear } = captureSession();
spark.conf.set("spark.sql.session.timeZone", "UTC");

const TUPLE = Symbol("tuple");
const tuple = (...xs: unknown[]): unknown[] => Object.assign(xs, { [TUPLE]: true });
/** Python's print(); a tuple prints with parentheses. */
function print(...xs: unknown[]): void {
  const repr = (x: unknown): string => (Array.isArray(x) && (x as any)[TUPLE] ? `(${x.map(repr).join(", ")})` : Array.isArray(x) && !(x as any).__fields__ ? `[${x.map(repr).join(", ")}]` : pyRepr(x));
  spark.print(xs.map((x) => (typeof x === "string" ? x : repr(x))).join(" ") + "\n");
}

type Program = () => Promise<void> | void;

const PEOPLE = (): DataFrame =>
  spark.createDataFrame([[1, "a", 10.0], [2, "b", null], [3, null, 30.0], [null, null, null]], "id int, name string, score double");
const SETS = () => ({
  a: spark.createDataFrame([[1, "x"], [1, "x"], [2, "y"], [3, "z"]], "k int, v string"),
  b: spark.createDataFrame([[1, "x"], [3, "z"], [4, "w"]], "k int, v string"),
});


const CASES: Record<string, Program> = {
  // --- DataFrame methods ---------------------------------------------------------------------------
  "df.unionByName_allowMissingColumns": async () => {
    const a = spark.createDataFrame([[1, "x"]], "id int, x string");
    const b = spark.createDataFrame([[2, 3.5]], "id int, y double");
    const u = a.unionByName(b, true);
    u.printSchema();
    await u.show();
  },
  "df.unionByName_reordered": async () => {
    const a = spark.createDataFrame([[1, "x"]], "id int, v string");
    const b = spark.createDataFrame([["y", 2]], "v string, id int");
    await a.unionByName(b).show();
  },
  "df.unionByName_missing_error": () => {
    const a = spark.createDataFrame([[1, "x"]], "id int, x string");
    const b = spark.createDataFrame([[2, 3.5]], "id int, y double");
    a.unionByName(b);
  },
  "df.exceptAll": async () => { const { a, b } = SETS(); await a.exceptAll(b).orderBy("k").show(); },
  "df.subtract": async () => { const { a, b } = SETS(); await a.subtract(b).orderBy("k").show(); },
  "df.intersect": async () => { const { a, b } = SETS(); await a.intersect(b).orderBy("k").show(); },
  "df.intersectAll": async () => { const { a, b } = SETS(); const b2 = b.union(b); await a.intersectAll(b2).orderBy("k").show(); },
  "df.offset": () => spark.range(6).offset(2).show(),
  "df.limit_offset": () => spark.range(10).offset(3).limit(2).show(),
  "df.tail": async () => print(await spark.range(5).tail(2)),
  "df.transform": async () => {
    const plus = (d: DataFrame, n: number) => d.withColumn("p", col("id").plus(n));
    await spark.range(3).transform(plus, 10).show();
  },
  "df.na_fill_number": () => PEOPLE().na.fill(0).show(),
  "df.na_fill_string": () => PEOPLE().na.fill("?").show(),
  "df.fillna_dict": () => PEOPLE().fillna({ name: "none", score: -1.0 }).show(),
  "df.fillna_subset": () => PEOPLE().fillna(7, ["id"]).show(),
  "df.na_drop": () => PEOPLE().na.drop().show(),
  "df.dropna_all": () => PEOPLE().dropna({ how: "all" }).show(),
  "df.dropna_thresh": () => PEOPLE().dropna({ thresh: 2 }).show(),
  "df.dropna_subset": () => PEOPLE().dropna({ subset: ["name"] }).show(),
  "df.drop_nested_path_noop": () => {
    const df = spark.createDataFrame([makeRow({ a: makeRow({ b: 1, c: 2 }), d: 3 })]);
    print(df.drop(col("a.b")).columns);
    print(df.drop("a.b").columns);
  },
  "df.drop_many": () => {
    const df = PEOPLE();
    print(df.drop("id", "score").columns);
    print(df.drop(col("name")).columns);
  },
  "df.crossJoin": async () => {
    const a = spark.createDataFrame([[1], [2]], "x int");
    const b = spark.createDataFrame([["p"], ["q"]], "y string");
    await a.crossJoin(b).orderBy("x", "y").show();
  },
  "df.dropDuplicates_subset": async () => {
    const df = spark.createDataFrame([[1, "a", 1], [1, "a", 2], [2, "b", 3], [1, "c", 4]], "k int, v string, n int");
    await df.dropDuplicates(["k", "v"]).orderBy("n").show();
  },
  "df.colRegex": async () => {
    const df = spark.createDataFrame([[1, 2, 3]], "col_a int, col_b int, other int");
    await df.select(df.colRegex("`col_.*`")).show();
  },

  // --- createDataFrame forms -------------------------------------------------------------------------
  "create.ddl_single_type_string": async () => { const df = spark.createDataFrame(["a", "b"], "STRING"); df.printSchema(); await df.show(); },
  "create.ddl_single_type_int": async () => { const df = spark.createDataFrame([1, 2], "int"); df.printSchema(); await df.show(); },
  "create.tuples_with_names": async () => {
    const df = spark.createDataFrame([[1, "a", 2.5], [2, "b", null]], ["id", "name", "x"]);
    df.printSchema();
    await df.show();
  },
  "create.dicts": async () => {
    const df = spark.createDataFrame([{ name: "a", age: 1 }, { name: "b", age: 2 }]);
    df.printSchema();
    await df.show();
  },
  "create.rows_nested": async () => {
    const df = spark.createDataFrame([makeRow({ id: 1, info: makeRow({ city: "X", zip: 10 }) }), makeRow({ id: 2, info: makeRow({ city: "Y", zip: 20 }) })]);
    df.printSchema();
    await df.show();
    print(await df.collect());
  },
  "create.schema_field_lookup": () => {
    const df = spark.createDataFrame([[1, "a"]], "id int, name string");
    print(df.schema["name"]);
    print(df.schema["id"].dataType);
    print(df.schema.fieldNames());
  },
  "create.dtypes": () => {
    const df = spark.createDataFrame([[1, "a", 2.5, [1], new Map([["k", "v"]])]], "id int, name string, x double, a array<int>, m map<string,string>");
    print(df.dtypes.map(([a, b]) => tuple(a, b)));
  },

};

/** Cases whose program cannot be written against Iskra, with the reason. */
const NOT_PORTED: Record<string, string> = {
  "create.rows_types": "JavaScript has no date-only value (datetime.date): a Date is a timestamp; the other types are inferred as here",
};

async function run(program: Program): Promise<{ stdout: string; error?: unknown }> {
  clear();
  try {
    await program();
    return { stdout: out() };
  } catch (error) {
    return { stdout: out(), error };
  }
}

test("every captured case is ported or not ported with a reason", () => {
  const missing = GOLDEN.map((c) => c.id).filter((id) => id !== "_prelude" && !(id in CASES) && !(id in NOT_PORTED));
  assert.deepEqual(missing, []);
  for (const id of Object.keys(CASES)) assert.ok(byId.has(id), `${id} is not in the golden file`);
});

for (const [id, program] of Object.entries(CASES)) {
  const g = byId.get(id);
  if (!g) continue;
  test(id, async () => {
    const o = await run(program);
    if (g.error) {
      assert.ok(o.error !== undefined, `expected ${g.error.class}: ${g.error.firstLine}\nbut nothing was raised; printed:\n${o.stdout}`);
      const e = o.error as Error;
      const msg = String(e?.message ?? e);
      const firstLine = msg.split("\n").find((l) => l.trim() !== "") ?? "";
      assert.equal(e.constructor.name, g.error.class, msg);
      assert.ok(firstLine === g.error.firstLine || msg === g.error.simpleMessage, `got ${firstLine}\nwant ${g.error.firstLine}`);
      assert.equal(o.stdout, g.stdout);
      return;
    }
    if (o.error !== undefined) assert.fail(`unexpected ${(o.error as Error)?.stack ?? o.error}\nprinted:\n${o.stdout}`);
    assert.equal(o.stdout, g.stdout);
  });
}
