/**
 * Spark's DataType.fromJson: the JSON a schema's `json()` gives (Parquet's
 * `org.apache.spark.sql.parquet.row.metadata`, checkpoint and sink logs) back into a type.
 * Throws on a type Iskra does not have, so a caller can fall back to another source of truth.
 */
import { ArrayTypeClass, BINARY, BOOLEAN, BYTE, DATE, DOUBLE, DataType, FLOAT, INTEGER, LONG, MapTypeClass, NULL, SHORT, STRING, StructFieldClass, StructTypeClass, TIMESTAMP } from "./data-types";
import { DecimalTypeClass } from "./decimal-type";

const ATOMIC: Record<string, DataType> = {
  string: STRING, integer: INTEGER, long: LONG, short: SHORT, byte: BYTE, float: FLOAT, double: DOUBLE,
  boolean: BOOLEAN, binary: BINARY, date: DATE, timestamp: TIMESTAMP, null: NULL, void: NULL,
};

function dataTypeFromJson(v: unknown): DataType {
  if (typeof v === "string") {
    const atomic = ATOMIC[v];
    if (atomic) return atomic;
    const dec = /^decimal\(\s*(\d+)\s*,\s*(-?\d+)\s*\)$/.exec(v);
    if (dec) return new DecimalTypeClass(Number(dec[1]), Number(dec[2]));
    if (v === "decimal") return new DecimalTypeClass(10, 0);
    throw new Error(`Unsupported data type in JSON schema: ${v}`);
  }
  const o = v as Record<string, unknown>;
  switch (o?.type) {
    case "struct": return structFromJson(o);
    case "array": return new ArrayTypeClass(dataTypeFromJson(o.elementType), o.containsNull !== false);
    case "map": return new MapTypeClass(dataTypeFromJson(o.keyType), dataTypeFromJson(o.valueType), o.valueContainsNull !== false);
  }
  throw new Error(`Unsupported data type in JSON schema: ${JSON.stringify(v)}`);
}

function structFromJson(o: Record<string, unknown>): StructTypeClass {
  const fields = (o.fields as Array<Record<string, unknown>>).map((f) =>
    new StructFieldClass(String(f.name), dataTypeFromJson(f.type), f.nullable !== false, (f.metadata as Record<string, unknown>) ?? {}));
  return new StructTypeClass(fields);
}

/** A struct from its JSON text (`StructType.fromJson(json.loads(text))`). */
export function structTypeFromJson(text: string): StructTypeClass {
  const t = dataTypeFromJson(JSON.parse(text));
  if (!(t instanceof StructTypeClass)) throw new Error(`Not a struct type: ${text}`);
  return t;
}
