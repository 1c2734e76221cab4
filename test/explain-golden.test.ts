/**
 * explain() against golden files (test/fixtures/explain/<case>.txt): the physical and, extended,
 * the logical plans Iskra prints for typical batch and streaming queries. Spark's own text carries
 * expression ids and whole-stage codegen ids, which Iskra does not have, so the files are Iskra's;
 * what must match Spark's — the sections and their order, the blank line after each, the tree
 * drawing — is checked against PySpark 3.5's output (test/fixtures/explain/pyspark-sections.txt,
 * captured by scripts/spark-oracle/explain_sections.py). ISKRA_UPDATE_GOLDEN=1 rewrites Iskra's files.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { DataFrame, Window, col, count, desc, from_json, row_number, sum, window } from "../src/index";
import { captureSession } from "./support/spark";
import { memoryInput } from "./support/stream-test";

const DIR = path.join(__dirname, "fixtures", "explain");
const { spark, out, clear } = captureSession();
spark.conf.set("spark.sql.session.timeZone", "UTC");

const people = () => spark.createDataFrame([[1, "Harry", "Gryffindor", 5], [2, "Draco", "Slytherin", 9]], "id int, name string, house string, score int");

const CASES: Record<string, () => { df: DataFrame; extended?: boolean } | Promise<string>> = {
  "project-filter": () => ({ df: people().filter(col("score").gt(3)).select(col("name"), col("score").multiply(2).alias("double")) }),
  "aggregate": () => ({ df: people().groupBy("house").agg(count("*").alias("n"), sum("score").alias("total")) }),
  "join-sort-limit": () => ({ df: people().alias("a").join(people().alias("b"), "id").orderBy(desc("a.score")).limit(1) }),
  "window": () => ({ df: people().withColumn("rank", row_number().over(Window.partitionBy("house").orderBy("score"))) }),
  "extended": () => ({ df: people().filter(col("score").gt(3)).groupBy("house").count(), extended: true }),
  "sql": () => ({ df: (people().createOrReplaceTempView("people"), spark.sql("SELECT house, max(score) AS best FROM people WHERE id > 0 GROUP BY house")) }),
  "stream-window-watermark": async () => {
    const { df } = memoryInput(spark, "value STRING");
    const parsed = df.select(from_json(col("value"), "house STRING, ts TIMESTAMP").alias("d")).select("d.*");
    const q = parsed.withWatermark("ts", "10 seconds").groupBy(window(col("ts"), "1 minute"), col("house")).count()
      .writeStream.outputMode("append").format("memory").queryName("explain_golden_stream").start();
    await q.processAllAvailable();
    clear();
    q.explain();
    await q.stop();
    return out();
  },
};

/** What varies from run to run: a stream source's expression id (MemoryStream[value#12]), the query's temporary checkpoint and run id. */
const stable = (text: string) => text.replace(/#\d+/g, "#N").replace(/file:[^,\]]*\/state/g, "file:<checkpoint>/state").replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<runId>");

for (const [name, make] of Object.entries(CASES)) {
  test(`explain golden: ${name}`, async () => {
    const made = make();
    let text: string;
    if (made instanceof Promise) text = await made;
    else {
      clear();
      made.df.explain(made.extended ?? false);
      text = out();
    }
    text = stable(text);
    const file = path.join(DIR, `${name}.txt`);
    if (process.env.ISKRA_UPDATE_GOLDEN === "1") fs.writeFileSync(file, text);
    assert.equal(text, fs.readFileSync(file, "utf8"));
  });
}

test("explain's sections, their order and spacing are PySpark 3.5's", () => {
  const spark35 = fs.readFileSync(path.join(DIR, "pyspark-sections.txt"), "utf8");
  const sections = (t: string) => t.split("\n").filter((l) => /^== .* ==$/.test(l));
  const block = (t: string, mode: string) => t.split(`=====${mode}\n`)[1].split("=====")[0];
  clear();
  people().filter(col("id").gt(0)).select("name").explain();
  const simple = out();
  clear();
  people().filter(col("id").gt(0)).select("name").explain(true);
  const extended = out();
  assert.deepEqual(sections(simple), sections(block(spark35, "simple")));
  assert.deepEqual(sections(extended), sections(block(spark35, "extended")));
  // Each section ends with a blank line (Spark: "\n\n" between sections and after the last).
  for (const t of [simple, extended]) assert.ok(t.endsWith("\n\n"), JSON.stringify(t.slice(-20)));
  assert.deepEqual(extended.split("\n").filter((l) => l === "").length, block(spark35, "extended").split("\n").filter((l) => l === "").length);
});
