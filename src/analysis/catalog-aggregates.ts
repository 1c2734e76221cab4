/**
 * Spark's statistical, percentile, by-value and boolean aggregates (stddev/variance/skewness/kurtosis,
 * corr/covar, percentile_approx, percentile, median, mode, max_by/min_by, bool_or/bool_and, any_value,
 * count_if): argument typing, result types and SQL names, registered into AGGREGATE_FUNCTIONS.
 * Buffers: execution/aggregates/aggregates-more.ts (same `op` names).
 */
import { AnalysisException } from "../errors";
import { ArrayTypeClass, BOOLEAN, DOUBLE, DataType, LONG, NULL, STRING, isIntegral, isNumeric } from "../types/data-types";
import { formatDouble } from "../values/values";
import { Resolved } from "../plan/resolved";
import { AGGREGATE_FUNCTIONS, AggTyping, asAggregateNumber, litValue } from "./function-catalog";
import { implicitCast, mismatch, requireArgs } from "../functions/typing";

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

/** Spark's toSQLValue of a double: Java's Double.toString with the D suffix. */
const doubleSql = (v: number): string => `${formatDouble(v)}D`;

function nonFoldable(call: string, input: string, r: R): AnalysisException {
  return new AnalysisException(`Cannot resolve "${call}" due to data type mismatch: the input ${input} should be a foldable "${r.dataType.sql()}" expression; however, got "${r.sql}".`, "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT");
}

const checkFailure = (call: string, cls: string, detail: string): AnalysisException =>
  new AnalysisException(`Cannot resolve "${call}" due to data type mismatch: ${detail}.`, `DATATYPE_MISMATCH.${cls}`);

/** The value of a constant (a literal, a cast of one, or an array of them), or undefined when it is not one. */
function constant(r: R): { value: unknown } | undefined {
  if (r.kind === "lit") return { value: r.value };
  if (r.kind === "fn" && r.op === "cast" && r.args[0].kind === "lit") return { value: r.args[0].value };
  if (r.kind === "fn" && r.op === "array") {
    const items = r.args.map(constant);
    return items.every((i) => i !== undefined) ? { value: items.map((i) => i!.value) } : undefined;
  }
  return undefined;
}

/** A constant cast to double as Spark's (non-ANSI) cast does: a string that is no number is NULL. */
function asDouble(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== "string") return Number(v);
  const n = Number(v.trim());
  return Number.isNaN(n) && !/^\s*[+-]?nan\s*$/i.test(v) ? null : n;
}

interface Percentages { values: number[] | null; array: boolean; expr: R }

/**
 * A percentage argument typed as Spark's inputTypes (DoubleType, or ArrayType(DoubleType) for an
 * array): numbers, strings and NULL are cast. Its foldability and range are checked by the caller,
 * in Spark's order (checkPercentages).
 */
function percentageArg(r: R, call: string): Percentages {
  const isArr = r.dataType instanceof ArrayTypeClass;
  const elem = isArr ? (r.dataType as ArrayTypeClass).elementType : r.dataType;
  if (!isNumeric(elem) && elem !== STRING && elem !== NULL) throw typeError(call, 1, isArr ? '"ARRAY<DOUBLE>"' : '"DOUBLE"', r);
  const c = constant(r);
  const values = c === undefined || c.value === null ? null : (isArr ? (c.value as unknown[]) : [c.value]).map(asDouble);
  return { values: values && values.some((v) => v === null) ? null : (values as number[] | null), array: isArr, expr: c === undefined ? r : { ...r, kind: "lit" } as R };
}

function requireFoldablePercentage(p: Percentages, call: string): void {
  // Spark names the type the percentage is cast to.
  if (p.expr.kind !== "lit") throw nonFoldable(call, "percentage", { ...p.expr, dataType: p.array ? new ArrayTypeClass(DOUBLE, false) : DOUBLE });
}

function checkPercentageValues(p: Percentages, call: string): number[] {
  if (p.values === null) throw checkFailure(call, "UNEXPECTED_NULL", "The percentage must not be null");
  if (p.values.some((v) => !(v >= 0 && v <= 1))) {
    throw checkFailure(call, "VALUE_OUT_OF_RANGE", `The percentage must be between [0.0, 1.0] (current value = ${p.values.map(doubleSql).join(",")})`);
  }
  return p.values;
}

/** An IntegralType argument (percentile's frequency, percentile_approx's accuracy). */
function integralArg(r: R, call: string, i: number): R {
  if (isIntegral(r.dataType) || r.dataType === NULL) return r;
  throw typeError(call, i, '"INTEGRAL"', r);
}

/** What percentile_approx accepts as its column (Spark's NumericType, DateType, TimestampType, ANSI intervals). */
function orderedNumeric(dt: DataType): boolean {
  return isNumeric(dt) || ["date", "timestamp", "timestamp_ntz"].includes(dt.typeName);
}

/** ApproximatePercentile.checkInputDataTypes: input types, then foldability, then accuracy, then percentages. */
const percentileApprox = (args: R[], _d: boolean, name: string): AggTyping => {
  requireArgs(name, args, 2, 3);
  const sql = `${name}(${argsSql(args)}${args[2] ? "" : ", 10000"})`;
  const col = args[0].dataType === STRING ? implicitCast(args[0], DOUBLE) : args[0];
  if (!orderedNumeric(col.dataType) && col.dataType !== NULL) {
    throw typeError(sql, 0, '("NUMERIC" or "DATE" or "TIMESTAMP" or "TIMESTAMP_NTZ" or "INTERVAL YEAR TO MONTH" or "INTERVAL DAY TO SECOND")', args[0]);
  }
  const p = percentageArg(args[1], sql);
  const accuracyExpr = args[2] ? integralArg(args[2], sql, 2) : undefined;
  requireFoldablePercentage(p, sql);
  const acc = accuracyExpr ? constant(accuracyExpr) : { value: 10000 };
  if (acc === undefined) throw nonFoldable(sql, "accuracy", accuracyExpr!);
  if (acc.value === null) throw checkFailure(sql, "UNEXPECTED_NULL", "The accuracy must not be null");
  const accuracy = Number(acc.value);
  if (!(accuracy > 0 && accuracy <= 2147483647)) {
    throw checkFailure(sql, "VALUE_OUT_OF_RANGE", `The accuracy must be between (0, 2147483647] (current value = ${String(acc.value)}L)`);
  }
  const values = checkPercentageValues(p, sql);
  const dt = col.dataType === NULL ? DOUBLE : col.dataType;
  const input = col.dataType === NULL ? implicitCast(col, DOUBLE) : col;
  return { op: "percentile_approx", args: [asAggregateNumber(input)], params: { values, array: p.array, accuracy }, dataType: p.array ? new ArrayTypeClass(dt, false) : dt, nullable: true, sql };
};

/** Percentile.checkInputDataTypes: input types, then the percentage's foldability, nullness and range. */
const percentile = (args: R[], _d: boolean, name: string): AggTyping => {
  requireArgs(name, args, 2, 3);
  const sql = `${name}(${argsSql(args)}${args[2] ? "" : ", 1"})`;
  const t = args[0].dataType;
  if (!isNumeric(t) && t !== NULL && t !== STRING) throw typeError(sql, 0, '("NUMERIC" or "INTERVAL DAY TO SECOND" or "INTERVAL YEAR TO MONTH")', args[0]);
  const p = percentageArg(args[1], sql);
  if (args[2]) integralArg(args[2], sql, 2);
  requireFoldablePercentage(p, sql);
  const values = checkPercentageValues(p, sql);
  const input = [implicitCast(asAggregateNumber(args[0]), DOUBLE), ...(args[2] ? [args[2]] : [])];
  return { op: "percentile", args: input, params: { values, array: p.array }, dataType: p.array ? new ArrayTypeClass(DOUBLE, false) : DOUBLE, nullable: true, sql };
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
    // The key's type: a tie is broken by the order of Spark's hash map, which hashes by type.
    return { op: "mode", args: [asAggregateNumber(args[0])], params: { typeName: args[0].dataType.typeName }, dataType: args[0].dataType, nullable: true, sql: `mode(${args[0].sql})` };
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
