/** DataFrameWriter: `df.write.format("jdbc").option(...).mode("overwrite").save()`; also jdbc(), kafka, json. */
import { trackAction } from "../connector-api/batch-actions";
import * as fs from "node:fs";
import * as path from "node:path";
import { AnalysisException, IllegalArgumentException } from "../errors";
import { SaveMode, parseSaveMode } from "../connector-api/save-mode";
import { CaseInsensitiveMap } from "../connector-api/options";
import { jsonWriter } from "../values/json";
import type { JdbcLedger } from "../connectors/jdbc/jdbc-writer";
import type { DataFrame } from "./dataframe";


export class DataFrameWriter {
  private fmt = "parquet";
  private saveMode: SaveMode = "errorifexists";
  /** Options, case-insensitive (Spark's CaseInsensitiveMap), normalised here once. */
  private readonly opts = new CaseInsensitiveMap();
  /** Set by `exactlyOnce`: the JDBC write also records (queryId, batchId) in this ledger, once. */
  private ledger?: JdbcLedger;

  constructor(private readonly df: DataFrame) {
    if (df.isStreaming)
      throw new AnalysisException("'write' can not be called on streaming Dataset/DataFrame.", "_LEGACY_ERROR_TEMP_1226");
  }

  format(source: string): this { this.fmt = source.toLowerCase(); return this; }
  mode(m: string): this {
    this.saveMode = parseSaveMode(m);
    return this;
  }
  option(key: string, value: string | number | boolean): this { this.opts.set(key, String(value)); return this; }
  options(o: Record<string, string | number | boolean>): this { for (const [k, v] of Object.entries(o)) this.option(k, v); return this; }
  partitionBy(..._cols: string[]): this { return this; }

  async save(p?: string): Promise<void> {
    if (p !== undefined) this.opts.set("path", p);
    if (this.ledger && this.fmt !== "jdbc")
      throw new IllegalArgumentException(`exactlyOnce writes go to JDBC (PostgreSQL) only, not to format '${this.fmt}'.`);
    switch (this.fmt) {
      case "jdbc": return this.saveJdbc();
      case "kafka": return this.saveKafka();
      case "json": return this.json(this.opts.get("path")!);
      case "console": { await this.df.show(); return; }
      default:
        throw new AnalysisException(`Failed to find the data source: ${this.fmt}. Please find packages at \`https://spark.apache.org/third-party-projects.html\`.`, "DATA_SOURCE_NOT_FOUND");
    }
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

  private async saveKafka(): Promise<void> {
    const { writeKafkaBatch } = require("../sinks/kafka-sink");
    const rows = await this.df.rows();
    await writeKafkaBatch(this.df.schema, rows, new CaseInsensitiveMap(this.opts));
  }

  /** JSON lines into a directory (one part file), Spark-style. */
  async json(dir: string): Promise<void> {
    if (!dir) throw new IllegalArgumentException("'path' is not specified");
    if (fs.existsSync(dir)) {
      if (this.saveMode === "errorifexists") throw new AnalysisException(`Path file:${path.resolve(dir)} already exists.`, "PATH_ALREADY_EXISTS");
      if (this.saveMode === "ignore") return;
      if (this.saveMode === "overwrite") fs.rmSync(dir, { recursive: true, force: true });
    }
    fs.mkdirSync(dir, { recursive: true });
    const w = jsonWriter(this.df.schema);
    const rows = await this.df.rows();
    fs.writeFileSync(path.join(dir, `part-${Date.now()}-${process.pid}.json`), rows.map((r) => w(r)).join("\n") + (rows.length ? "\n" : ""));
    fs.writeFileSync(path.join(dir, "_SUCCESS"), "");
  }
}

// A write started in a foreachBatch function is known to its batch, awaited or not (batch-actions.ts).
for (const name of ["save", "jdbc", "json"] as const) {
  const proto = DataFrameWriter.prototype as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  const action = proto[name];
  proto[name] = function (this: DataFrameWriter, ...args: unknown[]) {
    return trackAction(action.apply(this, args));
  };
}
