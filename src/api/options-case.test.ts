/** Option keys are case-insensitive at the API boundary (Spark's CaseInsensitiveMap), for reads and writes, batch and streaming. */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { MemoryStream, parseSchema } from "../index";
import { captureSession } from "../../test/support/spark";

const { spark } = captureSession();

test("readStream/writeStream: .option('Name'), .option('CheckpointLocation') work as their lower-case spellings; the last spelling wins", async () => {
  const name = `case_opts_${process.pid}`;
  const stream = new MemoryStream(parseSchema("value STRING"), { name });
  const cp = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-case-"));
  const q = spark.readStream.format("memory").option("NAME", name).load()
    .writeStream.format("memory").queryName("case_opts_q")
    .option("checkpointLocation", path.join(cp, "not-this-one")).option("CheckpointLocation", cp).start();
  stream.addData("a", "b");
  await q.processAllAvailable();
  await q.stop();
  assert.deepEqual((await spark.table("case_opts_q").collect()).map((r) => r.value).sort(), ["a", "b"]);
  assert.ok(fs.existsSync(path.join(cp, "offsets", "0")), "the checkpoint went where CheckpointLocation said");
  assert.ok(!fs.existsSync(path.join(cp, "not-this-one")));
  stream.unregister();
});

test("read/write: .option('PATH') and .mode('Overwrite') for JSON files", async () => {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "iskra-case-")), "out");
  const df = spark.createDataFrame([[1, "x"]], "n INT, s STRING");
  await df.write.format("json").option("Path", dir).save();
  await df.write.format("json").mode("Overwrite").option("PATH", dir).save();
  assert.deepEqual((await spark.read.format("json").schema("n INT, s STRING").option("pAtH", dir).load().collect()).map((r) => [...r]), [[1, "x"]]);
});
