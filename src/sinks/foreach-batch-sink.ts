import { PythonException } from "../errors";
import type { OutputMode, Sink } from "../connector-api/sink";
import type { InternalRow } from "../connector-api/source";
import type { StructTypeClass } from "../types/data-types";

/**
 * foreachBatch: calls the user's function with each micro-batch as a batch DataFrame and its id.
 * The function may be async; the batch commits only after it resolves, and a throw fails the query.
 */
export class ForeachBatchSink<DF> implements Sink {
  readonly description = "ForeachBatchSink";
  constructor(
    private readonly fn: (df: DF, batchId: number) => unknown,
    private readonly toDataFrame: (schema: StructTypeClass, rows: InternalRow[], batchId: number) => DF,
  ) {}

  async addBatch(batchId: number, schema: StructTypeClass, rows: InternalRow[], _mode: OutputMode): Promise<void> {
    if (typeof this.fn !== "function")
      throw new PythonException(`TypeError: '${typeof this.fn}' object is not callable (the argument of foreachBatch must be a function (batchDF, batchId) => ...)`);
    try {
      await this.fn(this.toDataFrame(schema, rows, batchId), batchId);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      throw new PythonException(`An exception was thrown from the foreachBatch function (batch ${batchId}): ${msg}`, "FOREACH_BATCH_USER_FUNCTION_ERROR");
    }
  }
}
