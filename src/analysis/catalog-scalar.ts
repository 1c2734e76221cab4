/**
 * Scalar functions and SQL syntax of the scalar family (maths, bitwise operators, strings,
 * regular expressions, dates/time zones, null handling): their argument typing, result types,
 * nullability and column names as Spark 3.5 shows them, registered into SCALAR_FUNCTIONS.
 * Evaluators with the same `op` names: execution/functions-scalar.ts. The SQL syntax forms
 * (`a & b`, `~a`, TRIM(BOTH x FROM y), EXTRACT(f FROM x) …) arrive from the parser as calls of
 * names no identifier can spell (`&`, `trim both` …).
 */
import { AnalysisException } from "../errors";
import { BOOLEAN, DATE, DOUBLE, DataType, INTEGER, LONG, NULL, STRING, TIMESTAMP, isIntegral, isNumeric } from "../types/data-types";
import { Resolved } from "../plan/resolved";
import { fn, lit, typeError } from "./catalog-more";
import { SCALAR_FUNCTIONS, ScalarTyper, commonType, litValue, stringArg } from "./function-catalog";
import { anyNull, fnSql, implicitCast, mismatch, requireArgs } from "../functions/typing";

type R = Resolved;

const numeric = (r: R, call: string, i: number, to: DataType): R => {
  if (isNumeric(r.dataType) || r.dataType === STRING || r.dataType === NULL) return implicitCast(r, to);
  throw typeError(call, i, `"${to.sql()}"`, r);
};
const intArg = (r: R, call: string, i: number): R => numeric(r, call, i, INTEGER);
const dbl = (r: R, call: string, i: number): R => numeric(r, call, i, DOUBLE);
const dateArg = (r: R): R => implicitCast(r, DATE);
const tsArg = (r: R): R => implicitCast(r, TIMESTAMP);

/** An integral operand of a bitwise operator (Spark: "INTEGRAL" inputs, the wider type). */
function bitwise(op: string, sym: string) {
  return (args: R[]): R => {
    const call = `(${args[0].sql} ${sym} ${args[1].sql})`;
    // Spark first casts a string operand to DOUBLE, then wants two integral operands of one type.
    const types = args.map((a) => (a.dataType === STRING ? DOUBLE : a.dataType));
    if (types.some((t) => !isIntegral(t) && t !== NULL) && types[0] !== types[1] && !types.includes(NULL))
      throw new AnalysisException(`Cannot resolve "${call}" due to data type mismatch: the left and right operands of the binary operator have incompatible types ("${types[0].sql()}" and "${types[1].sql()}").`, "DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES");
    for (const t of types)
      if (!isIntegral(t) && t !== NULL)
        throw new AnalysisException(`Cannot resolve "${call}" due to data type mismatch: the binary operator requires the input type "INTEGRAL", not "${t.sql()}".`, "DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE");
    const t = commonType(args.map((a) => a.dataType), call);
    const a = args.map((x) => implicitCast(x, t));
    return fn(op, a, t, anyNull(a), call);
  };
}

const doubles = (op: string, n: number, shown: string): ScalarTyper => (args, name) => {
  requireArgs(name, args, n);
  const call = `${shown}(${args.map((x) => x.sql).join(", ")})`;
  const a = args.map((x, i) => dbl(x, call, i));
  return fn(op, a, DOUBLE, anyNull(a), call);
};

const strs = (op: string, min: number, max: number, result: DataType, kinds: Array<"s" | "i"> = [], nullable?: (a: R[]) => boolean): ScalarTyper =>
  (args, name) => {
    requireArgs(name, args, min, max);
    const call = fnSql(name, args);
    const a = args.map((x, i) => (kinds[i] === "i" ? intArg(x, call, i) : stringArg(x, name, i, call)));
    return fn(op, a, result, nullable ? nullable(a) : anyNull(a), call);
  };

function trimSyntax(mode: "BOTH" | "LEADING" | "TRAILING"): ScalarTyper {
  return (args) => {
    const [src, chars] = args;
    const a = [stringArg(src, "trim", 0, "trim"), chars ? stringArg(chars, "trim", 1, "trim") : lit(" ", STRING)];
    const op = mode === "BOTH" ? "btrim" : mode === "LEADING" ? "ltrim_chars" : "rtrim_chars";
    return fn(op, a, STRING, anyNull(a), `TRIM(${mode}${chars ? ` ${chars.sql}` : ""} FROM ${src.sql})`);
  };
}

/** EXTRACT(field FROM x) / date_part('field', x): the field names Spark knows, to a date or timestamp field. */
const FIELDS: Record<string, { op: string; ts?: boolean; type?: DataType }> = {
  YEAR: { op: "year" }, Y: { op: "year" }, YEARS: { op: "year" }, YR: { op: "year" }, YRS: { op: "year" },
  QUARTER: { op: "quarter" }, QTR: { op: "quarter" },
  MONTH: { op: "month" }, MON: { op: "month" }, MONS: { op: "month" }, MONTHS: { op: "month" },
  WEEK: { op: "weekofyear" }, W: { op: "weekofyear" }, WEEKS: { op: "weekofyear" },
  DAY: { op: "dayofmonth" }, D: { op: "dayofmonth" }, DAYS: { op: "dayofmonth" },
  DAYOFWEEK: { op: "dayofweek" }, DOW: { op: "dayofweek" }, DAYOFWEEK_ISO: { op: "dow_iso" }, DOW_ISO: { op: "dow_iso" },
  DOY: { op: "dayofyear" },
  HOUR: { op: "hour", ts: true }, H: { op: "hour", ts: true }, HOURS: { op: "hour", ts: true }, HR: { op: "hour", ts: true }, HRS: { op: "hour", ts: true },
  MINUTE: { op: "minute", ts: true }, M: { op: "minute", ts: true }, MIN: { op: "minute", ts: true }, MINS: { op: "minute", ts: true }, MINUTES: { op: "minute", ts: true },
};

function extractField(fieldName: string, src: R, sql: string): R {
  const f = FIELDS[fieldName.toUpperCase()];
  if (!f) throw new AnalysisException(`The value of parameter(s) \`field\` in \`${sql.startsWith("extract") ? "extract" : "date_part"}\` is invalid: ${fieldName}`, "INVALID_PARAMETER_VALUE.DATETIME_UNIT");
  const a = f.ts ? tsArg(src) : dateArg(src);
  return fn(f.op, [a], f.type ?? INTEGER, a.nullable, sql);
}

const TS_UNITS = new Set(["MICROSECOND", "MILLISECOND", "SECOND", "MINUTE", "HOUR", "DAY", "DAYOFYEAR", "WEEK", "MONTH", "QUARTER", "YEAR"]);
function unitOf(r: R, name: string): string {
  const u = String(litValue(r, "unit")).toUpperCase();
  if (!TS_UNITS.has(u)) throw new AnalysisException(`The value of parameter(s) \`unit\` in \`${name}\` is invalid: ${u}`, "INVALID_PARAMETER_VALUE.DATETIME_UNIT");
  return u;
}

const SCALAR: Record<string, ScalarTyper> = {
  // --- SQL operators -------------------------------------------------------------------------
  "&": bitwise("bit_and", "&"),
  "|": bitwise("bit_or", "|"),
  "^": bitwise("bit_xor", "^"),
  "~": (args) => {
    const call = `~${args[0].sql}`;
    if (!isIntegral(args[0].dataType) && args[0].dataType !== NULL)
      throw mismatch(call, `Parameter 1 requires the "INTEGRAL" type, however "${args[0].sql}" has the type "${args[0].dataType.sql()}"`);
    return fn("bit_not", args, args[0].dataType === NULL ? INTEGER : args[0].dataType, args[0].nullable, call);
  },
  "trim both": trimSyntax("BOTH"),
  "trim leading": trimSyntax("LEADING"),
  "trim trailing": trimSyntax("TRAILING"),
  extract: (args, name) => { requireArgs(name, args, 2); return SCALAR["extract from"](args, name); },
  "extract from": (args) => extractField(String(litValue(args[0], "field")), args[1], `extract(${String(litValue(args[0], "field"))} FROM ${args[1].sql})`),
  date_part: (args, name) => {
    requireArgs(name, args, 2);
    return extractField(String(litValue(args[0], "field")), args[1], fnSql(name, args));
  },
  ilike: (args, name) => {
    requireArgs(name, args, 2);
    const call = fnSql(name, args);
    const a = [stringArg(args[0], name, 0, call), stringArg(args[1], name, 1, call)];
    return fn("ilike", a, BOOLEAN, anyNull(a), call);
  },

  // --- maths ---------------------------------------------------------------------------------
  hypot: doubles("hypot", 2, "HYPOT"),
  atan2: doubles("atan2", 2, "ATAN2"),
  rint: doubles("rint", 1, "rint"),
  e: (args, name) => { requireArgs(name, args, 0); return lit(Math.E, DOUBLE, "E()"); },
  pi: (args, name) => { requireArgs(name, args, 0); return lit(Math.PI, DOUBLE, "PI()"); },
  conv: (args, name) => {
    requireArgs(name, args, 3);
    const call = fnSql(name, args);
    const a = [stringArg(args[0], name, 0, call), intArg(args[1], call, 1), intArg(args[2], call, 2)];
    return fn("conv", a, STRING, true, call);
  },
  bin: (args, name) => {
    requireArgs(name, args, 1);
    const a = numeric(args[0], fnSql(name, args), 0, LONG);
    return fn("bin", [a], STRING, a.nullable, fnSql(name, args));
  },
  shiftleft: (args, name) => shift("shiftleft", args, name),
  shiftright: (args, name) => shift("shiftright", args, name),
  shiftrightunsigned: (args, name) => shift("shiftrightunsigned", args, name),
  width_bucket: (args, name) => {
    requireArgs(name, args, 4);
    const call = fnSql(name, args);
    const a = [dbl(args[0], call, 0), dbl(args[1], call, 1), dbl(args[2], call, 2), numeric(args[3], call, 3, LONG)];
    return fn("width_bucket", a, LONG, true, call);
  },
  try_divide: (args, name) => {
    requireArgs(name, args, 2);
    const call = fnSql(name, args);
    const a = [dbl(args[0], call, 0), dbl(args[1], call, 1)];
    return fn("try_divide", a, DOUBLE, true, call);
  },
  try_add: (args, name) => tryArith("try_add", args, name),
  try_subtract: (args, name) => tryArith("try_subtract", args, name),
  try_multiply: (args, name) => tryArith("try_multiply", args, name),
  format_number: (args, name) => {
    requireArgs(name, args, 2);
    const call = fnSql(name, args);
    const a = [dbl(args[0], call, 0), intArg(args[1], call, 1)];
    return fn("format_number", a, STRING, true, call);
  },

  // --- strings -------------------------------------------------------------------------------
  btrim: (args, name) => {
    requireArgs(name, args, 1, 2);
    const call = fnSql(name, args);
    const a = [stringArg(args[0], name, 0, call), args[1] ? stringArg(args[1], name, 1, call) : lit(" ", STRING)];
    return fn("btrim", a, STRING, anyNull(a), call);
  },
  soundex: strs("soundex", 1, 1, STRING),
  levenshtein: strs("levenshtein", 2, 3, INTEGER, ["s", "s", "i"]),
  split_part: strs("split_part", 3, 3, STRING, ["s", "s", "i"], () => true),
  overlay: (args, name) => {
    requireArgs(name, args, 3, 4);
    const shown = args.length === 3 ? [...args, lit(-1, INTEGER)] : args;
    const call = fnSql(name, shown);
    const a = [stringArg(shown[0], name, 0, call), stringArg(shown[1], name, 1, call), intArg(shown[2], call, 2), intArg(shown[3], call, 3)];
    return fn("overlay", a, STRING, anyNull(a), call);
  },
  char: strs("chr", 1, 1, STRING, ["i"]),
  chr: strs("chr", 1, 1, STRING, ["i"]),
  space: strs("space", 1, 1, STRING, ["i"]),
  elt: (args, name) => {
    requireArgs(name, args, 2, Infinity);
    const call = fnSql(name, args);
    const a = args.map((x, i) => (i === 0 ? intArg(x, call, 0) : stringArg(x, name, i, call)));
    return fn("elt", a, STRING, true, call);
  },
  find_in_set: strs("find_in_set", 2, 2, INTEGER),
  mask: (args, name) => {
    requireArgs(name, args, 1, 5);
    const defaults = [lit("X", STRING), lit("x", STRING), lit("n", STRING), lit(null, STRING, "NULL")];
    const shown = [args[0], ...defaults.map((d, i) => args[i + 1] ?? d)];
    const call = fnSql(name, shown);
    const a = shown.map((x, i) => stringArg(x, name, i, call));
    return fn("mask", a, STRING, true, call);
  },
  regexp_like: (args, name) => {
    requireArgs(name, args, 2);
    const call = `REGEXP_LIKE(${args.map((x) => x.sql).join(", ")})`;
    const a = [stringArg(args[0], name, 0, call), stringArg(args[1], name, 1, call)];
    return fn("regexp_like", a, BOOLEAN, anyNull(a), call);
  },
  regexp_count: strs("regexp_count", 2, 2, INTEGER),

  // --- dates and time zones --------------------------------------------------------------------
  make_date: (args, name) => {
    requireArgs(name, args, 3);
    const call = fnSql(name, args);
    const a = args.map((x, i) => intArg(x, call, i));
    return fn("make_date", a, DATE, true, call);
  },
  make_timestamp: (args, name) => {
    requireArgs(name, args, 6, 7);
    const call = fnSql(name, args);
    const a = args.map((x, i) => (i === 5 ? dbl(x, call, i) : i === 6 ? stringArg(x, name, i, call) : intArg(x, call, i)));
    return fn("make_timestamp", a, TIMESTAMP, true, call);
  },
  next_day: (args, name) => {
    requireArgs(name, args, 2);
    const call = fnSql(name, args);
    const a = [dateArg(args[0]), stringArg(args[1], name, 1, call)];
    return fn("next_day", a, DATE, true, call);
  },
  to_utc_timestamp: (args, name) => zoneShift("to_utc_timestamp", args, name),
  from_utc_timestamp: (args, name) => zoneShift("from_utc_timestamp", args, name),
  timestamp_seconds: (args, name) => {
    requireArgs(name, args, 1);
    const a = numeric(args[0], fnSql(name, args), 0, DOUBLE);
    return fn("timestamp_seconds", [a], TIMESTAMP, a.nullable, fnSql(name, args));
  },
  unix_date: (args, name) => { requireArgs(name, args, 1); const a = dateArg(args[0]); return fn("identity", [a], INTEGER, a.nullable, fnSql(name, args)); },
  date_from_unix_date: (args, name) => {
    requireArgs(name, args, 1);
    const a = intArg(args[0], fnSql(name, args), 0);
    return fn("identity", [a], DATE, a.nullable, fnSql(name, args));
  },
  unix_seconds: (args, name) => { requireArgs(name, args, 1); const a = tsArg(args[0]); return fn("unix_seconds", [a], LONG, a.nullable, fnSql(name, args)); },
  to_unix_timestamp: (args, name) => {
    requireArgs(name, args, 1, 2);
    const shown = args.length === 1 ? [args[0], lit("yyyy-MM-dd HH:mm:ss", STRING)] : args;
    return { ...SCALAR_FUNCTIONS.unix_timestamp(shown, "unix_timestamp"), sql: fnSql(name, shown) } as R;
  },
  date_diff: (args, name) => ({ ...SCALAR_FUNCTIONS.datediff(args, "datediff"), sql: fnSql(name, args) } as R),
  timestampadd: (args, name) => {
    requireArgs(name, args, 3);
    const unit = unitOf(args[0], name);
    const call = `${name}(${unit}, ${args[1].sql}, ${args[2].sql})`;
    const a = [numeric(args[1], call, 1, LONG), tsArg(args[2])];
    return fn("timestampadd", a, TIMESTAMP, anyNull(a), call, { unit });
  },
  timestampdiff: (args, name) => {
    requireArgs(name, args, 3);
    const unit = unitOf(args[0], name);
    const call = `${name}(${unit}, ${args[1].sql}, ${args[2].sql})`;
    const a = [tsArg(args[1]), tsArg(args[2])];
    return fn("timestampdiff", a, LONG, anyNull(a), call, { unit });
  },

  // --- null handling -------------------------------------------------------------------------
  isnull: (args, name) => { requireArgs(name, args, 1); return fn("isnull", args, BOOLEAN, false, `(${args[0].sql} IS NULL)`); },
  isnotnull: (args, name) => { requireArgs(name, args, 1); return fn("isnotnull", args, BOOLEAN, false, `(${args[0].sql} IS NOT NULL)`); },
  isnan: (args, name) => {
    requireArgs(name, args, 1);
    const a = dbl(args[0], fnSql(name, args), 0);
    return fn("isnan", [a], BOOLEAN, false, fnSql(name, args));
  },
  nanvl: (args, name) => {
    requireArgs(name, args, 2);
    const call = fnSql(name, args);
    const a = [dbl(args[0], call, 0), dbl(args[1], call, 1)];
    return fn("nanvl", a, DOUBLE, anyNull(a), call);
  },
  equal_null: (args, name) => {
    requireArgs(name, args, 2);
    const call = fnSql(name, args);
    const t = commonType(args.map((a) => a.dataType), call);
    return fn("equal_null", args.map((x) => implicitCast(x, t)), BOOLEAN, false, call);
  },
};

function shift(op: string, args: R[], name: string): R {
  requireArgs(name, args, 2);
  const call = fnSql(name, args);
  const t = args[0].dataType === LONG ? LONG : INTEGER;
  const a = [numeric(args[0], call, 0, t), intArg(args[1], call, 1)];
  return fn(op, a, t, anyNull(a), call);
}

function tryArith(op: string, args: R[], name: string): R {
  requireArgs(name, args, 2);
  const call = fnSql(name, args);
  const t = commonType(args.map((a) => a.dataType), call);
  const a = args.map((x) => implicitCast(x, t));
  return fn(op, a, t, true, call, { long: t === LONG });
}

function zoneShift(op: string, args: R[], name: string): R {
  requireArgs(name, args, 2);
  const call = fnSql(name, args);
  const a = [tsArg(args[0]), stringArg(args[1], name, 1, call)];
  return fn(op, a, TIMESTAMP, anyNull(a), call);
}

Object.assign(SCALAR_FUNCTIONS, SCALAR);
