import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createRateSource, RateSource, timeStringAsSeconds, valueAtSecond } from "./rate-source";
import { StructField, StructType, StringType } from "../types/data-types";
import { testContext } from "../../test/support/source-context";
import { READ_ALL_AVAILABLE } from "../connector-api/source";
import { CaseInsensitiveMap } from "../connector-api/options";

const opts = (o: Record<string, string>) => new CaseInsensitiveMap(o);

test("schema, description and offsets in whole seconds since start", async () => {
  let now = 1_700_000_000_000;
  const src = createRateSource(opts({ rowsPerSecond: "10" }), undefined, testContext({ clock: () => now }));
  assert.deepEqual(src.schema.names, ["timestamp", "value"]);
  assert.deepEqual(src.schema.fields.map((f) => [f.dataType.typeName, f.nullable]), [["timestamp", true], ["long", true]]);
  assert.equal(src.description, "RateStreamV2[rowsPerSecond=10, rampUpTimeSeconds=0, numPartitions=default");
  await src.start();
  assert.equal(await src.initialOffset(), 0);
  assert.equal(await src.latestOffset(null, READ_ALL_AVAILABLE), 0);
  now += 999;
  assert.equal(await src.latestOffset(null, READ_ALL_AVAILABLE), 0);
  now += 1;
  assert.equal(await src.latestOffset(null, READ_ALL_AVAILABLE), 1);
  now += 2500;
  assert.equal(await src.latestOffset(null, READ_ALL_AVAILABLE), 3);
  now -= 5000; // the clock going back never moves offsets back
  assert.equal(await src.latestOffset(null, READ_ALL_AVAILABLE), 3);

  const rows = await src.getBatch(0, 1);
  assert.equal(rows.length, 10);
  assert.deepEqual(rows.map((r) => r[1]), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(rows.slice(0, 3).map((r) => r[0]), [1_700_000_000_000_000, 1_700_000_000_100_000, 1_700_000_000_200_000]);
  const next = await src.getBatch(1, 3);
  assert.deepEqual(next.map((r) => r[1]), Array.from({ length: 20 }, (_, i) => 10 + i));
  assert.deepEqual(next[0], [1_700_000_001_000_000, 10]);
  assert.deepEqual(await src.getBatch(3, 3), []);
});

test("replays are identical: the same range gives the same rows, also in a new instance after a restart", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-rate-"));
  let now = 1_000_000;
  const a = createRateSource(opts({ rowsPerSecond: "7", numPartitions: "3" }), undefined, testContext({ clock: () => now, metadataDir: dir }));
  await a.start();
  assert.equal(fs.readFileSync(path.join(dir, "0"), "utf8"), "v1\n1000000");
  now += 4200;
  const end = await a.latestOffset(null, READ_ALL_AVAILABLE);
  assert.equal(end, 4);
  const first = await a.getBatch(2, end);
  // round-robin partitions: partition 0 takes values 14, 17, 20, …
  assert.deepEqual(first.slice(0, 4).map((r) => r[1]), [14, 17, 20, 23]);
  assert.equal(first.length, 14);
  assert.deepEqual(await a.getBatch(2, end), first);

  now += 60_000; // restart much later: the start time comes from the checkpoint
  const b = createRateSource(opts({ rowsPerSecond: "7", numPartitions: "3" }), undefined, testContext({ clock: () => now, metadataDir: dir }));
  await b.start();
  assert.equal((b as RateSource).startTimeMs, 1_000_000);
  assert.deepEqual(await b.getBatch(2, 4), first);
  fs.rmSync(dir, { recursive: true });
});

test("ramp-up follows Spark's valueAtSecond", () => {
  // rampUpTimeSeconds = 4, rowsPerSecond = 10 → end values 0 2 6 12 20 30 40
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map((s) => valueAtSecond(s, 10, 4)), [0, 2, 6, 12, 20, 30, 40]);
  assert.deepEqual([0, 1, 2].map((s) => valueAtSecond(s, 5, 0)), [0, 5, 10]);
});

test("options: Spark's checks and messages", () => {
  assert.throws(() => createRateSource(opts({ rowsPerSecond: "0" }), undefined, testContext()), { message: "Invalid value '0'. The option 'rowsPerSecond' must be positive" });
  assert.throws(() => createRateSource(opts({ numPartitions: "0" }), undefined, testContext()), { message: "Invalid value '0'. The option 'numPartitions' must be positive" });
  assert.throws(() => createRateSource(opts({ rampUpTime: "-1s" }), undefined, testContext()), { message: "Invalid value '-1'. The option 'rampUpTime' must not be negative" });
  assert.throws(() => createRateSource(opts({ rowsPerSecond: "ten" }), undefined, testContext()), { message: 'For input string: "ten"' });
  assert.throws(() => createRateSource(new CaseInsensitiveMap(), StructType([StructField("x", StringType())]), testContext()), {
    message: "RateStreamProvider source does not support user-specified schema.",
  });
  const s = createRateSource(opts({ rowsPerSecond: "5", rampUpTime: "2m", numPartitions: "4" }), undefined, testContext());
  assert.equal(s.description, "RateStreamV2[rowsPerSecond=5, rampUpTimeSeconds=120, numPartitions=4");
  assert.equal(timeStringAsSeconds("10"), 10);
  assert.equal(timeStringAsSeconds("1500ms"), 1);
  assert.equal(timeStringAsSeconds("1h"), 3600);
  assert.throws(() => timeStringAsSeconds("10 seconds"), /Time must be specified as seconds \(s\)/);
  assert.throws(() => timeStringAsSeconds("10x"), /Invalid suffix: "x"/);
});

test("using the source before start() is an error", async () => {
  await assert.rejects(new RateSource().latestOffset(), /has not been started/);
});
