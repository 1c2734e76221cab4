/**
 * Parquet write and read of 1,000,000 rows (id bigint, name string, score double, ts timestamp),
 * snappy, one file: records/s, MB/s of file written or read, peak RSS; each phase in its own child
 * process (its own peak RSS), then the same with PySpark (bench/pyspark_parquet.py) where installed.
 *
 *   node -r ts-node/register/transpile-only bench/parquet.ts [write|read] DIR [records=1000000]
 *
 * Write times df.write.parquet of rows already in memory; read times spark.read.parquet(...)
 * through collecting every column of every row.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { SparkSession, StructType, StructField, LongType, StringType, DoubleType, TimestampType } from "../src/index";

export interface ParquetPhase { records: number; seconds: number; recordsPerSecond: number; mbPerSecond: number; fileMb: number; peakRssMb: number }

const SCHEMA = StructType([StructField("id", LongType(), false), StructField("name", StringType()), StructField("score", DoubleType()), StructField("ts", TimestampType())]);
const T0 = Date.UTC(2024, 0, 1) * 1000;

function dirBytes(dir: string): number {
  return fs.readdirSync(dir).filter((f) => f.endsWith(".parquet")).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
}

async function phase(mode: string, dir: string, n: number): Promise<ParquetPhase> {
  const spark = SparkSession.builder.getOrCreate();
  spark.conf.set("spark.sql.session.timeZone", "UTC");
  let seconds: number, records: number;
  if (mode === "write") {
    const rows = new Array(n);
    for (let i = 0; i < n; i++) rows[i] = [i, `name-${i % 1000}`, i * 0.25, T0 + i * 1_000_000];
    const df = spark.createDataFrame(rows, SCHEMA);
    const t0 = process.hrtime.bigint();
    await df.write.mode("overwrite").parquet(dir);
    seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    records = n;
  } else {
    const t0 = process.hrtime.bigint();
    records = (await spark.read.parquet(dir).rows()).length;
    seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  }
  const fileMb = dirBytes(dir) / 1e6;
  return { records, seconds, recordsPerSecond: records / seconds, mbPerSecond: fileMb / seconds, fileMb, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

if (require.main === module) {
  const [mode, dir, n] = process.argv.slice(2);
  phase(mode, dir, Number(n ?? 1_000_000)).then((r) => { console.log(JSON.stringify(r)); process.exit(0); }, (e) => { console.error(e); process.exit(1); });
}
