/**
 * The schema of a JDBC read, synchronously: `spark.read.jdbc(...)` returns a DataFrame at once,
 * as in PySpark, whose schema (JDBCRDD.resolveTable: `SELECT * FROM <table> WHERE 1=0`) must be
 * known before the next transformation is analysed. A worker thread runs the query through `pg`
 * while this thread waits on a shared flag (Atomics.wait); errors come back worded by jdbcError.
 * Rows are not read here: the DataFrame's deferred relation reads them at each action.
 */
import { MessageChannel, Worker, receiveMessageOnPort } from "node:worker_threads";
import { StructType } from "../../types/data-types";
import { clientConfig, connectionSpec, jdbcError } from "./connection";
import { JdbcOptionsInput, parseJdbcOptions } from "./options";
import { schemaFromPgFields } from "./postgres-dialect";
import { readWarnings } from "./jdbc-reader";

// The worker: connect, run the setup statements and the schema query, post the fields or the error.
const WORKER = `
const { workerData } = require("node:worker_threads");
const { Client } = require(workerData.pg);
const { port, flag, config, setup, query } = workerData;
const done = (msg) => { port.postMessage(msg); Atomics.store(flag, 0, 1); Atomics.notify(flag, 0); };
(async () => {
  const c = new Client({ ...config, types: { getTypeParser: () => (s) => s } });
  c.on("error", () => {});
  try {
    await c.connect();
    for (const s of setup) await c.query(s);
    const r = await c.query({ text: query, rowMode: "array" });
    done({ fields: r.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID, dataTypeModifier: f.dataTypeModifier })) });
  } catch (e) {
    const { message, code, severity, detail, hint, position } = e || {};
    done({ error: { message: String(message ?? e), code, severity, detail, hint, position } });
  } finally {
    await c.end().catch(() => {});
  }
})();
`;

/** The Spark schema of a JDBC table or query, read now (blocking this thread for one round trip). */
export function readJdbcSchemaSync(options: JdbcOptionsInput): { schema: StructType; warnings: string[] } {
  const opts = parseJdbcOptions(options, "read");
  const spec = connectionSpec(opts);
  const { types: _rawText, ...config } = clientConfig(spec);
  const setup = [
    ...(opts.sessionInitStatement !== undefined ? [opts.sessionInitStatement] : []),
    ...(opts.queryTimeout > 0 ? [`SET statement_timeout = ${opts.queryTimeout * 1000}`] : []),
  ];
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { pg: require.resolve("pg"), port: port2, flag, config, setup, query: `${opts.prepareQuery}SELECT * FROM ${opts.tableOrQuery} WHERE 1=0` },
    transferList: [port2],
  });
  worker.unref();
  // The connect timeout bounds the connection; the statement timeout (or a minute) the query.
  const waitMs = Number(config.connectionTimeoutMillis ?? 10_000) + (opts.queryTimeout > 0 ? opts.queryTimeout * 1000 : 60_000) + 5_000;
  const waited = Atomics.wait(flag, 0, 0, waitMs);
  const msg = receiveMessageOnPort(port1)?.message as { fields?: Array<{ name: string; dataTypeID: number; dataTypeModifier: number }>; error?: Record<string, unknown> } | undefined;
  port1.close();
  void worker.terminate();
  if (waited === "timed-out" || !msg) throw jdbcError({ message: "timeout", code: "ETIMEDOUT" }, spec);
  if (msg.error) throw jdbcError(msg.error, spec);
  return { schema: schemaFromPgFields(msg.fields!), warnings: readWarnings(opts) };
}
