// @needs: chromium
/**
 * The web UI in a real headless Chromium (Debian's chromium, driven by playwright-core): the query
 * list and statistics pages with Spark's columns and charts, live updates, Iskra's batch and
 * checkpoint views. Screenshots go to .iskra/screenshots/.
 */
import { test, after } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SparkSession } from "../api/session";
import type { DataStreamWriter } from "../api/stream-writer";
import { MemoryStream } from "../sources/memory-source";
import { StructType, StructField, StringType } from "../types/data-types";
import { col, count, window } from "../expr/functions";
import { dropTopics, testClient, topicWithRecords, uniqueTopic } from "../connectors/kafka/testing";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const hasChromium = fs.existsSync(CHROMIUM);
const SHOTS = path.join(__dirname, "..", "..", ".iskra", "screenshots");

const spark = SparkSession.builder.master("local[2]").appName("web-ui-test")
  .config("spark.ui.port", "0").config("spark.sql.session.timeZone", "UTC").getOrCreate();
after(() => spark.stop());

// Spark's headers; the sorted one carries an arrow after a no-break space.
const SPARK_COLUMNS = ["Name", "Status", "ID", "Run ID", "Start Time\u00a0▾", "Duration", "Avg Input /sec", "Avg Process /sec", "Latest Batch"];

async function getJson(url: string): Promise<any> {
  const r = await fetch(url);
  return r.json();
}

test("uiWebUrl, and spark.ui.enabled=false turns the UI off", async () => {
  const url = await spark.webUiUrl();
  assert.match(url ?? "", /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(spark.sparkContext.uiWebUrl, url);
  const html = await (await fetch(`${url}/StreamingQuery/`)).text();
  assert.match(html, /<title>web-ui-test - Streaming Query<\/title>/);
  const off = SparkSession.builder.config("spark.ui.enabled", "false").create();
  assert.equal(off.sparkContext.uiWebUrl, null);
  assert.equal(await off.webUiUrl(), null);
});

test("the UI never binds a port browsers refuse: spark.ui.port=4045 moves on (fetch() opens the page)", async () => {
  const s = SparkSession.builder.appName("bad-port").config("spark.ui.port", "4045").config("spark.port.maxRetries", "2").create();
  const url = (await s.webUiUrl())!;
  assert.notEqual(new URL(url).port, "4045");
  assert.equal((await fetch(`${url}/StreamingQuery/`)).status, 200);
  await s.stop();
});

test("spark.newSession() shares the application's web UI: its queries are listed there too", async () => {
  const url = (await spark.webUiUrl())!;
  const other = spark.newSession();
  assert.equal(other.sparkContext.uiWebUrl, url);
  const q = other.readStream.format("rate").load().writeStream.format("noop").queryName("from_new_session").start();
  try {
    const html = await (await fetch(`${url}/StreamingQuery/?fragment=tables`)).text();
    assert.match(html, /<td>from_new_session<\/td><td>RUNNING<\/td>/);
  } finally {
    await q.stop();
    await other.stop();
  }
  assert.match(await (await fetch(`${url}/StreamingQuery/`)).text(), /Streaming Query/, "stopping the new session left the UI up");
});

test("nobody looking: no batch details are captured; retention bounds progress updates", async () => {
  const url = (await spark.webUiUrl())!;
  spark.conf.set("spark.sql.streaming.ui.retainedProgressUpdates", "3");
  const stream = new MemoryStream(StructType([StructField("value", StringType())]), { name: "ui-quiet" });
  const q = spark.readStream.format("memory").option("name", "ui-quiet").load().groupBy("value").count()
    .writeStream.outputMode("complete").format("noop").start();
  try {
    for (let i = 0; i < 5; i++) { stream.addData(`w${i}`); await q.processAllAvailable(); }
    const d = await getJson(`${url}/StreamingQuery/data?id=${q.runId}`);
    assert.equal(d.batches.length, 0, "no browser connected, so no details");
    assert.equal(d.unobservedBatches, 5, "the batches that ran unobserved are counted");
    const page = await (await fetch(`${url}/StreamingQuery/statistics/?id=${q.runId}`)).text();
    assert.match(page, /<p class="iskra-line" id="unobserved">5 batches ran while no page was open: progress only, their rows and state changes were not recorded\.<\/p>/);
    assert.equal(d.progress.length, 3, "spark.sql.streaming.ui.retainedProgressUpdates");
    assert.equal(d.progress[2].batchId, q.lastProgress!.batchId);
  } finally {
    spark.conf.set("spark.sql.streaming.ui.retainedProgressUpdates", "100");
    await q.stop();
    stream.unregister();
  }
});

test("spark.sql.streaming.ui.retainedQueries bounds the completed queries kept", async () => {
  const url = (await spark.webUiUrl())!;
  spark.conf.set("spark.sql.streaming.ui.retainedQueries", "2");
  try {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const q = spark.readStream.format("rate").load().writeStream.format("noop").queryName(`retained_${i}`).start();
      ids.push(q.runId);
      await q.stop();
    }
    const html = await (await fetch(`${url}/StreamingQuery/?fragment=tables`)).text();
    assert.ok(!html.includes(ids[0]) && !html.includes(ids[1]), "the oldest completed queries were dropped");
    assert.ok(html.includes(ids[2]) && html.includes(ids[3]));
  } finally {
    spark.conf.set("spark.sql.streaming.ui.retainedQueries", "100");
  }
});

test("Chromium: the query list, the statistics charts updating live, batch details, checkpoint tree", { skip: hasChromium ? false : `no Chromium at ${CHROMIUM}` }, async () => {
  const { chromium } = require("playwright-core") as typeof import("playwright-core");
  const url = (await spark.webUiUrl())!;
  fs.mkdirSync(SHOTS, { recursive: true });
  const checkpoint = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-ui-cp-"));
  const rates = spark.readStream.format("rate").option("rowsPerSecond", 20).load()
    .withWatermark("timestamp", "1 second").groupBy(window(col("timestamp"), "1 second")).agg(count("*").alias("n"))
    .writeStream.queryName("rate_windows").outputMode("append").format("memory").option("checkpointLocation", checkpoint)
    .trigger({ processingTime: "300 milliseconds" }).start();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  const errors: string[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("pageerror", (e) => errors.push(e.message));
    // The list: Spark's table, the running query.
    await page.goto(`${url}/StreamingQuery/`);
    assert.equal(await page.textContent("#activequeries"), "Active Streaming Queries (1)");
    assert.deepEqual(await page.$$eval("#active-table th", (ths) => ths.map((t) => t.textContent)), SPARK_COLUMNS);
    const row = await page.$$eval("#active-table tbody tr td", (tds) => tds.map((t) => t.textContent));
    assert.equal(row[0], "rate_windows");
    assert.equal(row[1], "RUNNING");
    assert.equal(row[2], rates.id);
    assert.equal(row[3], rates.runId);
    assert.match(row[4] ?? "", /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d$/);
    await page.screenshot({ path: path.join(SHOTS, "streaming-query-list.png") });

    // The statistics page: Spark's charts for a stateful query with a watermark, live.
    await page.click(`a[href="/StreamingQuery/statistics/?id=${rates.runId}"]`);
    await page.waitForSelector("#timeline-inputRate[data-points]");
    const titles = await page.$$eval(".chart-title strong", (els) => els.map((e) => e.textContent));
    assert.deepEqual(titles, [
      "Input Rate (?)", "Process Rate (?)", "Input Rows (?)", "Batch Duration (?)", "Operation Duration (?)", "Global Watermark Gap (?)",
      "Aggregated Number Of Total State Rows (?)", "Aggregated Number Of Updated State Rows (?)", "Aggregated Number Of Removed State Rows (?)",
      "Aggregated State Memory Used In Bytes (?)", "Aggregated Number Of Rows Dropped By Watermark (?)",
    ]);
    assert.equal(await page.getAttribute(".chart-row[data-chart=inputRate] .tip", "title"), "The aggregate (across all sources) rate of data arriving.");
    assert.match(await page.textContent("#stat-header") ?? "", new RegExp(`Name: rate_windowsId: ${rates.id}RunId: ${rates.runId}`));
    const points = async () => Number(await page.getAttribute("#timeline-inputRate", "data-points"));
    const before = await points();
    await page.waitForFunction(`Number(document.querySelector("#timeline-inputRate").getAttribute("data-points")) >= ${before + 3}`, undefined, { timeout: 20000 });
    assert.ok((await points()) >= before + 3, "the charts grew as batches completed");
    assert.ok(await page.$("#timeline-inputRate canvas"), "uPlot drew a canvas");
    // Iskra: batches captured while the page is open, with sink rows and state changes.
    await page.waitForSelector("#batches-table tbody tr[data-batch]");
    await page.waitForFunction(`document.querySelectorAll("#batches-table tbody tr[data-batch]").length >= 3`, undefined, { timeout: 20000 });
    await page.waitForSelector("#batch-detail h4");
    assert.match(await page.textContent("#batch-detail") ?? "", /Rows the sink received/);
    assert.match(await page.textContent("#batch-detail") ?? "", /State changes, operator 0/);
    assert.match(await page.textContent("#batch-detail") ?? "", /RateStreamV2/);
    await page.waitForSelector("#eventtime-svg rect.window");
    await page.waitForTimeout(1500);
    await page.screenshot({ path: path.join(SHOTS, "streaming-query-statistics.png"), fullPage: true });

    // The checkpoint: offsets/N, commits/N, metadata, state; a file's content.
    await page.click('a[href^="/StreamingQuery/checkpoint/"]');
    const tree = await page.$$eval("#checkpoint-tree li", (lis) => lis.map((l) => l.getAttribute("data-path")));
    for (const p of ["metadata", "offsets", "offsets/0", "commits", "commits/0", "state"]) assert.ok(tree.includes(p), `${p} in ${tree.join(", ")}`);
    await page.click('#checkpoint-tree li[data-path="offsets/0"] a');
    assert.match(await page.textContent("#checkpoint-file pre") ?? "", /^v1\n\{"batchWatermarkMs":0,"batchTimestampMs":\d+/);

    // Stopped: the list moves it to Completed, FINISHED.
    await rates.stop();
    await page.goto(`${url}/StreamingQuery/`);
    const done = await page.$$eval("#completed-table tbody tr", (trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((t) => t.textContent)));
    const mine = done.find((r) => r[3] === rates.runId)!;
    assert.equal(mine[1], "FINISHED");
    assert.deepEqual(await page.$$eval("#completed-table th", (ths) => ths.map((t) => t.textContent)), [...SPARK_COLUMNS, "Error"]);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    if (rates.isActive) await rates.stop();
    fs.rmSync(checkpoint, { recursive: true, force: true });
  }
});

test("Chromium: the batch view shows the watermark late rows were dropped with, the one state was evicted with, and the late rows dropped", { skip: hasChromium ? false : `no Chromium at ${CHROMIUM}` }, async () => {
  const { chromium } = require("playwright-core") as typeof import("playwright-core");
  const url = (await spark.webUiUrl())!;
  // A query to look at first: batch details are captured while a browser watches.
  const watched = new MemoryStream(StructType([StructField("value", StringType())]), { name: "ui-watched" });
  const looking = spark.readStream.format("memory").option("name", "ui-watched").load().writeStream.format("noop").start();
  // One file per batch; 5 s watermark, 10 s windows, append. Batch 0 sees 00:00:20 (watermark →
  // 00:00:15), batch 1 00:00:40 (→ 00:00:35) and 00:00:05, not late yet: Spark 3.5 judges late
  // rows by the previous batch's watermark (none); batch 2's 00:00:01 is late, its window
  // [00:00:00, 00:00:10) ending at or below batch 1's 00:00:15.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-ui-late-"));
  [["2024-01-01 00:00:20"], ["2024-01-01 00:00:40", "2024-01-01 00:00:05"], ["2024-01-01 00:00:01"]].forEach((ts, i) => {
    const f = path.join(dir, `${i}.json`);
    fs.writeFileSync(f, ts.map((t) => JSON.stringify({ ts: t }) + "\n").join(""));
    fs.utimesSync(f, 1700000000 + i, 1700000000 + i);
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  const errors: string[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${url}/StreamingQuery/statistics/?id=${looking.runId}`);
    await page.waitForSelector("#timeline-inputRate[data-points]");
    const q = spark.readStream.schema("ts TIMESTAMP").option("maxFilesPerTrigger", 1).json(dir)
      .withWatermark("ts", "5 seconds").groupBy(window(col("ts"), "10 seconds")).agg(count("*").alias("n"))
      .writeStream.queryName("late_rows").outputMode("append").format("memory").trigger({ availableNow: true }).start();
    await q.awaitTermination();
    assert.equal(q.recentProgress[2].stateOperators[0].numRowsDroppedByWatermark, 1);
    await page.goto(`${url}/StreamingQuery/statistics/?id=${q.runId}`);
    await page.waitForSelector('#batches-table tbody tr[data-batch="2"]', { timeout: 20000 });
    const cells = async (batch: number) => (await page.$$eval(`#batches-table tbody tr[data-batch="${batch}"] td`, (tds) => tds.map((t) => t.textContent))).slice(7);
    assert.deepEqual(await page.$$eval("#batches-table th", (ths) => ths.slice(7).map((t) => t.textContent)), ["Late rows dropped", "Watermark for late rows", "Watermark for eviction"]);
    assert.deepEqual(await cells(1), ["0", "none", "2024-01-01 00:00:15.000"], "00:00:05 was not late in batch 1");
    assert.deepEqual(await cells(2), ["1", "2024-01-01 00:00:15.000", "2024-01-01 00:00:35.000"]);
    await page.click('#batches-table tbody tr[data-batch="2"]');
    await page.waitForSelector('#batch-detail[data-batch="2"]');
    const hint = await page.textContent("#batch-detail [data-watermarks]") ?? "";
    assert.match(hint, /watermark for late rows, 2024-01-01 00:00:15\.000 \(the previous batch's\), were dropped by the stateful operators: 1\./);
    assert.match(hint, /watermark for eviction, 2024-01-01 00:00:35\.000 \(this batch's\)/);
    const late = await page.$$eval("#batch-detail [data-sample=late] tbody tr", (trs) => trs.map((tr) => tr.textContent));
    assert.deepEqual(late, ["2024-01-01 00:00:01"]);
    await page.screenshot({ path: path.join(SHOTS, "late-rows.png"), fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await looking.stop();
    watched.unregister();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("Chromium: the Active and Completed tables page and sort as Spark's PagedTable (30 completed queries)", { skip: hasChromium ? false : `no Chromium at ${CHROMIUM}` }, async () => {
  const { chromium } = require("playwright-core") as typeof import("playwright-core");
  // An application of its own: its list holds exactly these queries.
  const app = SparkSession.builder.appName("paging-test").config("spark.ui.port", "0").create();
  const url = (await app.webUiUrl())!;
  const schema = StructType([StructField("value", StringType())]);
  const started: Array<{ name: string; runId: string }> = [];
  const streams: MemoryStream[] = [];
  for (let i = 0; i < 30; i++) {
    const name = `q_${String((i * 7) % 30).padStart(2, "0")}`;
    const stream = new MemoryStream(schema, { name: `paging-${i}` });
    streams.push(stream);
    stream.addData(`row ${i}`);
    const q = app.readStream.format("memory").option("name", `paging-${i}`).load().writeStream.format("noop").queryName(name).start();
    await q.processAllAvailable();
    await q.stop();
    started.push({ name, runId: q.runId });
    await new Promise((r) => setTimeout(r, 3)); // distinct start times
  }
  const activeStream = new MemoryStream(schema, { name: "paging-active" });
  const active = app.readStream.format("memory").option("name", "paging-active").load().writeStream.format("noop").queryName("still_running").start();
  const newestFirst = [...started].reverse().map((q) => q.runId);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  const errors: string[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("pageerror", (e) => errors.push(e.message));
    const runIds = () => page.$$eval("#completed-table tbody tr", (trs) => trs.map((tr) => tr.querySelectorAll("td")[3].textContent));
    const navText = () => page.textContent("#form-completed-table-top-page label");
    const pageItems = () => page.$$eval("#completed > div > div:first-child ul.pagination li", (lis) => lis.map((li) => `${li.textContent!.trim()}${li.classList.contains("disabled") ? "*" : ""}`));

    // Spark's default: 100 a page, newest first (Start Time, descending).
    await page.goto(`${url}/StreamingQuery/`);
    assert.equal(await page.textContent("#completedqueries"), "Completed Streaming Queries (30)");
    assert.deepEqual(await runIds(), newestFirst);
    assert.equal(await navText(), "1 Pages. Jump to");

    // Ten a page: three pages.
    await page.goto(`${url}/StreamingQuery/?completed.pageSize=10`);
    assert.deepEqual(await runIds(), newestFirst.slice(0, 10));
    assert.equal(await navText(), "3 Pages. Jump to");
    assert.deepEqual(await pageItems(), ["1*", "2", "3", ">"]);
    assert.ok(await page.$("#completed-table-bottom") === null && await page.$("#form-completed-table-bottom-page"), "navigation above and below the table");
    await page.click("#completed > div > div:first-child ul.pagination a:text-is('2')");
    assert.match(page.url(), /\/StreamingQuery\/\?&completed\.page=2&completed\.sort=Start\+Time&completed\.desc=true&completed\.pageSize=10#completed$/);
    assert.deepEqual(await runIds(), newestFirst.slice(10, 20));
    assert.deepEqual(await pageItems(), ["<", "1", "2*", "3", ">"]);

    // The live refresh (an active query's progress) keeps the page.
    const refreshed = await page.evaluate("window.__iskraList ? window.__iskraList.updatedAt : 0");
    activeStream.addData("tick");
    await active.processAllAvailable();
    await page.waitForFunction(`window.__iskraList && window.__iskraList.updatedAt > ${refreshed}`, undefined, { timeout: 15000 });
    assert.deepEqual(await runIds(), newestFirst.slice(10, 20), "still page 2 after a live refresh");

    // Sorting: a click on Name sorts ascending (another column than the default), again descending.
    await page.click("#completed-table th:first-child a");
    assert.match(page.url(), /completed\.sort=Name&completed\.pageSize=10#completed$/);
    const names = started.map((q) => q.name).sort();
    const shownNames = () => page.$$eval("#completed-table tbody tr", (trs) => trs.map((tr) => tr.querySelectorAll("td")[0].textContent));
    assert.deepEqual(await shownNames(), names.slice(0, 10));
    assert.equal(await page.textContent("#completed-table th:first-child"), "Name\u00a0▴");
    await page.click("#completed-table th:first-child a");
    assert.deepEqual(await shownNames(), [...names].reverse().slice(0, 10));
    assert.equal(await page.textContent("#completed-table th:first-child"), "Name\u00a0▾");
    assert.equal(await page.textContent("#completed-table th:last-child"), "Error", "Error does not sort: no link");
    assert.equal(await page.$("#completed-table th:last-child a"), null);

    // "Jump to" page 3, and the other table's parameters stay in every link.
    await page.goto(`${url}/StreamingQuery/?active.sort=Name&completed.pageSize=10`);
    await page.fill("#form-completed-table-top-page-no", "3");
    await Promise.all([page.waitForNavigation(), page.click("#form-completed-table-top-page button")]);
    assert.deepEqual(await runIds(), newestFirst.slice(20, 30));
    assert.match(page.url(), /active\.sort=Name/);
    assert.match(page.url(), /completed\.page=3/);
    assert.equal(await page.textContent("#active-table th:first-child"), "Name\u00a0▴", "the active table keeps its own sort");

    // Out of range: the last page; a page size ≤ 0: everything on one page.
    await page.goto(`${url}/StreamingQuery/?completed.page=99&completed.pageSize=10`);
    assert.deepEqual(await runIds(), newestFirst.slice(20, 30));
    await page.goto(`${url}/StreamingQuery/?completed.pageSize=0`);
    assert.equal((await runIds()).length, 30);
    assert.equal(await navText(), "1 Pages. Jump to");

    // A column that does not sort: Spark's error in place of the table; the other table still renders.
    await page.goto(`${url}/StreamingQuery/?completed.sort=Error`);
    assert.equal(await page.textContent("#completed .alert-error p"), "Error while rendering execution table:");
    assert.equal(await page.textContent("#completed .alert-error pre"), "java.lang.IllegalArgumentException: Unknown column: Error");
    assert.ok(await page.$("#active-table"));
    await page.screenshot({ path: path.join(SHOTS, "streaming-query-list-paged.png"), fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    if (active.isActive) await active.stop();
    for (const s of [...streams, activeStream]) s.unregister();
    await app.stop();
  }
});

const kafka = process.env.KAFKA_BOOTSTRAP_SERVERS;
test("Chromium: a Kafka query held back by maxOffsetsPerTrigger shows how many records each partition is behind the latest offset", { skip: !hasChromium ? `no Chromium at ${CHROMIUM}` : !kafka ? "KAFKA_BOOTSTRAP_SERVERS is not set" : false }, async () => {
  const { chromium } = require("playwright-core") as typeof import("playwright-core");
  const url = (await spark.webUiUrl())!;
  const topic = uniqueTopic("ui-behind");
  const client = testClient();
  await topicWithRecords(client, topic, [10, 10, 10]);
  // The browser first: the page must be open while the query still has records to read.
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  let q: ReturnType<DataStreamWriter["start"]> | undefined;
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    q = spark.readStream.format("kafka").option("kafka.bootstrap.servers", kafka!).option("subscribe", topic)
      .option("startingOffsets", "earliest").option("maxOffsetsPerTrigger", 6).load()
      .writeStream.queryName("kafka_behind").format("noop").trigger({ processingTime: "2 seconds" }).start();
    await page.goto(`${url}/StreamingQuery/statistics/?id=${q.runId}`);
    // A batch every 2 s, six records each, while the page is open: 30 records take five batches.
    await page.waitForFunction(`[...document.querySelectorAll("#batches-table tbody tr[data-batch]")].reduce((n, tr) => n + Number(tr.children[2].textContent), 0) >= 12`, undefined, { timeout: 30000 });
    const first = await page.$$eval("#batches-table tbody tr[data-batch]", (trs) => trs.map((tr) => tr.getAttribute("data-batch")).pop()!);
    await page.click(`#batches-table tbody tr[data-batch="${first}"]`);
    await page.waitForSelector(`#batch-detail[data-batch="${first}"] [data-sample=sources]`);
    const rows = await page.$$eval("#batch-detail [data-sample=sources] tbody tr", (trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
    assert.deepEqual(rows.map((r) => r[1]), [0, 1, 2].map((p) => `${topic}-${p}`));
    const behind = rows.map((r) => Number(r[6]));
    for (const r of rows) {
      assert.equal(r[5], "10", "the latest offset of each partition");
      assert.equal(Number(r[6]), 10 - Number(r[3]), "behind = latest − end");
      assert.equal(Number(r[4]), Number(r[3]) - Number(r[2]), "rows = end − start");
    }
    assert.equal(rows.reduce((n, r) => n + Number(r[4]), 0), 6, "maxOffsetsPerTrigger: six records a batch");
    assert.ok(behind.reduce((a, b) => a + b, 0) > 0, `a batch before the last is behind the latest offsets: ${behind.join(", ")}`);
    await page.screenshot({ path: path.join(SHOTS, "kafka-behind-latest.png"), fullPage: true });
  } finally {
    await browser.close();
    await q?.stop();
    await dropTopics(client, [topic]);
    await client.close();
  }
});
