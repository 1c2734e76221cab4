import { BatchActions, runTracked } from "../connector-api/batch-actions";
import { PythonException } from "../errors";
import type { OutputMode, Sink } from "../connector-api/sink";
import type { InternalRow } from "../connector-api/source";
import type { StructTypeClass } from "../types/data-types";

/**
 * foreachBatch: calls the user's function with each micro-batch as a batch DataFrame and its id.
 * The function may be async; the batch commits only after it resolves AND every action it started
 * (awaited or not, see batch-actions.ts) has finished. A throw, a rejection or a failed action
 * fails the batch, and so the query (StreamingQueryException); nothing is committed for it.
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
    const actions = new BatchActions();
    const fail = (e: unknown) => {
      const msg = e instanceof Error ? e.message : String(e);
      return new PythonException(`An exception was thrown from the foreachBatch function (batch ${batchId}): ${msg}`, "FOREACH_BATCH_USER_FUNCTION_ERROR");
    };
    try {
      await runTracked(actions, () => this.fn(this.toDataFrame(schema, rows, batchId), batchId));
    } catch (e) {
      await actions.settle();
      throw fail(e);
    }
    const failed = await actions.settle();
    if (failed) throw fail(failed.error);
  }
}
