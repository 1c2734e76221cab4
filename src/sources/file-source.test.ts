import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileSourceFactory, SCHEMA_REQUIRED_MESSAGE } from "./file-source";
import { getSourceFactory, registerSource, sourceFormats } from "./registry";
import { IntegerType, StringType, StructField, StructType } from "../types/data-types";
import { testContext } from "../../test/support/source-context";
import { READ_ALL_AVAILABLE } from "../connector-api/source";
import { CaseInsensitiveMap } from "../connector-api/options";

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "iskra-files-"));
}
/** Writes a file with a chosen modification time (seconds), the way a finished file is moved in. */
function put(dir: string, name: string, text: string, mtimeSec: number): void {
  const tmp = path.join(dir, `.${name}.writing`);
  fs.writeFileSync(tmp, text);
  fs.utimesSync(tmp, mtimeSec, mtimeSec);
  fs.renameSync(tmp, path.join(dir, name));
}
const opts = (o: Record<string, string>) => new CaseInsensitiveMap(o);
const createJsonFileSource = fileSourceFactory("json")!;
const createTextFileSource = fileSourceFactory("text")!;
const createCsvFileSource = fileSourceFactory("csv")!;
const SCHEMA = StructType([StructField("house", StringType(), false), StructField("score", IntegerType())]);

test("json files: schema required; files in modification-time order; offsets = files; (start, end] reads those files", async () => {
  const dir = tmpDir();
  assert.throws(() => createJsonFileSource(opts({ path: dir }), undefined, testContext()), { name: "IllegalArgumentException", message: SCHEMA_REQUIRED_MESSAGE });
  const src = createJsonFileSource(opts({ path: dir }), SCHEMA, testContext());
  assert.equal(src.description, `FileStreamSource[file:${dir}]`);
  assert.deepEqual(src.schema.fields.map((f: { nullable: boolean }) => f.nullable), [true, true]);
  await src.start();
  assert.equal(await src.initialOffset(), 0);
  assert.equal(await src.latestOffset(null, READ_ALL_AVAILABLE), 0);
  put(dir, "b.json", '{"house":"Gryffindor","score":7}\n\n{"house":"Slytherin","score":"x"}\n', 1000);
  put(dir, "a.json", '{"house":"Hufflepuff","score":3}', 2000);
  put(dir, "_SUCCESS", "", 500);
  put(dir, ".hidden.json", '{"house":"no"}', 500);
  fs.mkdirSync(path.join(dir, "sub"));
  assert.equal(await src.latestOffset(null, READ_ALL_AVAILABLE), 2);
  assert.deepEqual(await src.getBatch(0, 2), [["Gryffindor", 7], ["Slytherin", null], ["Hufflepuff", 3]]);
  assert.deepEqual(await src.getBatch(1, 2), [["Hufflepuff", 3]]);
  await src.commit(2);
  put(dir, "c.json", '{"house":"Ravenclaw","score":9}\r\n{"house":"Ravenclaw","score":1}', 500); // older mtime, but new
  assert.equal(await src.latestOffset(null, READ_ALL_AVAILABLE), 3);
  assert.deepEqual(await src.getBatch(2, 3), [["Ravenclaw", 9], ["Ravenclaw", 1]]);
  fs.rmSync(dir, { recursive: true });
});

test("maxFilesPerTrigger caps each batch; the same range gives the same rows", async () => {
  const dir = tmpDir();
  for (let i = 0; i < 5; i++) put(dir, `f${i}.txt`, `line ${i}\nmore ${i}\n`, 1000 + i);
  const src = createTextFileSource(opts({ path: dir, maxFilesPerTrigger: "2" }), undefined, testContext());
  assert.deepEqual(src.schema.names, ["value"]);
  await src.start();
  assert.equal(await src.latestOffset(null, READ_ALL_AVAILABLE), 2);
  assert.equal(await src.latestOffset(null, READ_ALL_AVAILABLE), 2); // asking again before the batch runs changes nothing
  assert.deepEqual(await src.getBatch(0, 2), [["line 0"], ["more 0"], ["line 1"], ["more 1"]]);
  assert.equal(await src.latestOffset(null, READ_ALL_AVAILABLE), 4);
  assert.deepEqual(await src.getBatch(2, 4), [["line 2"], ["more 2"], ["line 3"], ["more 3"]]);
  assert.deepEqual(await src.getBatch(2, 4), [["line 2"], ["more 2"], ["line 3"], ["more 3"]]);
  await src.commit(4);
  assert.equal(await src.latestOffset(null, READ_ALL_AVAILABLE), 5);
  assert.equal(await src.latestOffset(null, READ_ALL_AVAILABLE), 5);
  assert.throws(() => createTextFileSource(opts({ path: dir, maxFilesPerTrigger: "0" }), undefined, testContext()), {
    message: "Invalid value '0' for option 'maxFilesPerTrigger', must be a positive integer",
  });
  fs.rmSync(dir, { recursive: true });
});

test("text: every line is a row, empty lines included; one string column only", async () => {
  const dir = tmpDir();
  put(dir, "x.txt", "a\n\nb\r\nc", 1000);
  const src = createTextFileSource(opts({ path: dir }), undefined, testContext());
  await src.start();
  assert.deepEqual(await src.getBatch(0, await src.latestOffset(null, READ_ALL_AVAILABLE)), [["a"], [""], ["b"], ["c"]]);
  assert.throws(() => createTextFileSource(opts({ path: dir }), SCHEMA, testContext()), { message: "Text data source supports only a single column, and you have 2 columns." });
  assert.throws(() => createTextFileSource(opts({ path: dir }), StructType([StructField("n", IntegerType())]), testContext()), {
    message: "Text data source does not support int data type.",
  });
  fs.rmSync(dir, { recursive: true });
});

test("the seen-files log under sources/0 numbers files the same way after a restart", async () => {
  const dir = tmpDir();
  const meta = path.join(tmpDir(), "sources", "0");
  put(dir, "1.json", '{"house":"A","score":1}', 3000);
  put(dir, "2.json", '{"house":"B","score":2}', 1000);
  const a = createJsonFileSource(opts({ path: dir }), SCHEMA, testContext({ metadataDir: meta }));
  await a.start();
  assert.equal(await a.latestOffset(null, READ_ALL_AVAILABLE), 2);
  const first = await a.getBatch(0, 2);
  assert.deepEqual(first, [["B", 2], ["A", 1]]);
  const log = fs.readFileSync(path.join(meta, "0"), "utf8").split("\n");
  assert.equal(log[0], "v1");
  assert.deepEqual(JSON.parse(log[1]), { path: `file://${path.join(dir, "2.json")}`, timestamp: 1_000_000, batchId: 0 });
  // a file moved in later with an *older* mtime must not shift the numbering after a restart
  put(dir, "0.json", '{"house":"C","score":3}', 10);
  const b = createJsonFileSource(opts({ path: dir }), SCHEMA, testContext({ metadataDir: meta }));
  await b.start();
  assert.deepEqual(await b.getBatch(0, 2), first);
  assert.equal(await b.latestOffset(null, READ_ALL_AVAILABLE), 3);
  assert.deepEqual(await b.getBatch(2, 3), [["C", 3]]);
  assert.deepEqual(fs.readdirSync(meta).sort(), ["0", "1"]);
  fs.rmSync(dir, { recursive: true });
  fs.rmSync(path.dirname(path.dirname(meta)), { recursive: true });
});

test("csv files: each file read by the csv format with the reader's options; a schema is required", async () => {
  const dir = tmpDir();
  assert.throws(() => createCsvFileSource(opts({ path: dir }), undefined, testContext()), { message: SCHEMA_REQUIRED_MESSAGE });
  put(dir, "a.csv", "house,score\nGryffindor,7\n\"Huffle, puff\",x\n", 1000);
  const src = createCsvFileSource(opts({ path: dir, header: "true" }), SCHEMA, testContext());
  await src.start();
  assert.deepEqual(await src.getBatch(0, await src.latestOffset(null, READ_ALL_AVAILABLE)), [["Gryffindor", 7], ["Huffle, puff", null]]);
  fs.rmSync(dir, { recursive: true });
});

test("maxFileAge, fileNameOnly and cleanSource (archive, delete) as Spark's", async () => {
  const dir = tmpDir();
  const archive = tmpDir();
  put(dir, "old.txt", "old", 1000);
  put(dir, "new.txt", "new", 1000 + 8 * 86400);
  const src = createTextFileSource(opts({ path: dir, cleanSource: "archive", sourceArchiveDir: archive }), undefined, testContext());
  await src.start();
  assert.equal(await src.latestOffset(null, READ_ALL_AVAILABLE), 1); // old.txt is older than the newest by more than 7d
  assert.deepEqual(await src.getBatch(0, 1), [["new"]]);
  await src.commit(1);
  fs.mkdirSync(path.join(dir, "sub"));
  put(dir, "next.txt", "next", 2000 + 8 * 86400);
  assert.equal(await src.latestOffset(null, READ_ALL_AVAILABLE), 2);
  await src.commit(2); // the batch before this one is cleaned: new.txt archived under its own path
  assert.ok(fs.existsSync(path.join(archive, dir, "new.txt")));
  assert.ok(!fs.existsSync(path.join(dir, "new.txt")));
  assert.throws(() => createTextFileSource(opts({ path: dir, cleanSource: "archive" }), undefined, testContext()), { message: "Archive mode must be used with 'sourceArchiveDir' option." });
  assert.throws(() => createTextFileSource(opts({ path: dir, cleanSource: "move" }), undefined, testContext()), /Invalid mode for clean source option move/);

  const d2 = tmpDir();
  fs.mkdirSync(path.join(d2, "x"));
  put(d2, "a.txt", "1", 1000);
  const byName = createTextFileSource(opts({ path: d2, fileNameOnly: "true", maxFileAge: "1000d" }), undefined, testContext());
  await byName.start();
  assert.equal(await byName.latestOffset(null, READ_ALL_AVAILABLE), 1);
  fs.renameSync(path.join(d2, "a.txt"), path.join(d2, "x", "a.txt"));
  put(d2, "a.txt", "again", 1001); // same name: not new with fileNameOnly
  assert.equal(await byName.latestOffset(null, READ_ALL_AVAILABLE), 1);
  const del = createTextFileSource(opts({ path: d2, cleanSource: "delete", maxFileAge: "1000d" }), undefined, testContext());
  await del.start();
  await del.latestOffset(null, READ_ALL_AVAILABLE);
  await del.commit(1);
  await del.commit(1);
  assert.ok(!fs.existsSync(path.join(d2, "a.txt")));
  for (const d of [dir, archive, d2]) fs.rmSync(d, { recursive: true });
});

test("path errors: missing option, missing directory; a deleted file fails the batch clearly", async () => {
  assert.throws(() => createJsonFileSource(new CaseInsensitiveMap(), SCHEMA, testContext()), { message: "'path' is not specified" });
  assert.throws(() => createTextFileSource(opts({ path: "/no/such/dir" }), undefined, testContext()), {
    name: "AnalysisException",
    message: "[PATH_NOT_FOUND] Path does not exist: /no/such/dir.",
  });
  const dir = tmpDir();
  put(dir, "a.txt", "x", 1000);
  const src = createTextFileSource(opts({ path: dir }), undefined, testContext());
  await src.start();
  const end = await src.latestOffset(null, READ_ALL_AVAILABLE);
  fs.rmSync(path.join(dir, "a.txt"));
  await assert.rejects(src.getBatch(0, end), /File file:\/\/.*a\.txt does not exist/);
  fs.rmSync(dir, { recursive: true });
});

test("registry: built-in formats, case-insensitive names, kafka loaded lazily, registerSource", () => {
  assert.deepEqual(sourceFormats(), ["csv", "json", "kafka", "memory", "parquet", "rate", "rate-micro-batch", "socket", "text"]);
  assert.equal(getSourceFactory("Socket"), getSourceFactory("socket"));
  assert.equal(getSourceFactory("nosuchformat"), undefined);
  assert.throws(() => getSourceFactory("kafka")!(new CaseInsensitiveMap(), undefined, testContext()), /subscribe/); // the Kafka source's own option check
  const s = getSourceFactory("rate")!(new CaseInsensitiveMap(), undefined, testContext());
  assert.match(s.description, /^RateStreamV2\[/);
  registerSource("Custom", () => s);
  assert.equal(getSourceFactory("custom")!(new CaseInsensitiveMap(), undefined, testContext()), s);
});

test("with maxFilesPerTrigger, only offered files are logged, and after a restart latestOffset never falls below what was offered", async () => {
  const dir = tmpDir();
  const meta = path.join(tmpDir(), "sources", "0");
  for (let i = 0; i < 5; i++) put(dir, `f${i}.txt`, `${i}`, 1000 + i);
  const a = createTextFileSource(opts({ path: dir, maxFilesPerTrigger: "2" }), undefined, testContext({ metadataDir: meta }));
  await a.start();
  assert.equal(await a.latestOffset(null, READ_ALL_AVAILABLE), 2);
  assert.deepEqual(await a.getBatch(0, 2), [["0"], ["1"]]);
  assert.equal(await a.latestOffset(null, READ_ALL_AVAILABLE), 4);
  assert.equal(fs.readFileSync(path.join(meta, "1"), "utf8").split("\n").length, 3); // v1 + 2 files
  // restart: the engine resumes at committed offset 2 (or re-runs (2, 4]) without telling the source
  const b = createTextFileSource(opts({ path: dir, maxFilesPerTrigger: "2" }), undefined, testContext({ metadataDir: meta }));
  await b.start();
  assert.equal(await b.latestOffset(null, READ_ALL_AVAILABLE), 4);
  assert.deepEqual(await b.getBatch(2, 4), [["2"], ["3"]]);
  assert.equal(await b.latestOffset(null, READ_ALL_AVAILABLE), 5);
  assert.deepEqual(await b.getBatch(4, 5), [["4"]]);
  fs.rmSync(dir, { recursive: true });
  fs.rmSync(path.dirname(path.dirname(meta)), { recursive: true });
});
