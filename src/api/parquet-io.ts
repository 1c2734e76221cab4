/**
 * `spark.read.parquet(...)` / `format("parquet")` and `df.write.parquet(...)`: the Parquet codec
 * (connectors/parquet) behind the reader and writer — options and session confs read here
 * (`mergeSchema`, `compression`, spark.sql.parquet.*), Spark's part-file name and `_SUCCESS`.
 */
import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { AnalysisException, IllegalArgumentException, SparkTaskFailure } from "../errors";
import type { CaseInsensitiveMap } from "../connector-api/options";
import type { InternalRow } from "../connector-api/source";
import type { SaveMode } from "../connector-api/save-mode";
import type { ScanHints } from "../connector-api/scan-filter";
import type { StructTypeClass } from "../types/data-types";
import { type DataFrame, runAsAction } from "./dataframe";
import type { SparkSession } from "./session";
import { listInputFiles } from "./file-formats";
import { CODEC_NAMES, encodeParquet, inferParquetSchema, parquetCodec, readParquetFiles } from "../connectors/parquet";


const TIMESTAMP_TYPES = ["INT96", "TIMESTAMP_MICROS", "TIMESTAMP_MILLIS"] as const;

function conf(session: SparkSession, key: string, dflt: string): string {
  return session.conf.get(key) ?? dflt;
}

/** The dataset's files: each path a file or a directory of them (hidden and `_` files left out). */
function dataFiles(paths: string[]): string[] {
  return paths.flatMap((p) => listInputFiles(p));
}

/** Spark's check of the Parquet confs at `spark.conf.set` (SQLConf's checkValues). */
export function checkParquetConf(key: string, value: string): void {
  if (key === "spark.sql.parquet.compression.codec" && !CODEC_NAMES.split(", ").includes(value.toLowerCase()))
    throw new IllegalArgumentException(`The value of spark.sql.parquet.compression.codec should be one of ${CODEC_NAMES}, but was ${value}`);
  if (key === "spark.sql.parquet.outputTimestampType" && !(TIMESTAMP_TYPES as readonly string[]).includes(value.toUpperCase()))
    throw new IllegalArgumentException(`The value of spark.sql.parquet.outputTimestampType should be one of INT96, TIMESTAMP_MICROS, TIMESTAMP_MILLIS, but was ${value.toUpperCase()}`);
}

/** Schema and loader of a Parquet dataset; the schema is read now (Spark infers it at `parquet(...)`). */
export function parquetRelation(session: SparkSession, paths: string[], opts: CaseInsensitiveMap, userSchema?: StructTypeClass): {
  schema: StructTypeClass; load: (pushed?: ScanHints) => Promise<InternalRow[]>;
} {
  if (!paths.length || paths.some((p) => !p)) throw new IllegalArgumentException("'path' is not specified");
  const files = dataFiles(paths);
  const merge = String(opts.get("mergeschema") ?? conf(session, "spark.sql.parquet.mergeSchema", "false")).toLowerCase() === "true";
  let schema = userSchema;
  if (!schema) {
    try {
      schema = inferParquetSchema(files, merge);
    } catch (e) {
      throw e instanceof SparkTaskFailure ? e.asPy4J("parquet") : e;
    }
  }
  if (!schema) throw new AnalysisException("Unable to infer schema for Parquet. It must be specified manually.", "UNABLE_TO_INFER_SCHEMA");
  const s = schema;
  return { schema: s, load: (pushed) => readParquetFiles(dataFiles(paths), s, pushed) };
}

/** Writes `df` as one Parquet part file under `dir` (Spark's layout), honouring the save mode. */
export async function writeParquet(df: DataFrame, dir: string, mode: SaveMode, opts: CaseInsensitiveMap): Promise<void> {
  if (!dir) throw new IllegalArgumentException("'path' is not specified");
  const session = df.sparkSession;
  const codecName = opts.get("compression") ?? opts.get("parquet.compression") ?? conf(session, "spark.sql.parquet.compression.codec", "snappy");
  const codec = parquetCodec(codecName);
  const timestampType = conf(session, "spark.sql.parquet.outputTimestampType", "INT96").toUpperCase() as (typeof TIMESTAMP_TYPES)[number];
  if (fs.existsSync(dir)) {
    if (mode === "errorifexists")
      throw new AnalysisException(`Path file:${path.resolve(dir)} already exists. Set mode as "overwrite" to overwrite the existing path.`, "PATH_ALREADY_EXISTS");
    if (mode === "ignore") return;
  }
  // Rows and bytes first: a query that fails (a bad input file) leaves what is in `dir` untouched.
  const rows = await runAsAction("parquet", () => df.rows());
  const bytes = await runAsAction("parquet", () => encodeParquet(df.schema, rows, { codec: codecName, timestampType }));
  if (mode === "overwrite") fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const name = `part-00000-${randomUUID()}-c000${codec.extension}.parquet`;
  const tmp = path.join(dir, `.${name}.inprogress`);
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, path.join(dir, name));
  fs.writeFileSync(path.join(dir, "_SUCCESS"), "");
}
