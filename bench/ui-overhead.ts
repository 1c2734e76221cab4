/**
 * What the web UI costs a streaming query: the same stateful workload (house stats over the
 * memory source, complete mode, many batches) with the UI off (`spark.ui.enabled=false`), with
 * the UI on and nobody looking, and with the UI on and one browser's event stream connected (a
 * statistics page: batch details are captured and every update is pushed). Each case runs in
 * turn (a different case first in each round), after a warm-up; the median of each is reported.
 *
 *   node -r ts-node/register/transpile-only bench/ui-overhead.ts [records] [perBatch]
 */
import * as http from "node:http";
import { MemoryStream, SparkSession, StringType, StructType, StructField, TimestampType, col, count, sum, approx_count_distinct, from_json } from "../src/index";
import { generateRecords } from "./engine";
import { intOption, parseCli } from "../scripts/workshop/cli";

export type UiCase = "off" | "on" | "watched";
export interface UiOverheadResult {
  records: number;
  perBatch: number;
  rounds: number;
  /** Wall clock. */
  recordsPerSecond: Record<UiCase, number>;
  /** Per second of this process's CPU time (user + system): less disturbed by other processes on a shared machine. */
  recordsPerCpuSecond: Record<UiCase, number>;
}

const schema = StructType([StructField("house", StringType()), StructField("character", StringType()), StructField("score", StringType()), StructField("ts", TimestampType())]);
let seq = 0;

/** An SSE client on a query's events, as a statistics page opens it; resolves once connected. */
function watch(url: string, runId: string): Promise<{ bytes: () => number; close: () => void }> {
  return new Promise((resolve, reject) => {
    let bytes = 0;
    const req = http.get(`${url}/StreamingQuery/events?id=${encodeURIComponent(runId)}`, (res) => {
      res.on("data", (d: Buffer) => (bytes += d.length));
      res.on("error", () => undefined);
      resolve({ bytes: () => bytes, close: () => req.destroy() });
    });
    req.on("error", reject);
  });
}

/** One run: start the query, (connect the watcher), then feed `records` in batches of `perBatch`, each processed. */
async function runCase(kind: UiCase, values: string[], perBatch: number): Promise<{ seconds: number; cpuSeconds: number; sseBytes: number }> {
  const builder = SparkSession.builder.appName("ui-overhead").config("spark.ui.port", "0");
  const spark = kind === "off" ? builder.config("spark.ui.enabled", "false").create() : builder.config("spark.ui.enabled", "true").create();
  const name = `ui_overhead_${process.pid}_${seq++}`;
  const stream = new MemoryStream(StructType([StructField("value", StringType())]), { name });
  const result = spark.readStream.format("memory").option("name", name).load()
    .select(from_json(col("value"), schema).alias("data")).select("data.*").groupBy("house")
    .agg(count("*").alias("how_many"), sum(col("score").cast("long")).alias("sum_score"), approx_count_distinct("character").alias("no_characters"));
  const query = result.writeStream.outputMode("complete").format("noop").start();
  await query.processAllAvailable();
  const watcher = kind === "watched" ? await watch((await spark.webUiUrl())!, query.runId) : undefined;
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < values.length; i += perBatch) {
    stream.addData(...values.slice(i, i + perBatch).map((v) => [v]));
    await query.processAllAvailable();
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  await query.stop();
  const sseBytes = watcher?.bytes() ?? 0;
  watcher?.close();
  stream.unregister();
  await spark.stop();
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, sseBytes };
}

export async function runUiOverheadBench(records = 300_000, perBatch = 1_000, rounds = 5): Promise<UiOverheadResult> {
  const values = generateRecords(records);
  await runCase("off", values.slice(0, Math.min(values.length, 50 * perBatch)), perBatch); // warm-up
  const times: Record<UiCase, number[]> = { off: [], on: [], watched: [] };
  const cpuTimes: Record<UiCase, number[]> = { off: [], on: [], watched: [] };
  for (let r = 0; r < rounds; r++) {
    // Each round in another order, so that no case always runs first (GC, JIT state).
    const order: UiCase[] = ["off", "on", "watched"];
    for (const kind of [...order.slice(r % 3), ...order.slice(0, r % 3)]) {
      const { seconds, cpuSeconds, sseBytes } = await runCase(kind, values, perBatch);
      if (kind === "watched" && sseBytes === 0) throw new Error("the watching client received no events");
      times[kind].push(seconds);
      cpuTimes[kind].push(cpuSeconds);
    }
  }
  const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
  const rates = (t: Record<UiCase, number[]>) => ({ off: records / median(t.off), on: records / median(t.on), watched: records / median(t.watched) });
  return { records, perBatch, rounds, recordsPerSecond: rates(times), recordsPerCpuSecond: rates(cpuTimes) };
}

if (require.main === module) {
  const usage = "Usage: node -r ts-node/register/transpile-only bench/ui-overhead.ts [RECORDS] [PER_BATCH]";
  const { positionals: [records, perBatch] } = parseCli(process.argv.slice(2), { name: "ui-overhead", usage, allowPositionals: true, options: {} });
  runUiOverheadBench(intOption(records, "RECORDS", 1, usage, "ui-overhead"), intOption(perBatch, "PER_BATCH", 1, usage, "ui-overhead")).then((r) => {
    const f = (n: number) => Math.round(n).toLocaleString("en-US");
    for (const [what, x] of [["wall clock", r.recordsPerSecond], ["CPU time", r.recordsPerCpuSecond]] as const) {
      console.log(`${what}: UI off ${f(x.off)} rec/s, UI on (nobody looking) ${f(x.on)} rec/s, one browser ${f(x.watched)} rec/s (${r.records} records, batches of ${r.perBatch}, median of ${r.rounds})`);
    }
    process.exit(0);
  }, (e) => { console.error(e); process.exit(1); });
}
