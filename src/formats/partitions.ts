/**
 * Hive-style partition directories (`col=value/`), as Spark's PartitioningUtils: path-name
 * escaping, `__HIVE_DEFAULT_PARTITION__` for null, and partition-column type inference
 * (int → bigint → decimal → double → timestamp → date → string, widened across directories).
 */
import { DataType, DATE, DOUBLE, INTEGER, LONG, NULL, STRING, StructFieldClass, StructTypeClass, TIMESTAMP, DecimalTypeClass } from "../types/data-types";
import { castFunction, valueToString } from "../values/values";
import { AnalysisException } from "../errors";

const DEFAULT_PARTITION_NAME = "__HIVE_DEFAULT_PARTITION__";

// Spark's ExternalCatalogUtils.charToEscape: control characters and these.
const ESCAPED = new Set(['"', "#", "%", "'", "*", "/", ":", "=", "?", "\\", "\x7f", "{", "[", "]", "^"]);

/** Spark's escapePathName. */
function escapePathName(s: string): string {
  let out = "";
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch.length === 1 && (c < 0x20 || ESCAPED.has(ch))) out += "%" + c.toString(16).toUpperCase().padStart(2, "0");
    else out += ch;
  }
  return out;
}

/** Spark's unescapePathName. */
function unescapePathName(s: string): string {
  return s.replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** The directory name of one partition value, as written by `partitionBy`. */
export function partitionDirName(name: string, value: unknown, type: DataType): string {
  const text = value === null ? null : valueToString(value, type);
  return `${escapePathName(name)}=${text === null || text === "" ? DEFAULT_PARTITION_NAME : escapePathName(text)}`;
}

const INT_RE = /^[+-]?\d+$/;
// Java's Double.parseDouble: decimal or hex-free scientific forms, NaN, Infinity, an optional d/f suffix.
const DOUBLE_RE = /^\s*[+-]?(NaN|Infinity|((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)[dDfF]?)\s*$/;
const TS_RE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,9})?$/;
const DATE_RE = /^\d{4}-\d{1,2}-\d{1,2}$/;

/** The type Spark infers for one raw (escaped) directory value; NullType for the default partition. */
function inferValueType(raw: string): DataType {
  if (raw === DEFAULT_PARTITION_NAME) return NULL;
  if (INT_RE.test(raw)) {
    const n = Number(raw);
    if (n >= -(2 ** 31) && n < 2 ** 31) return INTEGER;
    if (BigInt(raw) >= -(2n ** 63n) && BigInt(raw) < 2n ** 63n) return LONG;
    const digits = raw.replace(/^[+-]/, "").replace(/^0+(?=\d)/, "").length;
    if (digits <= 38) return new DecimalTypeClass(digits, 0);
  }
  if (DOUBLE_RE.test(raw)) return DOUBLE;
  const text = unescapePathName(raw);
  if (TS_RE.test(text) && castFunction(STRING, TIMESTAMP)(text) !== null) return TIMESTAMP;
  if (DATE_RE.test(raw) && castFunction(STRING, DATE)(raw) !== null) return DATE;
  return STRING;
}

const ORDER: DataType[] = [NULL, INTEGER, LONG, DOUBLE];
/** Spark's findWiderTypeWithoutStringPromotion for partition columns, else string. */
function wider(a: DataType, b: DataType): DataType {
  if (a.equals(b)) return a;
  if (a === NULL) return b;
  if (b === NULL) return a;
  if (a instanceof DecimalTypeClass || b instanceof DecimalTypeClass) {
    if ((a === INTEGER || a === LONG || a instanceof DecimalTypeClass) && (b === INTEGER || b === LONG || b instanceof DecimalTypeClass)) {
      const p = (t: DataType) => (t instanceof DecimalTypeClass ? t.precision : t === INTEGER ? 10 : 20);
      return new DecimalTypeClass(Math.min(38, Math.max(p(a), p(b))), 0);
    }
    if (a === DOUBLE || b === DOUBLE) return DOUBLE;
    return STRING;
  }
  const ia = ORDER.indexOf(a), ib = ORDER.indexOf(b);
  if (ia >= 0 && ib >= 0) return ORDER[Math.max(ia, ib)];
  if ((a === DATE && b === TIMESTAMP) || (a === TIMESTAMP && b === DATE)) return TIMESTAMP;
  return STRING;
}

export interface PartitionSpec {
  /** The partition columns, in directory order. */
  schema: StructTypeClass;
  /** One entry per data file: its directory values, converted to the column types. */
  values: unknown[][];
}

/**
 * Partition columns of files below `base`: each file's relative directories that read `k=v`.
 * `userTypes` (from a user schema) fixes a column's type; otherwise inferred when `inference`.
 */
export function discoverPartitions(
  relDirs: readonly string[][], inference: boolean, userTypes: ReadonlyMap<string, DataType>, basePaths: readonly string[],
): PartitionSpec {
  const parsed = relDirs.map((dirs) => {
    const pairs: [string, string][] = [];
    for (const d of dirs) {
      const eq = d.indexOf("=");
      if (eq <= 0) { pairs.length = 0; continue; } // a plain directory: Spark restarts the column list below it
      pairs.push([unescapePathName(d.slice(0, eq)), d.slice(eq + 1)]);
    }
    return pairs;
  });
  const withCols = parsed.filter((p) => p.length);
  if (!withCols.length) return { schema: new StructTypeClass([]), values: parsed.map(() => []) };
  const names = withCols[0].map(([k]) => k);
  for (const p of parsed) {
    const ns = p.map(([k]) => k);
    if (ns.length !== names.length || ns.some((n, i) => n.toLowerCase() !== names[i].toLowerCase()))
      throw new AnalysisException(
        "assertion failed: Conflicting partition column names detected:\n\n" +
          [...new Set(parsed.map((q) => q.map(([k]) => k).join(", ")))].map((l, k) => `\tPartition column name list #${k}: ${l}`).join("\n") +
          "\n\nFor partitioned table directories, data files should only live in leaf directories.\nAnd directories at the same level should have the same partition column name.\n" +
          `Please check the following directories for unexpected files or inconsistent partition column names:\n\n\t${basePaths.join("\n\t")}`,
      );
  }
  const types = names.map((n, i) => {
    const fixed = [...userTypes].find(([k]) => k.toLowerCase() === n.toLowerCase())?.[1];
    if (fixed) return fixed;
    if (!inference) return STRING;
    const t = parsed.map((p) => inferValueType(p[i][1])).reduce(wider, NULL as DataType);
    return t === NULL ? STRING : t;
  });
  const casts = types.map((t) => castFunction(STRING, t));
  const values = parsed.map((p) =>
    p.map(([, raw], i) => (raw === DEFAULT_PARTITION_NAME ? null : casts[i](unescapePathName(raw).replace(/[dDfF]$/, (s) => (types[i] === DOUBLE ? "" : s))))),
  );
  return { schema: new StructTypeClass(names.map((n, i) => new StructFieldClass(n, types[i], true))), values };
}
