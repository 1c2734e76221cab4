/**
 * The differential tester's cases: a seeded generator of random SQL — expressions, aggregations,
 * window queries and joins — drawn from the function registry (src/functions/), so every
 * registered function is exercised. `npm run differential` writes the cases, runs them once on
 * PySpark 3.5 (scripts/spark-oracle/differential.py, one JVM) and stores the truth in
 * test/fixtures/spark-differential.json; test/differential.test.ts replays it without a JVM.
 *
 * Run directly, it prints the cases as JSON: node -r ts-node/register/transpile-only test/differential/generate.ts
 */
import { registeredFamilies } from "../../src/functions/registry";

const SEED = 20260108;
const CASE_COUNT = 160;

/** The kinds of argument a function takes, for the generator (Spark's inputTypes, loosely). */
type Kind = "double" | "int" | "smallint" | "string" | "array" | "regex" | "group" | "url" | "urlpart" | "any";

/** Every registered function's arguments; a function missing here fails the differential test. */
export const SIGNATURES: Record<string, Kind[]> = {
  ...Object.fromEntries(["sin", "cos", "tan", "cot", "sec", "csc", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh",
    "exp", "expm1", "log10", "log2", "log1p", "cbrt", "degrees", "radians"].map((n) => [n, ["double"] as Kind[]])),
  array_append: ["array", "int"],
  array_prepend: ["array", "int"],
  array_compact: ["array"],
  array_repeat: ["any", "smallint"],
  regexp_extract_all: ["string", "regex", "group"],
  regexp_substr: ["string", "regex"],
  url_encode: ["string"],
  url_decode: ["string"],
  parse_url: ["url", "urlpart"],
};

/** What each kind of function returns, so that calls nest: a double slot may hold a double function. */
const RETURNS: Record<string, Kind> = { array_append: "array", array_prepend: "array", array_compact: "array", array_repeat: "array",
  regexp_extract_all: "array", regexp_substr: "string", url_encode: "string", url_decode: "string", parse_url: "string" };

/** The frames both sides create (PySpark and Iskra), as views t and u. */
export const FRAMES = {
  t: { ddl: "id int, k string, x double, s string, arr array<int>", rows: [
    [1, "a", 0.5, "hello world", [3, null, 1]],
    [2, "a", -1.25, "Spark SQL", []],
    [3, "b", 2.25, "http://h.io:81/p/q.html?a=1&b=2#f", [7]],
    [4, "b", null, null, null],
    [5, "c", 10.5, "a+b%20c", [1, 2, 2]],
  ] },
  u: { ddl: "id int, y double", rows: [[1, 0.25], [3, -0.5], [4, 3.75], [6, 1.5]] },
};

/** xorshift32: the same cases on every machine. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 0x100000000;
  };
}

export interface DifferentialCase { id: string; sql: string }

export function generateCases(seed = SEED, count = CASE_COUNT): DifferentialCase[] {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const names = Object.values(registeredFamilies()).flatMap((defs) => defs.map((d) => d.name));
  const returning = (k: Kind): string[] => names.filter((n) => (RETURNS[n] ?? "double") === k);
  const leaf: Record<Kind, string[]> = {
    double: ["x", "id", "x / 3", "0.5D", "-2D", "NULL", "CAST(s AS DOUBLE)"],
    int: ["id", "2", "-1", "NULL"],
    smallint: ["id", "2", "0", "-1"],
    string: ["s", "k", "'a b&c'", "NULL"],
    array: ["arr", "array(1, NULL, 3)", "array(id)"],
    regex: ["'(\\\\w)(\\\\w+)'", "'l+'", "'(o)'", "'[0-9]+'"],
    group: ["0", "1"],
    url: ["s", "'http://u:p@h.io:81/p?a=1&b=2#f'", "'not a url'"],
    urlpart: ["'HOST'", "'QUERY'", "'PATH'", "'REF'", "'PROTOCOL'", "'FILE'", "'AUTHORITY'", "'USERINFO'"],
    any: ["s", "id", "x"],
  };
  const arg = (k: Kind, depth: number): string => {
    const nested = k === "double" || k === "string" || k === "array" ? returning(k) : [];
    if (depth < 2 && nested.length && rnd() < 0.3) return call(pick(nested), depth + 1);
    return pick(leaf[k]);
  };
  const call = (name: string, depth = 0): string => `${name}(${SIGNATURES[name].map((k) => arg(k, depth)).join(", ")})`;
  const doubleCall = (): string => call(pick(returning("double")));
  const cases: DifferentialCase[] = [];
  for (let i = 0; i < count; i++) {
    // Every function once in the first cases, then at random.
    const fn = i < names.length ? names[i] : pick(names);
    const shape = i < names.length ? 0 : Math.floor(rnd() * 4);
    let sql: string;
    if (shape === 0) sql = `SELECT id, ${call(fn)} AS v FROM t ORDER BY id`;
    else if (shape === 1) {
      const agg = pick(["sum", "min", "max", "avg", "count"]);
      sql = `SELECT k, ${agg}(${doubleCall()}) AS v, count(${call(fn)}) AS n FROM t GROUP BY k ORDER BY k`;
    } else if (shape === 2) {
      const w = pick([`sum(${doubleCall()}) OVER (PARTITION BY k ORDER BY id)`, "row_number() OVER (PARTITION BY k ORDER BY id)", `lag(${doubleCall()}) OVER (ORDER BY id)`, `max(${doubleCall()}) OVER (PARTITION BY k)`]);
      sql = `SELECT id, ${call(fn)} AS v, ${w} AS w FROM t ORDER BY id`;
    } else {
      const how = pick(["JOIN", "LEFT JOIN", "FULL OUTER JOIN"]);
      sql = `SELECT t.id, u.id AS uid, ${call(pick(returning("double"))).replace(/\bx\b/g, "u.y").replace(/\bid\b/g, "u.id")} AS v, ${call(fn).replace(/\bid\b/g, "t.id")} AS w FROM t ${how} u ON t.id = u.id ORDER BY t.id, uid`;
    }
    cases.push({ id: `diff.${String(i).padStart(3, "0")}`, sql });
  }
  return cases;
}

if (require.main === module) process.stdout.write(JSON.stringify({ seed: SEED, frames: FRAMES, cases: generateCases() }, null, 1) + "\n");
