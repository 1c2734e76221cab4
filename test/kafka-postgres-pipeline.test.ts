// @needs: kafka postgres
/**
 * The seed's final pipeline for real (steps 31-49): Kafka → from_json → house statistics →
 * foreachBatch replacing a PostgreSQL table, with the workshop's generator at 2 and then 20,000
 * records/s. The table must equal a batch computation over every record in the topic.
 * Needs KAFKA_BOOTSTRAP_SERVERS and PG_URL (npm test starts both).
 */
import { after, before, test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import {
  DataFrame, SparkSession, StreamingQueryException, StringType, StructType, StructField, TimestampType, col, count, expr, sum,
  approx_count_distinct, from_json,
} from "../src/index";
import { BOOTSTRAP, dropTopics, testClient, uniqueTopic } from "../src/connectors/kafka/testing";
import { createTopic } from "../src/connectors/kafka/admin";
import { testDatabase, TestDatabase } from "../src/connectors/jdbc/test-support";
import { closeAllJdbcPools } from "../src/connectors/jdbc";
import { findFreePort, makeTempDir, startEmbeddedPostgres, THROWAWAY_SERVER_FLAGS } from "../src/connectors/postgres/embedded";
import { produce } from "../scripts/workshop/produce";
import { captureSession } from "./support/spark";
import { tempCheckpoint } from "./support/stream-test";

const { spark } = captureSession();
const client = testClient();
const topics: string[] = [];
let db: TestDatabase;

before(async () => { db = await testDatabase(); });
after(async () => {
  await dropTopics(client, topics);
  await client.close();
  await closeAllJdbcPools();
  await db.stop();
});

const dataSchema = StructType([
  StructField("house", StringType(), true),
  StructField("character", StringType(), true),
  StructField("score", StringType(), true),
  StructField("ts", TimestampType(), true),
]);

/** Steps 33-34: the same transformation for the stream and for the batch check. */
function houseStats(ds1: DataFrame): DataFrame {
  const valuesDF = ds1.select(expr("CAST(value AS STRING)").alias("value"));
  return valuesDF.select(from_json(col("value"), dataSchema).alias("data")).select("data.*").groupBy("house")
    .agg(count("*").alias("how_many"), sum(col("score").cast("long")).alias("sum_score"), approx_count_distinct("character").alias("no_characters"));
}

const quiet = { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream;

async function tableRows(url: string, table: string): Promise<string[]> {
  const { Client } = await import("pg");
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query(`select house, how_many, sum_score, no_characters from ${table} order by house`);
    return r.rows.map((x) => `${String(x.house).trim()}|${x.how_many}|${x.sum_score}|${x.no_characters}`);
  } finally { await c.end(); }
}

async function batchAnswer(topic: string): Promise<string[]> {
  const all = spark.read.format("kafka").option("kafka.bootstrap.servers", BOOTSTRAP).option("subscribe", topic).load();
  const rows = await houseStats(all).orderBy("house").collect();
  return rows.map((r) => `${r.house}|${r.how_many}|${r.sum_score}|${r.no_characters}`);
}

function foreachBatchWriter(jdbcUrl: string, user: string, password: string, table: string) {
  // Steps 41-42: write the whole result table, replacing it, in every micro-batch.
  return async (batchDF: DataFrame, _batchId: number) => {
    await batchDF.write.format("jdbc").option("url", jdbcUrl).option("dbtable", table).option("user", user).option("password", password)
      .option("truncate", "true").mode("overwrite").save();
  };
}

test("steps 43-46: 2 rec/s for 5 s, then 20,000 rec/s for 5 s; PostgreSQL ends equal to the batch answer", async () => {
  const topic = uniqueTopic("kafka-input");
  topics.push(topic);
  await createTopic(client, topic, { partitions: 3, replicationFactor: 1 });
  const ds1 = spark.readStream.format("kafka").option("kafka.bootstrap.servers", BOOTSTRAP).option("subscribe", topic).load();
  const resultDF = houseStats(ds1);
  const query = resultDF.writeStream.outputMode("complete").option("checkpointLocation", tempCheckpoint())
    .foreachBatch(foreachBatchWriter(db.jdbcUrl, db.user, db.password, "housestats_pipeline")).start();
  try {
    await query.processAllAvailable();
    const slow = await produce(BOOTSTRAP, topic, "json", 2, 5, quiet);
    const fast = await produce(BOOTSTRAP, topic, "json", 20000, 5, quiet);
    // Whole bursts only (the generator sends a burst per wall-clock second while time remains, so a
    // loaded machine sends fewer of them; how fast it keeps up is the bench's business, not a test's).
    assert.ok(slow.sent >= 2 && slow.sent % 2 === 0 && fast.sent >= 20000 && fast.sent % 20000 === 0, `sent ${slow.sent} + ${fast.sent}`);
    await query.processAllAvailable();
    const expected = await batchAnswer(topic);
    assert.equal(expected.length, 8, "all eight houses");
    const total = expected.reduce((n, line) => n + Number(line.split("|")[1]), 0);
    assert.equal(total, slow.sent + fast.sent, "every record counted once");
    assert.deepEqual(await tableRows(db.url, "housestats_pipeline"), expected);
    assert.ok(expected.every((line) => line.endsWith("|213")), "approx_count_distinct of the 214 characters is 213, as Spark gives");
  } finally {
    await query.stop();
  }
  assert.equal(query.exception(), null);
});

test("PostgreSQL going away fails the batch clearly; a restart on the same checkpoint loses nothing and doubles nothing", async () => {
  const dir = makeTempDir("iskra-pg-down-");
  const port = await findFreePort();
  let pg = await startEmbeddedPostgres({ port, dataDir: `${dir}/data`, ...THROWAWAY_SERVER_FLAGS });
  const topic = uniqueTopic("kafka-input-pgdown");
  topics.push(topic);
  await createTopic(client, topic, { partitions: 3, replicationFactor: 1 });
  const cp = tempCheckpoint();
  const start = () => houseStats(spark.readStream.format("kafka").option("kafka.bootstrap.servers", BOOTSTRAP).option("subscribe", topic).option("startingOffsets", "earliest").load())
    .writeStream.outputMode("complete").option("checkpointLocation", cp)
    .foreachBatch(foreachBatchWriter(pg.jdbcUrl, pg.user, pg.password, "housestats")).start();
  try {
    let query = start();
    await produce(BOOTSTRAP, topic, "json", 500, 1, quiet);
    await query.processAllAvailable();
    await pg.stop();
    await closeAllJdbcPools();
    await produce(BOOTSTRAP, topic, "json", 500, 1, quiet);
    await assert.rejects(query.awaitTermination(), (e: unknown) => {
      assert.ok(e instanceof StreamingQueryException);
      assert.match((e as Error).message, /terminated with exception/);
      assert.ok(!(e as Error).message.includes(pg.password), "no password in the error");
      return true;
    });
    const committed = fs.readdirSync(`${cp}/commits`).filter((f) => /^\d+$/.test(f)).map(Number);
    const written = fs.readdirSync(`${cp}/offsets`).filter((f) => /^\d+$/.test(f)).map(Number);
    assert.ok(Math.max(...written) > Math.max(...committed), "the failed batch is in offsets/ but not in commits/");
    pg = await startEmbeddedPostgres({ port, dataDir: `${dir}/data`, ...THROWAWAY_SERVER_FLAGS });
    query = start();
    await query.processAllAvailable();
    await query.stop();
    assert.deepEqual(await tableRows(pg.url, "housestats"), await batchAnswer(topic));
  } finally {
    await pg.stop().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("an unreachable broker fails the query with a message naming the bootstrap servers", async () => {
  const t0 = Date.now();
  const q = spark.readStream.format("kafka").option("kafka.bootstrap.servers", "127.0.0.1:1").option("subscribe", "nowhere").load()
    .writeStream.format("memory").queryName("unreachable_kafka").start();
  await assert.rejects(q.awaitTermination(), /127\.0\.0\.1:1/);
  assert.ok(Date.now() - t0 < 60000, "fails within a bounded time");
  assert.equal(q.isActive, false);
  void SparkSession;
});
