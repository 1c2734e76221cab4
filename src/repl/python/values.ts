/**
 * Python's view of the shell's values: repr() and str() as Python and PySpark print them
 * (`True`, `None`, `[1, 'a']`, `(True, False)`, `Row(n=1)`, `<pyspark.sql.streaming.readwriter.
 * DataStreamWriter object at 0x7f…>`), Python's tuple and print(). Python input prints its values
 * through these; TypeScript input keeps Node's view except for the API objects PySpark names.
 */
import * as util from "node:util";
import * as api from "../../index";

const { pyStrRepr, pyFloatRepr } = api;

/** A Python tuple: an array that prints as `(a, b)` (`q4.isActive, q5.isActive`). */
export class PyTuple extends Array<unknown> {
  static override get [Symbol.species]() {
    return Array;
  }
}

/** Python's `tuple(iterable)`; the translation of a tuple display `(a, b)` is `tuple([a, b])`. */
export function tuple(items: Iterable<unknown> = []): PyTuple {
  const t = new PyTuple();
  for (const x of items) t.push(x);
  return t;
}

/** Python's KeyError (`d["missing"]`). */
class KeyError extends Error {
  constructor(key: unknown) {
    super(pyRepr(key));
    this.name = "KeyError";
  }
}

/**
 * Python's `x["k"]`: a DataFrame's column by name (Spark's UNRESOLVED_COLUMN when it has none), a
 * Row's field, a dict's key (KeyError when missing).
 */
export function getitem(x: unknown, key: string): unknown {
  if (x instanceof api.DataFrame) return x.col(key);
  if (x instanceof Map) {
    if (!x.has(key)) throw new KeyError(key);
    return x.get(key);
  }
  if (x && typeof x === "object" && !(x instanceof api.Row) && !(key in x)) throw new KeyError(key);
  return (x as Record<string, unknown>)[key];
}

/** The API objects PySpark shows by their Python class and address. */
const PY_CLASSES: [Function, string][] = [
  [api.DataStreamWriter, "pyspark.sql.streaming.readwriter.DataStreamWriter"],
  [api.DataStreamReader, "pyspark.sql.streaming.readwriter.DataStreamReader"],
  [api.DataFrameWriter, "pyspark.sql.readwriter.DataFrameWriter"],
  [api.DataFrameReader, "pyspark.sql.readwriter.DataFrameReader"],
  [api.StreamingQuery, "pyspark.sql.streaming.query.StreamingQuery"],
  [api.StreamingQueryManager, "pyspark.sql.streaming.query.StreamingQueryManager"],
];
const addresses = new WeakMap<object, string>();

/** `<pyspark.sql.streaming.query.StreamingQuery object at 0x7f…>` for an API object PySpark shows so. */
export function apiObjectRepr(v: unknown): string | undefined {
  if (!v || typeof v !== "object") return undefined;
  const cls = PY_CLASSES.find(([c]) => v instanceof c);
  if (!cls) return undefined;
  let at = addresses.get(v);
  if (!at) addresses.set(v, (at = "0x7f" + Math.floor(Math.random() * 2 ** 40).toString(16).padStart(10, "0")));
  return `<${cls[1]} object at ${at}>`;
}

/** Python's repr(v). */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "string") return pyStrRepr(v);
  if (typeof v === "number") {
    if (Number.isNaN(v)) return "nan";
    if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
    return Number.isInteger(v) ? String(v) : pyFloatRepr(v);
  }
  if (typeof v === "bigint") return String(v);
  const known = apiObjectRepr(v);
  if (known) return known;
  if (v instanceof api.Row) return v.toString();
  if (v instanceof PyTuple) return v.length === 1 ? `(${pyRepr(v[0])},)` : `(${v.map(pyRepr).join(", ")})`;
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(", ")}]`;
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(", ")}}`;
  if (v instanceof Set) return v.size ? `{${[...v].map(pyRepr).join(", ")}}` : "set()";
  if (typeof v === "object") {
    const proto = Object.getPrototypeOf(v);
    if (proto === Object.prototype || proto === null) return `{${Object.entries(v).map(([k, x]) => `${pyStrRepr(k)}: ${pyRepr(x)}`).join(", ")}}`;
    if (v instanceof Error) return `${v.name}(${pyStrRepr(v.message)})`;
    // The API's own objects (DataFrame, Column, StructType, SparkSession) print PySpark's repr as their toString.
    if (typeof (v as { toString?: unknown }).toString === "function" && (v as object).toString !== Object.prototype.toString) return String(v);
  }
  if (typeof v === "function") return `<function ${v.name || "<lambda>"}>`;
  return util.inspect(v, { depth: 2 });
}

/** Python's str(v): strings as they are, everything else as its repr. */
export function pyStr(v: unknown): string {
  if (v instanceof Error) return v.message;
  return typeof v === "string" ? v : pyRepr(v);
}

type PrintOptions = { sep?: string | null; end?: string | null };
type PrintFunction = ((...values: unknown[]) => Promise<void>) & { kw: (opts: PrintOptions, ...values: unknown[]) => Promise<void> };

/**
 * Python's print(*values, sep=' ', end='\n'), writing through the shell's output; `print.kw({ end }, …)`
 * takes its keywords. An action among the values (`print("rows", df.count())`) is awaited first:
 * in PySpark it returned its number before print ran.
 */
export function pythonPrint(write: (text: string) => void): PrintFunction {
  const kw = async (opts: PrintOptions, ...values: unknown[]) => {
    const settled = await Promise.all(values);
    write(settled.map(pyStr).join(opts.sep ?? " ") + (opts.end ?? "\n"));
  };
  return Object.assign((...values: unknown[]) => kw({}, ...values), { kw });
}

/**
 * A def typed in Python checks its arguments as Python does: `def f(df):` called by foreachBatch
 * with (df, batch_id) raises `TypeError: f() takes 1 positional argument but 2 were given`.
 */
export function withPythonArity<F extends (...a: unknown[]) => unknown>(fn: F, def: { name: string; params: string[]; required: number }): F {
  const { name, params, required } = def;
  const max = params.length;
  const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
  const checked = function (this: unknown, ...args: unknown[]) {
    if (args.length > max) {
      const takes = required === max ? plural(max, "positional argument") : `from ${required} to ${plural(max, "positional argument")}`;
      throw new TypeError(`${name}() takes ${takes} but ${args.length} ${args.length === 1 ? "was" : "were"} given`);
    }
    if (args.length < required) {
      const missing = params.slice(args.length, required).map((p) => `'${p}'`);
      const list = missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(", ")} and ${missing[missing.length - 1]}`;
      throw new TypeError(`${name}() missing ${plural(missing.length, "required positional argument")}: ${list}`);
    }
    return fn.apply(this, args);
  };
  Object.defineProperty(checked, "name", { value: name });
  Object.defineProperty(checked, "length", { value: required });
  return checked as F;
}
