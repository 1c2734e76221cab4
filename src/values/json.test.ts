// The JSON reader beside its code (golden cases from PySpark cover it end to end: from_json and the json source).
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { readJson, jsonParser } from "./json";
import { parseSchema } from "../types/ddl";
import { AnalysisException, SparkException } from "../errors";

test("readJson: the first value, Jackson's leniencies as Spark enables them, nothing for blank text", () => {
  assert.deepEqual(readJson('{"a": 1} trailing text'), readJson('{"a": 1}'), "text after the first value is ignored");
  assert.equal(readJson('{"a": 1}').ok, true);
  assert.equal(readJson("   ").ok, false);
  assert.equal(readJson("{b: 1}").ok, false, "unquoted field names only with allowUnquotedFieldNames");
  assert.equal(readJson("{b: 1}", true).ok, true);
  assert.equal(readJson("{'a': 'single quotes'}").ok, true);
  assert.equal(readJson('{"a": NaN}').ok, true);
});

test("from_json's parser: PERMISSIVE gives an all-null struct for a malformed record, null for null and empty text", () => {
  const p = jsonParser(parseSchema("a INT, b STRING"), {}, undefined, true);
  assert.deepEqual(p('{"a": 1, "b": "x"}'), [1, "x"]);
  assert.deepEqual(p('{"b": "only b"}'), [null, "only b"]);
  assert.deepEqual(p("{bad"), [null, null]);
  assert.deepEqual(p('{"a": "not an int"}'), [null, null], "a field that does not convert makes the record malformed (no partial results in 3.5)");
  assert.equal(p(null), null);
  assert.equal(p(""), null);
});

test("from_json's parser: FAILFAST raises Spark's MALFORMED_RECORD_IN_PARSING; other modes are refused", () => {
  const p = jsonParser(parseSchema("a INT"), { mode: "FAILFAST" }, undefined, true);
  assert.throws(() => p("{bad"), (e: Error) => e instanceof SparkException && /^\[MALFORMED_RECORD_IN_PARSING\.WITHOUT_SUGGESTION\] Malformed records are detected in record parsing/.test(e.message));
  assert.throws(() => jsonParser(parseSchema("a INT"), { mode: "DROPMALFORMED" }, undefined, true),
    (e: Error) => e instanceof AnalysisException && e.message === "from_json() doesn't support the DROPMALFORMED mode. Acceptable modes are PERMISSIVE and FAILFAST.");
});
