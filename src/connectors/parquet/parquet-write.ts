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
import { ArrayTypeClass, DataType, LONG, MapTypeClass, StructTypeClass, TIMESTAMP } from "../../types/data-types";
import { DecimalTypeClass } from "../../types/decimal-type";
import { compressors, parquetCodec } from "./codecs";
import { int96FromMicros, patchInt96 } from "./int96-footer";
import { TimestampOutput, sparkToParquet } from "./spark-schema";

export interface ParquetWriteOptions {
  /** Spark's codec name (`compression` option or spark.sql.parquet.compression.codec). */
  codec: string;
  /** spark.sql.parquet.outputTimestampType. */
  timestampType: TimestampOutput;
}

/** Spark's version as the files say it (readers decide date/timestamp rebasing by it). */
const SPARK_VERSION = "3.5.9";
const ROW_GROUP_ROWS = 1 << 20;

type Conv = ((v: unknown) => unknown) | undefined;

/** From Iskra's value (data-types.ts) to what the writer encodes for Spark's physical type. */
function physical(t: DataType, ts: TimestampOutput): Conv {
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

function column(rows: InternalRow[], i: number, conv: Conv): unknown[] {
  const out = new Array(rows.length);
  if (conv) for (let r = 0; r < rows.length; r++) { const v = rows[r][i]; out[r] = v === null ? null : conv(v); }
  else for (let r = 0; r < rows.length; r++) out[r] = rows[r][i];
  return out;
}

/** The whole file's bytes. */
export async function encodeParquet(schema: StructTypeClass, rows: InternalRow[], o: ParquetWriteOptions): Promise<Uint8Array> {
  const { ByteWriter, parquetWrite }: typeof import("hyparquet-writer") = require("hyparquet-writer");
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
  const columnData: ColumnSource[] = schema.fields.map((f, i) => ({
    name: f.name,
    data: column(rows, i, physical(f.dataType, o.timestampType)) as ColumnSource["data"],
    ...(int96Columns.has(i) ? { statistics: false } : {}),
  }));
  const writer = new ByteWriter();
  parquetWrite({
    writer, columnData, schema: written, codec, compressors: await compressors(codec),
    rowGroupSize: ROW_GROUP_ROWS, createdBy: "iskra (hyparquet-writer)",
    kvMetadata: [
      { key: "org.apache.spark.version", value: SPARK_VERSION },
      { key: "org.apache.spark.sql.parquet.row.metadata", value: JSON.stringify(schema.jsonValue()) },
    ],
  });
  const bytes = new Uint8Array(writer.getBuffer());
  patchInt96(bytes, int96Schema, int96Leaves);
  return bytes;
}
