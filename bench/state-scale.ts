/**
 * State that scales: a stateful house-stats aggregation (count, sum, approx_count_distinct per
 * group) over N distinct keys, on the rate-micro-batch source, checkpointed to a temporary
 * directory (deltas every batch, a snapshot every spark.sql.streaming.stateStore.minDeltasForSnapshot).
 * Every key is new the first time it is seen, so the state grows to N groups; then one more pass
 * updates keys already there. Prints records/s, the state's size, peak RSS and the checkpoint's size.
 *
 *   node -r ts-node/register/transpile-only bench/state-scale.ts 1000000 [rowsPerBatch]
 *
 * `npm run bench` runs it in a child process per size (its own peak RSS).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SparkSession, approx_count_distinct, col, count, expr, sum } from "../src/index";
import { intOption, parseCli } from "../scripts/workshop/cli";

export interface StateScaleResult {
  keys: number; records: number; seconds: number; recordsPerSecond: number; stateRows: number; peakRssMb: number; checkpointMb: number;
  /** With --expose-gc: the heap after a full GC with the state loaded, and that per state row. */
  heapAfterGcMb?: number; bytesPerGroup?: number;
}

function dirSize(d: string): number {
  let n = 0;
  for (const e of fs.readdirSync(d, { withFileTypes: true })) n += e.isDirectory() ? dirSize(path.join(d, e.name)) : fs.statSync(path.join(d, e.name)).size;
  return n;
}

export async function runStateScale(keys: number, rowsPerBatch = Math.min(keys, 500_000)): Promise<StateScaleResult> {
  const gc0 = (globalThis as { gc?: () => void }).gc;
  if (gc0) gc0();
  const baseHeap = process.memoryUsage().heapUsed;
  const spark = SparkSession.builder.getOrCreate();
  spark.conf.set("spark.sql.shuffle.partitions", "2");
  const cp = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-state-scale-"));
  const df = spark.readStream.format("rate-micro-batch").option("rowsPerBatch", rowsPerBatch).load()
    .select(expr(`concat('house-', CAST(value % ${keys} AS STRING))`).alias("house"), expr("CAST(value % 214 AS STRING)").alias("character"), col("value").alias("score"))
    .groupBy("house").agg(count("*").alias("how_many"), sum("score").alias("sum_score"), approx_count_distinct("character").alias("no_characters"));
  const records = keys + Math.min(keys, rowsPerBatch); // every key once, then one batch of updates
  const batches = Math.ceil(records / rowsPerBatch);
  let seen = 0;
  const t0 = process.hrtime.bigint();
  const q = df.writeStream.outputMode("update").format("noop").option("checkpointLocation", cp).start();
  while (seen < batches) {
    await new Promise((r) => setTimeout(r, 50));
    if (q.exception()) throw q.exception();
    seen = q.recentProgress.filter((p: any) => p.numInputRows > 0).length;
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const last = q.lastProgress as any;
  const gc = (globalThis as { gc?: () => void }).gc;
  let heapAfterGc: number | undefined;
  if (gc) {
    gc();
    heapAfterGc = process.memoryUsage().heapUsed;
  }
  await q.stop();
  const result: StateScaleResult = {
    keys,
    records: batches * rowsPerBatch,
    seconds,
    recordsPerSecond: (batches * rowsPerBatch) / seconds,
    stateRows: last?.stateOperators?.[0]?.numRowsTotal ?? -1,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    checkpointMb: dirSize(cp) / 1e6,
  };
  if (heapAfterGc !== undefined) {
    result.heapAfterGcMb = heapAfterGc / 1e6;
    result.bytesPerGroup = Math.round((heapAfterGc - baseHeap) / keys);
  }
  fs.rmSync(cp, { recursive: true, force: true });
  return result;
}

if (require.main === module) {
  const usage = "Usage: node -r ts-node/register/transpile-only bench/state-scale.ts [KEYS=100000] [PER_BATCH]";
  const { positionals } = parseCli(process.argv.slice(2), { name: "state-scale", usage, allowPositionals: true, options: {} });
  const keys = intOption(positionals[0], "KEYS", 1, usage, "state-scale") ?? 100_000;
  const perBatch = intOption(positionals[1], "PER_BATCH", 1, usage, "state-scale");
  runStateScale(keys, perBatch).then(
    (r) => {
      console.log(JSON.stringify(r));
      process.exit(0);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
