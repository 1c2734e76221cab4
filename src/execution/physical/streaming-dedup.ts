/**
 * Streaming deduplication on a versioned state store (Spark's StreamingDeduplicateExec and, for
 * dropDuplicatesWithinWatermark, StreamingDeduplicateWithinWatermarkExec). The state holds every
 * key seen; a row whose key is in it is dropped. With a watermark, keys leave the state once the
 * watermark passes their event time (dropDuplicates on keys with an event-time column) or their
 * expiry, event time + delay (within watermark). Rows come out in Spark's order: by the shuffle
 * partition of their key (hashpartitioning over spark.sql.shuffle.partitions), then input order.
 */
import type { InternalRow } from "../../connector-api/source";
import type { StateStore } from "../../connector-api/state-store";
import type { LogicalPlan } from "../../plan/logical-plan";
import { partitionOf } from "../aggregates/murmur3";
import { valueKey } from "../../values/values";
import type { Emit, ExecContext, PhysicalOperator } from "./operator";
import type { StateInfo, StateOperatorMetrics } from "./stateful-aggregate";
import type { EventTimeWatermarkExec } from "./watermark";

export class StreamingDeduplicateExec implements PhysicalOperator {
  readonly children: PhysicalOperator[];
  readonly operatorName = "dedupe";
  metrics: StateOperatorMetrics = { numRowsTotal: 0, numRowsUpdated: 0, numRowsRemoved: 0, numRowsDroppedByWatermark: 0, allUpdatesTimeMs: 0, allRemovalsTimeMs: 0, commitTimeMs: 0, memoryUsedBytes: 0 };
  private readonly keys: number[];
  /** The event-time column among the keys (dropDuplicates) or of the input (within watermark); -1: none. */
  private readonly eventTime: number;
  private readonly delayUs: number;

  constructor(
    readonly logical: LogicalPlan & { kind: "Distinct" },
    readonly child: PhysicalOperator,
    readonly store: StateStore,
    readonly stateInfo: StateInfo,
    /** The batch's watermark (µs); undefined: none yet. */
    readonly watermarkUs: number | undefined,
    private readonly watermarks: EventTimeWatermarkExec[],
  ) {
    this.children = [child];
    const fields = logical.child.schema.fields;
    this.keys = logical.keys ?? fields.map((_, i) => i);
    const watermarked = (i: number) => fields[i]?.metadata["spark.watermarkDelayMs"] !== undefined;
    this.eventTime = logical.withinWatermark ? fields.findIndex((_, i) => watermarked(i)) : this.keys.find(watermarked) ?? -1;
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
    this.child.execute(env, (r) => {
      const values = this.keys.map((i) => r[i]);
      const key = values.map(valueKey).join("\u0001");
      if (this.store.get(key) !== undefined) return;
      // Within watermark, the state remembers when the key expires; otherwise only that it was seen.
      const t = this.eventTime >= 0 ? (r[this.eventTime] as number | null) : null;
      this.store.put(key, this.logical.withinWatermark && t !== null ? t + this.delayUs : t === null ? 0 : t);
      updated++;
      kept.push({ row: r, pid: partitionOf(values, keyTypes, this.stateInfo.numPartitions), i: kept.length });
    });
    const updatesMs = Date.now() - t0;
    const t1 = Date.now();
    let removed = 0;
    const wm = this.watermarkUs;
    if (wm !== undefined && this.eventTime >= 0) {
      for (const [key, v] of [...this.store.entries()]) {
        const at = v as number;
        if (this.logical.withinWatermark ? at < wm : at <= wm) {
          this.store.remove(key);
          removed++;
        }
      }
    }
    this.metrics = {
      ...this.metrics,
      numRowsTotal: this.store.size,
      numRowsUpdated: updated,
      numRowsRemoved: removed,
      allUpdatesTimeMs: updatesMs,
      allRemovalsTimeMs: Date.now() - t1,
      memoryUsedBytes: this.store.memoryUsedBytes(),
      numRowsDroppedByWatermark: this.watermarks.reduce((n, w) => n + w.dropped, 0),
    };
    kept.sort((a, b) => a.pid - b.pid || a.i - b.i);
    for (const k of kept) emit(k.row);
  }

  async commit(): Promise<void> {
    const t = Date.now();
    await this.store.commit();
    this.metrics.commitTimeMs = Date.now() - t;
  }

  abort(): void {
    this.store.abort();
  }

  /** Spark runs a no-data batch when the watermark moved past the one this batch evicted with. */
  needsAnotherBatch(nextWatermarkUs: number): boolean {
    return this.eventTime >= 0 && nextWatermarkUs > (this.watermarkUs ?? 0);
  }

  simpleString(): string {
    const fields = this.logical.child.schema.fields;
    const s = this.stateInfo;
    const name = this.logical.withinWatermark ? "StreamingDeduplicateWithinWatermark" : "StreamingDeduplicate";
    return `${name} [${this.keys.map((i) => fields[i].name).join(", ")}], state info [ checkpoint = ${s.checkpointLocation}, runId = ${s.runId}, opId = ${s.operatorId}, ver = ${s.version}, numPartitions = ${s.numPartitions}], ${this.watermarkUs === undefined ? 0 : this.watermarkUs / 1000}, ${this.watermarkUs === undefined ? 0 : this.watermarkUs / 1000}`;
  }
}
