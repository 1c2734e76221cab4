/**
 * Reading Parquet files as Spark 3.5 reads them (hyparquet decodes pages; Spark's semantics are
 * here): the footer read at once (schema inference at `spark.read.parquet(...)`), Spark's row schema
 * from the key-value metadata when a Spark-like writer left it, else the converted Parquet schema;
 * columns matched by name (missing ones read as null), only the required ones decoded, and row
 * groups whose statistics rule out a pushed-down predicate skipped. Bad files fail with
 * parquet-mr's texts (see ParquetFileError).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { FileMetaData } from "hyparquet";
import type { InternalRow } from "../../connector-api/source";
import type { ScanHints } from "../../connector-api/scan-filter";
import { ArrayTypeClass, BINARY, DataType, LONG, MapTypeClass, StructFieldClass, StructTypeClass } from "../../types/data-types";
import { structTypeFromJson } from "../../types/json-type";
import { parquetToSpark } from "./spark-schema";
import { rowGroupMayMatch } from "./statistics";

const ROW_METADATA = "org.apache.spark.sql.parquet.row.metadata";

/** A file that is not (or no longer) Parquet: `javaClass` and `message` are parquet-mr's. */
export class ParquetFileError extends Error {
  constructor(readonly javaClass: string, message: string, readonly inFooter: "magic" | "thrift") {
    super(message);
  }
}

export interface ParquetFooter {
  file: string;
  metadata: FileMetaData;
  /** The file's Spark schema as written (nullability as the writer had it). */
  schema: StructTypeClass;
}

const uri = (file: string) => `file:${path.resolve(file)}`;

/** Reads and checks a file's footer (synchronously: schema inference runs on the caller's line). */
export function readFooter(file: string): ParquetFooter {
  const { parquetMetadata }: typeof import("hyparquet") = require("hyparquet");
  const fd = fs.openSync(file, "r");
  try {
    const size = fs.fstatSync(fd).size;
    if (size < 12) throw new ParquetFileError("java.lang.RuntimeException", `${uri(file)} is not a Parquet file (length is too low: ${size})`, "magic");
    const tail = Buffer.alloc(8);
    fs.readSync(fd, tail, 0, 8, size - 8);
    if (tail.toString("latin1", 4) !== "PAR1") {
      const found = [...tail.subarray(4)].map((b) => (b > 127 ? b - 256 : b)).join(", ");
      throw new ParquetFileError("java.lang.RuntimeException", `${uri(file)} is not a Parquet file. Expected magic number at tail, but found [${found}]`, "magic");
    }
    const len = tail.readUInt32LE(0);
    if (len > size - 12) throw new ParquetFileError("java.lang.RuntimeException", `corrupted file: the footer index is not within the file: ${size - 8 - len}`, "magic");
    const footer = Buffer.alloc(len + 8);
    fs.readSync(fd, footer, 0, len + 8, size - 8 - len);
    let metadata: FileMetaData;
    try {
      metadata = parquetMetadata(footer.buffer.slice(footer.byteOffset, footer.byteOffset + footer.length) as ArrayBuffer, { parsers: PARSERS });
    } catch (e) {
      throw new ParquetFileError("java.io.IOException", String((e as Error).message), "thrift");
    }
    return { file, metadata, schema: sparkSchemaOf(metadata) };
  } finally {
    fs.closeSync(fd);
  }
}

function sparkSchemaOf(metadata: FileMetaData): StructTypeClass {
  const kv = metadata.key_value_metadata?.find((k) => k.key === ROW_METADATA)?.value;
  if (kv) {
    try { return structTypeFromJson(kv); } catch { /* a type Iskra lacks: fall back to the Parquet schema */ }
  }
  return parquetToSpark(metadata.schema);
}

type Conv = (v: unknown) => unknown;
const id: Conv = (v) => v;

/** From hyparquet's decoded value to Iskra's (data-types.ts) for Spark type `t`. */
function fromParquet(t: DataType): Conv {
  if (t === LONG) return (v) => (typeof v === "bigint" ? Number(v) : v);
  if (t === BINARY) return (v) => (v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : typeof v === "string" ? Buffer.from(v) : v);
  if (t instanceof ArrayTypeClass) {
    const c = fromParquet(t.elementType);
    return (v) => (v as unknown[]).map((x) => (x === null || x === undefined ? null : c(x)));
  }
  if (t instanceof MapTypeClass) {
    const k = mapKey(t.keyType), c = fromParquet(t.valueType);
    return (v) => {
      const m = new Map<unknown, unknown>();
      if (v instanceof Map) for (const [x, y] of v) m.set(k(x), y === null || y === undefined ? null : c(y));
      else for (const [x, y] of Object.entries(v as object)) m.set(k(x), y === null || y === undefined ? null : c(y));
      return m;
    };
  }
  if (t instanceof StructTypeClass) {
    const names = t.names as string[];
    const convs = t.fields.map((f) => fromParquet(f.dataType));
    return (v) => {
      const o = v as Record<string, unknown>;
      return names.map((n, i) => { const x = o[n]; return x === null || x === undefined ? null : convs[i](x); });
    };
  }
  return id;
}

/** hyparquet assembles maps as objects, so their keys arrive as text. */
function mapKey(t: DataType): Conv {
  if (t instanceof StructTypeClass || t instanceof ArrayTypeClass || t instanceof MapTypeClass || t === BINARY) return id;
  const c = fromParquet(t);
  return t.typeName === "string" ? id : t.typeName === "boolean" ? (k) => k === "true" || k === true : (k) => (typeof k === "string" ? c(Number(k)) : c(k));
}

const PARSERS = {
  timestampFromMilliseconds: (ms: bigint) => Number(ms) * 1000,
  timestampFromMicroseconds: (us: bigint) => Number(us),
  timestampFromNanoseconds: (ns: bigint) => Number(ns / 1000n - (ns % 1000n < 0n ? 1n : 0n)),
  dateFromDays: (d: number) => d,
};

/** The file's field for a requested one: by exact name, else case-insensitively (spark.sql.caseSensitive=false). */
function fileField(file: StructTypeClass, name: string): StructFieldClass | undefined {
  return file.fields.find((f) => f.name === name) ?? file.fields.find((f) => f.name.toLowerCase() === name.toLowerCase());
}

/**
 * The rows of one file for `schema` (the relation's data schema: every field, in order); columns
 * not in `hints.columns` come back as null without being decoded.
 */
export async function readParquetRows(footer: ParquetFooter, schema: StructTypeClass, hints: ScanHints = {}): Promise<InternalRow[]> {
  const { parquetRead }: typeof import("hyparquet") = require("hyparquet");
  const { compressors }: typeof import("hyparquet-compressors") = require("hyparquet-compressors");
  const { metadata } = footer;
  const wanted = schema.fields.map((f) => (hints.columns && !hints.columns.has(f.name) ? undefined : fileField(footer.schema, f.name)));
  const read = [...new Set(wanted.filter((f): f is StructFieldClass => !!f).map((f) => f.name))];
  const at = new Map(read.map((n, i) => [n, i]));
  const convs = schema.fields.map((f) => fromParquet(f.dataType));
  const out: InternalRow[] = [];
  const total = Number(metadata.num_rows);
  if (!read.length) {
    // Nothing decoded (count(*), or only missing columns): one all-null row per row of the file.
    for (let r = 0; r < total; r++) out.push(new Array(schema.fields.length).fill(null));
    return out;
  }
  const bytes = fs.readFileSync(footer.file);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let start = 0;
  for (const g of metadata.row_groups) {
    const rows = Number(g.num_rows);
    const rowStart = start;
    start += rows;
    if (hints.filters?.length && !rowGroupMayMatch(g, metadata, hints.filters)) continue;
    await parquetRead({
      file, metadata, columns: read, rowStart, rowEnd: rowStart + rows, compressors, utf8: false, parsers: PARSERS,
      onComplete: (chunk: unknown[][]) => {
        for (const r of chunk) {
          const row = new Array(schema.fields.length);
          for (let i = 0; i < row.length; i++) {
            const f = wanted[i];
            const v = f ? r[at.get(f.name)!] : null;
            row[i] = v === null || v === undefined ? null : convs[i](v);
          }
          out.push(row);
        }
      },
    });
  }
  return out;
}
