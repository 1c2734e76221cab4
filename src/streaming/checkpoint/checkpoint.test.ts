import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Checkpoint } from "./checkpoint";
import { CommitLog, parseCommitMetadata, serializeCommitMetadata } from "./commit-log";
import { readOrCreateStreamMetadata, readStreamMetadata, serializeStreamMetadata } from "./metadata-log";
import { DEFAULT_OFFSET_LOG_CONF, OffsetLog, parseOffsetSeq, serializeOffsetSeq, type OffsetSeq } from "./offset-log";

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "iskra-cp-"));
}

const CONF = { ...DEFAULT_OFFSET_LOG_CONF };
const seq = (offsets: OffsetSeq["offsets"], ts = 1714557605001, wm = 0): OffsetSeq => ({
  offsets,
  metadata: { batchWatermarkMs: wm, batchTimestampMs: ts, conf: CONF },
});

test("offsets/N has Spark's exact bytes: v1, metadata json, one offset per line, no trailing newline", async () => {
  const dir = tmpDir();
  const log = new OffsetLog(path.join(dir, "offsets"));
  await log.add(0, seq([3, { events: { "0": 42, "1": 7 } }, null]));
  const bytes = fs.readFileSync(path.join(dir, "offsets", "0"), "utf8");
  assert.equal(
    bytes,
    "v1\n" +
      '{"batchWatermarkMs":0,"batchTimestampMs":1714557605001,"conf":{' +
      '"spark.sql.streaming.stateStore.providerClass":"org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider",' +
      '"spark.sql.streaming.join.stateFormatVersion":"2",' +
      '"spark.sql.streaming.stateStore.compression.codec":"lz4",' +
      '"spark.sql.optimizer.pruneFiltersCanPruneStreamingSubplan":"false",' +
      '"spark.sql.streaming.stateStore.rocksdb.formatVersion":"5",' +
      '"spark.sql.streaming.statefulOperator.useStrictDistribution":"true",' +
      '"spark.sql.streaming.flatMapGroupsWithState.stateFormatVersion":"2",' +
      '"spark.sql.streaming.multipleWatermarkPolicy":"min",' +
      '"spark.sql.streaming.aggregation.stateFormatVersion":"2",' +
      '"spark.sql.shuffle.partitions":"200"}}\n' +
      "3\n" +
      '{"events":{"0":42,"1":7}}\n' +
      "-",
  );
  assert.deepEqual(await log.get(0), seq([3, { events: { "0": 42, "1": 7 } }, null]));
  fs.rmSync(dir, { recursive: true });
});

test("offset seq round-trips, including a batch without metadata (empty second line)", () => {
  const noMd: OffsetSeq = { offsets: [-1, "x"] };
  assert.equal(serializeOffsetSeq(noMd), 'v1\n\n-1\n"x"');
  assert.deepEqual(parseOffsetSeq(serializeOffsetSeq(noMd)), noMd);
  // A file Spark 3.5 wrote (socket source), read as is.
  const spark = 'v1\n{"batchWatermarkMs":0,"batchTimestampMs":1700000000123,"conf":{"spark.sql.shuffle.partitions":"200"}}\n5';
  assert.deepEqual(parseOffsetSeq(spark), {
    offsets: [5],
    metadata: { batchWatermarkMs: 0, batchTimestampMs: 1700000000123, conf: { "spark.sql.shuffle.partitions": "200" } },
  });
  assert.throws(() => parseOffsetSeq("v2\n{}\n1"), /UnsupportedLogVersion: maximum supported log version is v1, but encountered v2/);
  assert.throws(() => parseOffsetSeq("x1\n{}\n1"), /Log file was malformed: failed to read correct log version from x1/);
});

test("commits/N is v1 + nextBatchWatermarkMs, no trailing newline", async () => {
  const dir = tmpDir();
  const log = new CommitLog(path.join(dir, "commits"));
  assert.equal(await log.add(0, { nextBatchWatermarkMs: 0 }), true);
  assert.equal(fs.readFileSync(path.join(dir, "commits", "0"), "utf8"), 'v1\n{"nextBatchWatermarkMs":0}');
  assert.equal(serializeCommitMetadata({ nextBatchWatermarkMs: 1500 }), 'v1\n{"nextBatchWatermarkMs":1500}');
  assert.deepEqual(parseCommitMetadata('v1\n{"nextBatchWatermarkMs":1500}'), { nextBatchWatermarkMs: 1500 });
  assert.deepEqual(await log.get(0), { nextBatchWatermarkMs: 0 });
  fs.rmSync(dir, { recursive: true });
});

test("logs: add never replaces, get/getLatest/list ignore temp and foreign files, purge drops older batches", async () => {
  const dir = tmpDir();
  const log = new OffsetLog(path.join(dir, "offsets"));
  assert.equal(await log.getLatest(), undefined);
  assert.equal(log.latestBatchId(), -1);
  for (let i = 0; i < 5; i++) assert.equal(await log.add(i, seq([i])), true);
  assert.equal(await log.add(2, seq([99])), false);
  assert.deepEqual((await log.get(2))?.offsets, [2]);
  fs.writeFileSync(path.join(dir, "offsets", ".5.abc.tmp"), "v1\n{");
  fs.writeFileSync(path.join(dir, "offsets", ".4.crc"), "x");
  fs.writeFileSync(path.join(dir, "offsets", "07"), "x");
  assert.deepEqual(log.listBatchIds(), [0, 1, 2, 3, 4]);
  assert.deepEqual((await log.getLatest())?.batchId, 4);
  assert.deepEqual(log.getLatestSync()?.entry.offsets, [4]);
  assert.equal(await log.get(9), undefined);
  assert.equal(await log.purge(3), 3);
  assert.deepEqual(log.listBatchIds(), [3, 4]);
  fs.rmSync(dir, { recursive: true });
});

test("metadata is {\"id\":…} written once and read back on restart", () => {
  const dir = tmpDir();
  const file = path.join(dir, "metadata");
  const a = readOrCreateStreamMetadata(file, () => "ce011fdc-8762-4dcb-84eb-a77333e28109");
  assert.deepEqual(a, { metadata: { id: "ce011fdc-8762-4dcb-84eb-a77333e28109" }, created: true });
  assert.equal(fs.readFileSync(file, "utf8"), '{"id":"ce011fdc-8762-4dcb-84eb-a77333e28109"}');
  const b = readOrCreateStreamMetadata(file, () => "other");
  assert.deepEqual(b, { metadata: { id: "ce011fdc-8762-4dcb-84eb-a77333e28109" }, created: false });
  assert.equal(serializeStreamMetadata({ id: "x" }), '{"id":"x"}');
  fs.writeFileSync(file, "{not json");
  assert.throws(() => readStreamMetadata(file), /Failed to read query metadata/);
  fs.rmSync(dir, { recursive: true });
});

test("Checkpoint.open creates the layout and keeps the query id across opens", () => {
  const root = tmpDir();
  const dir = path.join(root, "cp");
  const cp = Checkpoint.open(dir);
  assert.equal(cp.created, true);
  assert.match(cp.queryId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.deepEqual(fs.readdirSync(dir).sort(), ["commits", "metadata", "offsets"]);
  assert.equal(cp.sourceDir(0), path.join(dir, "sources", "0"));
  assert.equal(cp.stateDir(), path.join(dir, "state"));
  const again = Checkpoint.open(`file://${dir}`);
  assert.equal(again.created, false);
  assert.equal(again.queryId, cp.queryId);
  assert.equal(again.isTemporary, false);
  assert.equal(again.deleteIfTemporary(), false);
  assert.ok(fs.existsSync(dir));
  fs.rmSync(root, { recursive: true });
});

test("recovery: empty → new; committed N → resume at N+1; offsets/N without commits/N → re-run N with the same offsets", async () => {
  const dir = path.join(tmpDir(), "cp");
  let cp = Checkpoint.open(dir);
  let d = await cp.recover();
  assert.equal(d.kind, "new");
  assert.equal(d.nextBatchId, 0);
  assert.equal(d.startOffsets, undefined);

  // batch 0: offsets then commit
  await cp.offsets.add(0, seq([-1 + 3], 1000));
  await cp.commits.add(0, { nextBatchWatermarkMs: 0 });
  // batch 1: offsets then commit
  await cp.offsets.add(1, seq([5], 2000));
  await cp.commits.add(1, { nextBatchWatermarkMs: 700 });
  d = await cp.recover();
  assert.equal(d.kind, "resume");
  assert.equal(d.nextBatchId, 2);
  assert.deepEqual(d.startOffsets?.offsets, [5]);
  assert.equal(d.watermarkMs, 700);
  assert.deepEqual(d.conf, CONF);

  // batch 2 planned (offsets written), then the process dies before commits/2
  await cp.offsets.add(2, seq([9], 3000, 700));
  cp = Checkpoint.open(dir); // restart
  for (const decide of [() => cp.recover(), async () => cp.recoverSync()]) {
    d = await decide();
    assert.equal(d.kind, "rerun");
    assert.equal(d.nextBatchId, 2);
    assert.equal(d.latestOffsetsBatchId, 2);
    assert.equal(d.latestCommitBatchId, 1);
    assert.deepEqual(d.startOffsets?.offsets, [5]);
    assert.deepEqual(d.rerunOffsets, seq([9], 3000, 700));
    assert.equal(d.rerunOffsets?.metadata?.batchTimestampMs, 3000);
    assert.equal(d.watermarkMs, 700);
    assert.equal(d.warning, undefined);
  }
  // the re-run batch commits; next restart resumes after it
  await cp.commits.add(2, { nextBatchWatermarkMs: 700 });
  d = await Checkpoint.open(dir).recover();
  assert.equal(d.kind, "resume");
  assert.equal(d.nextBatchId, 3);
  assert.deepEqual(d.startOffsets?.offsets, [9]);
  fs.rmSync(path.dirname(dir), { recursive: true });
});

test("recovery: crash before the very first commit re-runs batch 0 from the initial offsets", async () => {
  const dir = path.join(tmpDir(), "cp");
  const cp = Checkpoint.open(dir);
  await cp.offsets.add(0, seq([2]));
  const d = await Checkpoint.open(dir).recover();
  assert.equal(d.kind, "rerun");
  assert.equal(d.nextBatchId, 0);
  assert.equal(d.startOffsets, undefined);
  assert.deepEqual(d.rerunOffsets?.offsets, [2]);
  fs.rmSync(path.dirname(dir), { recursive: true });
});

test("recovery: a commit log lagging by more than one batch is reported, and a missing batch N-1 is an error", async () => {
  const dir = path.join(tmpDir(), "cp");
  const cp = Checkpoint.open(dir);
  for (let i = 0; i < 4; i++) await cp.offsets.add(i, seq([i]));
  await cp.commits.add(0, { nextBatchWatermarkMs: 0 });
  const d = await cp.recover();
  assert.equal(d.kind, "rerun");
  assert.equal(d.nextBatchId, 3);
  assert.equal(d.warning, "Batch completion log latest batch id is 0, which is not trailing batchid 3 by one");
  fs.rmSync(path.join(dir, "offsets", "2"));
  await assert.rejects(cp.recover(), /batch 2 doesn't exist/);
  fs.rmSync(path.dirname(dir), { recursive: true });
});

test("purge keeps minBatchesToRetain batches in both logs", async () => {
  const dir = path.join(tmpDir(), "cp");
  const cp = Checkpoint.open(dir);
  for (let i = 0; i < 8; i++) {
    await cp.offsets.add(i, seq([i]));
    await cp.commits.add(i, { nextBatchWatermarkMs: 0 });
  }
  await cp.purge(8, 3);
  assert.deepEqual(cp.offsets.listBatchIds(), [5, 6, 7]);
  assert.deepEqual(cp.commits.listBatchIds(), [5, 6, 7]);
  await cp.purge(3, 100); // fewer than 100 batches: nothing goes
  assert.deepEqual(cp.offsets.listBatchIds(), [5, 6, 7]);
  fs.rmSync(path.dirname(dir), { recursive: true });
});

test("temporary checkpoints live under os.tmpdir() as temporary-<uuid> and are deleted on stop", () => {
  const cp = Checkpoint.createTemporary();
  assert.equal(cp.isTemporary, true);
  assert.equal(path.dirname(cp.dir), fs.realpathSync(os.tmpdir()));
  assert.match(path.basename(cp.dir), /^temporary-[0-9a-f-]{36}$/);
  assert.ok(fs.existsSync(path.join(cp.dir, "metadata")));
  assert.equal(cp.deleteIfTemporary(), true);
  assert.equal(fs.existsSync(cp.dir), false);
  assert.equal(cp.deleteIfTemporary(), false);
});
