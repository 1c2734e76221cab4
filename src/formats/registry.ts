/**
 * File formats by Spark's short name (`format("csv")`, `spark.read.csv`, the streaming file
 * source and sink, `CREATE TABLE … USING csv`). Built in: csv, json, text, parquet. Names are case-insensitive; a class name Spark accepts for a built-in
 * format (`org.apache.spark.sql.execution.datasources.csv.CSVFileFormat`) maps to it.
 */
import type { FileFormat } from "../connector-api/file-format";
import { jsonFormat } from "./json-format";
import { textFormat } from "./text-format";
import { csvFormat } from "./csv/csv-format";
import { parquetFormat } from "./parquet/parquet-format";

const formats = new Map<string, FileFormat>([
  ["csv", csvFormat],
  ["json", jsonFormat],
  ["text", textFormat],
  ["parquet", parquetFormat],
]);

const ALIASES: Record<string, string> = {
  "org.apache.spark.sql.execution.datasources.csv.csvfileformat": "csv",
  "org.apache.spark.sql.execution.datasources.json.jsonfileformat": "json",
  "org.apache.spark.sql.execution.datasources.text.textfileformat": "text",
  "org.apache.spark.sql.execution.datasources.parquet.parquetfileformat": "parquet",
  "com.databricks.spark.csv": "csv",
};

/** Adds or replaces the file format for a short name. */
export function registerFileFormat(format: FileFormat): void {
  formats.set(format.name.toLowerCase(), format);
}

/** The file format for a name, or undefined. */
export function getFileFormat(name: string): FileFormat | undefined {
  const n = name.toLowerCase();
  return formats.get(ALIASES[n] ?? n);
}

/** The registered short names, sorted. */
export function fileFormatNames(): string[] {
  return [...formats.keys()].sort();
}
