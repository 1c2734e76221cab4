import { PythonException } from "../errors";
import type { OutputMode, Sink } from "../connector-api/sink";
import type { InternalRow } from "../connector-api/source";
import type { StructTypeClass } from "../types/data-types";

/** A row writer as PySpark's foreach accepts: a function, or an object with open/process/close. */
export type ForeachWriter<R> =
  | ((row: R) => unknown)
  | { open?(partitionId: number, epochId: number): unknown; process(row: R): unknown; close?(error: unknown): unknown };

/** foreach: the user's code sees every output row; open/close bracket each batch (one partition). */
export class ForeachSink<R> implements Sink {
  readonly description = "ForeachSink";
  constructor(private readonly writer: ForeachWriter<R>, private readonly toRows: (schema: StructTypeClass, rows: InternalRow[]) => R[]) {}

  async addBatch(batchId: number, schema: StructTypeClass, rows: InternalRow[], _mode: OutputMode): Promise<void> {
    const w = this.writer;
    const external = this.toRows(schema, rows);
    try {
      if (typeof w === "function") {
        for (const r of external) await w(r);
        return;
      }
      const open = w.open ? await w.open(0, batchId) : true;
      let error: unknown = null;
      try {
        if (open !== false) for (const r of external) await w.process(r);
      } catch (e) {
        error = e;
        throw e;
      } finally {
        await w.close?.(error);
      }
    } catch (e) {
      throw new PythonException(`An exception was thrown from the foreach writer (batch ${batchId}): ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
