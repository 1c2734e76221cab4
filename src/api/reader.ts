/**
 * DataFrameReader: `spark.read.format(...).option(...).load()`, and PySpark's shorthands
 * `csv`/`json`/`text`/`parquet`/`orc`/`jdbc`/`table`. Formats come from the batch registry
 * (sources/registry.ts: every file format, kafka, jdbc). Python keyword arguments arrive as
 * one options object: `spark.read.csv(path, { header: true, inferSchema: true })`.
 */
import { SparkTaskFailure, dataSourceNotFound } from "../errors";
import { newPlanId } from "../plan/logical-plan";
import { CaseInsensitiveMap } from "../connector-api/options";
import type { BatchContext } from "../connector-api/batch";
import { StructTypeClass, DataType } from "../types/data-types";
import { toSchema } from "../types/ddl";
import { getBatchSourceFactory, sourceFormats } from "../sources/registry";
import type { DataFrame } from "./dataframe";
import type { SparkSession } from "./session";

type OptionValue = string | number | boolean | null | undefined;
/** PySpark's keyword arguments of the shorthands; `schema` among them is the reader's schema. */
export type ReaderOptions = Record<string, OptionValue | StructTypeClass | DataType>;
type Paths = string | readonly string[];

const isOptionsObject = (v: unknown): v is ReaderOptions =>
  v !== null && typeof v === "object" && !(v instanceof DataType) && !Array.isArray(v);

/** A session's conf and zone as the connectors see them. */
export function batchContext(session: SparkSession): BatchContext {
  return {
    timeZone: session.conf.get("spark.sql.session.timeZone")!,
    conf: (k) => session.conf.get(k),
    warn: (m) => session.warn(m),
  };
}

export class DataFrameReader {
  protected fmt = "parquet";
  /** Options, case-insensitive (Spark's CaseInsensitiveMap), normalised here once. */
  protected readonly opts = new CaseInsensitiveMap();
  protected userSchema?: StructTypeClass;

  /** The py4j method PySpark called (`load`, or the shorthand's name), for errors of jobs run at load. */
  private py4jMethod = "load";

  constructor(protected readonly session: SparkSession) {}

  format(source: string): this { this.fmt = source.toLowerCase(); return this; }
  option(key: string, value: OptionValue): this {
    if (value !== null && value !== undefined) this.opts.set(key, String(value));
    return this;
  }
  options(o: Record<string, OptionValue>): this { for (const [k, v] of Object.entries(o)) this.option(k, v); return this; }
  schema(s: StructTypeClass | string | DataType): this { this.userSchema = toSchema(s); return this; }

  /** `load(path | paths, format, schema, **options)`. */
  load(path?: Paths, format?: string, schema?: StructTypeClass | string, options?: ReaderOptions): DataFrame {
    if (format) this.format(format);
    if (schema) this.schema(schema);
    if (options) this.applyOptions(options);
    if (typeof path === "string") this.opts.set("path", path);
    else if (Array.isArray(path)) this.opts.set("paths", JSON.stringify(path));
    const factory = getBatchSourceFactory(this.fmt);
    if (!factory) throw dataSourceNotFound(this.fmt, sourceFormats());
    let rel: ReturnType<typeof factory>;
    try {
      rel = factory(new CaseInsensitiveMap(this.opts), this.userSchema, batchContext(this.session));
    } catch (e) {
      // A job run to resolve the relation (Parquet footers) failed: PySpark names the reader's method.
      throw e instanceof SparkTaskFailure ? e.asPy4J(this.py4jMethod) : e;
    }
    return this.session.dataFrame({ kind: "DeferredRelation", id: newPlanId(), schema: rel.schema, description: rel.description, load: (pushed) => rel.load(pushed), streaming: false });
  }

  private applyOptions(o: ReaderOptions): void {
    for (const [k, v] of Object.entries(o)) {
      if (k === "schema" && v !== null && v !== undefined) this.schema(v as StructTypeClass | string);
      else this.option(k, v as OptionValue);
    }
  }

  private shorthand(format: string, path: Paths, schemaOrOptions?: StructTypeClass | string | ReaderOptions, options?: ReaderOptions): DataFrame {
    this.format(format);
    this.py4jMethod = format;
    if (isOptionsObject(schemaOrOptions)) this.applyOptions(schemaOrOptions);
    else if (schemaOrOptions !== undefined && schemaOrOptions !== null) this.schema(schemaOrOptions as StructTypeClass | string);
    if (options) this.applyOptions(options);
    return this.load(path);
  }

  /** `spark.read.csv(path, schema=None, sep=None, …)`: path or paths, then a schema or the options. */
  csv(path: Paths, schemaOrOptions?: StructTypeClass | string | ReaderOptions, options?: ReaderOptions): DataFrame { return this.shorthand("csv", path, schemaOrOptions, options); }
  json(path: Paths, schemaOrOptions?: StructTypeClass | string | ReaderOptions, options?: ReaderOptions): DataFrame { return this.shorthand("json", path, schemaOrOptions, options); }
  /** `spark.read.text(paths, wholetext=False, lineSep=None, …)`. */
  text(path: Paths, options?: ReaderOptions): DataFrame { return this.shorthand("text", path, options); }
  /** `spark.read.parquet(*paths, **options)`: the last argument may be the options. */
  parquet(...paths: (string | ReaderOptions)[]): DataFrame { return this.varargs("parquet", paths); }
  orc(...paths: (string | ReaderOptions)[]): DataFrame { return this.varargs("orc", paths); }

  private varargs(format: string, args: (string | ReaderOptions)[]): DataFrame {
    const paths = args.filter((a): a is string => typeof a === "string");
    for (const a of args) if (isOptionsObject(a)) this.applyOptions(a);
    return this.shorthand(format, paths.length === 1 ? paths[0] : paths);
  }

  /** `spark.read.jdbc(url, table, properties={user, password})`. */
  jdbc(url: string, table: string, properties: Record<string, string> = {}): DataFrame {
    this.fmt = "jdbc";
    this.opts.set("url", url);
    this.opts.set("dbtable", table);
    for (const [k, v] of Object.entries(properties)) this.opts.set(k, v);
    return this.load();
  }

  table(name: string): DataFrame {
    return this.session.table(name);
  }
}
