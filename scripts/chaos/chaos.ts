/**
 * `npm run chaos`: the reliability suite. The seed's pipeline (Kafka → foreachBatch into
 * PostgreSQL) is killed with SIGKILL at random moments and at the dangerous points (inside the
 * batch, during the PostgreSQL write, between the write's COMMIT and commits/N, between batches),
 * restarted on the same checkpoint each time, with PostgreSQL and the broker stopped and started
 * under it; then the table is compared with a batch computation over every record in the topic.
 * Prints, per scenario, lost / doubled records, crashes (a run ending in anything but our kill, a
 * clean error of an outage, or success) and occurrences of the password in everything produced.
 *
 *   npm run chaos -- [--kills 8] [--records 5000] [--seed 1] [--only name,...] [--budget 90]
 *
 * --budget is the whole suite's time budget in minutes (default 90): past it, a scenario under way
 * skips its remaining kill runs (the final run and the comparison still happen) and the scenarios
 * not yet started are not run; either makes the suite fail, so a short run never passes for a full one.
 *
 * Kill points are dealt round-robin from a seeded offset, so any run of 5 or more kills draws
 * every point (the seed only decides the order, the batch and the moment of a random-time kill).
 * A kill run that finishes before its kill point counts as missed and fails the suite; a
 * random-time run is fed while it runs (randomTimePlan), so its kill cannot miss.
 * It starts its own PostgreSQL and an embedded Kafka broker, uses the broker of
 * KAFKA_BOOTSTRAP_SERVERS (default 127.0.0.1:9092) when one answers (never stopping it), and for
 * the real-broker outage starts an Apache Kafka broker of its own on another port
 * (scripts/workshop/kafka-broker.sh with its own KAFKA_DIR), which it stops and starts again mid-run.
 * Everything the runs produce is searched for the PostgreSQL password: each process' stdout and
 * stderr, the checkpoint, each run's progress JSON (lastProgress, recentProgress), the web UI's
 * JSON and pages, and the error text of a run given a wrong password.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { execFileSync, spawn } from "node:child_process";
import { parseCli } from "../workshop/cli";
import { Client } from "pg";
import Table from "cli-table3";
import { SparkSession, col } from "../../src/index";
import { KafkaClient } from "../../src/connectors/kafka/client";
import { createTopic } from "../../src/connectors/kafka/admin";
import { startEmbeddedKafka, type EmbeddedKafka } from "../../src/connectors/kafka/embedded";
import { makeTempDir, startEmbeddedPostgres, THROWAWAY_SERVER_FLAGS, type PostgresHandle } from "../../src/connectors/postgres/embedded";
import { produce, trickle } from "../workshop/produce";

export type SinkKind = "overwrite" | "append" | "append-once";
export const KILL_POINTS = ["in-batch", "during-write", "after-commit", "between-batches", "random-time"] as const;

export type KillPoint = (typeof KILL_POINTS)[number];

/** The kill point of run k: round-robin over KILL_POINTS from a seeded offset (every point once in any 5 runs). */
export function killPointOf(k: number, offset: number): KillPoint {
  return KILL_POINTS[(offset + k) % KILL_POINTS.length];
}

export interface Scenario {
  name: string;
  /** real: KAFKA_BOOTSTRAP_SERVERS' broker; own: an Apache Kafka broker of the suite's own (stoppable); embedded: Iskra's. */
  broker: "real" | "own" | "embedded";
  sink: SinkKind;
  kills: number;
  /** Stop PostgreSQL / the broker (embedded or own) during one run, start it again before the next. */
  outage?: "postgres" | "broker";
  /** Also run once with a wrong password: it must fail with PostgreSQL's error and not print the password. */
  wrongPassword?: boolean;
}

export interface Figures {
  scenario: string;
  records: number;
  runs: number;
  kills: number;
  outageFailures: number;
  lost: number;
  doubled: number;
  crashed: number;
  secrets: number;
  seconds: number;
  /** Kills that happened, per kill point. */
  points: Partial<Record<KillPoint, number>>;
  /** Kill runs that ended by themselves before their kill point was reached, per kill point. */
  missed: Partial<Record<KillPoint, number>>;
  /** Kill runs skipped because the time budget ran out. */
  budgetSkipped: number;
  notes: string[];
}

/** A random-time kill lands this long after the run's first batch started. */
export const RANDOM_KILL_WINDOW_MS: readonly [number, number] = [100, 2000];

export interface RandomTimePlan {
  /** Records produced before the run starts (its first batch). */
  before: number;
  /** Then, from the first batch on, these pieces `gapMs` apart. */
  pieces: number[];
  gapMs: number;
  /** The SIGKILL, counted from the first batch's start. */
  killAfterMs: number;
}

/**
 * How a random-time run gets its `records` and its kill. The run is done only once every record
 * is processed, and the last piece is sent after the latest kill moment, so the kill always finds
 * the run processing (at any phase of a batch, or polling between two) rather than finished.
 */
export function randomTimePlan(records: number, rnd: () => number, gapMs = 100): RandomTimePlan {
  const [lo, hi] = RANDOM_KILL_WINDOW_MS;
  const before = records < 2 ? records : Math.min(records - 1, Math.max(1, Math.ceil(records / 10)));
  const rest = records - before;
  const n = rest === 0 ? 0 : Math.ceil(hi / gapMs) + 5;
  // even split; the last piece is ceil(rest / n) >= 1
  const pieces = Array.from({ length: n }, (_, i) => Math.floor(((i + 1) * rest) / n) - Math.floor((i * rest) / n));
  return { before, pieces, gapMs, killAfterMs: lo + Math.floor(rnd() * (hi - lo)) };
}

/** A small seeded PRNG (mulberry32), so a run can be repeated. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A free port below Linux's ephemeral range (32768-60999). A service stopped mid-run is restarted
 * on the same port; while it is down the child's clients keep reconnecting to it, and a connect to
 * a local ephemeral port with no listener can be given that very port as its source (a TCP
 * self-connect), which then holds the port and the restart fails with "already in use".
 */
async function findFreePort(): Promise<number> {
  const net = await import("node:net");
  for (let i = 0; i < 50; i++) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    const free = await new Promise<boolean>((resolve) => {
      const srv = net.createServer();
      srv.once("error", () => resolve(false));
      srv.listen({ port, host: "127.0.0.1" }, () => srv.close(() => resolve(true)));
    });
    if (free && port !== 9092) return port;
  }
  throw new Error("no free TCP port in 20000-31999");
}

const CHILD = path.join(__dirname, "chaos-child.ts");
const quiet = { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream;

interface RunResult { code: number | null; signal: NodeJS.Signals | null; out: string; hung: boolean }

/** The line the child prints as each batch's foreachBatch function starts. */
const BATCH_STARTED = "chaos-child: batch started";

/** `onFirstBatch` is called (with a SIGKILL of the child) when the child reports its first batch. */
function runChild(env: NodeJS.ProcessEnv, during?: () => Promise<void>, onFirstBatch?: (kill: () => void) => void): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", CHILD], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let hung = false;
    let exited = false;
    const kill = () => { if (!exited) child.kill("SIGKILL"); };
    child.stdout.on("data", (d) => {
      out += d;
      if (onFirstBatch && out.includes(BATCH_STARTED)) {
        const f = onFirstBatch;
        onFirstBatch = undefined;
        f(kill);
      }
    });
    child.stderr.on("data", (d) => (out += d));
    const guard = setTimeout(() => { hung = true; kill(); }, 180_000); // a hung run counts as a crash below
    if (during) void during();
    child.on("exit", (code, signal) => {
      exited = true;
      clearTimeout(guard);
      resolve({ code, signal, out, hung });
    });
  });
}

/** Occurrences of `secret` in the files under `dir` and in `texts`. */
export function countSecret(secret: string, dir: string, texts: string[]): number {
  let n = 0;
  const inText = (t: string) => { for (let i = t.indexOf(secret); i >= 0; i = t.indexOf(secret, i + 1)) n++; };
  texts.forEach(inText);
  const walk = (d: string) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else inText(fs.readFileSync(p).toString("latin1"));
    }
  };
  walk(dir);
  return n;
}

export interface ChaosEnv {
  realBootstrap?: string;
  records: number;
  perBatch: number;
  seed: number;
  /** Epoch ms past which the remaining kill runs are skipped (the final run and the comparison still happen). */
  deadline?: number;
  log?: (line: string) => void;
}

/** An Apache Kafka broker of the suite's own (scripts/workshop/kafka-broker.sh, its own KAFKA_DIR and ports). */
class OwnBroker {
  private constructor(private readonly env: NodeJS.ProcessEnv, readonly bootstrapServers: string) {}
  static async create(dir: string): Promise<OwnBroker> {
    const port = await findFreePort();
    const env = { ...process.env, KAFKA_DIR: dir, KAFKA_PORT: String(port), KAFKA_CONTROLLER_PORT: String(await findFreePort()), KAFKA_HEAP: "256m" };
    return new OwnBroker(env, `127.0.0.1:${port}`);
  }
  private run(cmd: "start" | "stop"): Promise<void> {
    return new Promise((resolve, reject) => {
      try {
        execFileSync("bash", [BROKER_SCRIPT, cmd], { env: this.env, stdio: "pipe", timeout: 240_000 });
        resolve();
      } catch (e) {
        reject(e);
      }
    });
  }
  start(): Promise<void> { return this.run("start"); }
  stop(): Promise<void> { return this.run("stop"); }
}
const BROKER_SCRIPT = path.join(__dirname, "..", "workshop", "kafka-broker.sh");

/** Runs one scenario end to end on fresh services; resolves with its figures. */
export async function runScenario(sc: Scenario, ce: ChaosEnv): Promise<Figures> {
  const t0 = Date.now();
  const rnd = prng(ce.seed);
  const log = ce.log ?? (() => {});
  const base = makeTempDir(`iskra-chaos-${sc.name}-`);
  const password = `chaos-${Math.random().toString(36).slice(2)}-pw`;
  const pgPort = await findFreePort();
  const pgOpts = { port: pgPort, dataDir: path.join(base, "pg"), password, ...THROWAWAY_SERVER_FLAGS };
  let pg: PostgresHandle = await startEmbeddedPostgres(pgOpts);
  let embedded: EmbeddedKafka | undefined;
  const kafkaDir = path.join(base, "kafka");
  const kafkaPort = sc.broker === "embedded" ? await findFreePort() : 0;
  const own = sc.broker === "own" ? await OwnBroker.create(kafkaDir) : undefined;
  const startBroker = async () => {
    if (own) await own.start();
    else embedded = await startEmbeddedKafka({ port: kafkaPort, dataDir: kafkaDir, defaultPartitions: 3, log: () => {} });
  };
  const stopBroker = async () => (own ? own.stop() : embedded!.stop());
  if (sc.broker !== "real") await startBroker();
  const bootstrap = own ? own.bootstrapServers : sc.broker === "embedded" ? embedded!.bootstrapServers : ce.realBootstrap!;
  log(`  ${sc.name}: PostgreSQL on port ${pgPort}, broker ${bootstrap}`);
  const outDir = path.join(base, "out");
  fs.mkdirSync(outDir);
  const topic = `chaos-${sc.name}-${process.pid}-${Date.now()}`;
  const table = `chaos_${sc.sink.replace("-", "_")}`;
  const cp = path.join(base, "cp");
  const figures: Figures = { scenario: sc.name, records: 0, runs: 0, kills: 0, outageFailures: 0, lost: 0, doubled: 0, crashed: 0, secrets: 0, seconds: 0, points: {}, missed: {}, budgetSkipped: 0, notes: [] };
  const outputs: string[] = [];
  try {
    const admin = new KafkaClient({ bootstrapServers: bootstrap, clientId: "iskra-chaos" });
    await createTopic(admin, topic, { partitions: 3, replicationFactor: 1 });
    await admin.close();
    // The records arrive in one slice per run, so every run has batches of its own to be killed in
    // (with all of them produced up front the first run to survive drained the topic and the
    // later kill points were never reached).
    const slice = Math.ceil(ce.records / (sc.kills + 1));
    const feed = async (n: number) => { if (n > 0) figures.records += (await produce(bootstrap, topic, "json", n, 1, quiet)).sent; };
    await feed(slice);
    const env = {
      CHAOS_BOOTSTRAP: bootstrap, CHAOS_TOPIC: topic, CHAOS_CP: cp, CHAOS_JDBC_URL: pg.jdbcUrl, CHAOS_TABLE: table, CHAOS_SINK: sc.sink,
      CHAOS_PER_BATCH: String(ce.perBatch), PGUSER: pg.user, PGPASSWORD: password,
    };
    if (sc.wrongPassword) {
      // A wrong password: the run fails with PostgreSQL's error, which must not show the password tried.
      const wrong = `${password}-wrong`;
      const r = await runChild({ ...env, PGPASSWORD: wrong, CHAOS_KILL: "none", CHAOS_OUT: path.join(outDir, "wrong-password") });
      outputs.push(r.out);
      figures.runs++;
      figures.secrets += countSecret(wrong, path.join(outDir, "wrong-password"), [r.out]);
      if (r.code !== 2 || !/password authentication failed/.test(r.out)) {
        figures.crashed++;
        figures.notes.push(`the wrong-password run ended ${r.signal ?? `exit ${r.code}`}: ${r.out.trim().split("\n").slice(-3).join(" | ")}`);
      }
    }
    const pointOffset = Math.floor(rnd() * KILL_POINTS.length);
    const outageAt = sc.outage ? Math.floor(rnd() * Math.max(1, sc.kills)) : -1;
    for (let k = 0; k <= sc.kills; k++) {
      const last = k === sc.kills;
      if (!last && ce.deadline !== undefined && Date.now() > ce.deadline) {
        figures.budgetSkipped = sc.kills - k;
        figures.notes.push(`time budget spent: ${figures.budgetSkipped} kill run(s) skipped`);
        k = sc.kills - 1;
        continue;
      }
      const point = last ? "none" : killPointOf(k, pointOffset);
      const random = point === "random-time" && k !== outageAt;
      const next = Math.min(slice, ce.records - figures.records);
      // A random-time run's slice keeps arriving while it runs (randomTimePlan), the others' is there before.
      const plan = random ? randomTimePlan(next, rnd) : undefined;
      if (plan) await feed(plan.before);
      else if (k > 0) await feed(next);
      // the kill batch lies within this run's slice (plus what a killed run left)
      const batch = 1 + Math.floor(rnd() * Math.min(3, Math.ceil(slice / ce.perBatch)));
      let during: (() => Promise<void>) | undefined;
      if (k === outageAt) {
        // An outage instead of a kill: the run must fail cleanly (or ride it out), the next one recovers.
        // The outage starts once this run has committed a batch, so it lands inside the run.
        const commits = path.join(cp, "commits");
        const before = fs.existsSync(commits) ? fs.readdirSync(commits).length : 0;
        during = async () => {
          const giveUp = Date.now() + 30_000; // a run that never commits ends (and is judged) on its own
          while (Date.now() < giveUp && (!fs.existsSync(commits) || fs.readdirSync(commits).length <= before)) await new Promise((r) => setTimeout(r, 20));
          if (sc.outage === "postgres") await pg.stop();
          else await stopBroker();
        };
      }
      let trickled: Promise<number> | undefined;
      const onFirstBatch = plan && ((kill: () => void) => {
        trickled = trickle(bootstrap, topic, "json", plan.pieces, plan.gapMs);
        setTimeout(kill, plan.killAfterMs);
      });
      const r = await runChild(
        {
          ...env, CHAOS_KILL: during || random ? "none" : point, CHAOS_BATCH: String(batch), CHAOS_OUT: path.join(outDir, `run-${k + 1}`),
          ...(plan ? { CHAOS_EXPECT: String(figures.records + plan.pieces.reduce((a, b) => a + b, 0)) } : {}),
        },
        during,
        onFirstBatch,
      );
      if (plan) {
        // not sent while the run was killed before its first batch: sent now, so the totals hold
        const sent = trickled ? await trickled : await trickle(bootstrap, topic, "json", plan.pieces, 0);
        figures.records += sent;
      }
      outputs.push(r.out);
      figures.runs++;
      if (during) {
        if (sc.outage === "postgres") pg = await startEmbeddedPostgres(pgOpts);
        else await startBroker();
        log(`  ${sc.name}: ${sc.outage === "postgres" ? `PostgreSQL restarted on port ${pgPort}` : `broker restarted at ${bootstrap}`}`);
      }
      log(`  ${sc.name} run ${k + 1}: ${during ? sc.outage + " outage" : point}${plan ? ` ${plan.killAfterMs} ms after the first batch` : !during && !last ? ` at batch ${batch}` : ""} → ${r.hung ? "hung" : r.signal ?? `exit ${r.code}`}`);
      if (r.signal === "SIGKILL" && !r.hung && !last && !during) {
        figures.kills++;
        if (point !== "none") figures.points[point] = (figures.points[point] ?? 0) + 1;
      }
      else if (r.code === 0) {
        // finished: the final run, or a kill run whose kill point was never reached (a missed kill)
        if (!last && !during && point !== "none") {
          figures.missed[point] = (figures.missed[point] ?? 0) + 1;
          figures.notes.push(`run ${k + 1}: the ${point} kill did not land (the run finished first)`);
        }
      }
      else if (during && r.code === 2 && /refused|terminat|connect|broker|ECONN|timed out/i.test(r.out)) figures.outageFailures++;
      else {
        figures.crashed++;
        figures.notes.push(`run ${k + 1} (${point}) ended ${r.signal ?? `exit ${r.code}`}: ${r.out.trim().split("\n").slice(-3).join(" | ")}`);
      }
      if (last && r.code !== 0) {
        // the final run must finish; one more try shows whether it was transient
        const again = await runChild({ ...env, CHAOS_KILL: "none", CHAOS_OUT: path.join(outDir, "final-again") });
        outputs.push(again.out);
        figures.runs++;
        if (again.code !== 0) figures.notes.push(`the final run did not finish: ${again.out.trim().split("\n").slice(-3).join(" | ")}`);
      }
    }
    await compare(figures, sc.sink, bootstrap, topic, pg, table);
    figures.secrets += countSecret(password, cp, outputs) + countSecret(password, outDir, []);
  } finally {
    await pg.stop().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    await own?.stop().catch(() => undefined);
    fs.rmSync(base, { recursive: true, force: true });
  }
  figures.seconds = (Date.now() - t0) / 1000;
  return figures;
}

/** The table against a batch computation over every record in the topic. */
async function compare(f: Figures, sink: SinkKind, bootstrap: string, topic: string, pg: PostgresHandle, table: string): Promise<void> {
  const spark = SparkSession.builder.getOrCreate();
  const all = spark.read.format("kafka").option("kafka.bootstrap.servers", bootstrap).option("subscribe", topic).load();
  const c = new Client({ connectionString: pg.url });
  await c.connect();
  try {
    if (sink === "overwrite") {
      const expected = new Map<string, number>();
      const rows = await all.selectExpr("CAST(value AS STRING) AS v").collect();
      for (const r of rows) {
        const h = JSON.parse(String(r.v)).house as string;
        expected.set(h, (expected.get(h) ?? 0) + 1);
      }
      const got = new Map<string, number>();
      for (const r of (await c.query(`SELECT house, how_many FROM ${table}`)).rows) got.set(String(r.house), Number(r.how_many));
      for (const h of new Set([...expected.keys(), ...got.keys()])) {
        const d = (got.get(h) ?? 0) - (expected.get(h) ?? 0);
        if (d < 0) f.lost -= d;
        else f.doubled += d;
      }
    } else {
      const expected = new Set((await all.select(col("partition"), col("offset")).collect()).map((r) => `${r.partition}:${r.offset}`));
      const got = new Map<string, number>();
      for (const r of (await c.query(`SELECT partition, "offset", count(*) AS n FROM ${table} GROUP BY 1, 2`)).rows) got.set(`${r.partition}:${r.offset}`, Number(r.n));
      for (const k of expected) {
        const n = got.get(k) ?? 0;
        if (n === 0) f.lost++;
        else f.doubled += n - 1;
      }
      for (const [k, n] of got) if (!expected.has(k)) f.doubled += n;
    }
  } finally {
    await c.end();
  }
}

export const SCENARIOS: Scenario[] = [
  { name: "real-overwrite", broker: "real", sink: "overwrite", kills: 8 },
  { name: "real-append", broker: "real", sink: "append", kills: 8 },
  { name: "real-append-once", broker: "real", sink: "append-once", kills: 8 },
  { name: "embedded-overwrite", broker: "embedded", sink: "overwrite", kills: 8 },
  { name: "embedded-append-once", broker: "embedded", sink: "append-once", kills: 8 },
  { name: "postgres-outage", broker: "embedded", sink: "append-once", kills: 2, outage: "postgres", wrongPassword: true },
  { name: "broker-outage", broker: "embedded", sink: "append-once", kills: 2, outage: "broker" },
  { name: "real-broker-outage", broker: "own", sink: "append-once", kills: 2, outage: "broker", wrongPassword: true },
];

export function formatFigures(f: Figures): string {
  return `${f.scenario.padEnd(22)} records ${String(f.records).padStart(6)}  runs ${String(f.runs).padStart(3)}  kills ${String(f.kills).padStart(3)} (${formatPoints(f.points)})${missedCount(f) ? `  MISSED ${missedCount(f)} (${formatPoints(f.missed)})` : ""}  outage-failures ${f.outageFailures}  ` +
    `lost ${f.lost}  doubled ${f.doubled}  crashed ${f.crashed}  secrets ${f.secrets}${f.budgetSkipped ? `  budget-skipped ${f.budgetSkipped}` : ""}  (${f.seconds.toFixed(0)} s)`;
}

function formatPoints(points: Partial<Record<KillPoint, number>>): string {
  return KILL_POINTS.filter((p) => points[p]).map((p) => `${p} ${points[p]}`).join(", ") || "none";
}

/** Kill runs that ended before their kill: each one makes the suite fail. */
export function missedCount(f: Figures): number {
  return Object.values(f.missed).reduce((n, m) => n + (m ?? 0), 0);
}

/** The final summary: one row per scenario. */
export function summaryTable(all: Figures[]): string {
  const t = new Table({ head: ["scenario", "broker", "records", "runs", "kills (by point)", "outage failures", "lost", "doubled", "crashed", "secrets", "s"], style: { head: [], border: [] } });
  for (const f of all) {
    const sc = SCENARIOS.find((s) => s.name === f.scenario);
    t.push([f.scenario, sc?.broker ?? "", f.records, f.runs, `${f.kills}: ${formatPoints(f.points)}${missedCount(f) ? `; missed ${missedCount(f)}: ${formatPoints(f.missed)}` : ""}${f.budgetSkipped ? `; ${f.budgetSkipped} skipped (budget)` : ""}`, f.outageFailures, f.lost, f.doubled, f.crashed, f.secrets, f.seconds.toFixed(0)]);
  }
  return t.toString();
}

async function reachable(hostPort: string): Promise<boolean> {
  const net = await import("node:net");
  const [host, port] = hostPort.split(",")[0].split(":");
  return new Promise((resolve) => {
    const s = net.connect(Number(port), host, () => { s.destroy(); resolve(true); });
    s.on("error", () => resolve(false));
    s.setTimeout(1000, () => { s.destroy(); resolve(false); });
  });
}

const USAGE = `Usage: npm run chaos -- [--kills N] [--records N] [--seed N] [--only name,...] [--per-batch N] [--budget MIN]

The reliability suite: the seed's pipeline (Kafka → foreachBatch into PostgreSQL) killed and restarted
on its checkpoint, PostgreSQL and the broker stopped under it; then lost / doubled records are counted.
  --kills N       kill runs per scenario (outage scenarios keep their own count)
  --records N     records sent per scenario (default 5000)
  --seed N        the seed of the kill points and moments (default 1)
  --only a,b      only these scenarios (${SCENARIOS.map((s) => s.name).join(", ")})
  --per-batch N   maxOffsetsPerTrigger of the pipeline (default 500)
  --budget MIN    the whole suite's time budget in minutes (default 90)`;

async function main(): Promise<void> {
  const { values } = parseCli(process.argv.slice(2), {
    name: "chaos",
    usage: USAGE,
    options: { kills: { type: "string" }, records: { type: "string", default: "5000" }, seed: { type: "string", default: "1" }, only: { type: "string" }, "per-batch": { type: "string", default: "500" }, budget: { type: "string", default: "90" } },
  });
  const realBootstrap = process.env.KAFKA_BOOTSTRAP_SERVERS ?? "127.0.0.1:9092";
  const haveReal = await reachable(realBootstrap);
  const only = values.only?.split(",");
  let list = SCENARIOS.filter((s) => !only || only.includes(s.name));
  if (!haveReal) {
    console.log(`no Kafka broker answers at ${realBootstrap}: the real-broker scenarios are skipped`);
    list = list.filter((s) => s.broker !== "real");
  }
  const deadline = Date.now() + Number(values.budget) * 60_000;
  const all: Figures[] = [];
  const notRun: string[] = [];
  for (const sc of list) {
    if (Date.now() > deadline) { notRun.push(sc.name); continue; }
    const s = values.kills ? { ...sc, kills: sc.outage ? sc.kills : Number(values.kills) } : sc;
    const f = await runScenario(s, { realBootstrap, records: Number(values.records), perBatch: Number(values["per-batch"]), seed: Number(values.seed), deadline, log: (l) => console.log(l) });
    console.log(formatFigures(f));
    for (const n of f.notes) console.log(`    ${n}`);
    all.push(f);
  }
  console.log(`\n${summaryTable(all)}`);
  const bad = all.filter((f) => f.lost || f.crashed || f.secrets || f.budgetSkipped || missedCount(f) || (f.doubled && f.scenario !== "real-append"));
  if (notRun.length) console.log(`\ntime budget of ${values.budget} min spent: not run: ${notRun.join(", ")}`);
  console.log(`\nchaos: ${all.length} scenarios; lost ${sum(all, "lost")}, doubled ${sum(all, "doubled")} (of which the plain append, Spark's at-least-once: ${all.filter((f) => f.scenario === "real-append").reduce((n, f) => n + f.doubled, 0)}), crashed ${sum(all, "crashed")}, secrets ${sum(all, "secrets")}, ` +
    `kills landed ${all.reduce((n, f) => n + f.kills, 0)}, missed ${all.reduce((n, f) => n + missedCount(f), 0)}`);
  process.exit(bad.length || notRun.length ? 1 : 0);
}

function sum(fs: Figures[], k: "lost" | "doubled" | "crashed" | "secrets"): number {
  return fs.reduce((n, f) => n + f[k], 0);
}

if (require.main === module) main().catch((e) => { console.error(e); process.exit(1); });
