/**
 * More of Spark's SQL functions (strings, arrays, hashes, dates, JSON, conditionals, math):
 * their argument typing and result types, registered into SCALAR_FUNCTIONS. The evaluators
 * with the same `op` names live in execution/functions-more.ts.
 */
import { AnalysisException } from "../errors";
import {
  ArrayTypeClass, BINARY, BOOLEAN, DATE, DOUBLE, DataType, INTEGER, LONG, MapTypeClass, NULL, STRING, StructFieldClass, StructTypeClass, TIMESTAMP,
  isIntegral, isNumeric,
} from "../types/data-types";
import { JsonFloat, readJson } from "../values/json";
import { Resolved } from "../plan/resolved";
import { SCALAR_FUNCTIONS, ScalarTyper, commonType, litValue, stringArg } from "./function-catalog";
import { WRONG_NUM_ARGS_HINT, anyNull, fnSql, implicitCast, mismatch, requireArgs } from "../functions/typing";

type R = Resolved;

export const lit = (value: unknown, dataType: DataType, sql = String(value)): R => ({ kind: "lit", value, dataType, nullable: value === null, sql });
export const fn = (op: string, args: R[], dataType: DataType, nullable: boolean, sql: string, params?: unknown): R =>
  ({ kind: "fn", op, args, params, dataType, nullable, sql } as R);

export function typeError(call: string, i: number, expected: string, r: R): AnalysisException {
  return mismatch(call, `Parameter ${i + 1} requires the ${expected} type, however "${r.sql}" has the type "${r.dataType.sql()}"`);
}

function intArg(r: R, call: string, i: number): R {
  if (isIntegral(r.dataType) || r.dataType === NULL || r.dataType === STRING) return implicitCast(r, INTEGER);
  throw typeError(call, i, '"INT"', r);
}

function arrayArg(r: R, call: string, i = 0): ArrayTypeClass {
  if (r.dataType instanceof ArrayTypeClass) return r.dataType;
  throw typeError(call, i, '"ARRAY"', r);
}

function binaryArg(r: R): R {
  return r.dataType === BINARY ? r : implicitCast(r, r.dataType === STRING || r.dataType === NULL ? BINARY : BINARY);
}

const dateArg = (r: R): R => (r.dataType === DATE ? r : implicitCast(r, DATE));
const tsArg = (r: R): R => (r.dataType === TIMESTAMP ? r : implicitCast(r, TIMESTAMP));
const doubleArg = (r: R): R => implicitCast(r, DOUBLE);

/** A function of string arguments with a string result. */
const strings = (op: string, min: number, max: number, result: DataType = STRING, types?: Array<"str" | "int">) =>
  (args: R[], name: string): R => {
    requireArgs(name, args, min, max);
    const call = fnSql(name, args);
    const a = args.map((x, i) => (types?.[i] === "int" ? intArg(x, call, i) : stringArg(x, name, i, call)));
    return fn(op, a, result, anyNull(a), call);
  };

/** How Spark shows a lambda variable in a column name. */
const L = "namedlambdavariable()";

const MORE: Record<string, ScalarTyper> = {
  // --- strings -----------------------------------------------------------------------------
  substring_index: strings("substring_index", 3, 3, STRING, ["str", "str", "int"]),
  lpad: (args, name) => padTyper("lpad", args, name),
  rpad: (args, name) => padTyper("rpad", args, name),
  initcap: strings("initcap", 1, 1),
  hex: (args, name) => {
    requireArgs(name, args, 1);
    const t = args[0].dataType;
    const a = isIntegral(t) ? implicitCast(args[0], LONG) : t === BINARY ? args[0] : stringArg(args[0], name, 0, fnSql(name, args));
    return fn("hex", [a], STRING, a.nullable, fnSql(name, args));
  },
  unhex: (args, name) => {
    requireArgs(name, args, 1);
    const a = stringArg(args[0], name, 0, fnSql(name, args));
    return fn("unhex", [a], BINARY, true, fnSql(name, args));
  },
  reverse: (args, name) => {
    requireArgs(name, args, 1);
    if (args[0].dataType instanceof ArrayTypeClass) return fn("array_reverse", args, args[0].dataType, args[0].nullable, fnSql(name, args));
    const a = stringArg(args[0], name, 0, fnSql(name, args));
    return fn("reverse", [a], STRING, a.nullable, fnSql(name, args));
  },
  repeat: strings("repeat", 2, 2, STRING, ["str", "int"]),
  instr: strings("instr", 2, 2, INTEGER),
  locate: (args, name) => {
    requireArgs(name, args, 2, 3);
    const call = fnSql(name, args.length === 2 ? [...args, lit(1, INTEGER)] : args);
    const a = [stringArg(args[0], name, 0, call), stringArg(args[1], name, 1, call), args[2] ? intArg(args[2], call, 2) : lit(1, INTEGER)];
    return fn("locate", a, INTEGER, anyNull(a.slice(0, 2)), call);
  },
  position: (args, name) => MORE.locate(args, name),
  translate: strings("translate", 3, 3),
  ascii: strings("ascii", 1, 1, INTEGER),
  left: strings("left", 2, 2, STRING, ["str", "int"]),
  right: strings("right", 2, 2, STRING, ["str", "int"]),
  base64: (args, name) => {
    requireArgs(name, args, 1);
    const a = binaryArg(args[0]);
    return fn("base64", [a], STRING, a.nullable, fnSql(name, args));
  },
  unbase64: (args, name) => {
    requireArgs(name, args, 1);
    const a = stringArg(args[0], name, 0, fnSql(name, args));
    return fn("unbase64", [a], BINARY, a.nullable, fnSql(name, args));
  },
  octet_length: (args, name) => {
    requireArgs(name, args, 1);
    const a = args[0].dataType === BINARY ? args[0] : stringArg(args[0], name, 0, fnSql(name, args));
    return fn("octet_length", [a], INTEGER, a.nullable, fnSql(name, args));
  },
  bit_length: (args, name) => ({ ...(MORE.octet_length(args, name) as R & { kind: "fn" }), op: "bit_length" } as R),
  format_string: (args, name) => {
    requireArgs(name, args, 1, Infinity);
    const a = [stringArg(args[0], name, 0, fnSql(name, args)), ...args.slice(1)];
    return fn("format_string", a, STRING, a[0].nullable, fnSql(name, args));
  },
  printf: (args, name) => MORE.format_string(args, name),

  // --- arrays ------------------------------------------------------------------------------
  sort_array: (args, name) => {
    requireArgs(name, args, 1, 2);
    const shown = args.length === 1 ? [args[0], lit(true, BOOLEAN)] : args;
    arrayArg(args[0], fnSql(name, shown));
    const asc = args[1] ? Boolean(litValue(args[1], "sort order")) : true;
    return fn("sort_array", [args[0]], args[0].dataType, args[0].nullable, fnSql(name, shown), { asc, nullsFirst: asc });
  },
  array_sort: (args, name) => {
    requireArgs(name, args, 1);
    arrayArg(args[0], fnSql(name, args));
    return fn("sort_array", [args[0]], args[0].dataType, args[0].nullable, `array_sort(${args[0].sql}, lambdafunction((IF(((${L} IS NULL) AND (${L} IS NULL)), 0, (IF((${L} IS NULL), 1, (IF((${L} IS NULL), -1, (IF((${L} < ${L}), -1, (IF((${L} > ${L}), 1, 0)))))))))), ${L}, ${L}))`, { asc: true, nullsFirst: false });
  },
  array_join: (args, name) => {
    requireArgs(name, args, 2, 3);
    const call = fnSql(name, args);
    if (!(args[0].dataType instanceof ArrayTypeClass)) throw typeError(call, 0, '"ARRAY<STRING>"', args[0]);
    const at = arrayArg(args[0], call);
    const arr = at.elementType === STRING ? args[0] : implicitCast(args[0], new ArrayTypeClass(STRING, at.containsNull));
    const a = [arr, stringArg(args[1], name, 1, call), ...(args[2] ? [stringArg(args[2], name, 2, call)] : [])];
    return fn("array_join", a, STRING, anyNull(a), call);
  },
  element_at: (args, name) => {
    requireArgs(name, args, 2);
    const call = fnSql(name, args);
    const t = args[0].dataType;
    if (t instanceof MapTypeClass) return fn("map_element_at", [args[0], implicitCast(args[1], t.keyType)], t.valueType, true, call);
    if (!(t instanceof ArrayTypeClass)) throw typeError(call, 0, '("ARRAY" or "MAP")', args[0]);
    const at = arrayArg(args[0], call);
    return fn("element_at", [args[0], intArg(args[1], call, 1)], at.elementType, true, call);
  },
  array_distinct: (args, name) => arrayFn("array_distinct", args, name),
  array_max: (args, name) => { requireArgs(name, args, 1); const at = arrayArg(args[0], fnSql(name, args)); return fn("array_max", args, at.elementType, true, fnSql(name, args)); },
  array_min: (args, name) => { requireArgs(name, args, 1); const at = arrayArg(args[0], fnSql(name, args)); return fn("array_min", args, at.elementType, true, fnSql(name, args)); },
  flatten: (args, name) => {
    requireArgs(name, args, 1);
    const call = fnSql(name, args);
    const at = arrayArg(args[0], call);
    if (!(at.elementType instanceof ArrayTypeClass))
      throw mismatch(call, `Parameter 1 requires the "ARRAY" of "ARRAY" type, however "${args[0].sql}" has the type "${at.sql()}"`);
    return fn("flatten", args, at.elementType, args[0].nullable || at.containsNull, call);
  },
  slice: (args, name) => {
    requireArgs(name, args, 3);
    const call = fnSql(name, args);
    arrayArg(args[0], call);
    const a = [args[0], intArg(args[1], call, 1), intArg(args[2], call, 2)];
    return fn("slice", a, args[0].dataType, anyNull(a), call);
  },
  array_position: (args, name) => {
    requireArgs(name, args, 2);
    const at = arrayArg(args[0], fnSql(name, args));
    return fn("array_position", [args[0], implicitCast(args[1], at.elementType)], LONG, anyNull(args), fnSql(name, args));
  },
  array_remove: (args, name) => {
    requireArgs(name, args, 2);
    const at = arrayArg(args[0], fnSql(name, args));
    return fn("array_remove", [args[0], implicitCast(args[1], at.elementType)], at, anyNull(args), fnSql(name, args));
  },
  array_union: (args, name) => setFn("array_union", args, name),
  array_intersect: (args, name) => {
    const r = setFn("array_intersect", args, name) as R & { kind: "fn" };
    const [x, y] = args.map((a) => a.dataType as ArrayTypeClass);
    return { ...r, dataType: new ArrayTypeClass(x.elementType, x.containsNull && y.containsNull) };
  },
  array_except: (args, name) => setFn("array_except", args, name),
  arrays_overlap: (args, name) => {
    const r = setFn("arrays_overlap", args, name) as R & { kind: "fn" };
    return { ...r, dataType: BOOLEAN, nullable: true };
  },
  sequence: (args, name) => {
    requireArgs(name, args, 2, 3);
    const t = commonType(args.map((a) => a.dataType), fnSql(name, args));
    if (!isIntegral(t)) throw typeError(fnSql(name, args), 0, '"INTEGRAL"', args[0]);
    const a = args.map((x) => implicitCast(x, t));
    return fn("sequence", a, new ArrayTypeClass(t, false), anyNull(a), fnSql(name, args));
  },
  cardinality: (args, name) => ({ ...(SCALAR_FUNCTIONS.size(args, name) as R & { kind: "fn" }), sql: fnSql(name, args) } as R),

  // --- hashes ------------------------------------------------------------------------------
  hash: (args, name) => {
    requireArgs(name, args, 1, Infinity);
    return fn("hash", args, INTEGER, false, fnSql(name, args), { types: args.map((a) => a.dataType) });
  },
  xxhash64: (args, name) => {
    requireArgs(name, args, 1, Infinity);
    return fn("xxhash64", args, LONG, false, fnSql(name, args), { types: args.map((a) => a.dataType) });
  },
  md5: (args, name) => digestFn("md5", args, name),
  sha1: (args, name) => digestFn("sha1", args, name),
  sha: (args, name) => digestFn("sha1", args, name),
  crc32: (args, name) => { requireArgs(name, args, 1); const a = binaryArg(args[0]); return fn("crc32", [a], LONG, a.nullable, fnSql(name, args)); },
  sha2: (args, name) => {
    requireArgs(name, args, 2);
    const a = [binaryArg(args[0]), intArg(args[1], fnSql(name, args), 1)];
    return fn("sha2", a, STRING, true, fnSql(name, args));
  },

  // --- dates and times ---------------------------------------------------------------------
  to_date: (args, name) => {
    requireArgs(name, args, 1, 2);
    if (args.length === 1) { const a = dateArg(args[0]); return fn("identity", [a], DATE, a.nullable, fnSql(name, args)); }
    const a = [stringArg(args[0], name, 0, fnSql(name, args))];
    return fn("to_date_fmt", a, DATE, true, fnSql(name, args), { fmt: String(litValue(args[1], "format")) });
  },
  date_add: (args, name) => dateArith("date_add", args, name),
  date_sub: (args, name) => dateArith("date_sub", args, name),
  dateadd: (args) => dateArith("date_add", args, "date_add"),
  add_months: (args, name) => dateArith("add_months", args, name),
  datediff: (args, name) => {
    requireArgs(name, args, 2);
    const a = args.map(dateArg);
    return fn("datediff", a, INTEGER, anyNull(a), fnSql(name, args));
  },
  last_day: (args, name) => { requireArgs(name, args, 1); const a = dateArg(args[0]); return fn("last_day", [a], DATE, a.nullable, fnSql(name, args)); },
  unix_timestamp: (args, name) => {
    requireArgs(name, args, 0, 2);
    const fmt = args[1] ? String(litValue(args[1], "format")) : "yyyy-MM-dd HH:mm:ss";
    const shown = fnSql(name, args.length === 0 ? [lit("current_timestamp()", STRING), lit(fmt, STRING)] : args.length === 1 ? [args[0], lit(fmt, STRING)] : args);
    if (!args.length) return fn("unix_seconds_now", [], LONG, false, shown);
    const a = args[0].dataType === STRING ? args[0] : tsArg(args[0]);
    return fn("unix_timestamp", [a], LONG, true, shown, { fmt });
  },
  from_unixtime: (args, name) => {
    requireArgs(name, args, 1, 2);
    const fmt = args[1] ? String(litValue(args[1], "format")) : "yyyy-MM-dd HH:mm:ss";
    const a = implicitCast(args[0], LONG);
    return fn("from_unixtime", [a], STRING, true, fnSql(name, args.length === 1 ? [args[0], lit(fmt, STRING)] : args), { fmt });
  },
  trunc: (args, name) => {
    requireArgs(name, args, 2);
    const a = [dateArg(args[0])];
    return fn("trunc", a, DATE, true, fnSql(name, args), { unit: String(litValue(args[1], "format")).toUpperCase() });
  },
  date_trunc: (args, name) => {
    requireArgs(name, args, 2);
    const a = [tsArg(args[1])];
    return fn("date_trunc", a, TIMESTAMP, true, fnSql(name, args), { unit: String(litValue(args[0], "format")).toUpperCase() });
  },

  // --- JSON --------------------------------------------------------------------------------
  get_json_object: strings("get_json_object", 2, 2),
  schema_of_json: (args, name) => {
    requireArgs(name, args, 1, 2);
    const text = args[0].kind === "lit" ? args[0].value : undefined;
    if (typeof text !== "string")
      throw mismatch(fnSql(name, args), `the input json should be a foldable "STRING" expression; however, got ${args[0].sql}`);
    const r = readJson(text);
    return lit(r.ok ? sqlOfType(inferJsonType(r.value)) : "STRING", STRING, fnSql(name, args));
  },
  typeof: (args, name) => {
    requireArgs(name, args, 1);
    return lit(args[0].dataType.simpleString(), STRING, fnSql(name, args));
  },

  // --- conditionals ------------------------------------------------------------------------
  nvl: (args, name) => ({ ...(SCALAR_FUNCTIONS.coalesce(args, name) as R), sql: fnSql(name, args) } as R),
  ifnull: (args, name) => ({ ...(SCALAR_FUNCTIONS.coalesce(args, name) as R), sql: fnSql(name, args) } as R),
  nullif: (args, name) => {
    requireArgs(name, args, 2);
    const t = commonType(args.map((a) => a.dataType), fnSql(name, args));
    return fn("nullif", args.map((a) => implicitCast(a, t)), args[0].dataType, true, fnSql(name, args));
  },
  nvl2: (args, name) => {
    requireArgs(name, args, 3);
    const t = commonType([args[1].dataType, args[2].dataType], fnSql(name, args));
    const a = [args[0], implicitCast(args[1], t), implicitCast(args[2], t)];
    return fn("nvl2", a, t, a[1].nullable || a[2].nullable, fnSql(name, args));
  },
  if: (args, name) => {
    requireArgs(name, args, 3);
    const t = commonType([args[1].dataType, args[2].dataType], fnSql(name, args));
    const a = [implicitCast(args[0], BOOLEAN), implicitCast(args[1], t), implicitCast(args[2], t)];
    return fn("if", a, t, a[1].nullable || a[2].nullable, `(IF(${args.map((x) => x.sql).join(", ")}))`);
  },
  greatest: (args, name) => extremum("greatest", args, name),
  least: (args, name) => extremum("least", args, name),

  // --- math --------------------------------------------------------------------------------
  pow: (args, name) => doubles("pow", args, name, 2, "pow"),
  power: (args, name) => doubles("pow", args, name, 2, "POWER"),
  ln: (args, name) => doubles("ln", args, name, 1, "ln"),
  log: (args, name) => (args.length === 1 ? doubles("log", [lit(Math.E, DOUBLE, "E()"), ...args], name, 2, "LOG") : doubles("log", args, name, 2, "LOG")),
  signum: (args, name) => doubles("signum", args, name, 1, "SIGNUM"),
  sign: (args, name) => doubles("signum", args, name, 1, "sign"),
  pi: (args) => lit(Math.PI, DOUBLE, "PI()"),
  e: () => lit(Math.E, DOUBLE, "E()"),
  pmod: (args, name) => {
    requireArgs(name, args, 2);
    const t = commonType(args.map((a) => a.dataType), fnSql(name, args));
    const a = args.map((x) => implicitCast(x, t));
    return fn("pmod", a, t, true, fnSql(name, args));
  },
  mod: (args, name) => {
    requireArgs(name, args, 2);
    const t = commonType(args.map((a) => a.dataType), fnSql(name, args));
    return fn("remainder", args.map((x) => implicitCast(x, t)), t, true, fnSql(name, args));
  },
  bround: (args, name) => {
    requireArgs(name, args, 1, 2);
    const scale = args[1] ? Number(litValue(args[1], "scale")) : 0;
    const shown = args[1] ? args : [args[0], lit(0, INTEGER)];
    const a = isNumeric(args[0].dataType) ? args[0] : implicitCast(args[0], DOUBLE);
    return fn("bround", [a], a.dataType, a.nullable, fnSql(name, shown), { scale });
  },
  factorial: (args, name) => {
    requireArgs(name, args, 1);
    const a = intArg(args[0], fnSql(name, args), 0);
    return fn("factorial", [a], LONG, true, fnSql(name, args));
  },
  negative: (args, name) => { requireArgs(name, args, 1); return fn("negate", args, args[0].dataType, args[0].nullable, `negative(${args[0].sql})`); },
  positive: (args, name) => { requireArgs(name, args, 1); return fn("identity", args, args[0].dataType, args[0].nullable, `(+ ${args[0].sql})`); },
  months_between: (args, name) => {
    requireArgs(name, args, 2, 3);
    const roundOff = args[2] ? Boolean(litValue(args[2], "roundOff")) : true;
    const a = [tsArg(args[0]), tsArg(args[1])];
    return fn("months_between", a, DOUBLE, anyNull(a), fnSql(name, args[2] ? args : [...args, lit(true, BOOLEAN)]), { roundOff });
  },
};

/** The type schema_of_json infers for a JSON value: Spark's JsonInferSchema (fields sorted by name). */
function inferJsonType(v: unknown): DataType {
  if (v === null || v === undefined) return STRING;
  if (typeof v === "boolean") return BOOLEAN;
  if (typeof v === "number" || typeof v === "bigint") return LONG;
  if (v instanceof JsonFloat) return DOUBLE;
  if (typeof v === "string") return STRING;
  if (Array.isArray(v)) {
    let el: DataType | undefined;
    for (const x of v) { if (x === null) continue; const t = inferJsonType(x); el = el === undefined ? t : mergeJsonTypes(el, t); }
    return new ArrayTypeClass(el ?? STRING, true);
  }
  if (v instanceof Map) {
    const names = [...v.keys()].sort();
    return new StructTypeClass(names.map((k) => new StructFieldClass(k, inferJsonType(v.get(k)), true)));
  }
  return STRING;
}

function mergeJsonTypes(a: DataType, b: DataType): DataType {
  if (a.equals(b)) return a;
  if ((a === LONG && b === DOUBLE) || (a === DOUBLE && b === LONG)) return DOUBLE;
  if (a instanceof StructTypeClass && b instanceof StructTypeClass) {
    const names = [...new Set([...a.fields.map((f) => f.name), ...b.fields.map((f) => f.name)])].sort();
    return new StructTypeClass(names.map((n) => {
      const x = a.fields.find((f) => f.name === n)?.dataType, y = b.fields.find((f) => f.name === n)?.dataType;
      return new StructFieldClass(n, x && y ? mergeJsonTypes(x, y) : (x ?? y)!, true);
    }));
  }
  if (a instanceof ArrayTypeClass && b instanceof ArrayTypeClass) return new ArrayTypeClass(mergeJsonTypes(a.elementType, b.elementType), true);
  return STRING;
}

/** A type as Spark's DataType.sql: `STRUCT<a: BIGINT, b: ARRAY<STRING>>`. */
function sqlOfType(t: DataType): string {
  if (t instanceof StructTypeClass) return `STRUCT<${t.fields.map((f) => `${/^[A-Za-z_][A-Za-z0-9_]*$/.test(f.name) ? f.name : "`" + f.name.replace(/`/g, "``") + "`"}: ${sqlOfType(f.dataType)}`).join(", ")}>`;
  if (t instanceof ArrayTypeClass) return `ARRAY<${sqlOfType(t.elementType)}>`;
  if (t instanceof MapTypeClass) return `MAP<${sqlOfType(t.keyType)}, ${sqlOfType(t.valueType)}>`;
  return t.sql();
}

function padTyper(op: string, args: R[], name: string): R {
  requireArgs(name, args, 2, 3);
  const shown = args.length === 2 ? [...args, lit(" ", STRING, " ")] : args;
  const call = fnSql(name, shown);
  // Binary padded with binary stays bytes (Spark's BinaryPad).
  if (args[0].dataType === BINARY && args[2]?.dataType === BINARY) {
    const b = [args[0], intArg(args[1], call, 1), args[2]];
    return fn(`${op}_binary`, b, BINARY, anyNull(b), call);
  }
  const a = [stringArg(args[0], name, 0, call), intArg(args[1], call, 1), args[2] ? stringArg(args[2], name, 2, call) : lit(" ", STRING)];
  return fn(op, a, STRING, anyNull(a), call);
}

function arrayFn(op: string, args: R[], name: string): R {
  requireArgs(name, args, 1);
  arrayArg(args[0], fnSql(name, args));
  return fn(op, args, args[0].dataType, args[0].nullable, fnSql(name, args));
}

function setFn(op: string, args: R[], name: string): R {
  requireArgs(name, args, 2);
  const call = fnSql(name, args);
  arrayArg(args[0], call);
  arrayArg(args[1], call, 1);
  const t = commonType(args.map((a) => a.dataType), call) as ArrayTypeClass;
  const a = args.map((x) => implicitCast(x, t));
  return fn(op, a, t, anyNull(a), call);
}

function digestFn(op: string, args: R[], name: string): R {
  requireArgs(name, args, 1);
  const a = binaryArg(args[0]);
  return fn(op, [a], STRING, a.nullable, fnSql(name, args));
}

/** An integer field of a timestamp (hour …) or a date (year …), the argument cast to that type. */
function field(op: string, args: R[], name: string, cast: (r: R) => R): R {
  requireArgs(name, args, 1);
  const a = cast(args[0]);
  return fn(op, [a], INTEGER, a.nullable, fnSql(name, args));
}
const tsField = (op: string, args: R[], name: string): R => field(op, args, name, tsArg);
const dateField = (op: string, args: R[], name: string): R => field(op, args, name, dateArg);

function dateArith(op: string, args: R[], name: string): R {
  requireArgs(name, args, 2);
  const call = fnSql(name, args);
  // A string literal for the days must be an integer (Spark casts it while analysing).
  if (op !== "add_months" && args[1].kind === "lit" && typeof args[1].value === "string" && !/^\s*[-+]?\d+\s*$/.test(args[1].value))
    throw new AnalysisException(`The second argument of ${name} function needs to be an integer.`, "SECOND_FUNCTION_ARGUMENT_NOT_INTEGER");
  const a = [dateArg(args[0]), intArg(args[1], call, 1)];
  return fn(op, a, DATE, anyNull(a), call);
}

function extremum(op: string, args: R[], name: string): R {
  if (args.length < 2)
    throw new AnalysisException(`The \`${name}\` requires > 1 parameters but the actual number is ${args.length}.${WRONG_NUM_ARGS_HINT}`, "WRONG_NUM_ARGS.WITHOUT_SUGGESTION");
  const t = commonType(args.map((a) => a.dataType), fnSql(name, args), true);
  const a = args.map((x) => implicitCast(x, t));
  return fn(op, a, t, a.every((x) => x.nullable), fnSql(name, args));
}

function doubles(op: string, args: R[], name: string, n: number, shownName: string): R {
  requireArgs(name, args, n);
  const a = args.map((x) => {
    if (!(isNumeric(x.dataType) || x.dataType === STRING || x.dataType === NULL))
      throw typeError(fnSql(name, args), args.indexOf(x), '"DOUBLE"', x);
    return doubleArg(x);
  });
  return fn(op, a, DOUBLE, true, `${shownName}(${args.map((x) => x.sql).join(", ")})`);
}

// Integer fields of timestamps and dates: hour(ts), year(d) …
for (const f of ["hour", "minute", "second"]) MORE[f] = (args, name) => tsField(f, args, name);
for (const [f, op] of Object.entries({ year: "year", month: "month", day: "dayofmonth", dayofmonth: "dayofmonth", dayofweek: "dayofweek", weekday: "weekday", dayofyear: "dayofyear", quarter: "quarter", weekofyear: "weekofyear" }))
  MORE[f] = (args, name) => dateField(op, args, name);

Object.assign(SCALAR_FUNCTIONS, MORE);

