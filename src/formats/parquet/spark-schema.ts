/**
 * Spark's Parquet schema conversion, both ways (Spark 3.5's SparkToParquetSchemaConverter and
 * ParquetToSparkSchemaConverter): the physical types Spark writes (bytes/shorts as annotated INT32,
 * decimals as INT32/INT64/FIXED_LEN_BYTE_ARRAY by precision, timestamps as INT96 or INT64
 * micros/millis, 3-level LIST and MAP groups) and the types Spark reads from any writer's layout,
 * legacy 2-level lists included. Elements use hyparquet's SchemaElement shape.
 */
import type { SchemaElement } from "hyparquet";
import { AnalysisException } from "../../errors";
import {
  ArrayTypeClass, BINARY, BOOLEAN, BYTE, DATE, DOUBLE, DataType, FLOAT, INTEGER, LONG, MapTypeClass, SHORT, STRING,
  StructFieldClass, StructTypeClass, TIMESTAMP,
} from "../../types/data-types";
import { DecimalTypeClass } from "../../types/decimal-type";

export type TimestampOutput = "INT96" | "TIMESTAMP_MICROS" | "TIMESTAMP_MILLIS";

/** Spark's Decimal.minBytesForPrecision: the FIXED_LEN_BYTE_ARRAY width of a wide decimal. */
function decimalBytes(precision: number): number {
  let n = 1;
  while (2 ** (8 * n - 1) < 10 ** precision) n++;
  return n;
}

/** The flattened Parquet schema (root first, depth-first) Spark writes for `schema`. */
export function sparkToParquet(schema: StructTypeClass, ts: TimestampOutput): SchemaElement[] {
  const out: SchemaElement[] = [{ name: "spark_schema", num_children: schema.fields.length }];
  for (const f of schema.fields) field(out, f.name, f.dataType, f.nullable, ts);
  return out;
}

function field(out: SchemaElement[], name: string, t: DataType, nullable: boolean, ts: TimestampOutput): void {
  const repetition_type = nullable ? "OPTIONAL" : "REQUIRED";
  if (t instanceof StructTypeClass) {
    out.push({ name, repetition_type, num_children: t.fields.length });
    for (const f of t.fields) field(out, f.name, f.dataType, f.nullable, ts);
  } else if (t instanceof ArrayTypeClass) {
    out.push({ name, repetition_type, num_children: 1, converted_type: "LIST", logical_type: { type: "LIST" } });
    out.push({ name: "list", repetition_type: "REPEATED", num_children: 1 });
    field(out, "element", t.elementType, t.containsNull, ts);
  } else if (t instanceof MapTypeClass) {
    out.push({ name, repetition_type, num_children: 1, converted_type: "MAP", logical_type: { type: "MAP" } });
    out.push({ name: "key_value", repetition_type: "REPEATED", num_children: 2 });
    field(out, "key", t.keyType, false, ts);
    field(out, "value", t.valueType, t.valueContainsNull, ts);
  } else {
    out.push({ name, repetition_type, ...primitive(name, t, ts) });
  }
}

function primitive(name: string, t: DataType, ts: TimestampOutput): Omit<SchemaElement, "name"> {
  if (t instanceof DecimalTypeClass) {
    const dec = { converted_type: "DECIMAL", scale: t.scale, precision: t.precision, logical_type: { type: "DECIMAL", scale: t.scale, precision: t.precision } } as const;
    if (t.precision <= 9) return { type: "INT32", ...dec };
    if (t.precision <= 18) return { type: "INT64", ...dec };
    return { type: "FIXED_LEN_BYTE_ARRAY", type_length: decimalBytes(t.precision), ...dec };
  }
  switch (t) {
    case BOOLEAN: return { type: "BOOLEAN" };
    // Converted types only: the writer library encodes IntType.bitWidth as i32 where Thrift says i8,
    // which parquet-mr rejects; INT_8/INT_16 alone say the same to every reader.
    case BYTE: return { type: "INT32", converted_type: "INT_8" };
    case SHORT: return { type: "INT32", converted_type: "INT_16" };
    case INTEGER: return { type: "INT32" };
    case LONG: return { type: "INT64" };
    case FLOAT: return { type: "FLOAT" };
    case DOUBLE: return { type: "DOUBLE" };
    case STRING: return { type: "BYTE_ARRAY", converted_type: "UTF8", logical_type: { type: "STRING" } };
    case BINARY: return { type: "BYTE_ARRAY" };
    case DATE: return { type: "INT32", converted_type: "DATE", logical_type: { type: "DATE" } };
    case TIMESTAMP:
      if (ts === "INT96") return { type: "INT96" };
      return {
        type: "INT64", converted_type: ts,
        logical_type: { type: "TIMESTAMP", isAdjustedToUTC: true, unit: ts === "TIMESTAMP_MICROS" ? "MICROS" : "MILLIS" },
      };
  }
  throw new AnalysisException(`The Parquet datasource doesn't support the column \`${name}\` of the type "${t.sql()}".`, "UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE");
}

interface Node { element: SchemaElement; children: Node[] }

function tree(elements: SchemaElement[]): Node {
  let i = 0;
  const build = (): Node => {
    const element = elements[i++];
    const children: Node[] = [];
    for (let c = 0; c < (element.num_children ?? 0); c++) children.push(build());
    return { element, children };
  };
  return build();
}

/** Spark's ParquetToSparkSchemaConverter (binaryAsString and int96AsTimestamp at their defaults). */
export function parquetToSpark(elements: SchemaElement[]): StructTypeClass {
  return new StructTypeClass(tree(elements).children.map(toField));
}

function toField(n: Node): StructFieldClass {
  const rep = n.element.repetition_type;
  if (rep === "REPEATED") return new StructFieldClass(n.element.name, new ArrayTypeClass(nodeType(n), false), true);
  return new StructFieldClass(n.element.name, nodeType(n), rep !== "REQUIRED");
}

function nodeType(n: Node): DataType {
  const e = n.element;
  if (!n.children.length && e.type) return primitiveType(e);
  const ct = e.converted_type, lt = e.logical_type?.type;
  if (ct === "LIST" || lt === "LIST") {
    const repeated = n.children[0];
    if (!repeated.children.length || repeated.children.length > 1 || repeated.element.name === "array" || repeated.element.name === `${e.name}_tuple`)
      return new ArrayTypeClass(repeated.children.length ? structOf(repeated) : primitiveType(repeated.element), false);
    const el = repeated.children[0];
    return new ArrayTypeClass(nodeType(el), el.element.repetition_type !== "REQUIRED");
  }
  if (ct === "MAP" || ct === "MAP_KEY_VALUE" || lt === "MAP") {
    const kv = n.children[0];
    const value = kv.children[1];
    return new MapTypeClass(nodeType(kv.children[0]), value ? nodeType(value) : BINARY, value ? value.element.repetition_type !== "REQUIRED" : true);
  }
  return structOf(n);
}

function structOf(n: Node): StructTypeClass {
  return new StructTypeClass(n.children.map(toField));
}

function primitiveType(e: SchemaElement): DataType {
  const ct = e.converted_type, lt = e.logical_type;
  if (ct === "DECIMAL" || lt?.type === "DECIMAL") return new DecimalTypeClass(e.precision ?? 10, e.scale ?? 0);
  switch (e.type) {
    case "BOOLEAN": return BOOLEAN;
    case "FLOAT": return FLOAT;
    case "DOUBLE": return DOUBLE;
    case "INT96": return TIMESTAMP;
    case "INT32":
      if (ct === "INT_8") return BYTE;
      if (ct === "INT_16" || ct === "UINT_8") return SHORT;
      if (ct === "UINT_16") return INTEGER;
      if (ct === "UINT_32") return LONG;
      if (ct === "DATE") return DATE;
      if (!ct || ct === "INT_32") return INTEGER;
      break;
    case "INT64":
      if (ct === "UINT_64") return new DecimalTypeClass(20, 0);
      if (ct === "TIMESTAMP_MICROS" || ct === "TIMESTAMP_MILLIS" || lt?.type === "TIMESTAMP") return TIMESTAMP;
      if (!ct || ct === "INT_64") return LONG;
      break;
    case "BYTE_ARRAY":
      if (ct === "UTF8" || ct === "ENUM" || ct === "JSON" || lt?.type === "STRING") return STRING;
      if (!ct) return BINARY;
      break;
    case "FIXED_LEN_BYTE_ARRAY":
      return BINARY;
  }
  throw new AnalysisException(`Illegal Parquet type: ${e.type} (${ct}).`, "PARQUET_TYPE_ILLEGAL");
}

/** Spark reads every file-source column as nullable (`dataSchema.asNullable`), nested ones too. */
export function asNullable(t: DataType): DataType {
  if (t instanceof StructTypeClass) return new StructTypeClass(t.fields.map((f) => new StructFieldClass(f.name, asNullable(f.dataType), true, f.metadata)));
  if (t instanceof ArrayTypeClass) return new ArrayTypeClass(asNullable(t.elementType), true);
  if (t instanceof MapTypeClass) return new MapTypeClass(asNullable(t.keyType), asNullable(t.valueType), true);
  return t;
}
