/**
 * Spark's Parquet data source behind the FileFormat interface: schema from the footers
 * (`mergeSchema` option or spark.sql.parquet.mergeSchema), rows with the columns and filters the
 * optimizer pushed (column pruning, row-group skipping), written with the `compression` option
 * (else `parquet.compression`, else spark.sql.parquet.compression.codec, default snappy) and
 * spark.sql.parquet.outputTimestampType; Spark's checks of those confs at `spark.conf.set`.
 */
import * as fs from "node:fs";
import { IllegalArgumentException } from "../../errors";
import type { FileFormat, FileFormatContext } from "../../connector-api/file-format";
import type { CaseInsensitiveMap } from "../../connector-api/options";
import { CODEC_NAMES, parquetCodec } from "./codecs";
import { encodeParquet, inferParquetSchema, readParquetFiles } from "./index";
import { sparkToParquet, type TimestampOutput } from "./spark-schema";

const TIMESTAMP_TYPES: readonly TimestampOutput[] = ["INT96", "TIMESTAMP_MICROS", "TIMESTAMP_MILLIS"];

/** Spark's check of the Parquet confs at `spark.conf.set` (SQLConf's checkValues). */
export function checkParquetConf(key: string, value: string): void {
  if (key === "spark.sql.parquet.compression.codec" && !CODEC_NAMES.split(", ").includes(value.toLowerCase()))
    throw new IllegalArgumentException(`The value of spark.sql.parquet.compression.codec should be one of ${CODEC_NAMES}, but was ${value}`);
  if (key === "spark.sql.parquet.outputTimestampType" && !TIMESTAMP_TYPES.includes(value.toUpperCase() as TimestampOutput))
    throw new IllegalArgumentException(`The value of spark.sql.parquet.outputTimestampType should be one of INT96, TIMESTAMP_MICROS, TIMESTAMP_MILLIS, but was ${value.toUpperCase()}`);
}

function codecName(options: CaseInsensitiveMap, ctx: FileFormatContext): string {
  return options.get("compression") ?? options.get("parquet.compression") ?? ctx.conf("spark.sql.parquet.compression.codec") ?? "snappy";
}

export const parquetFormat: FileFormat = {
  name: "parquet",
  inferSchema(files, options, ctx) {
    const merge = (options.get("mergeSchema") ?? ctx.conf("spark.sql.parquet.mergeSchema") ?? "false").toLowerCase() === "true";
    return inferParquetSchema(files.map((f) => f.path), merge);
  },
  readFile(file, dataSchema, _options, _ctx, pushed) {
    return readParquetFiles([file.path], dataSchema, pushed);
  },
  checkWriteSchema(schema) {
    sparkToParquet(schema, "INT96");
  },
  extension: (options, ctx) => `${parquetCodec(codecName(options, ctx)).extension}.parquet`,
  async writeFile(file, schema, rows, options, ctx) {
    const timestampType = (ctx.conf("spark.sql.parquet.outputTimestampType") ?? "INT96").toUpperCase() as TimestampOutput;
    fs.writeFileSync(file, await encodeParquet(schema, rows as unknown[][], { codec: codecName(options, ctx), timestampType }));
  },
};
