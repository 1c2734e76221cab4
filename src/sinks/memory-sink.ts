import type { OutputMode, Sink } from "../connector-api/sink";
import type { InternalRow } from "../connector-api/source";
import type { StructTypeClass } from "../types/data-types";

/**
 * The memory sink: an in-memory table named after the query (`spark.table(name)`). Append and
 * update add the batch's rows; complete replaces the table. Re-delivery of a batch id already
 * added is ignored, so a re-run batch is not counted twice.
 */
export class MemorySink implements Sink {
  readonly description = "MemorySink";
  rows: InternalRow[] = [];
  schema?: StructTypeClass;
  private lastBatchId = -1;

  async addBatch(batchId: number, schema: StructTypeClass, rows: InternalRow[], mode: OutputMode): Promise<void> {
    if (batchId <= this.lastBatchId) return;
    this.schema = schema;
    this.rows = mode === "complete" ? rows.slice() : this.rows.concat(rows);
    this.lastBatchId = batchId;
  }
}
