/**
 * Rows to a Parquet file as Spark 3.5 writes it: Spark's physical schema (spark-schema.ts), its
 * row schema JSON under `org.apache.spark.sql.parquet.row.metadata` (types and nullability
 * round-trip through Spark and Iskra), `org.apache.spark.version`, the chosen codec, and
 * timestamps as INT96 unless spark.sql.parquet.outputTimestampType says otherwise.
 * Encoding is hyparquet-writer's (dictionary where it pays, statistics for row-group skipping).
 */
import type { SchemaElement } from "hyparquet";
import type { ColumnSource } from "hyparquet-writer/src/types";
import type { InternalRow } from "../../connector-api/source";
import { ArrayTypeClass, BYTE, DATE, DOUBLE, DataType, FLOAT, INTEGER, LONG, MapTypeClass, SHORT, STRING, StructTypeClass, TIMESTAMP } from "../../types/data-types";
import { DecimalTypeClass } from "../../types/decimal-type";
import { compressors, parquetCodec } from "./codecs";
import { int96FromMicros, patchInt96, writeInt96 } from "./int96-footer";
import { TimestampOutput, sparkToParquet } from "./spark-schema";

interface ParquetWriteOptions {
  /** Spark's codec name (`compression` option or spark.sql.parquet.compression.codec). */
  codec: string;
  /** spark.sql.parquet.outputTimestampType. */
  timestampType: TimestampOutput;
}

/** Spark's version as the files say it (readers decide date/timestamp rebasing by it). */
const SPARK_VERSION = "3.5.9";
/** Rows per row group (Spark cuts at 128 MB; smaller groups give row-group skipping more to work with). */
const ROW_GROUP_ROWS = 1 << 17;

type Conv = ((v: unknown) => unknown) | undefined;

const utf8 = new TextEncoder();

/**
 * Strings as UTF-8 bytes, each distinct one encoded once and its bytes object reused: the writer's
 * dictionary then matches repeats by identity instead of encoding and hashing every value.
 */
function utf8Encoder(): Conv {
  const seen = new Map<string, Uint8Array>();
  return (v) => {
    const s = v as string;
    let b = seen.get(s);
    if (b === undefined) {
      b = utf8.encode(s);
      if (seen.size < 100_000) seen.set(s, b);
    }
    return b;
  };
}

/** From Iskra's value (data-types.ts) to what the writer encodes for Spark's physical type. */
function physical(t: DataType, ts: TimestampOutput): Conv {
  if (t === STRING) return utf8Encoder();
  if (t === LONG) return (v) => BigInt(v as number);
  if (t === TIMESTAMP) {
    if (ts === "INT96") return (v) => int96FromMicros(v as number);
    if (ts === "TIMESTAMP_MICROS") return (v) => BigInt(v as number);
    return (v) => BigInt(Math.floor((v as number) / 1000));
  }
  if (t instanceof DecimalTypeClass) return (v) => BigInt((v as number).toFixed(t.scale).replace(".", ""));
  if (t instanceof ArrayTypeClass) {
    const c = physical(t.elementType, ts);
    return c ? (v) => (v as unknown[]).map((x) => (x === null ? null : c(x))) : undefined;
  }
  if (t instanceof MapTypeClass) {
    const k = physical(t.keyType, ts) ?? ((x: unknown) => x);
    const c = physical(t.valueType, ts) ?? ((x: unknown) => x);
    return (v) => new Map([...(v as Map<unknown, unknown>)].map(([x, y]) => [k(x), y === null ? null : c(y)]));
  }
  if (t instanceof StructTypeClass) {
    const convs = t.fields.map((f) => physical(f.dataType, ts));
    const names = t.names as string[];
    return (v) => {
      const o: Record<string, unknown> = {};
      const a = v as unknown[];
      for (let i = 0; i < names.length; i++) o[names[i]] = a[i] === null ? null : convs[i] ? convs[i]!(a[i]) : a[i];
      return o;
    };
  }
  return undefined;
}

type Typed = Int32Array | Float64Array | Float32Array | BigInt64Array;

/** Flat columns without nulls go to the writer as typed arrays: no object per value (the heap stays small). */
function typedArray(t: DataType, ts: TimestampOutput, n: number): { arr: Typed; set: (i: number, v: unknown) => void } | undefined {
  if (t === INTEGER || t === SHORT || t === BYTE || t === DATE) { const arr = new Int32Array(n); return { arr, set: (i, v) => { arr[i] = v as number; } }; }
  if (t === DOUBLE) { const arr = new Float64Array(n); return { arr, set: (i, v) => { arr[i] = v as number; } }; }
  if (t === FLOAT) { const arr = new Float32Array(n); return { arr, set: (i, v) => { arr[i] = v as number; } }; }
  if (t === LONG || (t === TIMESTAMP && ts === "TIMESTAMP_MICROS")) { const arr = new BigInt64Array(n); return { arr, set: (i, v) => { arr[i] = BigInt(v as number); } }; }
  return undefined;
}

function column(rows: InternalRow[], from: number, to: number, i: number, t: DataType, ts: TimestampOutput): unknown[] | Typed {
  let nulls = false;
  for (let r = from; r < to; r++) if (rows[r][i] === null) { nulls = true; break; }
  const typed = nulls ? undefined : typedArray(t, ts, to - from);
  if (typed) {
    for (let r = from; r < to; r++) typed.set(r - from, rows[r][i]);
    return typed.arr;
  }
  const out = new Array(to - from);
  if (t === TIMESTAMP && ts === "INT96") {
    // One buffer for the row group's INT96 values, each value a 12-byte view of it.
    const buf = new Uint8Array(12 * (to - from));
    const view = new DataView(buf.buffer);
    for (let r = from; r < to; r++) {
      const v = rows[r][i];
      out[r - from] = v === null ? null : writeInt96(view, buf, 12 * (r - from), v as number);
    }
    return out;
  }
  const conv = physical(t, ts);
  if (conv) for (let r = from; r < to; r++) { const v = rows[r][i]; out[r - from] = v === null ? null : conv(v); }
  else for (let r = from; r < to; r++) out[r - from] = rows[r][i];
  return out;
}

/** The whole file's bytes. */
export async function encodeParquet(schema: StructTypeClass, rows: InternalRow[], o: ParquetWriteOptions): Promise<Uint8Array> {
  const { ByteWriter, ParquetWriter }: typeof import("hyparquet-writer") = require("hyparquet-writer");
  const codec = parquetCodec(o.codec).parquet;
  const elements = sparkToParquet(schema, o.timestampType);
  // INT96 leaves go out as FIXED_LEN_BYTE_ARRAY(12), without statistics, then the footer says INT96.
  const int96Schema = new Set<number>(), int96Leaves = new Set<number>(), int96Columns = new Set<number>();
  let at = 1, leaf = 0;
  const walk = (top: number): void => {
    const i = at++, e = elements[i];
    if (e.num_children) for (let c = 0; c < e.num_children; c++) walk(top);
    else {
      if (e.type === "INT96") { int96Schema.add(i); int96Leaves.add(leaf); int96Columns.add(top); }
      leaf++;
    }
  };
  for (let top = 0; top < schema.fields.length; top++) walk(top);
  const written = elements.map((e, i): SchemaElement => (int96Schema.has(i) ? { ...e, type: "FIXED_LEN_BYTE_ARRAY", type_length: 12 } : e));
  const writer = new ByteWriter();
  const pq = new ParquetWriter({
    writer, schema: written, codec, compressors: await compressors(codec), statisticsTruncateLength: Infinity,
    createdBy: "iskra (hyparquet-writer)",
    kvMetadata: [
      { key: "org.apache.spark.version", value: SPARK_VERSION },
      { key: "org.apache.spark.sql.parquet.row.metadata", value: JSON.stringify(schema.jsonValue()) },
    ],
  });
  // One row group at a time: only its columns are converted, so garbage stays young.
  for (let from = 0; from < rows.length; from += ROW_GROUP_ROWS) {
    const to = Math.min(rows.length, from + ROW_GROUP_ROWS);
    const columnData: ColumnSource[] = schema.fields.map((f, i) => ({
      name: f.name,
      data: column(rows, from, to, i, f.dataType, o.timestampType) as ColumnSource["data"],
      ...(int96Columns.has(i) ? { statistics: false } : {}),
    }));
    pq.write({ columnData, rowGroupSize: ROW_GROUP_ROWS });
  }
  pq.finish();
  const bytes = new Uint8Array(writer.getBuffer());
  patchInt96(bytes, int96Schema, int96Leaves);
  return bytes;
}
