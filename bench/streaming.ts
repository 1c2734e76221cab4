/**
 * Streaming benchmarks on the memory source (no services needed):
 *  - latency: one small batch at a time, from addData to the sink having it (p50/p99);
 *  - throughput: a stateful aggregation (the seed's house stats) over many records per batch.
 *
 *   node -r ts-node/register/transpile-only bench/streaming.ts
 */
import { MemoryStream, SparkSession, StringType, StructType, StructField, TimestampType, col, count, sum, approx_count_distinct, from_json } from "../src/index";
import { generateRecords } from "./engine";

export interface LatencyResult { batches: number; p50Ms: number; p99Ms: number }
export interface ThroughputResult { records: number; seconds: number; recordsPerSecond: number; batches: number }

const schema = StructType([StructField("house", StringType()), StructField("character", StringType()), StructField("score", StringType()), StructField("ts", TimestampType())]);

function houseStats(spark: SparkSession, name: string) {
  const stream = new MemoryStream(StructType([StructField("value", StringType())]), { name });
  const df = spark.readStream.format("memory").option("name", name).load();
  const result = df.select(from_json(col("value"), schema).alias("data")).select("data.*").groupBy("house")
    .agg(count("*").alias("how_many"), sum(col("score").cast("long")).alias("sum_score"), approx_count_distinct("character").alias("no_characters"));
  return { stream, result };
}

const pct = (xs: number[], p: number) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

/** Time from addData to the foreachBatch function receiving the batch, one small batch at a time. */
export async function runLatencyBench(batches = 300, rowsPerBatch = 10): Promise<LatencyResult> {
  const spark = SparkSession.builder.getOrCreate();
  const { stream, result } = houseStats(spark, `lat_${process.pid}`);
  const records = generateRecords(rowsPerBatch * batches);
  let resolveSeen: (() => void) | undefined;
  const query = result.writeStream.outputMode("update").foreachBatch(async () => { resolveSeen?.(); }).start();
  await query.processAllAvailable();
  const latencies: number[] = [];
  for (let b = 0; b < batches; b++) {
    const seen = new Promise<void>((r) => (resolveSeen = r));
    const t0 = process.hrtime.bigint();
    stream.addData(...records.slice(b * rowsPerBatch, (b + 1) * rowsPerBatch).map((v) => [v]));
    await seen;
    latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  await query.stop();
  const warm = latencies.slice(Math.min(20, latencies.length >> 2));
  return { batches, p50Ms: pct(warm, 50), p99Ms: pct(warm, 99) };
}

/** Records/s of the stateful aggregation: data is queued first, then the query drains it in batches. */
export async function runThroughputBench(records = 1_000_000, perBatch = 100_000): Promise<ThroughputResult> {
  const spark = SparkSession.builder.getOrCreate();
  const { stream, result } = houseStats(spark, `thr_${process.pid}`);
  const values = generateRecords(records);
  for (let i = 0; i < records; i += perBatch) stream.addData(...values.slice(i, i + perBatch).map((v) => [v]));
  const t0 = process.hrtime.bigint();
  const query = result.writeStream.outputMode("complete").format("noop").start();
  await query.processAllAvailable();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const batches = query.recentProgress.filter((p) => p.numInputRows > 0).length;
  await query.stop();
  return { records, seconds, recordsPerSecond: records / seconds, batches };
}

if (require.main === module) {
  (async () => {
    const l = await runLatencyBench();
    console.log(`streaming latency: ${l.batches} batches of 10 rows, p50 ${l.p50Ms.toFixed(2)} ms, p99 ${l.p99Ms.toFixed(2)} ms`);
    const t = await runThroughputBench();
    console.log(`streaming throughput: ${t.records} records in ${t.batches} batches, ${t.seconds.toFixed(2)} s = ${Math.round(t.recordsPerSecond).toLocaleString("en-US")} records/s`);
  })();
}
