/**
 * Spark's map functions (map/create_map, map_keys, map_values, map_entries, map_from_arrays,
 * map_from_entries, map_concat, map_contains_key, str_to_map) and window_time: argument typing
 * and result types, registered into SCALAR_FUNCTIONS. Evaluators: execution/functions-maps.ts.
 */
import { AnalysisException } from "../errors";
import { ArrayTypeClass, BOOLEAN, DataType, MapTypeClass, NULL, STRING, StructFieldClass, StructTypeClass, TIMESTAMP } from "../types/data-types";
import { Resolved } from "../plan/resolved";
import { SCALAR_FUNCTIONS, ScalarTyper, commonType, stringArg } from "./function-catalog";
import { WRONG_NUM_ARGS_HINT, anyNull, fnSql, implicitCast, mismatch, requireArgs } from "../functions/typing";

type R = Resolved;

const fn = (op: string, args: R[], dataType: DataType, nullable: boolean, sql: string): R => ({ kind: "fn", op, args, dataType, nullable, sql });
const lit = (value: unknown, dataType: DataType): R => ({ kind: "lit", value, dataType, nullable: value === null, sql: String(value) });

function typeError(call: string, i: number, expected: string, r: R): AnalysisException {
  return mismatch(call, `Parameter ${i + 1} requires the ${expected} type, however "${r.sql}" has the type "${r.dataType.sql()}"`);
}

function mapArg(r: R, call: string, i = 0): MapTypeClass {
  if (r.dataType instanceof MapTypeClass) return r.dataType;
  throw typeError(call, i, '"MAP"', r);
}

function arrayArg(r: R, call: string, i: number): ArrayTypeClass {
  if (r.dataType instanceof ArrayTypeClass) return r.dataType;
  throw typeError(call, i, '"ARRAY"', r);
}

/** Spark's DATA_DIFF_TYPES as map()/map_concat() word it: `("A" or "B")`. */
function diffTypes(call: string, name: string, types: DataType[]): AnalysisException {
  return new AnalysisException(
    `Cannot resolve "${call}" due to data type mismatch: Input to \`${name}\` should all be the same type, but it's (${types.map((t) => `"${t.sql()}"`).join(" or ")}).`,
    "DATATYPE_MISMATCH.DATA_DIFF_TYPES",
  );
}

function common(types: DataType[], call: string, name: string): DataType {
  try {
    return commonType(types, call);
  } catch {
    throw diffTypes(call, name, types);
  }
}

const createMap: ScalarTyper = (args, name) => {
  const call = fnSql(name === "create_map" ? "map" : name, args);
  if (args.length % 2) {
    const e = new AnalysisException(`The \`map\` requires 2n (n > 0) parameters but the actual number is ${args.length}.${WRONG_NUM_ARGS_HINT}`, "WRONG_NUM_ARGS.WITHOUT_SUGGESTION");
    (e as { noOrigin?: boolean }).noOrigin = true;
    throw e;
  }
  const keys = args.filter((_, i) => i % 2 === 0), values = args.filter((_, i) => i % 2 === 1);
  if (!args.length) return fn("create_map", [], new MapTypeClass(NULL, NULL, false), false, call);
  const kt = common(keys.map((k) => k.dataType), call, "map");
  const vt = common(values.map((v) => v.dataType), call, "map");
  const a = args.map((x, i) => implicitCast(x, i % 2 ? vt : kt));
  return fn("create_map", a, new MapTypeClass(kt, vt, values.some((v) => v.nullable)), false, call);
};

const MAPS: Record<string, ScalarTyper> = {
  map: createMap,
  create_map: createMap,
  map_keys: (args, name) => {
    requireArgs(name, args, 1);
    const mt = mapArg(args[0], fnSql(name, args));
    return fn("map_keys", args, new ArrayTypeClass(mt.keyType, true), args[0].nullable, fnSql(name, args));
  },
  map_values: (args, name) => {
    requireArgs(name, args, 1);
    const mt = mapArg(args[0], fnSql(name, args));
    return fn("map_values", args, new ArrayTypeClass(mt.valueType, true), args[0].nullable, fnSql(name, args));
  },
  map_entries: (args, name) => {
    requireArgs(name, args, 1);
    const mt = mapArg(args[0], fnSql(name, args));
    const entry = new StructTypeClass([new StructFieldClass("key", mt.keyType, false), new StructFieldClass("value", mt.valueType, mt.valueContainsNull)]);
    return fn("map_entries", args, new ArrayTypeClass(entry, false), args[0].nullable, fnSql(name, args));
  },
  map_from_arrays: (args, name) => {
    requireArgs(name, args, 2);
    const call = fnSql(name, args);
    const kt = arrayArg(args[0], call, 0), vt = arrayArg(args[1], call, 1);
    return fn("map_from_arrays", args, new MapTypeClass(kt.elementType, vt.elementType, vt.containsNull), anyNull(args), call);
  },
  map_from_entries: (args, name) => {
    requireArgs(name, args, 1);
    const call = fnSql(name, args);
    const at = args[0].dataType;
    const st = at instanceof ArrayTypeClass ? at.elementType : undefined;
    if (!(st instanceof StructTypeClass) || st.fields.length !== 2)
      throw typeError(call, 0, '"ARRAY" of pair "STRUCT"', args[0]);
    const [k, v] = st.fields;
    return fn("map_from_entries", args, new MapTypeClass(k.dataType, v.dataType, v.nullable), args[0].nullable || (at as ArrayTypeClass).containsNull, call);
  },
  map_concat: (args, name) => {
    const call = fnSql(name, args);
    if (!args.length) return fn("map_concat", [], new MapTypeClass(STRING, STRING, false), false, call);
    args.forEach((a, i) => mapArg(a, call, i));
    const types = args.map((a) => a.dataType as MapTypeClass);
    const kt = common(types.map((t) => t.keyType), call, name), vt = common(types.map((t) => t.valueType), call, name);
    const t = new MapTypeClass(kt, vt, types.some((x) => x.valueContainsNull));
    return fn("map_concat", args.map((a) => implicitCast(a, t)), t, anyNull(args), call);
  },
  map_contains_key: (args, name) => {
    requireArgs(name, args, 2);
    const mt = mapArg(args[0], fnSql(name, args));
    return fn("map_contains_key", [args[0], implicitCast(args[1], mt.keyType)], BOOLEAN, anyNull(args), fnSql(name, args));
  },
  str_to_map: (args, name) => {
    requireArgs(name, args, 1, 3);
    const shown = [args[0], args[1] ?? lit(",", STRING), args[2] ?? lit(":", STRING)];
    const call = fnSql(name, shown);
    const a = shown.map((x, i) => stringArg(x, name, i, call));
    return fn("str_to_map", a, new MapTypeClass(STRING, STRING, true), a[0].nullable, call);
  },
  /** The event time of a window: its end minus one microsecond. */
  window_time: (args, name) => {
    requireArgs(name, args, 1);
    const t = args[0].dataType;
    if (!(t instanceof StructTypeClass) || t.fields.length !== 2 || t.fields.some((f) => f.dataType !== TIMESTAMP))
      throw typeError(fnSql(name, args), 0, '"STRUCT<start: TIMESTAMP, end: TIMESTAMP>"', args[0]);
    return fn("window_time", args, TIMESTAMP, true, fnSql(name, args));
  },
};

Object.assign(SCALAR_FUNCTIONS, MAPS);
