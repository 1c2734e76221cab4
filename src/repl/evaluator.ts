/**
 * The evaluator shared by the REPL, `.run`, `.replay` and `npm run lesson`: runs TypeScript input
 * in one persistent scope (see transpile.ts), awaits the value of the input when it is a promise or
 * thenable (so `df.show()` blocks like PySpark's), and never throws: every outcome is a result.
 */
import * as vm from "node:vm";
import { analyse } from "./transpile";
import type { PythonDef } from "./python/translate";
import { withPythonArity } from "./python/values";
import { looksLikePython, looksLikeTypeScript, pythonIncomplete, runawayString } from "./python/detect";

export class KeyboardInterrupt extends Error {
  constructor() {
    super("");
    this.name = "KeyboardInterrupt";
  }
}

export type EvalResult =
  | { kind: "incomplete" }
  | { kind: "value"; value: unknown; hasValue: boolean }
  | { kind: "error"; error: unknown; syntax?: boolean };

export interface HistoryEntry {
  code: string;
  ok: boolean;
  at: number;
}

export interface EvaluateOptions {
  /** Aborting rejects the wait with KeyboardInterrupt (the work itself goes on, as in PySpark). */
  signal?: AbortSignal;
  /** Record the input in the history (default true). */
  record?: boolean;
  /** Python input was translated: here is the TypeScript that runs (and is recorded). */
  onTranslated?: (ts: string) => void;
  /**
   * An earlier statement of the same paste was Python: read this one as Python too unless it has
   * TypeScript's own syntax (a pasted `df.filter(F.col("a").isNotNull() & (F.col("a") > 1))` has no cue of its own).
   */
  python?: boolean;
}

/** Python's ImportError for a `from pyspark… import name` the shell does not have. */
class PythonImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImportError";
  }
}

/**
 * What the loops of the learner's code call (transpile.ts, LOOP_YIELD): `busy()` is cheap and says
 * when a loop has held the thread for SLICE_MS; `pause()` then gives the event loop a turn —
 * running queries, the web UI, the services' sockets and the key presses go on while the loop
 * spins, as Spark's JVM goes on while Python's REPL loops — and raises KeyboardInterrupt when
 * Ctrl+C was pressed meanwhile.
 */
class LoopRuntime {
  /** The signal of the input running now (a later input's Ctrl+C also stops an older input's loop). */
  signal?: AbortSignal;
  private calls = 0;
  private until = 0;
  static readonly SLICE_MS = 10;

  busy(): boolean {
    return (++this.calls & 63) === 0 && performance.now() >= this.until;
  }

  async pause(): Promise<void> {
    await new Promise<void>((r) => setImmediate(r));
    if (this.signal?.aborted) throw new KeyboardInterrupt();
    this.until = performance.now() + LoopRuntime.SLICE_MS;
  }
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return (typeof v === "object" || typeof v === "function") && v !== null && typeof (v as { then?: unknown }).then === "function";
}

export class Evaluator {
  /** The learner's scope: preloaded names plus everything they declare. */
  readonly scope: Record<string, unknown>;
  readonly history: HistoryEntry[] = [];
  lastError: unknown;
  /** What the last successful input produced: its value, or the value it bound last (`x = …`). */
  lastValue: unknown;
  private counter = 0;
  private readonly loops = new LoopRuntime();
  /** The defs of the Python input being run: bound with Python's argument checks once it ran. */
  private pythonDefs: PythonDef[] = [];
  /** Python modules imported so far (`import socket` in one input, `socket.gethostname()` in the next). */
  private readonly pythonModules = new Set<string>();

  constructor(preloaded: Record<string, unknown> = {}) {
    this.scope = Object.assign(Object.create(null) as Record<string, unknown>, preloaded);
  }

  /** The last input evaluated was Python (translated). */
  lastWasPython = false;

  /**
   * The learner's language so far: the last input that read clearly as Python or as TypeScript
   * decides how an input that reads as both (`x`, `q4.isActive, q5.isActive`, `None`) is run and shown.
   */
  private pythonMode = false;

  private readAsPython(src: string, python?: boolean): boolean {
    return python || this.pythonMode ? !looksLikeTypeScript(src) : looksLikePython(src);
  }

  /** Whether the input is complete, without running it (`python`: as EvaluateOptions.python). */
  isIncomplete(src: string, python?: boolean): boolean {
    if (this.readAsPython(src, python)) return pythonIncomplete(src);
    return analyse(src).kind === "incomplete";
  }

  /** Python input with a triple-quoted string that swallowed whole statements and will not close. */
  isRunawayString(src: string): boolean {
    return looksLikePython(src) && runawayString(src);
  }

  /** Python input → the TypeScript to run (python/translate.ts); TypeScript input as it is. */
  private fromPython(src: string): string {
    const { translatePython }: typeof import("./python/translate") = require("./python/translate");
    const scope = this.scope;
    const api = require("../index") as Record<string, unknown>;
    const t = translatePython(src, { modules: this.pythonModules, isColumnFunction: (n) => /^[a-z]/.test(n) && typeof api[n] === "function" });
    for (const { module, name } of t.imports)
      if (!(name in scope)) throw new PythonImportError(`cannot import name '${name}' from '${module}' (Iskra has no ${name})`);
    this.pythonDefs = t.defs;
    return t.ts;
  }

  async evaluate(src: string, opts: EvaluateOptions = {}): Promise<EvalResult> {
    const record = opts.record !== false;
    if (src.trim() === "") return { kind: "value", value: undefined, hasValue: false };
    this.lastWasPython = this.readAsPython(src, opts.python);
    this.pythonDefs = [];
    const clearly = looksLikePython(src) ? true : looksLikeTypeScript(src) ? false : undefined;
    if (clearly !== undefined) this.pythonMode = clearly;
    try {
      let ts = src;
      try {
        if (this.lastWasPython) ts = this.fromPython(src);
      } catch (e) {
        // Read as Python only because the session is: input Python rejects (`i++`) is TypeScript.
        if (clearly !== undefined || opts.python || (e as Error).name !== "SyntaxError") throw e;
        this.lastWasPython = false;
      }
      if (ts !== src) {
        // Input that reads as both languages runs as Python without showing its (same-looking) TypeScript.
        if (clearly || opts.python) opts.onTranslated?.(ts);
        src = ts;
      }
    } catch (e) {
      return this.failed(src, e, record);
    }
    let analysis;
    try {
      analysis = analyse(src);
    } catch (e) {
      return this.failed(src, e, record);
    }
    if (analysis.kind === "incomplete") return analysis;
    if (analysis.kind === "error") {
      const r = this.failed(src, analysis.error, record);
      return { ...r, syntax: true };
    }
    const { js, declared, assigned, hasValue } = analysis.prepared;
    for (const n of declared) if (!(n in this.scope)) this.scope[n] = undefined;
    for (const n of assigned) if (!(n in this.scope) && !(n in globalThis)) this.scope[n] = undefined;
    try {
      const fn = vm.runInThisContext(js, { filename: `<input-${++this.counter}>` }) as (scope: object, rt: LoopRuntime) => Promise<unknown>;
      this.loops.signal = opts.signal;
      const running = fn(this.scope, this.loops);
      let value = await raceAbort(running, opts.signal);
      if (isThenable(value)) value = await raceAbort(Promise.resolve(value), opts.signal);
      if (record) this.history.push({ code: src, ok: true, at: Date.now() });
      if (this.lastWasPython) for (const def of this.pythonDefs) if (typeof this.scope[def.name] === "function") this.scope[def.name] = withPythonArity(this.scope[def.name] as () => unknown, def);
      const bound = [...declared, ...assigned];
      this.lastValue = hasValue || bound.length === 0 ? value : this.scope[bound[bound.length - 1]];
      return { kind: "value", value, hasValue: hasValue && value !== undefined };
    } catch (e) {
      return this.failed(src, e, record);
    }
  }

  private failed(src: string, e: unknown, record: boolean): { kind: "error"; error: unknown } {
    this.lastError = e;
    this.lastValue = undefined;
    if (record) this.history.push({ code: src, ok: false, at: Date.now() });
    return { kind: "error", error: e };
  }
}

/** Waits for p, or rejects with KeyboardInterrupt when the signal aborts (p keeps running). */
function raceAbort<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) {
    p.catch(() => undefined);
    return Promise.reject(new KeyboardInterrupt());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      p.catch(() => undefined);
      reject(new KeyboardInterrupt());
    };
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}
