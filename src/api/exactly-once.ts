/**
 * Exactly-once writes from foreachBatch into PostgreSQL: the practitioners' pattern for Spark.
 *
 * Spark's foreachBatch is at-least-once: a batch whose sink write committed but whose
 * commits/N was not yet written (a crash in between) is run again on restart, with the same
 * batchId and the same rows. `exactlyOnce(batchDF, batchId).jdbc(...)` makes that re-run
 * harmless: in the same PostgreSQL transaction as the rows it inserts the key
 * (query id, batch id) into a ledger table; a batch whose key is already there is skipped and
 * the transaction rolled back. So the table holds each batch once, whatever instant the query
 * was killed at.
 *
 *     query = df.writeStream.foreachBatch(async (batchDF, batchId) => {
 *       await exactlyOnce(batchDF, batchId).jdbc(jdbcUrl, "housestats", "append", props)
 *     }).option("checkpointLocation", "/tmp/cp").start()
 *
 * The query id defaults to the id of the query running the batch (kept in the checkpoint, so a
 * restart has the same); pass `queryId` to share a ledger between checkpoints deliberately.
 */
import { IllegalArgumentException } from "../errors";
import { batchContextOf } from "./batch-context";
import type { DataFrame } from "./dataframe";
import { DataFrameWriter } from "./writer";

export interface ExactlyOnceOptions {
  /** The key's first half; default: the id of the streaming query that runs the batch. */
  queryId?: string;
  /** The ledger table (created when missing); default `iskra_batch_ledger`. */
  ledgerTable?: string;
}

export const DEFAULT_LEDGER_TABLE = "iskra_batch_ledger";

/** A DataFrameWriter for `batchDF` whose JDBC write is recorded in, and guarded by, the ledger. */
export function exactlyOnce(batchDF: DataFrame, batchId?: number, options: ExactlyOnceOptions = {}): DataFrameWriter {
  const ctx = batchContextOf(batchDF);
  const id = batchId ?? ctx?.batchId;
  const queryId = options.queryId ?? ctx?.queryId;
  if (id === undefined || !Number.isSafeInteger(id) || id < 0)
    throw new IllegalArgumentException(`exactlyOnce needs the micro-batch's id: call it as exactlyOnce(batchDF, batchId) inside foreachBatch (got ${String(batchId)}).`);
  if (!queryId)
    throw new IllegalArgumentException("exactlyOnce needs a query id: use it on the DataFrame that foreachBatch passes to your function, or pass { queryId: \"…\" }.");
  return batchDF.write.withLedger({ table: options.ledgerTable ?? DEFAULT_LEDGER_TABLE, queryId, batchId: id });
}
