/**
 * The event-time watermark of a streaming query (Spark 3.5's WatermarkTracker with the min
 * policy, and the two watermarks of SPARK-40925 each stateful operator runs with):
 * - `current` is the batch's watermark, fixed when the batch is planned (offsets/N records it):
 *   stateful operators evict state and emit closed windows with it (eventTimeWatermarkForEviction);
 * - `previousBatch` is the watermark the batch before ran with: stateful operators drop input
 *   rows at or below it as late (eventTimeWatermarkForLateEvents); 0 before the second batch.
 * After a batch, each watermark operator that saw rows proposes max event time − delay (never
 * lower than it proposed before); the global watermark moves to the lowest proposal when that is
 * higher. Watermark operators that saw no rows yet take no part (Spark's operatorToWatermarkMap).
 * Single global watermark: Spark 3.5's propagation gives every stateful operator of a chain the
 * same input watermark (aggregation and deduplication pass theirs through unchanged).
 */
import type { EventTimeStats } from "../execution/physical/watermark";

export interface BatchWatermarks {
  /** The watermark late rows are dropped with (ms; the previous batch's). */
  forLateEventsMs: number;
  /** The watermark state is evicted and output emitted with (ms; this batch's). */
  forEvictionMs: number;
}

export class WatermarkTracker {
  private currentMs = 0;
  private previousBatchMs = 0;
  /** Per watermark operator (by plan position), the highest watermark it proposed in this run. */
  private readonly proposals = new Map<number, number>();

  /** Restores the watermarks a (re)started query continues with. */
  restore(currentMs: number, previousBatchMs: number): void {
    this.currentMs = currentMs;
    this.previousBatchMs = previousBatchMs;
  }

  get current(): number {
    return this.currentMs;
  }

  /** The two watermarks of the batch about to run. */
  forBatch(): BatchWatermarks {
    return { forLateEventsMs: this.previousBatchMs, forEvictionMs: this.currentMs };
  }

  /**
   * After a batch ran with `batchWatermarkMs`: folds the event times its watermark operators saw
   * (in plan order) into the next watermark, and remembers the batch's for the next one's late rows.
   */
  advance(batchWatermarkMs: number, operators: Array<{ stats?: EventTimeStats; delayMs: number }>): number {
    operators.forEach((op, i) => {
      const s = op.stats;
      if (!s || !s.count) return;
      // Spark keeps event times in ms (µs / 1000, truncated) before subtracting the delay.
      const proposal = Math.trunc(s.max / 1000) - op.delayMs;
      const before = this.proposals.get(i);
      if (before === undefined || proposal > before) this.proposals.set(i, proposal);
    });
    this.previousBatchMs = batchWatermarkMs;
    if (this.proposals.size) {
      const chosen = Math.min(...this.proposals.values());
      if (chosen > this.currentMs) this.currentMs = chosen;
    }
    return this.currentMs;
  }
}
