/**
 * Spark's SQL data types, as PySpark exposes them: factories (`StringType()`), `typeName` for
 * printSchema, `simpleString` for DDL/SQL text, `sql` for error messages.
 *
 * Runtime representation of values (the contract every operator relies on):
 *   string → JS string; integer/long/short/byte/float/double → number (longs are exact up to 2^53);
 *   boolean → boolean; timestamp → number of microseconds since the epoch (UTC);
 *   date → number of days since the epoch; binary → Uint8Array (Buffer);
 *   array → JS array; struct → JS array of field values in field order; map → JS Map;
 *   null → null (never undefined).
 */
import { PythonAssertionError } from "../errors";

export { DataType } from "./data-type";
import { DataType } from "./data-type";

/** Spark's quoteIfNeeded: backticks around names that are not plain identifiers. */
export function quoteIfNeeded(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : "`" + name.replace(/`/g, "``") + "`";
}

abstract class AtomicType extends DataType {
  constructor(private readonly _typeName: string, private readonly _simple: string) {
    super();
  }
  get typeName(): string {
    return this._typeName;
  }
  simpleString(): string {
    return this._simple;
  }
}

export class StringTypeClass extends AtomicType {}
export class IntegerTypeClass extends AtomicType {}
export class LongTypeClass extends AtomicType {}
export class ShortTypeClass extends AtomicType {}
export class ByteTypeClass extends AtomicType {}
export class DoubleTypeClass extends AtomicType {}
export class FloatTypeClass extends AtomicType {}
export class BooleanTypeClass extends AtomicType {}
export class TimestampTypeClass extends AtomicType {}
export class DateTypeClass extends AtomicType {}
export class BinaryTypeClass extends AtomicType {}
export class NullTypeClass extends AtomicType {}

export const STRING = new StringTypeClass("string", "string");
export const INTEGER = new IntegerTypeClass("integer", "int");
export const LONG = new LongTypeClass("long", "bigint");
export const SHORT = new ShortTypeClass("short", "smallint");
export const BYTE = new ByteTypeClass("byte", "tinyint");
export const DOUBLE = new DoubleTypeClass("double", "double");
export const FLOAT = new FloatTypeClass("float", "float");
export const BOOLEAN = new BooleanTypeClass("boolean", "boolean");
export const TIMESTAMP = new TimestampTypeClass("timestamp", "timestamp");
export const DATE = new DateTypeClass("date", "date");
export const BINARY = new BinaryTypeClass("binary", "binary");
export const NULL = new NullTypeClass("void", "void");

export const StringType = (): StringTypeClass => STRING;
export const IntegerType = (): IntegerTypeClass => INTEGER;
export const LongType = (): LongTypeClass => LONG;
export const ShortType = (): ShortTypeClass => SHORT;
export const ByteType = (): ByteTypeClass => BYTE;
export const DoubleType = (): DoubleTypeClass => DOUBLE;
export const FloatType = (): FloatTypeClass => FLOAT;
export const BooleanType = (): BooleanTypeClass => BOOLEAN;
export const TimestampType = (): TimestampTypeClass => TIMESTAMP;
export const DateType = (): DateTypeClass => DATE;
export const BinaryType = (): BinaryTypeClass => BINARY;
export const NullType = (): NullTypeClass => NULL;

export class ArrayTypeClass extends DataType {
  constructor(readonly elementType: DataType, readonly containsNull = true) {
    super();
  }
  get typeName(): string {
    return "array";
  }
  simpleString(): string {
    return `array<${this.elementType.simpleString()}>`;
  }
  override sql(): string {
    return `ARRAY<${this.elementType.sql()}>`;
  }
  override equals(other: DataType): boolean {
    return other instanceof ArrayTypeClass && this.elementType.equals(other.elementType);
  }
  override toString(): string {
    return `ArrayType(${this.elementType}, ${pyBool(this.containsNull)})`;
  }
  override jsonValue(): unknown {
    return { type: "array", elementType: this.elementType.jsonValue(), containsNull: this.containsNull };
  }
}
export const ArrayType = (elementType: DataType, containsNull = true): ArrayTypeClass =>
  new ArrayTypeClass(elementType, containsNull);

export class MapTypeClass extends DataType {
  constructor(readonly keyType: DataType, readonly valueType: DataType, readonly valueContainsNull = true) {
    super();
  }
  get typeName(): string {
    return "map";
  }
  simpleString(): string {
    return `map<${this.keyType.simpleString()},${this.valueType.simpleString()}>`;
  }
  override sql(): string {
    return `MAP<${this.keyType.sql()}, ${this.valueType.sql()}>`;
  }
  override toString(): string {
    return `MapType(${this.keyType}, ${this.valueType}, ${pyBool(this.valueContainsNull)})`;
  }
  override jsonValue(): unknown {
    return { type: "map", keyType: this.keyType.jsonValue(), valueType: this.valueType.jsonValue(), valueContainsNull: this.valueContainsNull };
  }
}

const pyBool = (b: boolean): string => (b ? "True" : "False");
export const MapType = (k: DataType, v: DataType, valueContainsNull = true): MapTypeClass =>
  new MapTypeClass(k, v, valueContainsNull);

export class StructFieldClass {
  constructor(
    readonly name: string,
    readonly dataType: DataType,
    readonly nullable: boolean = true,
    readonly metadata: Record<string, unknown> = {},
  ) {}
  /** PySpark's repr: `StructField('house', StringType(), True)`. */
  toString(): string {
    return `StructField('${this.name}', ${this.dataType}, ${pyBool(this.nullable)})`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
  jsonValue(): unknown {
    return { name: this.name, type: this.dataType.jsonValue(), nullable: this.nullable, metadata: this.metadata };
  }
}

export class StructTypeClass extends DataType {
  /** `schema["name"]` gives the field, as PySpark's StructType.__getitem__. */
  [field: string]: any;
  readonly fields: readonly StructFieldClass[];
  constructor(fields: readonly StructFieldClass[] = []) {
    super();
    this.fields = fields;
    return new Proxy(this, {
      get(target, prop, receiver) {
        if (typeof prop === "string" && !(prop in target)) {
          const f = target.fields.find((x) => x.name === prop);
          if (f) return f;
        }
        return Reflect.get(target, prop, receiver);
      },
    });
  }
  get typeName(): string {
    return "struct";
  }
  simpleString(): string {
    return `struct<${this.fields.map((f) => `${f.name}:${f.dataType.simpleString()}`).join(",")}>`;
  }
  /** `STRUCT<house: STRING, score: INT>`, as Spark's error messages show a struct type. */
  override sql(): string {
    return `STRUCT<${this.fields.map((f) => `${quoteIfNeeded(f.name)}: ${f.dataType.sql()}`).join(", ")}>`;
  }
  override jsonValue(): unknown {
    return { type: "struct", fields: this.fields.map((f) => f.jsonValue()) };
  }
  override equals(other: DataType): boolean {
    return (
      other instanceof StructTypeClass &&
      other.fields.length === this.fields.length &&
      this.fields.every((f, i) => f.name === other.fields[i].name && f.dataType.equals(other.fields[i].dataType))
    );
  }
  get names(): string[] {
    return this.fields.map((f) => f.name);
  }
  fieldNames(): string[] {
    return this.names;
  }
  /** PySpark's `StructType.add(name, type, nullable)`; returns a new StructType. */
  add(field: StructFieldClass | string, dataType?: DataType | string, nullable = true): StructTypeClass {
    if (field instanceof StructFieldClass) return new StructTypeClass([...this.fields, field]);
    if (dataType === undefined) throw new Error("StructType.add needs a data type");
    const dt = typeof dataType === "string" ? parseDataTypeLazy(dataType) : dataType;
    return new StructTypeClass([...this.fields, new StructFieldClass(field, dt, nullable)]);
  }
  fieldIndex(name: string): number {
    return this.fields.findIndex((f) => f.name === name);
  }
  /**
   * Spark's treeString: what printSchema prints (without the trailing blank line of print()).
   * `level` limits the depth of nested fields shown (printSchema(level)).
   */
  treeString(level = Infinity): string {
    let out = "root\n";
    for (const f of this.fields) out += fieldTree(f, " |", 1, level);
    return out;
  }
  override toString(): string {
    return `StructType([${this.fields.map(String).join(", ")}])`;
  }
  [Symbol.iterator](): Iterator<StructFieldClass> {
    return this.fields[Symbol.iterator]();
  }
  get length(): number {
    return this.fields.length;
  }
}
export const StructType = (fields: readonly StructFieldClass[] = []): StructTypeClass => new StructTypeClass(fields);
export type StructType = StructTypeClass;
/** PySpark's `StructField(name, dataType, nullable=True)`. */
export const StructField = (name: string, dataType: DataType, nullable = true, metadata: Record<string, unknown> = {}): StructFieldClass => {
  // PySpark asserts the type is an instance: `StringType` without `()` is the class, not a type.
  if (!(dataType instanceof DataType))
    throw new PythonAssertionError(`dataType ${pyClassRepr(dataType)} should be an instance of <class 'pyspark.sql.types.DataType'>`);
  return new StructFieldClass(name, dataType, nullable, metadata);
};

/** How Python shows a value given where a type instance is expected (`<class 'pyspark.sql.types.StringType'>`). */
export function pyClassRepr(v: unknown): string {
  if (typeof v === "function" && /Type$/.test(v.name)) return `<class 'pyspark.sql.types.${v.name}'>`;
  return typeof v === "string" ? `'${v}'` : String(v);
}
export type StructField = StructFieldClass;

function escapeMeta(s: string): string {
  return s
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r")
    .replace(/\t/g, "\\t")
    .replace(/\f/g, "\\f")
    .replace(/\u0008/g, "\\b")
    .replace(/\u000B/g, "\\v")
    .replace(/\u0007/g, "\\a");
}

function fieldTree(f: StructFieldClass, prefix: string, depth: number, level: number): string {
  if (depth > level) return "";
  let out = `${prefix}-- ${escapeMeta(f.name)}: ${f.dataType.typeName} (nullable = ${f.nullable})\n`;
  out += nestedTree(f.dataType, `${prefix}    |`, depth + 1, level);
  return out;
}

function nestedTree(t: DataType, prefix: string, depth: number, level: number): string {
  if (depth > level) return "";
  if (t instanceof StructTypeClass) return t.fields.map((f) => fieldTree(f, prefix, depth, level)).join("");
  if (t instanceof ArrayTypeClass)
    return (
      `${prefix}-- element: ${t.elementType.typeName} (containsNull = ${t.containsNull})\n` +
      nestedTree(t.elementType, `${prefix}    |`, depth + 1, level)
    );
  if (t instanceof MapTypeClass)
    return (
      `${prefix}-- key: ${t.keyType.typeName}\n` +
      nestedTree(t.keyType, `${prefix}    |`, depth + 1, level) +
      `${prefix}-- value: ${t.valueType.typeName} (valueContainsNull = ${t.valueContainsNull})\n` +
      nestedTree(t.valueType, `${prefix}    |`, depth + 1, level)
    );
  return "";
}

export function isNumeric(t: DataType): boolean {
  return t === INTEGER || t === LONG || t === SHORT || t === BYTE || t === DOUBLE || t === FLOAT || t.typeName.startsWith("decimal(");
}
export function isIntegral(t: DataType): boolean {
  return t === INTEGER || t === LONG || t === SHORT || t === BYTE;
}

// The DDL parser lives in ddl.ts; this indirection avoids an import cycle for StructType.add(name, "string").
let ddlParser: ((s: string) => DataType) | undefined;
export function registerDataTypeParser(p: (s: string) => DataType): void {
  ddlParser = p;
}
function parseDataTypeLazy(s: string): DataType {
  if (!ddlParser) throw new Error("DDL parser not loaded");
  return ddlParser(s);
}
export * from "./decimal-type";
