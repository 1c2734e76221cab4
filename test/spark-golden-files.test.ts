/**
 * Spark's file formats, replayed through Iskra: test/fixtures/spark-golden-files.json holds what
 * PySpark 3.5 printed (printSchema, show(truncate=False)), raised or wrote for CSV, JSON and text
 * files and directory layouts (captured by scripts/spark-oracle/golden_files.py, local[1], UTC).
 * Each read case lays the same files in a fresh directory and reads them with the same options;
 * each write case writes the same rows and compares the files (the job uuid masked). Where Spark's
 * row order depends on the file system's listing order (several files), rows are compared as sets.
 * KNOWN_DIFFERENCES lists what Iskra still gets wrong; each must still differ.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SparkSession } from "../src/index";

interface GoldenCase {
  id: string;
  files: Record<string, string>;
  encoding?: string;
  read?: { format: string; options: Record<string, string>; schema?: string | null; paths?: string[] | null } | null;
  write?: { rows: unknown[][]; schema: string; format: string; options: Record<string, string>; partitionBy?: string[] | null };
  printSchema?: string;
  show?: string;
  written?: Record<string, string>;
  error?: { class: string; firstLine: string; javaClass?: string; rootCause?: string; errorClass?: string };
}

const GOLDEN: GoldenCase[] = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "spark-golden-files.json"), "utf8"));

/** Cases Iskra still gets wrong, with why. */
const KNOWN_DIFFERENCES: Record<string, string> = {
  "csv.infer.long_decimal": "decimals are JS numbers: a decimal(20,0) value is exact only to 15-16 digits (src/types/decimal-type.ts)",
};

function encode(text: string, encoding = "utf-8"): Buffer {
  if (encoding === "latin-1") return Buffer.from(text, "latin1");
  if (encoding === "utf-16") return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()]);
  return Buffer.from(text, "utf8");
}

/** Spark's exception text inside a Py4J job failure ("…: org.apache.spark.SparkException: [X] …"). */
function sparkMessage(e: NonNullable<GoldenCase["error"]>): string {
  const m = /(?:org\.apache\.spark\.\w+|java\.lang\.\w+): (.*)$/.exec(e.firstLine);
  return m ? m[1] : e.firstLine;
}

const lines = (s: string) => s.split("\n");
const multiFile = (c: GoldenCase) => Object.keys(c.files).length > 1 || (c.read?.paths?.length ?? 0) > 1;
const body = (show: string) => { const ls = lines(show); return [...ls.slice(0, 3), ...ls.slice(3, -2).sort(), ...ls.slice(-2)].join("\n"); };

const spark = SparkSession.builder.master("local[1]").appName("golden-files").getOrCreate().newSession();
spark.conf.set("spark.sql.session.timeZone", "UTC");

async function run(c: GoldenCase, dir: string): Promise<{ printSchema?: string; show?: string; written?: Record<string, string>; error?: Error }> {
  try {
    if (c.write) {
      const df = spark.createDataFrame(c.write.rows, c.write.schema);
      let w = df.write.format(c.write.format).options(c.write.options);
      if (c.write.partitionBy) w = w.partitionBy(...c.write.partitionBy);
      const out = path.join(dir, "out");
      await w.save(out);
      const written: Record<string, string> = {};
      const walk = (d: string) => {
        for (const n of fs.readdirSync(d).sort()) {
          const p = path.join(d, n);
          if (fs.statSync(p).isDirectory()) walk(p);
          else written[path.relative(out, p).replace(/part-(\d{5})-[0-9a-f-]{36}/, "part-$1-<uuid>")] = fs.readFileSync(p, "utf8");
        }
      };
      walk(out);
      return { written: Object.fromEntries(Object.entries(written).sort(([a], [b]) => (a < b ? -1 : 1))) };
    }
    for (const [name, text] of Object.entries(c.files)) {
      const p = path.join(dir, name);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, encode(text, c.encoding));
    }
    const r = c.read!;
    const options = Object.fromEntries(Object.entries(r.options).map(([k, v]) => [k, v.replace("{D}", dir)]));
    let reader = spark.read.format(r.format).options(options);
    if (r.schema) reader = reader.schema(r.schema);
    const paths = r.paths ? r.paths.map((p) => path.join(dir, p)) : [dir];
    const df = reader.load(paths.length > 1 ? paths : paths[0]);
    const printSchema = df.schema.treeString();
    const show = await df.showString(20, false);
    return { printSchema, show };
  } catch (e) {
    return { error: e as Error };
  }
}

for (const c of GOLDEN) {
  test(`golden files: ${c.id}`, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-golden-files-"));
    try {
      const got = await run(c, dir);
      const check = () => {
        if (c.error) {
          assert.ok(got.error, `expected an error, got ${got.show ?? JSON.stringify(got.written)}`);
          const want = sparkMessage(c.error).replace("{D}", dir);
          assert.equal(got.error.message.split("\n")[0], want);
        } else if (c.written) {
          if (got.error) throw got.error;
          assert.deepEqual(got.written, c.written);
        } else {
          if (got.error) throw got.error;
          assert.equal(got.printSchema, c.printSchema);
          assert.equal(multiFile(c) ? body(got.show!) : got.show, multiFile(c) ? body(c.show!) : c.show);
        }
      };
      if (KNOWN_DIFFERENCES[c.id]) assert.throws(check, assert.AssertionError, `${c.id} now matches Spark: remove it from KNOWN_DIFFERENCES`);
      else check();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
