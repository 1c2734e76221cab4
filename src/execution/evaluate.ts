/**
 * Compiles resolved expressions into closures `(row) => value`. Each `op` produced by
 * analysis/function-catalog.ts and analysis/expression-resolver.ts has its evaluator here.
 *
 * Null semantics are SQL's: most functions return null when an input is null; AND/OR are
 * three-valued; `<=>` is null-safe.
 */
import { IskraError } from "../errors";
import { Resolved, exprKey } from "../plan/resolved";
import type { InternalRow } from "../connector-api/source";
import { DataType } from "../types/data-types";
import { castFunction, compareValues, longValue, valueKey } from "../values/values";
import { javaRegex, likeToRegex } from "../values/regex";
import { jsonParser, jsonWriter } from "../values/json";
import { formatWithPattern, nowMicros, parseTimestamp, parseWithPattern } from "../values/timestamps";
import { MORE_EVALUATORS } from "./functions-more";
import { registeredFunction } from "../functions/registry";
import { Cell, HIGHER_ORDER_EVALUATORS, readsLambdaVar } from "./higher-order";
import { MAP_EVALUATORS } from "./functions-maps";
import { DECIMAL_EVALUATORS } from "./functions-decimal";
import { SCALAR_EVALUATORS } from "./functions-scalar";

export type Evaluator = (row: InternalRow) => unknown;

/** Per-execution context: a fixed current_timestamp, as Spark fixes it per query/batch. */
export interface EvalContext {
  nowMicros: number;
  /** Shared subexpression cache: identical costly expressions evaluated once per row. */
  shared?: Map<string, Evaluator>;
  /** The cells of lambda variables, by variable id (see execution/higher-order.ts). */
  lambdaCells?: Map<number, Cell>;
}

function lambdaCell(ctx: EvalContext, id: number): Cell {
  const cells = (ctx.lambdaCells ??= new Map());
  let c = cells.get(id);
  if (!c) cells.set(id, (c = { value: null }));
  return c;
}

export function newEvalContext(): EvalContext {
  return { nowMicros: nowMicros() };
}

/** Java's String.split(regex, limit) — keeps trailing empty strings when limit <= 0? No: Spark uses -1. */
function splitJava(s: string, re: RegExp, limit: number): string[] {
  if (s === "") return [""];
  const out: string[] = [];
  const g = new RegExp(re.source, re.flags.includes("g") ? re.flags : re.flags + "g");
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = g.exec(s)) !== null) {
    if (limit > 0 && out.length === limit - 1) break;
    if (m[0].length === 0) {
      // zero-width match: Java skips a match at position 0 producing a leading empty string
      if (m.index >= s.length) break;
      if (m.index === 0) { g.lastIndex++; continue; }
      out.push(s.slice(last, m.index));
      last = m.index;
      g.lastIndex++;
      continue;
    }
    if (m.index === 0 && m[0].length > 0 && last === 0 && out.length === 0) {
      out.push("");
      last = m[0].length;
      continue;
    }
    out.push(s.slice(last, m.index));
    last = m.index + m[0].length;
  }
  out.push(s.slice(last));
  if (limit === 0) while (out.length > 1 && out[out.length - 1] === "") out.pop();
  return out;
}

const nullSafe1 = (a: Evaluator, f: (x: any) => unknown): Evaluator => (row) => {
  const x = a(row);
  return x === null ? null : f(x);
};
const nullSafe2 = (a: Evaluator, b: Evaluator, f: (x: any, y: any) => unknown): Evaluator => (row) => {
  const x = a(row);
  if (x === null) return null;
  const y = b(row);
  return y === null ? null : f(x, y);
};

function equalValues(a: unknown, b: unknown): boolean {
  if (typeof a === "number" || typeof a === "string" || typeof a === "boolean") return a === b || (Number.isNaN(a as number) && Number.isNaN(b as number));
  return valueKey(a) === valueKey(b);
}

function arith(op: string, t: DataType): (x: number, y: number) => number | bigint | null {
  if (t.typeName === "long") {
    // Longs are numbers while exact; beyond 2^53 (or given as bigints) the sum is computed
    // exactly and wraps at 64 bits, as Java's long does.
    const exact = (x: number | bigint, y: number | bigint, f: (a: bigint, b: bigint) => bigint, g: (a: number, b: number) => number): number | bigint => {
      if (typeof x === "number" && typeof y === "number") {
        const r = g(x, y);
        if (Number.isSafeInteger(r)) return r;
      }
      return longValue(BigInt.asIntN(64, f(BigInt(x), BigInt(y))));
    };
    switch (op) {
      case "add": return (x, y) => exact(x, y, (a, b) => a + b, (a, b) => a + b);
      case "subtract": return (x, y) => exact(x, y, (a, b) => a - b, (a, b) => a - b);
      case "multiply": return (x, y) => exact(x, y, (a, b) => a * b, (a, b) => a * b);
      case "divide": return (x, y) => (Number(y) === 0 ? null : Number(x) / Number(y));
      case "remainder": return (x, y) => (Number(y) === 0 ? null : exact(x, y, (a, b) => a % b, (a, b) => a % b));
    }
  }
  const intLike = t.typeName === "integer" ? (v: number) => v | 0 : t.typeName === "long" ? (v: number) => v : (v: number) => v;
  switch (op) {
    case "add": return (x, y) => intLike(x + y);
    case "subtract": return (x, y) => intLike(x - y);
    case "multiply": return t.typeName === "integer" ? (x, y) => Math.imul(x, y) : (x, y) => x * y;
    case "divide": return (x, y) => (y === 0 ? null : x / y);
    case "remainder": return (x, y) => (y === 0 ? null : t.typeName === "double" || t.typeName === "float" ? x % y : intLike(x % y));
  }
  throw new IskraError(`unknown arithmetic ${op}`);
}

const CMP: Record<string, (c: number) => boolean> = { lt: (c) => c < 0, le: (c) => c <= 0, gt: (c) => c > 0, ge: (c) => c >= 0 };

export function compile(r: Resolved, ctx: EvalContext): Evaluator {
  switch (r.kind) {
    case "ref": {
      const i = r.ordinal;
      return (row) => row[i];
    }
    case "lit": {
      const v = r.value;
      return () => v;
    }
    case "alias":
      return compile(r.child, ctx);
    case "sort":
      return compile(r.child, ctx);
    case "gen":
    case "agg":
      throw new IskraError(`internal: ${r.kind} ${r.sql} cannot be evaluated as a scalar`);
    case "fn":
      return compileShared(r, ctx);
  }
}

const CHEAP = new Set(["getField", "cast", "not", "isnull", "isnotnull", "long_as_number"]);

/** Whether `r` calls a non-deterministic function (uuid()): two such calls are two values, never shared. */
function nondeterministic(r: Resolved): boolean {
  const known = NONDETERMINISTIC.get(r);
  if (known !== undefined) return known;
  let out = false;
  if (r.kind === "fn") out = registeredFunction(r.op)?.deterministic === false || r.args.some(nondeterministic);
  else if (r.kind === "alias" || r.kind === "sort") out = nondeterministic(r.child);
  NONDETERMINISTIC.set(r, out);
  return out;
}
const NONDETERMINISTIC = new WeakMap<Resolved, boolean>();

function compileShared(r: Resolved & { kind: "fn" }, ctx: EvalContext): Evaluator {
  if (!ctx.shared || CHEAP.has(r.op) || readsLambdaVar(r) || nondeterministic(r)) return compileFn(r, ctx);
  const key = exprKey(r);
  const hit = ctx.shared.get(key);
  if (hit) return hit;
  const f = compileFn(r, ctx);
  // A one-entry cache per expression: within one row, the second use is free.
  let lastRow: InternalRow | undefined;
  let lastValue: unknown;
  const cached: Evaluator = (row) => {
    if (row === lastRow) return lastValue;
    lastValue = f(row);
    lastRow = row;
    return lastValue;
  };
  ctx.shared.set(key, cached);
  return cached;
}

function compileFn(r: Resolved & { kind: "fn" }, ctx: EvalContext): Evaluator {
  const args = r.args.map((a) => compile(a, ctx));
  const [a, b] = args;
  switch (r.op) {
    case "cast": {
      const f = castFunction(r.args[0].dataType, r.params.to);
      return (row) => { const v = a(row); return v === null ? null : f(v); };
    }
    case "getField": {
      const i = r.params.index;
      return (row) => { const s = a(row) as unknown[] | null; return s === null ? null : s[i] ?? null; };
    }
    case "arrayGetField": {
      const i = r.params.index;
      return (row) => { const arr = a(row) as unknown[][] | null; return arr === null ? null : arr.map((s) => (s === null ? null : s[i] ?? null)); };
    }
    case "arrayItem":
      return nullSafe2(a, b, (arr: unknown[], i: number) => (i >= 0 && i < arr.length ? arr[i] : null));
    case "mapItem":
      return nullSafe2(a, b, (m: Map<unknown, unknown>, k) => (m.has(k) ? m.get(k) : null));
    case "add": case "subtract": case "multiply": case "divide": case "remainder": {
      const f = arith(r.op, r.dataType);
      return (row) => { const x = a(row); if (x === null) return null; const y = b(row); return y === null ? null : f(x as number, y as number); };
    }
    case "negate": return nullSafe1(a, (x: number) => -x);
    case "eq": return nullSafe2(a, b, equalValues);
    case "neq": return nullSafe2(a, b, (x, y) => !equalValues(x, y));
    case "eqNullSafe": return (row) => { const x = a(row), y = b(row); return x === null || y === null ? x === y : equalValues(x, y); };
    case "lt": case "le": case "gt": case "ge": {
      const test = CMP[r.op];
      return nullSafe2(a, b, (x, y) => test(compareValues(x, y)));
    }
    case "and":
      return (row) => {
        const x = a(row);
        if (x === false) return false;
        const y = b(row);
        if (y === false) return false;
        return x === null || y === null ? null : true;
      };
    case "or":
      return (row) => {
        const x = a(row);
        if (x === true) return true;
        const y = b(row);
        if (y === true) return true;
        return x === null || y === null ? null : false;
      };
    case "not": return nullSafe1(a, (x) => !x);
    case "isnull": return (row) => a(row) === null;
    case "isnotnull": return (row) => a(row) !== null;
    case "in": {
      const list = args.slice(1);
      return (row) => {
        const x = a(row);
        if (x === null) return null;
        let sawNull = false;
        for (const e of list) { const y = e(row); if (y === null) sawNull = true; else if (equalValues(x, y)) return true; }
        return sawNull ? null : false;
      };
    }
    case "like": { const re = likeToRegex(r.params.pattern); return nullSafe1(a, (s: string) => re.test(s)); }
    case "likeall": case "likeany": case "notlikeall": case "notlikeany": {
      const res = (r.params.patterns as string[]).map((p) => likeToRegex(p));
      const not = r.op.startsWith("not"), all = r.op.endsWith("all");
      return nullSafe1(a, (s: string) => (all ? res.every((re) => re.test(s) !== not) : res.some((re) => re.test(s) !== not)));
    }
    case "rlike": { const re = javaRegex(r.params.pattern); return nullSafe1(a, (s: string) => re.test(s)); }
    case "casewhen": {
      const n = Math.floor(args.length / 2);
      const other = r.params.hasElse ? args[args.length - 1] : () => null;
      return (row) => {
        for (let i = 0; i < n; i++) if (args[2 * i](row) === true) return args[2 * i + 1](row);
        return other(row);
      };
    }
    case "coalesce":
      return (row) => { for (const e of args) { const v = e(row); if (v !== null) return v; } return null; };
    case "split": {
      const re = javaRegex(r.params.pattern);
      const limit = r.params.limit;
      if (r.params.pattern === " " && limit <= 0) return nullSafe1(a, (s: string) => s.split(" "));
      return nullSafe1(a, (s: string) => splitJava(s, re, limit));
    }
    case "upper": return nullSafe1(a, (s: string) => s.toUpperCase());
    case "lower": return nullSafe1(a, (s: string) => s.toLowerCase());
    case "trim": return nullSafe1(a, (s: string) => s.replace(/^ +| +$/g, ""));
    case "ltrim": return nullSafe1(a, (s: string) => s.replace(/^ +/, ""));
    case "rtrim": return nullSafe1(a, (s: string) => s.replace(/ +$/, ""));
    case "length": return nullSafe1(a, (s: string) => (typeof s === "string" ? [...s].length : (s as unknown[]).length));
    case "concat": return (row) => { let out = ""; for (const e of args) { const v = e(row); if (v === null) return null; out += v as string; } return out; };
    case "concat_arrays": return (row) => { const out: unknown[] = []; for (const e of args) { const v = e(row); if (v === null) return null; out.push(...(v as unknown[])); } return out; };
    case "concat_ws":
      return (row) => {
        const sep = a(row);
        if (sep === null) return null;
        const parts: string[] = [];
        for (const e of args.slice(1)) { const v = e(row); if (v === null) continue; if (Array.isArray(v)) parts.push(...v.filter((x) => x !== null)); else parts.push(v as string); }
        return parts.join(sep as string);
      };
    case "substring":
      return (row) => {
        const s = a(row) as string | null, pos = b(row) as number | null, len = args[2](row) as number | null;
        if (s === null || pos === null || len === null) return null;
        const chars = [...s];
        let start = pos > 0 ? pos - 1 : pos < 0 ? chars.length + pos : 0;
        let end = start + Math.max(len, 0);
        if (start < 0) start = 0;
        if (end > chars.length) end = chars.length;
        return start >= end ? "" : chars.slice(start, end).join("");
      };
    case "regexp_replace": {
      const c = args[2];
      return (row) => {
        const s = a(row), p = b(row), rep = c(row);
        if (s === null || p === null || rep === null) return null;
        return (s as string).replace(new RegExp(javaRegex(p as string).source, "gu"), (rep as string).replace(/\$(\d)/g, "$$$1"));
      };
    }
    case "regexp_extract": {
      const c = args[2];
      return (row) => {
        const s = a(row), p = b(row), idx = c(row);
        if (s === null || p === null || idx === null) return null;
        const m = javaRegex(p as string).exec(s as string);
        return m ? m[idx as number] ?? "" : "";
      };
    }
    case "contains": return nullSafe2(a, b, (x: string, y: string) => x.includes(y));
    case "startswith": return nullSafe2(a, b, (x: string, y: string) => x.startsWith(y));
    case "endswith": return nullSafe2(a, b, (x: string, y: string) => x.endsWith(y));
    case "size": return (row) => { const v = a(row); return v === null ? -1 : v instanceof Map ? v.size : (v as unknown[]).length; };
    case "array": return (row) => args.map((e) => e(row));
    case "array_contains": return nullSafe2(a, b, (arr: unknown[], v) => arr.some((x) => x !== null && equalValues(x, v)));
    case "struct": return (row) => args.map((e) => e(row));
    case "abs": return nullSafe1(a, Math.abs);
    case "round": {
      const scale = r.params.scale;
      const f = 10 ** scale;
      // HALF_UP rounding, as Spark's round.
      // A value whose scaled magnitude overflows has no digits to drop (round(1e308D, 3) is 1.0E308).
      return nullSafe1(a, (x: number) => (Number.isFinite(x * f) ? Math.sign(x) * Math.round(Math.abs(x) * f) / f : x));
    }
    case "floor": return nullSafe1(a, Math.floor);
    case "ceil": return nullSafe1(a, Math.ceil);
    case "sqrt": return nullSafe1(a, (x: number) => (x < 0 ? NaN : Math.sqrt(x)));
    case "current_timestamp": return () => ctx.nowMicros;
    case "current_date": return () => Math.floor(ctx.nowMicros / 86400e6);
    case "to_timestamp": { const fmt = r.params.fmt as string | undefined; return nullSafe1(a, (s: string) => (fmt === undefined ? parseTimestamp(s) : parseWithPattern(s, fmt))); }
    case "date_format": { const fmt = r.params.fmt; return nullSafe1(a, (us: number) => formatWithPattern(us, fmt)); }
    case "window": {
      const { durationUs, slideUs, startUs } = r.params;
      // Tumbling windows evaluate to one struct; sliding windows are expanded by the aggregate operator.
      return nullSafe1(a, (ts: number) => {
        const start = ts - ((((ts - startUs) % slideUs) + slideUs) % slideUs);
        return [start, start + durationUs];
      });
    }
    case "long_as_number": return nullSafe1(a, (x: number | bigint) => (typeof x === "bigint" ? Number(x) : x));
    case "window_candidates": {
      // The sliding windows containing the timestamp, newest first (Spark's TimeWindowing order).
      const { durationUs, slideUs, startUs } = r.params;
      const n = Math.ceil(durationUs / slideUs);
      return nullSafe1(a, (ts: number) => {
        const lastStart = ts - ((((ts - startUs) % slideUs) + slideUs) % slideUs);
        const out: number[][] = [];
        for (let i = 0; i <= n; i++) {
          const start = lastStart - i * slideUs;
          if (start <= ts && ts < start + durationUs) out.push([start, start + durationUs]);
        }
        return out;
      });
    }
    case "monotonically_increasing_id": { let n = 0; return () => n++; }
    case "from_json": {
      const parse = jsonParser(r.params.schema, r.params.options, r.params.requiredFields, true);
      return (row) => parse(a(row) as string | null);
    }
    case "to_json": {
      const w = jsonWriter(r.args[0].dataType);
      return (row) => w(a(row));
    }
    case "grouping_bit": {
      // grouping(col): bit `shift` of spark_grouping_id (a long, as a number below 2^53).
      const div = 2 ** r.params.shift;
      return (row) => Math.floor(Number(a(row)) / div) % 2;
    }
    case "aggResult":
      throw new IskraError(`internal: unbound aggregate ${r.sql}`);
    case "lambda": return a;
    case "lambdaVar": { const cell = lambdaCell(ctx, r.params.id); return () => cell.value; }
  }
  const hof = HIGHER_ORDER_EVALUATORS[r.op];
  if (hof) return hof(r, args, (i) => (r.args[i]?.kind === "fn" ? (r.args[i] as Resolved & { kind: "fn" }).params.ids.map((id: number) => lambdaCell(ctx, id)) : []));
  const def = registeredFunction(r.op);
  if (def) return def.eval(r, args);
  const more = MORE_EVALUATORS[r.op] ?? MAP_EVALUATORS[r.op] ?? SCALAR_EVALUATORS[r.op] ?? DECIMAL_EVALUATORS[r.op];
  if (more) return more(r, args);
  throw new IskraError(`internal: no evaluator for ${r.op}`);
}

/** All windows (start, end) that contain `ts`, newest last (sliding windows). */
export function slidingWindows(ts: number, durationUs: number, slideUs: number, startUs: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const lastStart = ts - ((((ts - startUs) % slideUs) + slideUs) % slideUs);
  for (let s = lastStart; s > ts - durationUs; s -= slideUs) out.unshift([s, s + durationUs]);
  return out;
}
