/**
 * StreamTest, in the spirit of Spark's: a streaming query driven by a list of actions.
 *
 *   await testStream(counts, "complete",
 *     AddData(input, "a b a"),
 *     CheckAnswer(["a", 2], ["b", 1]),          // every row the sink holds now, in any order
 *     StopStream,
 *     StartStream(),                            // the same checkpoint: state and offsets carry over
 *     AddData(input, "b"),
 *     CheckLastBatch(["b", 2]),                 // the rows of the last batch only
 *   );
 *
 * - AddData(stream, ...rows): MemoryStream.addData (one batch of input).
 * - CheckAnswer(...rows) / CheckLastBatch(...rows): waits until the query has processed every
 *   AddData so far (processAllAvailable; with a ManualClock, until the batch has run after an
 *   AdvanceClock — without one it fails, as Spark's does), then compares the sink's rows
 *   (complete: the last batch; append/update: all batches) as arrays of collect() values, in any
 *   order.
 * - StopStream / StartStream({ trigger, clock }): stop, and start again on the same checkpoint
 *   (a fresh temporary one per testStream call unless `{ checkpoint }` is passed among the
 *   actions). The stream starts at once unless the first action is a StartStream.
 * - AdvanceClock(ms): advances the ManualClock given to StartStream once the query waits on it.
 * - ExpectFailure(pattern): the query terminates with an exception whose message matches.
 * - AssertOnQuery(check, message): any check on the running StreamingQuery.
 * The sink is a capturing sink with MemorySink's rules (a re-delivered batch id is ignored); it is
 * unregistered at the end, and the temporary checkpoint (when testStream made it) deleted.
 * A failing action fails with Spark's StreamTest report: the action, the query's last progress,
 * what the sink holds, and the plan.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as assert from "node:assert/strict";
import { DataFrame, MemoryStream, SparkSession, StructType, StreamingQuery, Row } from "../../src/index";
import { registerSink, unregisterSink } from "../../src/sinks/registry";
import { explainPlan } from "../../src/api/explain";
import { progressToJson } from "../../src/streaming/progress";
import { toExternalRows } from "../../src/api/external";
import { ManualClock } from "../../src/streaming/clock";
import type { TriggerOptions } from "../../src/streaming/trigger";
import type { InternalRow } from "../../src/connector-api/source";
import type { StructTypeClass } from "../../src/types/data-types";

let counter = 0;

export function tempCheckpoint(prefix = "iskra-cp-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A memory stream registered under a fresh name and the streaming DataFrame reading it. */
export function memoryInput(spark: SparkSession, schema: StructType | string): { stream: MemoryStream; df: DataFrame; name: string } {
  const name = `input_${process.pid}_${++counter}`;
  const st = typeof schema === "string" ? require("../../src/index").parseSchema(schema) : schema;
  const stream = new MemoryStream(st, { name });
  const df = spark.readStream.format("memory").option("name", name).load();
  return { stream, df, name };
}

// --- StreamTest ------------------------------------------------------------------------------

export { ManualClock };

export type StreamAction =
  | { kind: "addData"; stream: MemoryStream; rows: unknown[] }
  | { kind: "checkAnswer"; rows: unknown[][]; lastBatch: boolean }
  | { kind: "stopStream" }
  | { kind: "startStream"; trigger?: TriggerOptions; clock?: ManualClock }
  | { kind: "advanceClock"; ms: number }
  | { kind: "expectFailure"; pattern: RegExp | string }
  | { kind: "assertOnQuery"; check: (q: StreamingQuery) => unknown; message: string };

export const AddData = (stream: MemoryStream, ...rows: unknown[]): StreamAction => ({ kind: "addData", stream, rows });
export const CheckAnswer = (...rows: unknown[][]): StreamAction => ({ kind: "checkAnswer", rows, lastBatch: false });
export const CheckLastBatch = (...rows: unknown[][]): StreamAction => ({ kind: "checkAnswer", rows, lastBatch: true });
export const StopStream: StreamAction = { kind: "stopStream" };
export const StartStream = (opts: { trigger?: TriggerOptions; clock?: ManualClock } = {}): StreamAction => ({ kind: "startStream", ...opts });
export const AdvanceClock = (ms: number): StreamAction => ({ kind: "advanceClock", ms });
export const ExpectFailure = (pattern: RegExp | string): StreamAction => ({ kind: "expectFailure", pattern });
export const AssertOnQuery = (check: (q: StreamingQuery) => unknown, message = "AssertOnQuery"): StreamAction => ({ kind: "assertOnQuery", check, message });

/** What a capturing sink saw: the batches by id, with MemorySink's rules. */
class Captured {
  schema?: StructTypeClass;
  all: InternalRow[] = [];
  last: InternalRow[] = [];
  lastBatchId = -1;
}

const WAIT_MS = 10_000;
const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function waitFor(what: string, done: () => boolean): Promise<void> {
  const until = Date.now() + WAIT_MS;
  while (!done()) {
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await realSleep(5);
  }
}

/** Rows (nested ones too) as plain arrays, so expected rows are written as arrays. */
const plain = (v: unknown): unknown => (Array.isArray(v) ? Array.from(v, plain) : v);
const sortKey = (r: unknown[]) => JSON.stringify(r, (_k, v) => (typeof v === "bigint" ? `${v}n` : v));

/** Runs `df` into a capturing sink through the actions (started at once, stopped at the end). */
export async function testStream(df: DataFrame, outputMode: "append" | "complete" | "update", ...actions: Array<StreamAction | { checkpoint: string }>): Promise<void> {
  const opts = actions.find((a): a is { checkpoint: string } => "checkpoint" in a);
  const steps = actions.filter((a): a is StreamAction => "kind" in a);
  const ownCheckpoint = opts?.checkpoint === undefined;
  const checkpoint = opts?.checkpoint ?? tempCheckpoint("iskra-streamtest-");
  const format = `stream_test_${process.pid}_${++counter}`;
  const captured = new Captured();
  registerSink(format, () => ({
    description: "MemorySink",
    addBatch: async (batchId, schema, rows, mode) => {
      if (batchId <= captured.lastBatchId) return;
      captured.schema = schema;
      captured.last = rows.slice();
      captured.all = mode === "complete" ? rows.slice() : captured.all.concat(rows);
      captured.lastBatchId = batchId;
    },
  }));
  /** Offsets AddData returned, by stream: what a check waits to see processed. */
  const added = new Map<MemoryStream, number>();
  let query: StreamingQuery | undefined;
  let clock: ManualClock | undefined;
  const start = (a?: { trigger?: TriggerOptions; clock?: ManualClock }) => {
    let w = df.writeStream.format(format).outputMode(outputMode).option("checkpointLocation", checkpoint);
    if (a?.trigger) w = w.trigger(a.trigger);
    clock = a?.clock;
    if (clock) w = w.withTriggerClock(clock);
    query = w.start();
  };
  const seen = (q: StreamingQuery, s: MemoryStream, offset: number) => q.recentProgress.some((p) => p.sources.some((src) => src.description === s.description && Number(src.endOffset) >= offset));
  const processed = (q: StreamingQuery) => [...added].every(([s, offset]) => seen(q, s, offset));
  const where = (i: number) => `action ${i + 1} of ${steps.length} (${steps[i].kind})`;
  let current = -1;
  try {
    if (steps[0]?.kind !== "startStream") start(); // as Spark's testStream: started unless the first action starts it
    for (let i = 0; i < steps.length; i++) {
      current = i;
      const a = steps[i];
      switch (a.kind) {
        case "addData":
          added.set(a.stream, a.stream.addData(...a.rows));
          break;
        case "checkAnswer": {
          assert.ok(query?.isActive, `${where(i)}: the stream is not running`);
          if (clock) await waitFor(`${where(i)}: a batch over the added data (advance the ManualClock?)`, () => processed(query!) || !query!.isActive);
          else await query.processAllAvailable();
          assert.equal(query.exception(), null, `${where(i)}: the query failed`);
          const rows = toExternalRows(captured.schema ?? df.schema, a.lastBatch ? captured.last : captured.all).map((r: Row) => plain(r) as unknown[]);
          const expected = a.rows.map((r) => plain(r) as unknown[]);
          assert.deepEqual(rows.sort((x, y) => sortKey(x).localeCompare(sortKey(y))), expected.sort((x, y) => sortKey(x).localeCompare(sortKey(y))), where(i));
          break;
        }
        case "stopStream":
          assert.ok(query?.isActive, `${where(i)}: the stream is not running`);
          await query.stop();
          for (const [s, offset] of [...added]) if (seen(query, s, offset)) added.delete(s); // committed: a restart does not replay it
          break;
        case "startStream":
          assert.ok(!query?.isActive, `${where(i)}: the stream is already running`);
          start(a);
          break;
        case "advanceClock": {
          const c = clock;
          assert.ok(c && query?.isActive, `${where(i)}: needs a running stream started with a ManualClock`);
          await waitFor(`${where(i)}: the query to wait on its clock`, () => c.waiting > 0 || !query!.isActive);
          c.advance(a.ms);
          break;
        }
        case "expectFailure": {
          assert.ok(query, `${where(i)}: no stream`);
          await query.awaitTermination().catch(() => undefined);
          const e = query.exception();
          assert.ok(e, `${where(i)}: the query did not fail`);
          if (typeof a.pattern === "string") assert.ok(e.message.includes(a.pattern), `${where(i)}: ${e.message}`);
          else assert.match(e.message, a.pattern, where(i));
          break;
        }
        case "assertOnQuery":
          assert.ok(query, `${where(i)}: no stream`);
          assert.ok((await a.check(query)) !== false, `${where(i)}: ${a.message}`);
          break;
      }
    }
  } catch (e) {
    throw withReport(e, report(df, outputMode, steps, current, query, captured));
  } finally {
    if (query?.isActive) await query.stop().catch(() => undefined);
    unregisterSink(format);
    if (ownCheckpoint) fs.rmSync(checkpoint, { recursive: true, force: true });
  }
}

/** Spark's StreamTest failure text: where the actions stopped, progress, sink contents, plan. */
function report(df: DataFrame, mode: string, steps: StreamAction[], failed: number, q: StreamingQuery | undefined, sink: Captured): string {
  const rows = (rs: InternalRow[]) => (rs.length ? rs.map((r) => "  " + sortKey(plain(r) as unknown[])).sort().join("\n") : "  (none)");
  const actions = steps.map((a, i) => `${i === failed ? "=> " : "   "}${a.kind}${a.kind === "addData" ? " " + sortKey(a.rows as unknown[]) : a.kind === "checkAnswer" ? " " + sortKey(a.rows) : ""}`);
  let plan: string;
  try { plan = explainPlan(df.plan, true); } catch (e) { plan = `(no plan: ${(e as Error).message})`; }
  return [
    `== Actions (${mode} mode) ==`, ...actions,
    "== Query ==", q ? `active: ${q.isActive}; exception: ${q.exception()?.message ?? "none"}` : "(not started)",
    "== Last progress ==", q?.lastProgress ? progressToJson(q.lastProgress) : "(none)",
    `== Sink: last batch ${sink.lastBatchId} ==`, rows(sink.last),
    "== Sink: all rows ==", rows(sink.all),
    "== Plan ==", plan.trimEnd(),
  ].join("\n");
}

function withReport(e: unknown, text: string): Error {
  if (e instanceof Error) {
    e.message = `${e.message}\n\n${text}`;
    return e;
  }
  return new Error(`${String(e)}\n\n${text}`);
}
