/**
 * Spark 3's datetime patterns (java.time's DateTimeFormatter letters, as
 * sql-ref-datetime-pattern describes them): a pattern is checked once, as Spark's
 * DateTimeFormatterHelper checks it, then formats wall-clock fields.
 *
 * The errors are Spark's: week-based letters and the letters Spark removed fail with
 * IllegalArgumentException; a pattern java.time rejects but the legacy SimpleDateFormat accepted
 * (`YYYY`, `aa`, `MMMMMM`) fails with [INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_PATTERN_RECOGNITION].
 */
import { IllegalArgumentException, SparkUpgradeException } from "../errors";

type PatternToken = { lit: string } | { letter: string; n: number };

/** The most letters of a run java.time accepts (absent: any count). */
const MAX_RUN: Record<string, number> = {
  G: 5, M: 5, L: 5, d: 2, D: 3, Q: 5, q: 5, E: 5, a: 1, H: 2, k: 2, K: 2, h: 2, m: 2, s: 2, S: 9,
  z: 4, V: 2, O: 4, X: 5, x: 5, Z: 5, F: 1,
};
/** SimpleDateFormat's letters: a pattern made only of these was valid before Spark 3.0. */
const LEGACY_LETTERS = new Set("GyYMLwWDdFEuaHkKhmsSzZX");
const WEEK_BASED = new Set("YWwuec");
const REMOVED = new Set("AnNp");

function upgradeError(pattern: string): SparkUpgradeException {
  return new SparkUpgradeException(
    `You may get a different result due to the upgrading to Spark >= 3.0:\nFail to recognize '${pattern}' pattern in the DateTimeFormatter. 1) You can set "spark.sql.legacy.timeParserPolicy" to "LEGACY" to restore the behavior before Spark 3.0. 2) You can form a valid datetime pattern with the guide from 'https://spark.apache.org/docs/latest/sql-ref-datetime-pattern.html'.`,
    "INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_PATTERN_RECOGNITION",
  );
}

const cache = new Map<string, PatternToken[]>();

function tokenize(pattern: string): PatternToken[] {
  const tokens: PatternToken[] = [];
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i];
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      const text = end < 0 ? pattern.slice(i + 1) : pattern.slice(i + 1, end);
      tokens.push({ lit: text === "" ? "'" : text });
      i = end < 0 ? pattern.length : end + 1;
    } else if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (pattern[j] === c) j++;
      tokens.push({ letter: c, n: j - i });
      i = j;
    } else {
      tokens.push({ lit: c });
      i++;
    }
  }
  return tokens;
}

/** The pattern's tokens, or Spark's error for a pattern it does not accept. */
export function patternTokens(pattern: string): PatternToken[] {
  const hit = cache.get(pattern);
  if (hit) return hit;
  const tokens = tokenize(pattern);
  const runs = tokens.filter((t): t is { letter: string; n: number } => "letter" in t);
  const legacyValid = runs.every((t) => LEGACY_LETTERS.has(t.letter));
  for (const { letter: c, n } of runs) {
    if (WEEK_BASED.has(c)) {
      if (legacyValid) throw upgradeError(pattern);
      throw new IllegalArgumentException(`All week-based patterns are unsupported since Spark 3.0, detected: ${c}, Please use the SQL function EXTRACT instead`);
    }
    if (REMOVED.has(c) || ((c === "Q" || c === "q") && n > 4)) throw new IllegalArgumentException(`Illegal pattern character: ${c}`);
    if (!(c in MAX_RUN) && c !== "y") throw legacyValid ? upgradeError(pattern) : new IllegalArgumentException(`Unknown pattern letter: ${c}`);
    if (n > (MAX_RUN[c] ?? Infinity) || (c === "V" && n !== 2)) {
      if (legacyValid) throw upgradeError(pattern);
      throw new IllegalArgumentException(`Too many pattern letters: ${c}`);
    }
  }
  if (cache.size > 1000) cache.clear();
  cache.set(pattern, tokens);
  return tokens;
}

/** The wall-clock fields a pattern formats (local time in the session zone). */
export interface WallClock {
  year: number; month: number; day: number; dayOfYear: number; dayOfWeek: number; // 0 = Sunday
  hour: number; minute: number; second: number; micros: number;
  /** Offset from UTC in seconds, the zone's id and its short and long names at that instant. */
  offsetSec: number; zoneId: string; zoneShort: string; zoneLong: string;
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const ORDINAL = ["1st", "2nd", "3rd", "4th"];

const pad = (v: number, n: number): string => (v < 0 ? "-" + String(-v).padStart(n, "0") : String(v).padStart(n, "0"));
const named = (full: string, n: number): string => (n === 4 ? full : n === 5 ? full[0] : full.slice(0, 3));

/** ±HH[MM] / ±HH:MM offsets (X, x, Z, O). */
function offset(sec: number, colon: boolean, minutes: "always" | "nonzero"): string {
  const a = Math.abs(sec), h = Math.floor(a / 3600), m = Math.floor((a % 3600) / 60);
  const mm = minutes === "always" || m ? (colon ? ":" : "") + pad(m, 2) : "";
  return (sec < 0 ? "-" : "+") + pad(h, 2) + mm;
}

function localizedOffset(sec: number, full: boolean): string {
  if (sec === 0) return "GMT";
  if (full) return "GMT" + offset(sec, true, "always");
  const a = Math.abs(sec), m = Math.floor((a % 3600) / 60);
  return `GMT${sec < 0 ? "-" : "+"}${Math.floor(a / 3600)}${m ? ":" + pad(m, 2) : ""}`;
}

function field(c: string, n: number, w: WallClock): string {
  const num = (v: number): string => pad(v, n);
  switch (c) {
    case "G": return n === 4 ? "Anno Domini" : n === 5 ? "A" : "AD";
    case "y": return n === 2 ? pad(w.year % 100, 2) : pad(w.year, n);
    case "M": case "L": return n <= 2 ? num(w.month) : named(MONTHS[w.month - 1], n);
    case "d": return num(w.day);
    case "D": return num(w.dayOfYear);
    case "F": return num(Math.floor((w.day - 1) / 7) + 1);
    case "Q": case "q": { const q = Math.floor((w.month - 1) / 3) + 1; return n <= 2 ? num(q) : n === 3 ? `Q${q}` : `${ORDINAL[q - 1]} quarter`; }
    case "E": return named(DAYS[w.dayOfWeek], n <= 3 ? 3 : n);
    case "a": return w.hour < 12 ? "AM" : "PM";
    case "H": return num(w.hour);
    case "k": return num(w.hour === 0 ? 24 : w.hour);
    case "K": return num(w.hour % 12);
    case "h": return num(((w.hour + 11) % 12) + 1);
    case "m": return num(w.minute);
    case "s": return num(w.second);
    case "S": return String(w.micros).padStart(6, "0").padEnd(9, "0").slice(0, n);
    case "z": return n === 4 ? w.zoneLong : w.zoneShort;
    case "V": return w.zoneId;
    case "X": return w.offsetSec === 0 ? "Z" : offset(w.offsetSec, n === 3 || n === 5, n === 1 ? "nonzero" : "always");
    case "x": return offset(w.offsetSec, n === 3 || n === 5, n === 1 ? "nonzero" : "always");
    case "Z": return n === 4 ? localizedOffset(w.offsetSec, true) : n === 5 ? (w.offsetSec === 0 ? "Z" : offset(w.offsetSec, true, "always")) : offset(w.offsetSec, false, "always");
    case "O": return localizedOffset(w.offsetSec, n === 4);
    default: return "";
  }
}

/** Does the pattern print zone names (so the caller must look them up)? */
export const namesZone = (tokens: PatternToken[]): boolean => tokens.some((t) => "letter" in t && t.letter === "z");

/** The text of `w` in `tokens` (from patternTokens). */
export function formatTokens(tokens: PatternToken[], w: WallClock): string {
  let s = "";
  for (const t of tokens) s += "lit" in t ? t.lit : field(t.letter, t.n, w);
  return s;
}
