/** DataStreamReader: `spark.readStream.format("socket"|"rate"|"kafka"|"json"|"text"|"memory")…load()`. */
import { AnalysisException, dataSourceNotFound } from "../errors";
import { newPlanId } from "../plan/logical-plan";
import { CaseInsensitiveMap } from "../connector-api/options";
import type { Source } from "../connector-api/source";
import { getSourceFactory, sourceFormats, SourceFactory, SourceContext } from "../sources/registry";
import { MemoryStream } from "../sources/memory-source";
import { DataType, StructTypeClass } from "../types/data-types";
import { toSchema } from "../types/ddl";
import { optionTypos } from "./option-typos";
import type { DataFrame } from "./dataframe";
import { tableNotFound } from "./catalog";
import { tableSchema } from "../formats/warehouse";
import type { SparkSession } from "./session";

function lookupSource(format: string): SourceFactory | undefined {
  return getSourceFactory(format);
}

export class DataStreamReader {
  private fmt?: string;
  /** Options, case-insensitive (Spark's CaseInsensitiveMap), normalised here once. */
  private readonly opts = new CaseInsensitiveMap();
  private userSchema?: StructTypeClass;

  constructor(private readonly session: SparkSession) {}

  format(source: string): this { this.fmt = source.toLowerCase(); return this; }
  option(key: string, value: string | number | boolean): this { this.opts.set(key, String(value)); return this; }
  options(o: Record<string, string | number | boolean>): this { for (const [k, v] of Object.entries(o)) this.option(k, v); return this; }
  schema(s: StructTypeClass | string | DataType): this { this.userSchema = toSchema(s); return this; }

  load(path?: string): DataFrame {
    if (path !== undefined) this.opts.set("path", path);
    const format = this.fmt ?? "parquet";
    const factory = lookupSource(format);
    if (!factory) {
      if (format === "jdbc") throw new AnalysisException("Data source jdbc does not support streamed reading", "_LEGACY_ERROR_TEMP_1107");
      throw dataSourceNotFound(format, sourceFormats());
    }
    for (const w of optionTypos("source", format, [...this.opts.originalMap.keys()])) this.session.warn(w);
    const options = new CaseInsensitiveMap(this.opts);
    const schemaSpec = this.userSchema;
    const session = this.session;
    // A warning given at load() (the socket source's) is not repeated when the query starts.
    const warned = new Set<string>();
    const context = (extra: { metadataDir?: string } = {}): SourceContext => ({
      logger: { warn: (m: string) => { if (!warned.has(m)) { warned.add(m); session.warn(m); } } },
      defaultParallelism: session.sparkContext.defaultParallelism,
      timeZone: session.conf.get("spark.sql.session.timeZone"),
      conf: (k: string) => session.conf.get(k),
      ...extra,
    });
    // Build one source now: it validates the options (Spark fails at load() for a missing
    // host) and gives the schema. Each query start creates its own.
    const probe: Source = factory(options, schemaSpec, context());
    // The probe only served the schema; a shared in-memory stream stays alive for its writers.
    if (!(probe instanceof MemoryStream)) void probe.stop().catch(() => undefined);
    return this.session.dataFrame({
      kind: "StreamingRelation", id: newPlanId(), schema: probe.schema, format, description: probe.description, streaming: true,
      createSource: (ctx) => factory(options, schemaSpec, context(ctx)),
    });
  }

  /** PySpark's keyword arguments as one options object; `schema` among them is the reader's schema. */
  private shorthand(format: string, path: string, schemaOrOptions?: StructTypeClass | string | Record<string, unknown>, options?: Record<string, unknown>): DataFrame {
    this.format(format);
    const apply = (o: Record<string, unknown>) => {
      for (const [k, v] of Object.entries(o)) {
        if (v === null || v === undefined) continue;
        if (k === "schema") this.schema(v as StructTypeClass | string);
        else this.option(k, v as string);
      }
    };
    if (schemaOrOptions !== null && typeof schemaOrOptions === "object" && !(schemaOrOptions instanceof DataType)) apply(schemaOrOptions);
    else if (schemaOrOptions !== undefined && schemaOrOptions !== null) this.schema(schemaOrOptions as StructTypeClass | string);
    if (options) apply(options);
    return this.load(path);
  }

  json(path: string, schemaOrOptions?: StructTypeClass | string | Record<string, unknown>, options?: Record<string, unknown>): DataFrame { return this.shorthand("json", path, schemaOrOptions, options); }
  csv(path: string, schemaOrOptions?: StructTypeClass | string | Record<string, unknown>, options?: Record<string, unknown>): DataFrame { return this.shorthand("csv", path, schemaOrOptions, options); }
  parquet(path: string, options?: Record<string, unknown>): DataFrame { return this.shorthand("parquet", path, options); }
  text(path: string, options?: Record<string, unknown>): DataFrame { return this.shorthand("text", path, options); }
  /** `readStream.table(name)`: a file source over a warehouse table's files. */
  table(name: string): DataFrame {
    const meta = this.session.catalog.tableMeta(name);
    if (!meta) throw tableNotFound(name);
    this.userSchema = tableSchema(meta);
    for (const [k, v] of Object.entries(meta.options)) this.opts.set(k, v);
    return this.format(meta.provider).load(meta.location);
  }
}
