/**
 * StreamingQueryProgress and friends (Spark's streaming/progress.scala), and their JSON.
 *
 * `progressToJson(p)` is what Spark's `StreamingQueryProgress.prettyJson` / `toString` prints:
 * json4s rendered by Jackson's DefaultPrettyPrinter, i.e.
 *   - `"key" : value`, objects one entry per line indented by 2 spaces per level;
 *   - arrays inline: `[ 1, 2 ]`, `[ ]` when empty, `[ {` … `}, {` … `} ]` for objects;
 *   - doubles as Java's Double.toString (`120.0`, `0.4`, `1.0E-4`); NaN and ±Infinity omitted;
 *   - empty maps (durationMs, eventTime, metrics, customMetrics, observedMetrics) omitted;
 *   - `"name" : null` when the query has no name; offsets embedded as JSON values.
 * `progressToDict(p)` is what PySpark's `query.lastProgress` returns (json.loads of `json`).
 */

// ---------------------------------------------------------------------------------------------
// Types

interface SourceProgress {
  /** e.g. `TextSocketV2[host: localhost, port: 9876]` (Source.description). */
  description: string;
  /** Offsets as values (the Source's Offset), null when absent (startOffset of a first batch). */
  startOffset: unknown;
  endOffset: unknown;
  latestOffset: unknown;
  numInputRows: number;
  inputRowsPerSecond: number;
  processedRowsPerSecond: number;
  metrics?: Record<string, string>;
}

interface SinkProgress {
  /** e.g. `ForeachBatchSink`, `MemorySink` (Sink.description). */
  description: string;
  /** -1 for sinks that do not report it (Spark's v1 sinks). */
  numOutputRows: number;
  metrics?: Record<string, string>;
}

interface StateOperatorProgress {
  operatorName: string;
  numRowsTotal: number;
  numRowsUpdated: number;
  allUpdatesTimeMs: number;
  numRowsRemoved: number;
  allRemovalsTimeMs: number;
  commitTimeMs: number;
  memoryUsedBytes: number;
  numRowsDroppedByWatermark: number;
  numShufflePartitions: number;
  numStateStoreInstances: number;
  customMetrics?: Record<string, number>;
}

export interface StreamingQueryProgress {
  id: string;
  runId: string;
  /** The queryName, or null. */
  name: string | null;
  /** Trigger start, ISO-8601 UTC with millis (`formatProgressTimestamp`). */
  timestamp: string;
  batchId: number;
  /** Not in the JSON (Spark keeps it on the object only). */
  batchDuration: number;
  /** Keys such as latestOffset, walCommit, getBatch, queryPlanning, addBatch, commitOffsets, triggerExecution. */
  durationMs: Record<string, number>;
  /** avg / max / min / watermark, as formatted timestamps. */
  eventTime: Record<string, string>;
  stateOperators: StateOperatorProgress[];
  sources: SourceProgress[];
  sink: SinkProgress;
  /** name → row as a JSON object (Row.jsonValue). */
  observedMetrics?: Record<string, Record<string, unknown>>;
  /** Sums over the sources (see makeProgress). */
  numInputRows: number;
  inputRowsPerSecond: number;
  processedRowsPerSecond: number;
}

/** StreamingQuery.status (PySpark returns it as a dict with these three keys). */
export interface StreamingQueryStatus {
  message: string;
  isDataAvailable: boolean;
  isTriggerActive: boolean;
}

/** Status messages Spark shows. */
export const STATUS_MESSAGES = {
  initializing: "Initializing sources",
  waitingForData: "Waiting for data to arrive",
  waitingForTrigger: "Waiting for next trigger",
  processing: "Processing new data",
  writingOffsets: "Writing offsets to log",
  stopped: "Stopped",
  gettingOffsets: (sourceDescription: string): string => `Getting offsets from ${sourceDescription}`,
  terminated: (message: string): string => `Terminated with exception: ${message}`,
} as const;

/** Builds a progress, computing numInputRows / inputRowsPerSecond / processedRowsPerSecond from the sources, as Spark does. */
export function makeProgress(
  p: Omit<StreamingQueryProgress, "numInputRows" | "inputRowsPerSecond" | "processedRowsPerSecond">,
): StreamingQueryProgress {
  return {
    ...p,
    numInputRows: p.sources.reduce((s, x) => s + x.numInputRows, 0),
    inputRowsPerSecond: p.sources.reduce((s, x) => s + x.inputRowsPerSecond, 0),
    processedRowsPerSecond: p.sources.reduce((s, x) => s + x.processedRowsPerSecond, 0),
  };
}

/** Spark's progress timestamp format: `2016-12-14T18:45:24.873Z` (UTC, millis). */
export function formatProgressTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

// ---------------------------------------------------------------------------------------------
// JSON trees with Java doubles

/** A number that prints as a Java double (`120.0`); NaN/Infinity make the field disappear. */
export class JsonDouble {
  constructor(readonly value: number) {}
}
export const jsonDouble = (value: number): JsonDouble => new JsonDouble(value);

/** What prettyJson/compactJson accept: JSON values, JsonDouble, bigint; undefined fields are omitted. */
export type JsonNode = null | boolean | number | bigint | string | JsonDouble | JsonNode[] | { [key: string]: JsonNode | undefined };

/** Java's Double.toString for finite doubles (shortest digits, Java's layout). */
export function javaDoubleToString(d: number): string {
  if (Number.isNaN(d)) return "NaN";
  if (d === Infinity) return "Infinity";
  if (d === -Infinity) return "-Infinity";
  if (d === 0) return Object.is(d, -0) ? "-0.0" : "0.0";
  const abs = Math.abs(d);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(d);
    return s.includes(".") ? s : `${s}.0`;
  }
  const [mantissa, exp] = d.toExponential().split("e");
  return `${mantissa.includes(".") ? mantissa : `${mantissa}.0`}E${Number(exp)}`;
}

/** Jackson's string escaping: quotes, backslash and control characters (\u00XX in upper case). */
export function jsonQuote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i];
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (c < 0x20) {
      if (c === 0x08) out += "\\b";
      else if (c === 0x09) out += "\\t";
      else if (c === 0x0a) out += "\\n";
      else if (c === 0x0c) out += "\\f";
      else if (c === 0x0d) out += "\\r";
      else out += "\\u" + c.toString(16).toUpperCase().padStart(4, "0");
    } else out += ch;
  }
  return out + '"';
}

function isOmitted(v: JsonNode | undefined): boolean {
  return v === undefined || (v instanceof JsonDouble && !Number.isFinite(v.value));
}

function scalar(v: JsonNode): string | undefined {
  if (v === null) return "null";
  if (v instanceof JsonDouble) return javaDoubleToString(v.value);
  switch (typeof v) {
    case "boolean":
      return String(v);
    case "bigint":
      return v.toString();
    case "number":
      return Number.isInteger(v) && Math.abs(v) < 1e21 ? String(v) : Number.isFinite(v) ? javaDoubleToString(v) : "null";
    case "string":
      return jsonQuote(v);
  }
  return undefined;
}

/** Jackson DefaultPrettyPrinter layout (what json4s `pretty` prints in Spark). */
export function prettyJson(value: JsonNode, nesting = 0): string {
  const s = scalar(value);
  if (s !== undefined) return s;
  if (Array.isArray(value)) {
    const items = value.filter((x) => !isOmitted(x));
    if (!items.length) return "[ ]";
    return `[ ${items.map((x) => prettyJson(x, nesting)).join(", ")} ]`;
  }
  const entries = Object.entries(value as Record<string, JsonNode | undefined>).filter(([, x]) => !isOmitted(x));
  if (!entries.length) return "{ }";
  const pad = "  ".repeat(nesting + 1);
  const body = entries.map(([k, x]) => `\n${pad}${jsonQuote(k)} : ${prettyJson(x as JsonNode, nesting + 1)}`).join(",");
  return `{${body}\n${"  ".repeat(nesting)}}`;
}

/** json4s `compact`: no spaces at all. */
export function compactJson(value: JsonNode): string {
  const s = scalar(value);
  if (s !== undefined) return s;
  if (Array.isArray(value)) return `[${value.filter((x) => !isOmitted(x)).map(compactJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, JsonNode | undefined>).filter(([, x]) => !isOmitted(x));
  return `{${entries.map(([k, x]) => `${jsonQuote(k)}:${compactJson(x as JsonNode)}`).join(",")}}`;
}

// ---------------------------------------------------------------------------------------------
// Progress → JSON tree (Spark's jsonValue, field for field)

function sortedMap<T>(m: Record<string, T> | undefined, f: (v: T) => JsonNode): JsonNode | undefined {
  if (!m) return undefined;
  const keys = Object.keys(m).sort();
  if (!keys.length) return undefined;
  const o: Record<string, JsonNode> = {};
  for (const k of keys) o[k] = f(m[k]);
  return o;
}

/** Offsets are JSON values already; anything else is shown as its string (Spark's tryParse fallback). */
function offsetNode(o: unknown): JsonNode {
  if (o === undefined || o === null) return null;
  if (typeof o === "string" || typeof o === "number" || typeof o === "boolean" || typeof o === "bigint") return o;
  try {
    return JSON.parse(JSON.stringify(o)) as JsonNode;
  } catch {
    return String(o);
  }
}

function sourceProgressJsonValue(s: SourceProgress): JsonNode {
  return {
    description: s.description,
    startOffset: offsetNode(s.startOffset),
    endOffset: offsetNode(s.endOffset),
    latestOffset: offsetNode(s.latestOffset),
    numInputRows: s.numInputRows,
    inputRowsPerSecond: jsonDouble(s.inputRowsPerSecond),
    processedRowsPerSecond: jsonDouble(s.processedRowsPerSecond),
    metrics: sortedMap(s.metrics, (v) => v),
  };
}

function sinkProgressJsonValue(s: SinkProgress): JsonNode {
  return { description: s.description, numOutputRows: s.numOutputRows, metrics: sortedMap(s.metrics, (v) => v) };
}

function stateOperatorProgressJsonValue(s: StateOperatorProgress): JsonNode {
  return {
    operatorName: s.operatorName,
    numRowsTotal: s.numRowsTotal,
    numRowsUpdated: s.numRowsUpdated,
    allUpdatesTimeMs: s.allUpdatesTimeMs,
    numRowsRemoved: s.numRowsRemoved,
    allRemovalsTimeMs: s.allRemovalsTimeMs,
    commitTimeMs: s.commitTimeMs,
    memoryUsedBytes: s.memoryUsedBytes,
    numRowsDroppedByWatermark: s.numRowsDroppedByWatermark,
    numShufflePartitions: s.numShufflePartitions,
    numStateStoreInstances: s.numStateStoreInstances,
    customMetrics: sortedMap(s.customMetrics, (v) => Math.trunc(v)),
  };
}

function progressJsonValue(p: StreamingQueryProgress): JsonNode {
  return {
    id: p.id,
    runId: p.runId,
    name: p.name ?? null,
    timestamp: p.timestamp,
    batchId: p.batchId,
    numInputRows: p.numInputRows,
    inputRowsPerSecond: jsonDouble(p.inputRowsPerSecond),
    processedRowsPerSecond: jsonDouble(p.processedRowsPerSecond),
    durationMs: sortedMap(p.durationMs, (v) => Math.trunc(v)),
    eventTime: sortedMap(p.eventTime, (v) => v),
    stateOperators: p.stateOperators.map(stateOperatorProgressJsonValue),
    sources: p.sources.map(sourceProgressJsonValue),
    sink: sinkProgressJsonValue(p.sink),
    observedMetrics: sortedMap(p.observedMetrics, (row) => row as JsonNode),
  };
}

/** Spark's `prettyJson` / `toString` of a progress. */
export function progressToJson(p: StreamingQueryProgress): string {
  return prettyJson(progressJsonValue(p));
}

/** Spark's `json` (compact). */
export function progressToCompactJson(p: StreamingQueryProgress): string {
  return compactJson(progressJsonValue(p));
}

/** PySpark's `lastProgress` / `recentProgress` element: a plain object with the JSON's keys, in order. */
export function progressToDict(p: StreamingQueryProgress): Record<string, unknown> {
  return JSON.parse(progressToCompactJson(p));
}

function statusJsonValue(s: StreamingQueryStatus): JsonNode {
  return { message: s.message, isDataAvailable: s.isDataAvailable, isTriggerActive: s.isTriggerActive };
}

/** Spark's StreamingQueryStatus.prettyJson. */
export function statusToJson(s: StreamingQueryStatus): string {
  return prettyJson(statusJsonValue(s));
}

// ---------------------------------------------------------------------------------------------
// Building progress (Spark's ProgressReporter)

/** What a finished micro-batch reports (ProgressReporter.finishTrigger's inputs). */
export interface FinishedBatch {
  id: string;
  runId: string;
  name: string | null;
  batchId: number;
  /** Trigger start and end (epoch ms). */
  triggerStartMs: number;
  triggerEndMs: number;
  /** The previous progress' trigger start (epoch ms), for inputRowsPerSecond; undefined for the first. */
  previousTriggerStartMs?: number;
  durationMs: Record<string, number>;
  eventTime: Record<string, string>;
  stateOperators: StateOperatorProgress[];
  sources: Array<{ description: string; startOffset: unknown; endOffset: unknown; latestOffset: unknown; numInputRows: number }>;
  sink: SinkProgress;
}

/** The progress of a batch that ran: rates per source over the time since the last trigger and the processing time. */
export function batchProgress(b: FinishedBatch): StreamingQueryProgress {
  const sinceLast = b.previousTriggerStartMs === undefined ? 0 : (b.triggerStartMs - b.previousTriggerStartMs) / 1000;
  const processingSec = (b.triggerEndMs - b.triggerStartMs) / 1000;
  const rate = (n: number, secs: number) => (secs > 0 ? n / secs : 0);
  return withJson(makeProgress({
    id: b.id,
    runId: b.runId,
    name: b.name,
    timestamp: formatProgressTimestamp(b.triggerStartMs),
    batchId: b.batchId,
    batchDuration: b.triggerEndMs - b.triggerStartMs,
    durationMs: Object.fromEntries(Object.entries(b.durationMs).sort(([x], [y]) => x.localeCompare(y))),
    eventTime: b.eventTime,
    stateOperators: b.stateOperators,
    observedMetrics: {},
    sources: b.sources.map((s) => ({ ...s, inputRowsPerSecond: rate(s.numInputRows, sinceLast), processedRowsPerSecond: rate(s.numInputRows, processingSec) })),
    sink: b.sink,
  }));
}

/** The "no data" progress Spark reports while a query idles: the last one with zero rows, offsets at their end. */
export function idleProgress(last: StreamingQueryProgress, batchId: number, triggerStartMs: number, nowMs: number, watermark?: string): StreamingQueryProgress {
  return withJson({
    ...last, timestamp: formatProgressTimestamp(triggerStartMs), batchId, numInputRows: 0, inputRowsPerSecond: 0, processedRowsPerSecond: 0,
    batchDuration: 0,
    durationMs: { latestOffset: 0, triggerExecution: nowMs - triggerStartMs },
    // Nothing executed: only the watermark stays (Spark's ExecutionStats(Map.empty, …, watermarkTimestamp)).
    eventTime: last.eventTime.watermark !== undefined ? { watermark: watermark ?? last.eventTime.watermark } : {},
    sources: last.sources.map((s) => ({ ...s, startOffset: s.endOffset, numInputRows: 0, inputRowsPerSecond: 0, processedRowsPerSecond: 0 })),
    sink: { ...last.sink, numOutputRows: 0 },
  });
}

/** Like PySpark's StreamingQueryProgress: `json`/`prettyJson` strings and str() giving the JSON (not enumerable). */
function withJson(p: StreamingQueryProgress): StreamingQueryProgress {
  Object.defineProperties(p, {
    json: { get: () => JSON.stringify(p), enumerable: false },
    prettyJson: { get: () => progressToJson(p), enumerable: false },
    toString: { value: () => progressToJson(p), enumerable: false },
  });
  return p;
}
