import { strict as assert } from "node:assert";
import { test } from "node:test";
import { complete } from "./completion";

test("inside a string argument, Tab completes the DataFrame's column names", () => {
  const df = { columns: ["house", "character", "score"] };
  const scope = { df, hostName: "vm", host_name: "vm" } as Record<string, unknown>;
  assert.deepEqual(complete('df.select("ho', scope), [["house"], "ho"]);
  assert.deepEqual(complete('df.groupBy("house").agg(count("*"), sum("sc', scope), [["score"], "sc"]);
  assert.deepEqual(complete('col("cha', scope), [["character"], "cha"]);
  // Outside a string, names of the scope as before.
  assert.deepEqual(complete("df.select(ho", scope)[0], ["hostName", "host_name"]);
});
