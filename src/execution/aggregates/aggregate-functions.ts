/**
 * Aggregate functions as buffer operations, so the same code serves batch GROUP BY and the
 * streaming state store: `init` → `update`* → (`merge`) → `finish`. Buffers round-trip through
 * `toState`/`fromState` (JSON-safe) for checkpoints.
 */
import { xxhashValue } from "./hash-values";
import { IskraError } from "../../errors";
import type { AggCall } from "../../plan/logical-plan";
import { compareValues, valueKey } from "../../values/values";
import { HllBuffer, HllBuffers } from "./hll-buffer";
import { HyperLogLogPlusPlus } from "./hyperloglog";
import { moreAggregateFunction } from "./aggregates-more";
import { collectSetOrder } from "./collect-set-order";

export interface AggregateFunction {
  init(): unknown;
  /** Folds one input row's argument values into the buffer; returns the (possibly new) buffer. */
  update(buf: unknown, values: unknown[]): unknown;
  merge(a: unknown, b: unknown): unknown;
  finish(buf: unknown): unknown;
  toState(buf: unknown): unknown;
  fromState(s: unknown): unknown;
  /** False for functions whose state grows with distinct input (not allowed on streams). */
  readonly boundedState: boolean;
}

const identity = (x: unknown) => x;

function addLong(a: number | bigint | null, b: number | bigint): number | bigint {
  if (a === null) return b;
  if (typeof a === "number" && typeof b === "number") {
    const s = a + b;
    if (Number.isSafeInteger(s)) return s;
  }
  return BigInt.asIntN(64, BigInt(a) + BigInt(b));
}

function longResult(v: number | bigint | null): number | bigint | null {
  if (typeof v === "bigint" && v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(v);
  return v;
}

function simple(
  init: () => unknown,
  update: (buf: any, v: any) => unknown,
  merge: (a: any, b: any) => unknown,
  finish: (b: any) => unknown = identity,
): AggregateFunction {
  return {
    init,
    update: (buf, values) => (values[0] === null ? buf : update(buf, values[0])),
    merge,
    finish,
    toState: identity,
    fromState: identity,
    boundedState: true,
  };
}

const minMax = (sign: number): AggregateFunction =>
  simple(
    () => null,
    (b, v) => (b === null || sign * compareValues(v, b) > 0 ? v : b),
    (a, b) => (a === null ? b : b === null ? a : sign * compareValues(b, a) > 0 ? b : a),
  );

function distinctWrapper(inner: AggregateFunction): AggregateFunction {
  return {
    init: () => new Map<string, unknown[]>(),
    update: (buf, values) => {
      if (values.some((v) => v === null)) return buf;
      // `values` is the caller's scratch array, reused for every row: keep a copy.
      (buf as Map<string, unknown[]>).set(values.map(valueKey).join("\u0002"), values.slice());
      return buf;
    },
    merge: (a, b) => { for (const [k, v] of b as Map<string, unknown[]>) (a as Map<string, unknown[]>).set(k, v); return a; },
    finish: (buf) => {
      let acc = inner.init();
      for (const v of (buf as Map<string, unknown[]>).values()) acc = inner.update(acc, v);
      return inner.finish(acc);
    },
    toState: (buf) => [...(buf as Map<string, unknown[]>).entries()],
    fromState: (s) => new Map(s as Array<[string, unknown[]]>),
    boundedState: false,
  };
}

/** Builds the aggregate function for a call planned by the analyzer. */
export function aggregateFunction(call: AggCall): AggregateFunction {
  const base = baseFunction(call);
  return call.distinct ? distinctWrapper(base) : base;
}

function baseFunction(call: AggCall): AggregateFunction {
  switch (call.op) {
    case "count":
      return {
        init: () => 0,
        update: (buf, values) => { for (const v of values) if (v === null) return buf; return (buf as number) + 1; },
        merge: (a, b) => (a as number) + (b as number),
        finish: identity,
        toState: identity,
        fromState: identity,
        boundedState: true,
      };
    case "sum_long":
      // Exact, and wrapping at 64 bits as Spark's non-ANSI sum does: plain numbers while the total
      // is a safe integer, a bigint beyond that (or when a long input already is one).
      return simple(() => null, addLong, (a, b) => (a === null ? b : b === null ? a : addLong(a, b)), longResult);
    case "sum_double":
      return simple(() => null, (b, v) => (b === null ? v : b + v), (a, b) => (a === null ? b : b === null ? a : a + b));
    case "avg":
      return simple(
        () => [0, 0],
        (b, v) => { b[0] += v; b[1] += 1; return b; },
        (a, b) => [a[0] + b[0], a[1] + b[1]],
        (b) => (b[1] === 0 ? null : b[0] / b[1]),
      );
    case "min": return minMax(-1);
    case "max": return minMax(1);
    case "first": {
      const ignoreNulls = !!call.params?.ignoreNulls;
      return {
        init: () => ({ set: false, v: null }),
        update: (buf: any, values) => (buf.set || (ignoreNulls && values[0] === null) ? buf : { set: true, v: values[0] }),
        merge: (a: any, b: any) => (a.set ? a : b),
        finish: (b: any) => b.v,
        toState: identity, fromState: identity, boundedState: true,
      };
    }
    case "last": {
      const ignoreNulls = !!call.params?.ignoreNulls;
      return {
        init: () => ({ set: false, v: null }),
        update: (buf: any, values) => (ignoreNulls && values[0] === null ? buf : { set: true, v: values[0] }),
        merge: (a: any, b: any) => (b.set ? b : a),
        finish: (b: any) => b.v,
        toState: identity, fromState: identity, boundedState: true,
      };
    }
    case "collect_list":
      return { ...simple(() => [], (b, v) => { b.push(v); return b; }, (a, b) => a.concat(b)), boundedState: false };
    case "collect_set":
      return {
        init: () => new Map<string, unknown>(),
        update: (buf, values) => { if (values[0] !== null) (buf as Map<string, unknown>).set(valueKey(values[0]), values[0]); return buf; },
        merge: (a, b) => { for (const [k, v] of b as Map<string, unknown>) (a as Map<string, unknown>).set(k, v); return a; },
        finish: (b) => collectSetOrder([...(b as Map<string, unknown>).values()], call.params?.typeName),
        toState: (b) => [...(b as Map<string, unknown>).entries()],
        fromState: (s) => new Map(s as Array<[string, unknown]>),
        boundedState: false,
      };
    case "approx_count_distinct": {
      const hll = new HyperLogLogPlusPlus(call.params.rsd);
      const bufs = new HllBuffers(hll);
      const typeName = call.params.typeName;
      // Structs and arrays: Spark's XxHash64 of the whole value, fields chained.
      const whole = typeName === "struct" || typeName === "array";
      return {
        init: () => bufs.empty(),
        update: (buf, values) => {
          const v = values[0];
          if (v === null) return buf;
          if (!whole) return bufs.add(buf as HllBuffer, hll.pack(v, typeName));
          const h = BigInt.asUintN(64, xxhashValue(v, call.params.dataType, 42n));
          return bufs.add(buf as HllBuffer, hll.packHash(Number(h >> 32n) | 0, Number(h & 0xffffffffn) | 0));
        },
        merge: (a, b) => bufs.merge(a as HllBuffer, b as HllBuffer),
        finish: (b) => bufs.query(b as HllBuffer),
        toState: (b) => bufs.toState(b as HllBuffer),
        fromState: (s) => bufs.fromState(s),
        boundedState: true,
      };
    }
  }
  const more = moreAggregateFunction(call);
  if (more) return more;
  throw new IskraError(`internal: no aggregate function ${call.op}`);
}
