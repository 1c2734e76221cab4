/**
 * Rows as Arrow IPC, the way Spark's server sends results (ArrowConverters: one IPC stream per
 * ArrowBatch, schema first) and the client sends createDataFrame's data (LocalRelation). The
 * Arrow types are Spark's ArrowUtils.toArrowType: string → Utf8, timestamp → Timestamp(µs, session
 * time zone), date → Date32, decimal → Decimal128, map → Map of a non-null `entries` struct.
 * Buffers are built by hand (not through arrow's builders) so microsecond timestamps and longs stay exact.
 */
import * as A from "apache-arrow";
import {
  ArrayTypeClass, BinaryTypeClass, BooleanTypeClass, ByteTypeClass, DataType, DateTypeClass, DecimalTypeClass, DoubleTypeClass, FloatTypeClass,
  IntegerTypeClass, LongTypeClass, MapTypeClass, NullTypeClass, ShortTypeClass, StringTypeClass, StructFieldClass, StructTypeClass, TimestampTypeClass,
  UnsupportedOperationException, NULL, BOOLEAN, BYTE, SHORT, INTEGER, LONG, FLOAT, DOUBLE, STRING, BINARY, DATE, TIMESTAMP,
} from "../index";

function arrowType(t: DataType, tz: string): A.DataType {
  if (t instanceof BooleanTypeClass) return new A.Bool();
  if (t instanceof ByteTypeClass) return new A.Int8();
  if (t instanceof ShortTypeClass) return new A.Int16();
  if (t instanceof IntegerTypeClass) return new A.Int32();
  if (t instanceof LongTypeClass) return new A.Int64();
  if (t instanceof FloatTypeClass) return new A.Float32();
  if (t instanceof DoubleTypeClass) return new A.Float64();
  if (t instanceof StringTypeClass) return new A.Utf8();
  if (t instanceof BinaryTypeClass) return new A.Binary();
  if (t instanceof DateTypeClass) return new A.DateDay();
  if (t instanceof TimestampTypeClass) return new A.TimestampMicrosecond(tz);
  if (t instanceof NullTypeClass) return new A.Null();
  if (t instanceof DecimalTypeClass) return new A.Decimal(t.scale, t.precision, 128);
  if (t instanceof ArrayTypeClass) return new A.List(new A.Field("element", arrowType(t.elementType, tz), t.containsNull));
  if (t instanceof StructTypeClass) return new A.Struct(t.fields.map((f) => arrowField(f, tz)));
  if (t instanceof MapTypeClass)
    return new A.Map_(new A.Field("entries", new A.Struct([new A.Field("key", arrowType(t.keyType, tz), false), new A.Field("value", arrowType(t.valueType, tz), t.valueContainsNull)]), false) as A.Field<any>);
  throw new UnsupportedOperationException(`The feature is not supported: the data type ${t.simpleString()} in Arrow.`, "UNSUPPORTED_FEATURE");
}

const arrowField = (f: StructFieldClass, tz: string) => new A.Field(f.name, arrowType(f.dataType, tz), f.nullable);

function validity(values: readonly unknown[]): { nullBitmap: Uint8Array; nullCount: number } {
  const nullBitmap = new Uint8Array(Math.ceil(values.length / 8) || 1);
  let nullCount = 0;
  values.forEach((v, i) => (v === null || v === undefined ? nullCount++ : (nullBitmap[i >> 3] |= 1 << (i & 7))));
  return { nullBitmap, nullCount };
}

const utf8 = new TextEncoder();

/** The column `values` (engine values, nulls included) as Arrow data of `type`. */
function encode(type: A.DataType, t: DataType, values: readonly unknown[]): A.Data {
  const length = values.length;
  const { nullBitmap, nullCount } = validity(values);
  const base = { type, length, nullCount, nullBitmap };
  const num = (f: (v: any) => number | bigint, Arr: any) => A.makeData({ ...base, data: Arr.from(values, (v: unknown) => (v === null || v === undefined ? (Arr === BigInt64Array ? 0n : 0) : f(v))) } as any);
  switch (type.typeId) {
    case A.Type.Null: return A.makeData({ type: type as A.Null, length, nullCount: length });
    case A.Type.Bool: {
      const data = new Uint8Array(Math.ceil(length / 8) || 1);
      values.forEach((v, i) => v && (data[i >> 3] |= 1 << (i & 7)));
      return A.makeData({ ...base, type: type as A.Bool, data });
    }
    case A.Type.Int: return (type as A.Int).bitWidth === 64 ? num((v) => BigInt(Math.trunc(Number(v))), BigInt64Array) : num(Number, (type as A.Int).ArrayType);
    case A.Type.Float: return num(Number, (type as A.Float).ArrayType);
    case A.Type.Date: return num(Number, Int32Array);
    case A.Type.Timestamp: return num((v) => BigInt(Math.round(Number(v))), BigInt64Array);
    case A.Type.Decimal: {
      const scale = (type as A.Decimal).scale;
      const data = new Uint32Array(length * 4);
      values.forEach((v, i) => {
        if (v === null || v === undefined) return;
        let u = BigInt(Number(v).toFixed(scale).replace(".", ""));
        if (u < 0n) u += 1n << 128n;
        for (let w = 0; w < 4; w++) data[i * 4 + w] = Number((u >> BigInt(32 * w)) & 0xffffffffn);
      });
      return A.makeData({ ...base, type: type as A.Decimal, data });
    }
    case A.Type.Utf8: case A.Type.Binary: {
      const parts = values.map((v) => (v === null || v === undefined ? new Uint8Array(0) : typeof v === "string" ? utf8.encode(v) : new Uint8Array(v as Uint8Array)));
      const valueOffsets = new Int32Array(length + 1);
      parts.forEach((p, i) => (valueOffsets[i + 1] = valueOffsets[i] + p.length));
      const data = new Uint8Array(valueOffsets[length]);
      parts.forEach((p, i) => data.set(p, valueOffsets[i]));
      return A.makeData({ ...base, type: type as A.Utf8, valueOffsets, data });
    }
    case A.Type.List: {
      const el = (t as ArrayTypeClass).elementType;
      const valueOffsets = new Int32Array(length + 1);
      const flat: unknown[] = [];
      values.forEach((v, i) => {
        if (Array.isArray(v)) flat.push(...v);
        valueOffsets[i + 1] = flat.length;
      });
      return A.makeData({ ...base, type: type as A.List, valueOffsets, child: encode((type as A.List).children[0].type, el, flat) });
    }
    case A.Type.Struct: {
      const fields = (t as StructTypeClass).fields;
      const children = fields.map((f, j) => encode((type as A.Struct).children[j].type, f.dataType, values.map((v) => (Array.isArray(v) ? v[j] : null))));
      return A.makeData({ ...base, type: type as A.Struct, children });
    }
    case A.Type.Map: {
      const m = t as MapTypeClass;
      const valueOffsets = new Int32Array(length + 1);
      const entries: unknown[] = [];
      values.forEach((v, i) => {
        if (v instanceof Map) for (const [k, x] of v) entries.push([k, x]);
        valueOffsets[i + 1] = entries.length;
      });
      const entryType = (type as A.Map_).children[0].type as A.Struct;
      const child = encode(entryType, new StructTypeClass([new StructFieldClass("key", m.keyType, false), new StructFieldClass("value", m.valueType, true)]), entries);
      return A.makeData({ ...base, type: type as A.Map_, valueOffsets, child } as any);
    }
    default: throw new UnsupportedOperationException(`The feature is not supported: Arrow type ${type}.`, "UNSUPPORTED_FEATURE");
  }
}

/** Rows of `schema` as one Arrow IPC stream (schema, one record batch, end of stream). */
export function toArrowIpc(schema: StructTypeClass, rows: readonly unknown[][], tz: string): Buffer {
  const fields = schema.fields.map((f) => arrowField(f, tz));
  const aSchema = new A.Schema(fields);
  const children = schema.fields.map((f, j) => encode(fields[j].type, f.dataType, rows.map((r) => r[j])));
  const data = A.makeData({ type: new A.Struct(fields), length: rows.length, nullCount: 0, children });
  const batch = new A.RecordBatch(aSchema, data);
  return Buffer.from(A.tableToIPC(new A.Table(aSchema, [batch]), "stream"));
}

/** An Arrow value → the engine's value of `t`. */
function decode(v: any, t: DataType): unknown {
  if (v === null || v === undefined) return null;
  if (t instanceof LongTypeClass || t instanceof IntegerTypeClass || t instanceof ShortTypeClass || t instanceof ByteTypeClass) return Number(v);
  if (t instanceof TimestampTypeClass) return typeof v === "bigint" ? Number(v) : Math.round(Number(v) * 1000);
  if (t instanceof DateTypeClass) return Math.floor(Number(v) / 86400000);
  if (t instanceof DecimalTypeClass) return decimalValue(v, t.scale);
  if (t instanceof BinaryTypeClass) return Buffer.from(v);
  if (t instanceof ArrayTypeClass) return Array.from(v as Iterable<unknown>, (x) => decode(x, t.elementType));
  if (t instanceof StructTypeClass) return t.fields.map((f) => decode(v[f.name] ?? (typeof v.get === "function" ? v.get(f.name) : null), f.dataType));
  if (t instanceof MapTypeClass) {
    const out = new Map();
    for (const [k, x] of v as Iterable<[unknown, unknown]>) out.set(decode(k, t.keyType), decode(x, t.valueType));
    return out;
  }
  return v;
}

function decimalValue(v: any, scale: number): number {
  const words: Uint32Array = v instanceof Uint32Array ? v : new Uint32Array(v.buffer ?? v, v.byteOffset ?? 0, 4);
  let u = 0n;
  for (let w = 3; w >= 0; w--) u = (u << 32n) | BigInt(words[w]);
  if (u >= 1n << 127n) u -= 1n << 128n;
  return Number(u) / 10 ** scale;
}

/** An Arrow IPC stream's rows as engine rows of `schema` (columns matched by position). */
export function fromArrowIpc(data: Uint8Array, schema: StructTypeClass): unknown[][] {
  const table = A.tableFromIPC(data);
  const cols = schema.fields.map((_, j) => table.getChildAt(j));
  const rows: unknown[][] = [];
  for (let i = 0; i < table.numRows; i++) rows.push(schema.fields.map((f, j) => decode(cols[j]?.get(i) ?? null, f.dataType)));
  return rows;
}

/** The schema an Arrow IPC stream carries, as the engine's types (createDataFrame without a schema). */
export function arrowSchema(data: Uint8Array): StructTypeClass {
  const toType = (a: A.DataType): DataType => {
    switch (a.typeId) {
      case A.Type.Null: return NULL;
      case A.Type.Bool: return BOOLEAN;
      case A.Type.Int: return ({ 8: BYTE, 16: SHORT, 32: INTEGER, 64: LONG } as Record<number, DataType>)[(a as A.Int).bitWidth];
      case A.Type.Float: return (a as A.Float).precision === A.Precision.SINGLE ? FLOAT : DOUBLE;
      case A.Type.Utf8: case A.Type.LargeUtf8: return STRING;
      case A.Type.Binary: case A.Type.LargeBinary: return BINARY;
      case A.Type.Date: return DATE;
      case A.Type.Timestamp: return TIMESTAMP;
      case A.Type.Decimal: return new DecimalTypeClass((a as A.Decimal).precision, (a as A.Decimal).scale);
      case A.Type.List: return new ArrayTypeClass(toType((a as A.List).children[0].type), (a as A.List).children[0].nullable);
      case A.Type.Struct: return new StructTypeClass((a as A.Struct).children.map((f) => new StructFieldClass(f.name, toType(f.type), f.nullable)));
      case A.Type.Map: {
        const [k, v] = ((a as A.Map_).children[0].type as A.Struct).children;
        return new MapTypeClass(toType(k.type), toType(v.type), v.nullable);
      }
      default: throw new UnsupportedOperationException(`The feature is not supported: Arrow type ${a}.`, "UNSUPPORTED_FEATURE");
    }
  };
  const s = A.tableFromIPC(data).schema;
  return new StructTypeClass(s.fields.map((f) => new StructFieldClass(f.name, toType(f.type), f.nullable)));
}
