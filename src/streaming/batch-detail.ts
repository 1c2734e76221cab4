/**
 * Builds a BatchDetail (listener.ts) from what one batch captured: sink output, state changelog,
 * late rows. Values are formatted as show() prints them; every sample is cut at DETAIL_ROW_LIMIT.
 */
import { prettyString } from "../values/values";
import type { StructTypeClass } from "../types/data-types";
import type { InternalRow } from "../connector-api/source";
import type { StatefulOperator } from "../execution/physical/stateful-operator";
import { BatchDetail, ColumnInfo, DETAIL_ROW_LIMIT, RowSample, StateOperatorDetail } from "./listener";

function columnsOf(schema: StructTypeClass): ColumnInfo[] {
  return schema.fields.map((f) => ({ name: f.name, type: f.dataType.simpleString() }));
}

function rowSample(schema: StructTypeClass, rows: InternalRow[], total = rows.length): RowSample {
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

function stateDetail(s: StatefulOperator): StateOperatorDetail | undefined {
  const log = s.lastRun.changelog;
  if (!log) return undefined;
  const types = log.schema.fields.map((f) => f.dataType);
  const fmt = (r: InternalRow) => types.map((t, i) => prettyString(r[i], t));
  const all = [
    ...log.added.map((r) => ({ change: "added" as const, r })),
    ...log.updated.map((r) => ({ change: "updated" as const, r })),
    ...log.removed.map((r) => ({ change: "removed" as const, r })),
  ];
  const idx = log.eventTimeIndex;
  return {
    operatorId: s.stateInfo.operatorId,
    columns: columnsOf(log.schema),
    changes: all.slice(0, DETAIL_ROW_LIMIT).map(({ change, r }) => ({ change, row: fmt(r) })),
    omitted: Math.max(0, all.length - DETAIL_ROW_LIMIT),
    counts: { added: log.added.length, updated: log.updated.length, removed: log.removed.length },
    openWindows: idx >= 0 ? distinctWindows(log.open) : [],
    closedWindows: idx >= 0 ? distinctWindows(log.removed.map((r) => r[idx])) : [],
  };
}

/**
 * What a batch hands over: BatchDetail's own fields as they are, and the raw material of its
 * samples (sink output, stateful operators, late rows), which buildBatchDetail formats.
 */
export type BatchCapture = Omit<BatchDetail, "sink" | "state" | "late"> & {
  sinkDescription: string;
  sinkSchema: StructTypeClass;
  output: InternalRow[];
  stateful: StatefulOperator[];
  lateSchema?: StructTypeClass;
  lateRows: InternalRow[];
  lateCount: number;
  /** The event time of each late row (epoch ms). */
  lateEventTimesMs: number[];
};

export function buildBatchDetail(c: BatchCapture): BatchDetail {
  const { sinkDescription, sinkSchema, output, stateful, lateSchema, lateRows, lateCount, lateEventTimesMs, ...batch } = c;
  return {
    ...batch,
    sink: { description: sinkDescription, ...rowSample(sinkSchema, output) },
    state: stateful.map(stateDetail).filter((x): x is StateOperatorDetail => !!x),
    late: {
      ...(lateSchema ? rowSample(lateSchema, lateRows, lateCount) : { columns: [], rows: [], total: lateCount }),
      eventTimesMs: lateEventTimesMs.slice(0, DETAIL_ROW_LIMIT),
    },
  };
}
