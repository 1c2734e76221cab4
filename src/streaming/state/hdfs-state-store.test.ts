import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawn } from "node:child_process";
import { HdfsStateStore, decodeValue, encodeValue } from "./hdfs-state-store";
import { CHUNK_BYTES, readStateFile } from "./state-file";

/** Spark's framing: int32 size + UTF-8 bytes, -1 for a removal's value and at the end. */
function frame(...fields: (string | -1)[]): Buffer {
  return Buffer.concat(fields.map((f) => {
    const n = Buffer.alloc(4);
    if (f === -1) { n.writeInt32BE(-1); return n; }
    const b = Buffer.from(f, "utf8");
    n.writeInt32BE(b.length);
    return Buffer.concat([n, b]);
  }));
}
function records(file: string): [string, unknown][] {
  return [...readStateFile(file, file)].map(([k, v]) => [k, v === undefined ? "<removed>" : JSON.parse(v)]);
}

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "iskra-state-"));
}
function sorted(store: HdfsStateStore): [string, unknown][] {
  return [...store.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

test("versions: commit writes <version>.delta with only the changes; entries/size/metrics follow", async () => {
  const stateDir = tmpDir();
  const store = new HdfsStateStore({ stateDir });
  await store.load(0);
  assert.equal(store.version, 0);
  store.put("spark", 4);
  store.put("scala", 4);
  store.put("tmp", 1);
  store.remove("tmp");
  assert.equal(store.size, 2);
  assert.equal(store.numUpdated, 3);
  assert.equal(store.numRemoved, 1);
  assert.equal(await store.commit(), 1);
  assert.equal(store.version, 1);
  const dir = path.join(stateDir, "0", "0");
  assert.deepEqual(fs.readFileSync(path.join(dir, "1.delta")), frame("spark", "4", "scala", "4", -1));

  // next batch works on the version just committed without reading the disk
  await store.load(1);
  store.put("spark", 5);
  store.remove("scala");
  store.put("structured", 1);
  assert.equal(store.get("spark"), 5);
  assert.equal(store.get("scala"), undefined);
  assert.deepEqual(sorted(store), [["spark", 5], ["structured", 1]]);
  assert.equal(await store.commit(), 2);
  assert.deepEqual(fs.readFileSync(path.join(dir, "2.delta")), frame("spark", "5", "scala", -1, "structured", "1", -1));
  assert.deepEqual(records(path.join(dir, "2.delta")), [["spark", 5], ["scala", "<removed>"], ["structured", 1]]);
  assert.deepEqual(store.metrics().loadedMapCacheHitCount, 1);
  assert.equal(store.metrics().loadedMapCacheMissCount, 1);
  assert.ok(store.memoryUsedBytes() > 0);
  assert.equal(store.memoryUsedBytes(), store.metrics().stateOnCurrentVersionSizeBytes);
  // an empty version still gets its (empty) delta file
  await store.load(2);
  assert.equal(await store.commit(), 3);
  assert.deepEqual(fs.readFileSync(path.join(dir, "3.delta")), frame(-1));
  assert.deepEqual(store.listVersionsOnDisk(), [1, 2, 3]);
  fs.rmSync(stateDir, { recursive: true });
});

test("a fresh instance reloads any version from disk (snapshot every 10 versions + deltas)", async () => {
  const stateDir = tmpDir();
  const a = new HdfsStateStore({ stateDir, operatorId: 2 });
  await a.load(0);
  for (let v = 1; v <= 23; v++) {
    a.put("count", v);
    a.put(`key${v}`, [v, "x"]);
    if (v > 3) a.remove(`key${v - 3}`);
    assert.equal(await a.commit(), v);
  }
  const dir = path.join(stateDir, "2", "0");
  assert.ok(fs.existsSync(path.join(dir, "10.snapshot")));
  assert.ok(fs.existsSync(path.join(dir, "20.snapshot")));
  assert.ok(!fs.existsSync(path.join(dir, "21.snapshot")));
  const snap = records(path.join(dir, "20.snapshot"));
  assert.deepEqual(snap.map(([k]) => k).sort(), ["count", "key18", "key19", "key20"]);

  for (const v of [23, 20, 15, 10, 7, 1, 0]) {
    const b = new HdfsStateStore({ stateDir, operatorId: 2 });
    await b.load(v);
    const expected: [string, unknown][] = v === 0 ? [] : [["count", v]];
    for (let k = Math.max(1, v - 2); k <= v; k++) expected.push([`key${k}`, [k, "x"]]);
    assert.deepEqual(sorted(b), expected.sort(([x], [y]) => (x < y ? -1 : 1)), `version ${v}`);
    assert.equal(b.version, v);
    assert.equal(b.metrics().loadedMapCacheMissCount, 1);
  }
  const c = new HdfsStateStore({ stateDir, operatorId: 2 });
  await assert.rejects(c.load(24), /Error reading delta file .*24\.delta of HDFSStateStoreProvider\[id = \(op=2,part=0\).*does not exist/);
  fs.rmSync(stateDir, { recursive: true });
});

test("abort drops uncommitted changes and restores the loaded version", async () => {
  const stateDir = tmpDir();
  const store = new HdfsStateStore({ stateDir });
  await store.load(0);
  store.put("a", 1);
  store.put("b", 2);
  await store.commit();
  store.put("a", 100);
  store.remove("b");
  store.put("c", 3);
  store.abort();
  assert.deepEqual(sorted(store), [["a", 1], ["b", 2]]);
  assert.equal(store.size, 2);
  assert.equal(store.numUpdated, 0);
  assert.equal(store.version, 1);
  assert.deepEqual(fs.readdirSync(path.join(stateDir, "0", "0")), ["1.delta"]);
  // re-running the same batch after an abort writes the same version again
  store.put("a", 2);
  assert.equal(await store.commit(), 2);
  const fresh = new HdfsStateStore({ stateDir });
  await fresh.load(2);
  assert.deepEqual(sorted(fresh), [["a", 2], ["b", 2]]);
  fs.rmSync(stateDir, { recursive: true });
});

test("a crash mid-commit (temp file left, no delta) leaves the previous version loadable; re-commit overwrites", async () => {
  const stateDir = tmpDir();
  const store = new HdfsStateStore({ stateDir });
  await store.load(0);
  store.put("a", 1);
  await store.commit();
  const dir = path.join(stateDir, "0", "0");
  fs.writeFileSync(path.join(dir, ".2.delta.0b7c-dead.tmp"), '{"op":"put","key":"a","val'); // torn write of version 2
  const fresh = new HdfsStateStore({ stateDir });
  assert.deepEqual(fresh.listVersionsOnDisk(), [1]);
  await fresh.load(1);
  assert.deepEqual(sorted(fresh), [["a", 1]]);
  await assert.rejects(new HdfsStateStore({ stateDir }).load(2), /does not exist/);
  // version 2 was committed but the batch was not (commits/N missing): the re-run writes it again
  fresh.put("a", 2);
  assert.equal(await fresh.commit(), 2);
  fresh.put("a", 3);
  await fresh.commit();
  const again = new HdfsStateStore({ stateDir });
  await again.load(1);
  again.put("a", 22);
  assert.equal(await again.commit(), 2); // overwrites 2.delta, as Spark does
  const check = new HdfsStateStore({ stateDir });
  await check.load(2);
  assert.deepEqual(sorted(check), [["a", 22]]);
  assert.ok(!fs.readdirSync(dir).some((n) => n.endsWith(".tmp")));
  fs.rmSync(stateDir, { recursive: true });
});

test("kill -9 during commits: every version on disk loads, and the newest is complete", async () => {
  const stateDir = tmpDir();
  const modulePath = path.join(__dirname, "hdfs-state-store.ts");
  const script = `
    const { HdfsStateStore } = require(${JSON.stringify(modulePath)});
    (async () => {
      const s = new HdfsStateStore({ stateDir: ${JSON.stringify(stateDir)}, minDeltasForSnapshot: 4 });
      await s.load(0);
      for (let i = 0; ; i++) {
        s.put("counter", i + 1);
        s.put("k" + i, "x".repeat(200000));
        s.remove("k" + (i - 5));
        await s.commit();
        if (i === 2) process.stdout.write("going\\n");
      }
    })();`;
  const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
    cwd: path.resolve(__dirname, "../../.."),
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`child exited early with ${code}`)));
  });
  await new Promise((r) => setTimeout(r, 100 + Math.floor(Math.random() * 200)));
  child.kill("SIGKILL");
  await new Promise((r) => child.once("exit", r));
  const probe = new HdfsStateStore({ stateDir });
  const versions = probe.listVersionsOnDisk();
  assert.ok(versions.length >= 3);
  const latest = versions[versions.length - 1];
  for (const v of [latest, latest - 1, Math.max(1, latest - 7)]) {
    const s = new HdfsStateStore({ stateDir });
    await s.load(v);
    assert.equal(s.get("counter"), v);
    assert.equal(s.size, 1 + Math.min(v, 5));
    for (let i = Math.max(0, v - 5); i < v; i++) assert.equal((s.get("k" + i) as string).length, 200000);
  }
  fs.rmSync(stateDir, { recursive: true });
});

test("purge keeps what the last minVersionsToRetain versions need", async () => {
  const stateDir = tmpDir();
  const store = new HdfsStateStore({ stateDir, minDeltasForSnapshot: 5, minVersionsToRetain: 6, autoPurge: false });
  await store.load(0);
  for (let v = 1; v <= 17; v++) {
    store.put("v", v);
    await store.commit();
  }
  // latest 17, must keep 11..17: newest snapshot <= 11 is 10, so files below 10 go
  assert.equal(await store.purge(), 10); // 1..9.delta and 5.snapshot
  assert.deepEqual(store.listVersionsOnDisk(), [10, 11, 12, 13, 14, 15, 16, 17]);
  const fresh = new HdfsStateStore({ stateDir });
  await fresh.load(11);
  assert.equal(fresh.get("v"), 11);
  fs.rmSync(stateDir, { recursive: true });
});

test("values round-trip through the files: NaN, Infinity, -0, bigint, binary, Map, nested, '$t' keys", async () => {
  const values: unknown[] = [
    NaN, Infinity, -Infinity, -0, 12345678901234567890n, new Uint8Array([0, 1, 255]),
    new Map<unknown, unknown>([["a", 1], [2, [3, null]]]), [1, [2, "x"], null, true], { $t: "sneaky", n: 1 }, "plain", null,
  ];
  for (const v of values) assert.deepEqual(decodeValue(JSON.parse(JSON.stringify(encodeValue(v)))), v);
  const stateDir = tmpDir();
  const store = new HdfsStateStore({ stateDir });
  await store.load(0);
  values.forEach((v, i) => store.put(`k${i}`, v));
  await store.commit();
  const fresh = new HdfsStateStore({ stateDir });
  await fresh.load(1);
  values.forEach((v, i) => assert.deepEqual(fresh.get(`k${i}`), v));
  assert.ok(Object.is(fresh.get("k3"), -0));
  fs.rmSync(stateDir, { recursive: true });
});

test("using the store before load is an error", () => {
  const store = new HdfsStateStore({ stateDir: tmpDir() });
  assert.throws(() => store.put("a", 1), /load\(version\) must be called/);
});

test("state larger than a chunk: 200,000 entries and a 5 MB value round-trip through delta and snapshot files", async () => {
  const stateDir = tmpDir();
  const store = new HdfsStateStore({ stateDir, minDeltasForSnapshot: 2 });
  await store.load(0);
  const big = "ż".repeat(5 << 20); // 10 MB of UTF-8, more than CHUNK_BYTES
  for (let i = 0; i < 200_000; i++) store.put(`house-${i}`, { g: [`house-${i}`], b: [i, i * 2, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"] });
  store.put("big", big);
  await store.commit();
  store.put("house-7", { g: ["house-7"], b: [-1] });
  store.remove("house-8");
  await store.commit(); // version 2: delta + snapshot
  const dir = path.join(stateDir, "0", "0");
  assert.ok(fs.statSync(path.join(dir, "1.delta")).size > 2 * CHUNK_BYTES);
  assert.ok(fs.existsSync(path.join(dir, "2.snapshot")));
  for (const files of [["1.delta", "2.delta"], ["2.snapshot"]]) {
    const fresh = new HdfsStateStore({ stateDir });
    if (files.length === 2) fs.renameSync(path.join(dir, "2.snapshot"), path.join(dir, "2.snapshot.aside"));
    else fs.renameSync(path.join(dir, "2.snapshot.aside"), path.join(dir, "2.snapshot"));
    await fresh.load(2);
    assert.equal(fresh.size, 200_000);
    assert.equal(fresh.get("big"), big);
    assert.deepEqual(fresh.get("house-7"), { g: ["house-7"], b: [-1] });
    assert.equal(fresh.get("house-8"), undefined);
    assert.deepEqual(fresh.get("house-199999"), { g: ["house-199999"], b: [199999, 399998, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"] });
  }
  fs.rmSync(stateDir, { recursive: true });
});

test("a truncated or corrupt state file is reported, naming the file and the store", async () => {
  const stateDir = tmpDir();
  const store = new HdfsStateStore({ stateDir });
  await store.load(0);
  store.put("a", "x".repeat(100));
  await store.commit();
  const file = path.join(stateDir, "0", "0", "1.delta");
  const whole = fs.readFileSync(file);
  for (const cut of [whole.length - 4, whole.length - 50, 3]) {
    fs.writeFileSync(file, whole.subarray(0, cut));
    await assert.rejects(new HdfsStateStore({ stateDir }).load(1), /Error reading delta file .*1\.delta of HDFSStateStoreProvider\[id = \(op=0,part=0\).*: the file is truncated/);
  }
  fs.writeFileSync(file, Buffer.concat([whole, Buffer.from("junk")]));
  await assert.rejects(new HdfsStateStore({ stateDir }).load(1), /unexpected bytes after the end marker/);
  fs.writeFileSync(file, frame("a", -1).subarray(0, 5).fill(0xfe, 0, 4));
  await assert.rejects(new HdfsStateStore({ stateDir }).load(1), /corrupt record size/);
  fs.rmSync(stateDir, { recursive: true });
});

test("checkpoints in the earlier JSON-lines format still load", async () => {
  const stateDir = tmpDir();
  const dir = path.join(stateDir, "0", "0");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "10.snapshot"), '{"key":"a","value":1}\n{"key":"b","value":{"$t":"bigint","v":"5"}}\n');
  fs.writeFileSync(path.join(dir, "11.delta"), '{"op":"put","key":"c","value":[1,"x"]}\n{"op":"remove","key":"a"}\n');
  fs.writeFileSync(path.join(dir, "12.delta"), "");
  const store = new HdfsStateStore({ stateDir });
  await store.load(12);
  assert.deepEqual(sorted(store), [["b", 5n], ["c", [1, "x"]]]);
  store.put("d", 4);
  await store.commit(); // the next version is written in the binary format
  assert.deepEqual(records(path.join(dir, "13.delta")), [["d", 4]]);
  const fresh = new HdfsStateStore({ stateDir });
  await fresh.load(13);
  assert.deepEqual(sorted(fresh), [["b", 5n], ["c", [1, "x"]], ["d", 4]]);
  fs.rmSync(stateDir, { recursive: true });
});
