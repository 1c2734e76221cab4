/**
 * SparkSession: the entry point, as in PySpark. `SparkSession.builder.master("local[2]")
 * .appName("x").getOrCreate()`; `spark.conf`, `spark.createDataFrame`, `spark.read`,
 * `spark.readStream`, `spark.streams`, `spark.table`, `spark.sql`.
 */
import { parseIntervalUs } from "../analysis/function-catalog";
import { AnalysisException, PySparkTypeError, PySparkValueError } from "../errors";
import { DEFAULT_TIME_ZONE, checkTimeZone, withTimeZone } from "../values/timestamps";
import { APP_NAME, MASTER, PORT_MAX_RETRIES, PRESET_CONF, SESSION_TIME_ZONE, SHUFFLE_PARTITIONS, UI_ENABLED, UI_PORT, UI_RETAINED_PROGRESS_UPDATES, UI_RETAINED_QUERIES, confValue } from "../config/sql-conf";
import { LogicalPlan, newPlanId } from "../plan/logical-plan";
import type { InternalRow } from "../connector-api/source";
import {
  ArrayTypeClass, BOOLEAN, BINARY, DOUBLE, DataType, LONG, MapTypeClass, NULL, STRING, StructFieldClass, StructTypeClass, TIMESTAMP,
} from "../types/data-types";
import { parseDataType, parseSchema } from "../types/ddl";
import { Row } from "../types/row";
import { castFunction, longValue } from "../values/values";
import { DataFrame } from "./dataframe";
import { DataFrameReader } from "./reader";
import { DataFrameWriter } from "./writer";
import { checkParquetConf } from "../formats/parquet/parquet-format";
import { DataStreamReader } from "./stream-reader";
import { DataStreamWriter } from "./stream-writer";
import { withPythonAttributes } from "./python-attributes";
import { StreamingQueryManager } from "./streaming-query-manager";
import { runSql } from "./sql";
import { Catalog } from "./catalog";
import type { WebUi } from "../ui/server";

/** Where the session prints (show, printSchema, console sink). The REPL redirects it. */
export type Printer = (text: string) => void;

export class RuntimeConfig {
  private readonly values = new Map<string, string>(PRESET_CONF);
  set(key: string, value: string | number | boolean): void {
    const v = String(value);
    if (key === "spark.sql.session.timeZone") {
      try { checkTimeZone(v); } catch { throw new PySparkValueError(`[INVALID_CONF_VALUE.TIME_ZONE] The value '${v}' in the config "spark.sql.session.timeZone" is invalid. Cannot resolve the given timezone.`); }
    }
    checkParquetConf(key, v);
    this.values.set(key, v);
  }
  get(key: string, defaultValue?: string): string | undefined {
    const v = this.values.get(key);
    if (v !== undefined) return v;
    if (defaultValue !== undefined) return defaultValue;
    return undefined;
  }
  unset(key: string): void {
    if (key === "spark.sql.session.timeZone") this.values.set(key, DEFAULT_TIME_ZONE);
    else this.values.delete(key);
  }
  getAll(): Record<string, string> {
    return Object.fromEntries(this.values);
  }
  isModifiable(_key: string): boolean {
    return true;
  }
}

class Builder {
  private readonly options = new Map<string, string>();
  master(m: string): this { this.options.set("spark.master", m); return this; }
  appName(n: string): this { this.options.set("spark.app.name", n); return this; }
  config(key: string, value?: string | number | boolean): this { if (value !== undefined) this.options.set(key, String(value)); return this; }
  enableHiveSupport(): this { return this; }
  remote(_url: string): this { return this; }
  getOrCreate(): SparkSession {
    const s = SparkSession.active ?? new SparkSession();
    for (const [k, v] of this.options) s.conf.set(k, v);
    SparkSession.active = s;
    s.startWebUi();
    return s;
  }
  create(): SparkSession {
    const s = new SparkSession();
    for (const [k, v] of this.options) s.conf.set(k, v);
    s.startWebUi();
    return s;
  }
}

export class SparkSession {
  static active: SparkSession | undefined;
  static get builder(): Builder {
    return new Builder();
  }
  static getActiveSession(): SparkSession | undefined {
    return SparkSession.active;
  }

  readonly conf = new RuntimeConfig();
  readonly catalog: Catalog = new Catalog(this);
  /** PySpark's repr (an object address in Python; here a per-session id of the same form). */
  private readonly reprId = "0x7f" + Math.floor(Math.random() * 2 ** 40).toString(16).padStart(10, "0");
  toString(): string {
    return `<pyspark.sql.session.SparkSession object at ${this.reprId}>`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
  /** The Spark release whose behaviour Iskra reproduces (its golden outputs were captured from it). */
  readonly version = "3.5.9";
  readonly streams: StreamingQueryManager;
  /** Output of show(), printSchema(), console sinks; the shell replaces it to print above the prompt. */
  print: Printer = (text) => { process.stdout.write(text); };
  /** Warnings (e.g. an unknown JDBC option); the shell colours them. */
  warn: Printer = (text) => { process.stderr.write(`WARN ${text}\n`); };

  /**
   * PySpark's `df.house` (a column as an attribute) on this session's DataFrames: the shell turns
   * it on; a TypeScript program keeps it off and writes `df.col("house")`, which type-checks.
   * A newSession() inherits it.
   */
  columnAttributes = false;

  /** Wiring used by DataFrame (kept off the user-facing surface). */
  readonly internals = {
    newWriter: (df: DataFrame) => this.pythonic(new DataFrameWriter(df), "DataFrameWriter"),
    newStreamWriter: (df: DataFrame) => this.pythonic(new DataStreamWriter(df), "DataStreamWriter"),
  };

  constructor() {
    this.streams = new StreamingQueryManager(this);
  }

  /**
   * A session with its own configuration and temporary views, sharing this one's context and
   * output (PySpark's `spark.newSession()`).
   */
  newSession(): SparkSession {
    const s = new SparkSession();
    s.print = (t) => this.print(t);
    s.warn = (t) => this.warn(t);
    s.columnAttributes = this.columnAttributes;
    for (const key of ["spark.app.name", "spark.master"]) {
      const v = this.conf.get(key);
      if (v !== undefined) s.conf.set(key, v);
    }
    // One web UI per application (Spark's SparkContext): the new session's queries show in it too.
    if (this.ui) {
      s.ui = this.ui;
      s.sharedUiDetach = s.streams.bus.addObserver(this.ui.store);
    }
    return s;
  }

  /**
   * A newSession() whose queries the web UI does not list and whose failures it does not print
   * (not PySpark API): the shell's lesson checks run the learner's code on one, so nothing of
   * theirs shows up as the learner's own queries.
   */
  unlistedSession(): SparkSession {
    const s = this.newSession();
    s.sharedUiDetach?.();
    s.sharedUiDetach = undefined;
    s.ui = undefined;
    s.warn = () => undefined;
    return s;
  }

  /**
   * Spark's SparkSession.cloneSession (not PySpark API): a newSession() with a copy of this
   * session's SQL conf and temporary views. A streaming query runs on one, so its batches (the
   * foreachBatch DataFrame's sparkSession) keep the conf of start() and a conf set on either
   * side afterwards does not cross (checked against PySpark 3.5).
   */
  cloneSession(): SparkSession {
    const s = this.newSession();
    for (const [k, v] of Object.entries(this.conf.getAll())) s.conf.set(k, v);
    for (const name of this.catalog.tempViewNames()) s.catalog.registerTempView(name, this.catalog.get(name)!);
    return s;
  }

  /** spark.sql.session.timeZone. */
  get timeZone(): string {
    return confValue(SESSION_TIME_ZONE, this.conf);
  }

  /** spark.sql.shuffle.partitions (a positive integer; Spark's default otherwise). */
  get shufflePartitions(): number {
    return confValue(SHUFFLE_PARTITIONS, this.conf);
  }

  /** Runs `f` (synchronously) in this session's time zone: parsing and printing of timestamps. */
  inTimeZone<T>(f: () => T): T {
    return withTimeZone(this.timeZone, f);
  }

  /** The shell's sessions (columnAttributes) answer an unknown attribute as PySpark does (python-attributes.ts). */
  pythonic<T extends object>(obj: T, pyClass: string): T {
    return this.columnAttributes ? withPythonAttributes(obj, pyClass) : obj;
  }

  get read(): DataFrameReader {
    return this.pythonic(new DataFrameReader(this), "DataFrameReader");
  }
  get readStream(): DataStreamReader {
    return this.pythonic(new DataStreamReader(this), "DataStreamReader");
  }
  get sparkContext(): { defaultParallelism: number; appName: string; master: string; uiWebUrl: string | null } {
    return {
      defaultParallelism: 2, appName: confValue(APP_NAME, this.conf), master: confValue(MASTER, this.conf),
      uiWebUrl: this.ui?.url ?? null,
    };
  }

  private ui?: WebUi;
  /** Set on a newSession() sharing its parent's UI: detaches this session's queries from it. */
  private sharedUiDetach?: () => void;

  /**
   * Starts the web UI (the builder does, as Spark's SparkContext; `spark.ui.enabled=false` turns
   * it off) on 127.0.0.1, `spark.ui.port` (4040) or the next free port.
   */
  startWebUi(): void {
    if (this.ui || !confValue(UI_ENABLED, this.conf)) return;
    const { WebUi: Ui }: typeof import("../ui/server") = require("../ui/server");
    this.ui = new Ui({
      bus: this.streams.bus,
      port: confValue(UI_PORT, this.conf),
      maxRetries: confValue(PORT_MAX_RETRIES, this.conf),
      retention: () => ({ retainedQueries: confValue(UI_RETAINED_QUERIES, this.conf), retainedProgressUpdates: confValue(UI_RETAINED_PROGRESS_UPDATES, this.conf) }),
      page: () => ({ appName: this.sparkContext.appName, sparkVersion: this.version }),
    });
  }

  /** Iskra: resolves to the web UI's URL once it listens (null when disabled). */
  async webUiUrl(): Promise<string | null> {
    return this.ui ? this.ui.ready : null;
  }

  dataFrame(plan: LogicalPlan): DataFrame {
    return new DataFrame(this, plan);
  }

  /** A DataFrame over rows already in the engine's representation. */
  fromInternal(schema: StructTypeClass, rows: InternalRow[]): DataFrame {
    return this.dataFrame({ kind: "LocalRelation", id: newPlanId(), schema, rows, streaming: false });
  }

  /**
   * `createDataFrame(data, schema?)` as PySpark: data is a list of values (with a single atomic
   * type as schema → column `value`), of tuples/arrays, of objects/Rows; schema is a StructType,
   * a DDL string, a list of column names, or a single DataType.
   */
  createDataFrame(data: unknown[], schema?: StructTypeClass | DataType | string | string[]): DataFrame {
    if (!Array.isArray(data)) throw new PySparkTypeError("[CANNOT_INFER_SCHEMA_FOR_TYPE] Can not infer schema for type: `" + typeof data + "`.");
    if (typeof schema === "function")
      throw new PySparkTypeError(`[NOT_LIST_OR_NONE_OR_STRUCT] Argument \`schema\` should be a list, None or StructType, got ${/Type$/.test((schema as { name: string }).name) ? "DataTypeSingleton" : "function"}.`);
    let st: StructTypeClass;
    let rows: unknown[][];
    if (typeof schema === "string") {
      // "a INT, b STRING" is a table schema; a single type ("STRING", "int") makes a `value` column.
      const single = singleTypeDdl(schema);
      if (single) schema = single;
    }
    if (schema instanceof StructTypeClass || typeof schema === "string") {
      st = schema instanceof StructTypeClass ? schema : parseSchema(schema);
      rows = data.map((d, i) => toTuple(d, st, i));
    } else if (schema !== undefined && !Array.isArray(schema)) {
      // A single atomic type: each element is one value in column "value".
      st = new StructTypeClass([new StructFieldClass("value", schema, true)]);
      rows = data.map((d) => [d === undefined ? null : d]);
    } else {
      const names = Array.isArray(schema) ? schema : undefined;
      ({ schema: st, rows } = inferSchema(data, names));
    }
    const convert = st.fields.map((f) => fromExternal(f.dataType));
    const internal = rows.map((r, i) => {
      if (r.length !== st.fields.length)
        throw new PySparkValueError(`[LENGTH_SHOULD_BE_THE_SAME] obj and fields should be of the same length, got ${r.length} and ${st.fields.length}.`);
      return r.map((v, j) => {
        const x = v === undefined ? null : v;
        if (x === null) {
          if (!st.fields[j].nullable) throw new PySparkValueError("[CANNOT_BE_NONE] Argument `obj` can not be None.");
          return null;
        }
        return convert[j](x, st.fields[j].name, i);
      });
    });
    return this.fromInternal(st, internal);
  }

  /** `spark.range(end)` / `range(start, end, step)`: one long column `id`. */
  range(start: number, end?: number, step = 1): DataFrame {
    if (end === undefined) { end = start; start = 0; }
    const rows: InternalRow[] = [];
    for (let i = start; step > 0 ? i < end : i > end; i += step) rows.push([i]);
    return this.fromInternal(new StructTypeClass([new StructFieldClass("id", LONG, false)]), rows);
  }

  /** The temporary view or memory table of that name, if there is one. */
  lookupTable(name: string): DataFrame | undefined {
    return this.catalog.get(name) ?? this.streams.memoryTable(name) ?? this.catalog.readTable(name);
  }

  table(name: string): DataFrame {
    const view = this.lookupTable(name);
    if (!view)
      throw new AnalysisException(
        `The table or view \`${name}\` cannot be found. Verify the spelling and correctness of the schema and catalog.\nIf you did not qualify the name with a schema, verify the current_schema() output, or qualify the name with the correct schema and catalog.\nTo tolerate the error on drop use DROP VIEW IF EXISTS or DROP TABLE IF EXISTS.`,
        "TABLE_OR_VIEW_NOT_FOUND",
      );
    return view;
  }

  /** A small SQL: SELECT … FROM <view or memory table> [WHERE] [GROUP BY] [ORDER BY] [LIMIT]. */
  sql(query: string): DataFrame {
    return this.inTimeZone(() => runSql(this, query));
  }

  parseIntervalMs(s: string): number {
    return Math.round(parseIntervalUs(s) / 1000);
  }

  async stop(): Promise<void> {
    await this.streams.stopAll();
    if (this.sharedUiDetach) this.sharedUiDetach();
    else await this.ui?.close();
    this.ui = undefined;
    this.sharedUiDetach = undefined;
    if (SparkSession.active === this) SparkSession.active = undefined;
  }
}

function toTuple(d: unknown, st: StructTypeClass, i: number): unknown[] {
  if (d instanceof Row) return [...d];
  if (Array.isArray(d)) return d;
  if (d !== null && typeof d === "object" && !(d instanceof Date) && !(d instanceof Uint8Array))
    return st.fields.map((f) => (d as Record<string, unknown>)[f.name] ?? null);
  if (st.fields.length === 1) return [d];
  throw new PySparkTypeError(`[CANNOT_ACCEPT_OBJECT_IN_TYPE] \`StructType\` can not accept object \`${String(d)}\` in type \`${typeof d}\` (row ${i}).`);
}

/** The type a DDL string names when it is one non-struct type rather than a table schema. */
function singleTypeDdl(text: string): DataType | undefined {
  try { parseSchema(text); return undefined; } catch { /* not a table schema */ }
  try { const t = parseDataType(text); return t instanceof StructTypeClass ? undefined : t; } catch { return undefined; }
}

function inferType(v: unknown): DataType {
  if (v === null || v === undefined) return NULL;
  if (typeof v === "string") return STRING;
  if (typeof v === "boolean") return BOOLEAN;
  if (typeof v === "number") return Number.isInteger(v) ? LONG : DOUBLE;
  if (typeof v === "bigint") return LONG;
  if (v instanceof Date) return TIMESTAMP;
  if (v instanceof Uint8Array) return BINARY;
  // A nested Row is a struct, as in PySpark (a Row is an array of its values here).
  if (v instanceof Row) return new StructTypeClass(v.__fields__.map((k, i) => new StructFieldClass(k, inferType(v[i]), true)));
  if (Array.isArray(v)) {
    const el = v.map(inferType).find((t) => t !== NULL) ?? NULL;
    return new ArrayTypeClass(el === NULL ? STRING : el, true);
  }
  if (v instanceof Map) {
    const [k, x] = [...v.entries()][0] ?? [null, null];
    return new MapTypeClass(inferType(k), inferType(x), true);
  }
  if (typeof v === "object") {
    return new StructTypeClass(Object.entries(v as object).map(([k, x]) => new StructFieldClass(k, inferType(x), true)));
  }
  throw new PySparkTypeError(`[CANNOT_INFER_TYPE_FOR_FIELD] Unable to infer the type of the field \`${String(v)}\`.`);
}

function inferSchema(data: unknown[], names?: string[]): { schema: StructTypeClass; rows: unknown[][] } {
  if (data.length === 0) throw new PySparkValueError("[CANNOT_INFER_EMPTY_SCHEMA] Can not infer schema from empty dataset.");
  const first = data[0];
  let cols: string[];
  let rows: unknown[][];
  if (first instanceof Row) {
    cols = [...first.__fields__];
    rows = data.map((d) => [...(d as Row)]);
  } else if (Array.isArray(first)) {
    cols = names ?? first.map((_, i) => `_${i + 1}`);
    rows = data as unknown[][];
  } else if (first !== null && typeof first === "object" && !(first instanceof Date)) {
    cols = Object.keys(first as object).sort(); // PySpark infers a dict's columns in sorted key order
    rows = data.map((d) => cols.map((c) => (d as Record<string, unknown>)[c] ?? null));
  } else {
    throw new PySparkTypeError(`[CANNOT_INFER_SCHEMA_FOR_TYPE] Can not infer schema for type: \`${typeof first === "number" ? (Number.isInteger(first) ? "int" : "float") : typeof first === "string" ? "str" : typeof first}\`.`);
  }
  if (names && names.length !== cols.length && !Array.isArray(first)) cols = names;
  const fields = cols.map((c, j) => {
    let t: DataType = NULL;
    for (const r of rows) {
      const x = inferType(r[j]);
      if (t === NULL) t = x;
      else if (x !== NULL && !x.equals(t)) {
        if ((t === LONG && x === DOUBLE) || (t === DOUBLE && x === LONG)) t = DOUBLE;
        else throw new PySparkTypeError(`[FIELD_DATA_TYPE_UNACCEPTABLE] field ${c}: Can not merge type ${t.toString()} and ${x.toString()}`);
      }
    }
    if (t === NULL) throw new PySparkValueError("[CANNOT_DETERMINE_TYPE] Some of types cannot be determined after inferring.");
    return new StructFieldClass(names?.[j] ?? c, t, true);
  });
  return { schema: new StructTypeClass(fields), rows };
}

/** The name of a value's Python type, as PySpark's verification errors print it. */
function pyTypeName(v: unknown): string {
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
  if (typeof v === "bigint") return "int";
  if (typeof v === "string") return "str";
  if (typeof v === "boolean") return "bool";
  if (v instanceof Date) return "datetime";
  if (v instanceof Uint8Array) return "bytearray";
  if (Array.isArray(v)) return "list";
  if (v instanceof Map || (v !== null && typeof v === "object")) return "dict";
  return typeof v;
}

/** External value → engine value for a declared type, with PySpark's verification errors. */
function fromExternal(t: DataType): (v: unknown, field: string, row: number) => unknown {
  const bad = (v: unknown, _field: string) =>
    new PySparkTypeError(`[CANNOT_ACCEPT_OBJECT_IN_TYPE] \`${t.toString()}\` can not accept object \`${String(v)}\` in type \`${pyTypeName(v)}\`.`);
  switch (t.typeName) {
    case "string": return (v, f) => { if (typeof v !== "string") throw bad(v, f); return v; };
    case "long":
      // Longs beyond 2^53 stay exact as bigints.
      return (v, f) => {
        if (typeof v === "bigint") {
          if (v < -9223372036854775808n || v > 9223372036854775807n) throw new PySparkValueError(`[VALUE_OUT_OF_BOUND] Value for \`obj\` must be greater than or equal to -9223372036854775808 and less than or equal to 9223372036854775807, got ${v}`);
          return longValue(v);
        }
        if (typeof v !== "number" || !Number.isInteger(v)) throw bad(v, f);
        return v;
      };
    case "integer": case "short": case "byte":
      return (v, f) => { if (typeof v === "bigint") return Number(v); if (typeof v !== "number" || !Number.isInteger(v)) throw bad(v, f); return v; };
    case "double": return (v, f) => { if (typeof v !== "number") throw bad(v, f); return v; };
    case "float": return (v, f) => { if (typeof v !== "number") throw bad(v, f); return Math.fround(v); };
    case "boolean": return (v, f) => { if (typeof v !== "boolean") throw bad(v, f); return v; };
    case "timestamp":
      return (v, f) => {
        if (v instanceof Date) return v.getTime() * 1000;
        if (typeof v === "string") { const x = castFunction(STRING, TIMESTAMP)(v); if (x === null) throw bad(v, f); return x; }
        if (typeof v === "number") return v * 1000;
        throw bad(v, f);
      };
    case "date": return (v, f) => { if (v instanceof Date) return Math.floor(v.getTime() / 86400000); if (typeof v === "string") return castFunction(STRING, t)(v); throw bad(v, f); };
    case "binary": return (v, f) => { if (typeof v === "string") return Buffer.from(v); if (v instanceof Uint8Array) return v; throw bad(v, f); };
  }
  if (t instanceof StructTypeClass) {
    const inner = t.fields.map((x) => fromExternal(x.dataType));
    return (v, f, r) => {
      const tuple = v instanceof Row || Array.isArray(v) ? [...(v as unknown[])] : t.fields.map((x) => (v as Record<string, unknown>)[x.name] ?? null);
      return tuple.map((x, i) => (x === null || x === undefined ? null : inner[i](x, `${f}.${t.fields[i].name}`, r)));
    };
  }
  if (t instanceof ArrayTypeClass) {
    const el = fromExternal(t.elementType);
    return (v, f, r) => { if (!Array.isArray(v)) throw bad(v, f); return v.map((x) => (x === null || x === undefined ? null : el(x, f, r))); };
  }
  if (t instanceof MapTypeClass) {
    const val = fromExternal(t.valueType);
    return (v, f, r) => new Map(Object.entries(v instanceof Map ? Object.fromEntries(v) : (v as object)).map(([k, x]) => [k, x === null ? null : val(x, f, r)]));
  }
  return (v) => v;
}
