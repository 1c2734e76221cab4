/**
 * PySpark's attribute errors for the shell's sessions (`columnAttributes`): a property that is not a
 * member of a reader, writer, query or grouped frame is Python's AttributeError
 * (`'DataStreamReader' object has no attribute 'fromat'`), with the closest members as suggestions
 * (the shell prints them dimmed: Did you mean "format"?). Without it JavaScript would answer
 * `undefined`, and the next call a TypeError that names no Spark class.
 */
import { PythonAttributeError, suggest } from "../errors";

/** Names a caller may probe on any object without meaning an attribute (await, inspect, JSON, test runners). */
const PROBES = new Set(["then", "toJSON", "__esModule", "default", "inspect", "nodeType", "asymmetricMatch", "$$typeof", "constructor", "prototype", "length", "toString", "valueOf"]);

/** The public members of an object (own and inherited, without `_private` ones). */
export function memberNames(obj: object): string[] {
  const names = new Set<string>();
  for (let p: object | null = obj; p && p !== Object.prototype; p = Object.getPrototypeOf(p))
    for (const k of Object.getOwnPropertyNames(p)) if (!k.startsWith("_") && k !== "constructor") names.add(k);
  return [...names];
}

/** Python's AttributeError for `key` on an object PySpark calls `pyClass`; `receiver` is the object the learner holds. */
export function attributeError(pyClass: string, key: string, candidates: string[], receiver: object): PythonAttributeError {
  const e = new PythonAttributeError(`'${pyClass}' object has no attribute '${key}'`);
  e.suggestions = suggest(key, candidates);
  e.pythonClass = pyClass;
  e.attribute = key;
  e.receiver = receiver;
  return e;
}

/** Whether `key` on `target` is an attribute the object does not have (not a probe, not private). */
export function isMissingAttribute(target: object, key: string | symbol): key is string {
  return typeof key === "string" && !(key in target) && !key.startsWith("_") && !PROBES.has(key);
}

/** `obj` answering an unknown attribute with PySpark's AttributeError; every member works as on `obj`. */
export function withPythonAttributes<T extends object>(obj: T, pyClass: string): T {
  const proxy: T = new Proxy(obj, {
    get(target, key, receiver) {
      if (isMissingAttribute(target, key)) throw attributeError(pyClass, key, memberNames(target), proxy);
      return Reflect.get(target, key, receiver);
    },
  });
  return proxy;
}
