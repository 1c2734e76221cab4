import { test } from "node:test";
import * as assert from "node:assert/strict";
import { exportPySpark } from "./pyspark";
import { lessonInputs } from "./session-defaults";
import { loadLesson } from "../repl/lessons";

test("a socket word count becomes a PySpark application with arguments, F.<name> and awaitAnyTermination", () => {
  const { python, warnings } = exportPySpark([
    'const lines = spark\n  .readStream\n  .format("socket")\n  .option("host", hostName)\n  .option("port", 9876)\n  .load()',
    'const words = lines.select(explode(split(lines.value, " ")).alias("word"))\nconst wordCounts = words.groupBy("word").count()',
    'const query = wordCounts.writeStream.outputMode("complete").format("console").start()',
  ]);
  assert.deepEqual(warnings, []);
  assert.match(python, /spark = builder\.getOrCreate\(\)/);
  assert.match(python, /\.option\("host", args\.host\)/);
  assert.match(python, /words = lines\.select\(F\.explode\(F\.split\(lines\.value, " "\)\)\.alias\("word"\)\)/);
  assert.match(python, /^from pyspark\.sql import functions as F$/m);
  assert.match(python, /spark\.streams\.awaitAnyTermination\(\)\n/);
  assert.match(python, /spark-submit --packages org\.apache\.spark:spark-sql-kafka-0-10_2\.12:3\.5\.\d+,org\.postgresql:postgresql:42\.\d+\.\d+/);
});

test("passwords are never literal: secret() and pgPassword read the environment variable", () => {
  const { python } = exportPySpark(['df.write.format("jdbc").option("password", secret("***")).option("user", pgUser).save()'].map((c) => "const df = spark.range(1)\n" + c));
  assert.match(python, /pg_password = os\.environ\.get\(args\.password_env, ""\)/);
  assert.match(python, /\.option\("password", pg_password\)/);
  assert.doesNotMatch(python, /\*\*\*/);
});

test("a foreachBatch callback becomes a def; JavaScript it cannot translate becomes a TODO with the original, never code", () => {
  const ok = exportPySpark(['const f = async (batchDF: DataFrame, batchId: number) => {\n  await batchDF.write.mode("append").jdbc(jdbcUrl, "t", { user: pgUser, password: pgPassword })\n}']);
  assert.deepEqual(ok.warnings, []);
  assert.match(ok.python, /def f\(batchDF, batchId\):\n {8}\(batchDF\n {12}\.write\n {12}\.mode\("append"\)\n {12}\.jdbc\(args\.jdbc_url, "t", \{"user": args\.pg_user, "password": pg_password, "driver": "org\.postgresql\.Driver"\}\)\)/);
  const bad = exportPySpark(['const g = (batchDF: DataFrame, id: number) => {\n  console.log(batchDF)\n  fetch("http://x")\n}']);
  assert.equal(bad.warnings.length, 1);
  assert.match(bad.warnings[0], /the body of g/);
  assert.match(bad.python, /# TODO \(the body of g.*\n.*\n {4}# +console\.log\(batchDF\)/);
  assert.match(bad.python, /raise NotImplementedError/);
});

test("every lesson exports; the only TODOs are the other terminals' commands, psql DDL, a shell-only helper and Date.now()", () => {
  for (const n of ["1", "2", "3", "4"]) {
    const { python, warnings } = exportPySpark(lessonInputs(loadLesson(n).steps));
    assert.match(python, /def main\(\):/);
    for (const w of warnings) assert.match(w, /another terminal|PostgreSQL statement|body of appendOnce|Date is the shell's/, `lesson ${n}: ${w}`);
  }
});
