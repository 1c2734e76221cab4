/**
 * Parquet write and read of 1,000,000 rows (id bigint, name string, score double, ts timestamp),
 * snappy, one file: records/s, MB/s of file written or read, peak RSS; each phase in its own child
 * process (its own peak RSS), then the same with PySpark (bench/pyspark_parquet.py) where installed.
 *
 *   node -r ts-node/register/transpile-only bench/parquet.ts compare [records=1000000]   (both, side by side)
 *   node -r ts-node/register/transpile-only bench/parquet.ts write|read DIR [records]  (one phase)
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

if (require.main === module && process.argv[2] === "compare") {
  // `bench/parquet.ts compare [records]`: this bench alone, Iskra and PySpark, as npm run bench runs it.
  const python = [process.env.PYSPARK_PYTHON, "python3"].find((p) => p && require("node:child_process").spawnSync(p, ["-c", "import pyspark"]).status === 0);
  console.log(JSON.stringify(runParquetBench(Number(process.argv[3] ?? 1_000_000), path.resolve(__dirname, ".."), python), null, 1));
} else if (require.main === module) {
  const [mode, dir, n] = process.argv.slice(2);
  phase(mode, dir, Number(n ?? 1_000_000)).then((r) => { console.log(JSON.stringify(r)); process.exit(0); }, (e) => { console.error(e); process.exit(1); });
}

/** Runs one phase in a child process (its own peak RSS); undefined when it failed. */
function child(cmd: string, args: string[], cwd: string): Record<string, number> | undefined {
  const { spawnSync }: typeof import("node:child_process") = require("node:child_process");
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", timeout: 1_800_000, env: { ...process.env } });
  const line = (r.stdout ?? "").trim().split("\n").pop() ?? "";
  return r.status === 0 && line.startsWith("{") ? JSON.parse(line) : undefined;
}

export interface ParquetBench { iskra: Record<"write" | "read", ParquetPhase | undefined>; pyspark?: Record<"write" | "read", ParquetPhase | undefined>; skipped?: string }

/** Iskra's write then read, each in a child; then PySpark's (python = PYSPARK_PYTHON or python3) unless skipped. */
export function runParquetBench(n: number, root: string, python: string | undefined): ParquetBench {
  const dir = fs.mkdtempSync(path.join(require("node:os").tmpdir(), "iskra-parquet-bench-"));
  const node = (mode: string) => child(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(__dirname, "parquet.ts"), mode, path.join(dir, "iskra"), String(n)], root) as ParquetPhase | undefined;
  const out: ParquetBench = { iskra: { write: node("write"), read: node("read") } };
  if (!python) out.skipped = "PySpark comparison skipped (pip install pyspark to include it)";
  else {
    const py = (mode: string) => {
      const r = child(python, [path.join(__dirname, "pyspark_parquet.py"), mode, path.join(dir, "pyspark"), String(n)], root);
      return r && { ...r, recordsPerSecond: r.records / r.seconds, mbPerSecond: r.fileMb / r.seconds } as ParquetPhase;
    };
    out.pyspark = { write: py("write"), read: py("read") };
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return out;
}
