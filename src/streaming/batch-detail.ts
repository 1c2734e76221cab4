/**
 * Builds a BatchDetail (listener.ts) from what one batch captured: sink output, state changelog,
 * late rows. Values are formatted as show() prints them; every sample is cut at DETAIL_ROW_LIMIT.
 */
import { prettyString } from "../execution/values";
import type { StructTypeClass } from "../types/data-types";
import type { InternalRow } from "../connector-api/source";
import type { StatefulAggregateExec } from "../execution/physical/stateful-aggregate";
import { BatchDetail, ColumnInfo, DETAIL_ROW_LIMIT, RowSample, SourceDetail, StateOperatorDetail } from "./listener";

export function columnsOf(schema: StructTypeClass): ColumnInfo[] {
  return schema.fields.map((f) => ({ name: f.name, type: f.dataType.simpleString() }));
}

export function rowSample(schema: StructTypeClass, rows: InternalRow[], total = rows.length): RowSample {
  const types = schema.fields.map((f) => f.dataType);
  return {
    columns: columnsOf(schema),
    rows: rows.slice(0, DETAIL_ROW_LIMIT).map((r) => types.map((t, i) => prettyString(r[i], t))),
    total,
  };
}

/** Event-time group value → [startMs, endMs]: a window struct [start, end] (µs) or a timestamp (µs). */
function windowOf(v: unknown): [number, number] | undefined {
  if (Array.isArray(v) && typeof v[0] === "number" && typeof v[1] === "number") return [v[0] / 1000, v[1] / 1000];
  if (typeof v === "number") return [v / 1000, v / 1000];
  return undefined;
}

function distinctWindows(values: unknown[]): Array<[number, number]> {
  const seen = new Map<string, [number, number]>();
  for (const v of values) {
    const w = windowOf(v);
    if (w) seen.set(`${w[0]}:${w[1]}`, w);
  }
  return [...seen.values()].sort((a, b) => a[0] - b[0]).slice(-DETAIL_ROW_LIMIT);
}

export function stateDetail(operatorId: number, s: StatefulAggregateExec): StateOperatorDetail | undefined {
  const log = s.changelog;
  if (!log) return undefined;
  const types = s.logical.schema.fields.map((f) => f.dataType);
  const fmt = (r: InternalRow) => types.map((t, i) => prettyString(r[i], t));
  const all = [
    ...log.added.map((r) => ({ change: "added" as const, r })),
    ...log.updated.map((r) => ({ change: "updated" as const, r })),
    ...log.removed.map((r) => ({ change: "removed" as const, r })),
  ];
  const idx = log.eventTimeIndex;
  return {
    operatorId,
    columns: columnsOf(s.logical.schema),
    changes: all.slice(0, DETAIL_ROW_LIMIT).map(({ change, r }) => ({ change, row: fmt(r) })),
    omitted: Math.max(0, all.length - DETAIL_ROW_LIMIT),
    counts: { added: log.added.length, updated: log.updated.length, removed: log.removed.length },
    openWindows: idx >= 0 ? distinctWindows(log.open) : [],
    closedWindows: idx >= 0 ? distinctWindows(log.removed.map((r) => r[idx])) : [],
  };
}

export interface BatchCapture {
  id: string;
  runId: string;
  batchId: number;
  timestampMs: number;
  watermarkMs: number;
  nextWatermarkMs: number;
  outputMode: string;
  sources: SourceDetail[];
  sinkDescription: string;
  sinkSchema: StructTypeClass;
  output: InternalRow[];
  stateful: StatefulAggregateExec[];
  lateSchema?: StructTypeClass;
  lateRows: InternalRow[];
  lateCount: number;
  /** The event time of each late row (epoch ms). */
  lateEventTimesMs: number[];
  eventTimeMs?: { min: number; max: number };
}

export function buildBatchDetail(c: BatchCapture): BatchDetail {
  return {
    id: c.id,
    runId: c.runId,
    batchId: c.batchId,
    timestampMs: c.timestampMs,
    watermarkMs: c.watermarkMs,
    nextWatermarkMs: c.nextWatermarkMs,
    outputMode: c.outputMode,
    sources: c.sources,
    sink: { description: c.sinkDescription, ...rowSample(c.sinkSchema, c.output) },
    state: c.stateful.map((s, i) => stateDetail(i, s)).filter((x): x is StateOperatorDetail => !!x),
    late: {
      ...(c.lateSchema ? rowSample(c.lateSchema, c.lateRows, c.lateCount) : { columns: [], rows: [], total: c.lateCount }),
      eventTimesMs: c.lateEventTimesMs.slice(0, DETAIL_ROW_LIMIT),
    },
    eventTimeMs: c.eventTimeMs,
  };
}
