/**
 * The SQL statements of the warehouse's tables, kept apart from the query planner: CREATE
 * DATABASE/SCHEMA, USE, CREATE TABLE … USING fmt [OPTIONS (…)] [PARTITIONED BY (…)] [AS SELECT …],
 * INSERT INTO/OVERWRITE [TABLE] t SELECT …|VALUES …, DROP TABLE [IF EXISTS], SHOW TABLES [IN db],
 * DESCRIBE [TABLE] [EXTENDED] t. Each returns Spark's result frame (empty for commands); writes
 * are queued on the catalog (catalog.ts), so a following read sees them.
 */
import { AnalysisException } from "../errors";
import { BOOLEAN, STRING, StructFieldClass, StructTypeClass } from "../types/data-types";
import { parseSchema } from "../types/ddl";
import type { DataFrame } from "./dataframe";
import type { SparkSession } from "./session";
import { tableSchema } from "../formats/warehouse";

const NAME = "((?:`[^`]+`|[A-Za-z_][\\w]*)(?:\\.(?:`[^`]+`|[A-Za-z_][\\w]*))?)";
const re = (s: string) => new RegExp(`^\\s*${s}\\s*;?\\s*$`, "is");

const CREATE_DB = re(`CREATE\\s+(?:DATABASE|SCHEMA)\\s+(IF\\s+NOT\\s+EXISTS\\s+)?${NAME}`);
const USE = re(`USE\\s+(?:DATABASE\\s+|SCHEMA\\s+)?${NAME}`);
const DROP = re(`DROP\\s+TABLE\\s+(IF\\s+EXISTS\\s+)?${NAME}`);
const SHOW = re(`SHOW\\s+TABLES(?:\\s+(?:IN|FROM)\\s+${NAME})?`);
const DESCRIBE = re(`(?:DESCRIBE|DESC)\\s+(?:TABLE\\s+)?(EXTENDED\\s+|FORMATTED\\s+)?${NAME}`);
const CREATE_TABLE = re(`CREATE\\s+TABLE\\s+(IF\\s+NOT\\s+EXISTS\\s+)?${NAME}\\s*(\\((?:[^()]|\\([^()]*\\))*\\))?\\s*USING\\s+(\\w+)((?:\\s+(?:OPTIONS\\s*\\([^)]*\\)|PARTITIONED\\s+BY\\s*\\([^)]*\\)))*)(?:\\s+AS)?(\\s+(?:SELECT|WITH|VALUES)\\b.*)?`);
const INSERT = re(`INSERT\\s+(INTO|OVERWRITE)\\s+(?:TABLE\\s+)?${NAME}\\s+((?:SELECT|WITH|VALUES|FROM)\\b.*)`);

const empty = (session: SparkSession): DataFrame => session.fromInternal(new StructTypeClass([]), []);

function parseOptions(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/([\w.]+)\s*=?\s*'((?:[^'\\]|\\.)*)'/g)) out[m[1]] = m[2];
  return out;
}

/** The rows of an INSERT or CTAS source (`VALUES …` becomes `SELECT * FROM VALUES …`). */
function source(session: SparkSession, text: string): DataFrame {
  const t = text.trim();
  return session.sql(/^VALUES\b/i.test(t) ? `SELECT * FROM ${t}` : t);
}

/** Runs `text` when it is one of the table statements; undefined otherwise. */
export function runTableStatement(session: SparkSession, text: string): DataFrame | undefined {
  const catalog = session.catalog;
  let m: RegExpExecArray | null;
  if ((m = CREATE_DB.exec(text))) {
    catalog.warehouse.createDatabase(m[2].replace(/`/g, ""), !!m[1]);
    return empty(session);
  }
  if ((m = USE.exec(text))) {
    catalog.setCurrentDatabase(m[1].replace(/`/g, ""));
    return empty(session);
  }
  if ((m = DROP.exec(text))) {
    const [, ifExists, name] = m;
    if (!ifExists && !catalog.tableMeta(name)) catalog.dropTable(name, false); // Spark's error, on this line
    void catalog.run(async () => catalog.dropTable(name, true));
    return empty(session);
  }
  if ((m = SHOW.exec(text))) {
    const db = (m[1] ?? catalog.currentDatabase()).replace(/`/g, "").toLowerCase();
    const rows = catalog.listTables(db).map((t) => [t.isTemporary ? "" : db, t.name, t.isTemporary]);
    const schema = new StructTypeClass([new StructFieldClass("namespace", STRING, false), new StructFieldClass("tableName", STRING, false), new StructFieldClass("isTemporary", BOOLEAN, false)]);
    return session.fromInternal(schema, rows);
  }
  if ((m = DESCRIBE.exec(text))) {
    const meta = catalog.tableMeta(m[2]);
    const schema = new StructTypeClass([new StructFieldClass("col_name", STRING, false), new StructFieldClass("data_type", STRING, false), new StructFieldClass("comment", STRING, true)]);
    if (!meta) {
      const view = catalog.get(m[2]);
      if (!view) throw new AnalysisException(`The table or view \`${m[2]}\` cannot be found. Verify the spelling and correctness of the schema and catalog.\nIf you did not qualify the name with a schema, verify the current_schema() output, or qualify the name with the correct schema and catalog.`, "TABLE_OR_VIEW_NOT_FOUND");
      return session.fromInternal(schema, view.schema.fields.map((f) => [f.name, f.dataType.simpleString(), null]));
    }
    const cols = tableSchema(meta).fields;
    const rows: unknown[][] = cols.map((f) => [f.name, f.dataType.simpleString(), null]);
    if (meta.partitionColumns.length) {
      rows.push(["# Partition Information", "", ""], ["# col_name", "data_type", "comment"]);
      for (const p of meta.partitionColumns) {
        const f = cols.find((c) => c.name.toLowerCase() === p.toLowerCase())!;
        rows.push([f.name, f.dataType.simpleString(), null]);
      }
    }
    if (m[1]) {
      rows.push(["", "", ""], ["# Detailed Table Information", "", ""]);
      rows.push(["Catalog", "spark_catalog", ""], ["Database", meta.database, ""], ["Table", meta.name, ""]);
      rows.push(["Created Time", new Date(meta.createdMs).toString().replace(/ \(.*\)$/, ""), ""], ["Last Access", "UNKNOWN", ""], ["Created By", `Spark ${session.version}`, ""]);
      rows.push(["Type", meta.tableType, ""], ["Provider", meta.provider, ""], ["Location", `file:${meta.location}`, ""]);
      if (meta.partitionColumns.length) rows.push(["Partition Provider", "Catalog", ""]);
    }
    return session.fromInternal(schema, rows);
  }
  if ((m = CREATE_TABLE.exec(text))) {
    const [, ifNot, name, cols, provider, clauses = "", query] = m;
    const opts = /OPTIONS\s*\(([^)]*)\)/i.exec(clauses);
    const parts = /PARTITIONED\s+BY\s*\(([^)]*)\)/i.exec(clauses);
    const partitionBy = parts ? parts[1].split(",").map((s) => s.trim().replace(/`/g, "")).filter(Boolean) : [];
    if (query) {
      const df = source(session, query);
      const meta = catalog.createTable(name, provider, df.schema, partitionBy, opts ? parseOptions(opts[1]) : {}, !!ifNot);
      if (meta) void catalog.writeInto(meta, df.select(...parseSchema(meta.schema).names), false).catch((e) => session.warn(String((e as Error).message)));
    } else {
      if (!cols) throw new AnalysisException(`Unable to infer schema for ${provider.toUpperCase()}. It must be specified manually.`, "UNABLE_TO_INFER_SCHEMA");
      catalog.createTable(name, provider, parseSchema(cols.slice(1, -1)), partitionBy, opts ? parseOptions(opts[1]) : {}, !!ifNot);
    }
    return empty(session);
  }
  if ((m = INSERT.exec(text))) {
    const [, kind, name, query] = m;
    const meta = catalog.tableMeta(name);
    if (!meta) throw new AnalysisException(`The table or view \`${name}\` cannot be found. Verify the spelling and correctness of the schema and catalog.\nIf you did not qualify the name with a schema, verify the current_schema() output, or qualify the name with the correct schema and catalog.`, "TABLE_OR_VIEW_NOT_FOUND");
    const df = source(session, query);
    // The arity check fails on this line, the write runs queued.
    const done = catalog.writeInto(meta, df, kind.toUpperCase() === "OVERWRITE");
    done.catch((e) => session.warn(String((e as Error).message)));
    return empty(session);
  }
  return undefined;
}
