/** DataStreamReader: `spark.readStream.format("socket"|"rate"|"kafka"|"json"|"text"|"memory")…load()`. */
import { AnalysisException } from "../errors";
import { newPlanId } from "../plan/logical-plan";
import type { Source, SourceFactory } from "../streaming/source";
import { DataType, StructTypeClass } from "../types/data-types";
import { toSchema } from "../types/ddl";
import type { DataFrame } from "./dataframe";
import type { SparkSession } from "./session";

/** Source factories by format; connectors register themselves in sources/registry.ts. */
function lookupSource(format: string): SourceFactory | undefined {
  const registry = require("../sources/registry");
  return registry.getSourceFactory(format);
}

export class DataStreamReader {
  private fmt?: string;
  private readonly opts = new Map<string, string>();
  private userSchema?: StructTypeClass;

  constructor(private readonly session: SparkSession) {}

  format(source: string): this { this.fmt = source.toLowerCase(); return this; }
  option(key: string, value: string | number | boolean): this { this.opts.set(key.toLowerCase(), String(value)); return this; }
  options(o: Record<string, string | number | boolean>): this { for (const [k, v] of Object.entries(o)) this.option(k, v); return this; }
  schema(s: StructTypeClass | string | DataType): this { this.userSchema = toSchema(s); return this; }

  load(path?: string): DataFrame {
    if (path !== undefined) this.opts.set("path", path);
    const format = this.fmt ?? "parquet";
    const factory = lookupSource(format);
    if (!factory) {
      if (format === "jdbc") throw new AnalysisException("Data source jdbc does not support streamed reading", "_LEGACY_ERROR_TEMP_1107");
      throw new AnalysisException(`Failed to find the data source: ${format}. Please find packages at \`https://spark.apache.org/third-party-projects.html\`.`, "DATA_SOURCE_NOT_FOUND");
    }
    const options = new Map(this.opts);
    const schemaSpec = this.userSchema;
    // Build one source now: it validates the options (Spark fails at load() for a missing host)
    // and gives the schema. Each query start creates a fresh one.
    const probe: Source = factory(options, schemaSpec);
    const parser = this.jsonParserFor(format, probe.schema);
    void parser;
    return this.session.dataFrame({
      node: "StreamingRelation", id: newPlanId(), schema: probe.schema, format, description: probe.description, streaming: true,
      createSource: () => factory(options, schemaSpec),
    });
  }

  private jsonParserFor(_format: string, _schema: StructTypeClass): undefined {
    return undefined;
  }

  json(path: string): DataFrame { return this.format("json").load(path); }
  text(path: string): DataFrame { return this.format("text").load(path); }
  csv(path: string): DataFrame { return this.format("csv").load(path); }
  table(name: string): DataFrame { return this.session.table(name); }
}
