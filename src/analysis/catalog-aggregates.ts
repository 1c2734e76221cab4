/**
 * Spark's statistical, percentile, by-value and boolean aggregates (stddev/variance/skewness/kurtosis,
 * corr/covar, percentile_approx, percentile, median, mode, max_by/min_by, bool_or/bool_and, any_value,
 * count_if): argument typing, result types and SQL names, registered into AGGREGATE_FUNCTIONS.
 * Buffers: execution/aggregates/aggregates-more.ts (same `op` names).
 */
import { AnalysisException } from "../errors";
import { ArrayTypeClass, BOOLEAN, DOUBLE, DataType, LONG, NULL, STRING, isNumeric } from "../types/data-types";
import { Resolved } from "../plan/resolved";
import { AGGREGATE_FUNCTIONS, AggTyping, asAggregateNumber, implicitCast, litValue, mismatch, requireArgs } from "./function-catalog";

type R = Resolved;

function typeError(call: string, i: number, expected: string, r: R): AnalysisException {
  return mismatch(call, `Parameter ${i + 1} requires the ${expected} type, however "${r.sql}" has the type "${r.dataType.sql()}"`);
}

const argsSql = (args: R[]): string => args.map((a) => a.sql).join(", ");

/** Inputs Spark casts to double (ImplicitCastInputTypes with DoubleType): numbers, strings, NULL. */
function doubleArg(r: R, call: string, i: number): R {
  if (isNumeric(r.dataType) || r.dataType === STRING || r.dataType === NULL) return implicitCast(asAggregateNumber(r), DOUBLE);
  throw typeError(call, i, '"DOUBLE"', r);
}

function booleanArg(r: R, call: string, i: number): R {
  if (r.dataType === BOOLEAN || r.dataType === NULL) return implicitCast(r, BOOLEAN);
  throw typeError(call, i, '"BOOLEAN"', r);
}

const moment = (op: string) => (args: R[], _d: boolean, name: string): AggTyping => {
  requireArgs(name, args, 1);
  const sql = `${name}(${argsSql(args)})`;
  return { op, args: [doubleArg(args[0], sql, 0)], dataType: DOUBLE, nullable: true, sql };
};

const covariance = (op: string) => (args: R[], _d: boolean, name: string): AggTyping => {
  requireArgs(name, args, 2);
  const sql = `${name}(${argsSql(args)})`;
  return { op, args: args.map((a, i) => doubleArg(a, sql, i)), dataType: DOUBLE, nullable: true, sql };
};

/** A percentage argument: a constant double in [0, 1], or an array of them. */
function percentages(r: R, call: string, i: number): { values: number[]; array: boolean } {
  const isArr = r.dataType instanceof ArrayTypeClass;
  const elem = isArr ? (r.dataType as ArrayTypeClass).elementType : r.dataType;
  if (!isNumeric(elem)) throw typeError(call, i, '("DOUBLE" or "ARRAY<DOUBLE>")', r);
  // array(0.25, 0.5) widens its decimal literals through casts; a cast of a literal is still a constant.
  const unwrap = (a: R): R => (a.kind === "fn" && a.op === "cast" && a.args[0].kind === "lit" ? a.args[0] : a);
  const constArray = r.kind === "fn" && r.op === "array" && r.args.every((a) => unwrap(a).kind === "lit");
  if (r.kind !== "lit" && !constArray) {
    throw new AnalysisException(`Cannot resolve "${call}" due to data type mismatch: the input percentage must be a constant, but got ${r.sql}.`, "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT");
  }
  const raw = r.kind === "lit" ? r.value : (r as R & { kind: "fn" }).args.map((a) => (unwrap(a) as R & { kind: "lit" }).value);
  const values = (isArr ? (raw as unknown[]) : [raw]).map(Number);
  if (values.some((v) => !(v >= 0 && v <= 1))) {
    throw new AnalysisException(`Cannot resolve "${call}" due to data type mismatch: The percentage(s) must be between 0.0 and 1.0, but the actual value is ${isArr ? `[${values.join(", ")}]` : String(raw)}.`, "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE");
  }
  return { values, array: isArr };
}

/** What percentile_approx accepts as its column (Spark's NumericType, DateType, TimestampType, ANSI intervals). */
function orderedNumeric(dt: DataType): boolean {
  return isNumeric(dt) || ["date", "timestamp", "timestamp_ntz"].includes(dt.typeName);
}

const percentileApprox = (args: R[], _d: boolean, name: string): AggTyping => {
  requireArgs(name, args, 2, 3);
  const accuracy = args[2] ? Number(litValue(args[2], "accuracy")) : 10000;
  const sql = `${name}(${argsSql(args)}${args[2] ? "" : ", 10000"})`;
  if (!orderedNumeric(args[0].dataType)) throw typeError(sql, 0, '("NUMERIC" or "DATE" or "TIMESTAMP" or "TIMESTAMP_NTZ" or "INTERVAL DAY TO SECOND" or "INTERVAL YEAR TO MONTH")', args[0]);
  const p = percentages(args[1], sql, 1);
  if (!(accuracy > 0 && accuracy <= 2147483647)) {
    throw new AnalysisException(`Cannot resolve "${sql}" due to data type mismatch: The accuracy provided must be a literal between (0, 2147483647] (current value = ${accuracy}).`, "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE");
  }
  const dt = args[0].dataType;
  return { op: "percentile_approx", args: [asAggregateNumber(args[0])], params: { ...p, accuracy }, dataType: p.array ? new ArrayTypeClass(dt, false) : dt, nullable: true, sql };
};

const percentile = (args: R[], _d: boolean, name: string): AggTyping => {
  requireArgs(name, args, 2, 3);
  const sql = `${name}(${argsSql(args)}${args[2] ? "" : ", 1"})`;
  if (!isNumeric(args[0].dataType) && args[0].dataType !== NULL) throw typeError(sql, 0, '"NUMERIC"', args[0]);
  const p = percentages(args[1], sql, 1);
  const input = [implicitCast(asAggregateNumber(args[0]), DOUBLE), ...(args[2] ? [args[2]] : [])];
  return { op: "percentile", args: input, params: p, dataType: p.array ? new ArrayTypeClass(DOUBLE, false) : DOUBLE, nullable: true, sql };
};

const firstLike = (args: R[], _d: boolean, name: string): AggTyping => {
  requireArgs(name, args, 1, 2);
  const ignoreNulls = args[1] ? Boolean(litValue(args[1], "ignoreNulls")) : false;
  return { op: "first", args: [args[0]], params: { ignoreNulls }, dataType: args[0].dataType, nullable: true, sql: `${name}(${args[0].sql})` };
};

const byValue = (op: string) => (args: R[], _d: boolean, name: string): AggTyping => {
  requireArgs(name, args, 2);
  return { op, args, dataType: args[0].dataType, nullable: true, sql: `${name}(${argsSql(args)})` };
};

const boolAgg = (op: string) => (args: R[], _d: boolean, name: string): AggTyping => {
  requireArgs(name, args, 1);
  const sql = `${name}(${argsSql(args)})`;
  return { op, args: [booleanArg(args[0], sql, 0)], dataType: BOOLEAN, nullable: true, sql };
};

Object.assign(AGGREGATE_FUNCTIONS, {
  stddev: moment("stddev_samp"),
  stddev_samp: moment("stddev_samp"),
  std: moment("stddev_samp"),
  stddev_pop: moment("stddev_pop"),
  variance: moment("var_samp"),
  var_samp: moment("var_samp"),
  var_pop: moment("var_pop"),
  skewness: moment("skewness"),
  kurtosis: moment("kurtosis"),
  corr: covariance("corr"),
  covar_pop: covariance("covar_pop"),
  covar_samp: covariance("covar_samp"),
  percentile_approx: percentileApprox,
  approx_percentile: percentileApprox,
  percentile,
  median: (args: R[], d: boolean, name: string): AggTyping => {
    requireArgs(name, args, 1);
    const typed = percentile([args[0], { kind: "lit", value: 0.5, dataType: DOUBLE, nullable: false, sql: "0.5" } as R], d, "percentile");
    return { ...typed, sql: `median(${args[0].sql})` };
  },
  mode: (args: R[], _d: boolean, name: string): AggTyping => {
    requireArgs(name, args, 1);
    return { op: "mode", args: [asAggregateNumber(args[0])], dataType: args[0].dataType, nullable: true, sql: `mode(${args[0].sql})` };
  },
  max_by: byValue("max_by"),
  min_by: byValue("min_by"),
  bool_or: boolAgg("bool_or"),
  some: boolAgg("bool_or"),
  any: boolAgg("bool_or"),
  bool_and: boolAgg("bool_and"),
  every: boolAgg("bool_and"),
  any_value: firstLike,
  count_if: (args: R[], _d: boolean, name: string): AggTyping => {
    requireArgs(name, args, 1);
    const sql = `count_if(${argsSql(args)})`;
    return { op: "count_if", args: [booleanArg(args[0], sql, 0)], dataType: LONG, nullable: false, sql };
  },
});

// SQL's mean(x) keeps its own name (F.mean calls avg, as PySpark's does).
const avg = AGGREGATE_FUNCTIONS.avg;
AGGREGATE_FUNCTIONS.mean = (args, d, name) => ({ ...avg(args, d, name), sql: avg(args, d, name).sql.replace(/^avg/, "mean") });
