/**
 * What the web UI knows about streaming queries (Spark's StreamingQueryStatusListener): every query
 * started in the session, its progress and — while a browser watches — each batch's details.
 * Retention as Spark: `spark.sql.streaming.ui.retainedQueries` finished queries (active ones are
 * always kept) and `spark.sql.streaming.ui.retainedProgressUpdates` progress updates per query.
 */
import type { StreamingQueryProgress } from "../streaming/progress";
import type { BatchDetail, ObservedQuery, QueryEvent, QueryObserver } from "../streaming/listener";

export interface UiQuery {
  query: ObservedQuery;
  id: string;
  runId: string;
  name: string | null;
  startMs: number;
  endMs?: number;
  checkpointDir: string;
  temporaryCheckpoint: boolean;
  /** The failure's text, as Spark's Error column (null when stopped normally or still running). */
  exception: string | null;
  progress: StreamingQueryProgress[];
  details: BatchDetail[];
  /** Batches that ran while no page observed the query: their progress is known, their rows were not recorded. */
  unobserved: number;
}

export interface UiRetention {
  retainedQueries: number;
  retainedProgressUpdates: number;
}

export type UiUpdate = { kind: "query"; runId: string } | { kind: "progress"; runId: string; batchId: number } | { kind: "batch"; runId: string; batchId: number };

export class UiStore implements QueryObserver {
  private readonly queries = new Map<string, UiQuery>();
  /** Browsers connected (server-sent events): BatchDetails are captured only while there is one. */
  watchers = 0;
  private readonly subscribers = new Set<(u: UiUpdate) => void>();

  constructor(private readonly retention: () => UiRetention) {}

  wantsDetails(): boolean {
    return this.watchers > 0;
  }

  subscribe(f: (u: UiUpdate) => void): () => void {
    this.subscribers.add(f);
    return () => this.subscribers.delete(f);
  }

  onEvent(e: QueryEvent): void {
    const runId = e.query.runId;
    switch (e.kind) {
      case "started":
        this.queries.set(runId, {
          query: e.query, id: e.query.id, runId, name: e.query.name, startMs: Date.parse(e.event.timestamp),
          checkpointDir: e.checkpointDir, temporaryCheckpoint: e.temporaryCheckpoint, exception: null, progress: [], details: [], unobserved: 0,
        });
        this.evict();
        this.notify({ kind: "query", runId });
        return;
      case "progress":
      case "idle": {
        const q = this.queries.get(runId);
        if (!q) return;
        // Idle triggers are progress too (Spark's UI listener reads recentProgress-like updates).
        const p = e.kind === "progress" ? e.event.progress : e.query.recentProgress[e.query.recentProgress.length - 1];
        if (!p) return;
        // A batch's details are posted before its progress: none means nobody was looking.
        if (e.kind === "progress" && p.numInputRows !== undefined && q.details[q.details.length - 1]?.batchId !== p.batchId && q.progress[q.progress.length - 1]?.batchId !== p.batchId) q.unobserved++;
        q.progress.push(p);
        trim(q.progress, this.retention().retainedProgressUpdates);
        this.notify({ kind: "progress", runId, batchId: p.batchId });
        return;
      }
      case "batch": {
        const q = this.queries.get(runId);
        if (!q) return;
        q.details.push(e.detail);
        trim(q.details, this.retention().retainedProgressUpdates);
        this.notify({ kind: "batch", runId, batchId: e.detail.batchId });
        return;
      }
      case "terminated": {
        const q = this.queries.get(runId);
        if (!q) return;
        q.endMs = Date.now();
        q.exception = e.event.exception;
        this.evict();
        this.notify({ kind: "query", runId });
        return;
      }
    }
  }

  get(runId: string): UiQuery | undefined {
    return this.queries.get(runId);
  }
  all(): UiQuery[] {
    return [...this.queries.values()];
  }

  private evict(): void {
    const limit = this.retention().retainedQueries;
    const finished = this.all().filter((q) => !q.query.isActive && q.endMs !== undefined).sort((a, b) => a.endMs! - b.endMs!);
    for (const q of finished.slice(0, Math.max(0, finished.length - limit))) this.queries.delete(q.runId);
  }

  private notify(u: UiUpdate): void {
    for (const f of this.subscribers) {
      try { f(u); } catch { /* a broken connection must not affect the query */ }
    }
  }
}

function trim<T>(xs: T[], limit: number): void {
  if (xs.length > limit) xs.splice(0, xs.length - limit);
}
