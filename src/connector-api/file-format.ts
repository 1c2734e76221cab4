import type { StructTypeClass } from "../types/data-types";
import type { CaseInsensitiveMap } from "./options";
import type { InternalRow } from "./source";
import type { ScanHints } from "./scan-filter";

/**
 * One file-based data source (Spark's FileFormat): csv, json, text, parquet. The engine around
 * it (src/formats/) owns everything that is the same for all of them — listing directories and
 * globs, partition discovery, `partitionBy`, the output committer's layout and save modes, the
 * streaming file source and sink — so a format only turns one file into rows and rows into one
 * file.
 *
 * Contract:
 * - `inferSchema` sees every listed data file (partition directories excluded from the schema)
 *   and returns the data schema, or undefined when there is nothing to infer from (the reader
 *   then raises Spark's UNABLE_TO_INFER_SCHEMA). It runs at `load()`, synchronously, as Spark
 *   resolves a relation when the DataFrame is made.
 * - `readFile` returns the file's rows as `dataSchema` orders them (partition values are added by
 *   the caller). Values follow src/types/data-types.ts. Parsing of dates and timestamps happens
 *   in `ctx.timeZone` (the caller runs it inside that zone already).
 * - `writeFile` writes `rows` (of `schema`, partition columns already removed) to `path`,
 *   a staging path the committer renames into place; `extension` is the file name's tail after
 *   `part-00000-<uuid>-c000` (".csv", ".csv.gz", ".json", ".txt", ".snappy.parquet").
 * - Errors are Spark's (src/errors/), so the shell prints them and survives.
 */
export interface FileFormat {
  /** Spark's short name: "csv". */
  readonly name: string;
  inferSchema(files: readonly InputFile[], options: CaseInsensitiveMap, ctx: FileFormatContext): StructTypeClass | undefined;
  /** `pushed`: what the optimizer pushed to the scan (columns read, filters); a format may use it to skip work. */
  readFile(file: InputFile, dataSchema: StructTypeClass, options: CaseInsensitiveMap, ctx: FileFormatContext, pushed?: ScanHints): Promise<InternalRow[]>;
  /** Throws Spark's error when the format cannot hold `schema` (e.g. text with two columns). */
  checkWriteSchema?(schema: StructTypeClass): void;
  /** The schema when the user gives none and none is inferred (text: `value STRING`). */
  fixedSchema?(options: CaseInsensitiveMap): StructTypeClass | undefined;
  extension(options: CaseInsensitiveMap, ctx: FileFormatContext): string;
  writeFile(path: string, schema: StructTypeClass, rows: readonly InternalRow[], options: CaseInsensitiveMap, ctx: FileFormatContext): Promise<void>;
}

/** A data file the listing found. */
export interface InputFile {
  /** Absolute path. */
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  /** Values of the partition columns (`col=value/` directories), typed as the partition schema. */
  readonly partitionValues: readonly unknown[];
}

/** What a format may ask of the session. */
export interface FileFormatContext {
  /** spark.sql.session.timeZone. */
  readonly timeZone: string;
  /** A SQL conf value (e.g. spark.sql.parquet.compression.codec), undefined when unset. */
  conf(key: string): string | undefined;
}
