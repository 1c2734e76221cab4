import { test } from "node:test";
import * as assert from "node:assert/strict";
import { parseSaveMode } from "./save-mode";

test("save modes: Spark's names, case-insensitive; an unknown one fails with Spark's message", () => {
  assert.equal(parseSaveMode("OVERWRITE"), "overwrite");
  assert.equal(parseSaveMode("Append"), "append");
  assert.equal(parseSaveMode("ignore"), "ignore");
  for (const m of ["error", "errorifexists", "default", undefined]) assert.equal(parseSaveMode(m), "errorifexists");
  assert.throws(() => parseSaveMode("upsert"), {
    name: "IllegalArgumentException",
    message: "Unknown save mode: upsert. Accepted save modes are 'overwrite', 'append', 'ignore', 'error', 'errorifexists', 'default'.",
  });
});
