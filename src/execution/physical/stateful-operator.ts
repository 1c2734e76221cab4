/**
 * The contract between a micro-batch and its stateful operators (Spark's StateStoreWriter):
 * planned per batch by planMicroBatch with the batch's state store and its two watermarks, then
 * loaded, executed, committed (or aborted) by the micro-batch execution, which reads each run's
 * metrics and asks whether the next watermark calls for a no-data batch. An operator is not
 * changed from outside after planning; what one execution produced is in `lastRun`.
 */
import type { InternalRow } from "../../connector-api/source";
import type { StructTypeClass } from "../../types/data-types";
import type { PhysicalOperator } from "./operator";

export interface StateOperatorMetrics {
  numRowsTotal: number;
  numRowsUpdated: number;
  numRowsRemoved: number;
  numRowsDroppedByWatermark: number;
  allUpdatesTimeMs: number;
  allRemovalsTimeMs: number;
  commitTimeMs: number;
  memoryUsedBytes: number;
}

export function emptyMetrics(): StateOperatorMetrics {
  return { numRowsTotal: 0, numRowsUpdated: 0, numRowsRemoved: 0, numRowsDroppedByWatermark: 0, allUpdatesTimeMs: 0, allRemovalsTimeMs: 0, commitTimeMs: 0, memoryUsedBytes: 0 };
}

/** Spark's StatefulOperatorStateInfo, as explain prints it. */
export interface StateInfo {
  checkpointLocation: string;
  runId: string;
  operatorId: number;
  /** The batch id (the state version the batch starts from). */
  version: number;
  numPartitions: number;
}

/**
 * The two watermarks of a batch (µs; undefined: none yet), as Spark 3.5 gives each stateful
 * operator: late input rows are those at or below the previous batch's watermark
 * (eventTimeWatermarkForLateEvents); state is evicted and windows are emitted with this batch's
 * (eventTimeWatermarkForEviction).
 */
export interface OperatorWatermarks {
  lateEventsUs: number | undefined;
  evictionUs: number | undefined;
  /** Whether a watermark lies below the operator (else its input watermark never moves). */
  watermarked: boolean;
}

/** Late input rows one execution dropped, kept for the web UI when the batch is captured. */
interface LateSample {
  schema: StructTypeClass;
  rows: InternalRow[];
  /** Each row's event time (a window's start under a window aggregate), epoch ms. */
  eventTimesMs: number[];
}

/** With capture: one batch's effect on an aggregation's state, as rows of its output schema. */
export interface StateChangelog {
  schema: StructTypeClass;
  added: InternalRow[];
  updated: InternalRow[];
  removed: InternalRow[];
  /** The event-time group values (window structs or timestamps) still in the state, and their group index (-1: none). */
  open: unknown[];
  eventTimeIndex: number;
}

/** What one execution of a stateful operator produced besides its output rows. */
export interface StatefulRun {
  metrics: StateOperatorMetrics;
  /** With capture: the late rows dropped (up to the detail limit). */
  late?: LateSample;
  /** With capture, for operators whose state the web UI shows (aggregations): the state changes. */
  changelog?: StateChangelog;
}

export interface StatefulOperator extends PhysicalOperator {
  /** The name progress' stateOperators give it (stateStoreSave, dedupe, dedupeWithinWatermark). */
  readonly operatorName: string;
  readonly stateInfo: StateInfo;
  readonly watermarks: OperatorWatermarks;
  /** The last execution's metrics and captures (metrics start empty). */
  readonly lastRun: StatefulRun;
  /** Loads the state as of the batch's version. */
  load(): Promise<void>;
  /** Makes version batchId+1 durable. */
  commit(): Promise<void>;
  /** Drops the batch's changes (the batch failed). */
  abort(): void;
  /** Whether a batch with the next watermark (µs) would emit or evict (Spark runs a no-data batch then). */
  needsAnotherBatch(nextWatermarkUs: number): boolean;
}

/** Whether field `i` of a schema is an event-time column (it carries a watermark). */
export function isEventTime(schema: StructTypeClass, i: number): boolean {
  return schema.fields[i]?.metadata["spark.watermarkDelayMs"] !== undefined;
}
