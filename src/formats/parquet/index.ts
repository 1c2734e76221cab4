/**
 * The Parquet format for the engine: infer a dataset's schema (at `spark.read.parquet(...)`), read
 * its files' rows (with pruned columns and pushed filters), write a part file. Failures of a bad
 * file are SparkTaskFailure with Spark 3.5's texts (the job that reads footers or rows aborts).
 */
import * as path from "node:path";
import { SparkTaskFailure } from "../../errors";
import type { InternalRow } from "../../connector-api/source";
import type { ScanHints } from "../../connector-api/scan-filter";
import { StructTypeClass } from "../../types/data-types";
import { mergeSchemas } from "./merge-schema";
import { ParquetFileError, ParquetFooter, readFooter, readParquetRows } from "./parquet-read";
import { asNullable } from "./spark-schema";

export { encodeParquet } from "./parquet-write";
export { parquetCodec } from "./codecs";

const CANNOT_READ_FOOTER = (file: string) =>
  `[CANNOT_READ_FILE_FOOTER] Could not read footer for file: file:${path.resolve(file)}. Please ensure that the file is in either ORC or Parquet format. If not, please convert it to a valid format. If the file is in the valid format, please check if it is corrupt. If it is, you can choose to either ignore it or fix the corruption.`;

/** A footer read during schema inference (ParquetFileFormat.readParquetFootersInParallel). */
function footerForSchema(file: string): ParquetFooter {
  try {
    return readFooter(file);
  } catch (e) {
    if (!(e instanceof ParquetFileError)) throw e;
    const cause = e.inFooter === "thrift"
      ? `java.io.IOException: can not read FileMetaData: ${e.message}`
      : `org.apache.spark.SparkException: ${CANNOT_READ_FOOTER(file)}\nCaused by: ${e.javaClass}: ${e.message}`;
    throw new SparkTaskFailure("org.apache.spark.SparkException", `Exception thrown in awaitResult: \nCaused by: ${cause}`);
  }
}

/**
 * Spark's schema of a Parquet dataset: the first file's (its row metadata, else its Parquet
 * schema), or with `merge` all files' merged; every column nullable, as Spark reads files.
 */
export function inferParquetSchema(files: string[], merge: boolean): StructTypeClass | undefined {
  if (!files.length) return undefined;
  const schemas = (merge ? files : files.slice(0, 1)).map((f) => footerForSchema(f).schema);
  return asNullable(mergeSchemas(schemas)) as StructTypeClass;
}

/** The rows of `files` for the dataset schema `schema`, in file order. */
export async function readParquetFiles(files: string[], schema: StructTypeClass, hints?: ScanHints): Promise<InternalRow[]> {
  const out: InternalRow[] = [];
  for (const file of files) {
    let footer: ParquetFooter;
    try {
      footer = readFooter(file);
    } catch (e) {
      if (!(e instanceof ParquetFileError)) throw e;
      throw e.inFooter === "thrift"
        ? new SparkTaskFailure("java.io.IOException", `can not read class org.apache.parquet.format.FileMetaData: ${e.message}`)
        : new SparkTaskFailure(e.javaClass, e.message);
    }
    checkTypes(file, footer, schema, hints);
    let rows: InternalRow[];
    try {
      rows = await readParquetRows(footer, schema, hints);
    } catch (e) {
      if (e instanceof SparkTaskFailure) throw e;
      throw new SparkTaskFailure("org.apache.spark.SparkException",
        `Encountered error while reading file file://${path.resolve(file)}. Details:\nCaused by: java.io.IOException: ${(e as Error).message}`);
    }
    for (const r of rows) out.push(r);
  }
  return out;
}

/** A column the file holds with another type than the dataset's (mergeSchema off): Spark's vectorized reader refuses it. */
function checkTypes(file: string, footer: ParquetFooter, schema: StructTypeClass, hints?: ScanHints): void {
  for (const f of schema.fields) {
    if (hints?.columns && !hints.columns.has(f.name)) continue;
    const have = footer.schema.fields.find((x) => x.name === f.name);
    if (!have || asNullable(have.dataType).equals(f.dataType)) continue;
    const leaf = footer.metadata.schema.find((e) => e.name === f.name);
    const found = leaf?.type === "BYTE_ARRAY" ? "BINARY" : leaf?.type ?? have.dataType.simpleString(); // parquet-mr's names
    throw new SparkTaskFailure("org.apache.spark.SparkException",
      `Parquet column cannot be converted in file file://${path.resolve(file)}. Column: [${f.name}], Expected: ${f.dataType.simpleString()}, Found: ${found}.\n` +
      `Caused by: org.apache.spark.sql.execution.datasources.SchemaColumnConvertNotSupportedException: column: [${f.name}], physicalType: ${found}, logicalType: ${f.dataType.simpleString()}`);
  }
}
