import { test } from "node:test";
import * as assert from "node:assert/strict";
import { createMemorySource, MemoryStream } from "./memory-source";
import { ArrayType, LongType, StringType, StructField, StructType } from "../types/data-types";
import { testContext } from "../../test/support/source-context";
import { CaseInsensitiveMap } from "../connector-api/options";

test("addData returns the offset; batches are (start, end]; commit forgets", async () => {
  const s = new MemoryStream(StructType([StructField("value", StringType())]));
  assert.match(s.description, /^MemoryStream\[value#\d+\]$/);
  await s.start();
  assert.equal(await s.initialOffset(), -1);
  assert.equal(await s.latestOffset(), -1);
  assert.equal(s.addData("a", "b"), 0);
  assert.equal(s.addData("c"), 1);
  assert.equal(s.addData(), 2);
  assert.equal(s.addData(["d"]), 3);
  assert.equal(await s.latestOffset(), 3);
  assert.deepEqual(await s.getBatch(-1, 1), [["a"], ["b"], ["c"]]);
  assert.deepEqual(await s.getBatch(1, 3), [["d"]]);
  assert.deepEqual(await s.getBatch(-1, 1), [["a"], ["b"], ["c"]]); // same range, same rows
  await s.commit(1);
  assert.deepEqual(await s.getBatch(1, 3), [["d"]]);
  await assert.rejects(s.getBatch(0, 3), /were committed and are gone/);
  await assert.rejects(s.getBatch(1, 9), /beyond the latest offset 3/);
  await assert.rejects(s.commit(0), /Offsets committed out of order: 1 followed by 0/);
});

test("multi-column rows, array columns, description ids", () => {
  const s = new MemoryStream(StructType([StructField("word", StringType()), StructField("n", LongType())]));
  assert.match(s.description, /^MemoryStream\[word#(\d+),n#(\d+)\]$/);
  const [, a, b] = /#(\d+),n#(\d+)/.exec(s.description)!;
  assert.equal(Number(b), Number(a) + 1);
  s.addData(["x", 1], ["y", undefined]);
  assert.throws(() => s.addData("x"), /must be an array of 2 values/);
  assert.throws(() => s.addData(["x"]), /has 1 values but .* has 2 columns/);
  const arr = new MemoryStream(StructType([StructField("xs", ArrayType(StringType()))]));
  arr.addData([["p", "q"]]);
  assert.throws(() => arr.addData(["p", "q"]), /has 2 values/);
});

test("registry factory: default value INT, named streams are shared", async () => {
  const d = createMemorySource(new CaseInsensitiveMap(), undefined, testContext());
  assert.deepEqual(d.schema.names, ["value"]);
  assert.equal(d.schema.fields[0].dataType.typeName, "integer");
  const named = new MemoryStream(StructType([StructField("value", StringType())]), { name: "words" });
  assert.equal(MemoryStream.get("words"), named);
  assert.equal(createMemorySource(new CaseInsensitiveMap([["name", "words"]]), undefined, testContext()), named);
  assert.throws(() => createMemorySource(new CaseInsensitiveMap([["name", "words"]]), StructType([StructField("value", LongType())]), testContext()), /has schema/);
  named.unregister();
  assert.equal(MemoryStream.get("words"), undefined);
  let called = 0;
  const off = named.onNewData(() => called++);
  named.addData("x");
  off();
  named.addData("y");
  assert.equal(called, 1);
});
