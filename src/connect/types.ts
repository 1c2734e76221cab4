/**
 * Data types across the wire: Spark Connect's DataType message (types.proto) and Spark's JSON
 * form of a type (`schema.json()`, which the client sends for createDataFrame and from_json) to
 * and from the engine's types. A type the engine does not have (TimestampNTZ, intervals, char/
 * varchar as such) is Spark's UNSUPPORTED_FEATURE, named.
 */
import {
  ArrayTypeClass, BINARY, BOOLEAN, BYTE, DATE, DOUBLE, DataType, DecimalTypeClass, FLOAT, INTEGER, LONG, MapTypeClass, NULL, SHORT, STRING,
  StructFieldClass, StructTypeClass, TIMESTAMP, UnsupportedOperationException, parseDataType, parseSchema,
} from "../index";

type Msg = Record<string, any>;

const unsupported = (what: string) => new UnsupportedOperationException(`The feature is not supported: ${what}.`, "UNSUPPORTED_FEATURE");

const ATOMIC: Record<string, DataType> = {
  null: NULL, binary: BINARY, boolean: BOOLEAN, byte: BYTE, short: SHORT, integer: INTEGER, long: LONG, float: FLOAT, double: DOUBLE,
  string: STRING, date: DATE, timestamp: TIMESTAMP,
};

/** A DataType message → the engine's type. */
export function fromProto(t: Msg): DataType {
  const kind: string = t.kind;
  if (kind in ATOMIC) return ATOMIC[kind];
  const v = t[kind] ?? {};
  switch (kind) {
    case "char": case "var_char": return STRING;
    case "decimal": return new DecimalTypeClass(v.precision ?? 10, v.scale ?? 0);
    case "array": return new ArrayTypeClass(fromProto(v.element_type), v.contains_null ?? false);
    case "map": return new MapTypeClass(fromProto(v.key_type), fromProto(v.value_type), v.value_contains_null ?? false);
    case "struct": return new StructTypeClass((v.fields ?? []).map((f: Msg) => new StructFieldClass(f.name, fromProto(f.data_type), f.nullable ?? false, f.metadata ? JSON.parse(f.metadata) : {})));
    case "unparsed": return parseDataType(v.data_type_string);
    default: throw unsupported(`the data type ${kind}`);
  }
}

/** The engine's type → a DataType message. */
export function toProto(t: DataType): Msg {
  const atomic = Object.entries(ATOMIC).find(([, a]) => a === t || (a.constructor === t.constructor && !(t instanceof DecimalTypeClass)));
  if (atomic) return { [atomic[0]]: {} };
  if (t instanceof DecimalTypeClass) return { decimal: { precision: t.precision, scale: t.scale } };
  if (t instanceof ArrayTypeClass) return { array: { element_type: toProto(t.elementType), contains_null: t.containsNull } };
  if (t instanceof MapTypeClass) return { map: { key_type: toProto(t.keyType), value_type: toProto(t.valueType), value_contains_null: t.valueContainsNull } };
  if (t instanceof StructTypeClass)
    return { struct: { fields: t.fields.map((f) => ({ name: f.name, data_type: toProto(f.dataType), nullable: f.nullable, ...(Object.keys(f.metadata).length ? { metadata: JSON.stringify(f.metadata) } : {}) })) } };
  throw unsupported(`the data type ${t.simpleString()}`);
}

/** Spark's JSON form of a type (DataType.fromJson). */
function fromJson(j: unknown): DataType {
  if (typeof j === "string") {
    if (j in ATOMIC) return ATOMIC[j];
    const d = /^decimal\((\d+),\s*(\d+)\)$/.exec(j);
    if (d) return new DecimalTypeClass(Number(d[1]), Number(d[2]));
    if (j === "decimal") return new DecimalTypeClass(10, 0);
    if (/^(var)?char\(\d+\)$/.test(j)) return STRING;
    throw unsupported(`the data type ${j}`);
  }
  const o = j as Msg;
  switch (o?.type) {
    case "array": return new ArrayTypeClass(fromJson(o.elementType), o.containsNull);
    case "map": return new MapTypeClass(fromJson(o.keyType), fromJson(o.valueType), o.valueContainsNull);
    case "struct": return new StructTypeClass(o.fields.map((f: Msg) => new StructFieldClass(f.name, fromJson(f.type), f.nullable, f.metadata ?? {})));
    case "udt": return fromJson(o.sqlType);
    default: throw unsupported(`the data type ${JSON.stringify(j)}`);
  }
}

/** A schema string as Spark's parseTypeWithFallback reads it: JSON first, then DDL. */
export function parseSchemaText(s: string): DataType {
  const text = s.trim();
  if (text.startsWith("{") || text.startsWith('"')) {
    try {
      return fromJson(JSON.parse(text));
    } catch (e) {
      if (!(e instanceof SyntaxError)) throw e;
    }
  }
  try {
    return parseDataType(text);
  } catch {
    return parseSchema(text);
  }
}

/** A relation's schema as a struct: a bare type becomes one column `value`, as Spark's LocalRelation. */
export function asStruct(t: DataType): StructTypeClass {
  return t instanceof StructTypeClass ? t : new StructTypeClass([new StructFieldClass("value", t, true)]);
}
