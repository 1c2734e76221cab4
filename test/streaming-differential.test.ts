/**
 * The streaming differential tester: the seeded queries of
 * scripts/spark-oracle/streaming_differential.py (windows, watermarks, late / NULL / boundary rows,
 * the three output modes, deduplication, joins, chained stateful operators, error cases), each run
 * by PySpark 3.5 over a JSON file source one file per micro-batch (maxFilesPerTrigger=1,
 * trigger(availableNow=True)) and stored in test/fixtures/streaming-differential.json, replayed
 * here the same way: per batch the rows foreachBatch received and progress' numInputRows,
 * eventTime.watermark and each state operator's name and row counts must equal Spark's.
 * docs/streaming-differential.md lists the known differences, each with its reason: a listed case
 * that starts passing fails too (the list may only shrink), as does an unlisted one that fails.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DataFrame, Row, SparkSession, col, expr, window } from "../src/index";
import type { StreamingQueryProgress } from "../src/index";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface Step { op: string; [k: string]: Json }
interface BatchTruth { rows: Json[][]; progress: ProgressTruth }
interface ProgressTruth {
  batchId: number;
  numInputRows: number;
  watermark: string | null;
  stateOperators: Array<{ operatorName: string; numRowsTotal: number; numRowsUpdated: number; numRowsRemoved: number; numRowsDroppedByWatermark: number }>;
}
interface Case {
  id: string;
  schema: string;
  batches: Array<Array<Record<string, Json>>>;
  static?: Array<Record<string, Json>>;
  steps: Step[];
  mode: "append" | "update" | "complete";
  expect: { batches: BatchTruth[]; columns: string[] } | { error: { class: string; firstLine: string } };
}

const FIXTURE = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "streaming-differential.json"), "utf8")) as { shufflePartitions: number; cases: Case[] };
const DOC = fs.readFileSync(path.join(__dirname, "..", "docs", "streaming-differential.md"), "utf8");
/** `- \`case-id\` — reason` lines under the KNOWN_DIFFERENCES heading. */
const KNOWN = new Map(
  [...(DOC.split(/^## KNOWN_DIFFERENCES\s*$/m)[1] ?? "").split(/^## /m)[0].matchAll(/^- `([\w-]+)` — (.+)$/gm)].map((m) => [m[1], m[2]]),
);

const spark = SparkSession.builder.appName("streaming-differential").getOrCreate();
spark.conf.set("spark.sql.session.timeZone", "UTC");
spark.conf.set("spark.sql.shuffle.partitions", String(FIXTURE.shufflePartitions));

/** Python's str() of a UTC datetime from epoch µs: "2024-01-01 00:00:05" or "… 00:00:05.500000". */
function pyDatetime(us: number): string {
  const ms = Math.floor(us / 1000);
  const d = new Date(ms).toISOString().replace("T", " ").replace("Z", "");
  const base = d.slice(0, 19);
  const frac = ((us % 1_000_000) + 1_000_000) % 1_000_000;
  return frac ? `${base}.${String(frac).padStart(6, "0")}` : base;
}

/** A collected value as the oracle stored it (timestamps as Python's str(), structs as lists). */
function canon(v: unknown): Json {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return pyDatetime(v.getTime() * 1000 + ((v as Date & { micros?: number }).micros ?? 0));
  if (v instanceof Row) return [...(v as unknown as Iterable<unknown>)].map(canon);
  if (Array.isArray(v)) return v.map(canon);
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  return String(v);
}

function build(c: Case, src: DataFrame, other?: DataFrame): DataFrame {
  let df = src;
  for (const s of c.steps) {
    switch (s.op) {
      case "watermark": df = df.withWatermark(s.col as string, s.delay as string); break;
      case "selectExpr": df = df.selectExpr(...(s.exprs as string[])); break;
      case "filter": df = df.filter(s.expr as string); break;
      case "agg": {
        const keys = (s.keys as string[]).map((k) => col(k));
        if (s.window) {
          const w = s.window as { col: string; duration: string; slide?: string };
          keys.unshift((w.slide ? window(expr(w.col), w.duration, w.slide) : window(expr(w.col), w.duration)).alias("window"));
        }
        if (s.session) {
          const w = s.session as { col: string; gap: string };
          // Through SQL: an engine without session windows fails the case with its own error.
          keys.unshift(expr(`session_window(${w.col}, '${w.gap}')`).alias("session"));
        }
        const [first, ...rest] = (s.aggs as string[]).map((a) => expr(a));
        df = df.groupBy(...keys).agg(first, ...rest);
        break;
      }
      case "dedup": df = s.cols ? df.dropDuplicates(s.cols as string[]) : df.dropDuplicates(); break;
      case "dedupWithin": df = df.dropDuplicatesWithinWatermark(s.cols as string[]); break;
      case "joinStatic": df = df.join(spark.createDataFrame(c.static!, "k STRING, name STRING"), s.on as string, s.how as string); break;
      case "joinStream": {
        const right = other!.selectExpr("k AS rk", "v AS rv", "ts AS rts").withWatermark("rts", "10 seconds");
        df = df.join(right, expr(`k = rk AND rts >= ts AND rts <= ts + interval ${s.bound}`), s.how as string);
        break;
      }
      default: throw new Error(`unknown step ${s.op}`);
    }
  }
  return df;
}

function writeFiles(dir: string, batches: Case["batches"]): void {
  fs.mkdirSync(dir, { recursive: true });
  batches.forEach((rows, i) => {
    const p = path.join(dir, `${i}.json`);
    fs.writeFileSync(p, rows.map((r) => JSON.stringify(r) + "\n").join(""));
    fs.utimesSync(p, 1700000000 + i, 1700000000 + i);
  });
}

function progressOf(p: StreamingQueryProgress): ProgressTruth {
  return {
    batchId: p.batchId,
    numInputRows: p.numInputRows,
    watermark: (p.eventTime as Record<string, string>).watermark ?? null,
    stateOperators: p.stateOperators.map((o) => ({
      operatorName: o.operatorName, numRowsTotal: o.numRowsTotal, numRowsUpdated: o.numRowsUpdated, numRowsRemoved: o.numRowsRemoved, numRowsDroppedByWatermark: o.numRowsDroppedByWatermark,
    })),
  };
}

const sortRows = (rows: Json[][]) => [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0));

/** Runs a case on Iskra; null when it matches Spark, else the first difference. */
async function difference(c: Case): Promise<string | null> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `iskra-diff-${c.id}-`));
  try {
    writeFiles(path.join(work, "in"), c.batches);
    const src = spark.readStream.schema(c.schema).option("maxFilesPerTrigger", 1).json(path.join(work, "in"));
    let other: DataFrame | undefined;
    if (c.steps.some((s) => s.op === "joinStream")) {
      writeFiles(path.join(work, "in2"), [...c.batches].reverse());
      other = spark.readStream.schema(c.schema).option("maxFilesPerTrigger", 1).json(path.join(work, "in2"));
    }
    const got = new Map<number, Json[][]>();
    let progress: StreamingQueryProgress[];
    try {
      const df = build(c, src, other);
      const q = await df.writeStream.outputMode(c.mode).trigger({ availableNow: true }).option("checkpointLocation", path.join(work, "cp"))
        .foreachBatch(async (b: DataFrame, id: number) => { got.set(id, sortRows((await b.collect()).map((r) => [...(r as unknown as Iterable<unknown>)].map(canon)))); })
        .start();
      await q.awaitTermination();
      progress = q.recentProgress;
    } catch (e) {
      if ("error" in c.expect) {
        const err = e as Error;
        const first = String(err.message).split("\n").find((l) => l.trim()) ?? "";
        if (err.constructor.name === c.expect.error.class && first === c.expect.error.firstLine) return null;
        return `expected ${c.expect.error.class}: ${c.expect.error.firstLine}\n     got ${err.constructor.name}: ${first}`;
      }
      return `unexpected ${(e as Error).constructor?.name}: ${(e as Error).message}`;
    }
    if ("error" in c.expect) return `expected ${c.expect.error.class}: ${c.expect.error.firstLine}, but the query ran`;
    const want = c.expect.batches;
    if (progress.length !== want.length)
      return `${progress.length} batches, Spark ran ${want.length}: watermarks ${JSON.stringify(progress.map((p) => (p.eventTime as Record<string, string>).watermark))} vs ${JSON.stringify(want.map((b) => b.progress.watermark))}`;
    for (let i = 0; i < want.length; i++) {
      const p = progressOf(progress[i]);
      const rows = got.get(p.batchId) ?? [];
      try {
        assert.deepEqual(rows, want[i].rows, `batch ${i}: rows ${JSON.stringify(rows)}\n  Spark: ${JSON.stringify(want[i].rows)}`);
        assert.deepEqual(p, want[i].progress, `batch ${i}: progress ${JSON.stringify(p)}\n  Spark: ${JSON.stringify(want[i].progress)}`);
      } catch (e) {
        return (e as Error).message;
      }
    }
    return null;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

const results = new Map<string, string | null>();

/** DIFF_CASES=id,id… replays only those cases and prints what each differs by (for investigating). */
const only = process.env.DIFF_CASES?.split(",");

for (const c of FIXTURE.cases.filter((x) => !only || only.includes(x.id))) {
  test(`${c.id}: ${c.mode}, ${c.steps.map((s) => s.op).join(" → ")}`, async () => {
    const diff = await difference(c);
    results.set(c.id, diff);
    if (only) console.log(`--- ${c.id}\n${JSON.stringify(c.steps)} ${c.mode}\n${diff ?? "matches"}`);
    const known = KNOWN.get(c.id);
    if (known && diff === null) assert.fail(`${c.id} now matches Spark: remove it from KNOWN_DIFFERENCES in docs/streaming-differential.md`);
    if (!known && diff !== null) assert.fail(`${c.id} differs from Spark 3.5:\n${diff}`);
  });
}

test("every KNOWN_DIFFERENCES entry names a generated case; the pass rate", () => {
  const ids = new Set(FIXTURE.cases.map((c) => c.id));
  if (only) return;
  for (const id of KNOWN.keys()) assert.ok(ids.has(id), `KNOWN_DIFFERENCES names ${id}, which the fixture does not hold`);
  const passed = [...results.values()].filter((d) => d === null).length;
  console.log(`streaming differential: ${passed}/${FIXTURE.cases.length} cases match PySpark 3.5 (${KNOWN.size} known differences)`);
});
