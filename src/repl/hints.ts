/**
 * One line of advice under an error, for the mistakes a learner with the PySpark handout makes:
 * a misspelt format or name ("did you mean"), a Python name typed in TypeScript (`True`,
 * `None`, `host_name`, `len`, `print`), a type given without `()`. Spark's own message stays as
 * Spark prints it; the hint is extra and says so by being separate.
 */
import type { Lang } from "../../lessons/lesson-format";
import { suggest } from "../index";

/** Python spellings and their TypeScript forms in this shell. */
const PYTHON_NAMES: Record<string, string> = {
  True: "true",
  False: "false",
  None: "null",
  print: "console.log(…)",
  len: "x.length (an array) or df.count() (a DataFrame)",
  str: "String(x)",
  int: "Number(x)",
  host_name: "hostName",
  socket: "hostName (socket.gethostname() in the handout)",
  self: "this",
  elif: "else if",
  def: "function f(df, batchId) { … }",
  lambda: "(x) => …",
};

const say = (lang: Lang, en: string, pl: string) => (lang === "pl" ? pl : en);

/** The hint for an error, or undefined. `scope` holds the names the learner can use. */
export function hintFor(e: unknown, scope: Record<string, unknown>, lang: Lang): string | undefined {
  const own = (e as { hint?: unknown })?.hint;
  if (typeof own === "string" && own) return own;
  const missingStart = forgotStart(e, scope, lang);
  if (missingStart) return missingStart;
  const suggestions = (e as { suggestions?: unknown })?.suggestions;
  if (Array.isArray(suggestions) && suggestions.length)
    return say(lang, `Did you mean ${orList(suggestions, "or")}?`, `Czy chodziło o ${orList(suggestions, "czy")}?`);
  if (!(e instanceof Error)) return undefined;
  const undef = /^(\S+) is not defined$/.exec(e.message);
  if (e.name === "ReferenceError" && undef) {
    const name = undef[1];
    const ts = PYTHON_NAMES[name];
    if (ts) return say(lang, `\`${name}\` is Python; in TypeScript write ${ts}.`, `\`${name}\` to Python; w TypeScripcie: ${ts}.`);
    const close = suggest(name, Object.keys(scope).filter((k) => !k.startsWith("__")));
    if (close.length) return say(lang, `Did you mean ${orList(close, "or")}?`, `Czy chodziło o ${orList(close, "czy")}?`);
    return undefined;
  }
  const notFn = /^([A-Za-z_$][\w$]*)\.([A-Za-z_$][\w$]*) is not a function$/.exec(e.message);
  if (e.name === "TypeError" && notFn && scope[notFn[1]] && typeof scope[notFn[1]] === "object") {
    const close = suggest(notFn[2], propertyNames(scope[notFn[1]]));
    if (close.length) return say(lang, `Did you mean ${orList(close.map((c) => `${notFn[1]}.${c}`), "or")}?`, `Czy chodziło o ${orList(close.map((c) => `${notFn[1]}.${c}`), "czy")}?`);
  }
  const bareType = /^dataType <class 'pyspark\.sql\.types\.(\w+)'>/.exec(e.message) ?? /got DataTypeSingleton/.exec(e.message);
  if (bareType) {
    const name = bareType[1] ?? "StringType";
    return say(lang, `A type is written with parentheses: ${name}().`, `Typ zapisuje się z nawiasami: ${name}().`);
  }
  return undefined;
}

function orList(names: readonly string[], or: string): string {
  const q = names.map((n) => `"${n}"`);
  return q.length === 1 ? q[0] : `${q.slice(0, -1).join(", ")} ${or} ${q[q.length - 1]}`;
}

/** An object's property and method names, its prototypes' too (without Object's own). */
function propertyNames(o: unknown): string[] {
  const names = new Set<string>();
  for (let p = o; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) for (const k of Object.getOwnPropertyNames(p)) if (!k.startsWith("_") && k !== "constructor") names.add(k);
  return [...names];
}

/** What a StreamingQuery has and a DataStreamWriter has not. */
const QUERY_MEMBERS = new Set(["stop", "awaitTermination", "isActive", "status", "lastProgress", "recentProgress", "exception", "processAllAvailable", "explain", "id", "runId", "name"]);

/** `w.stop()` on a writer: `.start()` was forgotten (the writer is not a query yet). */
function forgotStart(e: unknown, scope: Record<string, unknown>, lang: Lang): string | undefined {
  const a = e as { name?: string; pythonClass?: string; attribute?: string; receiver?: unknown };
  if (a?.name !== "AttributeError" || a.pythonClass !== "DataStreamWriter" || !QUERY_MEMBERS.has(a.attribute ?? "")) return undefined;
  const held = Object.keys(scope).find((k) => scope[k] === a.receiver);
  const w = held ? `\`${held}\`` : say(lang, "this", "to");
  return say(
    lang,
    `${w} is a DataStreamWriter, not a query: .start() is missing (q = ${held ?? "writer"}.start(), then q.${a.attribute}).`,
    `${w} to DataStreamWriter, a nie zapytanie: brakuje .start() (q = ${held ?? "writer"}.start(), potem q.${a.attribute}).`,
  );
}
