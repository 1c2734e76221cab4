/**
 * `spark.read.format("jdbc")` for PostgreSQL: runs `SELECT * FROM <dbtable>` or
 * `SELECT * FROM (<query>) SPARK_GEN_SUBQ_n` and returns Spark's schema (every column nullable,
 * as JDBCRDD.resolveTable reports it) with internal rows.
 */
import { Client, PoolClient } from "pg";
import { StructType } from "../../types/data-types";
import { acquire, connectDedicated, connectionSpec, jdbcError } from "./connection";
import { JdbcOptions, JdbcOptionsInput, parseJdbcOptions } from "./options";
import { schemaFromPgFields, textParserForPg } from "./postgres-dialect";

export interface ReadJdbcArgs {
  options: JdbcOptionsInput;
}

export interface ReadJdbcResult {
  schema: StructType;
  /** Internal rows: arrays of values in schema order. */
  rows: unknown[][];
  warnings: string[];
}

interface Field {
  name: string;
  dataTypeID: number;
  dataTypeModifier: number;
}

export function readWarnings(opts: JdbcOptions): string[] {
  const w = [...opts.warnings];
  if (opts.customSchema !== undefined) w.push("Option 'customSchema' is not supported by Iskra yet; column types come from the database.");
  return w;
}

async function withReadConnection<T>(opts: JdbcOptions, fn: (c: Client | PoolClient) => Promise<T>): Promise<T> {
  const spec = connectionSpec(opts);
  // Session settings (sessionInitStatement, a statement timeout) must not leak into the shared pool.
  const dedicated = opts.sessionInitStatement !== undefined || opts.queryTimeout > 0;
  const client: Client | PoolClient = dedicated ? await connectDedicated(spec) : await acquire(spec);
  let failed: Error | undefined;
  try {
    if (opts.sessionInitStatement !== undefined) await client.query(opts.sessionInitStatement);
    if (opts.queryTimeout > 0) await client.query(`SET statement_timeout = ${opts.queryTimeout * 1000}`);
    return await fn(client);
  } catch (e) {
    failed = e as Error;
    throw jdbcError(e, spec);
  } finally {
    if (dedicated) await (client as Client).end().catch(() => {});
    else (client as PoolClient).release(failed && !(failed as { code?: string }).code ? failed : undefined);
  }
}

/** Reads a whole table or query result. */
export async function readJdbc(args: ReadJdbcArgs): Promise<ReadJdbcResult> {
  const opts = parseJdbcOptions(args.options, "read");
  return withReadConnection(opts, async (c) => {
    const r = await c.query({ text: `${opts.prepareQuery}SELECT * FROM ${opts.tableOrQuery}`, rowMode: "array" });
    const fields = r.fields as Field[];
    const parsers = fields.map((f) => textParserForPg(f.dataTypeID, f.dataTypeModifier));
    const n = fields.length;
    const rows: unknown[][] = new Array(r.rows.length);
    for (let i = 0; i < r.rows.length; i++) {
      const raw = r.rows[i] as (string | null)[];
      const row = new Array(n);
      for (let j = 0; j < n; j++) row[j] = raw[j] === null ? null : parsers[j](raw[j] as string);
      rows[i] = row;
    }
    return { schema: schemaFromPgFields(fields), rows, warnings: readWarnings(opts) };
  });
}
