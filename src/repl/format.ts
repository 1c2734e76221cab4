/** How the shell shows values and errors. Errors look like the last line of a PySpark traceback. */
import * as util from "node:util";
import * as api from "../index";
import { apiObjectRepr, pyRepr as pythonRepr } from "./python/values";

const { maskSecrets, pyFloatRepr, pyStrRepr } = api;

/** The type constructors of pyspark.sql.types: typed without `()`, PySpark shows the class. */
const TYPE_CLASSES = new Map<unknown, string>(
  ["StringType", "IntegerType", "LongType", "ShortType", "ByteType", "DoubleType", "FloatType", "BooleanType", "TimestampType", "DateType", "BinaryType", "NullType", "ArrayType", "MapType", "StructType", "StructField", "DecimalType"].map((n) => [(api as Record<string, unknown>)[n], n]),
);

/** `AnalysisException: [UNRESOLVED_COLUMN.WITH_SUGGESTION] …` — class name and message, secrets masked. */
export function errorHeadline(e: unknown): string {
  if (e instanceof Error) {
    const name = e.name && e.name !== "Error" ? e.name : e.constructor?.name && e.constructor.name !== "Object" ? e.constructor.name : "Error";
    return maskSecrets(`${name}: ${e.message}`);
  }
  if (e && typeof e === "object" && "message" in e) return maskSecrets(`Error: ${String((e as { message: unknown }).message)}`);
  return maskSecrets(`Error: ${typeof e === "string" ? e : util.inspect(e)}`);
}

/** The stack of an error with the shell's own frames removed, secrets masked. */
export function errorStack(e: unknown): string {
  if (!(e instanceof Error) || !e.stack) return errorHeadline(e);
  const lines = e.stack.split("\n").filter((l) => !/node:internal|src\/repl\/(evaluator|main)\.ts/.test(l));
  let text = lines.join("\n");
  const cause = (e as { cause?: unknown }).cause;
  if (cause instanceof Error && cause !== e) text += `\nCaused by: ${errorStack(cause)}`;
  return maskSecrets(text);
}

/** A result value as the prompt prints it (nothing for undefined, as Python prints nothing for None). */
export function formatValue(v: unknown, colors: boolean, python = false): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === "function" && TYPE_CLASSES.has(v)) return `<class 'pyspark.sql.types.${TYPE_CLASSES.get(v)}'>`;
  // Python input: Python's repr (None prints nothing, as at Python's prompt).
  if (python) return v === null ? undefined : pythonRepr(v);
  const known = apiObjectRepr(v);
  if (known) return known;
  // query.exception(): the exception as its class and message, never Node's stack (file paths).
  if (v instanceof Error) return errorHeadline(v);
  if (typeof v === "string") return util.inspect(v, { colors });
  if (isPlainData(v)) return pyRepr(v);
  return util.inspect(v, { colors, depth: 3, maxArrayLength: 50, breakLength: 100 });
}

/** Plain objects and arrays (query.lastProgress, query.status, …): PySpark shows them as Python dicts. */
function isPlainData(v: unknown): boolean {
  if (Array.isArray(v)) return Object.getPrototypeOf(v) === Array.prototype && v.length > 0 && v.every((x) => isPlainData(x) || isScalar(x));
  if (!v || typeof v !== "object") return false;
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(v).every((x) => isScalar(x) || isPlainData(x) || (Array.isArray(x) && x.length === 0));
}

function isScalar(x: unknown): boolean {
  return x === null || ["string", "number", "boolean"].includes(typeof x);
}

/** Spark's doubles in a progress report (Python shows them as floats: 0.0, 2.19…). */
const FLOAT_KEYS = new Set(["inputRowsPerSecond", "processedRowsPerSecond"]);

/** Python's repr of JSON-like data: `{'message': 'Waiting for data to arrive', 'isDataAvailable': False}`. */
function pyRepr(v: unknown, key?: string): string {
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "string") return pyStrRepr(v);
  if (typeof v === "number") {
    if (key && FLOAT_KEYS.has(key)) return pyFloatRepr(v);
    return String(v);
  }
  if (Array.isArray(v)) return `[${v.map((x) => pyRepr(x)).join(", ")}]`;
  return `{${Object.entries(v as object).map(([k, x]) => `${pyStrRepr(k)}: ${pyRepr(x, k)}`).join(", ")}}`;
}
