/**
 * The HTML of the web UI. `/StreamingQuery/` and `/StreamingQuery/statistics/` follow Spark 3.5's
 * Structured Streaming tab (same titles, columns, labels and tooltips, captured from a real Spark
 * UI); the sections marked "Iskra" go beyond it. Charts are drawn in the browser by
 * /static/statistics.js (uPlot), fed by /StreamingQuery/data and server-sent events.
 */
import type { StreamingQueryProgress } from "../streaming/progress";
import { escapeHtml as h, formatDate, formatDurationVerbose } from "./format";
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
export function queryStatus(q: UiQuery): string {
  if (q.query.isActive) return "RUNNING";
  return q.exception ? "FAILED" : "FINISHED";
}

function avg(progress: StreamingQueryProgress[], f: (p: StreamingQueryProgress) => number): string {
  if (!progress.length) return "NaN";
  const xs = progress.map((p) => (Number.isFinite(f(p)) ? f(p) : 0));
  return (xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(2);
}

function durationOf(q: UiQuery): number {
  return (q.endMs ?? Date.now()) - q.startMs;
}

const COLUMNS = ["Name", "Status", "ID", "Run ID", "Start Time", "Duration", "Avg Input /sec", "Avg Process /sec", "Latest Batch"];

function queryRow(q: UiQuery, withError: boolean): string {
  const last = q.progress[q.progress.length - 1];
  const cells = [
    h(q.name ?? "<no name>"),
    queryStatus(q),
    h(q.id),
    `<a href="/StreamingQuery/statistics/?id=${h(q.runId)}">${h(q.runId)}</a>`,
    formatDate(q.startMs),
    formatDurationVerbose(durationOf(q)),
    avg(q.progress, (p) => p.inputRowsPerSecond),
    avg(q.progress, (p) => p.processedRowsPerSecond),
    last ? String(last.batchId) : "-",
  ];
  if (withError) {
    const e = q.exception ?? "";
    const first = e.split("\n")[0];
    cells.push(e ? `${h(first)}${e.length > first.length ? `<details><summary>+details</summary><pre>${h(e)}</pre></details>` : ""}` : "");
  }
  return `<tr>${cells.map((c) => `<td>${c}</td>`).join("")}</tr>`;
}

function queryTable(id: string, title: string, queries: UiQuery[], withError: boolean): string {
  const head = [...COLUMNS, ...(withError ? ["Error"] : [])];
  const rows = queries.sort((a, b) => b.startMs - a.startMs).map((q) => queryRow(q, withError)).join("\n");
  return `<section id="${id}"><h5 id="${id}queries"><a>${h(title)} (${queries.length})</a></h5>
<table class="table" id="${id}-table"><thead><tr>${head.map((c) => `<th>${h(c)}${c === "Start Time" ? " ▾" : ""}</th>`).join("")}</tr></thead>
<tbody>${rows}</tbody></table></section>`;
}

/** The two tables of /StreamingQuery/ (also served alone, for live refresh). */
export function queryTables(queries: UiQuery[]): string {
  const active = queries.filter((q) => q.query.isActive);
  const completed = queries.filter((q) => !q.query.isActive);
  let out = "";
  if (active.length) out += queryTable("active", "Active Streaming Queries", active, false);
  if (completed.length) out += queryTable("completed", "Completed Streaming Queries", completed, true);
  if (!out) out = `<p class="empty">No streaming queries yet: start one with <code>writeStream…start()</code>.</p>`;
  return out;
}

export function queryListPage(ctx: PageContext, queries: UiQuery[]): string {
  return layout(ctx, "Streaming Query", `<div id="query-tables">${queryTables(queries)}</div>`, ["/static/query-list.js"]);
}

/** Charts of the statistics page: Spark's titles and tooltips, then Iskra's extra (removed rows). */
export const CHARTS: Array<{ key: string; title: string; tooltip: string; when?: "watermark" | "state"; iskra?: boolean }> = [
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
<p class="iskra-line"><strong>Status: </strong><span id="query-status">${h(q.query.status.message)}</span> · <a href="/StreamingQuery/checkpoint/?id=${h(q.runId)}">checkpoint</a>${q.temporaryCheckpoint ? " (temporary)" : ""}</p></div>
<table id="stat-table" class="table"><thead><tr><th style="width:160px"></th><th>Timelines</th><th>Histograms</th></tr></thead>
<tbody>${rows}</tbody></table>
<section id="iskra-batches" class="iskra"><h4>Batches <span class="iskra-tag">Iskra</span></h4>
<p class="hint">What each batch gave the sink and did to the state. Row-level details are recorded while this page is open.</p>
<div class="scroll"><table class="table" id="batches-table"><thead><tr><th>Batch</th><th>Time</th><th>Input rows</th><th>Sink rows</th><th>State +added</th><th>~updated</th><th>−removed</th><th>Late rows dropped</th><th>Watermark</th></tr></thead><tbody></tbody></table></div>
<div id="batch-detail"></div></section>
<section id="iskra-eventtime" class="iskra"><h4>Event time <span class="iskra-tag">Iskra</span></h4>
<p class="hint">Windows in the state (open), windows that left it (closed), the watermark, and each late row dropped.</p>
<div id="eventtime"></div></section>`;
  return layout(ctx, "Streaming Query Statistics", body, ["/static/uPlot.iife.min.js", "/static/statistics.js"]);
}

export function notFoundPage(ctx: PageContext, what: string): string {
  return layout(ctx, "Streaming Query Statistics", `<p class="empty">${h(what)}</p><p><a href="/StreamingQuery/">Back to the streaming queries</a></p>`);
}
