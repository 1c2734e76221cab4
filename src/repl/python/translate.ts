/**
 * The PySpark the handout shows, translated to TypeScript over Iskra's public API, through a real
 * Python grammar (@lezer/python). The subset: imports of pyspark, socket and time; assignments
 * (`x = …` → `const x = …`), augmented assignments; calls with keyword arguments (mapped to
 * PySpark's parameter order, export/python-signatures.ts); strings of every quoting, f-strings → template
 * literals; True/False/None; lists, tuples, dicts; arithmetic, comparisons (on Columns: `.gt(…)`),
 * and/or/not; `x if c else y`; lambdas; list comprehensions; `def f(df, batch_id):` → an async
 * function whose actions are awaited; for/while/if/elif/else; print → the scope's Python print, a tuple → tuple([…]), len → .length,
 * socket.gethostname() → hostName, time.sleep(n) → workshop.sleep(n).
 *
 * Anything else is a NotImplementedError naming the construct and its line — never a guess.
 */
import type { SyntaxNode } from "@lezer/common";
import { scan } from "./detect";
import { ACTIONS, OPTION_OBJECT_CALLS, PARAMETERS, READER_JDBC, WRITER_JDBC } from "../../export/python-signatures";
import { splitLiteral, stringValue, templateEscape, tsString, unescape } from "./strings";

/** Python's SyntaxError for input the grammar rejects. */
class PythonSyntaxError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = "SyntaxError";
  }
}

/** A construct the translator does not handle. */
class NotTranslatableError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = "NotImplementedError";
  }
}

export interface Translation {
  /** The TypeScript, as the shell shows and runs it. */
  ts: string;
  /** Names imported with `from pyspark… import a, b` (the shell checks that it has them). */
  imports: Array<{ module: string; name: string }>;
  /** The top-level defs: their parameters and how many have no default (Python checks the count of arguments). */
  defs: PythonDef[];
}

export interface PythonDef {
  name: string;
  params: string[];
  required: number;
}

export interface TranslateOptions {
  /** Modules imported so far (socket, time, pyspark aliases): kept by the caller from one input to the next. */
  modules?: Set<string>;
  /** Function names that build Columns (col, lit, sum, …): comparisons on them become Column methods. */
  isColumnFunction?: (name: string) => boolean;
}

interface Ctx {
  /** Indentation of the statement being written. */
  indent: string;
  /** Inside a def, a loop or an if: actions get `await` (at the top level the shell awaits). */
  nested: boolean;
  /** Local names of the enclosing def (declared once with `let`), or undefined at the top level. */
  locals?: Set<string>;
}

const PYTHON_MODULE_TEXT: Record<string, string> = {
  socket: "the host name is preloaded as hostName",
  time: "time.sleep(n) is workshop.sleep(n)",
};

const COMPARE: Record<string, [string, string]> = {
  "==": ["===", "eq"],
  "!=": ["!==", "ne"],
  "<": ["<", "lt"],
  "<=": ["<=", "leq"],
  ">": [">", "gt"],
  ">=": [">=", "geq"],
};
const ARITH: Record<string, [string, string]> = {
  "+": ["+", "plus"],
  "-": ["-", "minus"],
  "*": ["*", "multiply"],
  "/": ["/", "divide"],
  "%": ["%", "mod"],
};

export function translatePython(src: string, opts: TranslateOptions = {}): Translation {
  // Loaded on first Python input only: TypeScript users never pay for the grammar.
  const open = scan(src);
  if (open.inTriple) {
    const four = /""""|\'\'\'\'/.test(src.slice(open.tripleStart, open.tripleStart + 4));
    // The handout's step 21 also ends its last string with two quotes (`"}""]`): say so in the same breath.
    const two = /[^"]("")\s*[\])]/.exec(src);
    const twoAt = two ? ` Line ${src.slice(0, two.index).split("\n").length} ends the last string with two quotes: ${src.slice(Math.max(0, two.index - 2), two.index + two[0].length)} — it needs three: ${src.slice(Math.max(0, two.index - 2), two.index + 1)}"""${two[0].slice(3)}` : "";
    throw new PythonSyntaxError(
      `unterminated triple-quoted string literal (detected at line ${src.split("\n").length})`,
      four
        ? `Line ${src.slice(0, open.tripleStart).split("\n").length} starts a string with four quotes: ${src.slice(open.tripleStart, open.tripleStart + 5)}… — the handout's text has one quote too many there (and in the lines like it); a triple-quoted string starts with three: """{.${twoAt}`
        : undefined,
    );
  }
  const { parser } = require("@lezer/python") as typeof import("@lezer/python");
  const tree = parser.parse(src);
  const t = new Translator(src, opts);
  const err = firstError(tree.topNode);
  if (err) throw new PythonSyntaxError(`invalid syntax (line ${t.line(err.from)})`);
  const ts = t.statements(tree.topNode, { indent: "", nested: false });
  return { ts: ts.replace(/\n+$/, ""), imports: t.imports, defs: t.defs };
}

function firstError(n: SyntaxNode): SyntaxNode | undefined {
  if (n.type.isError) return n;
  for (let c = n.firstChild; c; c = c.nextSibling) {
    const e = firstError(c);
    if (e) return e;
  }
  return undefined;
}

function children(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

class Translator {
  readonly imports: Array<{ module: string; name: string }> = [];
  readonly defs: PythonDef[] = [];
  /** Python modules imported (socket, time) and the aliases of pyspark modules. */
  private readonly modules: Set<string>;
  /** Parameters of the lambda being translated whose values are Columns (a higher-order function's). */
  private readonly columnVars = new Set<string>();

  constructor(private readonly src: string, private readonly opts: TranslateOptions) {
    this.modules = opts.modules ?? new Set<string>();
  }

  line(pos: number): number {
    return this.src.slice(0, pos).split("\n").length;
  }

  private text(n: SyntaxNode): string {
    return this.src.slice(n.from, n.to);
  }

  private unsupported(what: string, n?: SyntaxNode, hint?: string): never {
    const where = n && this.src.includes("\n") ? ` (line ${this.line(n.from)})` : "";
    throw new NotTranslatableError(`${what}${where} has no TypeScript translation in Iskra yet; write this part in TypeScript`, hint);
  }

  // --- statements ---------------------------------------------------------------------------

  statements(parent: SyntaxNode, ctx: Ctx): string {
    let out = "";
    for (const st of children(parent)) {
      if (st.name === ":" || st.name === "Body") continue;
      out += this.statement(st, ctx);
    }
    return out;
  }

  private statement(n: SyntaxNode, ctx: Ctx): string {
    const i = ctx.indent;
    switch (n.name) {
      case "Comment":
        return `${i}//${this.text(n).slice(1)}\n`;
      case "ImportStatement":
        return this.importStatement(n, ctx);
      case "AssignStatement":
        return this.assign(n, ctx);
      case "UpdateStatement": {
        const [target, op, value] = children(n);
        if (op.name !== "UpdateOp") this.unsupported("this assignment", n);
        const o = this.text(op);
        if (o === "//=" || o === "@=") this.unsupported(`\`${o}\``, op);
        return `${i}${target.name === "MemberExpression" ? this.member(target, ctx, true) : this.expr(target, ctx)} ${o} ${this.expr(value, ctx)}\n`;
      }
      case "ExpressionStatement": {
        const e = n.firstChild!;
        // `q4.isActive, q5.isActive` is a tuple.
        const items = children(n).filter((c) => c.name !== ",");
        if (items.length > 1 || children(n).some((c) => c.name === ",")) return `${i}tuple([${items.map((x) => this.expr(x, ctx)).join(", ")}])\n`;
        return `${i}${this.awaitIfAction(e, ctx)}${this.expr(e, ctx)}\n`;
      }
      case "FunctionDefinition":
        return this.functionDefinition(n, ctx);
      case "ForStatement":
        return this.forStatement(n, ctx);
      case "WhileStatement": {
        const [, cond, body] = children(n);
        return `${i}while (${this.expr(cond, ctx)}) {\n${this.body(body, ctx)}${i}}\n`;
      }
      case "IfStatement":
        return this.ifStatement(n, ctx);
      case "ReturnStatement": {
        const value = children(n)[1];
        return `${i}return${value ? " " + this.expr(value, ctx) : ""}\n`;
      }
      case "PassStatement":
        return "";
      case "BreakStatement":
        return `${i}break\n`;
      case "ContinueStatement":
        return `${i}continue\n`;
      case "StatementGroup":
        return children(n).filter((c) => c.name !== ";").map((c) => this.statement(c, ctx)).join("");
      default:
        return this.unsupported(describeStatement(n.name), n);
    }
  }

  private body(n: SyntaxNode, ctx: Ctx, locals = ctx.locals): string {
    return this.statements(n, { indent: ctx.indent + "  ", nested: true, locals });
  }

  private importStatement(n: SyntaxNode, ctx: Ctx): string {
    const text = this.text(n).replace(/\s+/g, " ").trim();
    const i = ctx.indent;
    let m = /^import ([\w.]+)(?: as (\w+))?$/.exec(text);
    if (m) {
      const [, mod, alias] = m;
      if (/^pyspark(\.|$)/.test(mod)) {
        if (!alias) return `${i}// ${text}: every PySpark name is preloaded\n`;
        this.modules.add(alias);
        return `${i}const ${alias} = require(${JSON.stringify(mod)})\n`;
      }
      if (mod in PYTHON_MODULE_TEXT && !alias) {
        this.modules.add(mod);
        return `${i}// ${text}: ${PYTHON_MODULE_TEXT[mod]}\n`;
      }
      // Python's way to the REPL's history: the shell has its own.
      const hint = mod === "readline" ? "The shell keeps the history itself: .history lists your inputs (Up and Down walk them)." : undefined;
      return this.unsupported(`\`${text}\` (only pyspark, socket and time)`, n, hint);
    }
    m = /^from ([\w.]+) import (.+)$/.exec(text);
    if (m && /^pyspark(\.|$)/.test(m[1])) {
      const names = m[2].replace(/[()]/g, "").split(",").map((s) => s.trim()).filter(Boolean);
      if (names.includes("*")) return `${i}// ${text}: every PySpark name is preloaded\n`;
      const aliased: string[] = [];
      for (const name of names) {
        const a = /^(\w+) as (\w+)$/.exec(name);
        if (a) {
          this.modules.add(a[2]);
          aliased.push(`${i}const ${a[2]} = require(${JSON.stringify(`${m[1]}.${a[1]}`)})\n`);
        } else this.imports.push({ module: m[1], name });
      }
      const plain = names.filter((x) => !/ as /.test(x));
      return (plain.length ? `${i}// ${text}: preloaded\n` : "") + aliased.join("");
    }
    return this.unsupported(`\`${text}\` (only pyspark, socket and time)`, n);
  }

  private assign(n: SyntaxNode, ctx: Ctx): string {
    const parts = children(n);
    const groups: SyntaxNode[][] = [[]];
    for (const p of parts) {
      if (p.name === "AssignOp") groups.push([]);
      else if (p.name === "TypeDef") this.unsupported("a type annotation", p);
      else groups[groups.length - 1].push(p);
    }
    if (groups.length !== 2) this.unsupported("a chained assignment (a = b = …)", n);
    const [targets, values] = groups;
    const valueNodes = values.filter((v) => v.name !== ",");
    const value = valueNodes.length > 1 ? `[${valueNodes.map((v) => this.expr(v, ctx)).join(", ")}]` : this.expr(valueNodes[0], ctx);
    const targetNodes = targets.filter((x) => x.name !== ",");
    const aw = valueNodes.length === 1 ? this.awaitIfAction(valueNodes[0], ctx) : "";
    const i = ctx.indent;
    if (targetNodes.length === 1 && targetNodes[0].name !== "VariableName") {
      const tn = targetNodes[0];
      if (tn.name === "TupleExpression" || tn.name === "ArrayExpression") return this.destructure(children(tn).filter((c) => c.name === "VariableName"), `${aw}${value}`, ctx);
      return `${i}${tn.name === "MemberExpression" ? this.member(tn, ctx, true) : this.expr(tn, ctx)} = ${aw}${value}\n`;
    }
    if (targetNodes.length > 1) {
      if (targetNodes.some((x) => x.name !== "VariableName")) this.unsupported("this unpacking assignment", n);
      return this.destructure(targetNodes, `${aw}${value}`, ctx);
    }
    const name = this.text(targetNodes[0]);
    return `${i}${this.declare([name], ctx)}${name} = ${aw}${value}\n`;
  }

  private destructure(names: SyntaxNode[], value: string, ctx: Ctx): string {
    const list = names.map((x) => this.text(x));
    // Without a declaration the line starts with `[`: a `;` keeps it from joining the line above.
    return `${ctx.indent}${this.declare(list, ctx) || ";"}[${list.join(", ")}] = ${value}\n`;
  }

  /** `const ` at the top level, `let ` for a def's first binding of a name, nothing after that. */
  private declare(names: string[], ctx: Ctx): string {
    if (!ctx.locals) return "const ";
    const fresh = names.filter((n) => !ctx.locals!.has(n));
    if (fresh.length === 0) return "";
    if (fresh.length !== names.length) this.unsupported("an unpacking that binds old and new names at once");
    fresh.forEach((n) => ctx.locals!.add(n));
    return "let ";
  }

  private functionDefinition(n: SyntaxNode, ctx: Ctx): string {
    const parts = children(n);
    const name = parts.find((p) => p.name === "VariableName")!;
    const params = parts.find((p) => p.name === "ParamList")!;
    const body = parts.find((p) => p.name === "Body")!;
    if (parts.some((p) => p.name === "async")) this.unsupported("`async def`", n);
    const names: string[] = [];
    const list: string[] = [];
    const ps = children(params).filter((c) => !["(", ")", ","].includes(c.name));
    for (let k = 0; k < ps.length; k++) {
      const p = ps[k];
      if (p.name === "VariableName") {
        names.push(this.text(p));
        if (ps[k + 1]?.name === "AssignOp") {
          list.push(`${this.text(p)} = ${this.expr(ps[k + 2], ctx)}`);
          k += 2;
        } else list.push(this.text(p));
      } else if (p.name === "TypeDef") this.unsupported("a type annotation", p);
      else this.unsupported(`the parameter \`${this.text(p)}\``, p);
    }
    const locals = new Set(names);
    if (!ctx.locals) this.defs.push({ name: this.text(name), params: names, required: list.filter((p) => !p.includes(" = ")).length });
    return `${ctx.indent}async function ${this.text(name)}(${list.join(", ")}) {\n${this.body(body, ctx, locals)}${ctx.indent}}\n`;
  }

  private forStatement(n: SyntaxNode, ctx: Ctx): string {
    const parts = children(n);
    const inAt = parts.findIndex((p) => p.name === "in");
    const targets = parts.slice(1, inAt).filter((p) => p.name !== ",");
    const iter = parts[inAt + 1];
    const body = parts.find((p) => p.name === "Body")!;
    if (parts.some((p) => p.name === "else")) this.unsupported("`for … else`", n);
    const locals = ctx.locals;
    const i = ctx.indent;
    if (targets.some((x) => x.name !== "VariableName")) this.unsupported("this loop target", targets[0]);
    const names = targets.map((x) => this.text(x));
    names.forEach((x) => locals?.add(x));
    const bodyText = this.body(body, ctx);
    if (iter.name === "CallExpression" && this.text(iter.firstChild!) === "range" && names.length === 1) {
      const args = children(iter.lastChild!).filter((c) => !["(", ")", ","].includes(c.name)).map((a) => this.expr(a, ctx));
      const [from, to, step] = args.length === 1 ? ["0", args[0], "1"] : [args[0], args[1], args[2] ?? "1"];
      const v = names[0];
      return `${i}for (let ${v} = ${from}; ${v} < ${to}; ${v} += ${step}) {\n${bodyText}${i}}\n`;
    }
    const target = names.length === 1 ? names[0] : `[${names.join(", ")}]`;
    return `${i}for (const ${target} of ${this.expr(iter, ctx)}) {\n${bodyText}${i}}\n`;
  }

  private ifStatement(n: SyntaxNode, ctx: Ctx): string {
    const parts = children(n);
    let out = "";
    const i = ctx.indent;
    for (let k = 0; k < parts.length; k++) {
      const p = parts[k];
      if (p.name === "if" || p.name === "elif") {
        const cond = parts[k + 1];
        const body = parts[k + 2];
        out += `${p.name === "if" ? i : " else "}if (${this.expr(cond, ctx)}) {\n${this.body(body, ctx)}${i}}`;
        k += 2;
      } else if (p.name === "else") {
        out += ` else {\n${this.body(parts[k + 1], ctx)}${i}}`;
        k += 1;
      }
    }
    return out + "\n";
  }

  /** `await ` before an action inside a def or a block (the shell awaits top-level statements itself). */
  private awaitIfAction(e: SyntaxNode, ctx: Ctx): string {
    if (!ctx.nested || e.name !== "CallExpression") return "";
    const callee = e.firstChild!;
    const name = callee.name === "MemberExpression" ? this.text(callee.lastChild!) : this.text(callee);
    if (ACTIONS.has(name) || /^time\.sleep$/.test(this.text(callee))) return "await ";
    // A call of the learner's own function (a def) may be async.
    if (callee.name === "VariableName" && !["len", "str", "int", "float", "bool", "list", "range", "quit", "exit"].includes(name)
      && !(this.opts.isColumnFunction?.(name))) return "await ";
    return "";
  }

  // --- expressions --------------------------------------------------------------------------

  expr(n: SyntaxNode, ctx: Ctx): string {
    switch (n.name) {
      case "VariableName":
        return this.text(n);
      case "Boolean":
        return this.text(n) === "True" ? "true" : "false";
      case "None":
        return "null";
      case "Number": {
        const t = this.text(n).replace(/_/g, "");
        if (/[jJ]$/.test(t)) this.unsupported("a complex number", n);
        return t.replace(/^0o/i, "0o");
      }
      case "String":
        return this.string(n);
      case "ContinuedString":
        return tsString(children(n).map((s) => (s.name === "FormatString" ? this.unsupported("an f-string joined to another string", s) : stringValue(this.text(s)))).join(""));
      case "FormatString":
        return this.formatString(n, ctx);
      case "ParenthesizedExpression":
        return `(${this.expr(children(n)[1], ctx)})`;
      case "TupleExpression":
        return `tuple([${children(n).filter((c) => !["(", ")", ","].includes(c.name)).map((c) => this.expr(c, ctx)).join(", ")}])`;
      case "ArrayExpression":
        return `[${children(n).filter((c) => !["(", ")", "[", "]", ","].includes(c.name)).map((c) => this.expr(c, ctx)).join(", ")}]`;
      case "DictionaryExpression":
        return this.dict(n, ctx);
      case "MemberExpression":
        return this.member(n, ctx);
      case "CallExpression":
        return this.call(n, ctx);
      case "UnaryExpression": {
        const [op, arg] = children(n);
        const o = this.text(op);
        if (o === "not") return this.boolean(n, ctx);
        if (o === "-" || o === "+") return `${o}${this.wrap(arg, ctx)}`;
        return this.unsupported(`the operator \`${o}\``, op);
      }
      case "BinaryExpression":
        return this.binary(n, ctx);
      case "ConditionalExpression": {
        const [a, , cond, , b] = children(n);
        return `${this.wrap(cond, ctx)} ? ${this.wrap(a, ctx)} : ${this.wrap(b, ctx)}`;
      }
      case "LambdaExpression": {
        const parts = children(n);
        const params = parts.find((p) => p.name === "ParamList");
        const names = params ? children(params).filter((c) => c.name === "VariableName").map((c) => this.text(c)) : [];
        // The lambda of a higher-order function (F.transform(col, lambda x: x + 1)) gets Columns.
        const added = this.isHigherOrderArgument(n) ? names.filter((x) => !this.columnVars.has(x)) : [];
        added.forEach((x) => this.columnVars.add(x));
        try {
          return `(${names.join(", ")}) => ${this.expr(parts[parts.length - 1], ctx)}`;
        } finally {
          added.forEach((x) => this.columnVars.delete(x));
        }
      }
      case "ArrayComprehensionExpression":
        return this.comprehension(n, ctx);
      default:
        return this.unsupported(describeExpression(n.name), n);
    }
  }

  /**
   * and/or/not. @lezer/python parses `not a and b` as `not (a and b)`; Python binds `not` tighter
   * than `and`, and `and` tighter than `or`. So the operands and operators are read in source order
   * and grouped again with Python's precedence.
   */
  private boolean(n: SyntaxNode, ctx: Ctx): string {
    const tokens: Array<SyntaxNode | "and" | "or" | "not"> = [];
    const flatten = (x: SyntaxNode): void => {
      const parts = children(x);
      if (x.name === "BinaryExpression" && (parts[1]?.name === "and" || parts[1]?.name === "or")) {
        flatten(parts[0]);
        tokens.push(parts[1].name as "and" | "or");
        flatten(parts[2]);
      } else if (x.name === "UnaryExpression" && parts[0]?.name === "not") {
        tokens.push("not");
        flatten(parts[1]);
      } else tokens.push(x);
    };
    flatten(n);
    let k = 0;
    const operand = (): string => {
      const t = tokens[k++];
      if (t === "not") return `!${operand()}`;
      if (typeof t === "string" || t === undefined) return this.unsupported("this boolean expression", n);
      return this.wrap(t, ctx);
    };
    const ands = (): { text: string; compound: boolean } => {
      const parts = [operand()];
      while (tokens[k] === "and") {
        k++;
        parts.push(operand());
      }
      return { text: parts.join(" && "), compound: parts.length > 1 };
    };
    const ors = [ands()];
    while (tokens[k] === "or") {
      k++;
      ors.push(ands());
    }
    return ors.length === 1 ? ors[0].text : ors.map((p) => (p.compound ? `(${p.text})` : p.text)).join(" || ");
  }

  /** An operand, parenthesised unless it is atomic. */
  private wrap(n: SyntaxNode, ctx: Ctx): string {
    const s = this.expr(n, ctx);
    return ["BinaryExpression", "ConditionalExpression", "LambdaExpression", "UnaryExpression"].includes(n.name) ? `(${s})` : s;
  }

  private string(n: SyntaxNode): string {
    const { prefix } = splitLiteral(this.text(n));
    if (prefix.includes("b")) this.unsupported("a bytes literal", n);
    return tsString(stringValue(this.text(n)));
  }

  private formatString(n: SyntaxNode, ctx: Ctx): string {
    const text = this.text(n);
    const { prefix, quote } = splitLiteral(text);
    const raw = prefix.includes("r");
    const start = n.from + prefix.length + quote.length;
    const end = n.to - quote.length;
    let out = "";
    let pos = start;
    const literal = (s: string) => templateEscape(unescape(s.replace(/\{\{/g, "{").replace(/\}\}/g, "}"), raw));
    for (const r of children(n)) {
      if (r.name !== "FormatReplacement") continue;
      out += literal(this.src.slice(pos, r.from));
      const inner = children(r).filter((c) => c.name !== "{" && c.name !== "}");
      if (inner.some((c) => c.name === "FormatSpec" || c.name === "FormatConversion"))
        this.unsupported("a format spec or conversion in an f-string ({x:…} or {x!r})", r);
      out += "${" + inner.map((c) => this.expr(c, ctx)).join("") + "}";
      pos = r.to;
    }
    out += literal(this.src.slice(pos, end));
    return "`" + out + "`";
  }

  private dict(n: SyntaxNode, ctx: Ctx): string {
    const items = children(n).filter((c) => !["{", "}", ","].includes(c.name));
    const pairs: string[] = [];
    for (let k = 0; k < items.length; k++) {
      const key = items[k];
      if (key.name === "**") this.unsupported("`**` in a dict", key);
      if (items[k + 1]?.name !== ":") this.unsupported("a set or dict comprehension", n);
      const value = items[k + 2];
      const keyText = key.name === "String" ? this.string(key) : key.name === "Number" ? this.text(key) : `[${this.expr(key, ctx)}]`;
      pairs.push(`${keyText}: ${this.expr(value, ctx)}`);
      k += 2;
    }
    return pairs.length ? `{ ${pairs.join(", ")} }` : "{}";
  }

  /** `lvalue`: the member is assigned to (`d["k"] = v` stays an index). */
  private member(n: SyntaxNode, ctx: Ctx, lvalue = false): string {
    const parts = children(n);
    const obj = parts[0];
    if (parts[1]?.name === "[") {
      const idx = parts.slice(2, -1);
      if (idx.length !== 1 || idx.some((x) => x.name === ":" || x.name === "SliceExpression")) this.unsupported("a slice (x[a:b])", n);
      // df["valeu"] is a column by name (UNRESOLVED_COLUMN when there is none), d["k"] a dict's key (KeyError).
      if (!lvalue && idx[0].name === "String") return `getitem(${this.expr(obj, ctx)}, ${this.expr(idx[0], ctx)})`;
      return `${this.expr(obj, ctx)}[${this.expr(idx[0], ctx)}]`;
    }
    const prop = parts[parts.length - 1];
    // A chain written over several lines (` \` continuations) stays one member per line.
    const between = this.src.slice(obj.to, prop.from);
    const sep = between.includes("\n") ? `\n${ctx.indent}  .` : ".";
    return `${this.expr(obj, ctx)}${sep}${this.text(prop)}`;
  }

  private call(n: SyntaxNode, ctx: Ctx): string {
    const callee = n.firstChild!;
    const argList = n.lastChild!;
    const calleeText = this.text(callee).replace(/\s+|\\\n/g, "");
    const method = callee.name === "MemberExpression" ? this.text(callee.lastChild!) : calleeText;
    const positional: string[] = [];
    const keywords: Array<[string, string]> = [];
    const items = children(argList).filter((c) => !["(", ")", ","].includes(c.name));
    for (let k = 0; k < items.length; k++) {
      const a = items[k];
      if (a.name === "*" || a.name === "**") this.unsupported(`\`${a.name}args\` in a call`, a);
      if (a.name === "VariableName" && items[k + 1]?.name === "AssignOp") {
        keywords.push([this.text(a), this.expr(items[k + 2], ctx)]);
        k += 2;
      } else if (keywords.length) this.unsupported("a positional argument after a keyword argument", a);
      else positional.push(this.expr(a, ctx));
    }

    // Python's builtins and the handout's modules.
    // Row(a=1, b="x") → makeRow({ a: 1, b: "x" }) (a Row with named fields, as PySpark's).
    if (callee.name === "VariableName" && method === "Row" && keywords.length && !positional.length)
      return `makeRow({ ${keywords.map(([k, v]) => `${k}: ${v}`).join(", ")} })`;
    // print(a, end="") → print.kw({ end: "" }, a): Python's print with its keyword arguments.
    if (callee.name === "VariableName" && method === "print" && keywords.length) {
      const bad = keywords.find(([k]) => k !== "sep" && k !== "end");
      if (bad) this.unsupported(`the keyword argument \`${bad[0]}=\` of \`print(…)\``, n);
      return `print.kw({ ${keywords.map(([k, v]) => `${k}: ${v}`).join(", ")} }${positional.map((p) => ", " + p).join("")})`;
    }
    if (callee.name === "VariableName" && !keywords.length) {
      if (method === "print") return `print(${positional.join(", ")})`;
      if (method === "len" && positional.length === 1) return `${this.wrap(items[0], ctx)}.length`;
      if (method === "str" && positional.length === 1) return `str(${positional[0]})`;
      if ((method === "int" || method === "float") && positional.length === 1) return `Number(${positional[0]})`;
      if (method === "bool" && positional.length === 1) return `Boolean(${positional[0]})`;
      if (method === "list" && positional.length === 1) return `[...${positional[0]}]`;
      if (method === "range") this.unsupported("`range` outside a for loop", n);
    }
    if (this.modules.has("socket") && (calleeText === "socket.gethostname" || calleeText === "socket.getfqdn")) return "hostName";
    if (this.modules.has("time") && calleeText === "time.sleep") return `await workshop.sleep(${positional.join(", ")})`;

    let args = positional;
    if (keywords.length) {
      if (OPTION_OBJECT_CALLS.has(method)) {
        args = [...positional, `{ ${keywords.map(([k, v]) => `${k}: ${v}`).join(", ")} }`];
      } else {
        const params = method === "jdbc" ? (/\.write\b/.test(calleeText) ? WRITER_JDBC : READER_JDBC) : PARAMETERS[method];
        if (!params) this.unsupported(`the keyword argument \`${keywords[0][0]}=\` of \`${method}(…)\``, n);
        args = [...positional];
        for (const [k, v] of keywords) {
          const at = params.indexOf(k);
          if (at < 0) this.unsupported(`the keyword argument \`${k}=\` of \`${method}(…)\``, n);
          if (at < positional.length) throw new NotTranslatableError(`${method}() got multiple values for argument '${k}'`);
          while (args.length < at) args.push("undefined");
          args[at] = v;
        }
      }
    }
    return `${this.expr(callee, ctx)}(${args.join(", ")})`;
  }

  private binary(n: SyntaxNode, ctx: Ctx): string {
    const [a, op, b, extra] = children(n);
    let o = this.text(op);
    if (extra) {
      // `is not` / `not in`
      const whole = this.text(n);
      if (/\bis\s+not\b/.test(whole)) return `${this.wrap(a, ctx)} !== ${this.wrap(extra, ctx)}`;
      if (/\bnot\s+in\b/.test(whole)) return `!${this.wrap(extra, ctx)}.includes(${this.expr(a, ctx)})`;
      return this.unsupported(`the operator \`${o}\``, op);
    }
    if (o === "and" || o === "or") return this.boolean(n, ctx);
    if (o === "is") return `${this.wrap(a, ctx)} === ${this.wrap(b, ctx)}`;
    if (o === "in") return `${this.wrap(b, ctx)}.includes(${this.expr(a, ctx)})`;
    if (o === "//") return `Math.floor(${this.wrap(a, ctx)} / ${this.wrap(b, ctx)})`;
    if (o === "**") return `${this.wrap(a, ctx)} ** ${this.wrap(b, ctx)}`;
    const column = this.isColumn(a) || this.isColumn(b);
    if (column && (o === "&" || o === "|")) return `${this.wrap(a, ctx)}.${o === "&" ? "and" : "or"}(${this.expr(b, ctx)})`;
    const table = COMPARE[o] ?? ARITH[o];
    if (!table) return this.unsupported(`the operator \`${o}\``, op);
    if (column) {
      if (!this.isColumn(a)) return `lit(${this.expr(a, ctx)}).${table[1]}(${this.expr(b, ctx)})`;
      return `${this.wrap(a, ctx)}.${table[1]}(${this.expr(b, ctx)})`;
    }
    o = table[0];
    return `${this.wrap(a, ctx)} ${o} ${this.wrap(b, ctx)}`;
  }

  /** Is this lambda an argument of a call to a function of the API (a higher-order function)? */
  private isHigherOrderArgument(n: SyntaxNode): boolean {
    const call = n.parent?.name === "ArgList" ? n.parent.parent : null;
    if (!call || call.name !== "CallExpression") return false;
    const callee = call.firstChild!;
    if (callee.name === "VariableName") return !!this.opts.isColumnFunction?.(this.text(callee));
    return callee.name === "MemberExpression" && callee.firstChild!.name === "VariableName" && this.modules.has(this.text(callee.firstChild!));
  }

  /** Does this expression build a Column (col(…), a function of the API, df.x, df["x"], c.cast(…))? */
  private isColumn(n: SyntaxNode): boolean {
    if (n.name === "VariableName") return this.columnVars.has(this.text(n));
    if (n.name === "ParenthesizedExpression") return this.isColumn(children(n)[1]);
    if (n.name === "BinaryExpression") return this.isColumn(n.firstChild!) || this.isColumn(children(n)[2]);
    if (n.name === "CallExpression") {
      const callee = n.firstChild!;
      if (callee.name === "VariableName") return !!this.opts.isColumnFunction?.(this.text(callee));
      if (callee.name === "MemberExpression") {
        const obj = callee.firstChild!;
        const m = this.text(callee.lastChild!);
        if (obj.name === "VariableName" && this.modules.has(this.text(obj))) return true; // F.col(…)
        return ["cast", "alias", "astype", "getField", "getItem", "isNull", "isNotNull", "substr", "desc", "asc", "over"].includes(m) && this.isColumn(obj);
      }
    }
    if (n.name === "MemberExpression") {
      const obj = n.firstChild!;
      return obj.name === "VariableName" && !this.modules.has(this.text(obj)) && /df$/i.test(this.text(obj));
    }
    return false;
  }

  private comprehension(n: SyntaxNode, ctx: Ctx): string {
    const parts = children(n).filter((c) => c.name !== "[" && c.name !== "]");
    const fors = parts.filter((p) => p.name === "for").length;
    if (fors !== 1) this.unsupported("a comprehension with several `for`s", n);
    const forAt = parts.findIndex((p) => p.name === "for");
    const inAt = parts.findIndex((p) => p.name === "in");
    const ifAt = parts.findIndex((p) => p.name === "if");
    const value = parts[0];
    const names = parts.slice(forAt + 1, inAt).filter((p) => p.name !== ",").map((p) => this.text(p));
    const iter = parts[inAt + 1];
    const param = names.length === 1 ? names[0] : `[${names.join(", ")}]`;
    let source: string;
    if (iter.name === "CallExpression" && this.text(iter.firstChild!) === "range") {
      const args = children(iter.lastChild!).filter((c) => !["(", ")", ","].includes(c.name)).map((a) => this.expr(a, ctx));
      source = args.length === 1 ? `Array.from({ length: ${args[0]} }, (_, i) => i)` : this.unsupported("range(a, b) in a comprehension", iter);
    } else source = this.wrap(iter, ctx);
    const filter = ifAt >= 0 ? `.filter((${param}) => ${this.expr(parts[ifAt + 1], ctx)})` : "";
    return `${source}${filter}.map((${param}) => ${this.expr(value, ctx)})`;
  }
}

function describeStatement(name: string): string {
  const known: Record<string, string> = {
    TryStatement: "`try`/`except`",
    WithStatement: "`with`",
    ClassDefinition: "a class definition",
    DecoratedStatement: "a decorator",
    RaiseStatement: "`raise`",
    AssertStatement: "`assert`",
    DeleteStatement: "`del`",
    GlobalStatement: "`global`",
    NonlocalStatement: "`nonlocal`",
    MatchStatement: "`match`",
    PrintStatement: "Python 2's print statement",
  };
  return known[name] ?? `the statement ${name}`;
}

function describeExpression(name: string): string {
  const known: Record<string, string> = {
    DictionaryComprehensionExpression: "a dict comprehension",
    SetExpression: "a set",
    SetComprehensionExpression: "a set comprehension",
    ComprehensionExpression: "a generator expression",
    AwaitExpression: "`await`",
    YieldExpression: "`yield`",
    NamedExpression: "`:=`",
    Ellipsis: "`...`",
  };
  return known[name] ?? `the expression ${name}`;
}
