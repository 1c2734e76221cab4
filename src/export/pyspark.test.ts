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

test("every lesson exports; the only TODOs are the other terminals' commands and psql DDL", () => {
  for (const n of ["1", "2", "3", "4"]) {
    const { python, warnings } = exportPySpark(lessonInputs(loadLesson(n).steps));
    assert.match(python, /def main\(\):/);
    for (const w of warnings) assert.match(w, /another terminal|PostgreSQL statement/, `lesson ${n}: ${w}`);
  }
});

test("the session's stop() and processAllAvailable() end the application instead: its queries run until stopped", () => {
  const { python } = exportPySpark([
    'const q = spark.readStream.format("rate").load().writeStream.format("console").start()',
    "await q.processAllAvailable()\nawait q.stop()",
    "for (const x of spark.streams.active) {\n  await x.stop()\n}",
  ]);
  assert.doesNotMatch(python, /\.stop\(\)|processAllAvailable/);
  assert.match(python, /\n {4}spark\.streams\.awaitAnyTermination\(\)\n/);
});

test("the socket port and the Kafka topic become --port and --topic with the session's values as defaults", () => {
  const { python } = exportPySpark([
    'const a = spark.readStream.format("socket").option("host", hostName).option("port", 9876).load()',
    'const b = spark.readStream.format("kafka").option("kafka.bootstrap.servers", kafkaBootstrap).option("subscribe", "kafka-input").load()',
  ]);
  assert.match(python, /\.option\("port", args\.port\)/);
  assert.match(python, /add_argument\("--port", type=int, default=9876/);
  assert.match(python, /\.option\("subscribe", args\.topic\)/);
  assert.match(python, /add_argument\("--topic", default="kafka-input"/);
});

test("Date.now() is time.time() in milliseconds; text + number gets str()", () => {
  const { python, warnings } = exportPySpark(['const cp = "/tmp/cp-" + Date.now()']);
  assert.deepEqual(warnings, []);
  assert.match(python, /^import time$/m);
  assert.match(python, /cp = "\/tmp\/cp-" \+ str\(int\(time\.time\(\) \* 1000\)\)/);
});

test("exactlyOnce(…).jdbc(…, \"append\", props) calls the module's write_exactly_once helper: ledger and rows in one transaction", () => {
  const { python, warnings } = exportPySpark([
    'const f = async (batchDF: DataFrame, batchId: number) => {\n  await exactlyOnce(batchDF, batchId, { ledgerTable: "my_ledger" }).jdbc(jdbcUrl, "t_log", "append", { user: pgUser, password: pgPassword })\n}',
  ]);
  assert.deepEqual(warnings, []);
  assert.match(python, /^def write_exactly_once\(batch_df, batch_id, url, table, props, query_id=None, ledger_table="iskra_batch_ledger"\):$/m);
  assert.match(python, /write_exactly_once\(batchDF, batchId, args\.jdbc_url, "t_log", \{"user": args\.pg_user, "password": pg_password, "driver": "org\.postgresql\.Driver"\}, ledger_table="my_ledger"\)/);
  assert.match(python, /ON CONFLICT \(query_id, batch_id\) DO NOTHING/);
  const overwrite = exportPySpark(['const g = async (d: DataFrame, id: number) => {\n  await exactlyOnce(d, id).jdbc(jdbcUrl, "t", "overwrite", {})\n}']);
  assert.match(overwrite.warnings[0], /body of g/);
});

test("an assignment typed at the prompt (words = …, query = ….start()) binds a name as a declaration does", () => {
  const { python, warnings } = exportPySpark([
    'ds1 = spark.readStream.format("rate").load()',
    'query = ds1.writeStream.format("console").start()',
    "query.processAllAvailable()",
  ]);
  assert.deepEqual(warnings, []);
  assert.match(python, /\n {4}ds1 = \(spark\n/);
  assert.match(python, /query = \(ds1\n/);
  assert.doesNotMatch(python, /processAllAvailable/);
});

test("the shell's Python builtins and skipped arguments export as Python; --jdbc-url/--kafka-bootstrap replace their literal", () => {
  const { python, warnings } = exportPySpark(
    [
      'const df = spark.createDataFrame([tuple(["a", 1])], ["k", "v"])',
      "df.show(undefined, false)",
      'await print("n", df.count())',
      'print.kw({ sep: "-", end: "" }, "a", str(getitem(df.first(), "k")))',
      'const lines = spark.readStream.format("kafka").option("kafka.bootstrap.servers", "broker:9092").option("subscribe", "t").load()',
      'const w = df.write.format("jdbc").option("url", "jdbc:postgresql://db:5432/x").option("dbtable", "t")',
    ],
    { kafkaBootstrap: "broker:9092", jdbcUrl: "jdbc:postgresql://db:5432/x" },
  );
  assert.deepEqual(warnings, []);
  assert.match(python, /df = spark\.createDataFrame\(\[\("a", 1\)\], \["k", "v"\]\)/);
  assert.match(python, /df\.show\(truncate=False\)/);
  assert.match(python, /print\("n", df\.count\(\)\)/);
  assert.match(python, /print\("a", str\(df\.first\(\)\["k"\]\), sep="-", end=""\)/);
  assert.match(python, /\.option\("kafka\.bootstrap\.servers", args\.kafka_bootstrap\)/);
  assert.match(python, /\.option\("url", args\.jdbc_url\)/);
});
