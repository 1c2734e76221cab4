/**
 * spark.read.parquet / df.write.parquet as a user meets them: Spark's file layout and names, the
 * compression option over spark.sql.parquet.compression.codec, save modes, conf checks, pruning and
 * pushdown reaching the scan, and a failed write that loses nothing already there.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { SparkSession, col } from "../../index";
import { optimize } from "../../execution/optimizer";
import { forEachNode } from "../../plan/logical-plan";

const spark = SparkSession.builder.getOrCreate().newSession();
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "iskra-pq-api-"));
const people = () => spark.createDataFrame([[1, "Ann"], [2, "Bo"], [3, null]], "id INT, name STRING");
const parts = (dir: string) => fs.readdirSync(dir).filter((f) => !f.startsWith("."));

describe("DataFrameReader.parquet / DataFrameWriter.parquet", () => {
  it("writes Spark's layout: part-00000-<uuid>-c000.<codec>.parquet and _SUCCESS", async () => {
    const dir = path.join(tmp(), "out");
    await people().write.parquet(dir);
    assert.deepEqual(parts(dir).map((f) => f.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, "UUID")).sort(), ["_SUCCESS", "part-00000-UUID-c000.snappy.parquet"]);
    assert.deepEqual((await spark.read.parquet(dir).orderBy("id").collect()).map((r) => r.toJSON?.() ?? [...Object.values(r)]), (await people().collect()).map((r) => r.toJSON?.() ?? [...Object.values(r)]));
  });

  it("compression: the option wins over spark.sql.parquet.compression.codec", async () => {
    const s = spark.newSession();
    s.conf.set("spark.sql.parquet.compression.codec", "zstd");
    const df = s.createDataFrame([[1]], "id INT");
    const a = path.join(tmp(), "a"), b = path.join(tmp(), "b"), c = path.join(tmp(), "c");
    await df.write.parquet(a);
    await df.write.option("compression", "gzip").parquet(b);
    await df.write.parquet(c, { compression: "none" });
    assert.match(parts(a).join(), /c000\.zstd\.parquet/);
    assert.match(parts(b).join(), /c000\.gz\.parquet/);
    assert.match(parts(c).join(), /c000\.parquet/);
    assert.throws(() => s.conf.set("spark.sql.parquet.compression.codec", "xyz"),
      /The value of spark\.sql\.parquet\.compression\.codec should be one of brotli, uncompressed, lz4, gzip, lzo, lz4raw, snappy, lz4_raw, none, zstd, but was xyz/);
    assert.throws(() => s.conf.set("spark.sql.parquet.outputTimestampType", "xyz"), /should be one of INT96, TIMESTAMP_MICROS, TIMESTAMP_MILLIS, but was XYZ/);
  });

  it("save modes: error if exists, ignore, append, overwrite", async () => {
    const dir = path.join(tmp(), "out");
    await people().write.format("parquet").save(dir);
    await assert.rejects(people().write.parquet(dir), (e: Error) => e.message === `[PATH_ALREADY_EXISTS] Path file:${path.resolve(dir)} already exists. Set mode as "overwrite" to overwrite the existing path.`);
    await people().write.mode("ignore").parquet(dir);
    assert.equal(await spark.read.parquet(dir).count(), 3);
    await people().write.mode("append").parquet(dir);
    assert.equal(await spark.read.format("parquet").load(dir).count(), 6);
    await people().limit(1).write.mode("overwrite").parquet(dir);
    assert.equal(await spark.read.parquet(dir).count(), 1);
  });

  it("a write whose input is a bad file fails as Spark's job does and leaves the target as it was", async () => {
    const dir = path.join(tmp(), "keep");
    await people().write.parquet(dir);
    const before = parts(dir).sort();
    const bad = path.join(tmp(), "bad");
    fs.mkdirSync(bad);
    fs.writeFileSync(path.join(bad, "x.parquet"), "id,name\n1,a\n");
    const df = spark.read.schema("id INT, name STRING").parquet(bad);
    await assert.rejects(df.write.mode("overwrite").parquet(dir), (e: Error) => /^An error occurred while calling o\d+\.parquet\.\n: org\.apache\.spark\.SparkException: Job aborted due to stage failure: .*java\.lang\.RuntimeException: file:.*x\.parquet is not a Parquet file\. Expected magic number at tail, but found \[49, 44, 97, 10\]$/s.test(e.message));
    await assert.rejects(df.count(), /calling o\d+\.count\./);
    await assert.rejects(df.show(), /calling o\d+\.showString\./);
    assert.deepEqual(parts(dir).sort(), before);
    assert.equal(await spark.read.parquet(dir).count(), 3);
  });

  it("the optimizer pushes the columns read and simple predicates to the Parquet scan", async () => {
    const dir = path.join(tmp(), "out");
    await spark.createDataFrame([[1, "Ann", 30], [2, "Bo", 40]], "id INT, name STRING, age INT").write.parquet(dir);
    const df = spark.read.parquet(dir).filter(col("id").gt(1).and(col("name").isNotNull())).select("id");
    let pushed: unknown;
    forEachNode(optimize(df.plan), (n) => { if (n.kind === "DeferredRelation") pushed = n.pushed; });
    assert.deepEqual(pushed, { columns: new Set(["id", "name"]), filters: [{ op: ">", column: "id", value: 1 }, { op: "isNotNull", column: "name" }] });
    assert.deepEqual((await df.collect()).map((r) => r.id), [2]);
  });

  it("a missing path and an empty directory fail as Spark does", () => {
    assert.throws(() => spark.read.parquet("/no/such/dir"), /\[PATH_NOT_FOUND\] Path does not exist: file:\/no\/such\/dir\./);
    assert.throws(() => spark.read.parquet(tmp()), (e: Error) => e.message === "[UNABLE_TO_INFER_SCHEMA] Unable to infer schema for Parquet. It must be specified manually.");
  });
});
