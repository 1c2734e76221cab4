/**
 * Buffers of the aggregates typed in analysis/catalog-aggregates.ts, computed as Spark computes them
 * (CentralMomentAgg's and Covariance's streaming updates and merges, Percentile's counted interpolation,
 * QuantileSummaries' query rank), so doubles match bit for bit. Every buffer is JSON-safe (the state store).
 * With spark.sql.legacy.statisticalAggregate off, a division by zero (n = 1, zero variance) gives NULL.
 */
import type { AggCall } from "../../plan/logical-plan";
import type { AggregateFunction } from "./aggregate-functions";
import { compareValues, valueKey } from "../../values/values";
import { javaHashCode, openHashOrder } from "./open-hash-order";

const identity = (x: unknown): unknown => x;

function fold(init: () => unknown, update: (buf: any, values: unknown[]) => unknown, merge: (a: any, b: any) => unknown, finish: (b: any) => unknown, boundedState = true): AggregateFunction {
  return { init, update, merge, finish, toState: identity, fromState: identity, boundedState };
}

// --- central moments: [n, avg, m2, m3, m4] ------------------------------------------------------

type Moments = [number, number, number, number, number];

function momentUpdate(b: Moments, value: number): Moments {
  const [n, avg, m2, m3, m4] = b;
  const newN = n + 1;
  const delta = value - avg;
  const deltaN = delta / newN;
  const newAvg = avg + deltaN;
  const newM2 = m2 + delta * (delta - deltaN);
  const delta2 = delta * delta;
  const deltaN2 = deltaN * deltaN;
  const newM3 = m3 - 3.0 * deltaN * newM2 + delta * (delta2 - deltaN2);
  const newM4 = m4 - 4.0 * deltaN * newM3 - 6.0 * deltaN2 * newM2 + delta * (delta * delta2 - deltaN * deltaN2);
  return [newN, newAvg, newM2, newM3, newM4];
}

function momentMerge(a: Moments, b: Moments): Moments {
  const [n1, avg1, m21, m31, m41] = a;
  const [n2, avg2, m22, m32, m42] = b;
  const newN = n1 + n2;
  const delta = avg2 - avg1;
  const deltaN = newN === 0 ? 0 : delta / newN;
  const newAvg = avg1 + deltaN * n2;
  const newM2 = m21 + m22 + delta * deltaN * n1 * n2;
  const newM3 = m31 + m32 + deltaN * deltaN * delta * n1 * n2 * (n1 - n2) + 3.0 * deltaN * (n1 * m22 - n2 * m21);
  const newM4 = m41 + m42 + deltaN * deltaN * deltaN * delta * n1 * n2 * (n1 * n1 - n1 * n2 + n2 * n2) +
    6.0 * deltaN * deltaN * (n1 * n1 * m22 + n2 * n2 * m21) + 4.0 * deltaN * (n1 * m32 - n2 * m31);
  return [newN, newAvg, newM2, newM3, newM4];
}

const MOMENT_RESULTS: Record<string, (m: Moments) => number | null> = {
  stddev_samp: ([n, , m2]) => (n === 0 || n === 1 ? null : Math.sqrt(m2 / (n - 1))),
  stddev_pop: ([n, , m2]) => (n === 0 ? null : Math.sqrt(m2 / n)),
  var_samp: ([n, , m2]) => (n === 0 || n === 1 ? null : m2 / (n - 1)),
  var_pop: ([n, , m2]) => (n === 0 ? null : m2 / n),
  skewness: ([n, , m2, m3]) => (n === 0 || m2 === 0 ? null : (Math.sqrt(n) * m3) / Math.sqrt(m2 * m2 * m2)),
  kurtosis: ([n, , m2, , m4]) => (n === 0 || m2 === 0 ? null : (n * m4) / (m2 * m2) - 3.0),
};

const moments = (result: (m: Moments) => number | null): AggregateFunction =>
  fold(() => [0, 0, 0, 0, 0], (b, v) => (v[0] === null ? b : momentUpdate(b, v[0] as number)), momentMerge, result);

// --- covariance / correlation: [n, xAvg, yAvg, ck, xMk, yMk] ------------------------------------

type Co = [number, number, number, number, number, number];

function coUpdate(b: Co, x: number, y: number): Co {
  const [n, xAvg, yAvg, ck, xMk, yMk] = b;
  const newN = n + 1;
  const dx = x - xAvg;
  const dxN = dx / newN;
  const dy = y - yAvg;
  const dyN = dy / newN;
  const newXAvg = xAvg + dxN;
  const newYAvg = yAvg + dyN;
  return [newN, newXAvg, newYAvg, ck + dx * (y - newYAvg), xMk + dx * (x - newXAvg), yMk + dy * (y - newYAvg)];
}

function coMerge(a: Co, b: Co): Co {
  const [n1, xAvg1, yAvg1, ck1, xMk1, yMk1] = a;
  const [n2, xAvg2, yAvg2, ck2, xMk2, yMk2] = b;
  const newN = n1 + n2;
  if (newN === 0) return a;
  const dx = xAvg2 - xAvg1;
  const dxN = dx / newN;
  const dy = yAvg2 - yAvg1;
  const dyN = dy / newN;
  return [newN, xAvg1 + dxN * n2, yAvg1 + dyN * n2, ck1 + ck2 + dx * dyN * n1 * n2, xMk1 + xMk2 + dx * dxN * n1 * n2, yMk1 + yMk2 + dy * dyN * n1 * n2];
}

const CO_RESULTS: Record<string, (c: Co) => number | null> = {
  covar_pop: ([n, , , ck]) => (n === 0 ? null : ck / n),
  covar_samp: ([n, , , ck]) => (n === 0 || n === 1 ? null : ck / (n - 1)),
  corr: ([n, , , ck, xMk, yMk]) => (n === 0 || n === 1 ? null : ck / Math.sqrt(xMk * yMk)),
};

const covariance = (result: (c: Co) => number | null): AggregateFunction =>
  fold(() => [0, 0, 0, 0, 0, 0], (b, v) => (v[0] === null || v[1] === null ? b : coUpdate(b, v[0] as number, v[1] as number)), coMerge, result);

// --- percentiles --------------------------------------------------------------------------------

/** Value → count as [key, value, count] entries (JSON-safe). */
type Counts = Record<string, [unknown, number]>;

function countsMerge(a: Counts, b: Counts): Counts {
  for (const [k, [v, c]] of Object.entries(b)) a[k] = a[k] ? [v, a[k][1] + c] : [v, c];
  return a;
}

function sortedCounts(b: Counts): Array<[unknown, number]> {
  return Object.values(b).sort((x, y) => compareValues(x[0], y[0]));
}

/** Spark's Percentile: the position (n - 1)·p, linearly interpolated between its neighbours. */
function exactPercentile(b: Counts, ps: number[]): number[] | null {
  const sorted = sortedCounts(b);
  if (!sorted.length) return null;
  const acc: number[] = [];
  let total = 0;
  for (const [, c] of sorted) acc.push((total += c));
  const at = (pos: number): number => {
    let i = 0;
    while (acc[i] <= pos) i++;
    return sorted[i][0] as number;
  };
  return ps.map((p) => {
    const position = (total - 1) * p;
    const lower = Math.floor(position);
    const higher = Math.ceil(position);
    const lowerKey = at(lower);
    const higherKey = at(higher);
    if (higher === lower || lowerKey === higherKey) return lowerKey;
    return (higher - position) * lowerKey + (position - lower) * higherKey;
  });
}

/**
 * QuantileSummaries.query over uncompressed samples (g = 1, delta = 0, so its target error is 0):
 * the value at rank ceil(q·n), the extremes within the relative error 1/accuracy.
 */
function approxPercentile(b: Counts, ps: number[], accuracy: number): unknown[] | null {
  const sorted = sortedCounts(b);
  if (!sorted.length) return null;
  const values: unknown[] = [];
  for (const [v, c] of sorted) for (let i = 0; i < c; i++) values.push(v);
  const relativeError = 1 / accuracy;
  return ps.map((q) => {
    if (q <= relativeError) return values[0];
    if (q >= 1 - relativeError) return values[values.length - 1];
    const rank = Math.ceil(q * values.length);
    return values[Math.min(Math.max(rank, 1), values.length) - 1];
  });
}

function counting(finish: (b: Counts) => unknown, weighted = false): AggregateFunction {
  return fold(
    () => ({}),
    (b: Counts, v) => {
      if (v[0] === null) return b;
      const w = weighted && v.length > 1 ? Number(v[1] ?? 0) : 1;
      if (w <= 0) return b;
      const k = valueKey(v[0]);
      b[k] = b[k] ? [b[k][0], b[k][1] + w] : [v[0], w];
      return b;
    },
    countsMerge,
    finish,
    false,
  );
}

// --- by value, boolean, counting ----------------------------------------------------------------

// Spark's MaxMinBy keeps the old extremum only when it is strictly beyond the new one: on a tie
// (NaN = NaN included) the later row, and in a merge the later partition's buffer, wins.
const byValue = (sign: number): AggregateFunction =>
  fold(
    () => ({ v: null, ord: null }),
    (b, v) => (v[1] === null || (b.ord !== null && sign * compareValues(v[1], b.ord) < 0) ? b : { v: v[0], ord: v[1] }),
    (a, b) => (b.ord === null ? a : a.ord === null || sign * compareValues(b.ord, a.ord) >= 0 ? b : a),
    (b) => b.v,
  );

const bool = (isOr: boolean): AggregateFunction =>
  fold(
    () => null,
    (b, v) => (v[0] === null ? b : b === null ? v[0] : isOr ? b || v[0] : b && v[0]),
    (a, b) => (a === null ? b : b === null ? a : isOr ? a || b : a && b),
    identity,
  );

/** The aggregates of this file by op; null for an op it does not hold. */
export function moreAggregateFunction(call: AggCall): AggregateFunction | null {
  const op = call.op;
  if (MOMENT_RESULTS[op]) return moments(MOMENT_RESULTS[op]);
  if (CO_RESULTS[op]) return covariance(CO_RESULTS[op]);
  const params = call.params ?? {};
  const shape = (r: unknown[] | null): unknown => (r === null ? null : params.array ? r : r[0]);
  switch (op) {
    case "percentile": return counting((b) => shape(exactPercentile(b, params.values)), true);
    case "percentile_approx": return counting((b) => shape(approxPercentile(b, params.values, params.accuracy)));
    case "mode": return counting((b) => {
      // Spark's Mode: buffer.maxBy(_._2) over its OpenHashMap, so a tie goes to the first key in hash order.
      const entries = Object.values(b);
      const typeName = params.typeName as string;
      const ordered = entries.length > 1 && javaHashCode(entries[0][0], typeName) !== undefined
        ? openHashOrder(entries, (e) => javaHashCode(e[0], typeName)!)
        : entries;
      let best: [unknown, number] | null = null;
      for (const e of ordered) if (!best || e[1] > best[1]) best = e;
      return best ? best[0] : null;
    });
    case "max_by": return byValue(1);
    case "min_by": return byValue(-1);
    case "bool_or": return bool(true);
    case "bool_and": return bool(false);
    case "count_if": return fold(() => 0, (b, v) => (v[0] === true ? b + 1 : b), (a, b) => a + b, identity);
  }
  return null;
}
