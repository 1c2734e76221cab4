import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SparkSession } from "../index";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "iskra-file-sink-"));
const spark = SparkSession.builder.master("local[1]").getOrCreate().newSession();
spark.conf.set("spark.sql.session.timeZone", "UTC");

test("file sink: csv in, json out with partitionBy; _spark_metadata lists each batch; the batch reader honours it", async () => {
  const src = tmp(), out = tmp(), cp = tmp();
  fs.writeFileSync(path.join(src, "a.csv"), "house,score\nGryffindor,7\nSlytherin,4\n");
  const df = spark.readStream.csv(src, { header: true, schema: "house STRING, score INT" });
  const q = df.writeStream.format("json").partitionBy("house").option("checkpointLocation", cp).start(out);
  await q.processAllAvailable();
  fs.writeFileSync(path.join(src, "b.csv"), "house,score\nGryffindor,1\n");
  await q.processAllAvailable();
  await q.stop();
  const log = fs.readdirSync(path.join(out, "_spark_metadata")).sort();
  assert.deepEqual(log, ["0", "1"]);
  const entries = fs.readFileSync(path.join(out, "_spark_metadata", "0"), "utf8").split("\n");
  assert.equal(entries[0], "v1");
  assert.match(entries[1], /^\{"path":"file:\/\/\/.*house=Gryffindor\/part-00000-[0-9a-f-]{36}\.c000\.json","size":\d+,"isDir":false,"modificationTime":\d+,"blockReplication":1,"blockSize":33554432,"action":"add"\}$/);
  // A file no batch committed (a crash after writing) is not part of the output.
  fs.writeFileSync(path.join(out, "house=Gryffindor", "part-00000-stray.c000.json"), '{"score":99}\n');
  const back = spark.read.json(out);
  assert.equal(back.schema.simpleString(), "struct<score:bigint,house:string>");
  assert.deepEqual((await back.orderBy("score").collect()).map((r) => [r.house, r.score]), [["Gryffindor", 1], ["Slytherin", 4], ["Gryffindor", 7]]);
  // A restart re-running a committed batch writes nothing twice.
  const q2 = spark.readStream.csv(src, { header: true, schema: "house STRING, score INT" }).writeStream.format("json").partitionBy("house").option("checkpointLocation", cp).start(out);
  await q2.processAllAvailable();
  await q2.stop();
  assert.equal((await spark.read.json(out).collect()).length, 3);
  for (const d of [src, out, cp]) fs.rmSync(d, { recursive: true, force: true });
});

test("file sink: append only, with Spark's error for the other modes; compaction every compactInterval batches", async () => {
  const src = tmp(), out = tmp(), cp = tmp();
  const df = spark.readStream.text(src);
  assert.throws(() => df.groupBy("value").count().writeStream.outputMode("complete").format("csv").option("checkpointLocation", cp).start(out), {
    message: "Data source csv does not support Complete output mode.",
  });
  const s = spark.newSession();
  s.conf.set("spark.sql.streaming.fileSink.log.compactInterval", "2");
  const q = s.readStream.text(src).writeStream.format("text").option("checkpointLocation", cp).start(out);
  for (let i = 0; i < 3; i++) {
    fs.writeFileSync(path.join(src, `${i}.txt`), `line ${i}\n`);
    await q.processAllAvailable();
  }
  await q.stop();
  assert.deepEqual(fs.readdirSync(path.join(out, "_spark_metadata")).sort(), ["0", "1.compact", "2"]);
  assert.equal(fs.readFileSync(path.join(out, "_spark_metadata", "1.compact"), "utf8").split("\n").length, 3);
  assert.deepEqual((await s.read.text(out).collect()).map((r) => r.value).sort(), ["line 0", "line 1", "line 2"]);
  for (const d of [src, out, cp]) fs.rmSync(d, { recursive: true, force: true });
});
