/**
 * Turns what the learner typed (TypeScript, maybe several lines) into JavaScript the evaluator can
 * run in the shell's persistent scope.
 *
 * 1. Python-style line continuations (a line ending in ` \`, as the workshop writes its chains) are
 *    joined.
 * 2. `ts.transpileModule` strips the types (no type-check, so nothing waits for the checker).
 *    Syntax errors at the very end of the input mean "not finished yet": the REPL asks for more.
 * 3. Top-level declarations become assignments to the scope (`const x = 1` → `x = await (1)`) so
 *    that they survive to the next input and hold resolved values (`n = df.count()` stores the
 *    number, not a promise), function declarations are hoisted the same way, other statements
 *    await their value, and the last expression statement becomes the value of the input
 *    (`df.show()` → `return (df.show())`), which the evaluator awaits when it is a promise.
 * 4. Everything is wrapped in `async function (scope) { with (scope) { … } }`, so top-level
 *    `await` works and free names resolve in the scope first, then in the globals.
 */
import type * as TS from "typescript";

let tsModule: typeof TS | undefined;
/** The TypeScript compiler, loaded on first use (it takes a few hundred ms). */
function typescript(): typeof TS {
  tsModule ??= require("typescript") as typeof TS;
  return tsModule;
}

const SCOPE_PARAM = "__iskra_scope__";
/** The evaluator's runtime (evaluator.ts: `LoopRuntime`), the script's second parameter. */
const RT_PARAM = "__iskra_rt__";
/**
 * Put at the top of every loop that may await: after ~10 ms of busy work the loop lets the event
 * loop run (queries, the web UI, Ctrl+C keep going) and a pressed Ctrl+C raises KeyboardInterrupt.
 */
const LOOP_YIELD = `if (${RT_PARAM}.busy()) await ${RT_PARAM}.pause();`;

interface Prepared {
  /** A script whose value is `async function (scope, rt) {…}`. */
  js: string;
  /** Names the input declares at top level (const/let/var/function/class): always bound in the scope. */
  declared: string[];
  /** Names assigned by a top-level `x = …` without a declaration: bound in the scope unless global. */
  assigned: string[];
  /** Whether the input ends with an expression whose value should be printed. */
  hasValue: boolean;
}

export type Analysis =
  | { kind: "incomplete" }
  | { kind: "error"; error: SyntaxError }
  | { kind: "ok"; prepared: Prepared };

/** Joins lines that end with a Python-style ` \` continuation (the backslash is dropped). */
export function joinContinuations(src: string): string {
  return src.replace(/(^|[ \t])\\[ \t]*(\r?\n|$)/g, "$1$2");
}

/** True when the input ends with a ` \` continuation (the REPL waits for the next line). */
export function endsWithContinuation(src: string): boolean {
  return /(^|[ \t])\\[ \t]*$/.test(src);
}

const UNTERMINATED_STRING = 1002;

/** Analyses one (possibly multi-line) input. */
export function analyse(input: string): Analysis {
  if (endsWithContinuation(input)) return { kind: "incomplete" };
  let src = joinContinuations(input);
  // `{ a: 1 }` typed alone is an object, not a block (as node's REPL decides).
  if (/^\s*\{/.test(src) && /\}\s*$/.test(src) && !/;\s*$/.test(src)) {
    const asObject = transpile(`(${src})`);
    if (asObject.diagnostics.length === 0) src = `(${src})`;
  }
  const { outputText, diagnostics } = transpile(src);
  if (diagnostics.length) {
    const ts = typescript();
    const end = src.trimEnd().length;
    if (diagnostics.some((d) => d.code !== UNTERMINATED_STRING && (d.start ?? 0) >= end)) return { kind: "incomplete" };
    const d = diagnostics[0];
    const err = new SyntaxError(`${ts.flattenDiagnosticMessageText(d.messageText, "\n")}${positionOf(src, d.start)}`);
    return { kind: "error", error: err };
  }
  return { kind: "ok", prepared: rewrite(outputText) };
}

function positionOf(src: string, start: number | undefined): string {
  if (start === undefined || !src.includes("\n")) return "";
  const before = src.slice(0, start).split("\n");
  return ` (line ${before.length}, column ${before[before.length - 1].length + 1})`;
}

function transpile(src: string): { outputText: string; diagnostics: readonly TS.Diagnostic[] } {
  const ts = typescript();
  const r = ts.transpileModule(src, {
    fileName: "input.ts",
    reportDiagnostics: true,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      esModuleInterop: true,
      removeComments: false,
    },
  });
  return { outputText: r.outputText, diagnostics: r.diagnostics ?? [] };
}

/** Rewrites transpiled JavaScript: top-level declarations → scope assignments; last expression → return. */
function rewrite(input: string): Prepared {
  const ts = typescript();
  const js = withLoopYields(ts, input);
  const sf = ts.createSourceFile("input.js", js, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const text = (n: TS.Node) => js.slice(n.getStart(sf), n.end);
  const declared = new Set<string>();
  const assignedNames = new Set<string>();
  const hoisted: string[] = [];
  const body: string[] = [];
  let hasValue = false;

  const bindNames = (name: TS.BindingName): void => {
    if (ts.isIdentifier(name)) declared.add(name.text);
    else for (const el of name.elements) if (!ts.isOmittedExpression(el)) bindNames(el.name);
  };

  const statements = sf.statements.filter((st) => !isModulePrologue(ts, st));
  statements.forEach((st, i) => {
    const last = i === statements.length - 1;
    if (ts.isVariableStatement(st)) {
      const parts: string[] = [];
      for (const d of st.declarationList.declarations) {
        bindNames(d.name);
        // A promise (say, of `df.count()`) is stored resolved: the shell blocks, as PySpark does.
        const init = d.initializer ? `await (${text(d.initializer)})` : "undefined";
        parts.push(ts.isIdentifier(d.name) ? `${d.name.text} = ${init};` : `(${text(d.name)} = ${init});`);
      }
      body.push(parts.join("\n"));
    } else if (ts.isFunctionDeclaration(st) && st.name && st.body) {
      declared.add(st.name.text);
      hoisted.push(`${st.name.text} = ${text(st)};`);
    } else if (ts.isClassDeclaration(st) && st.name) {
      declared.add(st.name.text);
      body.push(`${st.name.text} = ${text(st)};`);
    } else if (ts.isExpressionStatement(st)) {
      const e = st.expression;
      // `x = …` typed without const/let (as in Python) binds in the scope too, and prints nothing.
      const assigned = assignmentTarget(ts, e);
      if (assigned) assigned.forEach((n) => assignedNames.add(n));
      if (last && !assigned) {
        body.push(`return (${text(e)});`);
        hasValue = true;
      } else if (assigned && ts.isBinaryExpression(e)) body.push(`${text(e.left)} = await (${text(e.right)});`);
      // Every statement blocks on its promise before the next one runs (`df.show()` twice prints in order).
      else body.push(`await (${text(e)});`);
    } else body.push(text(st));
  });

  const js2 = `(async function (${SCOPE_PARAM}, ${RT_PARAM}) { with (${SCOPE_PARAM}) {\n${hoisted.join("\n")}\n${body.join("\n")}\n} })`;
  return { js: js2, declared: [...declared], assigned: [...assignedNames].filter((n) => !declared.has(n)), hasValue };
}

/**
 * Every loop whose nearest function is async (or the input itself, which runs as an async
 * function) starts its body with LOOP_YIELD, so `while (true) {}` or Python's
 * `while query.isActive: pass` neither freezes the shell nor the queries it waits for.
 */
function withLoopYields(ts: typeof TS, js: string): string {
  const sf = ts.createSourceFile("input.js", js, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const edits: { at: number; text: string }[] = [];
  const asyncContext = (n: TS.Node): boolean => {
    for (let p = n.parent; p; p = p.parent)
      if (ts.isFunctionLike(p)) return (ts.getCombinedModifierFlags(p as TS.Declaration) & ts.ModifierFlags.Async) !== 0;
    return true;
  };
  const visit = (n: TS.Node): void => {
    if (ts.isIterationStatement(n, false) && asyncContext(n)) {
      const body = n.statement;
      if (ts.isBlock(body)) edits.push({ at: body.getStart(sf) + 1, text: ` ${LOOP_YIELD}` });
      else {
        edits.push({ at: body.getStart(sf), text: `{ ${LOOP_YIELD} ` });
        edits.push({ at: body.end, text: " }" });
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  edits.sort((a, b) => b.at - a.at);
  let out = js;
  for (const e of edits) out = out.slice(0, e.at) + e.text + out.slice(e.at);
  return out;
}

/** `"use strict";`, `Object.defineProperty(exports, "__esModule", …)` and `exports.x = void 0;` lines. */
function isModulePrologue(ts: typeof TS, st: TS.Statement): boolean {
  if (!ts.isExpressionStatement(st)) return false;
  const e = st.expression;
  if (ts.isStringLiteral(e) && e.text === "use strict") return true;
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.getText() === "Object.defineProperty") {
    const a0 = e.arguments[0];
    return !!a0 && ts.isIdentifier(a0) && a0.text === "exports";
  }
  return false;
}

/** Names bound by a top-level `name = value` (or `a = b = value`) expression statement. */
function assignmentTarget(ts: typeof TS, e: TS.Expression): string[] | undefined {
  if (!ts.isBinaryExpression(e) || e.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
  if (!ts.isIdentifier(e.left)) return undefined;
  const inner = assignmentTarget(ts, e.right) ?? [];
  return [e.left.text, ...inner];
}
