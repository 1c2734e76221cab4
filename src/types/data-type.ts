/** The base of every SQL data type (data-types.ts holds the types; decimal-type.ts DecimalType). */
export abstract class DataType {
  /** printSchema name: "string", "long", "array", ... */
  abstract get typeName(): string;
  /** DDL / SQL type text, lower case as Spark's simpleString: "string", "bigint", "array<string>". */
  abstract simpleString(): string;
  /** Upper-case SQL name used in error messages: "STRING", "BIGINT". */
  sql(): string {
    return this.simpleString().toUpperCase();
  }
  equals(other: DataType): boolean {
    return this.simpleString() === other.simpleString();
  }
  /** PySpark's repr: `StringType()`. */
  toString(): string {
    return this.constructor.name.replace(/Class$/, "") + "()";
  }
  /** The shell and console.log show PySpark's repr too (`StructType([StructField('house', StringType(), True)])`). */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
  /** The JSON form of the type in `schema.json()` (PySpark's jsonValue). */
  jsonValue(): unknown {
    return this.typeName;
  }
  /** PySpark's `DataType.json()`: compact, keys sorted. */
  json(): string {
    return JSON.stringify(sortKeys(this.jsonValue()));
  }
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  return v;
}
