/**
 * Evaluators for the scalar family typed in analysis/catalog-scalar.ts (bitwise operators,
 * maths, strings, regular expressions, dates/time zones, null handling), with Spark 3.5's
 * results: a null input gives null unless the function says otherwise.
 */
import { SparkRuntimeException } from "../errors";
import { Resolved } from "../plan/resolved";
import type { InternalRow } from "../connector-api/source";
import { compareValues, longValue, valueKey } from "../values/values";
import { strict } from "./functions-more";
import { javaRegex, likeToRegex } from "../values/regex";
import { checkTimeZone, withTimeZone, zoneOffsetMs } from "../values/timestamps";
import { utcMs } from "../types/calendar";

type Evaluator = (row: InternalRow) => unknown;
type Fn = Resolved & { kind: "fn" };
type Maker = (r: Fn, args: Evaluator[]) => Evaluator;

const big = (v: unknown): bigint => (typeof v === "bigint" ? v : BigInt(Math.trunc(Number(v))));
/** Wraps an integral result to the operand type's width (Java's overflow). */
const wrap = (r: Fn, v: bigint): number | bigint => (r.dataType.sql() === "BIGINT" ? longValue(BigInt.asIntN(64, v)) : Number(BigInt.asIntN(r.dataType.sql() === "INT" ? 32 : r.dataType.sql() === "SMALLINT" ? 16 : r.dataType.sql() === "TINYINT" ? 8 : 64, v)));
const chars = (s: string): string[] => [...s];

function soundex(s: string): string {
  const up = s.toUpperCase();
  if (!up || up[0] < "A" || up[0] > "Z") return s;
  const code = (c: string): string => {
    const i = "ABCDEFGHIJKLMNOPQRSTUVWXYZ".indexOf(c);
    return i < 0 ? "" : "01230120022455012623010202"[i];
  };
  let out = up[0];
  let last = code(up[0]);
  for (let i = 1; i < up.length && out.length < 4; i++) {
    const c = up[i];
    const k = code(c);
    if (k === "") { last = ""; continue; }
    if (c === "H" || c === "W") continue;
    if (k !== "0" && k !== last) out += k;
    last = k;
  }
  return out.padEnd(4, "0");
}

function levenshtein(a: string, b: string): number {
  const x = chars(a), y = chars(b);
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length];
}

/** Java's Long.toString(n, radix) of an unsigned 64-bit value, as Spark's conv. */
function conv(s: string, from: number, to: number): string | null {
  const digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  let t = s.trim().toUpperCase();
  const neg = t.startsWith("-");
  if (neg) t = t.slice(1);
  let v = 0n;
  let any = false;
  for (const c of t) {
    const d = digits.indexOf(c);
    if (d < 0 || d >= Math.abs(from)) break;
    v = v * BigInt(Math.abs(from)) + BigInt(d);
    any = true;
  }
  if (!any) return t.length ? "0" : null;
  v = BigInt.asUintN(64, neg ? -v : v);
  if (to < 0 && BigInt.asIntN(64, v) < 0n) return "-" + (-BigInt.asIntN(64, v)).toString(-to).toUpperCase();
  return v.toString(Math.abs(to)).toUpperCase();
}

function formatNumber(x: number, d: number): string | null {
  if (d < 0) return null;
  // DecimalFormat's HALF_EVEN on the double's exact value.
  const scaled = Math.abs(x) * 10 ** d;
  const f = Math.floor(scaled);
  const rounded = scaled - f > 0.5 || (scaled - f === 0.5 && f % 2 !== 0) ? f + 1 : f;
  const fixed = (rounded / 10 ** d).toFixed(d);
  const [int, frac] = fixed.split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return (x < 0 && Number(fixed) !== 0 ? "-" : "") + grouped + (frac ? "." + frac : "");
}

/** A regex argument compiled once when it is a literal, per row otherwise. */
function regexOf(pattern: unknown, cache: Map<string, RegExp>, flags = ""): RegExp {
  const p = String(pattern);
  let re = cache.get(p);
  if (!re) { re = javaRegex(p, flags); cache.set(p, re); }
  return re;
}

const DAY_US = 86400e6;
const UNIT_US: Record<string, number> = { MICROSECOND: 1, MILLISECOND: 1e3, SECOND: 1e6, MINUTE: 60e6, HOUR: 3600e6, DAY: DAY_US, DAYOFYEAR: DAY_US, WEEK: 7 * DAY_US };
const MONTHS: Record<string, number> = { MONTH: 1, QUARTER: 3, YEAR: 12 };

/** The session zone's wall clock of a UTC instant, as UTC fields. */
const localMs = (us: number): number => { const ms = Math.floor(us / 1000); return ms + zoneOffsetMs(ms); };
const fromLocalMs = (local: number): number => { let utc = local - zoneOffsetMs(local); utc = local - zoneOffsetMs(utc); return utc; };
const fracUs = (us: number): number => ((us % 1000) + 1000) % 1000;

function addMonthsLocal(us: number, months: number): number {
  const d = new Date(localMs(us));
  const y = d.getUTCFullYear(), m = d.getUTCMonth() + months;
  const last = new Date(utcMs(y, m + 1, 0)).getUTCDate();
  const moved = utcMs(y, m, Math.min(d.getUTCDate(), last), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
  return fromLocalMs(moved) * 1000 + fracUs(us);
}

function monthsDiff(a: number, b: number): number {
  const x = new Date(localMs(a)), y = new Date(localMs(b));
  let months = (y.getUTCFullYear() - x.getUTCFullYear()) * 12 + (y.getUTCMonth() - x.getUTCMonth());
  // A month counts when the later day/time of month has been reached.
  const rest = (d: Date, us: number) => ((d.getUTCDate() * 24 + d.getUTCHours()) * 60 + d.getUTCMinutes()) * 60e6 + d.getUTCSeconds() * 1e6 + d.getUTCMilliseconds() * 1e3 + fracUs(us);
  if (months > 0 && rest(y, b) < rest(x, a)) months--;
  if (months < 0 && rest(y, b) > rest(x, a)) months++;
  return months;
}

const DAY_NAMES: Record<string, number> = { SU: 0, SUN: 0, SUNDAY: 0, MO: 1, MON: 1, MONDAY: 1, TU: 2, TUE: 2, TUESDAY: 2, WE: 3, WED: 3, WEDNESDAY: 3, TH: 4, THU: 4, THURSDAY: 4, FR: 5, FRI: 5, FRIDAY: 5, SA: 6, SAT: 6, SATURDAY: 6 };

function zoneOffsetIn(zone: string, utcMs: number): number {
  try { checkTimeZone(zone); } catch { return NaN; }
  return withTimeZone(zone, () => zoneOffsetMs(utcMs));
}

export const SCALAR_EVALUATORS: Record<string, Maker> = {
  // --- dates, timestamps and ANSI intervals (analysis/datetime-arithmetic.ts) --------------------
  ts_add_months: (_r, a) => strict(a, (us: number, months: number) => addMonthsLocal(us, months)),
  date_diff_interval: (_r, a) => strict(a, (x: number, y: number) => (x - y) * 86400e6),
  interval_days: (_r, a) => strict(a, (us: number) => Math.trunc(us / 86400e6)),
  interval_multiply: (_r, a) => strict(a, (v: number, n: number) => Math.round(v * Number(n))),
  interval_divide: (_r, a) => strict(a, (v: number, n: number) => (Number(n) === 0 ? null : Math.round(v / Number(n)))),
  // --- operators -------------------------------------------------------------------------------
  bit_and: (r, a) => strict(a, (x, y) => wrap(r, big(x) & big(y))),
  bit_or: (r, a) => strict(a, (x, y) => wrap(r, big(x) | big(y))),
  bit_xor: (r, a) => strict(a, (x, y) => wrap(r, big(x) ^ big(y))),
  bit_not: (r, a) => strict(a, (x) => wrap(r, ~big(x))),
  ilike: (_r, [s, p]) => { const cache = new Map<string, RegExp>(); return strict([s, p], (x: string, pat: string) => {
    let re = cache.get(pat);
    if (!re) { re = likeToRegex(pat, "iu"); cache.set(pat, re); }
    return re.test(x);
  }); },

  // --- maths -----------------------------------------------------------------------------------
  hypot: (_r, a) => strict(a, (x: number, y: number) => Math.sqrt(x * x + y * y)), // as Java's StrictMath.hypot rounds here
  atan2: (_r, a) => strict(a, (y: number, x: number) => Math.atan2(y, x)),
  rint: (_r, a) => strict(a, (x: number) => { const f = Math.floor(x), d = x - f; return d > 0.5 || (d === 0.5 && f % 2 !== 0) ? f + 1 : f; }),
  conv: (_r, a) => strict(a, (s: string, from: number, to: number) => (Math.abs(from) < 2 || Math.abs(from) > 36 || Math.abs(to) < 2 || Math.abs(to) > 36 ? null : conv(s, from, to))),
  bin: (_r, a) => strict(a, (x) => BigInt.asUintN(64, big(x)).toString(2)),
  shiftleft: (r, a) => strict(a, (x, n: number) => wrap(r, big(x) << BigInt(n & (r.dataType.sql() === "BIGINT" ? 63 : 31)))),
  shiftright: (r, a) => strict(a, (x, n: number) => wrap(r, big(x) >> BigInt(n & (r.dataType.sql() === "BIGINT" ? 63 : 31)))),
  shiftrightunsigned: (r, a) => strict(a, (x, n: number) => {
    const bits = r.dataType.sql() === "BIGINT" ? 64 : 32;
    return wrap(r, BigInt.asUintN(bits, big(x)) >> BigInt(n & (bits - 1)));
  }),
  width_bucket: (_r, a) => strict(a, (v: number, lo: number, hi: number, n) => {
    const buckets = Number(n);
    if (buckets <= 0 || lo === hi || [v, lo, hi].some((x) => !Number.isFinite(x))) return null;
    if (lo < hi) return v < lo ? 0 : v >= hi ? buckets + 1 : Math.floor(((v - lo) / (hi - lo)) * buckets) + 1;
    return v > lo ? 0 : v <= hi ? buckets + 1 : Math.floor(((lo - v) / (lo - hi)) * buckets) + 1;
  }),
  try_divide: (_r, a) => strict(a, (x: number, y: number) => (y === 0 ? null : x / y)),
  try_add: (r, a) => strict(a, (x, y) => tryIntegral(r, x, y, (p, q) => p + q, (p, q) => p + q)),
  try_subtract: (r, a) => strict(a, (x, y) => tryIntegral(r, x, y, (p, q) => p - q, (p, q) => p - q)),
  try_multiply: (r, a) => strict(a, (x, y) => tryIntegral(r, x, y, (p, q) => p * q, (p, q) => p * q)),
  format_number: (_r, a) => strict(a, (x: number, d: number) => formatNumber(x, d)),

  // --- strings ---------------------------------------------------------------------------------
  btrim: (_r, a) => strict(a, (s: string, cs: string) => { const set = new Set(chars(cs)); const c = chars(s); let i = 0, j = c.length; while (i < j && set.has(c[i])) i++; while (j > i && set.has(c[j - 1])) j--; return c.slice(i, j).join(""); }),
  ltrim_chars: (_r, a) => strict(a, (s: string, cs: string) => { const set = new Set(chars(cs)); const c = chars(s); let i = 0; while (i < c.length && set.has(c[i])) i++; return c.slice(i).join(""); }),
  rtrim_chars: (_r, a) => strict(a, (s: string, cs: string) => { const set = new Set(chars(cs)); const c = chars(s); let j = c.length; while (j > 0 && set.has(c[j - 1])) j--; return c.slice(0, j).join(""); }),
  soundex: (_r, a) => strict(a, soundex),
  levenshtein: (_r, a) => strict(a, (x: string, y: string, max?: number) => { const d = levenshtein(x, y); return max !== undefined && d > max ? -1 : d; }),
  split_part: (_r, a) => strict(a, (s: string, delim: string, n: number) => {
    if (n === 0) throw new SparkRuntimeException("The index 0 is invalid. An index shall be either < 0 or > 0 (the first element has index 1).", "INVALID_INDEX_OF_ZERO");
    const parts = delim === "" ? [s] : s.split(delim);
    const i = n > 0 ? n - 1 : parts.length + n;
    return i >= 0 && i < parts.length ? parts[i] : "";
  }),
  overlay: (_r, a) => strict(a, (s: string, rep: string, pos: number, len: number) => {
    const c = chars(s);
    const n = len >= 0 ? len : chars(rep).length;
    return c.slice(0, Math.max(pos - 1, 0)).join("") + rep + c.slice(Math.max(pos - 1 + n, 0)).join("");
  }),
  chr: (_r, a) => strict(a, (n: number) => (n < 0 ? "" : String.fromCharCode(n % 256))),
  space: (_r, a) => strict(a, (n: number) => " ".repeat(Math.max(n, 0))),
  elt: (_r, [i, ...xs]) => (row) => { const n = i(row) as number | null; return n === null || n < 1 || n > xs.length ? null : xs[n - 1](row); },
  find_in_set: (_r, a) => strict(a, (s: string, list: string) => (s.includes(",") ? 0 : list.split(",").indexOf(s) + 1)),
  mask: (_r, [s, up, low, dig, other]) => (row) => {
    const x = s(row) as string | null;
    if (x === null) return null;
    const [u, l, d, o] = [up(row), low(row), dig(row), other(row)] as Array<string | null>;
    return chars(x).map((c) => (/[A-Z]/.test(c) ? u ?? c : /[a-z]/.test(c) ? l ?? c : /[0-9]/.test(c) ? d ?? c : o ?? c)).join("");
  },
  regexp_like: (_r, a) => { const cache = new Map<string, RegExp>(); return strict(a, (s: string, p: string) => regexOf(p, cache).test(s)); },
  regexp_count: (_r, a) => { const cache = new Map<string, RegExp>(); return strict(a, (s: string, p: string) => (s.match(regexOf(p, cache, "g")) ?? []).length); },

  // --- dates and time zones --------------------------------------------------------------------
  make_date: (_r, a) => strict(a, (y: number, m: number, d: number) => {
    const ms = utcMs(y, m - 1, d);
    const dt = new Date(ms);
    return m < 1 || m > 12 || dt.getUTCDate() !== d || dt.getUTCMonth() !== m - 1 ? null : Math.floor(ms / 86400000);
  }),
  make_timestamp: (_r, a) => (row) => {
    const xs = a.map((e) => e(row)) as Array<number | string | null>;
    if (xs.slice(0, 6).some((x) => x === null)) return null;
    const [y, mo, d, h, mi, sec] = xs as number[];
    const whole = Math.floor(sec);
    if (mo < 1 || mo > 12 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 60) return null;
    const local = utcMs(y, mo - 1, d, h, mi, whole);
    if (new Date(local).getUTCDate() !== d) return null;
    const utc = xs[6] != null ? local - zoneOffsetIn(String(xs[6]), local) : fromLocalMs(local);
    return Number.isNaN(utc) ? null : utc * 1000 + Math.round((sec - whole) * 1e6);
  },
  next_day: (_r, a) => strict(a, (d: number, name: string) => {
    const want = DAY_NAMES[name.trim().toUpperCase()];
    if (want === undefined) return null;
    const dow = new Date(d * 86400000).getUTCDay();
    return d + (((want - dow + 7) % 7) || 7);
  }),
  from_utc_timestamp: (_r, a) => strict(a, (us: number, zone: string) => { const off = zoneOffsetIn(zone, Math.floor(us / 1000)); return Number.isNaN(off) ? null : us + off * 1000; }),
  to_utc_timestamp: (_r, a) => strict(a, (us: number, zone: string) => {
    const local = Math.floor(us / 1000);
    let off = zoneOffsetIn(zone, local);
    if (Number.isNaN(off)) return null;
    off = zoneOffsetIn(zone, local - off);
    return us - off * 1000;
  }),
  timestamp_seconds: (_r, a) => strict(a, (s: number) => Math.round(s * 1e6)),
  unix_seconds: (_r, a) => strict(a, (us: number) => Math.floor(us / 1e6)),
  timestampadd: (r, a) => strict(a, (n, us: number) => {
    const unit = r.params.unit as string;
    if (MONTHS[unit]) return addMonthsLocal(us, Number(n) * MONTHS[unit]);
    if (unit === "DAY" || unit === "WEEK" || unit === "DAYOFYEAR") {
      const days = Number(n) * (unit === "WEEK" ? 7 : 1);
      return fromLocalMs(localMs(us) + days * 86400000) * 1000 + fracUs(us);
    }
    return us + Number(n) * UNIT_US[unit];
  }),
  timestampdiff: (r, a) => strict(a, (x: number, y: number) => {
    const unit = r.params.unit as string;
    if (MONTHS[unit]) return Math.trunc(monthsDiff(x, y) / MONTHS[unit]);
    if (unit === "DAY" || unit === "WEEK" || unit === "DAYOFYEAR") return Math.trunc((localMs(y) * 1000 + fracUs(y) - (localMs(x) * 1000 + fracUs(x))) / UNIT_US[unit]);
    return Math.trunc((y - x) / UNIT_US[unit]);
  }),
  dow_iso: (_r, a) => strict(a, (d: number) => ((new Date(d * 86400000).getUTCDay() + 6) % 7) + 1),

  // --- null handling ---------------------------------------------------------------------------
  isnull: (_r, [a]) => (row) => a(row) === null,
  isnotnull: (_r, [a]) => (row) => a(row) !== null,
  isnan: (_r, [a]) => (row) => Number.isNaN(a(row)),
  nanvl: (_r, [a, b]) => (row) => { const x = a(row); return Number.isNaN(x) ? b(row) : x; },
  equal_null: (_r, [a, b]) => (row) => {
    const x = a(row), y = b(row);
    if (x === null || y === null) return x === y;
    return compareValues(x, y) === 0 || (typeof x === "object" && valueKey(x) === valueKey(y));
  },
};

function tryIntegral(r: Fn, x: unknown, y: unknown, f: (a: number, b: number) => number, g: (a: bigint, b: bigint) => bigint): unknown {
  const t = r.dataType.sql();
  if (t === "DOUBLE" || t === "FLOAT") return f(Number(x), Number(y));
  const bits = t === "BIGINT" ? 64 : t === "INT" ? 32 : t === "SMALLINT" ? 16 : t === "TINYINT" ? 8 : 0;
  if (!bits) return f(Number(x), Number(y));
  const v = g(big(x), big(y));
  return BigInt.asIntN(bits, v) === v ? (bits === 64 ? longValue(v) : Number(v)) : null;
}
