/**
 * Row: what collect() and first() hand to users. Fields by position (`row[0]`), by name
 * (`row.house`, `row["house"]`), `asDict()`, like PySpark's Row. Built per schema as a subclass of
 * Array with getters on the prototype, so a million rows cost one allocation each.
 */
import { StructTypeClass } from "./data-types";

/** Fields by name are typed loosely, as in Python. */
export interface Row {
  [field: string]: any;
}

export class Row extends Array<unknown> {
  /** Field names, in order (PySpark's `__fields__`). */
  declare readonly __fields__: readonly string[];

  asDict(recursive = false): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.__fields__.forEach((name, i) => {
      const v = this[i];
      out[name] = recursive && v instanceof Row ? v.asDict(true) : v;
    });
    return out;
  }

  override toString(): string {
    return `Row(${this.__fields__.map((f, i) => `${f}=${reprValue(this[i])}`).join(", ")})`;
  }

  /** So console.log / the REPL show `Row(house='Gryffindor', how_many=2)` like PySpark. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  toJSON(): Record<string, unknown> {
    return this.asDict(true);
  }

  // Array methods like map() must build plain arrays, not Rows.
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
}

function reprValue(v: unknown): string {
  if (typeof v === "string") return `'${v}'`;
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (v instanceof Date) return `datetime.datetime(${v.toISOString()})`;
  if (Array.isArray(v) && !(v instanceof Row)) return `[${v.map(reprValue).join(", ")}]`;
  return String(v);
}

const rowClasses = new WeakMap<StructTypeClass, (values: unknown[]) => Row>();

/** A factory of Rows for one schema. */
export function rowFactory(schema: StructTypeClass): (values: unknown[]) => Row {
  let f = rowClasses.get(schema);
  if (f) return f;
  const names = schema.fields.map((x) => x.name);
  class SchemaRow extends Row {}
  Object.defineProperty(SchemaRow.prototype, "__fields__", { value: names, enumerable: false });
  const reserved = new Set(Object.getOwnPropertyNames(Array.prototype).concat(Object.getOwnPropertyNames(Row.prototype)));
  names.forEach((name, i) => {
    if (reserved.has(name) || /^\d+$/.test(name)) return;
    Object.defineProperty(SchemaRow.prototype, name, {
      get(this: Row) { return this[i]; },
      enumerable: false,
      configurable: true,
    });
  });
  f = (values: unknown[]) => {
    const r = new SchemaRow(values.length);
    for (let i = 0; i < values.length; i++) r[i] = values[i];
    return r;
  };
  rowClasses.set(schema, f);
  return f;
}

/** PySpark's `Row(house="x", score=1)`: a Row from named values. */
export function makeRow(fields: Record<string, unknown>): Row {
  const names = Object.keys(fields);
  class NamedRow extends Row {}
  Object.defineProperty(NamedRow.prototype, "__fields__", { value: names, enumerable: false });
  names.forEach((name, i) => Object.defineProperty(NamedRow.prototype, name, { get(this: Row) { return this[i]; } }));
  const r = new NamedRow(names.length);
  names.forEach((n, i) => (r[i] = fields[n]));
  return r;
}
