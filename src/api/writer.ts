/**
 * DataFrameWriter: `df.write.format(...).option(...).mode(...).partitionBy(...).save(path)`, and
 * PySpark's shorthands `csv`/`json`/`text`/`parquet`/`orc`/`jdbc`, `saveAsTable`, `insertInto`.
 * Formats come from the batch registry (sinks/registry.ts: every file format, kafka); JDBC is
 * written here, as it may carry an exactly-once ledger. Python keyword arguments arrive as one
 * options object: `df.write.csv(path, { mode: "overwrite", header: true })`.
 */
import { trackAction } from "../connector-api/batch-actions";
import { AnalysisException, IllegalArgumentException, dataSourceNotFound } from "../errors";
import { SaveMode, parseSaveMode } from "../connector-api/save-mode";
import { CaseInsensitiveMap } from "../connector-api/options";
import { getBatchSinkFactory, sinkFormats } from "../sinks/registry";
import type { JdbcLedger } from "../connectors/jdbc/jdbc-writer";
import { type DataFrame, runAsAction } from "./dataframe";
import { batchContext } from "./reader";
import { tableNotFound } from "./catalog";
import { parseSchema } from "../types/ddl";

/** A table's column names from its stored DDL. */
const tableColumns = (ddl: string): string[] => parseSchema(ddl).names;

type OptionValue = string | number | boolean | null | undefined;
/** PySpark's keyword arguments of the shorthands: mode, partitionBy, and the format's options. */
export type WriterOptions = Record<string, OptionValue | readonly string[]>;

export class DataFrameWriter {
  private fmt = "parquet";
  private saveMode: SaveMode = "errorifexists";
  /** Options, case-insensitive (Spark's CaseInsensitiveMap), normalised here once. */
  private readonly opts = new CaseInsensitiveMap();
  private partitionCols: string[] = [];
  /** The py4j method PySpark called (`save`, or the shorthand's name), named when the write's job fails. */
  private py4jMethod = "save";
  /** Set by `exactlyOnce`: the JDBC write also records (queryId, batchId) in this ledger, once. */
  private ledger?: JdbcLedger;

  constructor(private readonly df: DataFrame) {
    if (df.isStreaming)
      throw new AnalysisException("'write' can not be called on streaming Dataset/DataFrame.", "_LEGACY_ERROR_TEMP_1226");
  }

  format(source: string): this { this.fmt = source.toLowerCase(); return this; }
  mode(m: string | null | undefined): this {
    if (m !== null && m !== undefined) this.saveMode = parseSaveMode(m);
    return this;
  }
  option(key: string, value: OptionValue): this {
    if (value !== null && value !== undefined) this.opts.set(key, String(value));
    return this;
  }
  options(o: Record<string, OptionValue>): this { for (const [k, v] of Object.entries(o)) this.option(k, v); return this; }
  partitionBy(...cols: (string | readonly string[])[]): this {
    this.partitionCols = cols.flat();
    return this;
  }

  /** The writer's settings from a shorthand's options object (or its mode string). */
  private apply(modeOrOptions?: string | WriterOptions | null): void {
    if (typeof modeOrOptions === "string") { this.mode(modeOrOptions); return; }
    for (const [k, v] of Object.entries(modeOrOptions ?? {})) {
      if (k === "mode") this.mode(v as string);
      else if (k === "partitionBy") { if (v !== null && v !== undefined) this.partitionBy(...(Array.isArray(v) ? v : [v as string])); }
      else if (k === "format") { if (v) this.format(String(v)); }
      else this.option(k, v as OptionValue);
    }
  }

  /** `save(path=None, format=None, mode=None, partitionBy=None, **options)`. */
  async save(p?: string, format?: string, mode?: string, partitionBy?: string | readonly string[], options?: WriterOptions): Promise<void> {
    if (format) this.format(format);
    if (mode) this.mode(mode);
    if (partitionBy) this.partitionBy(partitionBy);
    if (options) this.apply(options);
    if (p !== undefined) this.opts.set("path", p);
    if (this.ledger && this.fmt !== "jdbc")
      throw new IllegalArgumentException(`exactlyOnce writes go to JDBC (PostgreSQL) only, not to format '${this.fmt}'.`);
    if (this.fmt === "jdbc") return this.saveJdbc();
    if (this.fmt === "console") { await this.df.show(); return; }
    const factory = getBatchSinkFactory(this.fmt);
    if (!factory) throw dataSourceNotFound(this.fmt, sinkFormats());
    const ctx = batchContext(this.df.sparkSession);
    // One job as PySpark sees it: a task failure (a bad input file) is the Py4JJavaError of save/parquet/….
    await runAsAction(this.py4jMethod, async () => {
      const rows = await this.df.rows();
      await factory({ schema: this.df.schema, rows, options: new CaseInsensitiveMap(this.opts), mode: this.saveMode, partitionBy: this.partitionCols }, ctx);
    });
  }

  private shorthand(format: string, path: string, modeOrOptions?: string | WriterOptions | null, options?: WriterOptions): Promise<void> {
    this.format(format);
    this.py4jMethod = format;
    this.apply(modeOrOptions);
    if (options) this.apply(options);
    return this.save(path);
  }

  /** `df.write.csv(path, mode=None, compression=None, sep=None, …)`. */
  csv(path: string, modeOrOptions?: string | WriterOptions | null, options?: WriterOptions): Promise<void> { return this.shorthand("csv", path, modeOrOptions, options); }
  json(path: string, modeOrOptions?: string | WriterOptions | null, options?: WriterOptions): Promise<void> { return this.shorthand("json", path, modeOrOptions, options); }
  text(path: string, options?: WriterOptions): Promise<void> { return this.shorthand("text", path, options); }
  parquet(path: string, modeOrOptions?: string | WriterOptions | null, options?: WriterOptions): Promise<void> { return this.shorthand("parquet", path, modeOrOptions, options); }
  orc(path: string, modeOrOptions?: string | WriterOptions | null, options?: WriterOptions): Promise<void> { return this.shorthand("orc", path, modeOrOptions, options); }

  /** `saveAsTable(name, format=None, mode=None, partitionBy=None, **options)`: a table of the warehouse. */
  async saveAsTable(name: string, format?: string | null, mode?: string | null, partitionBy?: string | readonly string[] | null, options?: WriterOptions): Promise<void> {
    if (format) this.format(format);
    if (mode) this.mode(mode);
    if (partitionBy) this.partitionBy(partitionBy);
    if (options) this.apply(options);
    const catalog = this.df.sparkSession.catalog;
    const existing = catalog.tableMeta(name);
    if (existing) {
      if (this.saveMode === "ignore") return;
      if (this.saveMode === "errorifexists") catalog.createTable(name, existing.provider, this.df.schema, [], {}); // Spark's TABLE_OR_VIEW_ALREADY_EXISTS
      if (this.saveMode === "append") {
        const names = tableColumns(existing.schema);
        const missing = names.find((n) => !this.df.columns.some((c) => c.toLowerCase() === n.toLowerCase()));
        if (missing !== undefined || names.length !== this.df.columns.length)
          return catalog.writeInto(existing, this.df, false); // arity/name errors as insertInto's
        return catalog.writeInto(existing, this.df.select(...names), false);
      }
      await catalog.settled();
      catalog.dropTable(name, true);
    }
    const options_ = Object.fromEntries([...this.opts].filter(([k]) => k !== "path"));
    const meta = catalog.createTable(name, this.fmt, this.df.schema, this.partitionCols, options_)!;
    const names = tableColumns(meta.schema);
    return catalog.writeInto(meta, this.df.select(...names), false);
  }

  /** `insertInto(tableName, overwrite=None)`: by position, into an existing table. */
  async insertInto(name: string, overwrite?: boolean | null): Promise<void> {
    const catalog = this.df.sparkSession.catalog;
    const meta = catalog.tableMeta(name);
    if (!meta) throw tableNotFound(name);
    return catalog.writeInto(meta, this.df, overwrite === true || (overwrite === undefined && this.saveMode === "overwrite"));
  }

  /** `df.write.jdbc(url, table, mode, properties)`. */
  async jdbc(url: string, table: string, mode?: string, properties: Record<string, string> = {}): Promise<void> {
    this.fmt = "jdbc";
    if (mode) this.mode(mode);
    this.opts.set("url", url);
    this.opts.set("dbtable", table);
    for (const [k, v] of Object.entries(properties)) this.opts.set(k, v);
    return this.saveJdbc();
  }

  /** Internal (see api/exactly-once.ts): guard the JDBC write of a micro-batch with a ledger. */
  withLedger(ledger: JdbcLedger): this {
    this.ledger = ledger;
    return this;
  }

  private async saveJdbc(): Promise<void> {
    const { writeJdbc } = require("../connectors/jdbc/jdbc-writer");
    const rows = await this.df.rows();
    const result = await writeJdbc({ schema: this.df.schema, rows, options: Object.fromEntries(this.opts.originalMap), mode: this.saveMode, ledger: this.ledger });
    for (const w of result?.warnings ?? []) this.df.sparkSession.warn(w);
  }
}

// A write started in a foreachBatch function is known to its batch, awaited or not (batch-actions.ts).
for (const name of ["save", "jdbc", "json", "csv", "text", "parquet", "orc", "saveAsTable", "insertInto"] as const) {
  const proto = DataFrameWriter.prototype as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  const action = proto[name];
  proto[name] = function (this: DataFrameWriter, ...args: unknown[]) {
    return trackAction(action.apply(this, args));
  };
}
