/**
 * The session's web UI (Spark's SparkUI, reduced to the Structured Streaming tab and Iskra's
 * views): a node:http server on 127.0.0.1, port `spark.ui.port` (4040) or the next free one
 * (up to `spark.port.maxRetries`, 16, then any free port). Unref'd: it never keeps a process alive.
 *
 * Routes: /StreamingQuery/ (the query list), /StreamingQuery/statistics/?id=<runId>,
 * /StreamingQuery/checkpoint/?id=<runId>[&path=…], JSON under /StreamingQuery/data and
 * /StreamingQuery/batch, server-sent events at /StreamingQuery/events, assets under /static/.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import type { QueryListenerBus } from "../streaming/listener";
import { checkpointBody } from "./checkpoint-page";
import { escapeHtml } from "./format";
import { PageContext, layout, notFoundPage, queryListPage, queryTables, statisticsPage } from "./pages";
import { queryData } from "./query-data";
import { UiRetention, UiStore, UiUpdate } from "./ui-store";

const ASSETS: Record<string, { file: string; type: string }> = {
  "uPlot.iife.min.js": { file: require.resolve("uplot/dist/uPlot.iife.min.js"), type: "text/javascript" },
  "uPlot.min.css": { file: require.resolve("uplot/dist/uPlot.min.css"), type: "text/css" },
  "statistics.js": { file: path.join(__dirname, "assets", "statistics.js"), type: "text/javascript" },
  "query-list.js": { file: path.join(__dirname, "assets", "query-list.js"), type: "text/javascript" },
  "iskra-ui.css": { file: path.join(__dirname, "assets", "iskra-ui.css"), type: "text/css" },
};

/** The Fetch standard's blocked ports above 1023 (https://fetch.spec.whatwg.org/#port-blocking). */
const BROWSER_BAD_PORTS = new Set([1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080]);

export interface WebUiOptions {
  bus: QueryListenerBus;
  port: number;
  maxRetries: number;
  retention: () => UiRetention;
  page: () => PageContext;
}

export class WebUi {
  readonly store: UiStore;
  private readonly server: http.Server;
  private readonly detach: () => void;
  private readonly streams = new Set<http.ServerResponse>();
  private heartbeat?: NodeJS.Timeout;
  /** The URL once listening (`http://127.0.0.1:4040`). */
  url: string | null = null;
  readonly ready: Promise<string | null>;

  constructor(private readonly opts: WebUiOptions) {
    this.store = new UiStore(opts.retention);
    this.detach = opts.bus.addObserver(this.store);
    this.server = http.createServer((req, res) => {
      try {
        this.route(req, res);
      } catch (e) {
        send(res, 500, "text/plain; charset=utf-8", `Internal error: ${(e as Error).message}`);
      }
    });
    this.server.unref();
    this.ready = this.listen();
  }

  private async listen(): Promise<string | null> {
    const tryPort = (port: number) => new Promise<number>((resolve, reject) => {
      const onError = (e: Error) => { this.server.off("listening", onListening); reject(e); };
      const onListening = () => { this.server.off("error", onError); resolve((this.server.address() as AddressInfo).port); };
      this.server.once("error", onError);
      this.server.once("listening", onListening);
      this.server.listen(port, "127.0.0.1");
    });
    // Browsers and fetch() refuse the Fetch standard's "bad ports" (4045 is 4040 + 5, reached when a
    // few shells run at once), so the UI never binds one: Spark would, and its page would not open.
    const candidates = this.opts.port === 0 ? [0] : [...Array.from({ length: this.opts.maxRetries + 1 }, (_, i) => this.opts.port + i).filter((p) => !BROWSER_BAD_PORTS.has(p)), 0];
    for (const port of candidates) {
      try {
        const bound = await tryPort(port);
        this.url = `http://127.0.0.1:${bound}`;
        return this.url;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EADDRINUSE" && (e as NodeJS.ErrnoException).code !== "EACCES") break;
      }
    }
    return null;
  }

  async close(): Promise<void> {
    this.detach();
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const s of this.streams) s.end();
    this.streams.clear();
    this.store.watchers = 0;
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private route(req: http.IncomingMessage, res: http.ServerResponse): void {
    const u = new URL(req.url ?? "/", "http://127.0.0.1");
    const p = u.pathname;
    const ctx = this.opts.page();
    const runId = u.searchParams.get("id") ?? "";
    if (p === "/" || p === "/StreamingQuery") return redirect(res, "/StreamingQuery/");
    if (p === "/StreamingQuery/") {
      if (u.searchParams.get("fragment") === "tables") return send(res, 200, "text/html; charset=utf-8", queryTables(this.store.all(), u.searchParams));
      return send(res, 200, "text/html; charset=utf-8", queryListPage(ctx, this.store.all(), u.searchParams));
    }
    if (p === "/StreamingQuery/statistics" || p === "/StreamingQuery/statistics/") {
      const q = this.store.get(runId);
      // Spark answers an unknown id with a page saying so.
      if (!q) return send(res, 404, "text/html; charset=utf-8", notFoundPage(ctx, `Failed to find streaming query ${runId}`));
      return send(res, 200, "text/html; charset=utf-8", statisticsPage(ctx, q));
    }
    if (p === "/StreamingQuery/checkpoint/" || p === "/StreamingQuery/checkpoint") {
      const q = this.store.get(runId);
      if (!q) return send(res, 404, "text/html; charset=utf-8", notFoundPage(ctx, `Failed to find streaming query ${runId}`));
      const body = `<p><a href="/StreamingQuery/statistics/?id=${escapeHtml(runId)}">← ${escapeHtml(q.name ?? "<no name>")} statistics</a></p>` + checkpointBody(runId, q.checkpointDir, u.searchParams.get("path") ?? undefined);
      return send(res, 200, "text/html; charset=utf-8", checkpointPage(ctx, body));
    }
    if (p === "/StreamingQuery/data") {
      const q = this.store.get(runId);
      if (!q) return send(res, 404, "application/json", JSON.stringify({ error: `no query with runId ${runId}` }));
      return send(res, 200, "application/json", JSON.stringify(queryData(q)));
    }
    if (p === "/StreamingQuery/batch") {
      const q = this.store.get(runId);
      const batch = Number(u.searchParams.get("batch"));
      const d = q?.details.filter((x) => x.batchId === batch).pop();
      if (!d) return send(res, 404, "application/json", JSON.stringify({ error: `no details for batch ${batch}` }));
      return send(res, 200, "application/json", JSON.stringify(d));
    }
    if (p === "/favicon.ico") { res.writeHead(204); res.end(); return; }
    if (p === "/StreamingQuery/events") return this.events(req, res, runId || undefined);
    if (p.startsWith("/static/")) {
      const a = ASSETS[p.slice("/static/".length)];
      if (!a) return send(res, 404, "text/plain", "not found");
      res.writeHead(200, { "content-type": a.type, "cache-control": "no-cache" });
      fs.createReadStream(a.file).on("error", () => res.end()).pipe(res);
      return;
    }
    send(res, 404, "text/plain; charset=utf-8", `Not found: ${p}`);
  }

  /** Server-sent events: one message per update of the query (or of any query without id). */
  private events(req: http.IncomingMessage, res: http.ServerResponse, runId: string | undefined): void {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    res.write("retry: 1000\n\n");
    req.socket.unref();
    this.streams.add(res);
    // Only a query's statistics page (events of one query) shows batch details: the list does not ask for them.
    const watching = runId !== undefined;
    if (watching) this.store.watchers++;
    const unsubscribe = this.store.subscribe((u: UiUpdate) => {
      if (runId && u.runId !== runId) return;
      res.write(`event: ${u.kind}\ndata: ${JSON.stringify(u)}\n\n`);
    });
    if (!this.heartbeat) {
      this.heartbeat = setInterval(() => { for (const s of this.streams) s.write(": ping\n\n"); }, 15000);
      this.heartbeat.unref();
    }
    const done = () => {
      if (!this.streams.delete(res)) return;
      unsubscribe();
      if (watching) this.store.watchers = Math.max(0, this.store.watchers - 1);
    };
    req.on("close", done);
    res.on("close", done);
  }
}

function checkpointPage(ctx: PageContext, body: string): string {
  return layout(ctx, "Checkpoint", body);
}

function send(res: http.ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { "content-type": type, "cache-control": "no-cache" });
  res.end(body);
}

function redirect(res: http.ServerResponse, to: string): void {
  res.writeHead(302, { location: to });
  res.end();
}
