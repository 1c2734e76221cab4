/**
 * `mergeSchema` (option or spark.sql.parquet.mergeSchema): Spark 3.5's StructType.merge over the
 * files' schemas — fields in order of first appearance, same-named fields merged (structs field by
 * field, arrays and maps by element, equal decimals only), nullable if either side is — and its
 * errors for types that do not merge.
 */
import { SparkTaskFailure } from "../../errors";
import { ArrayTypeClass, DataType, MapTypeClass, StructFieldClass, StructTypeClass } from "../../types/data-types";
import { DecimalTypeClass } from "../../types/decimal-type";

class Incompatible extends Error {
  constructor(readonly left: DataType, readonly right: DataType) { super(); }
}

function mergeType(a: DataType, b: DataType): DataType {
  if (a instanceof StructTypeClass && b instanceof StructTypeClass) return mergeStructs(a, b);
  if (a instanceof ArrayTypeClass && b instanceof ArrayTypeClass)
    return new ArrayTypeClass(mergeType(a.elementType, b.elementType), a.containsNull || b.containsNull);
  if (a instanceof MapTypeClass && b instanceof MapTypeClass)
    return new MapTypeClass(mergeType(a.keyType, b.keyType), mergeType(a.valueType, b.valueType), a.valueContainsNull || b.valueContainsNull);
  if (a instanceof DecimalTypeClass && b instanceof DecimalTypeClass && a.precision === b.precision && a.scale === b.scale) return a;
  if (a.equals(b)) return a;
  throw new Incompatible(a, b);
}

function mergeStructs(a: StructTypeClass, b: StructTypeClass): StructTypeClass {
  const fields = a.fields.map((f) => {
    const o = b.fields.find((x) => x.name === f.name);
    return o ? new StructFieldClass(f.name, mergeType(f.dataType, o.dataType), f.nullable || o.nullable, f.metadata) : f;
  });
  for (const f of b.fields) if (!a.fields.some((x) => x.name === f.name)) fields.push(f);
  return new StructTypeClass(fields);
}

/** The merged schema of `schemas` (one per file, in file order), or Spark's CANNOT_MERGE_SCHEMAS. */
export function mergeSchemas(schemas: StructTypeClass[]): StructTypeClass {
  let merged = schemas[0];
  for (const s of schemas.slice(1)) {
    try {
      merged = mergeStructs(merged, s);
    } catch (e) {
      if (!(e instanceof Incompatible)) throw e;
      throw new SparkTaskFailure("org.apache.spark.SparkException",
        `[CANNOT_MERGE_SCHEMAS] Failed merging schemas:\nInitial schema:\n"${merged.sql()}"\nSchema that cannot be merged with the initial schema:\n"${s.sql()}".\n` +
        `Caused by: org.apache.spark.SparkException: [CANNOT_MERGE_INCOMPATIBLE_DATA_TYPE] Failed to merge incompatible data types "${e.left.sql()}" and "${e.right.sql()}". Please check the data types of the columns being merged and ensure that they are compatible. If necessary, consider casting the columns to compatible data types before attempting the merge.`);
    }
  }
  return merged;
}
