// @needs: pyspark
/**
 * Files pass both ways between Iskra and real PySpark 3.5: what Iskra writes (CSV with quotes,
 * escapes, line breaks inside values and a Latin-1 encoding, JSON with nested values, text,
 * partitioned directories, a streaming file sink with an uncommitted stray file) PySpark reads
 * with the printSchema() and show(truncate=False) Iskra gives; what PySpark writes Iskra reads
 * as PySpark does; a malformed CSV file reads alike under each mode. One PySpark run
 * (scripts/spark-oracle/files_interchange.py). Skipped without PySpark unless ISKRA_REQUIRE_PYSPARK=1.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { INSTALL_HINT, findPySpark } from "../src/export/side-by-side";
import { SparkSession } from "../src/index";

const pyspark = findPySpark();
const required = process.env.ISKRA_REQUIRE_PYSPARK === "1";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-interchange-"));
const spark = SparkSession.builder.master("local[1]").getOrCreate().newSession();
spark.conf.set("spark.sql.session.timeZone", "UTC");

const SCHEMA = "id INT, s STRING, d STRING, ts STRING, x STRING, b BOOLEAN, m STRING, p STRING";
const SELECT = ["id", "s", "CAST(d AS DATE) AS d", "CAST(ts AS TIMESTAMP) AS ts", "CAST(x AS DOUBLE) AS x", "b", "CAST(m AS DECIMAL(10,2)) AS m", "p"];
const ROWS = [
  [1, 'say "hi", then\nleave', "2024-01-02", "2024-01-02 03:04:05.123456", "1.5", true, "12.30", "a"],
  [2, "back\\slash, ünïcödé", "1999-12-31", "1999-12-31 23:59:59", "-0.0", false, "-0.05", null],
  [3, "", null, null, null, null, null, "x/y"],
  [4, null, "2000-02-29", "2000-02-29 00:00:00", "1e21", true, "99999999.99", "a"],
];

interface Dataset { name: string; format: string; options: Record<string, string>; readOptions?: Record<string, string>; partitionBy?: string[]; schema?: string; orderBy?: string[] }
const DATASETS: Dataset[] = [
  { name: "csv-header", format: "csv", options: { header: "true" }, readOptions: { header: "true", inferSchema: "true", multiLine: "true" }, orderBy: ["id"] },
  { name: "csv-escape-quote", format: "csv", options: { header: "true", escape: '"', quoteAll: "true" }, readOptions: { header: "true", escape: '"', multiLine: "true" }, orderBy: ["id"] },
  { name: "csv-latin1", format: "csv", options: { sep: ";", encoding: "ISO-8859-1", nullValue: "NA" }, readOptions: { sep: ";", encoding: "ISO-8859-1", nullValue: "NA", multiLine: "true" }, orderBy: ["_c0"] },
  { name: "csv-partitioned", format: "csv", options: { header: "true" }, partitionBy: ["p"], readOptions: { header: "true", inferSchema: "true", multiLine: "true" }, orderBy: ["id"] },
  { name: "json", format: "json", options: {}, orderBy: ["id"] },
  { name: "json-gzip", format: "json", options: { compression: "gzip" }, orderBy: ["id"] },
];
const BAD_CSV = "id,name\n1,a\n2,b,extra\n3\nx,c\n";
const MODES = ["PERMISSIVE", "DROPMALFORMED", "FAILFAST"];

const side = (who: string, name: string) => path.join(dir, who, name);
let spark35: Record<string, { printSchema?: string; show?: string; error?: string }> = {};

async function iskraRead(d: Dataset & { path: string }): Promise<{ printSchema?: string; show?: string; error?: string }> {
  try {
    let df = spark.read.format(d.format).options(d.readOptions ?? d.options);
    if (d.schema) df = df.schema(d.schema);
    let frame = df.load(d.path);
    if (d.orderBy) frame = frame.orderBy(...d.orderBy);
    return { printSchema: frame.schema.treeString(), show: await frame.showString(50, false) };
  } catch (e) {
    return { error: (e as Error).message.split("\n")[0] };
  }
}

describe("files between Iskra and PySpark 3.5", { skip: !pyspark && !required ? INSTALL_HINT : false }, () => {
  const reads: (Dataset & { path: string })[] = [];
  before(async () => {
    assert.ok(pyspark, INSTALL_HINT);
    // Iskra writes its side.
    const base = spark.createDataFrame(ROWS, SCHEMA).selectExpr(...SELECT);
    for (const d of DATASETS) {
      let w = base.write.format(d.format).options(d.options);
      if (d.partitionBy) w = w.partitionBy(...d.partitionBy);
      await w.save(side("iskra", d.name));
      reads.push({ ...d, path: side("iskra", d.name) });
    }
    await base.select("s").write.text(side("iskra", "text"));
    reads.push({ name: "text", format: "text", options: {}, path: side("iskra", "text"), orderBy: ["value"] });
    // A streaming file sink, with a file no batch committed.
    const input = path.join(dir, "stream-in");
    fs.mkdirSync(input);
    fs.writeFileSync(path.join(input, "a.csv"), "house,score\nGryffindor,7\nSlytherin,4\n");
    const q = spark.readStream.csv(input, { header: true, schema: "house STRING, score INT" })
      .writeStream.format("json").partitionBy("house").option("checkpointLocation", path.join(dir, "cp")).start(side("iskra", "sink"));
    await q.processAllAvailable();
    fs.writeFileSync(path.join(input, "b.csv"), "house,score\nRavenclaw,9\n");
    await q.processAllAvailable();
    await q.stop();
    fs.writeFileSync(path.join(side("iskra", "sink"), "house=Gryffindor", "part-00000-uncommitted.c000.json"), '{"score":99}\n');
    reads.push({ name: "sink", format: "json", options: {}, path: side("iskra", "sink"), orderBy: ["score"] });
    // Raw malformed CSV, read by both under each mode.
    fs.mkdirSync(path.join(dir, "raw"));
    fs.writeFileSync(path.join(dir, "raw", "bad.csv"), BAD_CSV);
    for (const mode of MODES)
      reads.push({ name: `bad-${mode}`, format: "csv", options: { header: "true", mode }, schema: "id INT, name STRING, _corrupt_record STRING", path: path.join(dir, "raw") });
    const spec = {
      reads,
      writes: DATASETS.map((d) => ({ ...d, path: side("spark", d.name), rows: ROWS, schema: SCHEMA, select: SELECT })),
    };
    fs.writeFileSync(path.join(dir, "spec.json"), JSON.stringify(spec));
    const r = spawnSync(pyspark!.python, [path.join(__dirname, "..", "scripts", "spark-oracle", "files_interchange.py"), path.join(dir, "spec.json"), path.join(dir, "out.json")], {
      encoding: "utf8", timeout: 240_000, env: { ...process.env, PYSPARK_PYTHON: pyspark!.python },
    });
    assert.equal(r.status, 0, r.stderr.slice(-3000));
    spark35 = JSON.parse(fs.readFileSync(path.join(dir, "out.json"), "utf8"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("PySpark reads what Iskra wrote as Iskra reads it", async () => {
    for (const d of reads.filter((x) => !x.name.startsWith("bad-"))) {
      const mine = await iskraRead(d);
      assert.ok(!mine.error, `${d.name}: Iskra: ${mine.error}`);
      assert.deepEqual(spark35[d.name], mine, d.name);
    }
  });

  it("Iskra reads what PySpark wrote as PySpark reads it", async () => {
    for (const d of DATASETS) assert.deepEqual(await iskraRead({ ...d, path: side("spark", d.name) }), spark35[d.name], d.name);
  });

  it("a malformed CSV file reads alike under each mode (FAILFAST: Spark's error)", async () => {
    for (const mode of MODES) {
      const d = reads.find((x) => x.name === `bad-${mode}`)!;
      const mine = await iskraRead(d);
      const theirs = spark35[d.name];
      if (mode === "FAILFAST") {
        assert.ok(mine.error && theirs.error, `${mode}: both fail`);
        assert.match(theirs.error!, /MALFORMED_RECORD_IN_PARSING/);
        assert.match(mine.error!, /^\[MALFORMED_RECORD_IN_PARSING\.WITHOUT_SUGGESTION\] Malformed records are detected in record parsing: \[2,b,2,b,extra\]\./);
      } else assert.deepEqual(mine, theirs, mode);
    }
  });
});
