/**
 * Tab completion: names in the scope and globals; after a dot, the members of the object the
 * path names (`df.` → DataFrame methods and its columns, `spark.readStream.` → the reader's
 * methods). Only plain property reads are made (getters included), never calls.
 */
import { COMMAND_NAMES } from "./commands";

const KEYWORDS = ["await", "const", "let", "function", "async", "for", "of", "if", "else", "return", "new", "true", "false", "null", "undefined", "class", "typeof"];

function membersOf(obj: unknown): string[] {
  const names = new Set<string>();
  if (obj === null || obj === undefined) return [];
  let o: unknown = typeof obj === "object" || typeof obj === "function" ? obj : Object(obj);
  let depth = 0;
  while (o && o !== Object.prototype && o !== Function.prototype && depth < 6) {
    for (const k of Object.getOwnPropertyNames(o)) if (!k.startsWith("_") && k !== "constructor" && !/^\d+$/.test(k)) names.add(k);
    o = Object.getPrototypeOf(o);
    depth++;
  }
  // A DataFrame's columns are attributes too (df.house), as in PySpark.
  const cols = (() => {
    try {
      const c = (obj as { columns?: unknown }).columns;
      return Array.isArray(c) ? (c as string[]) : [];
    } catch {
      return [];
    }
  })();
  for (const c of cols) if (/^[A-Za-z_$][\w$]*$/.test(c)) names.add(c);
  for (const internal of ["internals", "plan", "with", "refs"]) names.delete(internal); // engine internals, not API
  return [...names].sort();
}

function resolvePath(scope: Record<string, unknown>, parts: string[]): unknown {
  let v: unknown = parts[0] in scope ? scope[parts[0]] : (globalThis as Record<string, unknown>)[parts[0]];
  for (const p of parts.slice(1)) {
    if (v === null || v === undefined) return undefined;
    try {
      v = (v as Record<string, unknown>)[p];
    } catch {
      return undefined;
    }
  }
  return v;
}

function columnsOf(v: unknown): string[] {
  try {
    const c = (v as { columns?: unknown } | null)?.columns;
    return Array.isArray(c) ? c.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

/**
 * Inside a string argument (`df.select("ho`, `col("ho`): the columns of the DataFrame the call is
 * on, or of every DataFrame in the scope when the call has no receiver.
 */
function completeColumn(line: string, scope: Record<string, unknown>): [string[], string] | undefined {
  const open = /(["'])([^"'\\]*)$/.exec(line);
  if (!open || (line.slice(0, open.index).split(open[1]).length - 1) % 2 !== 0) return undefined;
  const before = line.slice(0, open.index);
  if (!/[(,\[]\s*$/.test(before)) return undefined;
  const frag = open[2];
  const call = /([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\.[A-Za-z_$][\w$]*\((?:[^()]*)$/.exec(before);
  let cols = call ? columnsOf(resolvePath(scope, call[1].split("."))) : [];
  if (!cols.length) cols = [...new Set(Object.values(scope).flatMap((v) => (v && typeof v === "object" ? columnsOf(v) : [])))];
  return [cols.filter((c) => c.startsWith(frag)).sort(), frag];
}

/** readline's completer: [candidates, the fragment they complete]. */
export function complete(line: string, scope: Record<string, unknown>): [string[], string] {
  if (/^\s*\.\w*$/.test(line)) {
    const frag = line.trim();
    return [COMMAND_NAMES.filter((c) => c.startsWith(frag)), frag];
  }
  const inString = completeColumn(line, scope);
  if (inString) return inString;
  const m = /([A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*)\s*\.\s*([\w$]*)$/.exec(line);
  if (m) {
    const parts = m[1].split(".").map((s) => s.trim());
    const obj = resolvePath(scope, parts);
    const frag = m[2];
    return [membersOf(obj).filter((n) => n.startsWith(frag)), frag];
  }
  const w = /([A-Za-z_$][\w$]*)$/.exec(line);
  const frag = w ? w[1] : "";
  if (!frag) return [[], ""];
  const names = new Set<string>([...Object.keys(scope), ...KEYWORDS, ...Object.getOwnPropertyNames(globalThis).filter((n) => /^[a-z]/.test(n))]);
  return [[...names].filter((n) => n.startsWith(frag) && !n.startsWith("__")).sort(), frag];
}
