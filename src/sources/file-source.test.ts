import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { basicJsonLineParser, createJsonFileSource, createTextFileSource, SCHEMA_REQUIRED_MESSAGE } from "./file-source";
import { getSourceFactory, registerSource, sourceFormats } from "./registry";
import { ArrayType, DoubleType, IntegerType, LongType, StringType, StructField, StructType, TimestampType } from "../types/data-types";
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
const SCHEMA = StructType([StructField("house", StringType(), false), StructField("score", IntegerType())]);

test("json files: schema required; files in modification-time order; offsets = files; (start, end] reads those files", async () => {
  const dir = tmpDir();
  assert.throws(() => createJsonFileSource(opts({ path: dir }), undefined, testContext()), { name: "IllegalArgumentException", message: SCHEMA_REQUIRED_MESSAGE });
  const src = createJsonFileSource(opts({ path: dir }), SCHEMA, testContext());
  assert.equal(src.description, `FileStreamSource[file:${dir}]`);
  assert.deepEqual(src.schema.fields.map((f) => f.nullable), [true, true]);
  await src.start();
  assert.equal(await src.initialOffset(), 0);
  assert.equal(await src.latestOffset(null, READ_ALL_AVAILABLE), 0);
  put(dir, "b.json", '{"house":"Gryffindor","score":7}\n\n{"house":"Slytherin","score":"x"}\n', 1000);
  put(dir, "a.json", '{"house":"Hufflepuff","score":3}', 2000);
  put(dir, "_SUCCESS", "", 500);
  put(dir, ".hidden.json", '{"house":"no"}', 500);
  fs.mkdirSync(path.join(dir, "sub"));
  assert.equal(await src.latestOffset(null, READ_ALL_AVAILABLE), 2);
  assert.deepEqual(await src.getBatch(0, 2), [["Gryffindor", 7], [null, null], ["Hufflepuff", 3]]);
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

test("an injected parser (the engine's from_json) is used for json lines", async () => {
  const dir = tmpDir();
  put(dir, "a.json", '{"x":1}\n{"x":2}\n', 1000);
  const seen: string[] = [];
  const src = createJsonFileSource(opts({ path: dir }), StructType([StructField("x", LongType())]), testContext({
    parseJsonLine: (line) => {
      seen.push(line);
      return [42];
    },
  }));
  await src.start();
  assert.deepEqual(await src.getBatch(0, await src.latestOffset(null, READ_ALL_AVAILABLE)), [[42], [42]]);
  assert.deepEqual(seen, ['{"x":1}', '{"x":2}']);
  fs.rmSync(dir, { recursive: true });
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

test("built-in JSON conversion is PERMISSIVE", () => {
  const parse = basicJsonLineParser(
    StructType([
      StructField("s", StringType()), StructField("d", DoubleType()), StructField("ts", TimestampType()),
      StructField("xs", ArrayType(LongType())), StructField("_corrupt_record", StringType()),
    ]),
  );
  assert.deepEqual(parse('{"s":7,"d":1.5,"ts":"2022-08-11 16:34:11.633","xs":[1,2]}'), ["7", 1.5, 1660235651633000, [1, 2], null]);
  assert.deepEqual(parse('{"s":{"a":1}}'), ['{"a":1}', null, null, null, null]);
  assert.deepEqual(parse("not json"), [null, null, null, null, "not json"]);
  assert.deepEqual(parse('{"d":"high"}'), [null, null, null, null, '{"d":"high"}']);
});

test("registry: built-in formats, case-insensitive names, kafka loaded lazily, registerSource", () => {
  assert.deepEqual(sourceFormats(), ["json", "kafka", "memory", "rate", "rate-micro-batch", "socket", "text"]);
  assert.equal(getSourceFactory("Socket"), getSourceFactory("socket"));
  assert.equal(getSourceFactory("parquet"), undefined);
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
