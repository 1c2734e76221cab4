import type { InternalRow } from "../../connector-api/source";
import type { LogicalPlan } from "../../plan/logical-plan";
import type { Emit, ExecContext, PhysicalOperator } from "./operator";

/** Event times (µs) seen by a watermark operator in one execution: for the next watermark and progress. */
export interface EventTimeStats { max: number; min: number; sum: number; count: number }

/**
 * withWatermark (Spark's EventTimeWatermarkExec). In a micro-batch every row's event time counts
 * towards the next watermark; rows at or below the batch's watermark are then dropped. In a batch
 * query (no `batch` given) it passes rows through.
 */
export class EventTimeWatermarkExec implements PhysicalOperator {
  readonly children: PhysicalOperator[];
  /** Event times of the last execution (micro-batch only). */
  readonly stats?: EventTimeStats;
  /** Rows dropped as late in the last execution. */
  dropped = 0;
  /** When set, the first `limit` late rows themselves are kept (the web UI's event-time view). */
  lateRows?: { rows: InternalRow[]; limit: number };
  /** False under a window aggregate, which judges lateness by the window's end instead. */
  dropLate = true;

  constructor(
    readonly logical: LogicalPlan & { kind: "Watermark" },
    readonly child: PhysicalOperator,
    /** The batch's watermark (µs); undefined: none yet, nothing is late. */
    readonly batch?: { watermarkUs: number | undefined },
  ) {
    this.children = [child];
    if (batch) this.stats = { max: -Infinity, min: Infinity, sum: 0, count: 0 };
  }

  execute(env: ExecContext, emit: Emit): void {
    const stats = this.stats;
    if (!stats) return this.child.execute(env, emit);
    const wm = this.batch!.watermarkUs;
    const col = this.logical.column;
    this.child.execute(env, (r) => {
      const t = r[col] as number | null;
      if (t !== null) {
        if (t > stats.max) stats.max = t;
        if (t < stats.min) stats.min = t;
        stats.sum += t;
        stats.count++;
      }
      if (wm !== undefined && t !== null && t <= wm && this.dropLate) {
        this.dropped++;
        if (this.lateRows && this.lateRows.rows.length < this.lateRows.limit) this.lateRows.rows.push(r);
        return;
      }
      emit(r);
    });
  }

  simpleString(): string {
    return `EventTimeWatermark ${this.logical.columnName}, ${this.logical.delayMs} milliseconds`;
  }
}
