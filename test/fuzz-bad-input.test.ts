/**
 * Bad input, fuzzed (bounded, seeded): malformed JSON, invalid UTF-8, binary garbage, 5 MB values,
 * deeply nested JSON, wrong types, empty and null values through from_json (PERMISSIVE), CAST and
 * split. Nothing may throw and every input row comes out; a fixed sample is compared with what real
 * PySpark 3.5 returned (test/fixtures/fuzz-sample.json, scripts/spark-oracle/fuzz_sample.py).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { col, expr, from_json, split } from "../src/index";
import { prng } from "../scripts/chaos/chaos";
import { captureSession } from "./support/spark";
import { VALID, fuzzValue, pyStr } from "./support/fuzz";

const { spark } = captureSession();
spark.conf.set("spark.sql.session.timeZone", "UTC");
const SCHEMA = "house STRING, character STRING, score STRING, ts TIMESTAMP";
test("1,000 seeded fuzz values (plus a 5 MB one): from_json PERMISSIVE, CAST, split never throw and keep every row", async () => {
  const r = prng(2024);
  const values: (Uint8Array | null)[] = Array.from({ length: 1000 }, () => fuzzValue(r));
  values.push(Buffer.from(`{"house": "${"x".repeat(5 << 20)}", "score": "1"}`));
  values.push(Buffer.from("x".repeat(5 << 20)));
  const df = spark.createDataFrame(values.map((v) => [v]), "b BINARY").select(expr("CAST(b AS STRING)").alias("value"));
  const out = await df.select(
    from_json(col("value"), SCHEMA).alias("data"),
    expr("CAST(value AS INT)").alias("i"), expr("CAST(value AS DOUBLE)").alias("d"), expr("CAST(value AS BOOLEAN)").alias("bo"),
    split(col("value"), ",").alias("parts"),
  ).select("data.*", "i", "d", "bo", "parts").collect();
  assert.equal(out.length, values.length);
  values.forEach((v, i) => {
    const row = out[i];
    if (v === null) assert.equal(row.house, null, `row ${i}: null value → null struct fields`);
    if (v !== null && Buffer.from(v).toString() === VALID) assert.equal(row.house, "Gryffindor", `row ${i}`);
  });
  assert.equal(String(out[values.length - 2].house).length, 5 << 20, "the 5 MB JSON value parses");
  assert.equal(out[values.length - 1].house, null);
});

const FIXTURE = path.join(__dirname, "fixtures", "fuzz-sample.json");

test("the PySpark 3.5 sample: from_json (PERMISSIVE), CAST to INT/BIGINT/DOUBLE/BOOLEAN and split as Spark returns them", async () => {
  const sample = JSON.parse(fs.readFileSync(FIXTURE, "utf8")) as { value: string; from_json: (string | null)[] | null; casts: (string | null)[]; split: string[] | null }[];
  const df = spark.createDataFrame(sample.map((s) => [s.value]), "value STRING");
  const rows = await df.select(
    from_json(col("value"), SCHEMA).alias("data"),
    expr("CAST(value AS INT)").alias("i"), expr("CAST(value AS BIGINT)").alias("l"), expr("CAST(value AS DOUBLE)").alias("d"), expr("CAST(value AS BOOLEAN)").alias("b"),
    split(col("value"), ",").alias("parts"),
  ).collect();
  const str = pyStr;
  const diffs: string[] = [];
  sample.forEach((s, i) => {
    const r = rows[i];
    const data = r.data === null ? null : [...r.data].map(str);
    const got = { from_json: data, casts: [r.i === null ? null : String(r.i), r.l === null ? null : String(r.l), str(r.d), str(r.b)], split: r.parts === null ? null : [...r.parts].map(String) };
    const want = { from_json: s.from_json, casts: s.casts, split: s.split };
    if (JSON.stringify(got) !== JSON.stringify(want)) diffs.push(`${JSON.stringify(s.value)}: got ${JSON.stringify(got)}, PySpark ${JSON.stringify(want)}`);
  });
  assert.deepEqual(diffs, []);
});
