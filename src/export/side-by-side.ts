/**
 * Side by side with real PySpark: a lesson replayed in Iskra (`npm run lesson -- N`) and its PySpark
 * export run under spark-submit, on the same inputs and each on a fresh PostgreSQL table. What is
 * compared: the Spark-rendered output each printed (printSchema trees, show() tables, console
 * `Batch: N` blocks) in order, and the rows and column types each left in PostgreSQL.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PACKAGES, exportPySpark } from "./pyspark";
import { lessonInputs } from "./session-defaults";

export const INSTALL_HINT =
  "PySpark 3.5 was not found. Install it (and Java 17): python3 -m venv .venv && .venv/bin/pip install 'pyspark==3.5.*', then set PYSPARK_PYTHON=.venv/bin/python.";

export interface PySparkInstall {
  python: string;
  version: string;
  sparkSubmit: string;
}

/** PySpark through PYSPARK_PYTHON, else python3; null when neither has it. */
export function findPySpark(env: NodeJS.ProcessEnv = process.env): PySparkInstall | null {
  for (const python of [env.PYSPARK_PYTHON, "python3"].filter((p): p is string => !!p)) {
    const r = spawnSync(python, ["-c", "import os, pyspark; print(pyspark.__version__); print(os.path.dirname(pyspark.__file__))"], { encoding: "utf8" });
    if (r.status !== 0) continue;
    const [version, dir] = r.stdout.trim().split("\n");
    if (!version.startsWith("3.5.")) continue;
    return { python, version, sparkSubmit: path.join(dir, "bin", "spark-submit") };
  }
  return null;
}

/** The Spark-rendered blocks of an output: schema trees, tables, `Batch: N` headers. */
export function sparkBlocks(text: string): string[] {
  // eslint-disable-next-line no-control-regex
  const lines = text.replace(/\x1b\[[0-9;]*m/g, "").split("\n");
  const blocks: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l === "root") {
      const b = [l];
      while (i + 1 < lines.length && /^ +\|--/.test(lines[i + 1])) b.push(lines[++i]);
      blocks.push(b.join("\n"));
    } else if (/^\+-[-+]*\+$/.test(l)) {
      const b = [l];
      while (i + 1 < lines.length && /^[+|]/.test(lines[i + 1])) b.push(lines[++i]);
      if (i + 1 < lines.length && /^only showing top \d+ rows?$/.test(lines[i + 1])) b.push(lines[++i]);
      blocks.push(b.join("\n"));
    } else if (/^Batch: \d+$/.test(l)) blocks.push(l);
  }
  return blocks;
}

export interface PgTable {
  columns: string[];
  rows: string[];
}

export interface SideBySide {
  /** The exported application (kept when PySpark failed). */
  app: string;
  iskra: string[];
  pyspark: string[];
  tables: Record<string, { iskra: PgTable | null; pyspark: PgTable | null }>;
  pysparkExit: number | null;
  pysparkStderr: string;
  identical: boolean;
  /** The differences, one line each (empty when identical). */
  diff: string[];
}

export interface SideBySideOptions {
  lesson: number;
  /** postgres://user:password@host:port/db — a database the run may drop tables in. */
  pgUrl: string;
  /** Tables the lesson writes, compared after each side. */
  tables: string[];
  pyspark: PySparkInstall;
  root: string;
  env?: NodeJS.ProcessEnv;
  /** Where each side's output is printed as it comes (optional). */
  log?: (side: "iskra" | "pyspark", chunk: string) => void;
  /** A Spark Connect URL: the export runs as `python app.py --remote URL` instead of under spark-submit. */
  remote?: string;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd: string, log?: (chunk: string) => void): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
      log?.(String(d));
    });
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

async function withPg<T>(pgUrl: string, f: (q: (sql: string) => Promise<any[]>) => Promise<T>): Promise<T> {
  const { Client } = require("pg") as typeof import("pg");
  const c = new Client({ connectionString: pgUrl });
  await c.connect();
  try {
    return await f(async (sql) => (await c.query(sql)).rows);
  } finally {
    await c.end();
  }
}

/** One statement on a PostgreSQL (its rows). */
export function pgQuery(pgUrl: string, sql: string): Promise<any[]> {
  return withPg(pgUrl, (q) => q(sql));
}

/** Columns whose values differ between any two runs by nature (a ledger's random query ids, commit times). */
const RUN_SPECIFIC: Record<string, string[]> = { iskra_batch_ledger: ["query_id", "committed_at"] };

/** A table's column types and its rows, sorted (run-specific values left out); null when missing. */
export async function readTable(pgUrl: string, table: string): Promise<PgTable | null> {
  return withPg(pgUrl, async (q) => {
    const cols = await q(`select column_name, data_type, is_nullable from information_schema.columns where table_name = '${table}' order by ordinal_position`);
    if (!cols.length) return null;
    const rows = await q(`select * from ${table}`);
    for (const r of rows) for (const c of RUN_SPECIFIC[table] ?? []) delete r[c];
    return {
      columns: cols.map((c) => `${c.column_name} ${c.data_type}${c.is_nullable === "NO" ? " not null" : ""}`),
      rows: rows.map((r) => JSON.stringify(r)).sort(),
    };
  });
}

export async function dropTables(pgUrl: string, tables: string[]): Promise<void> {
  await withPg(pgUrl, async (q) => {
    for (const t of tables) await q(`drop table if exists ${t}`);
  });
}

/** Runs lesson N in Iskra, then its export in PySpark, and compares them. */
export async function sideBySide(o: SideBySideOptions): Promise<SideBySide> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...o.env, PG_URL: o.pgUrl };
  const u = new URL(o.pgUrl);
  const jdbcUrl = `jdbc:postgresql://${u.hostname}:${u.port || 5432}${u.pathname}`;

  await dropTables(o.pgUrl, o.tables);
  const iskraRun = await run(process.execPath, ["-r", "ts-node/register/transpile-only", "scripts/workshop/lesson.ts", String(o.lesson)], env, o.root, (c) => o.log?.("iskra", c));
  if (iskraRun.code !== 0) throw new Error(`Iskra's replay of lesson ${o.lesson} failed (exit ${iskraRun.code}):\n${iskraRun.stdout.slice(-2000)}${iskraRun.stderr.slice(-2000)}`);
  const iskraTables: Record<string, PgTable | null> = {};
  for (const t of o.tables) iskraTables[t] = await readTable(o.pgUrl, t);

  await dropTables(o.pgUrl, o.tables);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadLesson }: typeof import("../repl/lessons") = require("../repl/lessons");
  const { python } = exportPySpark(lessonInputs(loadLesson(String(o.lesson)).steps), {
    appName: `lesson${o.lesson}`,
    jdbcUrl,
    pgUser: decodeURIComponent(u.username) || "postgres",
    kafkaBootstrap: env.KAFKA_BOOTSTRAP_SERVERS || "127.0.0.1:9092",
    sqlReads: "comment",
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-pyspark-"));
  const app = path.join(dir, `lesson${o.lesson}.py`);
  fs.writeFileSync(app, python);
  const pyEnv = {
    ...env,
    PGPASSWORD: decodeURIComponent(u.password),
    PYSPARK_PYTHON: o.pyspark.python,
    PATH: `${path.dirname(o.pyspark.python)}${path.delimiter}${env.PATH ?? ""}`,
  };
  const py = o.remote
    ? await run(o.pyspark.python, [app, "--remote", o.remote], pyEnv, dir, (c) => o.log?.("pyspark", c))
    : await run(o.pyspark.sparkSubmit, ["--master", "local[2]", "--conf", "spark.ui.enabled=false", "--packages", PACKAGES.join(","), app], pyEnv, dir, (c) => o.log?.("pyspark", c));
  const tables: SideBySide["tables"] = {};
  for (const t of o.tables) tables[t] = { iskra: iskraTables[t], pyspark: await readTable(o.pgUrl, t) };
  // The application and spark-submit's log stay for a look when they differ.
  fs.writeFileSync(path.join(dir, "spark-submit.log"), `${py.stdout}\n--- stderr ---\n${py.stderr}`);

  const iskra = sparkBlocks(iskraRun.stdout);
  const pyspark = sparkBlocks(py.stdout);
  const diff: string[] = [];
  if (py.code !== 0) diff.push(`PySpark exited with ${py.code} (log: ${path.join(dir, "spark-submit.log")}): ${(py.stdout + "\n" + py.stderr).split("\n").filter((l) => /^\S*(Error|Exception)\b|^Traceback/.test(l)).slice(-3).join(" | ")}`);
  else fs.rmSync(dir, { recursive: true, force: true });
  for (let i = 0; i < Math.max(iskra.length, pyspark.length); i++) {
    if (iskra[i] !== pyspark[i]) diff.push(`output block ${i + 1} differs:\n${sideBySideText(iskra[i] ?? "(nothing)", pyspark[i] ?? "(nothing)")}`);
  }
  for (const [t, { iskra: a, pyspark: b }] of Object.entries(tables)) {
    if (JSON.stringify(a) !== JSON.stringify(b)) diff.push(`table ${t} differs:\n${sideBySideText(pgText(a), pgText(b))}`);
  }
  return { app, iskra, pyspark, tables, pysparkExit: py.code, pysparkStderr: py.stderr, identical: diff.length === 0, diff };
}

export function pgText(t: PgTable | null): string {
  return t ? [t.columns.join(", "), ...t.rows].join("\n") : "(no table)";
}

/** Two texts in two columns, `|` where a line differs. */
export function sideBySideText(left: string, right: string, headers: [string, string] = ["Iskra", "PySpark"]): string {
  const a = [headers[0], ...left.split("\n")];
  const b = [headers[1], ...right.split("\n")];
  const w = Math.max(...a.map((l) => l.length));
  const out: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const l = a[i] ?? "";
    const r = b[i] ?? "";
    out.push(`${l.padEnd(w)} ${l === r ? " " : "|"} ${r}`);
  }
  return out.join("\n");
}
