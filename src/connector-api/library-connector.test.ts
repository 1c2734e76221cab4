// A library user's own source and sink, written against the contracts src/index.ts exports and
// registered by name: the engine runs them as it runs the built-in formats.
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CaseInsensitiveMap, LongType, SparkSession, StructField, StructType, registerSink, registerSource, type InternalRow, type Sink, type Source } from "../index";

test("registerSource / registerSink from the public API: options arrive case-insensitive, batches reach the sink", async () => {
  const seen: { options?: CaseInsensitiveMap; batches: InternalRow[][] } = { batches: [] };
  registerSource("library-counter", (options) => {
    seen.options = options;
    const upTo = Number(options.get("upTo"));
    const source: Source = {
      schema: StructType([StructField("n", LongType(), false)]),
      description: "LibraryCounter",
      start: async () => undefined,
      initialOffset: async () => -1,
      latestOffset: async () => upTo,
      getBatch: async (start, end) => Array.from({ length: Number(end) - Number(start ?? -1) }, (_, i) => [Number(start ?? -1) + 1 + i]),
      commit: async () => undefined,
      stop: async () => undefined,
    };
    return source;
  });
  registerSink("library-collect", () => {
    const sink: Sink = { description: "LibraryCollect", addBatch: async (_id, _schema, rows) => void seen.batches.push(rows) };
    return sink;
  });
  const spark = SparkSession.builder.getOrCreate();
  const checkpoint = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-library-"));
  try {
    const q = spark.readStream.format("library-counter").option("UPTO", "2").load().writeStream.format("library-collect").option("checkpointLocation", checkpoint).start();
    await q.processAllAvailable();
    await q.stop();
    assert.equal(seen.options?.get("upto"), "2");
    assert.deepEqual(seen.batches, [[[0], [1], [2]]]);
  } finally {
    fs.rmSync(checkpoint, { recursive: true, force: true });
  }
});
