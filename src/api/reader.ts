/** DataFrameReader: `spark.read.format(...).option(...).load()`; json, text, jdbc, kafka. */
import { IllegalArgumentException, AnalysisException } from "../errors";
import { newPlanId } from "../plan/logical-plan";
import type { InternalRow } from "../connector-api/source";
import { STRING, StructFieldClass, StructTypeClass, DataType } from "../types/data-types";
import { toSchema } from "../types/ddl";
import type { DataFrame } from "./dataframe";
import type { SparkSession } from "./session";
import { readJsonFiles, readTextFiles, inferJsonSchema, listInputFiles } from "./file-formats";

export class DataFrameReader {
  protected fmt = "parquet";
  protected readonly opts = new Map<string, string>();
  protected userSchema?: StructTypeClass;

  constructor(protected readonly session: SparkSession) {}

  format(source: string): this { this.fmt = source.toLowerCase(); return this; }
  option(key: string, value: string | number | boolean): this { this.opts.set(key, String(value)); return this; }
  options(o: Record<string, string | number | boolean>): this { for (const [k, v] of Object.entries(o)) this.option(k, v); return this; }
  schema(s: StructTypeClass | string | DataType): this { this.userSchema = toSchema(s); return this; }

  private deferred(schema: StructTypeClass, description: string, load: () => Promise<InternalRow[]>): DataFrame {
    return this.session.dataFrame({ kind: "DeferredRelation", id: newPlanId(), schema, description, load, streaming: false });
  }

  /** Options with case-insensitive lookup, as Spark's CaseInsensitiveMap. */
  protected optionMap(): Map<string, string> {
    return new Map([...this.opts].map(([k, v]) => [k.toLowerCase(), v]));
  }

  load(path?: string): DataFrame {
    if (path !== undefined) this.opts.set("path", path);
    switch (this.fmt) {
      case "json": return this.json(this.opts.get("path")!);
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
    return this.deferred(schema, `JSON ${path}`, async () => readJsonFiles(listInputFiles(path), schema, Object.fromEntries(this.optionMap())));
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

  private loadJdbc(): DataFrame {
    // The schema needs a round trip to the database, so `load()` for jdbc gives a pending
    // DataFrame: await it (the shell does) or chain calls on it (each returns a promise).
    const { readJdbc } = require("../connectors/jdbc/jdbc-reader");
    const options = Object.fromEntries(this.opts);
    const session = this.session;
    const ready: Promise<DataFrame> = readJdbc({ options }).then((first: { schema: StructTypeClass; rows: InternalRow[] }) => {
      let cached: InternalRow[] | undefined = first.rows;
      return this.deferred(first.schema, "JDBCRelation", async () => {
        // The first action reuses the rows fetched for the schema; later actions read again.
        if (cached) { const r = cached; cached = undefined; return r; }
        return (await readJdbc({ options })).rows;
      });
    });
    void session;
    return pendingDataFrame(ready);
  }

  private loadKafka(): DataFrame {
    const { readKafkaBatch } = require("../sources/kafka-batch");
    const { kafkaSchema } = require("../sources/kafka-source");
    const options = this.optionMap();
    const schema: StructTypeClass = kafkaSchema(String(options.get("includeheaders") ?? "false").toLowerCase() === "true");
    return this.deferred(schema, "KafkaRelation", async () => (await readKafkaBatch(options)).rows);
  }

  table(name: string): DataFrame {
    return this.session.table(name);
  }
}

/**
 * A DataFrame that is still being fetched: a real promise (await it), whose DataFrame methods can
 * also be chained directly — each returns a promise of the result.
 */
export function pendingDataFrame(ready: Promise<DataFrame>): DataFrame {
  return new Proxy(ready, {
    get(target, prop) {
      if (prop === "then" || prop === "catch" || prop === "finally") return (target as any)[prop].bind(target);
      return (...args: unknown[]) => pendingDataFrame(target.then((df: any) => (typeof df[prop] === "function" ? df[prop](...args) : df[prop])));
    },
  }) as unknown as DataFrame;
}
