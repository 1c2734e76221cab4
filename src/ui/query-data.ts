/**
 * The JSON behind the statistics page: one point per retained progress (what Spark's charts plot)
 * and one summary per captured batch (Iskra's batch table and event-time view).
 */
import type { StreamingQueryProgress } from "../streaming/progress";
import type { BatchDetail } from "../streaming/listener";
import type { UiQuery } from "./ui-store";

/** Spark's Operation Duration chart: these durations (triggerExecution is the Batch Duration chart). */
const OPERATIONS = ["addBatch", "getBatch", "latestOffset", "queryPlanning", "walCommit", "commitOffsets"];

interface ProgressPoint {
  /** Batch timestamp, epoch ms. */
  t: number;
  batchId: number;
  inputRate: number;
  processRate: number;
  inputRows: number;
  batchDuration: number;
  operations: Record<string, number>;
  /** Seconds between the batch timestamp and the watermark (only with a watermark). */
  watermarkGap?: number;
  state?: { total: number; updated: number; removed: number; memory: number; dropped: number };
}

interface BatchSummary {
  batchId: number;
  t: number;
  inputRows: number;
  sinkRows: number;
  added: number;
  updated: number;
  removed: number;
  /** Late rows dropped (the stateful operators' numRowsDroppedByWatermark). */
  late: number;
  watermarkMs: number;
  nextWatermarkMs: number;
  /** The batch's two watermarks (BatchDetail): late rows were judged by the first, state evicted by the second. */
  lateEventsWatermarkMs: number;
  evictionWatermarkMs: number;
  eventTimeMs?: { min: number; max: number };
  openWindows: Array<[number, number]>;
  closedWindows: Array<[number, number]>;
  lateEventTimesMs: number[];
}

const finite = (x: number) => (Number.isFinite(x) ? x : 0);

function progressPoint(p: StreamingQueryProgress): ProgressPoint {
  const t = Date.parse(p.timestamp);
  const wm = p.eventTime?.watermark;
  const ops: Record<string, number> = {};
  for (const k of OPERATIONS) ops[k] = p.durationMs?.[k] ?? 0;
  const point: ProgressPoint = {
    t, batchId: p.batchId, inputRate: finite(p.inputRowsPerSecond), processRate: finite(p.processedRowsPerSecond), inputRows: p.numInputRows,
    batchDuration: p.durationMs?.triggerExecution ?? p.batchDuration ?? 0, operations: ops,
  };
  // Spark's chart skips batches whose watermark is still 0 (none yet).
  if (wm !== undefined && Date.parse(wm) > 0) point.watermarkGap = (t - Date.parse(wm)) / 1000;
  if (p.stateOperators.length) {
    const sum = (f: (s: StreamingQueryProgress["stateOperators"][number]) => number) => p.stateOperators.reduce((a, s) => a + f(s), 0);
    point.state = { total: sum((s) => s.numRowsTotal), updated: sum((s) => s.numRowsUpdated), removed: sum((s) => s.numRowsRemoved), memory: sum((s) => s.memoryUsedBytes), dropped: sum((s) => s.numRowsDroppedByWatermark) };
  }
  return point;
}

function batchSummary(d: BatchDetail): BatchSummary {
  const count = (c: "added" | "updated" | "removed") => d.state.reduce((a, s) => a + s.counts[c], 0);
  return {
    batchId: d.batchId, t: d.timestampMs, inputRows: d.sources.reduce((a, s) => a + s.numInputRows, 0), sinkRows: d.sink.total,
    added: count("added"), updated: count("updated"), removed: count("removed"), late: d.late.total,
    watermarkMs: d.watermarkMs, nextWatermarkMs: d.nextWatermarkMs, eventTimeMs: d.eventTimeMs,
    lateEventsWatermarkMs: d.lateEventsWatermarkMs, evictionWatermarkMs: d.evictionWatermarkMs,
    openWindows: d.state.flatMap((s) => s.openWindows), closedWindows: d.state.flatMap((s) => s.closedWindows), lateEventTimesMs: d.late.eventTimesMs,
  };
}

export function queryData(q: UiQuery): Record<string, unknown> {
  const last = q.progress[q.progress.length - 1];
  return {
    id: q.id, runId: q.runId, name: q.name, active: q.query.isActive, status: q.query.status.message, exception: q.exception,
    startMs: q.startMs, endMs: q.endMs ?? null, now: Date.now(), completedBatches: last ? last.batchId + 1 : 0,
    progress: q.progress.map(progressPoint),
    batches: q.details.map(batchSummary),
    unobservedBatches: q.unobserved,
  };
}
