/**
 * A query's progress (Spark's ProgressReporter): the recent StreamingQueryProgress list, a
 * progress per batch run, the "no data" progress of an idle trigger (at most every 10 s), the
 * listener events, and — only while someone looks (the web UI) — each batch's BatchDetail.
 */
import type { Source } from "../connector-api/source";
import type { Sink } from "../connector-api/sink";
import type { StructTypeClass } from "../types/data-types";
import { StreamingQueryProgress, batchProgress, idleProgress } from "./progress";
import { QueryIdleEvent, QueryListenerBus, QueryProgressEvent } from "./listener";
import type { ObservedQuery } from "./listener";
import { buildBatchDetail } from "./batch-detail";
import type { BatchRun } from "./micro-batch-execution";
import type { Clock } from "./clock";

const NO_DATA_PROGRESS_INTERVAL_MS = 10000;

export interface ReporterOptions {
  query: ObservedQuery;
  sources: Source[];
  sink: Sink;
  sinkSchema: StructTypeClass;
  outputMode: string;
  numRecentProgressUpdates: number;
  bus?: QueryListenerBus;
  clock: Clock;
}

export class ProgressReporter {
  private readonly progress: StreamingQueryProgress[] = [];
  private lastNoDataProgress = 0;

  constructor(private readonly o: ReporterOptions) {}

  get last(): StreamingQueryProgress | null {
    return this.progress[this.progress.length - 1] ?? null;
  }
  get recent(): StreamingQueryProgress[] {
    return [...this.progress];
  }
  /** Whether the next batch should keep what the web UI shows. */
  get wantsDetails(): boolean {
    return this.o.bus?.wantsDetails() ?? false;
  }

  /** A batch ran: its progress (and its BatchDetail when captured). */
  batchFinished(r: BatchRun): void {
    // Spark reports an idle ("no data") progress at most every 10 s after the last one or the last batch.
    this.lastNoDataProgress = this.o.clock.now();
    const { id, runId, name } = this.o.query;
    const prev = this.last;
    this.push(batchProgress({
      id, runId, name,
      batchId: r.batchId,
      triggerStartMs: r.triggerStartMs,
      triggerEndMs: r.triggerEndMs,
      previousTriggerStartMs: prev ? Date.parse(prev.timestamp) : undefined,
      durationMs: r.durations,
      eventTime: eventTimeOf(r),
      stateOperators: r.execution.stateful.map((s) => ({
        operatorName: s.operatorName,
        ...s.lastRun.metrics,
        numShufflePartitions: 1,
        numStateStoreInstances: 1,
        customMetrics: {},
      })),
      sources: this.o.sources.map((s, i) => ({ description: s.description, startOffset: r.start[i], endOffset: r.end[i], latestOffset: r.end[i], numInputRows: r.counts[i] })),
      sink: { description: this.o.sink.description, numOutputRows: r.output.length },
    }));
    if (r.captured) this.postBatchDetail(r);
  }

  /** A trigger found no new data: a "no data" progress when 10 s passed since the last one. */
  idle(nextBatchId: number, triggerStartMs: number, watermarkMs: number): void {
    const now = this.o.clock.now();
    if (now - this.lastNoDataProgress < NO_DATA_PROGRESS_INTERVAL_MS || !this.progress.length) return;
    this.lastNoDataProgress = now;
    this.push(idleProgress(this.last!, nextBatchId, triggerStartMs, now, isoMs(watermarkMs)), true);
  }

  private postBatchDetail(r: BatchRun): void {
    const execution = r.execution;
    let min = Infinity, max = -Infinity;
    for (const w of execution.watermarks) if (w.stats?.count) { min = Math.min(min, w.stats.min / 1000); max = Math.max(max, w.stats.max / 1000); }
    // Late rows: what the stateful operators dropped with the previous batch's watermark; the
    // count is theirs (numRowsDroppedByWatermark, after the partial aggregation).
    const samples = execution.stateful.map((s) => s.lastRun.late).filter((x) => x !== undefined);
    const sample = samples.find((x) => x.rows.length) ?? samples[0];
    const lateCount = execution.stateful.reduce((n, s) => n + s.lastRun.metrics.numRowsDroppedByWatermark, 0);
    this.o.bus!.post({
      kind: "batch", query: this.o.query,
      detail: buildBatchDetail({
        id: this.o.query.id, runId: this.o.query.runId, batchId: r.batchId, timestampMs: r.triggerStartMs,
        watermarkMs: r.watermarks.forEvictionMs, nextWatermarkMs: r.watermarks.nextMs,
        lateEventsWatermarkMs: r.watermarks.forLateEventsMs, evictionWatermarkMs: r.watermarks.forEvictionMs,
        outputMode: this.o.outputMode,
        sources: this.o.sources.map((s, i) => ({
          description: s.description, startOffset: r.start[i], endOffset: r.end[i], numInputRows: r.counts[i],
          latestAvailable: s.reportLatestOffset?.(),
        })),
        sinkDescription: this.o.sink.description, sinkSchema: this.o.sinkSchema, output: r.output,
        stateful: execution.stateful,
        lateSchema: sample?.schema, lateRows: sample?.rows ?? [], lateCount, lateEventTimesMs: sample?.eventTimesMs ?? [],
        eventTimeMs: min <= max ? { min, max } : undefined,
      }),
    });
  }

  private push(p: StreamingQueryProgress, idle = false): void {
    this.progress.push(p);
    while (this.progress.length > this.o.numRecentProgressUpdates) this.progress.shift();
    // Spark 3.5 reports an idle trigger to listeners as QueryIdleEvent, not as progress.
    const q = this.o.query;
    this.o.bus?.post(idle
      ? { kind: "idle", query: q, event: new QueryIdleEvent(q.id, q.runId, p.timestamp) }
      : { kind: "progress", query: q, event: new QueryProgressEvent(p) });
  }
}

/**
 * progress' eventTime: the watermark whenever the plan has one, even for a batch with no rows
 * (ProgressReporter's watermarkTimestamp); avg/max/min of the first watermark operator (in plan
 * order) that saw rows.
 */
function eventTimeOf(r: BatchRun): Record<string, string> {
  const ws = r.execution.watermarks;
  if (!ws.length) return {};
  const watermark = isoMs(r.watermarks.forEvictionMs);
  const seen = ws.find((w) => w.stats?.count)?.stats;
  if (!seen) return { watermark };
  return { avg: isoMs(seen.sum / seen.count / 1000), max: isoMs(seen.max / 1000), min: isoMs(seen.min / 1000), watermark };
}

function isoMs(ms: number): string {
  return new Date(Math.floor(ms)).toISOString();
}
