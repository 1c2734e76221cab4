/**
 * `df.write.format("jdbc")` for PostgreSQL, with Spark's save modes and DDL
 * (JdbcRelationProvider.createRelation + JdbcUtils), working on a schema and internal rows.
 *
 * Unlike Spark, every write is ONE transaction: an overwrite (DROP + CREATE, or emptying the
 * table when truncate=true) and its INSERTs commit together, so a concurrent reader sees either
 * the old rows or the new ones, never a missing or empty table.
 */
import { PoolClient } from "pg";
import type { SaveMode } from "../../connector-api/save-mode";
import { AnalysisException, IskraError } from "../../errors";
import { StructType } from "../../types/data-types";
import { ConnectionSpec, acquire, connectionSpec, jdbcError } from "./connection";
import { IsolationLevel, JdbcOptionsInput, parseJdbcOptions } from "./options";
import { createTableSql, getJdbcType, paramConverter, quoteIdentifier, scalaTypeString, schemaFromPgFields, tableCommentSql, truncateSql } from "./postgres-dialect";

export interface WriteJdbcArgs {
  schema: StructType;
  /** Internal rows: arrays of values in schema order (see src/types/data-types.ts). */
  rows: Iterable<ArrayLike<unknown>>;
  options: JdbcOptionsInput;
  /** The save mode (parsed once, by DataFrameWriter.mode: connector-api/save-mode.ts); default ErrorIfExists. */
  mode?: SaveMode;
  /** spark.sql.caseSensitive (default false): how DataFrame columns match table columns. */
  caseSensitive?: boolean;
  /** Exactly-once: record (queryId, batchId) in this ledger table in the write's transaction; skip a recorded batch. */
  ledger?: JdbcLedger;
}

/** A ledger of written micro-batches (see api/exactly-once.ts). */
export interface JdbcLedger {
  table: string;
  queryId: string;
  batchId: number;
}

export interface WriteJdbcResult {
  /** Unknown options and the like, for the caller to print. */
  warnings: string[];
  rowsWritten: number;
  /** created: the table did not exist; recreated: overwrite dropped and created it;
   *  replaced: overwrite with truncate kept the table and replaced its rows. */
  action: "created" | "appended" | "recreated" | "replaced" | "ignored" | "skipped";
  elapsedMs: number;
}

/** At most this many bind parameters per statement (the protocol's limit is 65535). */
const MAX_PARAMETERS = 65535;
/** With truncate=true, tables receiving fewer rows than this are emptied with DELETE (cheaper for
 *  small tables and never blocks behind readers), larger ones with TRUNCATE TABLE ONLY. */
const DELETE_INSTEAD_OF_TRUNCATE_BELOW = 10_000;

function beginSql(level: IsolationLevel): string {
  return level === "NONE" || level === "READ_UNCOMMITTED" ? "BEGIN" : `BEGIN ISOLATION LEVEL ${level.replace("_", " ")}`;
}

function checkSchema(schema: StructType, caseSensitive: boolean): void {
  const seen = new Set<string>();
  for (const f of schema.fields) {
    const k = caseSensitive ? f.name : f.name.toLowerCase();
    if (seen.has(k)) throw new AnalysisException(`The column \`${k}\` already exists. Consider to choose another name or rename the existing column.`, "COLUMN_ALREADY_EXISTS");
    seen.add(k);
    getJdbcType(f.dataType); // struct, map, nested arrays: Spark's "Can't get JDBC type for ..."
  }
}

interface ProbeField {
  name: string;
  dataTypeID: number;
  dataTypeModifier: number;
  tableID: number;
  columnID: number;
}

/** Spark's "Column ... not found in schema Some(StructType(...))" with the table's schema as Spark reads it. */
async function columnNotFound(client: PoolClient, colName: string, fields: ProbeField[]): Promise<AnalysisException> {
  const notNull = new Set<number>();
  const tableID = fields[0]?.tableID;
  if (tableID) {
    try {
      const r = await client.query({ text: "SELECT attnum FROM pg_attribute WHERE attrelid = $1 AND attnum > 0 AND attnotnull", values: [tableID], rowMode: "array" });
      for (const row of r.rows) notNull.add(Number(row[0]));
    } catch {
      /* nullability is cosmetic here */
    }
  }
  const tableSchema = schemaFromPgFields(fields.map((f) => ({ ...f, nullable: !notNull.has(f.columnID) })));
  return new AnalysisException(`Column ${colName} not found in schema Some(${scalaTypeString(tableSchema)}).`, "_LEGACY_ERROR_TEMP_1156");
}

async function insertRows(
  client: PoolClient,
  table: string,
  schema: StructType,
  targetNames: readonly string[],
  rows: Iterable<ArrayLike<unknown>>,
  batchsize: number,
): Promise<number> {
  const ncol = schema.fields.length;
  let written = 0;
  if (ncol === 0) {
    for (const _ of rows) {
      await client.query(`INSERT INTO ${table} DEFAULT VALUES`);
      written++;
    }
    return written;
  }
  const convert = schema.fields.map((f) => paramConverter(f.dataType));
  const perStatement = Math.max(1, Math.min(batchsize, Math.floor(MAX_PARAMETERS / ncol)));
  const head = `INSERT INTO ${table} (${targetNames.map(quoteIdentifier).join(",")}) VALUES `;
  const texts = new Map<number, string>();
  const textFor = (n: number): string => {
    let t = texts.get(n);
    if (t === undefined) {
      const parts: string[] = new Array(n);
      let p = 1;
      for (let r = 0; r < n; r++) {
        let tuple = "(";
        for (let c = 0; c < ncol; c++) tuple += (c ? ",$" : "$") + p++;
        parts[r] = tuple + ")";
      }
      t = head + parts.join(",");
      texts.set(n, t);
    }
    return t;
  };
  let values: unknown[] = [];
  let inChunk = 0;
  const flush = async () => {
    if (inChunk === 0) return;
    await client.query(textFor(inChunk), values);
    written += inChunk;
    values = [];
    inChunk = 0;
  };
  for (const row of rows) {
    for (let c = 0; c < ncol; c++) {
      const v = row[c];
      values.push(v === undefined || v === null ? null : convert[c](v));
    }
    if (++inChunk === perStatement) await flush();
  }
  await flush();
  return written;
}

/** Writes rows into a PostgreSQL table with Spark's save-mode semantics, in one transaction. */
export async function writeJdbc(args: WriteJdbcArgs): Promise<WriteJdbcResult> {
  const t0 = performance.now();
  const mode: SaveMode = args.mode ?? "errorifexists";
  const opts = parseJdbcOptions(args.options, "write");
  const caseSensitive = args.caseSensitive ?? false;
  checkSchema(args.schema, caseSensitive);
  const table = opts.dbtable!;
  const spec: ConnectionSpec = connectionSpec(opts);
  const begin = beginSql(opts.isolationLevel);
  const useTruncate = (rowCount: number) => opts.cascadeTruncate === true || rowCount >= DELETE_INSTEAD_OF_TRUNCATE_BELOW;
  const rows = Array.isArray(args.rows) ? (args.rows as ArrayLike<unknown>[]) : [...args.rows];

  const client = await acquire(spec);
  let broken: Error | undefined;
  let inTx = false;
  const q = async (text: string) => client.query(text);
  try {
    if (args.ledger) await ensureLedgerTable(client, args.ledger.table);
    // One round trip: open the transaction, learn whether the table exists and its columns
    // (Spark's "SELECT * FROM <table> WHERE 1=0"), and, for overwrite+truncate, empty it.
    const emptyFirst = mode === "overwrite" && opts.truncate;
    const emptySql = useTruncate(rows.length) ? truncateSql(table, opts.cascadeTruncate) : `DELETE FROM ONLY ${table}`;
    let fields: ProbeField[] | undefined;
    inTx = true;
    try {
      const res = (await q(`${begin}; SELECT * FROM ${table} WHERE 1=0${emptyFirst ? "; " + emptySql : ""}`)) as unknown as { fields: ProbeField[] }[];
      fields = res[1].fields;
    } catch (e) {
      await q("ROLLBACK");
      inTx = false;
      // Spark's tableExists: any failure of the probe means "does not exist"; CREATE then reports
      // the real problem. But with truncate, the failure may come from emptying an existing table.
      if (emptyFirst && !isUndefinedTable(e)) {
        const probe = await tableExists(client, table);
        if (probe) throw e;
      }
    }
    const exists = fields !== undefined;

    if (exists && mode === "ignore") {
      await q("ROLLBACK");
      inTx = false;
      return { warnings: opts.warnings, rowsWritten: 0, action: "ignored", elapsedMs: performance.now() - t0 };
    }
    if (exists && mode === "errorifexists") {
      await q("ROLLBACK");
      inTx = false;
      throw new AnalysisException(`Table or view '${table}' already exists. SaveMode: ErrorIfExists.`, "_LEGACY_ERROR_TEMP_1288");
    }

    let action: WriteJdbcResult["action"];
    let targetNames: string[];
    const createSql = () =>
      createTableSql(table, args.schema, { createTableOptions: opts.createTableOptions, createTableColumnTypes: opts.createTableColumnTypes, caseSensitive }) +
      (opts.tableComment ? "; " + tableCommentSql(table, opts.tableComment) : "");
    if (!exists) {
      await q(`${begin}; ${createSql()}`);
      inTx = true;
      action = "created";
      targetNames = args.schema.fields.map((f) => f.name);
    } else if (mode === "overwrite" && !opts.truncate) {
      await q(`DROP TABLE ${table}; ${createSql()}`);
      action = "recreated";
      targetNames = args.schema.fields.map((f) => f.name);
    } else {
      // append, or overwrite with truncate (already emptied above): match columns by name.
      const tableNames = fields!.map((f) => f.name);
      targetNames = [];
      for (const f of args.schema.fields) {
        const n = tableNames.find((t) => (caseSensitive ? t === f.name : t.toLowerCase() === f.name.toLowerCase()));
        if (n === undefined) throw await columnNotFound(client, f.name, fields!);
        targetNames.push(n);
      }
      action = mode === "overwrite" ? "replaced" : "appended";
    }
    // Claim the batch in the ledger inside the same transaction: a batch already recorded was
    // written by an earlier run whose commits/N never landed; roll back and write nothing.
    if (args.ledger && !(await claimBatch(client, args.ledger, table, rows.length))) {
      await q("ROLLBACK");
      inTx = false;
      return { warnings: opts.warnings, rowsWritten: 0, action: "skipped", elapsedMs: performance.now() - t0 };
    }
    const written = await insertRows(client, table, args.schema, targetNames, rows, opts.batchsize);
    await q("COMMIT");
    inTx = false;
    return { warnings: opts.warnings, rowsWritten: written, action, elapsedMs: performance.now() - t0 };
  } catch (e) {
    if (inTx) {
      try {
        await q("ROLLBACK");
      } catch (e2) {
        broken = e2 as Error;
      }
    }
    if (!(e instanceof IskraError) && isConnectionLevel(e)) broken = e as Error;
    throw jdbcError(e, spec);
  } finally {
    client.release(broken);
  }
}

/** Creates the ledger table when missing (a concurrent creator's win is fine). */
async function ensureLedgerTable(client: PoolClient, ledger: string): Promise<void> {
  try {
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${ledger} (query_id TEXT NOT NULL, batch_id BIGINT NOT NULL, table_name TEXT NOT NULL, ` +
        `rows_written BIGINT NOT NULL, committed_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (query_id, batch_id))`,
    );
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code !== "23505" && code !== "42P07") throw e; // both: created meanwhile by another writer
  }
}

/** Inserts the batch's ledger row; false when it was there already. The row lock serialises rivals. */
async function claimBatch(client: PoolClient, ledger: JdbcLedger, table: string, rowCount: number): Promise<boolean> {
  const r = await client.query(
    `INSERT INTO ${ledger.table} (query_id, batch_id, table_name, rows_written) VALUES ($1, $2, $3, $4) ON CONFLICT (query_id, batch_id) DO NOTHING`,
    [ledger.queryId, ledger.batchId, table, rowCount],
  );
  return r.rowCount === 1;
}

function isUndefinedTable(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === "42P01" || code === "3F000";
}

function isConnectionLevel(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return !code || /^(08|57P)/.test(code) || code.startsWith("E");
}

async function tableExists(client: PoolClient, table: string): Promise<boolean> {
  try {
    await client.query(`SELECT 1 FROM ${table} LIMIT 1`);
    return true;
  } catch {
    return false;
  }
}
