/**
 * A query's progress as Spark Connect 3.5's server sends it (StreamingQueryCommandResult
 * .recent_progress_json), which is not the progress's `json`: the server writes the Scala object
 * with Jackson, field by field — `batchDuration` included, no top-level numInputRows/…PerSecond,
 * empty maps kept (`eventTime: {}`, `metrics: {}`, `observedMetrics: {}`), offsets as their JSON
 * text (`"startOffset": "39"`), doubles as doubles (`0.0`, `NaN`). Checked against real Spark Connect
 * 3.5 (test/connect-client.test.ts); the client's lastProgress is json.loads of it.
 */
import type { StreamingQueryProgress } from "../index";

/** Java's HashMap order of the duration keys (what Spark Connect prints). */
const DURATION_ORDER = ["triggerExecution", "queryPlanning", "getBatch", "commitOffsets", "latestOffset", "addBatch", "walCommit"];

/** A number Jackson wrote as a double: Python reads `0.0` as a float, `0` as an int. */
class Double {
  constructor(readonly v: number) {}
}

function text(v: unknown): string {
  if (v instanceof Double) {
    const d = v.v;
    if (Number.isNaN(d)) return "NaN";
    if (!Number.isFinite(d)) return d > 0 ? "Infinity" : "-Infinity";
    return Number.isInteger(d) ? d.toFixed(1) : String(d);
  }
  if (v === null || v === undefined) return "null";
  if (Array.isArray(v)) return `[${v.map(text).join(",")}]`;
  if (typeof v === "object") return `{${Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).map(([k, x]) => `${JSON.stringify(k)}:${text(x)}`).join(",")}}`;
  return JSON.stringify(v);
}

const offset = (o: unknown): string | null => (o === undefined || o === null ? null : typeof o === "string" ? o : JSON.stringify(o));

function ordered(m: Record<string, number>): Record<string, number> {
  const keys = [...DURATION_ORDER.filter((k) => k in m), ...Object.keys(m).filter((k) => !DURATION_ORDER.includes(k))];
  return Object.fromEntries(keys.map((k) => [k, m[k]]));
}

export function progressToConnectJson(p: StreamingQueryProgress): string {
  return text({
    id: p.id,
    runId: p.runId,
    name: p.name ?? null,
    timestamp: p.timestamp,
    batchId: p.batchId,
    batchDuration: p.batchDuration,
    durationMs: ordered(p.durationMs ?? {}),
    eventTime: p.eventTime ?? {},
    stateOperators: p.stateOperators.map((s) => ({
      operatorName: s.operatorName, numRowsTotal: s.numRowsTotal, numRowsUpdated: s.numRowsUpdated, allUpdatesTimeMs: s.allUpdatesTimeMs,
      numRowsRemoved: s.numRowsRemoved, allRemovalsTimeMs: s.allRemovalsTimeMs, commitTimeMs: s.commitTimeMs, memoryUsedBytes: s.memoryUsedBytes,
      numRowsDroppedByWatermark: s.numRowsDroppedByWatermark, numShufflePartitions: s.numShufflePartitions, numStateStoreInstances: s.numStateStoreInstances,
      customMetrics: s.customMetrics ?? {},
    })),
    sources: p.sources.map((s) => ({
      description: s.description,
      startOffset: offset(s.startOffset),
      endOffset: offset(s.endOffset),
      latestOffset: offset(s.latestOffset),
      numInputRows: s.numInputRows,
      inputRowsPerSecond: new Double(s.inputRowsPerSecond),
      processedRowsPerSecond: new Double(s.processedRowsPerSecond),
      metrics: s.metrics ?? {},
    })),
    sink: { description: p.sink.description, numOutputRows: p.sink.numOutputRows, metrics: p.sink.metrics ?? {} },
    observedMetrics: p.observedMetrics ?? {},
  });
}
