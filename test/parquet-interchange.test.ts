// @needs: pyspark
/**
 * Parquet interchange with real PySpark 3.5, both ways. PySpark writes every case of
 * scripts/spark-oracle/parquet_fixtures.py (types, nesting, decimals, timestamps, legacy layouts,
 * codecs, bad files) into a fresh directory and Iskra reads them with the same printSchema(),
 * show(truncate=False) and error texts; Iskra writes the same data back — with each codec, each
 * spark.sql.parquet.outputTimestampType and partitionBy — and PySpark reads Iskra's files with
 * the same output as Iskra. Needs PySpark (PYSPARK_PYTHON or python3) and Java 17; skipped
 * without them unless ISKRA_REQUIRE_PYSPARK=1 (CI), where it fails.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { INSTALL_HINT, findPySpark } from "../src/export/side-by-side";
import { SparkSession, col } from "../src/index";
import { ParquetGolden, normalizeError, replayParquetCase } from "./support/parquet-cases";

const ROOT = path.resolve(__dirname, "..");
const pyspark = findPySpark();
const required = process.env.ISKRA_REQUIRE_PYSPARK === "1";
const work = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-parquet-interchange-"));
/** What hyparquet assembles differently (see test/parquet-golden.test.ts). */
const KNOWN = new Set(["legacy_nested"]);

function python(script: string, args: string[]): string {
  const r = spawnSync(pyspark!.python, [path.join(ROOT, "scripts", "spark-oracle", script), ...args], {
    encoding: "utf8", timeout: 600_000, env: { ...process.env, PYSPARK_PYTHON: pyspark!.python },
  });
  assert.equal(r.status, 0, `${script} failed:\n${(r.stderr ?? "").split("\n").filter((l) => !/^\s+at /.test(l)).slice(-15).join("\n")}`);
  return r.stdout;
}

describe("Parquet interchange with PySpark 3.5", { skip: !pyspark && !required ? INSTALL_HINT : false }, () => {
  const spark = SparkSession.builder.getOrCreate().newSession();
  spark.conf.set("spark.sql.session.timeZone", "UTC");
  const written = path.join(work, "pyspark");
  let golden: Record<string, ParquetGolden> = {};

  before(() => {
    assert.ok(pyspark, INSTALL_HINT);
    python("parquet_fixtures.py", [written, path.join(work, "golden.json")]);
    golden = JSON.parse(fs.readFileSync(path.join(work, "golden.json"), "utf8"));
  });

  it("Iskra reads what PySpark wrote: same schema, show and errors", async () => {
    assert.ok(Object.keys(golden).length >= 25, "every case captured");
    const differ: string[] = [];
    for (const [name, g] of Object.entries(golden)) {
      const actual = await replayParquetCase(spark, written, name, g);
      const expected = g.error !== undefined ? { error: normalizeError(g.error ?? "", written) } : { schema: g.schema, show: g.show };
      if (KNOWN.has(name)) assert.notDeepEqual(actual, expected, `${name} now matches: drop it from KNOWN`);
      else if (JSON.stringify(actual) !== JSON.stringify(expected)) differ.push(`${name}:\n${JSON.stringify(actual)}\n${JSON.stringify(expected)}`);
    }
    assert.deepEqual(differ, []);
  });

  it("PySpark reads what Iskra wrote, with every codec, timestamp type and partitionBy: the same schema and show", async () => {
    const cases: Array<[string, () => Promise<void>]> = [];
    const out = (name: string) => path.join(work, "iskra", name);
    const src = (name: string) => spark.read.parquet(path.join(written, name));
    for (const name of ["all_types", "nested", "not_null", "legacy_decimals", "merge_a"])
      cases.push([name, () => src(name).write.parquet(out(name))]);
    for (const codec of ["uncompressed", "gzip", "zstd", "lz4", "snappy"])
      cases.push([`codec_${codec}`, () => src("all_types").write.option("compression", codec).parquet(out(`codec_${codec}`))]);
    for (const ts of ["INT96", "TIMESTAMP_MICROS", "TIMESTAMP_MILLIS"])
      cases.push([`ts_${ts}`, async () => {
        const s = spark.newSession();
        s.conf.set("spark.sql.parquet.outputTimestampType", ts);
        await s.read.parquet(path.join(written, "all_types")).write.parquet(out(`ts_${ts}`));
      }]);
    cases.push(["partitioned", () => src("all_types").filter(col("i").isNotNull()).write.partitionBy("bool", "dt").parquet(out("partitioned"))]);
    for (const [, write] of cases) await write();
    // all_types keeps its one file's order (name ends in "!"); a partitioned read is ordered, its directories list in no fixed order.
    const key = (name: string) => (["nested", "not_null", "legacy_decimals", "merge_a", "partitioned"].includes(name) ? name : `${name}!`);
    const theirs = JSON.parse(python("parquet_read.py", cases.map(([name]) => `${key(name)}=${out(name)}`))) as Record<string, ParquetGolden>;
    const differ: string[] = [];
    for (const [name] of cases) {
      let df = spark.read.parquet(out(name));
      if (!key(name).endsWith("!")) df = df.orderBy(df.columns[0]);
      const ours = { schema: df.schema.treeString(), show: await df.showString(20, false) };
      if (JSON.stringify(ours) !== JSON.stringify(theirs[key(name)])) differ.push(`${name}:\nIskra   ${JSON.stringify(ours)}\nPySpark ${JSON.stringify(theirs[key(name)])}`);
    }
    assert.deepEqual(differ, []);
    // And the data is what PySpark wrote in the first place.
    assert.equal(theirs["all_types!"].show, golden.all_types.show);
    assert.equal(theirs["codec_zstd!"].show, golden.all_types.show);
    assert.equal(theirs.nested.show, golden.nested.show);
  });
});
