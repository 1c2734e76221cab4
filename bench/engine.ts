/**
 * Engine-only throughput of the workshop's prototype pipeline, in memory:
 * JSON strings → from_json → groupBy(house) → count, sum(score), approx_count_distinct(character).
 *
 *   node -r ts-node/register/transpile-only bench/engine.ts [records=1000000]
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { SparkSession, StringType, StructType, StructField, TimestampType, col, count, sum, approx_count_distinct, from_json } from "../src/index";
import { intOption, parseCli } from "../scripts/workshop/cli";

export interface EngineResult { records: number; seconds: number; recordsPerSecond: number; peakRssMb: number; groups: number }

function loadList(name: string): string[] {
  return fs.readFileSync(path.join(__dirname, "..", "data", name), "utf8").split("\n").filter(Boolean);
}

export function generateRecords(n: number): string[] {
  const houses = loadList("harry-potter-houses.txt");
  const chars = loadList("harry-potter-characters.txt");
  const out = new Array<string>(n);
  let seed = 42;
  const rnd = (m: number) => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed % m; };
  for (let i = 0; i < n; i++) {
    out[i] = JSON.stringify({ house: houses[rnd(houses.length)], character: chars[rnd(chars.length)], score: String(1 + rnd(9)), ts: "2022-08-11 16:34:11.633" }).replace(/":"/g, '": "').replace(/","/g, '", "');
  }
  return out;
}

export async function runEngineBench(n = 1_000_000): Promise<EngineResult> {
  const spark = SparkSession.builder.getOrCreate();
  const values = generateRecords(n);
  const schema = StructType([StructField("house", StringType()), StructField("character", StringType()), StructField("score", StringType()), StructField("ts", TimestampType())]);
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
  const valuesDF = spark.createDataFrame(values, StringType());
  const result = valuesDF.select(from_json(col("value"), schema).alias("data")).select("data.*")
    .groupBy("house").agg(count("*").alias("how_many"), sum(col("score").cast("long")).alias("sum_score"), approx_count_distinct("character").alias("no_characters"));
  await result.collect(); // warm-up on the same data
  const t0 = process.hrtime.bigint();
  const rows = await result.collect();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { records: n, seconds, recordsPerSecond: n / seconds, peakRssMb: peak / 1048576, groups: rows.length };
}

if (require.main === module) {
  const usage = "Usage: node -r ts-node/register/transpile-only bench/engine.ts [RECORDS=1000000]";
  const { positionals } = parseCli(process.argv.slice(2), { name: "engine", usage, allowPositionals: true, options: {} });
  runEngineBench(intOption(positionals[0], "RECORDS", 1, usage, "engine") ?? 1_000_000).then((r) => {
    console.log(`engine: ${r.records} records in ${r.seconds.toFixed(3)} s = ${Math.round(r.recordsPerSecond).toLocaleString("en-US")} records/s, peak RSS ${r.peakRssMb.toFixed(0)} MB, ${r.groups} groups`);
  });
}
