import { test } from "node:test";
import * as assert from "node:assert/strict";
import { CaseInsensitiveMap } from "./options";

test("CaseInsensitiveMap: lookups ignore case, the last spelling wins, lower-case keys inside, original spelling kept", () => {
  const m = new CaseInsensitiveMap();
  m.set("MaxOffsetsPerTrigger", "10").set("kafka.bootstrap.servers", "h:1");
  assert.equal(m.get("maxoffsetspertrigger"), "10");
  assert.equal(m.get("MAXOFFSETSPERTRIGGER"), "10");
  assert.ok(m.has("maxOffsetsPerTrigger"));
  m.set("maxoffsetspertrigger", "20");
  assert.equal(m.size, 2, "one key, whatever its case");
  assert.deepEqual([...m.keys()], ["maxoffsetspertrigger", "kafka.bootstrap.servers"]);
  assert.deepEqual([...m.originalMap], [["maxoffsetspertrigger", "20"], ["kafka.bootstrap.servers", "h:1"]]);
  m.set("User", "u");
  assert.deepEqual(Object.fromEntries(m.originalMap), { maxoffsetspertrigger: "20", "kafka.bootstrap.servers": "h:1", User: "u" });
  const copy = new CaseInsensitiveMap(m);
  assert.equal(copy.get("user"), "u");
  assert.deepEqual([...copy.originalMap], [...m.originalMap]);
  assert.equal(new CaseInsensitiveMap({ Path: "/x" }).get("PATH"), "/x");
  assert.ok(m instanceof Map);
  m.delete("USER");
  assert.equal(m.get("user"), undefined);
});
