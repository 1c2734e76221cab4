/**
 * `npm run bench`: every figure the README reports, in one run.
 *   1. engine: the prototype pipeline over 1,000,000 in-memory records (records/s, peak memory);
 *   2. streaming: small-batch latency p50/p99 and stateful throughput on the memory source;
 *   3. Kafka → PostgreSQL: keep-up at 20,000 rec/s (lag, batch latency) and catch-up from a
 *      topic pre-filled with 1,000,000 records; a broker is started when none answers;
 *   4. PySpark running the same catch-up job on the same topic, where PySpark is installed;
 *   5. the shell's cold start to the prompt (median of 5) and its idle memory.
 *   6. state at scale: a stateful aggregation over 100,000 / 1,000,000 / 10,000,000 distinct keys
 *      (records/s, peak RSS, checkpoint size), each in a child process.
 *   7. UI overhead: the same stateful workload with the web UI off, on with nobody looking, and on
 *      with one browser's event stream connected (bench/ui-overhead.ts).
 *   8. Parquet: write and read of 1,000,000 rows, each phase in a child, PySpark's beside it (bench/parquet.ts).
 * Options: --quick (smaller inputs), --skip-kafka, --skip-pyspark, --state-keys=100000,1000000.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import * as net from "node:net";
import * as path from "node:path";
import { runEngineBench } from "./engine";
import { runLatencyBench, runThroughputBench } from "./streaming";
import { runUiOverheadBench } from "./ui-overhead";
import { ParquetBench, runParquetBench } from "./parquet";
import { SparkSession } from "../src/index";
import { parseCli } from "../scripts/workshop/cli";

const USAGE = `Usage: npm run bench -- [--quick] [--skip-kafka] [--skip-pyspark] [--state-keys=100000,1000000]

Runs every benchmark the README reports (see the header of bench/run.ts).`;
const { values: args } = parseCli(process.argv.slice(2), {
  name: "bench", usage: USAGE,
  options: { quick: { type: "boolean" }, "skip-kafka": { type: "boolean" }, "skip-pyspark": { type: "boolean" }, "state-keys": { type: "string" } },
});
const quick = args.quick === true;
const root = path.resolve(__dirname, "..");
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

function reachable(hostPort: string): Promise<boolean> {
  const [host, port] = hostPort.split(",")[0].split(":");
  return new Promise((resolve) => {
    const s = net.connect({ host, port: Number(port) }, () => { s.destroy(); resolve(true); });
    s.on("error", () => resolve(false));
    s.setTimeout(1000, () => { s.destroy(); resolve(false); });
  });
}

async function startupBench(): Promise<{ medianMs: number; idleRssMb: number } | undefined> {
  const bin = path.join(root, "bin", "iskra.js");
  if (!require("node:fs").existsSync(bin)) return undefined;
  const times: number[] = [];
  let rss = 0;
  for (let i = 0; i < 5; i++) {
    const t0 = Date.now();
    const child = spawn(process.execPath, [bin], { cwd: root, env: { ...process.env, ISKRA_NO_SERVICES: "1", FORCE_COLOR: "0" }, stdio: ["pipe", "pipe", "pipe"] });
    const ready = await new Promise<number>((resolve) => {
      let buf = "";
      const onData = (d: Buffer) => { buf += d.toString(); if (/>\s*$/.test(buf)) resolve(Date.now() - t0); };
      child.stdout.on("data", onData);
      setTimeout(() => resolve(-1), 20000);
    });
    if (ready > 0) times.push(ready);
    if (i === 4) {
      await new Promise((r) => setTimeout(r, 1000));
      try { rss = Number(execFileSync("ps", ["-o", "rss=", "-p", String(child.pid)]).toString().trim()) / 1024; } catch { rss = 0; }
    }
    child.kill("SIGKILL");
  }
  if (!times.length) return undefined;
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)], idleRssMb: rss };
}

async function main(): Promise<void> {
  const lines: string[] = [];
  const report = (s: string) => { console.log(s); lines.push(s); };
  console.log(`Iskra benchmarks — Node ${process.version}, ${require("node:os").cpus().length} cores${quick ? " (quick)" : ""}\n`);

  const n = quick ? 200_000 : 1_000_000;
  const e = await runEngineBench(n);
  report(`engine (from_json → groupBy(house) → count/sum/approx_count_distinct, in memory): ${fmt(e.recordsPerSecond)} records/s over ${fmt(e.records)} records, peak RSS ${fmt(e.peakRssMb)} MB`);

  const l = await runLatencyBench(quick ? 100 : 300);
  report(`streaming small batches (10 rows, memory source → stateful aggregation): latency p50 ${l.p50Ms.toFixed(2)} ms, p99 ${l.p99Ms.toFixed(2)} ms`);
  const t = await runThroughputBench(n, quick ? 50_000 : 100_000);
  report(`streaming stateful throughput (memory source, house stats): ${fmt(t.recordsPerSecond)} records/s`);

  const ui = await runUiOverheadBench(quick ? 100_000 : 300_000, 1_000);
  const vs = (x: number, base: number) => `${x >= base ? "+" : ""}${((x / base - 1) * 100).toFixed(1)}%`;
  const uiLine = (x: Record<"off" | "on" | "watched", number>) =>
    `UI off ${fmt(x.off)}; UI on, no browser ${fmt(x.on)} (${vs(x.on, x.off)}); UI on, one browser connected ${fmt(x.watched)} (${vs(x.watched, x.off)})`;
  report(`UI overhead (house stats, ${fmt(ui.records)} records in batches of ${fmt(ui.perBatch)}, median of ${ui.rounds}), records/s: ${uiLine(ui.recordsPerSecond)}; per CPU second: ${uiLine(ui.recordsPerCpuSecond)}`);

  // State that scales: one child per size, so each peak RSS is its own (--state-keys=a,b,c to choose).
  const stateArg = args["state-keys"];
  const sizes = stateArg ? stateArg.split(",").map(Number) : quick ? [100_000] : [100_000, 1_000_000, 10_000_000];
  for (const keys of sizes) {
    const r = spawnSync(process.execPath, ["--max-old-space-size=16384", "--expose-gc", "-r", "ts-node/register/transpile-only", path.join(__dirname, "state-scale.ts"), String(keys)], { cwd: root, encoding: "utf8", timeout: 3600_000 });
    const line = (r.stdout ?? "").trim().split("\n").pop() ?? "";
    if (r.status === 0 && line.startsWith("{")) {
      const x = JSON.parse(line);
      report(`state at scale (house stats, update mode, ${fmt(keys)} distinct keys): ${fmt(x.recordsPerSecond)} records/s, ${fmt(x.stateRows)} state rows, peak RSS ${fmt(x.peakRssMb)} MB, heap after GC ${fmt(x.heapAfterGcMb ?? 0)} MB (${fmt(x.bytesPerGroup ?? 0)} bytes/group), checkpoint ${fmt(x.checkpointMb)} MB`);
    } else report(`state at scale (${fmt(keys)} distinct keys): FAILED (${r.error?.message ?? `exit ${r.status}`}) ${(r.stderr ?? "").trim().split("\n").slice(-3).join(" ")}`);
  }

  if (!args["skip-kafka"]) {
    const bootstrap = process.env.KAFKA_BOOTSTRAP_SERVERS ?? "127.0.0.1:9092";
    let startedBroker = false;
    if (!(await reachable(bootstrap)) && !process.env.KAFKA_BOOTSTRAP_SERVERS) {
      console.log("(starting the project's Kafka broker for the benchmark)");
      execFileSync("bash", [path.join(root, "scripts", "workshop", "kafka-broker.sh"), "start"], { stdio: "inherit" });
      startedBroker = true;
    }
    const { runKeepUp, runCatchUp, prefilledTopic, dropTopic, benchPostgres } = await import("./kafka-pipeline");
    const spark = SparkSession.builder.getOrCreate();
    const db = await benchPostgres();
    try {
      const k = await runKeepUp(spark, db);
      report(`Kafka → PostgreSQL keep-up (generator 20,000 rec/s for 5 s): ${fmt(k.produced)} records, batch latency p50 ${k.p50Ms} ms / p99 ${k.p99Ms} ms, lag after the generator stopped ${k.lagMs} ms`);
      const records = quick ? 200_000 : 1_000_000;
      const topic = await prefilledTopic(records);
      const c = await runCatchUp(spark, db, topic, records);
      report(`Kafka → PostgreSQL catch-up (topic pre-filled with ${fmt(records)} records): ${fmt(c.recordsPerSecond)} records/s (${c.seconds.toFixed(2)} s)`);
      if (!args["skip-pyspark"] && spawnSync("python3", ["-c", "import pyspark"]).status === 0) {
        const r = spawnSync("python3", [path.join(__dirname, "pyspark_job.py"), bootstrap, topic, db.jdbcUrl, db.user, db.password], { encoding: "utf8", timeout: 900_000 });
        const line = (r.stdout ?? "").trim().split("\n").pop() ?? "";
        try {
          const py = JSON.parse(line) as { records: number; seconds: number; startupSeconds: number };
          report(`PySpark ${require("node:child_process").execSync("python3 -c 'import pyspark; print(pyspark.__version__)'").toString().trim()} same catch-up job: ${fmt(py.records / py.seconds)} records/s (${py.seconds.toFixed(2)} s, plus ${py.startupSeconds.toFixed(1)} s to start) — Iskra is ${(py.seconds / c.seconds).toFixed(1)}× faster on this job`);
        } catch {
          report(`PySpark comparison failed: ${(r.stderr ?? "").split("\n").filter(Boolean).slice(-3).join(" | ")}`);
        }
      } else report(args["skip-pyspark"] ? "PySpark comparison skipped (--skip-pyspark)" : "PySpark comparison skipped (pip install pyspark to include it)");
      await dropTopic(topic);
      // The same catch-up on Iskra's embedded broker (what `npm start` runs when no Kafka answers).
      const { startEmbeddedKafka } = await import("../src/connectors/kafka/embedded");
      const embedded = await startEmbeddedKafka({ port: 0, log: () => undefined });
      try {
        const eTopic = await prefilledTopic(records, embedded.bootstrapServers);
        const e2 = await runCatchUp(spark, db, eTopic, records, embedded.bootstrapServers);
        report(`Kafka → PostgreSQL catch-up on Iskra's embedded broker (same process, ${fmt(records)} records): ${fmt(e2.recordsPerSecond)} records/s (${e2.seconds.toFixed(2)} s)`);
      } finally {
        await embedded.stop();
      }
    } finally {
      await db.stop();
      if (startedBroker) execFileSync("bash", [path.join(root, "scripts", "workshop", "kafka-broker.sh"), "stop"], { stdio: "inherit" });
    }
  }

  // Parquet write and read of 1,000,000 rows, Iskra and PySpark side by side (bench/parquet.ts).
  const pyPython = args["skip-pyspark"] ? undefined : [process.env.PYSPARK_PYTHON, "python3"].find((p) => p && spawnSync(p, ["-c", "import pyspark"]).status === 0);
  const pq = runParquetBench(n, root, pyPython);
  const pqLine = (who: string, x: ParquetBench["iskra"]) => (["write", "read"] as const).map((m) => {
    const r = x[m];
    return r ? `${who} ${m} ${fmt(r.recordsPerSecond)} records/s, ${r.mbPerSecond.toFixed(1)} MB/s (${r.seconds.toFixed(2)} s, ${r.fileMb.toFixed(1)} MB file), peak RSS ${fmt(r.peakRssMb)} MB` : `${who} ${m} FAILED`;
  }).join("; ");
  report(`Parquet (${fmt(n)} rows: bigint, string, double, timestamp; snappy): ${pqLine("Iskra", pq.iskra)}`);
  if (pq.pyspark) report(`Parquet, PySpark ${pyPython ? require("node:child_process").execSync(`${pyPython} -c 'import pyspark; print(pyspark.__version__)'`).toString().trim() : ""} local[1], same rows: ${pqLine("PySpark", pq.pyspark)}`);
  else report(args["skip-pyspark"] ? "Parquet PySpark comparison skipped (--skip-pyspark)" : pq.skipped!);

  const s = await startupBench();
  if (s) report(`shell cold start to the prompt: median ${s.medianMs} ms of 5; idle RSS ${fmt(s.idleRssMb)} MB`);
  else report("shell start-up: bin/iskra.js not found");
  console.log("\n" + lines.map((x) => `- ${x}`).join("\n"));
  process.exit(0);
}

main().catch((err) => { console.error(err); process.exit(1); });
