/**
 * Spark's PostgresDialect (3.3–3.5), plus the value conversions between Iskra's internal values
 * (see src/types/data-types.ts) and what PostgreSQL sends and receives as text.
 *
 * Writing: Spark type → DDL type (`getJdbcType`), CREATE TABLE text (`schemaString`), bind values.
 * Reading: PostgreSQL type OID → Spark type (`sparkTypeForPg`) and a text parser for its values.
 * Timestamps travel as UTC: written with an explicit +00 offset (a `timestamp without time zone`
 * column then holds the UTC wall clock), read back as UTC; connections use TimeZone=UTC.
 */
import {
  ArrayType,
  ArrayTypeClass,
  BINARY,
  BOOLEAN,
  BYTE,
  DATE,
  DOUBLE,
  DataType,
  FLOAT,
  INTEGER,
  LONG,
  MapTypeClass,
  NULL,
  SHORT,
  STRING,
  StructField,
  StructFieldClass,
  StructType,
  StructTypeClass,
  TIMESTAMP,
} from "../../types/data-types";
import { AnalysisException, IllegalArgumentException, ParseException } from "../../errors";

// ---------------------------------------------------------------------------------------------
// Identifiers

/** `"name"`, doubling embedded quotes (Spark's JdbcDialect.quoteIdentifier, made injection-safe). */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

// ---------------------------------------------------------------------------------------------
// Spark → PostgreSQL (writing)

/** PostgresDialect.getJDBCType, falling back to JdbcUtils.getCommonJDBCType. */
export function getJdbcType(dt: DataType): string {
  const t = jdbcTypeOrUndefined(dt);
  if (t === undefined) throw new IllegalArgumentException(`Can't get JDBC type for ${dt.simpleString()}.`, "_LEGACY_ERROR_TEMP_2082");
  return t;
}

function jdbcTypeOrUndefined(dt: DataType): string | undefined {
  if (dt === STRING) return "TEXT";
  if (dt === BINARY) return "BYTEA";
  if (dt === BOOLEAN) return "BOOLEAN";
  if (dt === FLOAT) return "FLOAT4";
  if (dt === DOUBLE) return "FLOAT8";
  if (dt === SHORT || dt === BYTE) return "SMALLINT";
  if (dt === INTEGER) return "INTEGER";
  if (dt === LONG) return "BIGINT";
  if (dt === TIMESTAMP) return "TIMESTAMP";
  if (dt === DATE) return "DATE";
  const dec = decimalOf(dt);
  if (dec) return `NUMERIC(${dec.precision},${dec.scale})`;
  if (dt instanceof ArrayTypeClass) {
    const e = dt.elementType;
    if (e instanceof ArrayTypeClass || e instanceof StructTypeClass || e instanceof MapTypeClass) return undefined;
    const inner = jdbcTypeOrUndefined(e);
    return inner === undefined ? undefined : `${inner}[]`;
  }
  return undefined;
}

/** A DecimalType, if the type system grows one (duck-typed: precision and scale). */
function decimalOf(dt: DataType): { precision: number; scale: number } | undefined {
  const d = dt as unknown as { precision?: unknown; scale?: unknown };
  return dt.typeName.startsWith("decimal") && typeof d.precision === "number" && typeof d.scale === "number" ? { precision: d.precision, scale: d.scale } : undefined;
}

/** Spark SQL type names accepted in `createTableColumnTypes`, mapped to PostgreSQL DDL. */
function ddlTypeFromSparkSql(text: string, optionValue: string): string {
  const t = text.trim().toLowerCase().replace(/\s+/g, " ");
  const simple: Record<string, string> = {
    string: "TEXT", text: "TEXT", int: "INTEGER", integer: "INTEGER", bigint: "BIGINT", long: "BIGINT",
    smallint: "SMALLINT", short: "SMALLINT", tinyint: "SMALLINT", byte: "SMALLINT", double: "FLOAT8",
    "double precision": "FLOAT8", float: "FLOAT4", real: "FLOAT4", boolean: "BOOLEAN", bool: "BOOLEAN",
    timestamp: "TIMESTAMP", date: "DATE", binary: "BYTEA", decimal: "NUMERIC(10,0)", dec: "NUMERIC(10,0)", numeric: "NUMERIC(10,0)",
  };
  if (simple[t]) return simple[t];
  let m = /^(char|character|varchar)\s*\(\s*(\d+)\s*\)$/.exec(t);
  if (m) return `${m[1] === "varchar" ? "VARCHAR" : "CHAR"}(${m[2]})`;
  m = /^(decimal|dec|numeric)\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)$/.exec(t);
  if (m) return `NUMERIC(${m[2]},${m[3] ?? "0"})`;
  throw new ParseException(`[UNSUPPORTED_DATATYPE] Unsupported data type "${text.trim().toUpperCase()}" in createTableColumnTypes option value: ${optionValue}`);
}

/** Splits "a CHAR(64), b DECIMAL(10, 2)" at the commas outside parentheses. */
function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of s) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  if (cur.trim() !== "") out.push(cur);
  return out;
}

/** createTableColumnTypes → (DataFrame column name → DDL type). Spark's errors for unknown/duplicate names. */
function parseCreateTableColumnTypes(value: string, schema: StructType, caseSensitive = false): Map<string, string> {
  const out = new Map<string, string>();
  const seen = new Set<string>();
  for (const part of splitTopLevel(value)) {
    const m = /^\s*(`(?:[^`]|``)+`|[^\s`]+)\s+(.+?)\s*$/.exec(part);
    if (!m) throw new ParseException(`Syntax error in createTableColumnTypes option value: ${value}`);
    const name = m[1].startsWith("`") ? m[1].slice(1, -1).replace(/``/g, "`") : m[1];
    const key = caseSensitive ? name : name.toLowerCase();
    if (seen.has(key)) throw new AnalysisException(`Found duplicate column(s) in the createTableColumnTypes option value: \`${key}\`.`, "COLUMN_ALREADY_EXISTS");
    seen.add(key);
    const field = schema.fields.find((f) => (caseSensitive ? f.name === name : f.name.toLowerCase() === name.toLowerCase()));
    if (!field) throw new AnalysisException(`createTableColumnTypes option column ${name} not found in schema ${scalaTypeString(schema)}`, "_LEGACY_ERROR_TEMP_1153");
    out.set(field.name, ddlTypeFromSparkSql(m[2], value));
  }
  return out;
}

/**
 * JdbcUtils.schemaString: `"c1" TEXT , "c2" BIGINT NOT NULL` (the stray spaces are Spark's).
 */
function schemaString(schema: StructType, createTableColumnTypes?: string, caseSensitive = false): string {
  const userTypes = createTableColumnTypes ? parseCreateTableColumnTypes(createTableColumnTypes, schema, caseSensitive) : new Map<string, string>();
  let sb = "";
  for (const f of schema.fields) {
    const typ = userTypes.get(f.name) ?? getJdbcType(f.dataType);
    sb += `, ${quoteIdentifier(f.name)} ${typ} ${f.nullable ? "" : "NOT NULL"}`;
  }
  return sb.length >= 2 ? sb.substring(2) : sb;
}

/** `CREATE TABLE <table> (<schemaString>) <createTableOptions>` — the table name verbatim, as Spark does. */
export function createTableSql(table: string, schema: StructType, opts: { createTableOptions?: string; createTableColumnTypes?: string; caseSensitive?: boolean } = {}): string {
  return `CREATE TABLE ${table} (${schemaString(schema, opts.createTableColumnTypes, opts.caseSensitive)}) ${opts.createTableOptions ?? ""}`;
}

export function truncateSql(table: string, cascade?: boolean): string {
  return `TRUNCATE TABLE ONLY ${table}${cascade ? " CASCADE" : ""}`;
}

export function tableCommentSql(table: string, comment: string): string {
  return `COMMENT ON TABLE ${table} IS '${comment.replace(/'/g, "''")}'`;
}

// ---------------------------------------------------------------------------------------------
// Values: Iskra → bind parameters

const MICROS_PER_DAY = 86_400_000_000;

function pad(n: number, w: number): string {
  return String(n).padStart(w, "0");
}

/** Days since 1970-01-01 → proleptic Gregorian [year, month, day] (H. Hinnant's civil_from_days). */
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

function dateText(days: number): string {
  const [y, m, d] = civilFromDays(days);
  return `${pad(y > 0 ? y : 1 - y, 4)}-${m < 10 ? "0" : ""}${m}-${d < 10 ? "0" : ""}${d}${y > 0 ? "" : " BC"}`;
}

/** Microseconds since the epoch → `YYYY-MM-DD HH:MM:SS.ffffff+00` (UTC, microsecond precision). */
export function microsToTimestampText(us: number | bigint): string {
  let days: number;
  let rem: number;
  if (typeof us === "bigint") {
    const d = BigInt(MICROS_PER_DAY);
    let q = us / d;
    if (us % d < 0n) q -= 1n;
    days = Number(q);
    rem = Number(us - q * d);
  } else {
    if (!Number.isFinite(us)) throw new IllegalArgumentException(`Timestamp out of range: ${us} microseconds`);
    const u = Math.trunc(us);
    days = Math.floor(u / MICROS_PER_DAY);
    rem = u - days * MICROS_PER_DAY;
  }
  const secs = Math.floor(rem / 1_000_000);
  const frac = rem - secs * 1_000_000;
  const h = Math.floor(secs / 3600);
  const mi = Math.floor((secs % 3600) / 60);
  const s = secs % 60;
  const text = dateText(days);
  const bc = text.endsWith(" BC");
  return `${bc ? text.slice(0, -3) : text} ${h < 10 ? "0" : ""}${h}:${mi < 10 ? "0" : ""}${mi}:${s < 10 ? "0" : ""}${s}.${pad(frac, 6)}+00${bc ? " BC" : ""}`;
}

/** Days since the epoch → `YYYY-MM-DD`. */
function daysToDateText(days: number): string {
  if (!Number.isFinite(days)) throw new IllegalArgumentException(`Date out of range: ${days} days`);
  return dateText(Math.trunc(days));
}

/** A function turning one internal value of type `dt` into a `pg` bind parameter. */
export function paramConverter(dt: DataType): (v: unknown) => unknown {
  if (dt === TIMESTAMP)
    return (v) => {
      if (v === null || v === undefined) return null;
      if (v instanceof Date) return microsToTimestampText(v.getTime() * 1000);
      return microsToTimestampText(v as number | bigint);
    };
  if (dt === DATE) return (v) => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString().slice(0, 10) : daysToDateText(Number(v)));
  if (dt === BINARY)
    return (v) => {
      if (v === null || v === undefined) return null;
      if (Buffer.isBuffer(v)) return v;
      if (ArrayBuffer.isView(v)) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
      return Buffer.from(String(v));
    };
  if (dt instanceof ArrayTypeClass) {
    const el = paramConverter(dt.elementType);
    return (v) => (v === null || v === undefined ? null : Array.from(v as ArrayLike<unknown>, (x) => (x === undefined ? null : el(x))));
  }
  if (dt === LONG || dt === INTEGER || dt === SHORT || dt === BYTE || dt === DOUBLE || dt === FLOAT)
    return (v) => (v === null || v === undefined ? null : typeof v === "bigint" ? v.toString() : v);
  return (v) => (v === undefined ? null : v);
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL → Spark (reading)

type Parser = (text: string) => unknown;

interface PgTypeInfo {
  name: string;
  type: DataType | ((typmod: number) => DataType);
  parse?: Parser;
  /** For types whose values depend on the type modifier (bit(1) is a boolean). */
  parseFor?: (typmod: number) => Parser;
}

const identity: Parser = (s) => s;
const parseNumber: Parser = (s) => Number(s);
const parseFloatText: Parser = (s) => parseFloat(s);
const parseBool: Parser = (s) => s === "t" || s === "true";

const MAX_TS_MICROS = 253402300799999968; // 9999-12-31 23:59:59.999968: the closest double to Spark's max for 'infinity'
const MIN_TS_MICROS = -62135596800000000; // 0001-01-01 00:00:00

const TS_RE = /^(\d{4,})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(?:([+-])(\d\d)(?::?(\d\d))?(?::?(\d\d))?|Z)?( BC)?$/;

function utcDays(y: number, m: number, d: number): number {
  const dt = new Date(0);
  dt.setUTCFullYear(y, m - 1, d);
  dt.setUTCHours(0, 0, 0, 0);
  return Math.round(dt.getTime() / 86_400_000);
}

/** PostgreSQL's ISO timestamp text (with or without offset) → microseconds since the epoch. */
export function parseTimestampText(s: string): number {
  if (s === "infinity") return MAX_TS_MICROS;
  if (s === "-infinity") return MIN_TS_MICROS;
  const m = TS_RE.exec(s);
  if (!m) throw new IllegalArgumentException(`Cannot parse timestamp '${s}'`);
  let year = Number(m[1]);
  if (m[12]) year = 1 - year;
  const days = utcDays(year, Number(m[2]), Number(m[3]));
  const secs = Number(m[4]) * 3600 + Number(m[5]) * 60 + Number(m[6]);
  const frac = m[7] ? Number((m[7] + "000000").slice(0, 6)) : 0;
  let offset = 0;
  if (m[8]) offset = (m[8] === "-" ? -1 : 1) * (Number(m[9]) * 3600 + Number(m[10] ?? 0) * 60 + Number(m[11] ?? 0));
  return days * MICROS_PER_DAY + (secs - offset) * 1_000_000 + frac;
}

/** `YYYY-MM-DD` → days since the epoch. */
function parseDateText(s: string): number {
  if (s === "infinity") return 2932896; // 9999-12-31
  if (s === "-infinity") return -719162; // 0001-01-01
  const m = /^(\d{4,})-(\d\d)-(\d\d)( BC)?$/.exec(s);
  if (!m) throw new IllegalArgumentException(`Cannot parse date '${s}'`);
  return utcDays(m[4] ? 1 - Number(m[1]) : Number(m[1]), Number(m[2]), Number(m[3]));
}

/** bytea in hex output format (`\x48ab`), or the old escape format. */
function parseByteaText(s: string): Buffer {
  if (s.startsWith("\\x")) return Buffer.from(s.slice(2), "hex");
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "\\") {
      if (s[i + 1] === "\\") {
        out.push(92);
        i++;
      } else {
        out.push(parseInt(s.slice(i + 1, i + 4), 8));
        i += 3;
      }
    } else out.push(s.charCodeAt(i));
  }
  return Buffer.from(out);
}

const SCALARS: Record<number, PgTypeInfo> = {
  16: { name: "bool", type: BOOLEAN, parse: parseBool },
  17: { name: "bytea", type: BINARY, parse: parseByteaText },
  18: { name: "char", type: STRING },
  19: { name: "name", type: STRING },
  20: { name: "int8", type: LONG, parse: parseNumber },
  21: { name: "int2", type: INTEGER, parse: parseNumber }, // Spark 3.3–3.5 read SMALLINT as IntegerType
  23: { name: "int4", type: INTEGER, parse: parseNumber },
  25: { name: "text", type: STRING },
  26: { name: "oid", type: LONG, parse: parseNumber },
  114: { name: "json", type: STRING },
  142: { name: "xml", type: STRING },
  650: { name: "cidr", type: STRING },
  700: { name: "float4", type: FLOAT, parse: parseFloatText },
  701: { name: "float8", type: DOUBLE, parse: parseFloatText },
  774: { name: "macaddr8", type: STRING },
  790: { name: "money", type: STRING },
  829: { name: "macaddr", type: STRING },
  869: { name: "inet", type: STRING },
  1042: { name: "bpchar", type: STRING },
  1043: { name: "varchar", type: STRING },
  1082: { name: "date", type: DATE, parse: parseDateText },
  1083: { name: "time", type: STRING },
  1114: { name: "timestamp", type: TIMESTAMP, parse: parseTimestampText },
  1184: { name: "timestamptz", type: TIMESTAMP, parse: parseTimestampText },
  1186: { name: "interval", type: STRING },
  1266: { name: "timetz", type: STRING },
  1560: { name: "bit", type: (typmod) => (typmod === 1 ? BOOLEAN : STRING), parseFor: (typmod) => (typmod === 1 ? (s: string) => s === "1" : identity) },
  1562: { name: "varbit", type: STRING },
  1700: { name: "numeric", type: DOUBLE, parse: parseFloatText }, // Spark: DecimalType(p,s); Iskra has no decimals yet
  2950: { name: "uuid", type: STRING },
  3802: { name: "jsonb", type: STRING },
};

/** Array type OID → element type OID. */
const ARRAYS: Record<number, number> = {
  1000: 16, 1001: 17, 1002: 18, 1003: 19, 1016: 20, 1005: 21, 1007: 23, 1009: 25, 1028: 26, 199: 114, 143: 142,
  651: 650, 1021: 700, 1022: 701, 775: 774, 791: 790, 1040: 829, 1041: 869, 1014: 1042, 1015: 1043, 1182: 1082,
  1183: 1083, 1115: 1114, 1185: 1184, 1187: 1186, 1270: 1266, 1561: 1560, 1563: 1562, 1231: 1700, 2951: 2950, 3807: 3802,
};

/** The Spark type a column of this PostgreSQL type reads as (unknown types read as strings). */
export function sparkTypeForPg(oid: number, typmod = -1): DataType {
  const s = SCALARS[oid];
  if (s) return typeof s.type === "function" ? s.type(typmod) : s.type;
  const el = ARRAYS[oid];
  if (el !== undefined) return ArrayType(sparkTypeForPg(el, typmod), true);
  return STRING;
}

/** Text parser for values of this type (identity for strings and unknown types). */
export function textParserForPg(oid: number, typmod = -1): Parser {
  const s = SCALARS[oid];
  if (s) return s.parseFor ? s.parseFor(typmod) : (s.parse ?? identity);
  const el = ARRAYS[oid];
  if (el !== undefined) {
    const inner = textParserForPg(el, typmod);
    return (text) => mapNested(parseArrayLiteral(text), inner);
  }
  return identity;
}

type Nested = (string | null | Nested)[];

function mapNested(a: Nested, f: Parser): unknown[] {
  return a.map((x) => (x === null ? null : Array.isArray(x) ? mapNested(x, f) : f(x)));
}

/** PostgreSQL array literal `{1,NULL,"a b",{2,3}}` → nested arrays of strings and nulls. */
export function parseArrayLiteral(text: string, delimiter = ","): Nested {
  let i = 0;
  let s = text;
  if (s.startsWith("[")) s = s.slice(s.indexOf("=") + 1); // explicit bounds: [0:1]={...}
  const parse = (): Nested => {
    if (s[i] !== "{") throw new IllegalArgumentException(`Malformed array literal: ${text}`);
    i++;
    const out: Nested = [];
    if (s[i] === "}") {
      i++;
      return out;
    }
    while (i < s.length) {
      if (s[i] === "{") out.push(parse());
      else if (s[i] === '"') {
        i++;
        let v = "";
        while (i < s.length && s[i] !== '"') {
          if (s[i] === "\\") i++;
          v += s[i++];
        }
        i++;
        out.push(v);
      } else {
        let v = "";
        while (i < s.length && s[i] !== delimiter && s[i] !== "}") v += s[i++];
        v = v.trim();
        out.push(v === "NULL" ? null : v);
      }
      if (s[i] === delimiter) i++;
      else if (s[i] === "}") {
        i++;
        return out;
      }
    }
    throw new IllegalArgumentException(`Malformed array literal: ${text}`);
  };
  return parse();
}

// ---------------------------------------------------------------------------------------------
// Scala-style type strings, as Spark prints them inside legacy messages

/** `StringType`, `ArrayType(StringType,true)`, `StructType(StructField(a,StringType,true),...)`. */
export function scalaTypeString(dt: DataType): string {
  if (dt instanceof StructTypeClass) return `StructType(${dt.fields.map(scalaFieldString).join(",")})`;
  if (dt instanceof ArrayTypeClass) return `ArrayType(${scalaTypeString(dt.elementType)},${dt.containsNull})`;
  if (dt instanceof MapTypeClass) return `MapType(${scalaTypeString(dt.keyType)},${scalaTypeString(dt.valueType)},${dt.valueContainsNull})`;
  if (dt === NULL) return "NullType";
  const dec = decimalOf(dt);
  if (dec) return `DecimalType(${dec.precision},${dec.scale})`;
  return dt.constructor.name.replace(/Class$/, "");
}

function scalaFieldString(f: StructFieldClass): string {
  return `StructField(${f.name},${scalaTypeString(f.dataType)},${f.nullable})`;
}

/** A StructType from (name, PostgreSQL type) pairs, e.g. a result's fields. */
export function schemaFromPgFields(fields: readonly { name: string; dataTypeID: number; dataTypeModifier?: number; nullable?: boolean }[]): StructType {
  return StructType(fields.map((f) => StructField(f.name, sparkTypeForPg(f.dataTypeID, f.dataTypeModifier ?? -1), f.nullable ?? true)));
}
