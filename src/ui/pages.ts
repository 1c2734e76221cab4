/**
 * The HTML of the web UI. `/StreamingQuery/` and `/StreamingQuery/statistics/` follow Spark 3.5's
 * Structured Streaming tab (same titles, columns, labels and tooltips, captured from a real Spark
 * UI); the sections marked "Iskra" go beyond it. Charts are drawn in the browser by
 * /static/statistics.js (uPlot), fed by /StreamingQuery/data and server-sent events.
 */
import type { StreamingQueryProgress } from "../streaming/progress";
import { escapeHtml as h, formatDate, formatDurationVerbose } from "./format";
import { pagedTable, tableError, tableParams, TableParameterError } from "./paged-table";
import type { UiQuery } from "./ui-store";

export interface PageContext {
  appName: string;
  sparkVersion: string;
}

export function layout(ctx: PageContext, title: string, body: string, scripts: string[] = []): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>${h(ctx.appName)} - ${h(title)}</title>
<link rel="stylesheet" href="/static/uPlot.min.css"><link rel="stylesheet" href="/static/iskra-ui.css">
</head><body>
<nav class="navbar"><span class="brand">Iskra <span class="version">${h(ctx.sparkVersion)}</span></span>
<ul><li class="active"><a href="/StreamingQuery/">Structured Streaming</a></li></ul>
<span class="app" title="${h(ctx.appName)}"><strong>${h(ctx.appName)}</strong> application UI</span></nav>
<main><h3 class="page-title">${h(title)}</h3>
${body}
</main>
${scripts.map((s) => `<script src="${s}"></script>`).join("\n")}
</body></html>`;
}

/** Spark's status column: RUNNING, FAILED or FINISHED. */
function queryStatus(q: UiQuery): string {
  if (q.query.isActive) return "RUNNING";
  return q.exception ? "FAILED" : "FINISHED";
}

/** Spark's average of a rate over the retained progress (NaN without progress, as Spark's). */
function avg(progress: StreamingQueryProgress[], f: (p: StreamingQueryProgress) => number): number {
  if (!progress.length) return NaN;
  return progress.reduce((a, p) => a + (Number.isFinite(f(p)) ? f(p) : 0), 0) / progress.length;
}

/** A row of the list, with what it sorts by (Spark's StructuredStreamingRow). */
interface QueryRow {
  q: UiQuery;
  name: string;
  status: string;
  duration: number;
  avgInput: number;
  avgProcess: number;
  latestBatch: number;
}

function queryRowOf(q: UiQuery): QueryRow {
  const last = q.progress[q.progress.length - 1];
  // Spark: an active query's duration runs to now; a finished one's ends at its last progress.
  const duration = q.query.isActive ? Date.now() - q.startMs : last ? Date.parse(last.timestamp) - q.startMs : 0;
  return {
    q, name: q.name ?? "<no name>", status: queryStatus(q), duration,
    avgInput: avg(q.progress, (p) => p.inputRowsPerSecond), avgProcess: avg(q.progress, (p) => p.processedRowsPerSecond),
    latestBatch: last ? last.batchId : NaN,
  };
}

const COLUMNS = ["Name", "Status", "ID", "Run ID", "Start Time", "Duration", "Avg Input /sec", "Avg Process /sec", "Latest Batch"];

/** StreamingQueryDataSource's orderings, by header. */
const ORDERINGS: Record<string, (r: QueryRow) => string | number> = {
  "Name": (r) => r.name,
  "Status": (r) => r.status,
  "ID": (r) => r.q.id,
  "Run ID": (r) => r.q.runId,
  "Start Time": (r) => r.q.startMs,
  "Duration": (r) => r.duration,
  "Avg Input /sec": (r) => r.avgInput,
  "Avg Process /sec": (r) => r.avgProcess,
  "Latest Batch": (r) => r.latestBatch,
};

function compare(a: string | number, b: string | number): number {
  if (typeof a === "number" && typeof b === "number") {
    // Scala's Double ordering puts NaN last.
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : -1;
    return a - b;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

const fixed2 = (x: number) => (Number.isNaN(x) ? "NaN" : x.toFixed(2));

function queryRowHtml(r: QueryRow, withError: boolean): string {
  const q = r.q;
  const cells = [
    h(r.name),
    r.status,
    h(q.id),
    `<a href="/StreamingQuery/statistics/?id=${h(q.runId)}">${h(q.runId)}</a>`,
    formatDate(q.startMs),
    formatDurationVerbose(r.duration),
    fixed2(r.avgInput),
    fixed2(r.avgProcess),
    Number.isNaN(r.latestBatch) ? "NaN" : String(r.latestBatch),
  ];
  if (withError) {
    // Spark: the first line, the rest under "+details"; "-" when the query stopped without one.
    const e = q.exception ?? "-";
    const first = e.split("\n")[0];
    cells.push(`${h(first)}${e.length > first.length ? `<details><summary>+details</summary><pre>${h(e)}</pre></details>` : ""}`);
  }
  return `<tr>${cells.map((c) => `<td>${c}</td>`).join("")}</tr>`;
}

function queryTable(tag: "active" | "completed", title: string, queries: UiQuery[], query: URLSearchParams): string {
  const withError = tag === "completed";
  let table: string;
  try {
    const params = tableParams(query, tag, "Start Time");
    const order = ORDERINGS[params.sortColumn];
    const rows = queries.map(queryRowOf);
    if (order) rows.sort((a, b) => (params.desc ? -1 : 1) * compare(order(a), order(b)));
    table = pagedTable({
      tag, path: "/StreamingQuery/", query, params, rows, row: (r) => queryRowHtml(r, withError), tableClass: "table",
      headers: [...COLUMNS.map((c): [string, boolean] => [c, true]), ...(withError ? [["Error", false] as [string, boolean]] : [])],
    });
  } catch (e) {
    if (!(e instanceof TableParameterError)) throw e;
    table = tableError(e);
  }
  return `<section id="${tag}"><h5 id="${tag}queries"><a>${h(title)} (${queries.length})</a></h5>
${table}</section>`;
}

/** The two tables of /StreamingQuery/ (also served alone, for live refresh), paged and sorted by the request's parameters. */
export function queryTables(queries: UiQuery[], query: URLSearchParams = new URLSearchParams()): string {
  const active = queries.filter((q) => q.query.isActive);
  const completed = queries.filter((q) => !q.query.isActive);
  let out = "";
  if (active.length) out += queryTable("active", "Active Streaming Queries", active, query);
  if (completed.length) out += queryTable("completed", "Completed Streaming Queries", completed, query);
  if (!out) out = `<p class="empty">No streaming queries yet: start one with <code>writeStream…start()</code>.</p>`;
  return out;
}

export function queryListPage(ctx: PageContext, queries: UiQuery[], query?: URLSearchParams): string {
  return layout(ctx, "Streaming Query", `<div id="query-tables">${queryTables(queries, query)}</div>`, ["/static/query-list.js"]);
}

/** Charts of the statistics page: Spark's titles and tooltips, then Iskra's extra (removed rows). */
const CHARTS: Array<{ key: string; title: string; tooltip: string; when?: "watermark" | "state"; iskra?: boolean }> = [
  { key: "inputRate", title: "Input Rate", tooltip: "The aggregate (across all sources) rate of data arriving." },
  { key: "processRate", title: "Process Rate", tooltip: "The aggregate (across all sources) rate at which Spark is processing data." },
  { key: "inputRows", title: "Input Rows", tooltip: "The aggregate (across all sources) number of records processed in a trigger." },
  { key: "batchDuration", title: "Batch Duration", tooltip: "The process duration of each batch." },
  { key: "operationDuration", title: "Operation Duration", tooltip: "The amount of time taken to perform various operations in milliseconds." },
  { key: "watermarkGap", title: "Global Watermark Gap", tooltip: "The gap between batch timestamp and global watermark for the batch.", when: "watermark" },
  { key: "stateTotal", title: "Aggregated Number Of Total State Rows", tooltip: "Aggregated number of total state rows.", when: "state" },
  { key: "stateUpdated", title: "Aggregated Number Of Updated State Rows", tooltip: "Aggregated number of updated state rows.", when: "state" },
  { key: "stateRemoved", title: "Aggregated Number Of Removed State Rows", tooltip: "Aggregated number of state rows removed in the batch (Iskra: not in Spark's UI).", when: "state", iskra: true },
  { key: "stateMemory", title: "Aggregated State Memory Used In Bytes", tooltip: "Aggregated state memory used in bytes.", when: "state" },
  { key: "stateDropped", title: "Aggregated Number Of Rows Dropped By Watermark", tooltip: "Accumulates all input rows being dropped in stateful operators by watermark. 'Inputs' are relative to operators.", when: "state" },
];

export function statisticsPage(ctx: PageContext, q: UiQuery): string {
  const last = q.progress[q.progress.length - 1];
  const first = q.progress[0];
  const duration = q.query.isActive
    ? formatDurationVerbose(Date.now() - q.startMs)
    : last && first ? formatDurationVerbose(Date.parse(last.timestamp) - Date.parse(first.timestamp)) : "-";
  const completed = last ? last.batchId + 1 : 0;
  const hasWatermark = q.progress.some((p) => p.eventTime && p.eventTime.watermark !== undefined);
  const hasState = q.progress.some((p) => p.stateOperators.length > 0);
  const charts = CHARTS.filter((c) => !c.when || (c.when === "watermark" ? hasWatermark : hasState));
  const rows = charts.map((c) => `<tr class="chart-row" data-chart="${c.key}">
<td class="chart-title"><strong>${h(c.title)} (<span class="tip" title="${h(c.tooltip)}">?</span>)</strong>${c.iskra ? ' <span class="iskra-tag">Iskra</span>' : ""}<div class="chart-value" id="value-${c.key}"></div></td>
<td class="timeline"><div id="timeline-${c.key}"></div></td><td class="histogram"><div id="histogram-${c.key}"></div></td></tr>`).join("\n");
  const body = `<div id="stat-header" data-run-id="${h(q.runId)}" data-active="${q.query.isActive}">
<p>Running batches for <strong id="running-for">${duration}</strong> since <strong>${formatDate(q.startMs)}</strong> (<strong id="completed-batches">${completed}</strong> completed batches)</p>
<p><strong>Name: </strong>${h(q.name ?? "<no name>")}<br><strong>Id: </strong>${h(q.id)}<br><strong>RunId: </strong>${h(q.runId)}</p>
<p class="iskra-line" id="unobserved"${q.unobserved ? "" : " hidden"}>${unobservedText(q.unobserved)}</p>
<p class="iskra-line"><strong>Status: </strong><span id="query-status">${h(q.query.status.message)}</span> · <a href="/StreamingQuery/checkpoint/?id=${h(q.runId)}">checkpoint</a>${q.temporaryCheckpoint ? " (temporary)" : ""}</p></div>
<table id="stat-table" class="table"><thead><tr><th style="width:160px"></th><th>Timelines</th><th>Histograms</th></tr></thead>
<tbody>${rows}</tbody></table>
<section id="iskra-batches" class="iskra"><h4>Batches <span class="iskra-tag">Iskra</span></h4>
<p class="hint">What each batch gave the sink and did to the state. Row-level details are recorded while this page is open.</p>
<div class="scroll"><table class="table" id="batches-table"><thead><tr><th>Batch</th><th>Time</th><th>Input rows</th><th>Sink rows</th><th>State +added</th><th>~updated</th><th>−removed</th><th>Late rows dropped</th><th title="Stateful operators dropped input rows at or below it: the previous batch's watermark (Spark 3.5's eventTimeWatermarkForLateEvents)">Watermark for late rows</th><th title="Stateful operators evicted state and emitted closed windows at or below it: this batch's watermark (eventTimeWatermarkForEviction)">Watermark for eviction</th></tr></thead><tbody></tbody></table></div>
<div id="batch-detail"></div></section>
<section id="iskra-eventtime" class="iskra"><h4>Event time <span class="iskra-tag">Iskra</span></h4>
<p class="hint">Windows in the state (open), windows that left it (closed), the watermark, and each late row dropped.</p>
<div id="eventtime"></div></section>`;
  return layout(ctx, "Streaming Query Statistics", body, ["/static/uPlot.iife.min.js", "/static/statistics.js"]);
}

/** The header's line about batches that ran with no page open (statistics.js writes the same text). */
function unobservedText(n: number): string {
  return `${n} ${n === 1 ? "batch" : "batches"} ran while no page was open: progress only, their rows and state changes were not recorded.`;
}

export function notFoundPage(ctx: PageContext, what: string): string {
  return layout(ctx, "Streaming Query Statistics", `<p class="empty">${h(what)}</p><p><a href="/StreamingQuery/">Back to the streaming queries</a></p>`);
}
