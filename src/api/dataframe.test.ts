import { test } from "node:test";
import * as assert from "node:assert/strict";
import {
  AnalysisException, StringType, StructType, StructField, TimestampType, IntegerType, LongType, col, count, sum, avg, min, max,
  approx_count_distinct, countDistinct, from_json, explode, split, expr, lit, when, upper, length, concat, struct, to_json, desc,
} from "../index";
import { captureSession, SEED_VALUES } from "../../test/support/spark";

const { spark, out, clear } = captureSession();

const dataSchema = StructType([
  StructField("house", StringType(), true),
  StructField("character", StringType(), true),
  StructField("score", StringType(), true),
  StructField("ts", TimestampType(), true),
]);

function prototype() {
  const valuesDF = spark.createDataFrame(SEED_VALUES, StringType());
  const dataDF = valuesDF.select(from_json(col("value"), dataSchema).alias("data")).select("data.*");
  const resultDF = dataDF
    .groupBy("house")
    .agg(count("*").alias("how_many"), sum(col("score").cast("long")).alias("sum_score"), approx_count_distinct("character").alias("no_characters"));
  return { valuesDF, dataDF, resultDF };
}

test("seed steps 21-25: schemas as Spark prints them", () => {
  const { valuesDF, dataDF, resultDF } = prototype();
  clear();
  valuesDF.printSchema();
  assert.equal(out(), "root\n |-- value: string (nullable = true)\n\n");
  clear();
  dataDF.printSchema();
  assert.equal(out(), "root\n |-- house: string (nullable = true)\n |-- character: string (nullable = true)\n |-- score: string (nullable = true)\n |-- ts: timestamp (nullable = true)\n\n");
  clear();
  resultDF.printSchema();
  assert.equal(out(), "root\n |-- house: string (nullable = true)\n |-- how_many: long (nullable = false)\n |-- sum_score: long (nullable = true)\n |-- no_characters: long (nullable = false)\n\n");
});

test("seed step 25: the house statistics, exactly", async () => {
  clear();
  await prototype().resultDF.orderBy("house").show();
  assert.equal(
    out(),
    [
      "+--------------+--------+---------+-------------+",
      "|         house|how_many|sum_score|no_characters|",
      "+--------------+--------+---------+-------------+",
      "|    Gryffindor|       2|       15|            2|",
      "|Horned Serpent|       1|        4|            1|",
      "|     Ravenclaw|       1|        1|            1|",
      "|     Slytherin|       1|        4|            1|",
      "|   Thunderbird|       1|        4|            1|",
      "+--------------+--------+---------+-------------+",
      "",
      "",
    ].join("\n"),
  );
});

test("collect gives Rows by name, by position and asDict", async () => {
  const rows = await prototype().resultDF.orderBy(desc("how_many"), "house").collect();
  assert.equal(rows.length, 5);
  assert.equal(rows[0].house, "Gryffindor");
  assert.equal(rows[0][1], 2);
  assert.deepEqual(rows[0].asDict(), { house: "Gryffindor", how_many: 2, sum_score: 15, no_characters: 2 });
  assert.equal(String(rows[0]), "Row(house='Gryffindor', how_many=2, sum_score=15, no_characters=2)");
});

test("timestamps keep their milliseconds through from_json and show", async () => {
  const { dataDF } = prototype();
  clear();
  await dataDF.select("ts").show(2, false);
  assert.equal(out(), "+-----------------------+\n|ts                     |\n+-----------------------+\n|2022-08-11 16:34:11.633|\n|2022-08-11 16:33:50.74 |\n+-----------------------+\nonly showing top 2 rows\n\n");
});

test("the seed's stray quotes make malformed JSON: rows of nulls, not a crash", async () => {
  const broken = ['"{"house": "Thunderbird", "character": "Albus Dumbledore", "score": "4", "ts": "2022-08-11 16:33:50.74"}', "", "\u0000\u00ff garbage", "{}"];
  const df = spark.createDataFrame(broken, StringType()).select(from_json(col("value"), dataSchema).alias("data")).select("data.*");
  const rows = await df.collect();
  assert.deepEqual(rows.map((r) => [...r]), [[null, null, null, null], [null, null, null, null], [null, null, null, null], [null, null, null, null]]);
});

test("word count: explode(split) schema and counts", async () => {
  const lines = spark.createDataFrame(["spark scala scala spark structured streaming spark scala scala spark"], StringType());
  const words = lines.select(explode(split(lines.col("value"), " ")).alias("word"));
  const counts = words.groupBy("word").count();
  clear();
  counts.printSchema();
  assert.equal(out(), "root\n |-- word: string (nullable = false)\n |-- count: long (nullable = false)\n\n");
  const rows = await counts.orderBy("word").collect();
  assert.deepEqual(rows.map((r) => [r.word, r.count]), [["scala", 4], ["spark", 4], ["streaming", 1], ["structured", 1]]);
});

test("unknown column: UNRESOLVED_COLUMN with the closest names, on the line that names it", () => {
  const { dataDF } = prototype();
  assert.throws(() => dataDF.select("hous"), (e: unknown) => {
    assert.ok(e instanceof AnalysisException);
    assert.match((e as Error).message, /^\[UNRESOLVED_COLUMN.WITH_SUGGESTION\] A column or function parameter with name `hous` cannot be resolved. Did you mean one of the following\? \[`house`/);
    return true;
  });
  assert.throws(() => dataDF.filter(col("xyz").gt(1)), AnalysisException);
  assert.throws(() => dataDF.groupBy("nope"), AnalysisException);
});

test("default column names follow Spark", () => {
  const df = spark.createDataFrame([[1, "x"]], "a INT, b STRING");
  const names = df.select(
    col("a").plus(1), col("a").multiply(2).minus(col("a")), col("b").cast("long"), expr("CAST(b AS STRING)"), upper(col("b")), length("b"),
    lit(1), lit("x"), concat("b", "b"), col("a").isNull(), col("a").isin(1, 2), when(col("a").gt(1), "x").otherwise("y"), struct("a", "b"),
  ).columns;
  assert.deepEqual(names, [
    "(a + 1)", "((a * 2) - a)", "b", "b", "upper(b)", "length(b)", "1", "x", "concat(b, b)", "(a IS NULL)", "(a IN (1, 2))",
    "CASE WHEN (a > 1) THEN x ELSE y END", "struct(a, b)",
  ]);
  assert.deepEqual(df.groupBy("b").agg(count("*"), count("a"), sum("a"), avg("a"), min("a"), max("a"), countDistinct("a"), approx_count_distinct("a")).columns,
    ["b", "count(1)", "count(a)", "sum(a)", "avg(a)", "min(a)", "max(a)", "count(DISTINCT a)", "approx_count_distinct(a)"]);
  assert.deepEqual(df.select(to_json(struct("a", "b"))).columns, ["to_json(struct(a, b))"]);
});

test("transformations: withColumn, withColumnRenamed, drop, filter, selectExpr, distinct, union, limit", async () => {
  const df = spark.createDataFrame([[1, "a"], [2, "b"], [2, "b"], [3, null]], "n INT, s STRING");
  const t = df.withColumn("m", col("n").multiply(10)).withColumnRenamed("s", "letter").drop("n").filter("m >= 20").distinct();
  assert.deepEqual(t.columns, ["letter", "m"]);
  assert.deepEqual((await t.orderBy("m").collect()).map((r) => [...r]), [["b", 20], [null, 30]]);
  const u = df.select("n").union(spark.createDataFrame([[9]], "n INT"));
  assert.equal(await u.count(), 5);
  assert.deepEqual((await df.selectExpr("n + 1 AS k", "upper(s)").limit(2).collect()).map((r) => [...r]), [[2, "A"], [3, "B"]]);
  assert.equal(df.col("n").toString(), "Column<'n'>");
});

test("joins: inner and left on column names and on a condition", async () => {
  const people = spark.createDataFrame([["Harry", "Gryffindor"], ["Draco", "Slytherin"], ["Luna", "Ravenclaw"]], "name STRING, house STRING");
  const founders = spark.createDataFrame([["Gryffindor", "Godric"], ["Slytherin", "Salazar"]], "house STRING, founder STRING");
  const inner = people.join(founders, "house");
  assert.deepEqual(inner.columns, ["house", "name", "founder"]);
  assert.deepEqual((await inner.orderBy("name").collect()).map((r) => [...r]), [["Slytherin", "Draco", "Salazar"], ["Gryffindor", "Harry", "Godric"]]);
  const left = people.join(founders, ["house"], "left");
  assert.deepEqual((await left.orderBy("name").collect()).map((r) => r.founder), ["Salazar", "Godric", null]);
  const cond = people.join(founders, people.col("house").eq(founders.col("house")), "inner");
  assert.equal(await cond.count(), 2);
  assert.equal(cond.columns.length, 4);
});

test("global aggregate with select(count(*)) and empty input", async () => {
  const df = spark.createDataFrame([[1], [2], [null]], "n INT");
  const r = await df.select(count("*").alias("c"), sum("n"), avg("n"), max("n")).first();
  assert.deepEqual([...r!], [3, 3, 1.5, 2]);
  const empty = await df.filter("n > 100").select(count("*"), sum("n")).first();
  assert.deepEqual([...empty!], [0, null]);
});

test("GroupedData.sum on a string column is rejected as in Spark", () => {
  const { dataDF } = prototype();
  assert.throws(() => dataDF.groupBy("house").sum("character"), /"character" is not a numeric column. Aggregation function can only be applied on a numeric column./);
});

test("casts follow Spark's non-ANSI rules", async () => {
  const df = spark.createDataFrame([["1"], [" 2 "], ["1.9"], ["-3"], ["abc"], [""], ["2147483648"]], "s STRING");
  const rows = await df.select(col("s").cast("int").alias("i"), col("s").cast("long").alias("l"), col("s").cast("double").alias("d")).collect();
  assert.deepEqual(rows.map((r) => r.i), [1, 2, 1, -3, null, null, null]);
  assert.deepEqual(rows.map((r) => r.l), [1, 2, 1, -3, null, null, 2147483648]);
  assert.deepEqual(rows.map((r) => r.d), [1, 2, 1.9, -3, null, null, 2147483648]);
});

test("FAILFAST from_json shows the partial row, as Spark does", async () => {
  const df = spark.createDataFrame(["{bad json"], StringType()).select(from_json(col("value"), dataSchema, { mode: "FAILFAST" }).alias("d"));
  await assert.rejects(df.collect(), /Malformed records are detected in record parsing: \[null,null,null,null\].\nParse Mode: FAILFAST/);
});

test("explain prints the physical plan: optimised (the unread ts column pruned), as operators", () => {
  clear();
  prototype().resultDF.explain();
  assert.match(out(), /== Physical Plan ==\n\* HashAggregate\(keys=\[house\], functions=\[count\(1\), sum\(CAST\(score AS BIGINT\)\), approx_count_distinct\(character\)\]\)\n\+- Project \[data.house AS house, data.character AS character, data.score AS score\]\n   \+- LocalTableScan \[value\]\n/);
});

test("createDataFrame verifies values against the schema", () => {
  assert.throws(() => spark.createDataFrame([["x"]], "n INT"), /CANNOT_ACCEPT_OBJECT_IN_TYPE/);
  assert.throws(() => spark.createDataFrame([[1, 2]], "n INT"), /LENGTH_SHOULD_BE_THE_SAME/);
  const inferred = spark.createDataFrame([{ a: 1, b: "x", c: 1.5 }]);
  assert.deepEqual(inferred.dtypes, [["a", "bigint"], ["b", "string"], ["c", "double"]]);
  void IntegerType; void LongType;
});

test("FAILFAST also names the record itself (the cause), so a learner can find it", async () => {
  const df = spark.createDataFrame(['{"house": "Ravenclaw", "character"'], StringType()).select(from_json(col("value"), dataSchema, { mode: "FAILFAST" }).alias("d"));
  await assert.rejects(df.collect(), /Caused by: BadRecordException: the record "\{\\"house\\": \\"Ravenclaw\\", \\"character\\"" does not parse/);
});

test("bad input never crashes: enormous lines, binary garbage, wrong types give Spark's nulls", async () => {
  const huge = JSON.stringify({ house: "Gryffindor", character: "x".repeat(5_000_000), score: "7" });
  const garbage = Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x22, 0xc3]).toString("latin1");
  const df = spark.createDataFrame([huge, garbage, '{"house": 5, "score": [1,2], "ts": "not a time"}', "[]", "null"], StringType())
    .select(from_json(col("value"), dataSchema).alias("d")).select("d.house", "d.score", "d.ts", expr("length(d.character)").alias("len"));
  const rows = (await df.collect()).map((r) => [...r]);
  assert.deepEqual(rows, [
    ["Gryffindor", "7", null, 5_000_000],
    [null, null, null, null],
    ["5", "[1,2]", null, null],
    [null, null, null, null],
    [null, null, null, null],
  ]);
  const bytes = spark.createDataFrame([[Buffer.from([0x68, 0x69, 0xff])]], "b BINARY").select(col("b").cast("string").alias("s"));
  assert.equal((await bytes.first())!.s.length, 3);
});

test("columnAttributes (the shell's sessions): df.n is the column n, as PySpark's attribute access; off by default", () => {
  const df = spark.createDataFrame([[1, "a"]], "n INT, s STRING");
  assert.equal((df as any).n, undefined, "a library session's frames have only their members");
  const shellLike = spark.newSession();
  shellLike.columnAttributes = true;
  const sdf = shellLike.createDataFrame([[1, "a"]], "n INT, s STRING") as any;
  assert.equal(String(sdf.n), "Column<'n'>");
  assert.equal(String(sdf.select(sdf.s).s), "Column<'s'>", "derived frames answer too");
  assert.equal(sdf.then, undefined, "never thenable (the shell awaits thenables)");
  assert.throws(() => sdf.missing, { name: "AttributeError", message: "'DataFrame' object has no attribute 'missing'" }, "neither a member nor a column: PySpark's AttributeError");
  assert.throws(() => sdf.selct, (e: any) => e.suggestions.includes("select"), "with the closest members as suggestions");
  assert.deepEqual(sdf.columns, ["n", "s"], "members win over columns");
  assert.equal((shellLike.newSession().createDataFrame([[1]], "n INT") as any).n.toString(), "Column<'n'>", "newSession() inherits it");
});
