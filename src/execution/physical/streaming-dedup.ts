/**
 * Streaming deduplication on a versioned state store (Spark's StreamingDeduplicateExec and, for
 * dropDuplicatesWithinWatermark, StreamingDeduplicateWithinWatermarkExec). The state holds every
 * key seen; a row whose key is in it is dropped. With a watermark, keys leave the state once the
 * watermark passes their event time (dropDuplicates on keys with an event-time column) or their
 * expiry, event time + delay (within watermark), using the batch's watermark for eviction; input
 * rows whose event time is at or below the previous batch's watermark are dropped first as late
 * (Spark 3.5's two watermarks). Under dropDuplicates a key whose event time is NULL stays in the
 * state for good, as in Spark (NULL is never below a watermark). Rows come out in Spark's order: by the shuffle
 * partition of their key (hashpartitioning over spark.sql.shuffle.partitions), then input order.
 */
import type { InternalRow } from "../../connector-api/source";
import type { StateStore } from "../../connector-api/state-store";
import type { LogicalPlan } from "../../plan/logical-plan";
import { partitionOf } from "../aggregates/murmur3";
import { valueKey } from "../../values/values";
import type { Emit, ExecContext, PhysicalOperator } from "./operator";
import { OperatorWatermarks, StateInfo, StatefulOperator, StatefulRun, emptyMetrics, isEventTime } from "./stateful-operator";

export class StreamingDeduplicateExec implements StatefulOperator {
  readonly children: PhysicalOperator[];
  /** Spark's names: StreamingDeduplicateExec reports "dedupe", the within-watermark one "dedupeWithinWatermark". */
  readonly operatorName: string;
  lastRun: StatefulRun = { metrics: emptyMetrics() };
  private readonly keys: number[];
  /** The event-time column among the keys (dropDuplicates) or of the input (within watermark): what eviction reads; -1: none. */
  private readonly eventTime: number;
  /** The input's event-time column, which late rows are judged by (Spark's watermark predicate on the data); -1: none. */
  private readonly inputEventTime: number;
  private readonly delayUs: number;

  constructor(
    readonly logical: LogicalPlan & { kind: "Distinct" },
    readonly child: PhysicalOperator,
    readonly store: StateStore,
    readonly stateInfo: StateInfo,
    readonly watermarks: OperatorWatermarks,
    /** Keep the late rows dropped in lastRun (the web UI; off by default). */
    private readonly capture?: { limit: number },
  ) {
    this.children = [child];
    this.operatorName = logical.withinWatermark ? "dedupeWithinWatermark" : "dedupe";
    const schema = logical.child.schema;
    const fields = schema.fields;
    this.keys = logical.keys ?? fields.map((_, i) => i);
    const watermarked = (i: number) => isEventTime(schema, i);
    this.inputEventTime = fields.findIndex((_, i) => watermarked(i));
    this.eventTime = logical.withinWatermark ? this.inputEventTime : this.keys.find(watermarked) ?? -1;
    this.delayUs = this.eventTime >= 0 ? Number(fields[this.eventTime].metadata["spark.watermarkDelayMs"]) * 1000 : 0;
  }

  async load(): Promise<void> {
    await this.store.load(this.stateInfo.version);
  }

  execute(env: ExecContext, emit: Emit): void {
    const t0 = Date.now();
    const keyTypes = this.keys.map((i) => this.logical.child.schema.fields[i].dataType.typeName);
    const kept: Array<{ row: InternalRow; pid: number; i: number }> = [];
    let updated = 0;
    let dropped = 0;
    const lateUs = this.inputEventTime >= 0 ? this.watermarks.lateEventsUs : undefined;
    const late = this.capture ? { schema: this.logical.child.schema, rows: [] as InternalRow[], eventTimesMs: [] as number[] } : undefined;
    this.child.execute(env, (r) => {
      if (lateUs !== undefined) {
        const t = eventTimeUs(r[this.inputEventTime]);
        if (t !== null && t <= lateUs) {
          dropped++;
          if (late && late.rows.length < this.capture!.limit) { late.rows.push(r); late.eventTimesMs.push(t / 1000); }
          return;
        }
      }
      const values = this.keys.map((i) => r[i]);
      const key = values.map(valueKey).join("\u0001");
      if (this.store.get(key) !== undefined) return;
      // Within watermark, the state remembers when the key expires; otherwise only that it was seen.
      const t = this.eventTime >= 0 ? eventTimeUs(r[this.eventTime]) : null;
      // A NULL event time: dropDuplicates keeps the key for good (NULL is never below a watermark);
      // within watermark, Spark reads it as 0, so the key expires at the delay after the epoch.
      this.store.put(key, this.logical.withinWatermark ? (t ?? 0) + this.delayUs : t);
      updated++;
      kept.push({ row: r, pid: partitionOf(values, keyTypes, this.stateInfo.numPartitions), i: kept.length });
    });
    const updatesMs = Date.now() - t0;
    const t1 = Date.now();
    let removed = 0;
    const wm = this.watermarks.evictionUs;
    if (wm !== undefined && this.eventTime >= 0) {
      for (const [key, v] of [...this.store.entries()]) {
        const at = v as number | null;
        // Both evict at or below the watermark: an event time (or window end) ≤ it, an expiry ≤ it.
        if (at !== null && at <= wm) {
          this.store.remove(key);
          removed++;
        }
      }
    }
    this.lastRun = { metrics: {
      ...emptyMetrics(),
      numRowsTotal: this.store.size,
      numRowsUpdated: updated,
      numRowsRemoved: removed,
      allUpdatesTimeMs: updatesMs,
      allRemovalsTimeMs: Date.now() - t1,
      memoryUsedBytes: this.store.memoryUsedBytes(),
      numRowsDroppedByWatermark: dropped,
    }, late };
    kept.sort((a, b) => a.pid - b.pid || a.i - b.i);
    for (const k of kept) emit(k.row);
  }

  async commit(): Promise<void> {
    const t = Date.now();
    await this.store.commit();
    this.lastRun.metrics.commitTimeMs = Date.now() - t;
  }

  abort(): void {
    this.store.abort();
  }

  /** Spark's StreamingDeduplicateExec.shouldRunAnotherBatch: the watermark below moved past the one this batch evicted with. */
  needsAnotherBatch(nextWatermarkUs: number): boolean {
    return this.watermarks.watermarked && nextWatermarkUs > (this.watermarks.evictionUs ?? 0);
  }

  simpleString(): string {
    const fields = this.logical.child.schema.fields;
    const s = this.stateInfo;
    const name = this.logical.withinWatermark ? "StreamingDeduplicateWithinWatermark" : "StreamingDeduplicate";
    return `${name} [${this.keys.map((i) => fields[i].name).join(", ")}], state info [ checkpoint = ${s.checkpointLocation}, runId = ${s.runId}, opId = ${s.operatorId}, ver = ${s.version}, numPartitions = ${s.numPartitions}], ${ms(this.watermarks.lateEventsUs)}, ${ms(this.watermarks.evictionUs)}`;
  }
}

const ms = (us: number | undefined): number => (us === undefined ? 0 : us / 1000);

/** An event time in µs: a timestamp, or a window struct's end (a chained dedup on an aggregation's window). */
function eventTimeUs(v: unknown): number | null {
  if (Array.isArray(v)) return (v[1] as number | null) ?? null;
  return (v as number | null) ?? null;
}
