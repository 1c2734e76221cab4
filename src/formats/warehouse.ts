/**
 * The local warehouse behind Spark's default catalog (`spark_catalog`), kept on disk so tables
 * outlive the shell: data as Spark lays it out (`<warehouse>/<table>/`, `<warehouse>/<db>.db/<table>/`,
 * warehouse = `spark.sql.warehouse.dir`, default `spark-warehouse`), and each table's definition
 * in `<warehouse>/.iskra-catalog/<db>/<table>.json` (a hidden name, so Spark's file listing of a
 * table never sees it). Databases are the directories of `.iskra-catalog/`; `default` always exists.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { AnalysisException } from "../errors";
import { quoteIfNeeded, StructTypeClass } from "../types/data-types";
import { parseSchema } from "../types/ddl";

export interface TableMeta {
  name: string;
  database: string;
  /** The file format: parquet, csv, json, text. */
  provider: string;
  /** DDL of the columns, partition columns last. */
  schema: string;
  partitionColumns: string[];
  location: string;
  options: Record<string, string>;
  tableType: "MANAGED" | "EXTERNAL";
  createdMs: number;
}

const META = ".iskra-catalog";

export class Warehouse {
  constructor(readonly dir: string) {}

  private metaDir(db: string): string {
    return path.join(this.dir, META, db.toLowerCase());
  }

  databaseExists(db: string): boolean {
    return db.toLowerCase() === "default" || fs.existsSync(this.metaDir(db));
  }

  /** Where a database's managed tables go. */
  databaseLocation(db: string): string {
    return db.toLowerCase() === "default" ? this.dir : path.join(this.dir, `${db.toLowerCase()}.db`);
  }

  listDatabases(): string[] {
    let names: string[] = [];
    try { names = fs.readdirSync(path.join(this.dir, META)); } catch { /* none yet */ }
    return [...new Set(["default", ...names])].sort();
  }

  createDatabase(db: string, ifNotExists: boolean): void {
    if (this.databaseExists(db)) {
      if (ifNotExists) return;
      throw new AnalysisException(`Cannot create schema \`${db}\` because it already exists.\nChoose a different name, drop the existing schema, or add the IF NOT EXISTS clause to tolerate pre-existing schema.`, "SCHEMA_ALREADY_EXISTS");
    }
    fs.mkdirSync(this.metaDir(db), { recursive: true });
    fs.mkdirSync(this.databaseLocation(db), { recursive: true });
  }

  requireDatabase(db: string): void {
    if (!this.databaseExists(db))
      throw new AnalysisException(`The schema \`${db}\` cannot be found. Verify the spelling and correctness of the schema and catalog.\nIf you did not qualify the name with a catalog, verify the current_schema() output, or qualify the name with the correct catalog.\nTo tolerate the error on drop use DROP SCHEMA IF EXISTS.`, "SCHEMA_NOT_FOUND");
  }

  private metaFile(db: string, name: string): string {
    return path.join(this.metaDir(db), `${name.toLowerCase()}.json`);
  }

  get(db: string, name: string): TableMeta | undefined {
    try { return JSON.parse(fs.readFileSync(this.metaFile(db, name), "utf8")) as TableMeta; } catch { return undefined; }
  }

  listTables(db: string): TableMeta[] {
    let names: string[] = [];
    try { names = fs.readdirSync(this.metaDir(db)); } catch { /* none */ }
    return names.filter((n) => n.endsWith(".json")).sort().map((n) => this.get(db, n.slice(0, -5))!).filter(Boolean);
  }

  put(meta: TableMeta): void {
    const f = this.metaFile(meta.database, meta.name);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    const tmp = `${f}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(meta, null, 1));
    fs.renameSync(tmp, f);
  }

  /** Drops the definition; a managed table's data goes too. */
  drop(meta: TableMeta): void {
    fs.rmSync(this.metaFile(meta.database, meta.name), { force: true });
    if (meta.tableType === "MANAGED") fs.rmSync(meta.location, { recursive: true, force: true });
  }
}

export function schemaDdl(schema: StructTypeClass): string {
  return schema.fields.map((f) => `${quoteIfNeeded(f.name)} ${f.dataType.simpleString()}`).join(", ");
}

export function tableSchema(meta: TableMeta): StructTypeClass {
  return parseSchema(meta.schema);
}
