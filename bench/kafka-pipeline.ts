/**
 * The headline job on real services: generator → Kafka → from_json → house stats →
 * foreachBatch replacing an 8-row PostgreSQL table.
 *  - keep-up: the workshop's generator at 20,000 records/s for 5 s; sustained rate, batch
 *    latency p50/p99, and the lag between the generator's last record and the table having it;
 *  - catch-up: a topic pre-filled with 1,000,000 records, processed from the earliest offset.
 * Needs a broker (KAFKA_BOOTSTRAP_SERVERS, default 127.0.0.1:9092) and PostgreSQL (PG_URL, else
 * an embedded server is started).
 *
 *   node -r ts-node/register/transpile-only bench/kafka-pipeline.ts
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DataFrame, SparkSession, StringType, StructType, StructField, TimestampType, col, count, expr, sum, approx_count_distinct, from_json } from "../src/index";
import { KafkaClient } from "../src/connectors/kafka/client";
import { createTopic, deleteTopicsIfExist } from "../src/connectors/kafka/admin";
import { produceRecords, OutRecord } from "../src/connectors/kafka/record-writer";
import { closeAllJdbcPools, parseJdbcUrl, toJdbcUrl } from "../src/connectors/jdbc";
import { resolvePostgres } from "../src/connectors/postgres/embedded";
import { drawRecord, formatRecord, produce } from "../scripts/workshop/produce";

const BOOTSTRAP = process.env.KAFKA_BOOTSTRAP_SERVERS ?? "127.0.0.1:9092";

export interface KeepUpResult { produced: number; recordsPerSecond: number; batches: number; p50Ms: number; p99Ms: number; lagMs: number }
export interface CatchUpResult { records: number; seconds: number; recordsPerSecond: number; batches: number }

const schema = StructType([StructField("house", StringType()), StructField("character", StringType()), StructField("score", StringType()), StructField("ts", TimestampType())]);

function houseStats(ds: DataFrame): DataFrame {
  return ds.select(expr("CAST(value AS STRING)").alias("value")).select(from_json(col("value"), schema).alias("data")).select("data.*").groupBy("house")
    .agg(count("*").alias("how_many"), sum(col("score").cast("long")).alias("sum_score"), approx_count_distinct("character").alias("no_characters"));
}

async function pg(): Promise<{ jdbcUrl: string; user: string; password: string; stop: () => Promise<void> }> {
  const h = await resolvePostgres({ port: Number(process.env.BENCH_PG_PORT ?? 8433), dataDir: path.join(os.tmpdir(), `iskra-bench-pg-${process.pid}`) });
  const ep = parseJdbcUrl(h.url);
  return { jdbcUrl: toJdbcUrl(ep), user: ep.user ?? "postgres", password: ep.password ?? "", stop: async () => { await closeAllJdbcPools(); if (h.kind === "embedded") await h.stop(); } };
}

function writer(db: { jdbcUrl: string; user: string; password: string }) {
  return async (batch: DataFrame) => {
    await batch.write.format("jdbc").option("url", db.jdbcUrl).option("dbtable", "housestats_bench").option("user", db.user).option("password", db.password)
      .option("truncate", "true").mode("overwrite").save();
  };
}

const pct = (xs: number[], p: number) => (xs.length ? xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] : NaN);
const quiet = { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream;

export async function runKeepUp(spark: SparkSession, db: { jdbcUrl: string; user: string; password: string }, rate = 20000, seconds = 5): Promise<KeepUpResult> {
  const client = new KafkaClient({ bootstrapServers: BOOTSTRAP });
  const topic = `bench-keepup-${process.pid}-${Date.now()}`;
  await createTopic(client, topic, { partitions: 3, replicationFactor: 1 });
  const cp = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-bench-cp-"));
  const q = houseStats(spark.readStream.format("kafka").option("kafka.bootstrap.servers", BOOTSTRAP).option("subscribe", topic).load())
    .writeStream.outputMode("complete").option("checkpointLocation", cp).foreachBatch(writer(db)).start();
  try {
    await q.processAllAvailable();
    const t0 = Date.now();
    const res = await produce(BOOTSTRAP, topic, "json", rate, seconds, quiet);
    const genEnd = Date.now();
    await q.processAllAvailable();
    const lagMs = Date.now() - genEnd;
    const progress = q.recentProgress.filter((p) => p.numInputRows > 0);
    const processed = progress.reduce((n, p) => n + p.numInputRows, 0);
    return {
      produced: res.sent, recordsPerSecond: processed / ((Date.now() - t0) / 1000), batches: progress.length,
      p50Ms: pct(progress.map((p) => p.durationMs.triggerExecution), 50), p99Ms: pct(progress.map((p) => p.durationMs.triggerExecution), 99), lagMs,
    };
  } finally {
    await q.stop();
    await deleteTopicsIfExist(client, [topic]).catch(() => undefined);
    await client.close();
    fs.rmSync(cp, { recursive: true, force: true });
  }
}

/** Fills a 3-partition topic with `n` generator records (key = house). Returns the topic name. */
export async function prefilledTopic(n: number, bootstrap = BOOTSTRAP): Promise<string> {
  const client = new KafkaClient({ bootstrapServers: bootstrap });
  const topic = `bench-prefilled-${process.pid}-${Date.now()}`;
  await createTopic(client, topic, { partitions: 3, replicationFactor: 1 });
  try {
    const chunk = 50000;
    for (let i = 0; i < n; i += chunk) {
      const recs: OutRecord[] = [];
      const now = Date.now();
      for (let j = 0; j < Math.min(chunk, n - i); j++) {
        const r = drawRecord(now);
        recs.push({ key: r.house, value: formatRecord(r, "json"), timestamp: r.eventTime });
      }
      await produceRecords(client, topic, recs, { acks: -1 });
    }
  } finally {
    await client.close();
  }
  return topic;
}

export async function runCatchUp(spark: SparkSession, db: { jdbcUrl: string; user: string; password: string }, topic: string, n: number, bootstrap = BOOTSTRAP): Promise<CatchUpResult> {
  const cp = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-bench-cp-"));
  const t0 = Date.now();
  const q = houseStats(spark.readStream.format("kafka").option("kafka.bootstrap.servers", bootstrap).option("subscribe", topic).option("startingOffsets", "earliest").load())
    .writeStream.outputMode("complete").option("checkpointLocation", cp).foreachBatch(writer(db)).start();
  try {
    await q.processAllAvailable();
    const seconds = (Date.now() - t0) / 1000;
    const processed = q.recentProgress.reduce((s, p) => s + p.numInputRows, 0);
    if (processed !== n) throw new Error(`processed ${processed} of ${n} records`);
    return { records: n, seconds, recordsPerSecond: n / seconds, batches: q.recentProgress.filter((p) => p.numInputRows > 0).length };
  } finally {
    await q.stop();
    fs.rmSync(cp, { recursive: true, force: true });
  }
}

export async function dropTopic(topic: string, bootstrap = BOOTSTRAP): Promise<void> {
  const client = new KafkaClient({ bootstrapServers: bootstrap });
  try { await deleteTopicsIfExist(client, [topic]); } finally { await client.close(); }
}

export { pg as benchPostgres };

if (require.main === module) {
  (async () => {
    const spark = SparkSession.builder.getOrCreate();
    const db = await pg();
    try {
      const k = await runKeepUp(spark, db);
      console.log(`kafka keep-up: ${k.produced} records at 20,000/s; processed ${Math.round(k.recordsPerSecond)} rec/s in ${k.batches} batches, batch p50 ${k.p50Ms} ms p99 ${k.p99Ms} ms, lag after generator ${k.lagMs} ms`);
      const n = Number(process.env.BENCH_RECORDS ?? 1_000_000);
      const topic = await prefilledTopic(n);
      const c = await runCatchUp(spark, db, topic, n);
      console.log(`kafka catch-up: ${c.records} records in ${c.seconds.toFixed(2)} s = ${Math.round(c.recordsPerSecond)} rec/s (${c.batches} batches)`);
      await dropTopic(topic);
    } finally {
      await db.stop();
    }
  })().catch((e) => { console.error(e); process.exit(1); });
}
