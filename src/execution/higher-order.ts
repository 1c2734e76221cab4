/**
 * Evaluators of the higher-order functions (analysis/higher-order.ts types them). A lambda's
 * body is compiled once, like any expression; its variables read cells that the function sets
 * before each call of the body, so a body is evaluated with the outer row (a column it names
 * is read from there) and the current element in its variables.
 */
import { SparkRuntimeException } from "../errors";
import type { InternalRow } from "../connector-api/source";
import { Resolved } from "../plan/resolved";
import { valueKey } from "../values/values";

type Evaluator = (row: InternalRow) => unknown;

/** Where a lambda variable's current value lives while its body runs. */
export interface Cell { value: unknown }

/** The cells of the lambda at argument `i` of a higher-order call. */
type CellsOf = (i: number) => Cell[];

type HofMaker = (r: Resolved & { kind: "fn" }, args: Evaluator[], cells: CellsOf) => Evaluator;

function nullMapKey(): SparkRuntimeException {
  return new SparkRuntimeException("Cannot use null as map key.", "NULL_MAP_KEY");
}

function duplicateMapKey(key: unknown): SparkRuntimeException {
  return new SparkRuntimeException(
    `Duplicate map key ${String(key)} was found, please check the input data. If you want to remove the duplicated keys, you can set "spark.sql.mapKeyDedupPolicy" to "LAST_WIN" so that the key inserted at last takes precedence.`,
    "DUPLICATED_MAP_KEY",
  );
}

/** A map's keys compared as Spark compares them (by value, also for structs and arrays). */
function mapKey(k: unknown): unknown {
  return k !== null && typeof k === "object" ? valueKey(k) : k;
}

/**
 * The loop of the map lambdas (map_filter, transform_keys, transform_values): for each entry the
 * lambda's (key, value) cells are set, the body runs, and `put` decides what goes into the new map;
 * `begin` runs before each row's map.
 */
function overEntries(
  map: Evaluator,
  body: Evaluator,
  cells: CellsOf,
  put: (out: Map<unknown, unknown>, key: unknown, value: unknown, result: unknown) => void,
  begin?: () => void,
): Evaluator {
  const [k, v] = cells(1);
  return (row) => {
    const m = map(row) as Map<unknown, unknown> | null;
    if (m === null) return null;
    begin?.();
    const out = new Map<unknown, unknown>();
    for (const [key, value] of m) {
      k.value = key;
      v.value = value;
      put(out, key, value, body(row));
    }
    return out;
  };
}

/** exists (`decides` true: the first true answers) and forall (`decides` false: the first false answers). */
function quantifier([arr, body]: Evaluator[], cells: CellsOf, decides: boolean): Evaluator {
  const [x] = cells(1);
  return (row) => {
    const a = arr(row) as unknown[] | null;
    if (a === null) return null;
    let sawNull = false;
    for (const v of a) {
      x.value = v;
      const b = body(row);
      if (b === decides) return decides;
      if (b === null) sawNull = true;
    }
    return sawNull ? null : !decides;
  };
}

export const HIGHER_ORDER_EVALUATORS: Record<string, HofMaker> = {
  transform: (_r, [arr, body], cells) => {
    const [x, i] = cells(1);
    return (row) => {
      const a = arr(row) as unknown[] | null;
      if (a === null) return null;
      const out = new Array(a.length);
      for (let k = 0; k < a.length; k++) {
        x.value = a[k];
        if (i) i.value = k;
        out[k] = body(row);
      }
      return out;
    };
  },
  filter: (_r, [arr, body], cells) => {
    const [x, i] = cells(1);
    return (row) => {
      const a = arr(row) as unknown[] | null;
      if (a === null) return null;
      const out: unknown[] = [];
      for (let k = 0; k < a.length; k++) {
        x.value = a[k];
        if (i) i.value = k;
        if (body(row) === true) out.push(a[k]);
      }
      return out;
    };
  },
  // Three-valued, as Spark (spark.sql.legacy.followThreeValuedLogicInArrayExists=true): no
  // deciding element but a null gives null.
  exists: (_r, args, cells) => quantifier(args, cells, true),
  forall: (_r, args, cells) => quantifier(args, cells, false),
  aggregate: (_r, [arr, zero, merge, finish], cells) => {
    const [acc, x] = cells(2);
    const [done] = cells(3);
    return (row) => {
      const a = arr(row) as unknown[] | null;
      if (a === null) return null;
      let v = zero(row);
      for (const e of a) {
        acc.value = v;
        x.value = e;
        v = merge(row);
      }
      done.value = v;
      return finish(row);
    };
  },
  zip_with: (_r, [left, right, body], cells) => {
    const [x, y] = cells(2);
    return (row) => {
      const a = left(row) as unknown[] | null;
      if (a === null) return null;
      const b = right(row) as unknown[] | null;
      if (b === null) return null;
      const n = Math.max(a.length, b.length);
      const out = new Array(n);
      for (let k = 0; k < n; k++) {
        x.value = k < a.length ? a[k] : null;
        y.value = k < b.length ? b[k] : null;
        out[k] = body(row);
      }
      return out;
    };
  },
  map_filter: (_r, [map, body], cells) =>
    overEntries(map, body, cells, (out, key, value, keep) => {
      if (keep === true) out.set(key, value);
    }),
  transform_keys: (_r, [map, body], cells) => {
    const seen = new Set<unknown>();
    const put = (out: Map<unknown, unknown>, _key: unknown, value: unknown, nk: unknown) => {
      if (nk === null) throw nullMapKey();
      const id = mapKey(nk);
      if (seen.has(id)) throw duplicateMapKey(nk);
      seen.add(id);
      out.set(nk, value);
    };
    return overEntries(map, body, cells, put, () => seen.clear());
  },
  transform_values: (_r, [map, body], cells) => overEntries(map, body, cells, (out, key, _value, nv) => void out.set(key, nv)),
  // Java's Arrays.sort with a Comparator is a stable merge sort; so is V8's Array.prototype.sort.
  array_sort_cmp: (_r, [arr, body], cells) => {
    const [l, r] = cells(1);
    return (row) => {
      const a = arr(row) as unknown[] | null;
      if (a === null) return null;
      return [...a].sort((p, q) => {
        l.value = p;
        r.value = q;
        const c = body(row);
        if (c === null)
          throw new SparkRuntimeException("The comparator has returned a NULL for a comparison between elements of the array. It returns NULL only if one of the elements is NULL.", "COMPARATOR_RETURNS_NULL");
        return c as number;
      });
    };
  },
};
HIGHER_ORDER_EVALUATORS.reduce = HIGHER_ORDER_EVALUATORS.aggregate;

/** True when evaluating `r` reads a lambda variable (its value then changes within one row). */
export function readsLambdaVar(r: Resolved): boolean {
  const known = memo.get(r);
  if (known !== undefined) return known;
  let out = false;
  if (r.kind === "fn") out = r.op === "lambdaVar" || r.args.some(readsLambdaVar);
  else if (r.kind === "alias" || r.kind === "sort") out = readsLambdaVar(r.child);
  memo.set(r, out);
  return out;
}
const memo = new WeakMap<Resolved, boolean>();
