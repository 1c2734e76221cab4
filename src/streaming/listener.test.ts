import { test } from "node:test";
import * as assert from "node:assert/strict";
import { SparkSession } from "../api/session";
import { MemoryStream } from "../sources/memory-source";
import { StructType, StructField, StringType, TimestampType } from "../types/data-types";
import { col, count, window } from "../expr/functions";
import { QueryIdleEvent, QueryProgressEvent, QueryStartedEvent, QueryTerminatedEvent, StreamingQueryListener, type QueryEvent } from "./listener";

const spark = SparkSession.builder.master("local[2]").appName("listener-test").config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC").getOrCreate();
const settle = () => new Promise((r) => setTimeout(r, 20));

test("spark.streams.addListener: started (synchronously in start), progress per batch, terminated; removeListener stops them", async () => {
  const events: Array<QueryStartedEvent | QueryProgressEvent | QueryIdleEvent | QueryTerminatedEvent> = [];
  class Recorder extends StreamingQueryListener {
    onQueryStarted(e: QueryStartedEvent) { events.push(e); }
    onQueryProgress(e: QueryProgressEvent) { events.push(e); }
    onQueryTerminated(e: QueryTerminatedEvent) { events.push(e); }
  }
  const listener = new Recorder();
  spark.streams.addListener(listener);
  const stream = new MemoryStream(StructType([StructField("value", StringType())]), { name: "listener-words" });
  const query = spark.readStream.format("memory").option("name", "listener-words").load()
    .groupBy("value").count().writeStream.queryName("listened").outputMode("complete").format("memory").start();
  assert.equal(events.length, 1, "onQueryStarted ran before start() returned");
  const started = events[0] as QueryStartedEvent;
  assert.ok(started instanceof QueryStartedEvent);
  assert.equal(started.id, query.id);
  assert.equal(started.runId, query.runId);
  assert.equal(started.name, "listened");
  assert.match(started.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  stream.addData("a", "b", "a");
  await query.processAllAvailable();
  await settle();
  const progress = events.filter((e): e is QueryProgressEvent => e instanceof QueryProgressEvent);
  assert.deepEqual(progress.map((p) => p.progress.batchId), query.recentProgress.map((p) => p.batchId));
  assert.equal(progress[progress.length - 1].progress, query.lastProgress);
  await query.stop();
  await settle();
  const last = events[events.length - 1] as QueryTerminatedEvent;
  assert.ok(last instanceof QueryTerminatedEvent);
  assert.equal(last.id, query.id);
  assert.equal(last.exception, null);
  assert.equal(last.errorClassOnException, null);
  spark.streams.removeListener(listener);
  const n = events.length;
  const again = spark.readStream.format("memory").option("name", "listener-words").load().writeStream.format("noop").start();
  await again.stop();
  await settle();
  assert.equal(events.length, n, "a removed listener hears nothing");
  stream.unregister();
});

test("a failing query's terminated event carries the failure; a throwing listener never breaks the query", async () => {
  const terminated: QueryTerminatedEvent[] = [];
  const warned: string[] = [];
  const warn = spark.warn;
  spark.warn = (t) => { warned.push(t); };
  const listener = {
    onQueryStarted() { throw new Error("listener bug"); },
    onQueryProgress() { throw new Error("listener bug"); },
    onQueryTerminated(e: QueryTerminatedEvent) { terminated.push(e); },
  };
  spark.streams.addListener(listener);
  try {
    const stream = new MemoryStream(StructType([StructField("value", StringType())]), { name: "listener-fail" });
    const query = spark.readStream.format("memory").option("name", "listener-fail").load().writeStream
      .foreachBatch(async () => { throw new Error("boom in batch 1"); }).start();
    stream.addData("x");
    await assert.rejects(query.awaitTermination(), /boom in batch 1/);
    await settle();
    assert.equal(terminated.length, 1);
    assert.match(terminated[0].exception ?? "", /boom in batch 1/);
    assert.ok(warned.some((w) => /Listener onQueryStarted failed: Error: listener bug/.test(w)), warned.join("\n"));
    stream.unregister();
  } finally {
    spark.streams.removeListener(listener);
    spark.warn = warn;
  }
});

test("addListener rejects what is not a listener", () => {
  assert.throws(() => spark.streams.addListener(null as never), /addListener expects a StreamingQueryListener/);
});

test("observers get batch details only while they want them: sink rows, state changelog, late rows, windows", async () => {
  const details: Extract<QueryEvent, { kind: "batch" }>["detail"][] = [];
  let want = false;
  const detach = spark.streams.bus.addObserver({ onEvent: (e) => { if (e.kind === "batch") details.push(e.detail); }, wantsDetails: () => want });
  const schema = StructType([StructField("word", StringType()), StructField("ts", TimestampType())]);
  const stream = new MemoryStream(schema, { name: "listener-events" });
  const query = spark.readStream.format("memory").option("name", "listener-events").load()
    .withWatermark("ts", "10 seconds").groupBy(window(col("ts"), "10 seconds"), col("word")).agg(count("*").alias("n"))
    .writeStream.outputMode("append").format("noop").start();
  try {
    stream.addData(["a", new Date("2024-01-01T00:00:01Z")]);
    await query.processAllAvailable();
    assert.equal(details.length, 0, "nobody wanted details");
    want = true;
    stream.addData(["a", new Date("2024-01-01T00:00:02Z")], ["b", new Date("2024-01-01T00:00:31Z")]);
    await query.processAllAvailable();
    // The watermark is now 00:00:21: the [0, 10) window closes (in a no-data batch, as Spark's); a row at 00:00:05 is then late.
    stream.addData(["c", new Date("2024-01-01T00:00:05Z")], ["b", new Date("2024-01-01T00:00:32Z")]);
    await query.processAllAvailable();
    const withInput = details.filter((d) => d.sources[0].numInputRows > 0);
    assert.equal(withInput.length, 2);
    const [second, lateBatch] = withInput;
    assert.deepEqual(second.sink.columns.map((c) => c.name), ["window", "word", "n"]);
    assert.equal(second.state.length, 1);
    assert.deepEqual(second.state[0].counts, { added: 1, updated: 1, removed: 0 });
    assert.deepEqual(second.state[0].changes.map((c) => [c.change, c.row[1], c.row[2]]), [["added", "b", "1"], ["updated", "a", "2"]]);
    const eviction = details.find((d) => d.state[0].counts.removed > 0)!;
    assert.ok(eviction, "a batch evicted the closed window");
    assert.equal(eviction.watermarkMs, second.eventTimeMs!.max - 10000, "max event time of the batch before, less the delay");
    const removed = eviction.state[0].changes.filter((c) => c.change === "removed");
    assert.deepEqual(removed.map((c) => c.row[1]), ["a"], "the [0, 10) window left the state");
    assert.equal(eviction.sink.total, 1, "append mode emitted the closed window");
    assert.equal(eviction.state[0].closedWindows.length, 1);
    assert.ok(eviction.state[0].openWindows.length >= 1);
    assert.equal(lateBatch.late.total, 1);
    assert.deepEqual(lateBatch.late.rows.map((r) => r[r.length - 1]), ["2024-01-01 00:00:05"]);
    assert.equal(lateBatch.late.eventTimesMs.length, 1);
    assert.deepEqual(lateBatch.sources.map((s) => s.numInputRows), [2]);
  } finally {
    await query.stop();
    detach();
    stream.unregister();
  }
});
