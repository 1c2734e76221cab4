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

const { spark } = captureSession();
spark.conf.set("spark.sql.session.timeZone", "UTC");
const SCHEMA = "house STRING, character STRING, score STRING, ts TIMESTAMP";
const VALID = '{"house": "Gryffindor", "character": "Harry Potter", "score": "7", "ts": "2022-08-11 16:34:11.633"}';

/** A malformed or odd value of one of several kinds, from a seeded generator. */
function fuzzValue(r: () => number): Uint8Array | null {
  const n = (k: number) => Math.floor(r() * k);
  switch (n(10)) {
    case 0: return null;
    case 1: return new Uint8Array(0);
    case 2: return Uint8Array.from({ length: 1 + n(64) }, () => n(256)); // binary garbage, mostly invalid UTF-8
    case 3: return Buffer.from(VALID.slice(0, n(VALID.length))); // truncated JSON
    case 4: { const d = 1 + n(3000); return Buffer.from("[".repeat(d) + "1" + "]".repeat(n(2) ? d : 0)); } // deep nesting
    case 5: return Buffer.from(JSON.stringify({ house: [n(9)], character: { x: n(9) }, score: n(2) ? n(100) : null, ts: n(2) ? "bad" : 12 }));
    case 6: { const b = Buffer.from(VALID); b[n(b.length)] = [0xff, 0xc3, 0x80, 0x00][n(4)]; return b; } // one corrupt byte
    case 7: return Buffer.from(String(n(2) ? r() * 1e12 : -n(1000)) + [" ", "", "x", ",1"][n(4)]);
    case 8: return Buffer.from(Array.from({ length: n(6) }, () => ["a", "", "b,c", "\u0000", "ż"][n(5)]).join(","));
    default: return Buffer.from(VALID);
  }
}

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
  const str = (v: unknown): string | null => {
    if (v === null || v === undefined) return null;
    if (v instanceof Date) { // Python's str(datetime): microseconds only when not zero
      const iso = v.toISOString().replace("T", " ").replace("Z", "");
      return iso.endsWith(".000") ? iso.slice(0, -4) : iso + "000";
    }
    if (typeof v === "number") return pyFloat(v);
    if (typeof v === "boolean") return v ? "True" : "False";
    return String(v);
  };
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

/** Python's str() of a float. */
function pyFloat(v: number): string {
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return v.toFixed(1);
  return String(v);
}
