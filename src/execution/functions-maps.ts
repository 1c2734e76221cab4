/**
 * Evaluators for the map functions typed in analysis/catalog-maps.ts, window_time and
 * json_tuple's values. A map value is a JS Map; Spark's default spark.sql.mapKeyDedupPolicy
 * (EXCEPTION) makes a duplicate key an error, and a null key is one always.
 */
import { SparkRuntimeException } from "../errors";
import { Resolved } from "../plan/resolved";
import type { InternalRow } from "../connector-api/source";
import { valueKey } from "../values/values";
import { strict } from "./functions-more";

type Evaluator = (row: InternalRow) => unknown;
type Maker = (r: Resolved & { kind: "fn" }, args: Evaluator[]) => Evaluator;

const nullKey = (): SparkRuntimeException => new SparkRuntimeException("Cannot use null as map key.", "NULL_MAP_KEY");

/** Builds a map as Spark's ArrayBasedMapBuilder: null keys and duplicate keys fail. */
class MapBuilder {
  private readonly out = new Map<unknown, unknown>();
  private readonly seen = new Set<unknown>();
  put(k: unknown, v: unknown): void {
    if (k === null || k === undefined) throw nullKey();
    const id = k !== null && typeof k === "object" ? valueKey(k) : k;
    if (this.seen.has(id))
      throw new SparkRuntimeException(
        `Duplicate map key ${String(k)} was found, please check the input data. If you want to remove the duplicated keys, you can set "spark.sql.mapKeyDedupPolicy" to "LAST_WIN" so that the key inserted at last takes precedence.`,
        "DUPLICATED_MAP_KEY",
      );
    this.seen.add(id);
    this.out.set(k, v);
  }
  build(): Map<unknown, unknown> { return this.out; }
}

/** json_tuple's value of one field: a string as is, anything else as compact JSON; missing or null → null. */
function jsonField(obj: unknown, name: unknown): string | null {
  if (name === null || obj === null || typeof obj !== "object" || Array.isArray(obj)) return null;
  const v = (obj as Record<string, unknown>)[String(name)];
  if (v === undefined || v === null) return null;
  return typeof v === "string" ? v : JSON.stringify(v);
}

export const MAP_EVALUATORS: Record<string, Maker> = {
  create_map: (_r, args) => (row) => {
    const b = new MapBuilder();
    for (let i = 0; i < args.length; i += 2) b.put(args[i](row), args[i + 1](row));
    return b.build();
  },
  map_keys: (_r, a) => strict(a, (m: Map<unknown, unknown>) => [...m.keys()]),
  map_values: (_r, a) => strict(a, (m: Map<unknown, unknown>) => [...m.values()]),
  map_entries: (_r, a) => strict(a, (m: Map<unknown, unknown>) => [...m.entries()].map(([k, v]) => [k, v])),
  map_from_arrays: (_r, a) => strict(a, (ks: unknown[], vs: unknown[]) => {
    if (ks.length !== vs.length)
      throw new SparkRuntimeException("The key array and value array of MapData must have the same length.", "_LEGACY_ERROR_TEMP_2160");
    const b = new MapBuilder();
    ks.forEach((k, i) => b.put(k, vs[i]));
    return b.build();
  }),
  map_from_entries: (_r, a) => strict(a, (entries: Array<unknown[] | null>) => {
    const b = new MapBuilder();
    for (const e of entries) {
      if (e === null) return null;
      b.put(e[0], e[1]);
    }
    return b.build();
  }),
  map_concat: (_r, args) => (row) => {
    const b = new MapBuilder();
    for (const e of args) {
      const m = e(row) as Map<unknown, unknown> | null;
      if (m === null) return null;
      for (const [k, v] of m) b.put(k, v);
    }
    return b.build();
  },
  map_contains_key: (_r, a) => strict(a, (m: Map<unknown, unknown>, k: unknown) => {
    if (m.has(k)) return true;
    const id = valueKey(k);
    for (const key of m.keys()) if (valueKey(key) === id) return true;
    return false;
  }),
  // Spark splits with Java's String.split(regex, -1) on both delimiters; a pair without one has a null value.
  str_to_map: (_r, a) => strict(a, (text: string, pairDelim: string, kvDelim: string) => {
    const b = new MapBuilder();
    const pairRe = new RegExp(pairDelim, "u"), kvRe = new RegExp(kvDelim, "u");
    for (const pair of text.split(pairRe)) {
      const m = kvRe.exec(pair);
      if (!m) b.put(pair, null);
      else b.put(pair.slice(0, m.index), pair.slice(m.index + m[0].length));
    }
    return b.build();
  }),
  window_time: (_r, [w]) => (row) => {
    const v = w(row) as [number | null, number | null] | null;
    return v === null || v[1] === null ? null : v[1] - 1;
  },
  /** json_tuple: one struct of the fields' values (a row of nulls when the input is not a JSON object). */
  json_tuple_values: (_r, [json, ...fields]) => (row) => {
    const text = json(row);
    let obj: unknown = null;
    if (typeof text === "string") try { obj = JSON.parse(text); } catch { obj = null; }
    return [fields.map((f) => jsonField(obj, f(row)))];
  },
};
