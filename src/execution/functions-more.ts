/**
 * Evaluators for the functions typed in analysis/catalog-more.ts: each takes the resolved call
 * and its compiled arguments and returns `(row) => value`, with SQL's null semantics (a null
 * input gives null unless the function says otherwise).
 */
import { nullStrict } from "../functions/definition";
import * as crypto from "node:crypto";
import * as zlib from "node:zlib";
import { IskraError } from "../errors";
import { Resolved } from "../plan/resolved";
import type { InternalRow } from "../connector-api/source";
import { compareValues, longValue, valueKey } from "../values/values";
import { murmurValue, xxhashValue } from "./aggregates/hash-values";
import { formatWithPattern, parseWithPattern, zoneOffsetMs } from "../values/timestamps";
import { utcMs } from "../types/calendar";

type Evaluator = (row: InternalRow) => unknown;
type Fn = Resolved & { kind: "fn" };
type Maker = (r: Fn, args: Evaluator[]) => Evaluator;

/** An evaluator that is null when any argument is, else `f` of the arguments. */
export const strict = nullStrict;

const chars = (s: string): string[] => [...s];
const bytesOf = (v: unknown): Buffer => (typeof v === "string" ? Buffer.from(v, "utf8") : Buffer.from(v as Uint8Array));
const same = (a: unknown, b: unknown): boolean => a === b || (typeof a === "object" && a !== null && valueKey(a) === valueKey(b)) || (Number.isNaN(a) && Number.isNaN(b));
const DAY_US = 86400e6;

/** Local wall-clock fields of a timestamp in the session zone. */
function localDate(us: number): Date {
  const ms = Math.floor(us / 1000);
  return new Date(ms + zoneOffsetMs(ms));
}
const dateOfDays = (days: number): Date => new Date(days * 86400000);
const daysOf = (y: number, m0: number, d: number): number => Math.floor(utcMs(y, m0, d) / 86400000);

function pad(s: string, len: number, p: string, left: boolean): string {
  const cs = chars(s);
  if (len <= 0) return "";
  if (cs.length >= len) return cs.slice(0, len).join("");
  const ps = chars(p);
  if (!ps.length) return s;
  const fill: string[] = [];
  while (fill.length < len - cs.length) fill.push(ps[fill.length % ps.length]);
  return left ? fill.join("") + s : s + fill.join("");
}

function padBytes(s: Uint8Array, len: number, p: Uint8Array, left: boolean): Buffer {
  if (len <= 0) return Buffer.alloc(0);
  if (s.length >= len || !p.length) return Buffer.from(s.subarray(0, len));
  const fill = Buffer.alloc(len - s.length);
  for (let i = 0; i < fill.length; i++) fill[i] = p[i % p.length];
  return Buffer.concat(left ? [fill, s] : [s, fill]);
}

function substringIndex(s: string, delim: string, count: number): string {
  if (count === 0 || delim === "") return "";
  if (count > 0) {
    let idx = -1;
    for (let i = 0; i < count; i++) { idx = s.indexOf(delim, idx + 1); if (idx < 0) return s; }
    return s.slice(0, idx);
  }
  let idx = s.length;
  for (let i = 0; i < -count; i++) { idx = s.lastIndexOf(delim, idx - 1); if (idx < 0) return s; }
  return s.slice(idx + delim.length);
}

function hexOf(v: unknown): string {
  if (typeof v === "number" || typeof v === "bigint") return BigInt.asUintN(64, BigInt(v)).toString(16).toUpperCase();
  return bytesOf(v).toString("hex").toUpperCase();
}

function unhex(s: string): Uint8Array | null {
  const t = s.length % 2 ? "0" + s : s;
  if (!/^[0-9a-fA-F]*$/.test(t)) return null;
  return Buffer.from(t, "hex");
}

/** Java's String.format for the common conversions (%s %d %f %x %%, with width/precision). */
function formatString(fmt: string, values: unknown[]): string {
  let k = 0;
  return fmt.replace(/%(-)?(0)?(\d+)?(?:\.(\d+))?([sdfxXb%n])/g, (_m, minus, zero, width, prec, conv: string) => {
    if (conv === "%") return "%";
    if (conv === "n") return "\n";
    const v = values[k++];
    let s: string;
    if (v === null || v === undefined) s = prec === undefined ? "null" : "null".slice(0, Number(prec)); // Java: the precision cuts "null"
    else if (conv === "d") s = String(typeof v === "number" ? Math.trunc(v) : v);
    else if (conv === "f") s = Number(v).toFixed(prec === undefined ? 6 : Number(prec));
    else if (conv === "x" || conv === "X") s = BigInt(v as number).toString(16);
    else if (conv === "b") s = String(v !== null && v !== false);
    else s = prec === undefined ? String(v) : String(v).slice(0, Number(prec));
    if (conv === "X") s = s.toUpperCase();
    if (width && s.length < Number(width)) s = minus ? s.padEnd(Number(width)) : zero ? s.padStart(Number(width), "0") : s.padStart(Number(width));
    return s;
  });
}

function sortArray(arr: unknown[], asc: boolean, nullsFirst: boolean): unknown[] {
  const nulls = arr.filter((x) => x === null);
  const rest = arr.filter((x) => x !== null).sort((a, b) => (asc ? compareValues(a, b) : compareValues(b, a)));
  return nullsFirst ? [...nulls, ...rest] : [...rest, ...nulls];
}

function distinct(arr: unknown[]): unknown[] {
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const x of arr) {
    const k = x === null ? "\u0000null" : valueKey(x);
    if (!seen.has(k)) { seen.add(k); out.push(x); }
  }
  return out;
}
const keyOf = (x: unknown): string => (x === null ? "\u0000null" : valueKey(x));

/** get_json_object: the value at a `$.a.b[0]` path; strings unquoted, the rest as compact JSON. */
function jsonPath(text: string, path: string): string | null {
  if (!path.startsWith("$")) return null;
  let v: unknown;
  try { v = JSON.parse(text); } catch { return null; }
  const steps = path.slice(1).match(/\.[^.[\]]+|\[\d+\]|\['[^']*'\]|\[\*\]/g) ?? [];
  if (steps.join("") !== path.slice(1)) return null;
  for (const s of steps) {
    if (v === null || v === undefined) return null;
    if (s.startsWith(".")) v = typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>)[s.slice(1)] : undefined;
    else if (s.startsWith("['")) v = typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>)[s.slice(2, -2)] : undefined;
    else if (s === "[*]") { if (!Array.isArray(v)) return null; }
    else v = Array.isArray(v) ? v[Number(s.slice(1, -1))] : undefined;
  }
  if (v === undefined || v === null) return null;
  return typeof v === "string" ? v : JSON.stringify(v);
}

function addMonths(days: number, n: number): number {
  const d = dateOfDays(days);
  const y = d.getUTCFullYear(), m = d.getUTCMonth() + n, day = d.getUTCDate();
  const last = new Date(utcMs(y, m + 1, 0)).getUTCDate();
  return daysOf(y, m, Math.min(day, last));
}

function truncDate(days: number, unit: string): number | null {
  const d = dateOfDays(days);
  const y = d.getUTCFullYear(), m = d.getUTCMonth();
  switch (unit) {
    case "YEAR": case "YYYY": case "YY": return daysOf(y, 0, 1);
    case "QUARTER": return daysOf(y, m - (m % 3), 1);
    case "MONTH": case "MM": case "MON": return daysOf(y, m, 1);
    case "WEEK": return days - ((d.getUTCDay() + 6) % 7);
    default: return null;
  }
}

function truncTimestamp(us: number, unit: string): number | null {
  const units: Record<string, number> = { MICROSECOND: 1, MILLISECOND: 1000, SECOND: 1e6, MINUTE: 60e6, HOUR: 3600e6 };
  const ms = Math.floor(us / 1000);
  const off = zoneOffsetMs(ms) * 1000;
  if (units[unit]) { const local = us + off; return local - (((local % units[unit]) + units[unit]) % units[unit]) - off; }
  const days = Math.floor((us + off) / DAY_US);
  const t = unit === "DAY" || unit === "DD" ? days : truncDate(days, unit);
  if (t === null) return null;
  const localUs = t * DAY_US;
  return localUs - zoneOffsetMs(localUs / 1000 - zoneOffsetMs(localUs / 1000)) * 1000;
}

/** Spark's DateTimeUtils.monthsBetween: whole months when the days match (or are both month ends). */
function monthsBetween(t1: number, t2: number, roundOff: boolean): number {
  const a = localDate(t1), b = localDate(t2);
  const monthDiff = (a.getUTCFullYear() - b.getUTCFullYear()) * 12 + (a.getUTCMonth() - b.getUTCMonth());
  const lastDay = (d: Date) => d.getUTCDate() === new Date(utcMs(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  if (a.getUTCDate() === b.getUTCDate() || (lastDay(a) && lastDay(b))) return monthDiff;
  const secs = (d: Date) => d.getUTCHours() * 3600 + d.getUTCMinutes() * 60 + d.getUTCSeconds();
  const secondsDiff = (a.getUTCDate() - b.getUTCDate()) * 86400 + secs(a) - secs(b);
  const diff = monthDiff + secondsDiff / (31 * 86400);
  return roundOff ? Math.round(diff * 1e8) / 1e8 : diff;
}

const FACTORIALS: bigint[] = [1n];
for (let i = 1; i <= 20; i++) FACTORIALS.push(FACTORIALS[i - 1] * BigInt(i));

function bround(x: number, scale: number): number {
  const f = 10 ** scale;
  const v = x * f;
  const r = Math.round(v);
  const even = Math.abs(v % 1) === 0.5 ? (r % 2 === 0 ? r : r - 1) : r;
  return even / f;
}

export const MORE_EVALUATORS: Record<string, Maker> = {
  identity: (_r, [a]) => a,
  concat_binary: (_r, a) => strict(a, (...bs: Uint8Array[]) => Buffer.concat(bs)),
  // --- strings -----------------------------------------------------------------------------
  substring_index: (_r, a) => strict(a, (s: string, d: string, n: number) => substringIndex(s, d, n)),
  lpad: (_r, a) => strict(a, (s: string, n: number, p: string) => pad(s, n, p, true)),
  lpad_binary: (_r, a) => strict(a, (s: Uint8Array, n: number, p: Uint8Array) => padBytes(s, n, p, true)),
  rpad_binary: (_r, a) => strict(a, (s: Uint8Array, n: number, p: Uint8Array) => padBytes(s, n, p, false)),
  rpad: (_r, a) => strict(a, (s: string, n: number, p: string) => pad(s, n, p, false)),
  initcap: (_r, a) => strict(a, (s: string) => s.toLowerCase().split(" ").map((w) => (w ? w[0].toUpperCase() + w.slice(1) : w)).join(" ")),
  hex: (_r, a) => strict(a, hexOf),
  unhex: (_r, a) => strict(a, unhex),
  reverse: (_r, a) => strict(a, (s: string) => chars(s).reverse().join("")),
  array_reverse: (_r, a) => strict(a, (x: unknown[]) => [...x].reverse()),
  repeat: (_r, a) => strict(a, (s: string, n: number) => (n > 0 ? s.repeat(n) : "")),
  instr: (_r, a) => strict(a, (s: string, sub: string) => chars(s.slice(0, Math.max(0, s.indexOf(sub)))).length + (s.includes(sub) ? 1 : 0)),
  locate: (_r, [sub, str, pos]) => (row) => {
    const p = pos(row) as number | null;
    if (p === null) return 0;
    const x = sub(row) as string | null, s = str(row) as string | null;
    if (x === null || s === null) return null;
    if (p < 1) return 0;
    const cs = chars(s);
    const i = cs.slice(p - 1).join("").indexOf(x);
    return i < 0 ? 0 : chars(cs.slice(p - 1).join("").slice(0, i)).length + p;
  },
  translate: (_r, a) => strict(a, (s: string, from: string, to: string) => {
    const f = chars(from), t = chars(to);
    const map = new Map<string, string | null>();
    f.forEach((c, i) => { if (!map.has(c)) map.set(c, i < t.length ? t[i] : null); });
    return chars(s).map((c) => (map.has(c) ? map.get(c) ?? "" : c)).join("");
  }),
  ascii: (_r, a) => strict(a, (s: string) => (s.length ? s.codePointAt(0)! : 0)),
  left: (_r, a) => strict(a, (s: string, n: number) => (n <= 0 ? "" : chars(s).slice(0, n).join(""))),
  right: (_r, a) => strict(a, (s: string, n: number) => (n <= 0 ? "" : chars(s).slice(-n).join(""))),
  base64: (_r, a) => strict(a, (b: unknown) => bytesOf(b).toString("base64")),
  unbase64: (_r, a) => strict(a, (s: string) => Buffer.from(s, "base64")),
  octet_length: (_r, a) => strict(a, (v: unknown) => bytesOf(v).length),
  bit_length: (_r, a) => strict(a, (v: unknown) => bytesOf(v).length * 8),
  format_string: (_r, [f, ...rest]) => (row) => {
    const fmt = f(row) as string | null;
    return fmt === null ? null : formatString(fmt, rest.map((e) => e(row)));
  },

  // --- arrays ------------------------------------------------------------------------------
  sort_array: (r, a) => strict(a, (x: unknown[]) => sortArray(x, r.params.asc, r.params.nullsFirst)),
  array_join: (_r, [arr, d, rep]) => (row) => {
    const x = arr(row) as unknown[] | null, delim = d(row) as string | null;
    if (x === null || delim === null) return null;
    const nullText = rep ? (rep(row) as string | null) : undefined;
    if (nullText === null) return null;
    return x.flatMap((v) => (v === null ? (nullText === undefined ? [] : [nullText]) : [v])).join(delim);
  },
  element_at: (_r, a) => strict(a, (x: unknown[], i: number) => {
    if (i === 0) throw new IskraError("[INVALID_INDEX_OF_ZERO] The index 0 is invalid. An index shall be either < 0 or > 0 (the first element has index 1).");
    const v = i > 0 ? x[i - 1] : x[x.length + i];
    return v === undefined ? null : v;
  }),
  map_element_at: (_r, a) => strict(a, (m: Map<unknown, unknown>, k: unknown) => {
    for (const [key, v] of m) if (same(key, k)) return v;
    return null;
  }),
  array_distinct: (_r, a) => strict(a, distinct),
  array_max: (_r, a) => strict(a, (x: unknown[]) => x.reduce<unknown>((m, v) => (v !== null && (m === null || compareValues(v, m) > 0) ? v : m), null)),
  array_min: (_r, a) => strict(a, (x: unknown[]) => x.reduce<unknown>((m, v) => (v !== null && (m === null || compareValues(v, m) < 0) ? v : m), null)),
  flatten: (_r, a) => strict(a, (x: unknown[][]) => (x.some((e) => e === null) ? null : x.flat())),
  slice: (_r, a) => strict(a, (x: unknown[], start: number, len: number) => {
    if (start === 0) throw new IskraError("[INVALID_PARAMETER_VALUE.START] The value of parameter(s) `start` in `slice` is invalid: Expects a positive or a negative value for `start`, but got 0.");
    if (len < 0) throw new IskraError(`[INVALID_PARAMETER_VALUE.LENGTH] The value of parameter(s) \`length\` in \`slice\` is invalid: Expects \`length\` greater than or equal to 0, but got ${len}.`);
    const from = start > 0 ? start - 1 : x.length + start;
    if (from < 0 || from >= x.length) return [];
    return x.slice(from, from + len);
  }),
  array_position: (_r, a) => strict(a, (x: unknown[], v: unknown) => { const i = x.findIndex((e) => e !== null && same(e, v)); return i + 1; }),
  array_remove: (_r, a) => strict(a, (x: unknown[], v: unknown) => x.filter((e) => e === null || !same(e, v))),
  array_union: (_r, a) => strict(a, (x: unknown[], y: unknown[]) => distinct([...x, ...y])),
  array_intersect: (_r, a) => strict(a, (x: unknown[], y: unknown[]) => { const ys = new Set(y.map(keyOf)); return distinct(x.filter((e) => ys.has(keyOf(e)))); }),
  array_except: (_r, a) => strict(a, (x: unknown[], y: unknown[]) => { const ys = new Set(y.map(keyOf)); return distinct(x.filter((e) => !ys.has(keyOf(e)))); }),
  arrays_overlap: (_r, a) => strict(a, (x: unknown[], y: unknown[]) => {
    const ys = new Set(y.filter((e) => e !== null).map(keyOf));
    if (x.some((e) => e !== null && ys.has(keyOf(e)))) return true;
    return x.length && y.length && (x.includes(null) || y.includes(null)) ? null : false;
  }),
  sequence: (_r, [a, b, c]) => (row) => {
    const start = a(row) as number | null, stop = b(row) as number | null;
    const step = c ? (c(row) as number | null) : start !== null && stop !== null && start <= stop ? 1 : -1;
    if (start === null || stop === null || step === null) return null;
    if (step === 0 || (step > 0 && start > stop) || (step < 0 && start < stop)) {
      if (start === stop) return [start];
      throw new IskraError(`[_LEGACY_ERROR_TEMP_2060] Illegal sequence boundaries: ${start} to ${stop} by ${step}`);
    }
    const out: number[] = [];
    for (let v = start; step > 0 ? v <= stop : v >= stop; v += step) out.push(v);
    return out;
  },

  // --- hashes ------------------------------------------------------------------------------
  hash: (r, a) => (row) => { let h = 42; a.forEach((e, i) => { h = murmurValue(e(row), r.params.types[i], h); }); return h; },
  xxhash64: (r, a) => (row) => { let h = 42n; a.forEach((e, i) => { h = xxhashValue(e(row), r.params.types[i], h); }); return longValue(BigInt.asIntN(64, h)); },
  md5: (_r, a) => strict(a, (b: unknown) => crypto.createHash("md5").update(bytesOf(b)).digest("hex")),
  sha1: (_r, a) => strict(a, (b: unknown) => crypto.createHash("sha1").update(bytesOf(b)).digest("hex")),
  sha2: (_r, a) => strict(a, (b: unknown, bits: number) => {
    const alg = ({ 0: "sha256", 224: "sha224", 256: "sha256", 384: "sha384", 512: "sha512" } as Record<number, string>)[bits];
    return alg ? crypto.createHash(alg).update(bytesOf(b)).digest("hex") : null;
  }),
  crc32: (_r, a) => strict(a, (b: unknown) => (zlib as unknown as { crc32(b: Buffer): number }).crc32(bytesOf(b))),

  // --- dates and times ---------------------------------------------------------------------
  hour: (_r, a) => strict(a, (us: number) => localDate(us).getUTCHours()),
  minute: (_r, a) => strict(a, (us: number) => localDate(us).getUTCMinutes()),
  second: (_r, a) => strict(a, (us: number) => localDate(us).getUTCSeconds()),
  year: (_r, a) => strict(a, (d: number) => dateOfDays(d).getUTCFullYear()),
  month: (_r, a) => strict(a, (d: number) => dateOfDays(d).getUTCMonth() + 1),
  dayofmonth: (_r, a) => strict(a, (d: number) => dateOfDays(d).getUTCDate()),
  dayofweek: (_r, a) => strict(a, (d: number) => dateOfDays(d).getUTCDay() + 1),
  weekday: (_r, a) => strict(a, (d: number) => (dateOfDays(d).getUTCDay() + 6) % 7),
  dayofyear: (_r, a) => strict(a, (d: number) => d - daysOf(dateOfDays(d).getUTCFullYear(), 0, 1) + 1),
  quarter: (_r, a) => strict(a, (d: number) => Math.floor(dateOfDays(d).getUTCMonth() / 3) + 1),
  weekofyear: (_r, a) => strict(a, (d: number) => {
    const dt = dateOfDays(d);
    const thursday = d + 3 - ((dt.getUTCDay() + 6) % 7);
    return Math.floor((thursday - daysOf(dateOfDays(thursday).getUTCFullYear(), 0, 1)) / 7) + 1;
  }),
  to_date_fmt: (r, a) => strict(a, (s: string) => {
    const us = parseWithPattern(s, r.params.fmt);
    if (us === null) return null;
    const ms = us / 1000;
    return Math.floor((ms + zoneOffsetMs(ms)) / 86400000);
  }),
  date_add: (_r, a) => strict(a, (d: number, n: number) => d + n),
  date_sub: (_r, a) => strict(a, (d: number, n: number) => d - n),
  add_months: (_r, a) => strict(a, (d: number, n: number) => addMonths(d, n)),
  datediff: (_r, a) => strict(a, (end: number, start: number) => end - start),
  last_day: (_r, a) => strict(a, (d: number) => { const dt = dateOfDays(d); return daysOf(dt.getUTCFullYear(), dt.getUTCMonth() + 1, 0); }),
  unix_seconds_now: () => () => Math.floor(Date.now() / 1000),
  unix_timestamp: (r, a) => strict(a, (v: string | number) => {
    const us = typeof v === "number" ? v : parseWithPattern(v, r.params.fmt);
    return us === null ? null : Math.floor(us / 1e6);
  }),
  from_unixtime: (r, a) => strict(a, (s: number) => formatWithPattern(Number(s) * 1e6, r.params.fmt)),
  months_between: (r, a) => strict(a, (t1: number, t2: number) => monthsBetween(t1, t2, r.params.roundOff)),
  trunc: (r, a) => strict(a, (d: number) => truncDate(d, r.params.unit)),
  date_trunc: (r, a) => strict(a, (us: number) => truncTimestamp(us, r.params.unit)),

  // --- JSON --------------------------------------------------------------------------------
  get_json_object: (_r, a) => strict(a, jsonPath),

  // --- conditionals ------------------------------------------------------------------------
  nullif: (_r, [a, b]) => (row) => { const x = a(row), y = b(row); return x !== null && y !== null && same(x, y) ? null : x; },
  nvl2: (_r, [a, b, c]) => (row) => (a(row) !== null ? b(row) : c(row)),
  if: (_r, [a, b, c]) => (row) => (a(row) === true ? b(row) : c(row)),
  greatest: (_r, a) => (row) => a.reduce<unknown>((m, e) => { const v = e(row); return v !== null && (m === null || compareValues(v, m) > 0) ? v : m; }, null),
  least: (_r, a) => (row) => a.reduce<unknown>((m, e) => { const v = e(row); return v !== null && (m === null || compareValues(v, m) < 0) ? v : m; }, null),

  // --- math --------------------------------------------------------------------------------
  pow: (_r, a) => strict(a, (x: number, y: number) => x ** y),
  ln: (_r, a) => strict(a, (x: number) => (x <= 0 ? null : Math.log(x))),
  log: (_r, a) => strict(a, (b: number, x: number) => (b <= 0 || x <= 0 ? null : Math.log(x) / Math.log(b))),
  signum: (_r, a) => strict(a, (x: number) => (Number.isNaN(x) ? NaN : Math.sign(x) + 0)),
  pmod: (_r, a) => strict(a, (x: number, y: number) => { if (Number(y) === 0) return null; const m = x % y; return m < 0 ? (m + y) % y : m; }),
  bround: (r, a) => strict(a, (x: number) => bround(x, r.params.scale)),
  factorial: (_r, a) => strict(a, (n: number) => (n < 0 || n > 20 ? null : longValue(FACTORIALS[n]))),
};


