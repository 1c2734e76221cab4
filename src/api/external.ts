/** Converting internal rows to what users get from collect(): Rows, with nested structs as Rows. */
import type { InternalRow } from "../connector-api/source";
import { ArrayTypeClass, DataType, MapTypeClass, StructTypeClass } from "../types/data-types";
import { Row, rowFactory } from "../types/row";

function converter(t: DataType): ((v: unknown) => unknown) | undefined {
  if (t instanceof StructTypeClass) {
    const make = rowFactory(t);
    const inner = t.fields.map((f) => converter(f.dataType));
    return (v) => (v === null ? null : make(inner.some(Boolean) ? (v as unknown[]).map((x, i) => (inner[i] && x !== null ? inner[i]!(x) : x)) : (v as unknown[])));
  }
  if (t instanceof ArrayTypeClass) {
    const el = converter(t.elementType);
    return el ? (v) => (v === null ? null : (v as unknown[]).map((x) => (x === null ? null : el(x)))) : undefined;
  }
  if (t instanceof MapTypeClass) {
    const val = converter(t.valueType);
    return val ? (v) => (v === null ? null : new Map([...(v as Map<unknown, unknown>)].map(([k, x]) => [k, x === null ? null : val(x)]))) : undefined;
  }
  if (t.typeName === "timestamp") return (v) => (v === null ? null : new Date(Math.floor((v as number) / 1000)));
  return undefined;
}

export function toExternalRows(schema: StructTypeClass, rows: InternalRow[]): Row[] {
  const make = rowFactory(schema);
  const convs = schema.fields.map((f) => converter(f.dataType));
  if (!convs.some(Boolean)) return rows.map(make);
  return rows.map((r) => make(r.map((v, i) => (convs[i] && v !== null ? convs[i]!(v) : v))));
}
