/**
 * Query events: Spark's StreamingQueryListener (PySpark 3.5, `spark.streams.addListener`) and
 * Iskra's internal observers (the web UI), both fed by one QueryListenerBus per session.
 *
 * Contract (as Spark's StreamingQueryListenerBus):
 * - `onQueryStarted` runs synchronously inside `writeStream.start()`, before it returns;
 * - progress, idle and terminated events are delivered asynchronously, in order, after the
 *   query has moved on; a listener that throws is logged and never fails the query.
 * Observers (internal) get the same events synchronously, plus `BatchDetail`s — what each batch
 * gave the sink, what it did to the state, which late rows it dropped — captured only while some
 * observer's `wantsDetails()` is true, so nobody looking costs nothing.
 */
import type { StreamingQueryProgress } from "./progress";

/** QueryStartedEvent: id (kept across restarts), runId (new each start), name, timestamp (ISO-8601). */
export class QueryStartedEvent {
  constructor(readonly id: string, readonly runId: string, readonly name: string | null, readonly timestamp: string) {}
}

/** QueryProgressEvent: the progress of one trigger (the same object as `query.lastProgress`). */
export class QueryProgressEvent {
  constructor(readonly progress: StreamingQueryProgress) {}
}

/** QueryIdleEvent (3.5): the query has waited for new data for `noDataProgressEventInterval`. */
export class QueryIdleEvent {
  constructor(readonly id: string, readonly runId: string, readonly timestamp: string) {}
}

/** QueryTerminatedEvent: `exception` is the failure's text (null when stopped); errorClassOnException its error class. */
export class QueryTerminatedEvent {
  constructor(readonly id: string, readonly runId: string, readonly exception: string | null, readonly errorClassOnException: string | null) {}
}

/**
 * PySpark's StreamingQueryListener: subclass it (or pass any object with these methods) to
 * `spark.streams.addListener`. `onQueryIdle` has a default, as in PySpark 3.5.
 */
export abstract class StreamingQueryListener {
  abstract onQueryStarted(event: QueryStartedEvent): void;
  abstract onQueryProgress(event: QueryProgressEvent): void;
  onQueryIdle(_event: QueryIdleEvent): void {}
  abstract onQueryTerminated(event: QueryTerminatedEvent): void;
}

/** What addListener accepts: the four callbacks, each optional at run time. */
export interface StreamingQueryListenerLike {
  onQueryStarted?(event: QueryStartedEvent): unknown;
  onQueryProgress?(event: QueryProgressEvent): unknown;
  onQueryIdle?(event: QueryIdleEvent): unknown;
  onQueryTerminated?(event: QueryTerminatedEvent): unknown;
}

// ---------------------------------------------------------------------------------------------
// Beyond Spark: per-batch details for the web UI (values already formatted as show() prints them)

export interface ColumnInfo {
  name: string;
  type: string;
}

/** A bounded sample of rows: `rows` holds at most the capture limit, `total` how many there were. */
export interface RowSample {
  columns: ColumnInfo[];
  rows: string[][];
  total: number;
}

type StateChange = "added" | "updated" | "removed";

export interface StateOperatorDetail {
  operatorId: number;
  columns: ColumnInfo[];
  /** Rows of the aggregation as they stand after the batch (for removed ones: as they left). */
  changes: Array<{ change: StateChange; row: string[] }>;
  /** Changes not listed (beyond the capture limit). */
  omitted: number;
  /** All changes of the batch, counted (listed or not). */
  counts: { added: number; updated: number; removed: number };
  /** Event-time windows [startMs, endMs] still held in the state after the batch (open), and those that left it (closed). */
  openWindows: Array<[number, number]>;
  closedWindows: Array<[number, number]>;
}

interface SourceDetail {
  description: string;
  startOffset: unknown;
  endOffset: unknown;
  /** The latest offset available at the source when the batch was planned (Kafka: before maxOffsetsPerTrigger). */
  latestAvailable?: unknown;
  numInputRows: number;
}

export interface BatchDetail {
  id: string;
  runId: string;
  batchId: number;
  /** Trigger start, epoch ms. */
  timestampMs: number;
  /** The watermark the batch ran with and the one it leaves for the next batch (epoch ms, 0 = none). */
  watermarkMs: number;
  nextWatermarkMs: number;
  /**
   * Spark 3.5's two watermarks of the batch (epoch ms, 0 = none): stateful operators dropped input
   * rows at or below `lateEventsWatermarkMs` (the previous batch's watermark) as late, and evicted
   * state / emitted closed windows at or below `evictionWatermarkMs` (the batch's, = watermarkMs).
   */
  lateEventsWatermarkMs: number;
  evictionWatermarkMs: number;
  outputMode: string;
  sources: SourceDetail[];
  /** What the sink received. */
  sink: RowSample & { description: string };
  state: StateOperatorDetail[];
  /**
   * Late rows: input rows the stateful operators dropped because their event time (a window's
   * end under a window aggregate) was at or below lateEventsWatermarkMs. `total` is the sum of the
   * operators' numRowsDroppedByWatermark (Spark counts an aggregation's after the partial
   * aggregation: one per late group); `rows` samples the input rows themselves.
   */
  late: RowSample & { eventTimesMs: number[] };
  /** Event times seen in the batch (epoch ms) — min/max per Watermark node, merged. */
  eventTimeMs?: { min: number; max: number };
}

/** The limit of rows a BatchDetail keeps per sample. */
export const DETAIL_ROW_LIMIT = 200;

/** A query as observers see it (StreamingQuery satisfies it). */
export interface ObservedQuery {
  readonly id: string;
  readonly runId: string;
  readonly name: string | null;
  readonly isActive: boolean;
  readonly status: { message: string; isDataAvailable: boolean; isTriggerActive: boolean };
  readonly recentProgress: StreamingQueryProgress[];
}

/** Internal events (closed union), in the order a query posts them. */
export type QueryEvent =
  | { kind: "started"; query: ObservedQuery; event: QueryStartedEvent; checkpointDir: string; temporaryCheckpoint: boolean }
  | { kind: "progress"; query: ObservedQuery; event: QueryProgressEvent }
  | { kind: "idle"; query: ObservedQuery; event: QueryIdleEvent }
  | { kind: "batch"; query: ObservedQuery; detail: BatchDetail }
  | { kind: "terminated"; query: ObservedQuery; event: QueryTerminatedEvent };

export interface QueryObserver {
  onEvent(e: QueryEvent): void;
  /** True while this observer wants BatchDetails (e.g. a browser is connected). */
  wantsDetails(): boolean;
}

/** One per session: fans query events out to user listeners (async) and observers (sync). */
export class QueryListenerBus {
  private readonly listeners: StreamingQueryListenerLike[] = [];
  private readonly observers = new Set<QueryObserver>();
  private queue: Array<() => void> = [];
  private draining = false;

  constructor(private readonly log: (message: string) => void = () => undefined) {}

  addListener(l: StreamingQueryListenerLike): void {
    this.listeners.push(l);
  }
  removeListener(l: StreamingQueryListenerLike): void {
    const i = this.listeners.indexOf(l);
    if (i >= 0) this.listeners.splice(i, 1);
  }
  get userListeners(): readonly StreamingQueryListenerLike[] {
    return this.listeners;
  }
  addObserver(o: QueryObserver): () => void {
    this.observers.add(o);
    return () => this.observers.delete(o);
  }

  /** Whether a query should capture BatchDetails for the batch it is about to run. */
  wantsDetails(): boolean {
    for (const o of this.observers) if (o.wantsDetails()) return true;
    return false;
  }

  post(e: QueryEvent): void {
    for (const o of this.observers) {
      try { o.onEvent(e); } catch (err) { this.log(`Query event observer failed: ${String(err)}`); }
    }
    if (!this.listeners.length || e.kind === "batch") return;
    if (e.kind === "started") {
      for (const l of [...this.listeners]) this.call(l, "onQueryStarted", e.event);
      return;
    }
    const method = e.kind === "progress" ? "onQueryProgress" : e.kind === "idle" ? "onQueryIdle" : "onQueryTerminated";
    const event = e.event;
    const targets = [...this.listeners];
    this.queue.push(() => { for (const l of targets) this.call(l, method, event); });
    if (!this.draining) {
      this.draining = true;
      setImmediate(() => this.drain());
    }
  }

  private drain(): void {
    const q = this.queue;
    this.queue = [];
    for (const f of q) f();
    if (this.queue.length) setImmediate(() => this.drain());
    else this.draining = false;
  }

  private call(l: StreamingQueryListenerLike, method: keyof StreamingQueryListenerLike, event: unknown): void {
    const f = l[method] as ((e: unknown) => unknown) | undefined;
    if (typeof f !== "function") return;
    try {
      const r = f.call(l, event);
      if (r && typeof (r as Promise<unknown>).catch === "function") (r as Promise<unknown>).catch((err) => this.log(`Listener ${method} failed: ${describe(err)}`));
    } catch (err) {
      this.log(`Listener ${method} failed: ${describe(err)}`);
    }
  }
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
