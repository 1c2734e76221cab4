/**
 * Timestamps are microseconds since the epoch (UTC). Parsing and printing use the session time
 * zone (`spark.sql.session.timeZone`, default: this machine's zone), as Spark does. Each session
 * runs its executions inside `withTimeZone(zone, …)`; outside one, the machine's zone applies.
 * The zone follows asynchronous work too: what `f` starts and continues after an await (a
 * foreachBatch function, a sink) keeps `zone` (AsyncLocalStorage), so two sessions' queries
 * running at once each parse and print in their own zone.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { daysFromCivil, daysInMonth, utcMs } from "../types/calendar";
import { formatTokens, namesZone, patternTokens } from "./datetime-pattern";

import { DEFAULT_TIME_ZONE } from "../config/sql-conf";
export { DEFAULT_TIME_ZONE };

interface Zone {
  name: string;
  utc: boolean;
  /** UTC hour → offset (ms). */
  offsets: Map<number, number>;
  formatter?: Intl.DateTimeFormat;
}

const zones = new Map<string, Zone>();
function zoneNamed(name: string): Zone {
  let z = zones.get(name);
  if (!z) {
    // Validate: Intl throws a RangeError for an unknown zone.
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    z = { name, utc: name === "UTC" || name === "Etc/UTC" || name === "GMT", offsets: new Map() };
    zones.set(name, z);
  }
  return z;
}

const machine: Zone = zoneNamed(DEFAULT_TIME_ZONE);
/** The zone of a synchronous withTimeZone section (depth > 0): the hot path, no lookup. */
let syncZone: Zone = machine;
let depth = 0;
/** The zone of asynchronous work started inside a withTimeZone. */
const asyncZone = new AsyncLocalStorage<Zone>();
const zoneNow = (): Zone => (depth > 0 ? syncZone : (asyncZone.getStore() ?? machine));

/** Throws a RangeError when `name` is not a zone Intl knows. */
export function checkTimeZone(name: string): void {
  zoneNamed(name);
}

/** Runs `f` (synchronously) with `zone` as the time zone of parsing and printing. */
export function withTimeZone<T>(zone: string, f: () => T): T {
  const z = zoneNamed(zone);
  const saved = syncZone;
  syncZone = z;
  depth++;
  try {
    return asyncZone.run(z, f);
  } finally {
    depth--;
    syncZone = saved;
  }
}

/** The zone parsing and printing use right now. */
export function currentTimeZone(): string {
  return zoneNow().name;
}

/** Offset of the current zone from UTC, in ms, at the UTC instant `instantMs` (cached per hour). */
export function zoneOffsetMs(instantMs: number): number {
  const z = zoneNow();
  if (z.utc) return 0;
  const hour = Math.floor(instantMs / 3600000);
  const hit = z.offsets.get(hour);
  if (hit !== undefined) return hit;
  z.formatter ??= new Intl.DateTimeFormat("en-US", {
    timeZone: z.name, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
  });
  const parts = Object.fromEntries(z.formatter.formatToParts(new Date(hour * 3600000)).map((p) => [p.type, p.value]));
  const asUtc = utcMs(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  const off = asUtc - hour * 3600000;
  if (z.offsets.size > 10000) z.offsets.clear();
  z.offsets.set(hour, off);
  return off;
}

/** Local wall-clock fields → UTC ms (resolving the offset at that instant). */
function localToUtcMs(localMs: number): number {
  if (zoneNow().utc) return localMs;
  let utc = localMs - zoneOffsetMs(localMs);
  utc = localMs - zoneOffsetMs(utc);
  return utc;
}

const pad2 = (n: number): string => (n < 10 ? "0" + n : "" + n);

/** `yyyy-MM-dd HH:mm:ss[.ffffff]` with trailing zeros of the fraction trimmed (Spark's cast to string). */
export function formatTimestamp(us: number): string {
  const ms = Math.floor(us / 1000);
  const local = ms + zoneOffsetMs(ms);
  const d = new Date(local);
  const y = d.getUTCFullYear();
  let s = `${y < 1000 ? String(y).padStart(4, "0") : y}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
  const frac = ((us % 1000000) + 1000000) % 1000000;
  if (frac) s += "." + String(frac).padStart(6, "0").replace(/0+$/, "");
  return s;
}

export function formatDate(days: number): string {
  const d = new Date(days * 86400000);
  const y = d.getUTCFullYear();
  return `${y >= 0 && y < 1000 ? String(y).padStart(4, "0") : y}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

const TS_RE = /^\s*([+-]?\d{4,6})(?:-(\d{1,2})(?:-(\d{1,2})(?:(?:[ T](\d{1,2})(?::(\d{1,2})(?::(\d{1,2})(?:\.(\d*))?)?)?)?\s*(Z|[+-]\d{1,2}(?::?\d{2})?|(?:UTC|GMT)(?:[+-]\d{1,2}(?::?\d{2})?)?|[A-Za-z]+\/[A-Za-z_]+)?)?)?)?\s*$/;

const digit = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
};

/** The common `yyyy-MM-dd HH:mm:ss[.f…]` shape, parsed without a regex; undefined when it does not fit. */
function parseCommonTimestamp(s: string): number | null | undefined {
  const n = s.length;
  if (n < 19 || n > 26 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return undefined;
  const sep = s.charCodeAt(10);
  if (sep !== 32 && sep !== 84) return undefined;
  let v = 0;
  const num = (from: number, len: number): number => {
    v = 0;
    for (let i = from; i < from + len; i++) { const d = digit(s, i); if (d < 0) return -1; v = v * 10 + d; }
    return v;
  };
  const year = num(0, 4), month = num(5, 2), day = num(8, 2), hour = num(11, 2), minute = num(14, 2), second = num(17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  let fracUs = 0;
  if (n > 19) {
    if (s.charCodeAt(19) !== 46) return undefined;
    let scale = 100000;
    for (let i = 20; i < n; i++) { const d = digit(s, i); if (d < 0) return undefined; fracUs += d * scale; scale /= 10; }
  }
  if (day > 28 && day > daysInMonth(year, month)) return null;
  return localToUtcMs(utcMs(year, month - 1, day, hour, minute, second)) * 1000 + fracUs;
}

/** Spark's stringToTimestamp: null when the text is not a timestamp. */
export function parseTimestamp(text: string): number | null {
  const fast = parseCommonTimestamp(text);
  if (fast !== undefined) return fast;
  const m = TS_RE.exec(text);
  if (!m) return null;
  const [, ys, mo = "1", da = "1", hh = "0", mi = "0", ss = "0", frac = "", zone] = m;
  const year = +ys, month = +mo, day = +da, hour = +hh, minute = +mi, second = +ss;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  if (day > daysInMonth(year, month)) return null;
  const fracUs = frac ? Number((frac + "000000").slice(0, 6)) : 0;
  const wall = utcMs(year, month - 1, day, hour, minute, second);
  let instant: number;
  if (!zone) instant = localToUtcMs(wall);
  else if (zone === "Z") instant = wall;
  else {
    const zm = /^(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?$/.exec(zone);
    if (zm) instant = wall - (zm[1] === "-" ? -1 : 1) * (+zm[2] * 3600000 + (+(zm[3] ?? 0)) * 60000);
    else if (/^(UTC|GMT)$/.test(zone)) instant = wall;
    else {
      try {
        instant = withTimeZone(zone, () => localToUtcMs(wall));
      } catch {
        return null;
      }
    }
  }
  return instant * 1000 + fracUs;
}

export function parseDate(text: string): number | null {
  const m = /^\s*([+-]?\d{4,6})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[ T].*)?\s*$/.exec(text);
  if (!m) return null;
  const year = +m[1], month = +(m[2] ?? 1), day = +(m[3] ?? 1);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return Math.floor(utcMs(year, month - 1, day) / 86400000);
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const MONTH_RE = "(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";

/** The regex group of one pattern letter run when parsing. */
function parseGroup(c: string, n: number): string {
  switch (c) {
    case "a": return "(AM|PM|am|pm)";
    case "S": return `(\\d{${n}})`;
    case "y": return n === 2 ? "(\\d{2})" : "(\\d{4,})";
    case "M": case "L": return n >= 3 ? MONTH_RE : n === 1 ? "(\\d{1,2})" : "(\\d{2})";
    case "E": return "([A-Za-z]+)";
    case "z": case "V": return "([A-Za-z][A-Za-z0-9_/+\\-:]*)";
    case "X": case "x": case "Z": case "O": return "(Z|(?:GMT|UTC)?[+-]\\d{1,2}(?::?\\d{2})?|GMT|UTC)";
    default: return n === 1 ? "(\\d{1,2})" : `(\\d{${n}})`;
  }
}

/** UTC ms of wall-clock `wall` in the zone or offset text `zone` (z, VV, X, Z fields); NaN when unknown. */
function wallInZone(wall: number, zone: string): number {
  if (zone === "Z" || zone === "UTC" || zone === "GMT") return wall;
  const zm = /^(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?$/.exec(zone);
  if (zm) return wall - (zm[1] === "-" ? -1 : 1) * (+zm[2] * 3600000 + (+(zm[3] ?? 0)) * 60000);
  try {
    return withTimeZone(zone, () => localToUtcMs(wall));
  } catch {
    return NaN;
  }
}

/**
 * Parses `text` with a datetime pattern (to_timestamp, to_date, unix_timestamp, from_json's
 * timestampFormat): numbers, month names, AM/PM, fractions, quoted literals and zone fields
 * (z, VV, X, Z, O); null when the text does not fit. Spark's pattern errors are raised first.
 */
export function parseWithPattern(text: string, pattern: string): number | null {
  let re = "";
  const fields: string[] = [];
  for (const t of patternTokens(pattern)) {
    if ("lit" in t) re += escapeRe(t.lit);
    else { fields.push(t.letter); re += parseGroup(t.letter, t.n); }
  }
  const m = new RegExp(`^${re}$`).exec(text);
  if (!m) return null;
  let year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, fracUs = 0, pm: boolean | undefined, zone: string | undefined;
  fields.forEach((f, k) => {
    const v = m[k + 1];
    switch (f) {
      case "y": year = v.length === 2 ? 2000 + +v : +v; break;
      case "M": case "L": month = /^\d/.test(v) ? +v : MONTH_RE.slice(1).split("|").indexOf(v) % 12 + 1; break;
      case "d": day = +v; break;
      case "H": case "k": hour = +v % 24; break;
      case "h": case "K": hour = +v % 12; break;
      case "m": minute = +v; break;
      case "s": second = +v; break;
      case "S": fracUs = Number((v + "000000").slice(0, 6)); break;
      case "a": pm = v.toUpperCase() === "PM"; break;
      case "z": case "V": case "X": case "x": case "Z": case "O": zone = v; break;
    }
  });
  if (pm) hour += 12;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return null;
  const wall = utcMs(year, month - 1, day, hour, minute, second);
  const instant = zone === undefined ? localToUtcMs(wall) : wallInZone(wall, zone);
  return Number.isNaN(instant) ? null : instant * 1000 + fracUs;
}

/** Microseconds now (current_timestamp). */
export function nowMicros(): number {
  return Date.now() * 1000;
}

/** Intl's short and long names of the current zone at a UTC instant (PST/PDT, Coordinated Universal Time). */
function zoneNames(ms: number): { short: string; long: string } {
  const z = zoneNow();
  const name = (style: "short" | "long") =>
    new Intl.DateTimeFormat("en-US", { timeZone: z.name, timeZoneName: style }).formatToParts(new Date(ms)).find((p) => p.type === "timeZoneName")?.value ?? z.name;
  return { short: name("short"), long: name("long") };
}

/** A timestamp as `pattern` (Spark 3's datetime pattern letters) prints it in the session zone. */
export function formatWithPattern(us: number, pattern: string): string {
  const tokens = patternTokens(pattern);
  const ms = Math.floor(us / 1000);
  const off = zoneOffsetMs(ms);
  const local = ms + off;
  const d = new Date(local);
  const year = d.getUTCFullYear();
  const days = Math.floor(local / 86400000);
  const names = namesZone(tokens) ? zoneNames(ms) : { short: "", long: "" };
  return formatTokens(tokens, {
    year, month: d.getUTCMonth() + 1, day: d.getUTCDate(), dayOfYear: days - daysFromCivil(year, 1, 1) + 1, dayOfWeek: d.getUTCDay(),
    hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), micros: ((us % 1000000) + 1000000) % 1000000,
    offsetSec: Math.round(off / 1000), zoneId: zoneNow().name, zoneShort: names.short, zoneLong: names.long,
  });
}
