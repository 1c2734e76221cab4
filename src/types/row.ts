/**
 * Row: what collect() and first() hand to users. Fields by position (`row[0]`), by name
 * (`row.house`, `row["house"]`), `asDict()`, like PySpark's Row. Built per schema as a subclass of
 * Array with getters on the prototype, so a million rows cost one allocation each.
 */
import { ArrayTypeClass, DataType, MapTypeClass, StructTypeClass } from "./data-types";

/** Fields by name are typed loosely, as in Python. */
export interface Row {
  [field: string]: any;
}

export class Row extends Array<unknown> {
  /** Field names, in order (PySpark's `__fields__`). */
  declare readonly __fields__: readonly string[];
  /** Field types when the Row comes from a DataFrame (they decide how values print: 1 vs 1.0). */
  declare readonly __types__?: readonly DataType[];

  asDict(recursive = false): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.__fields__.forEach((name, i) => {
      const v = this[i];
      out[name] = recursive && v instanceof Row ? v.asDict(true) : v;
    });
    return out;
  }

  /** PySpark's repr: `Row(house='Gryffindor', how_many=2, ts=datetime.datetime(2022, 8, 11, 16, 34, 11, 633000))`. */
  override toString(): string {
    return `Row(${this.__fields__.map((f, i) => `${f}=${reprValue(this[i], this.__types__?.[i])}`).join(", ")})`;
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

/** Python's repr of a str. */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let body = "";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === "\\") body += "\\\\";
    else if (ch === quote) body += "\\" + ch;
    else if (ch === "\n") body += "\\n";
    else if (ch === "\r") body += "\\r";
    else if (ch === "\t") body += "\\t";
    else if (c < 0x20 || c === 0x7f) body += "\\x" + c.toString(16).padStart(2, "0");
    else body += ch;
  }
  return quote + body + quote;
}

/** Python's repr of a float: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
export function pyFloatRepr(d: number): string {
  if (Number.isNaN(d)) return "nan";
  if (d === Infinity) return "inf";
  if (d === -Infinity) return "-inf";
  if (d === 0) return Object.is(d, -0) ? "-0.0" : "0.0";
  const [mant, expText] = d.toExponential().split("e");
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) return `${mant}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  const s = String(d);
  return s.includes(".") ? s : s + ".0";
}

const pad = (n: number): string => String(n);

function reprValue(v: unknown, t?: DataType): string {
  if (v === null || v === undefined) return "None";
  if (typeof v === "string") return pyStrRepr(v);
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "bigint") return String(v);
  if (typeof v === "number") {
    const name = t?.typeName;
    if (name === "double" || name === "float") return pyFloatRepr(v);
    if (name === "date") {
      const d = new Date(v * 86400000);
      return `datetime.date(${d.getUTCFullYear()}, ${d.getUTCMonth() + 1}, ${d.getUTCDate()})`;
    }
    if (name === undefined && !Number.isInteger(v)) return pyFloatRepr(v);
    return String(v);
  }
  if (v instanceof Date) {
    // A naive datetime in the process's zone, as PySpark's TimestampType.fromInternal makes it.
    const parts = [v.getFullYear(), v.getMonth() + 1, v.getDate(), v.getHours(), v.getMinutes()];
    const s = v.getSeconds(), us = v.getMilliseconds() * 1000;
    if (s || us) parts.push(s);
    if (us) parts.push(us);
    return `datetime.datetime(${parts.map(pad).join(", ")})`;
  }
  if (v instanceof Row) return v.toString();
  if (v instanceof Uint8Array) return `bytearray(b${pyStrRepr(Buffer.from(v).toString("latin1"))})`;
  if (Array.isArray(v)) {
    const et = t instanceof ArrayTypeClass ? t.elementType : undefined;
    return `[${v.map((x) => reprValue(x, et)).join(", ")}]`;
  }
  if (v instanceof Map) {
    const [kt, vt] = t instanceof MapTypeClass ? [t.keyType, t.valueType] : [undefined, undefined];
    return `{${[...v.entries()].map(([k, x]) => `${reprValue(k, kt)}: ${reprValue(x, vt)}`).join(", ")}}`;
  }
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
  Object.defineProperty(SchemaRow.prototype, "__types__", { value: schema.fields.map((x) => x.dataType), enumerable: false });
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
