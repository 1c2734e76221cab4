import { test } from "node:test";
import * as assert from "node:assert/strict";
import { applicationInputs } from "./app-form";

test("the application form drops the session's own statements and puts in each side's port and topic", () => {
  const out = applicationInputs(
    [
      'hostName',
      'await sh("npm run produce -- $KAFKA kafka-input json 2 5")',
      'const s = spark.readStream.format("socket").option("host", hostName).option("port", 9876).load()',
      'const k = spark.readStream.format("kafka").option("subscribe", "kafka-input").load()',
      'const q = s.writeStream.format("console").start()\nawait q.processAllAvailable()',
      'sql("select * from t")\nawait q.stop()\nfor (const x of spark.streams.active) {\n  await x.stop()\n}',
    ],
    { port: 4242, topic: "t-1" },
  );
  assert.deepEqual(out, [
    'const s = spark.readStream.format("socket").option("host", hostName).option("port", 4242).load()',
    'const k = spark.readStream.format("kafka").option("subscribe", "t-1").load()',
    'const q = s.writeStream.format("console").start()',
  ]);
});
