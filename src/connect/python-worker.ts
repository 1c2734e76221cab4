/**
 * foreachBatch over Spark Connect: the client's function arrives cloudpickled (a PythonUDF), and
 * runs where Spark runs it — in PySpark's own worker, `pyspark.sql.connect.streaming.worker.
 * foreach_batch_worker`, started with the client's Python, which connects back to this server
 * as a Connect client and is handed each micro-batch as a cached DataFrame id.
 */
import type { DataStreamWriter } from "../index";
import { unsupported } from "./errors";
import type { ConnectSession } from "./session";

type Msg = Record<string, any>;

export function foreachBatchWorker(_server: unknown): (s: ConnectSession, w: DataStreamWriter, fn: Msg) => void {
  return () => {
    throw unsupported("foreachBatch over Spark Connect");
  };
}
