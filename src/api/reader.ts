/** DataFrameReader: `spark.read.format(...).option(...).load()`; json, text, parquet, jdbc, kafka. */
import { IllegalArgumentException, AnalysisException } from "../errors";
import { newPlanId } from "../plan/logical-plan";
import { CaseInsensitiveMap } from "../connector-api/options";
import type { InternalRow } from "../connector-api/source";
import { STRING, StructFieldClass, StructTypeClass, DataType } from "../types/data-types";
import { toSchema } from "../types/ddl";
import type { DataFrame } from "./dataframe";
import type { SparkSession } from "./session";
import type { ScanHints } from "../connector-api/scan-filter";
import { parquetRelation } from "./parquet-io";
import { readJsonFiles, readTextFiles, inferJsonSchema, listInputFiles } from "./file-formats";

export class DataFrameReader {
  protected fmt = "parquet";
  /** Options, case-insensitive (Spark's CaseInsensitiveMap), normalised here once. */
  protected readonly opts = new CaseInsensitiveMap();
  protected userSchema?: StructTypeClass;

  constructor(protected readonly session: SparkSession) {}

  format(source: string): this { this.fmt = source.toLowerCase(); return this; }
  option(key: string, value: string | number | boolean): this { this.opts.set(key, String(value)); return this; }
  options(o: Record<string, string | number | boolean>): this { for (const [k, v] of Object.entries(o)) this.option(k, v); return this; }
  schema(s: StructTypeClass | string | DataType): this { this.userSchema = toSchema(s); return this; }

  private deferred(schema: StructTypeClass, description: string, load: (pushed?: ScanHints) => Promise<InternalRow[]>): DataFrame {
    return this.session.dataFrame({ kind: "DeferredRelation", id: newPlanId(), schema, description, load, streaming: false });
  }

  load(path?: string): DataFrame {
    if (path !== undefined) this.opts.set("path", path);
    switch (this.fmt) {
      case "json": return this.json(this.opts.get("path")!);
      case "parquet": { const p = this.opts.get("path"); return this.parquet(...(p ? [p] : [])); }
      case "text": return this.text(this.opts.get("path")!);
      case "jdbc": return this.loadJdbc();
      case "kafka": return this.loadKafka();
      default:
        throw new AnalysisException(`Failed to find the data source: ${this.fmt}. Please find packages at \`https://spark.apache.org/third-party-projects.html\`.`, "DATA_SOURCE_NOT_FOUND");
    }
  }

  json(path: string): DataFrame {
    if (!path) throw new IllegalArgumentException("'path' is not specified");
    const files = listInputFiles(path);
    const schema = this.userSchema ?? inferJsonSchema(files);
    return this.deferred(schema, `JSON ${path}`, async () => readJsonFiles(listInputFiles(path), schema, Object.fromEntries(this.opts)));
  }

  /** `spark.read.parquet(*paths)`: the schema is read from the files' footers now, the rows at each action. */
  parquet(...paths: string[]): DataFrame {
    const { schema, load } = parquetRelation(this.session, paths, this.opts, this.userSchema);
    return this.deferred(schema, `Parquet ${paths.join(", ")}`, load);
  }

  text(path: string): DataFrame {
    if (!path) throw new IllegalArgumentException("'path' is not specified");
    listInputFiles(path);
    const schema = new StructTypeClass([new StructFieldClass("value", STRING, true)]);
    return this.deferred(schema, `Text ${path}`, async () => readTextFiles(listInputFiles(path)));
  }

  /** `spark.read.jdbc(url, table, properties={user, password})`. */
  jdbc(url: string, table: string, properties: Record<string, string> = {}): DataFrame {
    this.fmt = "jdbc";
    this.opts.set("url", url);
    this.opts.set("dbtable", table);
    for (const [k, v] of Object.entries(properties)) this.opts.set(k, v);
    return this.loadJdbc();
  }

  /**
   * A DataFrame over a deferred JDBC relation: its schema is read now (as Spark's resolveTable
   * does, so a missing table or a refused connection fails on this line), its rows at each action.
   */
  private loadJdbc(): DataFrame {
    const { readJdbc, readJdbcSchemaSync }: typeof import("../connectors/jdbc") = require("../connectors/jdbc");
    // JDBC connection properties go on as the user spelled them (Spark's originalMap).
    const options = Object.fromEntries(this.opts.originalMap);
    const { schema, warnings } = readJdbcSchemaSync(options);
    for (const w of warnings) this.session.warn(w);
    return this.deferred(schema, "JDBCRelation", async () => (await readJdbc({ options })).rows as InternalRow[]);
  }

  private loadKafka(): DataFrame {
    const { readKafkaBatch } = require("../sources/kafka-batch");
    const { kafkaSchema } = require("../sources/kafka-source");
    const options = new CaseInsensitiveMap(this.opts);
    const schema: StructTypeClass = kafkaSchema(String(options.get("includeheaders") ?? "false").toLowerCase() === "true");
    return this.deferred(schema, "KafkaRelation", async () => (await readKafkaBatch(options)).rows);
  }

  table(name: string): DataFrame {
    return this.session.table(name);
  }
}
