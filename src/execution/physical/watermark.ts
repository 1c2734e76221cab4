import type { LogicalPlan } from "../../plan/logical-plan";
import type { Emit, ExecContext, PhysicalOperator } from "./operator";

/** Event times (µs) seen by a watermark operator in one execution: for the next watermark and progress. */
export interface EventTimeStats { max: number; min: number; sum: number; count: number }

/**
 * withWatermark (Spark's EventTimeWatermarkExec). In a micro-batch it records the event times of
 * the rows passing through (towards the next watermark and progress' eventTime) and passes every
 * row on: as in Spark 3.5, late rows are dropped only by the stateful operators above it, with
 * the previous batch's watermark, so a stateless query keeps them. In a batch query it only passes
 * rows through.
 */
export class EventTimeWatermarkExec implements PhysicalOperator {
  readonly children: PhysicalOperator[];
  /** Event times of the last execution (micro-batch only). */
  readonly stats?: EventTimeStats;

  constructor(
    readonly logical: LogicalPlan & { kind: "Watermark" },
    readonly child: PhysicalOperator,
    microBatch = false,
  ) {
    this.children = [child];
    if (microBatch) this.stats = { max: -Infinity, min: Infinity, sum: 0, count: 0 };
  }

  get delayMs(): number {
    return this.logical.delayMs;
  }

  execute(env: ExecContext, emit: Emit): void {
    const stats = this.stats;
    if (!stats) return this.child.execute(env, emit);
    const col = this.logical.column;
    this.child.execute(env, (r) => {
      const t = r[col] as number | null;
      if (t !== null) {
        if (t > stats.max) stats.max = t;
        if (t < stats.min) stats.min = t;
        stats.sum += t;
        stats.count++;
      }
      emit(r);
    });
  }

  simpleString(): string {
    return `EventTimeWatermark ${this.logical.columnName}, ${this.logical.delayMs} milliseconds`;
  }
}
