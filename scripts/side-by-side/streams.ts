/**
 * The streaming lessons (1, 3, 4) side by side with real PySpark 3.5. Both sides run the same
 * program — the lesson's code as an application (src/export/app-form.ts): in Iskra through the
 * shell's evaluator (iskra-side.ts), in PySpark the exported app, unchanged, under spark-submit
 * (or over Spark Connect) through scripts/spark-oracle/side_by_side.py — at the same time, fed the
 * same inputs by this runner:
 *   - socket lines (lesson 1): each side its own line server; the next line only once that side
 *     printed the previous line's batch, so the `Batch: N` blocks line up;
 *   - Kafka (lessons 3, 4): one fresh topic (3 partitions, as step 16), the lesson's generator
 *     bursts as a fixed seeded set of records, one burst at a time, each followed by
 *     processAllAvailable() on both sides (startingOffsets as the lesson: latest);
 *   - the steps the lesson shows failing on purpose run on both sides once the queries started.
 * Then each side is stopped and compared: the Spark-rendered blocks each printed, the errors, and
 * the tables each left in its own PostgreSQL database (rows sorted).
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { applicationInputs } from "../../src/export/app-form";
import { exportPySpark } from "../../src/export/pyspark";
import { lessonInputs } from "../../src/export/session-defaults";
import { type PgTable, type PySparkInstall, dropTables, pgText, readTable, sideBySideText, sparkBlocks } from "../../src/export/side-by-side";
import { loadLesson } from "../../src/repl/lessons";
import { LineFeeder, TopicFeeder, seededGroups } from "./feeders";
import { Control, Side, startPySparkSide } from "./side";

/** How long one burst may take to be processed (generous: a loaded 2-core machine is slow). */
const SYNC_SECONDS = 900;

/** The generator's bursts are capped at this many records (the lesson's 20,000/s would take long in CI). */
const MAX_BURST = 2000;

export interface StreamSideBySideOptions {
  lesson: number;
  /** postgres://… of each side's own database (tables are dropped first). */
  pgUrls: { iskra: string; pyspark: string };
  tables: string[];
  pyspark: PySparkInstall;
  root: string;
  kafkaBootstrap: string;
  /** Spark Connect: the PySpark side runs `python app.py --remote URL`; the server's stdout is its output. */
  remote?: { url: string; serverOutput: () => string };
  log?: (side: "iskra" | "pyspark", chunk: string) => void;
}

export interface StreamSideBySide {
  app: string;
  iskra: string[];
  pyspark: string[];
  errors: { iskra: string[]; pyspark: string[] };
  tables: Record<string, { iskra: PgTable | null; pyspark: PgTable | null }>;
  identical: boolean;
  diff: string[];
  seconds: number;
}

/** `Batch: n` and its complete table (three border lines) in a text. */
function printedBatch(text: string, n: number): boolean {
  const at = text.search(new RegExp(`^Batch: ${n}$`, "m"));
  if (at < 0) return false;
  return (text.slice(at).match(/^\+[-+]+\+$/gm) ?? []).length >= 3;
}

/**
 * The generator runs a lesson's steps ask for (`npm run produce -- … json R S`, R records a second
 * for S seconds) as bursts: S bursts of R when the lesson watches batches on the console, else one
 * burst of R×S (each burst costs a micro-batch on both sides); each capped at MAX_BURST.
 */
function generatorBursts(steps: Array<{ shell?: string }>, perSecond: boolean): number[] {
  const bursts: number[] = [];
  for (const s of steps) {
    const m = /npm run produce -- \S+ \S+ \w+ (\d+) (\d+)/.exec(s.shell ?? "");
    if (!m) continue;
    const [r, n] = [Number(m[1]), Number(m[2])];
    if (perSecond) for (let i = 0; i < n; i++) bursts.push(Math.min(r, MAX_BURST));
    else bursts.push(Math.min(r * n, MAX_BURST));
  }
  return bursts;
}

/** Lines the learner types in the sender terminal: each step's `sender` line, in order. */
function senderLines(steps: Array<{ sender?: string }>): string[] {
  return steps.map((s) => s.sender).filter((s): s is string => !!s);
}

export async function streamSideBySide(o: StreamSideBySideOptions): Promise<StreamSideBySide> {
  const t0 = Date.now();
  const lesson = loadLesson(String(o.lesson));
  const inputs = lessonInputs(lesson.steps);
  const probes = lesson.steps.filter((s) => s.expectError && s.code).map((s) => s.code!);
  const usesSocket = inputs.some((i) => /format\("socket"\)/.test(i));
  const usesKafka = inputs.some((i) => /format\("kafka"\)/.test(i));
  const topic = `iskra-sbs-${o.lesson}-${process.pid}-${Date.now().toString(36)}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `iskra-sbs-${o.lesson}-`));
  const feeders: { iskra?: LineFeeder; pyspark?: LineFeeder } = {};
  let topicFeeder: TopicFeeder | undefined;
  const sides: Side[] = [];
  try {
    for (const side of ["iskra", "pyspark"] as const) await dropTables(o.pgUrls[side], o.tables);
    if (usesSocket) for (const side of ["iskra", "pyspark"] as const) feeders[side] = await LineFeeder.listen();
    if (usesKafka) topicFeeder = await TopicFeeder.create(o.kafkaBootstrap, topic, 3);

    // Iskra: the application form of the lesson's code, in the shell's evaluator.
    const appJson = path.join(dir, "iskra-app.json");
    fs.writeFileSync(appJson, JSON.stringify({ inputs: applicationInputs(inputs, { port: feeders.iskra?.port, topic }), probes: applicationInputs(probes, { topic }) }));
    const iskraEnv = { ...process.env, PG_URL: o.pgUrls.iskra, KAFKA_BOOTSTRAP_SERVERS: o.kafkaBootstrap, ISKRA_EMBEDDED_KAFKA: "0", NO_COLOR: "1" };
    const iskraControl = await Control.listen();
    const iskraChild = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(o.root, "scripts/side-by-side/iskra-side.ts"), String(iskraControl.port), appJson], { cwd: o.root, env: iskraEnv, stdio: ["ignore", "pipe", "pipe"] });
    sides.push(new Side("iskra", iskraChild, iskraControl, undefined, (c) => o.log?.("iskra", c)));

    // PySpark: the exported application, unchanged.
    const u = new URL(o.pgUrls.pyspark);
    const exported = exportPySpark(inputs, {
      appName: `lesson${o.lesson}`,
      jdbcUrl: `jdbc:postgresql://${u.hostname}:${u.port || 5432}${u.pathname}`,
      pgUser: decodeURIComponent(u.username) || "postgres",
      kafkaBootstrap: o.kafkaBootstrap,
      probes,
    });
    const app = path.join(dir, `lesson${o.lesson}.py`);
    fs.writeFileSync(app, exported.python);
    const probesJson = path.join(dir, "probes.json");
    fs.writeFileSync(probesJson, JSON.stringify(exported.probes));
    const appArgs = [...(usesSocket ? ["--port", String(feeders.pyspark!.port)] : []), ...(usesKafka ? ["--topic", topic] : [])];
    const pySide = await startPySparkSide({ app, args: appArgs, pyspark: o.pyspark, root: o.root, probesJson, remote: o.remote, env: { ...process.env, PGPASSWORD: decodeURIComponent(u.password) }, log: (c) => o.log?.("pyspark", c) });
    sides.push(pySide);

    const bySide = (f: (s: Side) => Promise<unknown>) => Promise.all(sides.map(f));
    await bySide(async (s) => {
      const ready = await s.answer("READY (the queries started)", s.name === "pyspark" ? 900 : 300);
      if (ready !== "READY") throw new Error(`${s.name}: ${ready}`);
    });

    if (usesSocket) {
      const lines = senderLines(lesson.steps);
      await bySide(async (s) => {
        await feeders[s.name]!.waitForClient();
        await s.waitFor("Batch: 0", () => printedBatch(s.text(), 0), SYNC_SECONDS);
        for (let i = 0; i < lines.length; i++) {
          feeders[s.name]!.send(lines[i]);
          await s.waitFor(`Batch: ${i + 1}`, () => printedBatch(s.text(), i + 1), SYNC_SECONDS);
        }
      });
    }
    if (topicFeeder) {
      const sync = () =>
        bySide(async (s) => {
          const a = await s.command("sync", SYNC_SECONDS);
          if (a !== "SYNCED") throw new Error(`${s.name}: ${a}`);
        });
      await sync();
      const console = inputs.some((i) => /format\("console"\)/.test(i));
      for (const burst of seededGroups(generatorBursts(lesson.steps, console))) {
        await topicFeeder.send(burst);
        await sync();
      }
    }
    const errors = { iskra: [] as string[], pyspark: [] as string[] };
    for (let i = 0; i < probes.length; i++) for (const s of sides) errors[s.name].push(await s.command(`probe ${i}`, 60));
    const exits = await Promise.all(sides.map((s) => s.end(60)));

    const tables: StreamSideBySide["tables"] = {};
    for (const t of o.tables) tables[t] = { iskra: await readTable(o.pgUrls.iskra, t), pyspark: await readTable(o.pgUrls.pyspark, t) };
    const iskra = sparkBlocks(sides[0].text());
    const pyspark = sparkBlocks(pySide.text());
    const diff: string[] = [];
    sides.forEach((s, i) => exits[i] !== 0 && diff.push(`${s.name} exited with ${exits[i]}`));
    for (let i = 0; i < Math.max(iskra.length, pyspark.length); i++)
      if (iskra[i] !== pyspark[i]) diff.push(`output block ${i + 1} differs:\n${sideBySideText(iskra[i] ?? "(nothing)", pyspark[i] ?? "(nothing)")}`);
    for (let i = 0; i < probes.length; i++)
      if (errors.iskra[i] !== errors.pyspark[i]) diff.push(`the error of the failing step ${i + 1} differs:\n${sideBySideText(errors.iskra[i], errors.pyspark[i])}`);
    for (const [t, { iskra: a, pyspark: b }] of Object.entries(tables))
      if (JSON.stringify(a) !== JSON.stringify(b)) diff.push(`table ${t} differs:\n${sideBySideText(pgText(a), pgText(b))}`);
    // The application and both outputs stay for a look when the sides differ.
    if (diff.length) fs.writeFileSync(path.join(dir, "outputs.log"), `--- Iskra ---\n${sides[0].text()}\n--- PySpark ---\n${pySide.text()}`);
    else fs.rmSync(dir, { recursive: true, force: true });
    return { app, iskra, pyspark, errors, tables, identical: diff.length === 0, diff, seconds: (Date.now() - t0) / 1000 };
  } finally {
    await Promise.all(sides.map((s) => s.end(30)));
    for (const f of Object.values(feeders)) await f?.close();
    await topicFeeder?.close();
  }
}
