// @needs: chromium kafka postgres
/**
 * Lessons 1 and 4 followed in the browser, live: the shell replays each lesson step by step (the
 * code path of `npm run lesson -- N`: Shell.replay) while a headless Chromium (playwright-core)
 * watches the web UI that `.ui` names. Lesson 1 is the socket word count (its sender is the
 * in-shell line server the replay starts); lesson 4 reads a topic of its own on the real broker
 * (KAFKA_BOOTSTRAP_SERVERS) and writes with foreachBatch into a database of its own on the test
 * PostgreSQL (PG_URL). Screenshots go to .iskra/screenshots/lessons/ (not committed).
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { createTopic } from "../src/connectors/kafka/admin";
import { fetchOffsets } from "../src/connectors/kafka/offsets";
import { BOOTSTRAP, dropTopics, testClient, uniqueTopic } from "../src/connectors/kafka/testing";
import { runCommand } from "../src/repl/commands";
import { loadLesson } from "../src/repl/lessons";
import type { Output } from "../src/repl/output";
import { Shell } from "../src/repl/shell";
import type { Lesson, Step } from "../lessons/lesson-format";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SHOTS = path.join(__dirname, "..", ".iskra", "screenshots", "lessons");
const skip = !fs.existsSync(CHROMIUM) ? `no Chromium at ${CHROMIUM}`
  : !process.env.PG_URL || !process.env.KAFKA_BOOTSTRAP_SERVERS ? "needs PG_URL and KAFKA_BOOTSTRAP_SERVERS (npm test / scripts/infra/run-tests.js set them)" : false;

/** Everything the shell prints, kept (the replay checks a step's expected output in it). */
class Capture implements Output {
  text = "";
  readonly colors = false;
  readonly columns = 100;
  print(t: string): void { this.text += t; }
}

const database = `iskra_ui_lessons_${process.pid}`;
const topic = uniqueTopic("ui-lesson4");
let shell: Shell;
let out: Capture;
let browser: Browser;
let page: Page;
let uiUrl: string;
const pageErrors: string[] = [];

async function admin(sql: string): Promise<void> {
  const { Client } = require("pg") as typeof import("pg");
  const c = new Client({ connectionString: process.env.PG_URL });
  await c.connect();
  try { await c.query(sql); } finally { await c.end(); }
}

before(async () => {
  if (skip) return;
  await admin(`create database ${database}`);
  const u = new URL(process.env.PG_URL!);
  u.pathname = `/${database}`;
  const client = testClient();
  try { await createTopic(client, topic, { partitions: 3, replicationFactor: 1 }); } finally { await client.close(); }
  out = new Capture();
  shell = new Shell({ output: out, interactive: false, env: { ...process.env, PG_URL: u.toString(), KAFKA_BOOTSTRAP_SERVERS: BOOTSTRAP } });
  // `.ui` prints the page a learner opens.
  await runCommand({ shell, exit: () => undefined }, ".ui");
  const m = /(http:\/\/127\.0\.0\.1:\d+)\/StreamingQuery\/\n$/.exec(out.text);
  assert.ok(m, `.ui printed ${out.text}`);
  uiUrl = m[1];
  const { chromium } = require("playwright-core") as typeof import("playwright-core");
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  page.on("pageerror", (e) => pageErrors.push(e.message));
  fs.mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  if (skip) return;
  await browser?.close().catch(() => undefined);
  await shell?.close();
  await shell?.spark.stop();
  const client = testClient();
  await dropTopics(client, [topic]);
  await client.close();
  await admin(`drop database if exists ${database} with (force)`);
});

/** Replays one step of the lesson as `npm run lesson` does; fails with the shell's output if it fails. */
async function step(lesson: Lesson, id: number, change: (s: Step) => Step = (s) => s): Promise<void> {
  const s = lesson.steps.find((x) => x.id === id);
  assert.ok(s, `lesson ${lesson.id} has step ${id}`);
  const from = out.text.length;
  const ok = await shell.replay({ ...lesson, steps: [change(s)] }, { captured: () => out.text });
  assert.ok(ok, `lesson ${lesson.id} step ${id} failed:\n${out.text.slice(from)}`);
}

/** The cells of a table's body rows. */
function cells(selector: string): Promise<string[][]> {
  return page.$$eval(`${selector} tbody tr`, (trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
}

/** The rows of the console sink's table printed for `Batch: n` (cells trimmed). */
function consoleBatch(text: string, n: number): string[][] {
  const at = text.lastIndexOf(`Batch: ${n}\n`);
  assert.ok(at >= 0, `the console printed Batch: ${n}`);
  const lines = text.slice(at).split("\n").slice(2);
  const rows: string[][] = [];
  let borders = 0;
  for (const line of lines) {
    if (line.startsWith("+")) { if (++borders === 3) break; continue; }
    if (borders === 2 && line.startsWith("|")) rows.push(line.split("|").slice(1, -1).map((c) => c.trim()));
  }
  return rows;
}

/** Waits until the statistics page has drawn a batch row for `batchId` (SSE → refresh). */
async function waitForBatchRow(batchId: number): Promise<void> {
  await page.waitForSelector(`#batches-table tbody tr[data-batch="${batchId}"]`, { timeout: 30000 });
}

/** Opens batch `batchId`'s details (a click on its row) and waits for them. */
async function openBatch(batchId: number): Promise<void> {
  await page.click(`#batches-table tbody tr[data-batch="${batchId}"]`);
  await page.waitForSelector(`#batch-detail[data-batch="${batchId}"] [data-sample=sink]`, { timeout: 15000 });
}

/** The input rows of the batches the page lists, once they reach `n` (or after 30 s: what there is). */
async function inputShown(n: number): Promise<number> {
  const shown = () => page.$$eval("#batches-table tbody tr[data-batch]", (trs) => trs.reduce((a, tr) => a + Number(tr.children[2].textContent), 0));
  for (let i = 0; i < 60 && (await shown()) < n; i++) await page.waitForTimeout(500);
  return shown();
}

/** The latest offset of each partition of lesson 4's topic. */
async function endOffsets(): Promise<Record<string, number>> {
  const client = testClient();
  try {
    return (await fetchOffsets(client, [0, 1, 2].map((partition) => ({ topic, partition })), "latest"))[topic];
  } finally { await client.close(); }
}

/** The lesson's running query (`query` in the shell), as the list page shows it: Active, Spark's first four columns. */
async function listedActive(): Promise<{ query: { id: string; runId: string }; row: string[] }> {
  const query = shell.evaluator.scope.query as { id: string; runId: string; isActive: boolean };
  assert.ok(query.isActive);
  await page.goto(`${uiUrl}/StreamingQuery/`);
  assert.equal(await page.textContent("#activequeries"), "Active Streaming Queries (1)");
  const row = (await cells("#active-table")).find((r) => r[3] === query.runId);
  assert.ok(row, "the lesson's query is listed");
  assert.deepEqual(row.slice(0, 4), ["<no name>", "RUNNING", query.id, query.runId]);
  return { query, row };
}

const points = async () => Number(await page.getAttribute("#timeline-inputRows", "data-points"));
const sseEvents = async () => Number(await page.evaluate("window.__iskraStatistics ? window.__iskraStatistics.events : 0"));

describe("lessons 1 and 4 followed in the browser, live", { skip }, () => {
  it("lesson 1: the word count appears Active, each batch's word counts and state changes as the console printed them, then Completed", async () => {
    const lesson = loadLesson(1);
    for (const id of [6, 7, 8, 9, 10]) await step(lesson, id);
    const { query, row: active } = await listedActive();
    assert.equal(active[8], "0", "Latest Batch: batch 0 ran when the query started");
    await page.screenshot({ path: path.join(SHOTS, "lesson1-list.png") });

    // Its statistics page: open while the learner sends lines.
    await page.click(`a[href="/StreamingQuery/statistics/?id=${query.runId}"]`);
    await page.waitForSelector("#timeline-inputRows[data-points]");
    await page.evaluate("window.__sameDocument = true");
    const before = await points();
    const eventsBefore = await sseEvents();

    await step(lesson, 11);
    await waitForBatchRow(1);
    await page.waitForFunction(`Number(document.querySelector("#timeline-inputRows").getAttribute("data-points")) > ${before}`, undefined, { timeout: 30000 });
    assert.ok((await sseEvents()) > eventsBefore, "the page heard of the batch by server-sent events");
    assert.equal(await page.evaluate("window.__sameDocument"), true, "updated live, not reloaded");
    await openBatch(1);
    assert.match(await page.textContent("#batch-detail h4") ?? "", /^Batch 1 — complete mode, sink /);
    const sink1 = await cells("#batch-detail [data-sample=sink] table");
    assert.deepEqual(sink1, consoleBatch(out.text, 1), "the sink's rows are the word counts the console printed");
    const state1 = await cells("#batch-detail [data-sample=state-0] table");
    assert.deepEqual(state1.map((r) => r[0]).sort(), Array(sink1.length).fill("added"), "batch 1: every word enters the state");
    assert.deepEqual(state1.map((r) => r.slice(1)).sort(), [...sink1].sort());
    const row1 = (await cells("#batches-table")).find((r) => r[0] === "1")!;
    assert.equal(row1[2], "1", "one input row: the line sent");
    assert.equal(row1[3], String(sink1.length));

    const beforeBatch2 = await points();
    await step(lesson, 12);
    await waitForBatchRow(2);
    await page.waitForFunction(`Number(document.querySelector("#timeline-inputRows").getAttribute("data-points")) > ${beforeBatch2}`, undefined, { timeout: 30000 });
    await openBatch(2);
    const sink2 = await cells("#batch-detail [data-sample=sink] table");
    assert.deepEqual(sink2, consoleBatch(out.text, 2), "complete mode: the whole table again, as the console printed it");
    const state2 = await cells("#batch-detail [data-sample=state-0] table");
    assert.deepEqual(state2.map((r) => r.join(" ")).sort(), ["updated scala 6", "updated spark 6"], "batch 2 only updated spark and scala");
    assert.equal(await page.evaluate("window.__sameDocument"), true);
    await page.screenshot({ path: path.join(SHOTS, "lesson1-statistics.png"), fullPage: true });

    await step(lesson, 13);
    await page.waitForFunction(`document.querySelector("#stat-header").getAttribute("data-active") === "false"`, undefined, { timeout: 15000 });
    assert.equal(await page.textContent("#query-status"), "Stopped");
    await step(lesson, 14);
    await page.goto(`${uiUrl}/StreamingQuery/`);
    const done = (await cells("#completed-table")).find((r) => r[3] === query.runId);
    assert.ok(done, "the stopped query is listed under Completed");
    assert.equal(done[1], "FINISHED");
    assert.equal(done[8], "2", "Latest Batch");
    assert.deepEqual(pageErrors, []);
  });

  it("lesson 4: the Kafka source's per-partition offsets, the foreachBatch sink's rows per batch, then Completed", async () => {
    const lesson = loadLesson(4);
    // The broker is shared: this lesson reads a topic of its own. Step 41's check sends to
    // kafka-input, so only its solution runs here (lessons/lessons.test.ts runs the check).
    const mine = (s: Step): Step => {
      const sub = (x?: string) => x?.replace(/kafka-input/g, topic);
      const expectOutput = s.expectOutput?.map((w) => (typeof w === "string" ? sub(w)! : new RegExp(sub(w.source)!, w.flags)));
      return { ...s, code: sub(s.code), replay: sub(s.replay), shell: sub(s.shell), sender: sub(s.sender), expectOutput, yourTurn: s.yourTurn && { ...s.yourTurn, check: async () => null } };
    };
    for (const id of [34, 40, 41, 42]) await step(lesson, id, mine);
    const { query } = await listedActive();
    assert.ok((await cells("#completed-table")).some((r) => r[1] === "FINISHED"), "lesson 1's query stays under Completed");

    await page.click(`a[href="/StreamingQuery/statistics/?id=${query.runId}"]`);
    await page.waitForSelector("#timeline-inputRows[data-points]");
    await page.evaluate("window.__sameDocument = true");
    const before = await points();

    // Two records a second for five seconds: batches run while the generator sends.
    await step(lesson, 43, mine);
    await page.waitForFunction(`Number(document.querySelector("#timeline-inputRows").getAttribute("data-points")) > ${before}`, undefined, { timeout: 30000 });
    await step(lesson, 44, mine);
    const inTopic = Object.values(await endOffsets()).reduce((a, b) => a + b, 0);
    assert.equal(inTopic, 10, "the generator sent 2 records a second for 5 s");
    assert.equal(await inputShown(10), 10, "the batches shown read the ten records sent");
    const batches = await cells("#batches-table");
    assert.equal(batches[0].length, 10, "batch, time, input, sink, added, updated, removed, late, the watermark for late rows, the watermark for eviction");

    // The last batch: the Kafka partitions' offsets, what foreachBatch received (= housestats now).
    const last = Number(batches[0][0]);
    await openBatch(last);
    assert.match(await page.textContent("#batch-detail h4") ?? "", new RegExp(`^Batch ${last} — complete mode, sink ForeachBatchSink$`));
    const headers = await page.$$eval("#batch-detail [data-sample=sources] th", (ths) => ths.map((t) => t.textContent));
    assert.deepEqual(headers, ["source", "partition", "start", "end", "rows", "latest available", "behind latest"]);
    const parts = await cells("#batch-detail [data-sample=sources] table");
    assert.deepEqual(parts.map((r) => r[1]), [0, 1, 2].map((p) => `${topic}-${p}`), "one row per partition of the topic");
    const ends = await endOffsets();
    for (const r of parts) {
      const [source, tp, start, end, rows, latest, behind] = r;
      assert.equal(source, `KafkaV2[Subscribe[${topic}]]`);
      assert.equal(Number(end), ends[tp.slice(topic.length + 1)], `${tp}: the batch ended at the partition's latest offset`);
      assert.equal(Number(rows), Number(end) - Number(start));
      assert.equal(Number(behind), Number(latest) - Number(end), `${tp}: records behind the latest offset`);
      assert.equal(behind, "0", "no maxOffsetsPerTrigger: each batch reads up to the latest offset");
    }
    assert.equal(Object.values(ends).reduce((a, b) => a + b, 0), 10);
    const sink = await cells("#batch-detail [data-sample=sink] table");
    const sinkHeads = await page.$$eval("#batch-detail [data-sample=sink] th", (ths) => ths.map((t) => t.textContent));
    assert.deepEqual(sinkHeads, ["house", "how_many", "sum_score", "no_characters"]);
    const table = (await shell.services.query("select * from housestats")).rows as Array<Record<string, unknown>>;
    const asCells = table.map((r) => [String(r.house).trim(), String(r.how_many), String(r.sum_score), String(r.no_characters)]);
    assert.deepEqual([...sink].sort(), asCells.sort(), "the foreachBatch sink received what housestats now holds");
    assert.equal(sink.reduce((n, r) => n + Number(r[1]), 0), 10);
    assert.equal(await page.evaluate("window.__sameDocument"), true, "all of it live, without a reload");

    // Full throttle: 20,000 records a second for five seconds.
    const beforeFull = await points();
    await step(lesson, 45, mine);
    await step(lesson, 46, mine);
    await page.waitForFunction(`Number(document.querySelector("#timeline-inputRows").getAttribute("data-points")) > ${beforeFull}`, undefined, { timeout: 30000 });
    const sent = Object.values(await endOffsets()).reduce((a, b) => a + b, 0);
    assert.ok(sent > 10, `the generator sent records (${sent} in the topic)`);
    const shown = await inputShown(sent);
    const all = await cells("#batches-table");
    assert.equal(shown, sent, `every record in the topic went through a batch the page showed: ${all.map((r) => `${r[0]}:${r[2]}`).join(" ")}`);
    await openBatch(Number(all[0][0]));
    const full = await cells("#batch-detail [data-sample=sink] table");
    assert.equal(full.reduce((n, r) => n + Number(r[1]), 0), sent, "the last batch's complete result counts every record");
    await page.waitForTimeout(1000);
    await page.screenshot({ path: path.join(SHOTS, "lesson4-statistics.png"), fullPage: true });
    // The README's picture of lesson 4 (docs/web-ui-lesson4.png): the batches, one batch's offsets and rows.
    await page.locator("#iskra-batches").screenshot({ path: path.join(SHOTS, "lesson4-batches.png") });

    await step(lesson, 47, mine);
    await page.waitForFunction(`document.querySelector("#stat-header").getAttribute("data-active") === "false"`, undefined, { timeout: 15000 });
    await step(lesson, 49, mine);
    await page.goto(`${uiUrl}/StreamingQuery/`);
    assert.equal(await page.$("#active-table"), null, "no active query is left");
    const done = (await cells("#completed-table")).find((r) => r[3] === query.runId);
    assert.ok(done, "lesson 4's query is listed under Completed");
    assert.equal(done[1], "FINISHED");
    assert.equal(done[9], "-", "stopped without an error");
    await page.screenshot({ path: path.join(SHOTS, "lesson4-list.png") });
    assert.deepEqual(pageErrors, []);
  });
});
