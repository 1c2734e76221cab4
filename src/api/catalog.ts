/**
 * `spark.catalog`: temporary views (per session) and the tables of the local warehouse
 * (formats/warehouse.ts, shared by every session and kept on disk): `listTables`, `tableExists`,
 * `listDatabases`, `currentDatabase`/`setCurrentDatabase`, and the table operations behind
 * `saveAsTable`, `insertInto`, `spark.table` and the SQL table statements (sql-tables.ts).
 *
 * Writes into tables run in order, one after another (`run`); a read of a table waits for the
 * writes started before it, so `spark.sql("INSERT …")` followed by `spark.table(…).show()` sees
 * the rows although spark.sql returns before the files are written.
 */
import * as path from "node:path";
import { AsyncLocalStorage } from "node:async_hooks";
import * as fs from "node:fs";
import { AnalysisException } from "../errors";
import { newPlanId } from "../plan/logical-plan";
import { CaseInsensitiveMap } from "../connector-api/options";
import type { SaveMode } from "../connector-api/save-mode";
import { StructTypeClass } from "../types/data-types";
import { getBatchSourceFactory } from "../sources/registry";
import { getBatchSinkFactory } from "../sinks/registry";
import { schemaDdl, tableSchema, TableMeta, Warehouse } from "../formats/warehouse";
import { col } from "../expr/functions";
import { functionExists, listFunctions } from "../analysis/function-list";
import type { DataFrame } from "./dataframe";
import type { SparkSession } from "./session";
import { batchContext } from "./reader";

/** PySpark's pyspark.sql.catalog.Table. */
export class Table {
  constructor(
    readonly name: string, readonly catalog: string | null, readonly namespace: string[] | null,
    readonly description: string | null, readonly tableType: string, readonly isTemporary: boolean,
  ) {}
  toString(): string {
    const q = (s: string | null) => (s === null ? "None" : `'${s}'`);
    return `Table(name=${q(this.name)}, catalog=${q(this.catalog)}, namespace=${this.namespace ? `[${this.namespace.map(q).join(", ")}]` : "None"}, description=${q(this.description)}, tableType=${q(this.tableType)}, isTemporary=${this.isTemporary ? "True" : "False"})`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string { return this.toString(); }
}

/** PySpark's pyspark.sql.catalog.Database. */
export class Database {
  constructor(readonly name: string, readonly catalog: string, readonly description: string, readonly locationUri: string) {}
  toString(): string {
    return `Database(name='${this.name}', catalog='${this.catalog}', description='${this.description}', locationUri='${this.locationUri}')`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string { return this.toString(); }
}

export function tableNotFound(name: string): AnalysisException {
  return new AnalysisException(
    `The table or view \`${name}\` cannot be found. Verify the spelling and correctness of the schema and catalog.\nIf you did not qualify the name with a schema, verify the current_schema() output, or qualify the name with the correct schema and catalog.\nTo tolerate the error on drop use DROP VIEW IF EXISTS or DROP TABLE IF EXISTS.`,
    "TABLE_OR_VIEW_NOT_FOUND",
  );
}

export class Catalog {
  private readonly views = new Map<string, DataFrame>();
  private currentDb = "default";
  private tail: Promise<void> = Promise.resolve();
  /** Set inside a queued write: its own reads of tables (INSERT … SELECT FROM t) must not wait for it. */
  private readonly inRun = new AsyncLocalStorage<boolean>();

  constructor(private readonly session: SparkSession) {}

  // --- temporary views ---------------------------------------------------------------------
  registerTempView(name: string, df: DataFrame): void { this.views.set(name.toLowerCase(), df); }
  has(name: string): boolean { return this.views.has(name.toLowerCase()); }
  get(name: string): DataFrame | undefined { return this.views.get(name.toLowerCase()); }
  dropTempView(name: string): boolean { return this.views.delete(name.toLowerCase()); }
  tempViewNames(): string[] { return [...this.views.keys()]; }
  /** Whether a built-in function of that name exists (Spark 3.5's list, as far as Iskra has it). */
  functionExists(name: string): boolean { return functionExists(name); }
  listFunctions(): ReturnType<typeof listFunctions> { return listFunctions(); }

  // --- the warehouse -----------------------------------------------------------------------
  get warehouse(): Warehouse {
    return new Warehouse(path.resolve(this.session.conf.get("spark.sql.warehouse.dir") ?? "spark-warehouse"));
  }

  currentDatabase(): string { return this.currentDb; }
  setCurrentDatabase(db: string): void {
    this.warehouse.requireDatabase(db);
    this.currentDb = db.toLowerCase();
  }
  listDatabases(): Database[] {
    const w = this.warehouse;
    return w.listDatabases().map((d) => new Database(d, "spark_catalog", d === "default" ? "default database" : "", `file:${w.databaseLocation(d)}`));
  }
  databaseExists(db: string): boolean { return this.warehouse.databaseExists(db); }

  /** `db.table` or `table` (the current database). */
  resolve(name: string): { db: string; table: string } {
    const parts = name.replace(/`/g, "").split(".");
    if (parts[0].toLowerCase() === "spark_catalog") parts.shift();
    return parts.length > 1 ? { db: parts[0].toLowerCase(), table: parts[1].toLowerCase() } : { db: this.currentDb, table: parts[0].toLowerCase() };
  }

  tableMeta(name: string): TableMeta | undefined {
    const { db, table } = this.resolve(name);
    return this.warehouse.get(db, table);
  }

  listTables(dbName?: string): Table[] {
    const db = (dbName ?? this.currentDb).toLowerCase();
    this.warehouse.requireDatabase(db);
    const tables = this.warehouse.listTables(db).map((m) => new Table(m.name, "spark_catalog", [m.database], null, m.tableType, false));
    const temps = this.tempViewNames().sort().map((v) => new Table(v, null, [], null, "TEMPORARY", true));
    return [...tables, ...temps];
  }

  tableExists(tableName: string, dbName?: string): boolean {
    if (!dbName && this.has(tableName)) return true;
    return this.tableMeta(dbName ? `${dbName}.${tableName}` : tableName) !== undefined;
  }

  /** Runs table writes one after another; reads wait with `settled()`. */
  run(work: () => Promise<void>): Promise<void> {
    const p = this.tail.then(() => this.inRun.run(true, work));
    this.tail = p.catch(() => undefined);
    return p;
  }
  settled(): Promise<void> { return this.tail; }

  /** A warehouse table as a DataFrame (its files read at each action, after pending writes). */
  readTable(name: string): DataFrame | undefined {
    const meta = this.tableMeta(name);
    if (!meta) return undefined;
    fs.mkdirSync(meta.location, { recursive: true });
    const factory = getBatchSourceFactory(meta.provider);
    if (!factory) throw new AnalysisException(`Failed to find the data source: ${meta.provider}.`, "DATA_SOURCE_NOT_FOUND");
    const options = new CaseInsensitiveMap({ ...meta.options, path: meta.location });
    const rel = factory(options, tableSchema(meta), batchContext(this.session));
    return this.session.dataFrame({
      kind: "DeferredRelation", id: newPlanId(), schema: rel.schema, description: `Relation spark_catalog.${meta.database}.${meta.name}[${meta.provider}]`,
      load: async () => { if (!this.inRun.getStore()) await this.settled(); return rel.load(); }, streaming: false,
    });
  }

  /** Defines a managed table (CREATE TABLE / saveAsTable); its schema puts partition columns last. */
  createTable(name: string, provider: string, schema: StructTypeClass, partitionBy: readonly string[], options: Record<string, string>, ifNotExists = false): TableMeta | undefined {
    const { db, table } = this.resolve(name);
    const w = this.warehouse;
    w.requireDatabase(db);
    if (w.get(db, table)) {
      if (ifNotExists) return undefined;
      throw new AnalysisException(
        `Cannot create table or view \`${db}\`.\`${table}\` because it already exists.\nChoose a different name, drop or replace the existing object, or add the IF NOT EXISTS clause to tolerate pre-existing objects.`,
        "TABLE_OR_VIEW_ALREADY_EXISTS",
      );
    }
    if (!getBatchSinkFactory(provider)) throw new AnalysisException(`Failed to find the data source: ${provider}. Please find packages at \`https://spark.apache.org/third-party-projects.html\`.`, "DATA_SOURCE_NOT_FOUND");
    const location = path.join(w.databaseLocation(db), table);
    if (fs.existsSync(location) && fs.readdirSync(location).length)
      throw new AnalysisException(
        `Cannot name the managed table as \`spark_catalog\`.\`${db}\`.\`${table}\`, as its associated location 'file:${location}' already exists. Please pick a different table name, or remove the existing location first.`,
        "LOCATION_ALREADY_EXISTS",
      );
    const lower = partitionBy.map((c) => c.toLowerCase());
    for (const c of partitionBy) if (!schema.fields.some((f) => f.name.toLowerCase() === c.toLowerCase())) throw new AnalysisException(`Partition column \`${c}\` not found in schema ${schema.simpleString()}`);
    const ordered = new StructTypeClass([...schema.fields.filter((f) => !lower.includes(f.name.toLowerCase())), ...lower.map((c) => schema.fields.find((f) => f.name.toLowerCase() === c)!)]);
    const meta: TableMeta = { name: table, database: db, provider: provider.toLowerCase(), schema: schemaDdl(ordered), partitionColumns: [...partitionBy], location, options, tableType: "MANAGED", createdMs: Date.now() };
    fs.mkdirSync(location, { recursive: true });
    w.put(meta);
    return meta;
  }

  dropTable(name: string, ifExists: boolean): void {
    const meta = this.tableMeta(name);
    if (!meta) {
      if (ifExists) return;
      throw tableNotFound(name);
    }
    this.warehouse.drop(meta);
  }

  /** Writes `df` into a table's files, by position (insertInto, INSERT); cast to the table's types. */
  writeInto(meta: TableMeta, df: DataFrame, overwrite: boolean): Promise<void> {
    const schema = tableSchema(meta);
    if (df.schema.fields.length !== schema.fields.length) {
      const reason = df.schema.fields.length < schema.fields.length ? "not enough data columns" : "too many data columns";
      throw new AnalysisException(
        `Cannot write to \`spark_catalog\`.\`${meta.database}\`.\`${meta.name}\`, the reason is ${reason}:\nTable columns: ${schema.fields.map((f) => `\`${f.name}\``).join(", ")}.\nData columns: ${df.schema.fields.map((f) => `\`${f.name}\``).join(", ")}.`,
        `INSERT_COLUMN_ARITY_MISMATCH.${reason === "not enough data columns" ? "NOT_ENOUGH_DATA_COLUMNS" : "TOO_MANY_DATA_COLUMNS"}`,
      );
    }
    const aligned = df.select(...df.columns.map((c, i) => col(`\`${c.replace(/`/g, "``")}\``).cast(schema.fields[i].dataType).alias(schema.fields[i].name)));
    return this.run(async () => {
      const rows = await aligned.rows();
      const sink = getBatchSinkFactory(meta.provider)!;
      const mode: SaveMode = overwrite ? "overwrite" : "append";
      await sink({ schema, rows, options: new CaseInsensitiveMap({ ...meta.options, path: meta.location }), mode, partitionBy: meta.partitionColumns }, batchContext(this.session));
    });
  }
}
