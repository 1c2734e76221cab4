import { test } from "node:test";
import * as assert from "node:assert/strict";
import type { Sink } from "../connector-api/sink";
import { getSinkFactory, registerSink, sinkFormats } from "./registry";
import { captureSession } from "../../test/support/spark";
import { memoryInput, tempCheckpoint } from "../../test/support/stream-test";
import { CaseInsensitiveMap } from "../connector-api/options";

const { spark } = captureSession();

test("sink formats are registered like source formats, case-insensitively", () => {
  assert.deepEqual(sinkFormats(), ["console", "csv", "json", "kafka", "memory", "noop", "parquet", "text"]);
  assert.equal(getSinkFactory("Console"), getSinkFactory("console"));
  assert.equal(getSinkFactory("nosuchformat"), undefined);
  assert.throws(() => getSinkFactory("memory")!(new CaseInsensitiveMap(), { outputMode: "append", print: () => undefined }), /queryName must be specified for memory sink/);
});

test("a registered sink is what writeStream.format(name) writes to", async () => {
  const batches: unknown[][][] = [];
  const seen: Array<{ options: Record<string, string>; queryName?: string }> = [];
  registerSink("Collect", (options, ctx) => {
    seen.push({ options: Object.fromEntries(options), queryName: ctx.queryName });
    const sink: Sink = { description: "CollectSink", addBatch: async (_id, _schema, rows) => { batches.push(rows); } };
    return sink;
  });
  const { stream, df } = memoryInput(spark, "value STRING");
  const q = df.writeStream.format("collect").option("Tag", "x").queryName("collect_q").option("checkpointLocation", tempCheckpoint()).start();
  stream.addData(["a"]);
  stream.addData(["b"]);
  await q.processAllAvailable();
  await q.stop();
  assert.equal(seen.length, 1);
  assert.equal(seen[0].options.tag, "x");
  assert.equal(seen[0].queryName, "collect_q");
  assert.deepEqual(batches.flat(), [["a"], ["b"]]);
  assert.equal(q.lastProgress?.sink.description, "CollectSink");
});
