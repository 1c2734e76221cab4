// @needs: kafka
/**
 * Lesson 4's `.check` (step 41) runs the learner's foreachBatch function on a stream of its own:
 * it compares housestats with the six records' result and then puts the learner's housestats
 * back as it was (here: none), and the learner's input topic (kafka-input in the
 * workshop; here a topic of this test) receives nothing. Real Kafka broker and PostgreSQL (a
 * database of this test's own).
 */
import { strict as assert } from "node:assert";
import { after, before, test } from "node:test";
import { createTopic } from "../src/connectors/kafka/admin";
import { BOOTSTRAP, dropTopics, testClient, uniqueTopic } from "../src/connectors/kafka/testing";
import { loadLesson } from "../src/repl/lessons";
import { Shell } from "../src/repl/shell";
import { pgAdmin } from "../test/support/pg-admin";
import { DATA_SCHEMA_CODE, RESULT_DF_CODE } from "./common";

const database = `iskra_check41_${process.pid}`;
const admin = pgAdmin;
const skip = process.env.PG_URL ? false : "PG_URL is not set (npm test sets it)";
const topic = uniqueTopic("check41-input");

before(async () => {
  if (skip) return;
  await admin(`create database ${database}`);
  const client = testClient();
  await createTopic(client, topic, { partitions: 1, replicationFactor: 1 });
  await client.close();
});
after(async () => {
  if (skip) return;
  await admin(`drop database if exists ${database} with (force)`);
  const client = testClient();
  await dropTopics(client, [topic]);
  await client.close();
});

test("step 41's .check leaves the learner's input topic alone and checks the writer on its own stream", { skip }, async () => {
  const u = new URL(process.env.PG_URL!);
  u.pathname = `/${database}`;
  const out: string[] = [];
  const shell = new Shell({ output: { print: (t) => void out.push(t), colors: false, columns: 100 }, interactive: false, env: { ...process.env, PG_URL: u.toString(), KAFKA_BOOTSTRAP_SERVERS: BOOTSTRAP, ISKRA_NO_SERVICES: "1" } });
  try {
    const learner = [
      `const valuesDF = spark.readStream.format("kafka").option("kafka.bootstrap.servers", kafkaBootstrap).option("subscribe", "${topic}").load().selectExpr("CAST(value AS STRING)")`,
      DATA_SCHEMA_CODE,
      'const dataDF = valuesDF.select(from_json(col("value"), dataSchema).alias("data")).select("data.*")',
      RESULT_DF_CODE,
    ];
    for (const code of learner) assert.equal((await shell.run(code)).kind, "value", out.join(""));
    const step = loadLesson(4).steps.find((s) => s.id === 41)!;
    assert.equal((await shell.run(step.yourTurn!.solution)).kind, "value", out.join(""));
    assert.equal(await step.yourTurn!.check(shell.checkContext()), null);
    const rows = await shell.services.query("select to_regclass('housestats') is null as gone");
    assert.equal(rows.rows[0].gone, true, "the check's housestats is gone: the learner had none");
    const inTopic = await shell.spark.read.format("kafka").option("kafka.bootstrap.servers", BOOTSTRAP).option("subscribe", topic).load().count();
    assert.equal(inTopic, 0, "nothing was written into the learner's topic");
    assert.equal(shell.spark.streams.active.length, 0, "the check stopped its query");
  } finally {
    await shell.close();
  }
});
