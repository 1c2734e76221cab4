/**
 * The function catalog: for each SQL function, how to type its arguments and result. The
 * evaluators with the same `op` names live in execution/scalar-functions.ts and
 * execution/aggregates/; an `op` here without an evaluator there is a bug.
 */
import { AnalysisException } from "../errors";
import {
  ArrayTypeClass, BINARY, BOOLEAN, BYTE, DATE, DOUBLE, DataType, FLOAT, INTEGER, LONG, MapTypeClass, NULL, SHORT, STRING, StructFieldClass,
  StructTypeClass, TIMESTAMP, isIntegral, isNumeric, DecimalTypeClass,
} from "../types/data-types";
import { asDecimal, widerDecimal } from "./decimal-precision";
import { Resolved, outputName } from "../plan/resolved";
import { DayTimeIntervalTypeClass, YearMonthIntervalTypeClass, widerInterval } from "../types/interval-types";
import { registeredFunction } from "../functions/registry";
import { anyNull, castCanFail, fnSql, implicitCast, mismatch, requireArgs } from "../functions/typing";

type R = Resolved;

/** Spark's TypeUtils.checkForOrderingExpr: a map (also inside an array or struct) has no ordering. */
function requireOrderable(fn: string, a: R): void {
  const hasMap = (t: DataType): boolean =>
    t instanceof MapTypeClass || (t instanceof ArrayTypeClass && hasMap(t.elementType)) || (t instanceof StructTypeClass && t.fields.some((f) => hasMap(f.dataType)));
  if (hasMap(a.dataType))
    throw new AnalysisException(`Cannot resolve "${fn}(${a.sql})" due to data type mismatch: The \`${fn}\` does not support ordering on type "${a.dataType.sql()}".`, "DATATYPE_MISMATCH.INVALID_ORDERING_TYPE");
}

export function stringArg(r: R, fn: string, i: number, call: string): R {
  if (r.dataType === STRING || r.dataType === NULL) return implicitCast(r, STRING);
  if (r.dataType instanceof StructTypeClass || r.dataType instanceof ArrayTypeClass || r.dataType instanceof MapTypeClass)
    throw mismatch(call, `Parameter ${i + 1} requires the "STRING" type, however "${r.sql}" has the type "${r.dataType.sql()}"`);
  return implicitCast(r, STRING);
}

export function litValue(r: R, what: string): unknown {
  if (r.kind !== "lit") throw new AnalysisException(`The ${what} must be a constant.`, "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT");
  return r.value;
}

export type ScalarTyper = (args: R[], name: string) => R;

const scalar = (op: string, dataType: DataType, nullable: (args: R[]) => boolean, sql?: (args: R[]) => string) =>
  (args: R[], name: string): R => ({ kind: "fn", op, args, dataType, nullable: nullable(args), sql: sql ? sql(args) : fnSql(name, args) });

const stringFn = (op: string) => (args: R[], name: string): R => {
  requireArgs(name, args, 1);
  const a = stringArg(args[0], name, 0, fnSql(name, args));
  return { kind: "fn", op, args: [a], dataType: STRING, nullable: a.nullable, sql: fnSql(name, args) };
};

export const SCALAR_FUNCTIONS: Record<string, ScalarTyper> = {
  split: (args, name) => {
    requireArgs(name, args, 2, 3);
    const given = args[2] ? Number(litValue(args[2], "limit")) : -1;
    // Spark splits with Java's String.split(regex, -1) for any limit <= 0: trailing empty strings stay.
    const limit = given > 0 ? given : -1;
    const pattern = String(litValue(args[1], "pattern"));
    const str = stringArg(args[0], name, 0, "split");
    const shown = [args[0], args[1], args[2] ?? { kind: "lit", value: -1, dataType: INTEGER, nullable: false, sql: "-1" } as R];
    return { kind: "fn", op: "split", args: [str], params: { pattern, limit }, dataType: new ArrayTypeClass(STRING, false), nullable: str.nullable, sql: fnSql(name, shown) };
  },
  upper: stringFn("upper"),
  ucase: stringFn("upper"),
  lower: stringFn("lower"),
  lcase: stringFn("lower"),
  trim: stringFn("trim"),
  ltrim: stringFn("ltrim"),
  rtrim: stringFn("rtrim"),
  length: (args, name) => {
    requireArgs(name, args, 1);
    const a = args[0].dataType === STRING || args[0].dataType.equals(new ArrayTypeClass(STRING)) ? args[0] : stringArg(args[0], name, 0, fnSql(name, args));
    return { kind: "fn", op: "length", args: [a], dataType: INTEGER, nullable: a.nullable, sql: fnSql(name, args) };
  },
  char_length: (args, name) => SCALAR_FUNCTIONS.length(args, name),
  concat: (args, name) => {
    if (args.length && args.every((a) => a.dataType instanceof ArrayTypeClass))
      return { kind: "fn", op: "concat_arrays", args, dataType: args[0].dataType, nullable: anyNull(args), sql: fnSql(name, args) };
    if (args.length && args.every((a) => a.dataType === BINARY))
      return { kind: "fn", op: "concat_binary", args, dataType: BINARY, nullable: anyNull(args), sql: fnSql(name, args) };
    if (args.some((a) => a.dataType instanceof ArrayTypeClass)) commonType(args.map((a) => a.dataType), fnSql(name, args));
    const a = args.map((x, i) => stringArg(x, name, i, fnSql(name, args)));
    return { kind: "fn", op: "concat", args: a, dataType: STRING, nullable: anyNull(a), sql: fnSql(name, args) };
  },
  concat_ws: (args, name) => {
    requireArgs(name, args, 1, Infinity);
    const a = args.map((x, i) => (x.dataType instanceof ArrayTypeClass ? x : stringArg(x, name, i, fnSql(name, args))));
    return { kind: "fn", op: "concat_ws", args: a, dataType: STRING, nullable: a[0].nullable, sql: fnSql(name, args) };
  },
  substring: (args, name) => {
    requireArgs(name, args, 2, 3);
    const a = [stringArg(args[0], name, 0, name), implicitCast(args[1], INTEGER), args[2] ? implicitCast(args[2], INTEGER) : { kind: "lit", value: 2147483647, dataType: INTEGER, nullable: false, sql: "2147483647" } as R];
    return { kind: "fn", op: "substring", args: a, dataType: STRING, nullable: anyNull(a), sql: fnSql(name, args.length === 2 ? [...args, a[2]] : args) };
  },
  substr: (args, name) => SCALAR_FUNCTIONS.substring(args, name),
  regexp_replace: (args, name) => {
    requireArgs(name, args, 3);
    const a = args.map((x, i) => stringArg(x, name, i, name));
    return { kind: "fn", op: "regexp_replace", args: a, dataType: STRING, nullable: anyNull(a), sql: fnSql(name, [...args, { kind: "lit", value: 1, dataType: INTEGER, nullable: false, sql: "1" }]) };
  },
  regexp_extract: (args, name) => {
    requireArgs(name, args, 2, 3);
    const a = [stringArg(args[0], name, 0, name), stringArg(args[1], name, 1, name), args[2] ? implicitCast(args[2], INTEGER) : { kind: "lit", value: 1, dataType: INTEGER, nullable: false, sql: "1" } as R];
    return { kind: "fn", op: "regexp_extract", args: a, dataType: STRING, nullable: anyNull(a), sql: fnSql(name, args) };
  },
  contains: (args, name) => scalar("contains", BOOLEAN, anyNull)(args.map((x, i) => stringArg(x, name, i, name)), name),
  startswith: (args, name) => scalar("startswith", BOOLEAN, anyNull)(args.map((x, i) => stringArg(x, name, i, name)), name),
  endswith: (args, name) => scalar("endswith", BOOLEAN, anyNull)(args.map((x, i) => stringArg(x, name, i, name)), name),
  size: (args, name) => {
    requireArgs(name, args, 1);
    if (!(args[0].dataType instanceof ArrayTypeClass || args[0].dataType instanceof MapTypeClass))
      throw mismatch(fnSql(name, args), `Parameter 1 requires the ("ARRAY" or "MAP") type, however "${args[0].sql}" has the type "${args[0].dataType.sql()}"`);
    return { kind: "fn", op: "size", args, dataType: INTEGER, nullable: false, sql: fnSql(name, args) };
  },
  array: (args, name) => {
    const et = args.length ? commonType(args.map((a) => a.dataType), fnSql(name, args)) : STRING;
    const a = args.map((x) => implicitCast(x, et));
    return { kind: "fn", op: "array", args: a, dataType: new ArrayTypeClass(et, a.some((x) => x.nullable)), nullable: false, sql: fnSql(name, args) };
  },
  array_contains: (args, name) => {
    requireArgs(name, args, 2);
    const at = args[0].dataType;
    if (!(at instanceof ArrayTypeClass)) throw mismatch(fnSql(name, args), `Parameter 1 requires the "ARRAY" type, however "${args[0].sql}" has the type "${at.sql()}"`);
    return { kind: "fn", op: "array_contains", args: [args[0], implicitCast(args[1], at.elementType)], dataType: BOOLEAN, nullable: anyNull(args), sql: fnSql(name, args) };
  },
  struct: (args, name) => {
    const fields = args.map((a, i) => new StructFieldClass(
      a.kind === "alias" && (a as { fieldName?: string }).fieldName !== undefined ? (a as { fieldName?: string }).fieldName!
        : a.kind === "ref" || a.kind === "alias" ? outputName(a) : a.kind === "fn" && a.op === "getField" ? a.params.name : `col${i + 1}`,
      a.dataType, a.nullable));
    // An alias the user wrote shows in the name (`struct(id AS a)`); a field access's implicit one does not.
    const shown = args.map((a) => (a.kind === "alias" && (a as { fieldName?: string }).fieldName === undefined && !a.sql.endsWith(`.${a.name}`) ? { ...a, sql: `${a.child.sql} AS ${a.name}` } : a));
    return { kind: "fn", op: "struct", args, dataType: new StructTypeClass(fields), nullable: false, sql: fnSql(name, shown) };
  },
  named_struct: (args, name) => {
    if (args.length % 2) throw new AnalysisException(`The \`named_struct\` requires an even number of arguments.`, "WRONG_NUM_ARGS.WITHOUT_SUGGESTION");
    const names: string[] = [];
    const values: R[] = [];
    for (let i = 0; i < args.length; i += 2) { names.push(String(litValue(args[i], "field name"))); values.push(args[i + 1]); }
    const fields = values.map((v, i) => new StructFieldClass(names[i], v.dataType, v.nullable));
    return { kind: "fn", op: "struct", args: values, dataType: new StructTypeClass(fields), nullable: false, sql: fnSql(name, args) };
  },
  coalesce: (args, name) => {
    requireArgs(name, args, 1, Infinity);
    const t = commonType(args.map((a) => a.dataType), fnSql(name, args));
    const a = args.map((x) => implicitCast(x, t));
    return { kind: "fn", op: "coalesce", args: a, dataType: t, nullable: a.every((x) => x.nullable), sql: fnSql(name, args) };
  },
  abs: (args, name) => numericFn("abs", args, name, (t) => t),
  round: (args, name) => {
    requireArgs(name, args, 1, 2);
    const scale = args[1] ? Number(litValue(args[1], "scale")) : 0;
    const a = numericArg(args[0], name);
    const shown = args[1] ? args : [args[0], { kind: "lit", value: 0, dataType: INTEGER, nullable: false, sql: "0" } as R];
    return { kind: "fn", op: "round", args: [a], params: { scale }, dataType: a.dataType, nullable: true, sql: fnSql(name, shown) }; // RoundBase is always nullable
  },
  floor: (args) => numericFn("floor", args, "FLOOR", (t) => (isIntegral(t) ? t : LONG)),
  ceil: (args) => numericFn("ceil", args, "CEIL", (t) => (isIntegral(t) ? t : LONG)),
  ceiling: (args, name) => numericFn("ceil", args, name, (t) => (isIntegral(t) ? t : LONG)),
  // Spark's UnaryMathExpression is always nullable.
  sqrt: (args) => ({ ...numericFn("sqrt", args.map((a) => implicitCast(a, DOUBLE)), "SQRT", () => DOUBLE), nullable: true }),
  current_timestamp: (args, name) => ({ kind: "fn", op: "current_timestamp", args: [], dataType: TIMESTAMP, nullable: false, sql: `${name}()` }),
  now: (args) => ({ kind: "fn", op: "current_timestamp", args: [], dataType: TIMESTAMP, nullable: false, sql: "now()" }),
  current_date: (args, name) => ({ kind: "fn", op: "current_date", args: [], dataType: DATE, nullable: false, sql: `${name}()` }),
  to_timestamp: (args, name) => {
    requireArgs(name, args, 1, 2);
    const a = [stringArg(args[0], name, 0, name)];
    const fmt = args[1] ? String(litValue(args[1], "format")) : undefined;
    return { kind: "fn", op: "to_timestamp", args: a, params: { fmt }, dataType: TIMESTAMP, nullable: true, sql: fnSql(name, args) };
  },
  date_format: (args, name) => {
    requireArgs(name, args, 2);
    const a = [implicitCast(args[0], TIMESTAMP)];
    return { kind: "fn", op: "date_format", args: a, params: { fmt: String(litValue(args[1], "format")) }, dataType: STRING, nullable: a[0].nullable, sql: fnSql(name, args) };
  },
  window: (args, name) => {
    requireArgs(name, args, 2, 4);
    const t = args[0];
    if (t.dataType !== TIMESTAMP && t.dataType !== DATE && t.dataType !== STRING)
      throw mismatch(`window(${t.sql})`, `Parameter 1 requires the "TIMESTAMP" type, however "${t.sql}" has the type "${t.dataType.sql()}"`);
    const durationUs = parseIntervalUs(String(litValue(args[1], "window duration")));
    const slideUs = args[2] ? parseIntervalUs(String(litValue(args[2], "slide duration"))) : durationUs;
    const startUs = args[3] ? parseIntervalUs(String(litValue(args[3], "start time"))) : 0;
    if (durationUs <= 0) throw new AnalysisException(`The window duration (${durationUs}) must be greater than 0.`);
    if (slideUs <= 0 || slideUs > durationUs) throw new AnalysisException(`The slide duration (${slideUs}) must be less than or equal to the windowDuration (${durationUs}).`);
    const dt = new StructTypeClass([new StructFieldClass("start", TIMESTAMP, true), new StructFieldClass("end", TIMESTAMP, true)]);
    // A sliding window is computed by Spark's Expand + Filter, whose output is nullable.
    return { kind: "fn", op: "window", args: [implicitCast(t, TIMESTAMP)], params: { durationUs, slideUs, startUs }, dataType: dt, nullable: slideUs !== durationUs, sql: "window" };
  },
  monotonically_increasing_id: (args, name) => ({ kind: "fn", op: "monotonically_increasing_id", args: [], dataType: LONG, nullable: false, sql: `${name}()` }),
  from_json: (args, name) => {
    requireArgs(name, args, 2, 3);
    const schema = args[1].kind === "lit" && args[1].value instanceof DataType ? args[1].value : undefined;
    if (!schema) throw new AnalysisException("Schema should be specified in DDL format as a string literal or output of the schema_of_json/schema_of_csv functions instead of " + args[1].sql + ".", "INVALID_SCHEMA.NON_STRING_LITERAL");
    const options = (args[2] as any)?.value ?? {};
    // An unsupported mode (DROPMALFORMED) fails when the query runs, as in Spark.
    const mode = String(options.mode ?? "PERMISSIVE").toUpperCase();
    const str = stringArg(args[0], name, 0, name);
    return { kind: "fn", op: "from_json", args: [str], params: { schema: asNullable(schema), options: { ...options, mode } }, dataType: asNullable(schema), nullable: true, sql: schema instanceof MapTypeClass ? "entries" : `from_json(${args[0].sql})` };
  },
  to_json: (args, name) => {
    requireArgs(name, args, 1, 2);
    const t = args[0].dataType;
    if (!(t instanceof StructTypeClass || t instanceof ArrayTypeClass || t instanceof MapTypeClass))
      throw mismatch(`to_json(${args[0].sql})`, `Parameter 1 requires the ("STRUCT" or "ARRAY" or "MAP") type, however "${args[0].sql}" has the type "${t.sql()}"`);
    return { kind: "fn", op: "to_json", args: [args[0]], params: { options: (args[1] as any)?.value ?? {} }, dataType: STRING, nullable: true, sql: `to_json(${args[0].sql})` };
  },
};

// Casts written as functions: `int(s)`, `bigint(s)`, `string(x)` … (Spark's cast aliases).
const CAST_FUNCTIONS: Record<string, DataType> = {
  boolean: BOOLEAN, tinyint: BYTE, smallint: SHORT, int: INTEGER, bigint: LONG, float: FLOAT, double: DOUBLE,
  string: STRING, binary: BINARY, date: DATE, timestamp: TIMESTAMP,
};
for (const [fn, to] of Object.entries(CAST_FUNCTIONS)) {
  SCALAR_FUNCTIONS[fn] = (args, name) => {
    requireArgs(name, args, 1);
    const child = args[0];
    return { kind: "fn", op: "cast", args: [child], params: { to }, dataType: to, nullable: child.nullable || castCanFail(child.dataType, to), sql: `CAST(${child.sql} AS ${to.sql()})` };
  };
}

function asNullable(t: DataType): DataType {
  if (t instanceof StructTypeClass) return new StructTypeClass(t.fields.map((f) => new StructFieldClass(f.name, asNullable(f.dataType), true)));
  if (t instanceof ArrayTypeClass) return new ArrayTypeClass(asNullable(t.elementType), true);
  if (t instanceof MapTypeClass) return new MapTypeClass(t.keyType, asNullable(t.valueType), true);
  return t;
}

export function numericArg(r: R, name: string): R {
  if (isNumeric(r.dataType)) return r;
  if (r.dataType === STRING || r.dataType === NULL) return implicitCast(r, DOUBLE);
  throw mismatch(`${name}(${r.sql})`, `Parameter 1 requires the "NUMERIC" type, however "${r.sql}" has the type "${r.dataType.sql()}"`);
}

function numericFn(op: string, args: R[], name: string, result: (t: DataType) => DataType): R {
  requireArgs(name, args, 1);
  const a = numericArg(args[0], name);
  return { kind: "fn", op, args: [a], dataType: result(a.dataType), nullable: a.nullable, sql: fnSql(name, args) };
}

/** The wider of two types for arithmetic and comparisons, as Spark's type coercion. */
export function widerType(a: DataType, b: DataType): DataType | undefined {
  if (a.equals(b)) return a;
  if (a === NULL) return b;
  if (b === NULL) return a;
  if (a instanceof DecimalTypeClass || b instanceof DecimalTypeClass) {
    const da = asDecimal(a), db = asDecimal(b);
    if (da && db) return widerDecimal(da, db);
    if (isNumeric(a) && isNumeric(b)) return DOUBLE;
  }
  if (isNumeric(a) && isNumeric(b)) {
    const order = ["byte", "short", "integer", "long", "float", "double"];
    return order.indexOf(a.typeName) >= order.indexOf(b.typeName) ? a : b;
  }
  if ((a === TIMESTAMP && b === DATE) || (a === DATE && b === TIMESTAMP)) return TIMESTAMP;
  if (a instanceof DayTimeIntervalTypeClass && b instanceof DayTimeIntervalTypeClass) return widerInterval(a, b);
  if (a instanceof YearMonthIntervalTypeClass && b instanceof YearMonthIntervalTypeClass) return widerInterval(a, b);
  if (a === STRING && (isNumeric(b) || b === BOOLEAN || b === TIMESTAMP || b === DATE)) return STRING;
  if (b === STRING && (isNumeric(a) || a === BOOLEAN || a === TIMESTAMP || a === DATE)) return STRING;
  if (a instanceof ArrayTypeClass && b instanceof ArrayTypeClass) {
    const e = widerType(a.elementType, b.elementType);
    return e ? new ArrayTypeClass(e, a.containsNull || b.containsNull) : undefined;
  }
  return undefined;
}

/**
 * The common type of a function's inputs; DATA_DIFF_TYPES when there is none, listing the types
 * as Spark's TypeUtils does (`("A" or "B")`), or as greatest/least do (`["A", "B"]`) with `asList`.
 */
export function commonType(types: DataType[], sql: string, asList = false): DataType {
  let t: DataType = NULL;
  for (const x of types) {
    const w = widerType(t, x);
    if (!w)
      throw new AnalysisException(
        `Cannot resolve "${sql}" due to data type mismatch: Input to \`${sql.split("(")[0]}\` should all be the same type, but it's ${asList ? `[${types.map((y) => `"${y.sql()}"`).join(", ")}]` : `(${types.map((y) => `"${y.sql()}"`).join(" or ")})`}.`,
        "DATATYPE_MISMATCH.DATA_DIFF_TYPES",
      );
    t = w;
  }
  return t === NULL ? STRING : t;
}

/** "10 minutes", "1 hour", "500 milliseconds", "2 seconds" → microseconds. */
export function parseIntervalUs(text: string): number {
  const units: Record<string, number> = {
    microsecond: 1, microseconds: 1, us: 1,
    millisecond: 1000, milliseconds: 1000, ms: 1000,
    second: 1e6, seconds: 1e6, sec: 1e6, secs: 1e6, s: 1e6,
    minute: 60e6, minutes: 60e6, min: 60e6, mins: 60e6, m: 60e6,
    hour: 3600e6, hours: 3600e6, h: 3600e6,
    day: 86400e6, days: 86400e6, d: 86400e6,
    week: 7 * 86400e6, weeks: 7 * 86400e6,
  };
  let rest = text.trim().replace(/^interval\s+/i, "");
  if (!rest) throw new AnalysisException(`The interval string '${text}' is invalid.`);
  let total = 0;
  while (rest) {
    const m = /^(-?\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*/.exec(rest);
    if (!m || units[m[2].toLowerCase()] === undefined)
      throw new AnalysisException(`Error parsing '${text}' to interval, unrecognized number '${rest.split(/\s+/)[0]}'`, "INVALID_INTERVAL_FORMAT.UNRECOGNIZED_NUMBER");
    total += Number(m[1]) * units[m[2].toLowerCase()];
    rest = rest.slice(m[0].length);
  }
  return Math.round(total);
}

// --- aggregates -------------------------------------------------------------------------------

/**
 * Aggregate buffers and shuffle hashing work on JS numbers; a long beyond 2^53 (carried as a
 * bigint) enters them as the nearest double.
 */
export function asAggregateNumber(r: R): R {
  if (r.dataType !== LONG) return r;
  return { kind: "fn", op: "long_as_number", args: [r], dataType: LONG, nullable: r.nullable, sql: r.sql };
}

export interface AggTyping {
  op: string;
  args: R[];
  params?: any;
  dataType: DataType;
  nullable: boolean;
  sql: string;
}

/**
 * The typer of a scalar function: its definition in the registry (src/functions/), or, for the
 * families not moved there yet, its entry in SCALAR_FUNCTIONS.
 */
export function scalarTyper(name: string): ScalarTyper | undefined {
  const def = registeredFunction(name);
  return def ? (args, called) => def.type(args, called, { widerType }) : SCALAR_FUNCTIONS[name];
}

export const AGGREGATE_FUNCTIONS: Record<string, (args: R[], distinct: boolean, name: string) => AggTyping> = {
  count: (args, distinct) => {
    if (!args.length) throw new AnalysisException("The `count` requires at least 1 parameters but the actual number is 0.", "WRONG_NUM_ARGS.WITHOUT_SUGGESTION");
    return { op: "count", args, dataType: LONG, nullable: false, sql: `count(${distinct ? "DISTINCT " : ""}${args.map((a) => a.sql).join(", ")})` };
  },
  sum: (args, distinct, name) => {
    requireArgs(name, args, 1);
    const a = args[0];
    let input = a;
    let dt: DataType;
    if (isIntegral(a.dataType)) { dt = LONG; input = a; } // exact, wrapping at 64 bits (see sum_long)
    else if (a.dataType instanceof DayTimeIntervalTypeClass || a.dataType instanceof YearMonthIntervalTypeClass) dt = a.dataType; // microseconds or months, summed exactly
    else if (a.dataType === DOUBLE || a.dataType === /* float */ DOUBLE) dt = DOUBLE;
    else if (isNumeric(a.dataType)) dt = DOUBLE;
    else if (a.dataType === STRING || a.dataType === NULL) { input = implicitCast(a, DOUBLE); dt = DOUBLE; }
    else throw mismatch(`sum(${a.sql})`, `Parameter 1 requires the ("NUMERIC" or "ANSI INTERVAL") type, however "${a.sql}" has the type "${a.dataType.sql()}"`);
    return { op: dt === LONG || dt !== DOUBLE ? "sum_long" : "sum_double", args: [input], dataType: dt, nullable: true, sql: `sum(${distinct ? "DISTINCT " : ""}${a.sql})` };
  },
  avg: (args, distinct, name) => {
    requireArgs(name, args, 1);
    const a = args[0];
    if (!(isNumeric(a.dataType) || a.dataType === STRING || a.dataType === NULL))
      throw mismatch(`avg(${a.sql})`, `Parameter 1 requires the ("NUMERIC" or "ANSI INTERVAL") type, however "${a.sql}" has the type "${a.dataType.sql()}"`);
    return { op: "avg", args: [implicitCast(a, DOUBLE)], dataType: DOUBLE, nullable: true, sql: `avg(${distinct ? "DISTINCT " : ""}${a.sql})` };
  },
  min: (args, _d, name) => { requireArgs(name, args, 1); requireOrderable("min", args[0]); return { op: "min", args, dataType: args[0].dataType, nullable: true, sql: `min(${args[0].sql})` }; },
  max: (args, _d, name) => { requireArgs(name, args, 1); requireOrderable("max", args[0]); return { op: "max", args, dataType: args[0].dataType, nullable: true, sql: `max(${args[0].sql})` }; },
  first: (args, _d, name) => {
    requireArgs(name, args, 1, 2);
    const ignoreNulls = args[1] ? Boolean(litValue(args[1], "ignoreNulls")) : false;
    return { op: "first", args: [args[0]], params: { ignoreNulls }, dataType: args[0].dataType, nullable: true, sql: `first(${args[0].sql})` };
  },
  last: (args, _d, name) => {
    requireArgs(name, args, 1, 2);
    const ignoreNulls = args[1] ? Boolean(litValue(args[1], "ignoreNulls")) : false;
    return { op: "last", args: [args[0]], params: { ignoreNulls }, dataType: args[0].dataType, nullable: true, sql: `last(${args[0].sql})` };
  },
  collect_list: (args, distinct, name) => { requireArgs(name, args, 1); return { op: "collect_list", args, dataType: new ArrayTypeClass(args[0].dataType, false), nullable: false, sql: `collect_list(${distinct ? "DISTINCT " : ""}${args[0].sql})` }; },
  collect_set: (args, _d, name) => { requireArgs(name, args, 1); return { op: "collect_set", args, params: { typeName: args[0].dataType.typeName }, dataType: new ArrayTypeClass(args[0].dataType, false), nullable: false, sql: `collect_set(${args[0].sql})` }; },
  approx_count_distinct: (args, _d, name) => {
    requireArgs(name, args, 1, 2);
    const rsd = args[1] ? Number(litValue(args[1], "relativeSD")) : 0.05;
    const p = Math.ceil((2.0 * Math.log(1.106 / rsd)) / Math.log(2.0));
    if (!(p >= 4)) throw new IllegalArgument("requirement failed: HLL++ requires at least 4 bits for addressing. Use a lower error, at most 39%.");
    return { op: "approx_count_distinct", args: [asAggregateNumber(args[0])], params: { rsd, typeName: args[0].dataType.typeName, dataType: args[0].dataType }, dataType: LONG, nullable: false, sql: `approx_count_distinct(${args[0].sql})` };
  },
};
AGGREGATE_FUNCTIONS.mean = AGGREGATE_FUNCTIONS.avg;
// array_agg is collect_list, named so in its column (Spark 3.5).
AGGREGATE_FUNCTIONS.array_agg = AGGREGATE_FUNCTIONS.collect_list;
AGGREGATE_FUNCTIONS.approx_count_distinct_ = AGGREGATE_FUNCTIONS.approx_count_distinct;

class IllegalArgument extends AnalysisException {}
