/**
 * A recursive-descent parser for Spark SQL expressions, as `expr()`, `selectExpr()` and
 * `filter("...")` accept them: literals, columns (`a`, `a.b`, `` `odd name` ``, `*`, `a.*`),
 * arithmetic, bitwise & | ^ ~, comparisons, AND/OR/NOT, IS [NOT] NULL, [NOT] IN, [NOT] LIKE/RLIKE/ILIKE, BETWEEN,
 * TRIM(BOTH|LEADING|TRAILING x FROM y), OVERLAY(… PLACING … FROM … [FOR …]), EXTRACT(f FROM x), POSITION(x IN y),
 * CASE WHEN, CAST(x AS type), function calls (with DISTINCT), and a trailing alias.
 */
import { ParseException } from "../errors";
import { BINARY, BOOLEAN, BYTE, DOUBLE, DataType, DecimalType, DecimalTypeClass, INTEGER, LONG, NULL, SHORT, STRING } from "../types/data-types";
import { parseDataType } from "../types/ddl";
import { parseIntervalLiteral } from "./interval-literal";
import { BinaryOp, Expr, IntervalBound, WindowBound, WindowSpecExpr } from "./expression";

export type Tok = { t: "id" | "qid" | "num" | "str" | "op" | "eof"; v: string; pos: number };

const KEYWORDS = new Set([
  "AND", "OR", "NOT", "IS", "NULL", "IN", "AS", "CAST", "CASE", "WHEN", "THEN", "ELSE", "END", "TRUE", "FALSE",
  "LIKE", "RLIKE", "BETWEEN", "DISTINCT", "INTERVAL",
]);

/** Words that end an expression in a statement: never taken as an implicit alias. */
export const CLAUSE_WORDS = new Set([
  "FROM", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "UNION", "INTERSECT", "EXCEPT", "MINUS", "JOIN", "INNER",
  "LEFT", "RIGHT", "FULL", "CROSS", "SEMI", "ANTI", "ON", "USING", "LATERAL", "WINDOW", "NATURAL", "SELECT", "OVER", "WITH",
  "SORT", "CLUSTER", "DISTRIBUTE", "QUALIFY",
]);

export function tokenize(s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const ch = s[i];
    if (/\s/.test(ch)) { i++; continue; }
    // Comments: `-- …` to the end of the line, `/* … */` (hints such as /*+ BROADCAST(t) */ too).
    if (ch === "-" && s[i + 1] === "-") { while (i < s.length && s[i] !== "\n") i++; continue; }
    if (ch === "/" && s[i + 1] === "*") {
      const end = s.indexOf("*/", i + 2);
      if (end < 0)
        throw new ParseException(`Found an unclosed bracketed comment. Please, append */ at the end of the comment.\n== SQL ==\n${s}`, "UNCLOSED_BRACKETED_COMMENT");
      // A hint (/*+ … */) is a token of its own, allowed only right after SELECT.
      if (s[i + 2] === "+") out.push({ t: "op", v: "/*+", pos: i });
      i = end + 2;
      continue;
    }
    const start = i;
    if (/[A-Za-z_]/.test(ch)) {
      while (i < s.length && /[A-Za-z0-9_]/.test(s[i])) i++;
      out.push({ t: "id", v: s.slice(start, i), pos: start });
    } else if (/[0-9]/.test(ch) || (ch === "." && /[0-9]/.test(s[i + 1] ?? ""))) {
      while (i < s.length && /[0-9.]/.test(s[i])) i++;
      if (/[eE]/.test(s[i] ?? "") && /[-+0-9]/.test(s[i + 1] ?? "")) { i += 2; while (/[0-9]/.test(s[i] ?? "")) i++; }
      if (/[LlDdSsYy]/.test(s[i] ?? "") && !/[A-Za-z0-9_]/.test(s[i + 1] ?? "")) i++;
      out.push({ t: "num", v: s.slice(start, i), pos: start });
    } else if (ch === "'" || ch === '"') {
      i++;
      let v = "";
      while (i < s.length && s[i] !== ch) {
        if (s[i] === "\\" && i + 1 < s.length) {
          const n = s[i + 1];
          v += n === "n" ? "\n" : n === "t" ? "\t" : n === "r" ? "\r" : n === "0" ? "\0" : n;
          i += 2;
        } else v += s[i++];
      }
      if (i >= s.length) throw syntaxError(s, start, "end of input");
      i++;
      out.push({ t: "str", v, pos: start });
    } else if (ch === "`") {
      i++;
      let v = "";
      while (i < s.length) {
        if (s[i] === "`") { if (s[i + 1] === "`") { v += "`"; i += 2; continue; } break; }
        v += s[i++];
      }
      if (i >= s.length) throw syntaxError(s, start, "end of input");
      i++;
      out.push({ t: "qid", v, pos: start });
    } else {
      const three = s.slice(i, i + 3);
      const two = s.slice(i, i + 2);
      if (three === "<=>") { out.push({ t: "op", v: three, pos: i }); i += 3; }
      else if (["<=", ">=", "<>", "!=", "==", "||", "&&", "->"].includes(two)) { out.push({ t: "op", v: two, pos: i }); i += 2; }
      else if ("+-*/%(),.<>=[]!;&|^~".includes(ch)) { out.push({ t: "op", v: ch, pos: i }); i++; }
      else throw syntaxError(s, i, `'${ch}'`);
    }
  }
  out.push({ t: "eof", v: "", pos: s.length });
  return out;
}

/** Spark's ParseException text: the message, `(line L, pos P)`, the SQL with a marker under the line. */
export function parseError(sql: string, pos: number, message: string, errorClass = "PARSE_SYNTAX_ERROR"): ParseException {
  const before = sql.slice(0, pos);
  const line = before.split("\n").length;
  const col = pos - (before.lastIndexOf("\n") + 1);
  const lines = sql.split("\n");
  const shown = [...lines.slice(0, line), "-".repeat(col) + "^^^", ...lines.slice(line)].join("\n");
  return new ParseException(`${message}(line ${line}, pos ${col})\n\n== SQL ==\n${shown}\n`, errorClass);
}

function syntaxError(sql: string, pos: number, near: string, hint = ""): ParseException {
  return parseError(sql, pos, `Syntax error at or near ${near}${hint}.`);
}

export class Parser {
  protected i = 0;
  constructor(protected readonly sql: string, protected readonly toks: Tok[]) {}

  protected get cur(): Tok { return this.toks[this.i]; }
  protected kw(word: string): boolean {
    const t = this.cur;
    return t.t === "id" && t.v.toUpperCase() === word;
  }
  protected acceptKw(word: string): boolean {
    if (this.kw(word)) { this.i++; return true; }
    return false;
  }
  protected op(v: string): boolean { return this.cur.t === "op" && this.cur.v === v; }
  protected acceptOp(v: string): boolean {
    if (this.op(v)) { this.i++; return true; }
    return false;
  }
  protected fail(hint = ""): never {
    const t = this.cur;
    throw syntaxError(this.sql, t.pos, t.t === "eof" ? "end of input" : `'${t.v}'`, hint);
  }
  /** A missing closing parenthesis is reported as ANTLR's "missing ')'". */
  protected expectOp(v: string): void { if (!this.acceptOp(v)) this.fail(v === ")" && this.cur.t === "eof" ? ": missing ')'" : ""); }
  protected expectKw(w: string): void { if (!this.acceptKw(w)) this.fail(); }

  /** A full selectExpr item: an expression with an optional alias. */
  named(): Expr {
    const e = this.expr();
    if (this.acceptKw("AS")) {
      if (this.acceptOp("(")) {
        // A generator's several output names: posexplode(a) AS (p, v).
        const names = [this.identifier()];
        while (this.acceptOp(",")) names.push(this.identifier());
        this.expectOp(")");
        return { kind: "alias", child: e, name: names[names.length - 1], names };
      }
      return { kind: "alias", child: e, name: this.identifier() };
    }
    if (this.implicitAliasAhead()) return { kind: "alias", child: e, name: this.identifier() };
    return e;
  }
  /** An identifier that can only be an alias here (`SELECT a b`), not the next clause's keyword. */
  protected implicitAliasAhead(): boolean {
    const t = this.cur;
    if (t.t === "qid") return true;
    if (t.t !== "id" || KEYWORDS.has(t.v.toUpperCase())) return false;
    return !CLAUSE_WORDS.has(t.v.toUpperCase()) || this.clauseWordIsName();
  }
  /**
   * Spark's keywords are non-reserved: ANTLR takes `WHERE` in `FROM emp WHERE` (nothing after)
   * or `ORDER` in `FROM emp ORDER name` (no BY) as a name, since the clause could not go on.
   */
  protected clauseWordIsName(): boolean {
    const w = this.cur.v.toUpperCase();
    const next = this.toks[this.i + 1];
    if (!next || next.t === "eof" || (next.t === "op" && next.v === ";")) return true;
    if (["ORDER", "GROUP", "SORT", "CLUSTER", "DISTRIBUTE"].includes(w)) return !(next.t === "id" && next.v.toUpperCase() === "BY");
    return false;
  }
  /** A subquery after `(` (statements override this); undefined when the parenthesis opens an expression. */
  protected subquery(): unknown | undefined {
    return undefined;
  }
  protected startsQuery(): boolean {
    return this.kw("SELECT") || this.kw("WITH") || this.kw("VALUES");
  }
  end(): void { if (this.cur.t !== "eof") this.fail(); }

  protected identifier(): string {
    const t = this.cur;
    if (t.t === "id" || t.t === "qid") { this.i++; return t.v; }
    this.fail();
  }

  /** A function argument: an expression, optionally named (`struct(a AS x)`). */
  private argument(): Expr {
    const e = this.expr();
    if (this.acceptKw("AS")) return { kind: "alias", child: e, name: this.identifier() };
    return e;
  }

  /** After OVER: a window name (resolved by the statement's WINDOW clause) or `( spec )`. */
  protected windowRef(): WindowSpecExpr {
    if (!this.op("(")) return { partitionBy: [], orderBy: [], ref: this.identifier() };
    const pos = this.cur.pos;
    this.i++;
    const spec = { ...this.windowSpec(), pos };
    this.expectOp(")");
    return spec;
  }

  /** `[name] [PARTITION BY e, …] [ORDER BY o, …] [ROWS|RANGE frame]` (inside the parentheses). */
  protected windowSpec(): WindowSpecExpr {
    const spec: WindowSpecExpr = { partitionBy: [], orderBy: [] };
    if (this.cur.t === "id" && !["PARTITION", "DISTRIBUTE", "ORDER", "SORT", "ROWS", "RANGE", "CLUSTER"].includes(this.cur.v.toUpperCase())) spec.ref = this.identifier();
    if (this.acceptKw("PARTITION") || this.acceptKw("DISTRIBUTE")) {
      this.expectKw("BY");
      spec.partitionBy.push(this.expr());
      while (this.acceptOp(",")) spec.partitionBy.push(this.expr());
    }
    if (this.acceptKw("ORDER") || this.acceptKw("SORT")) {
      this.expectKw("BY");
      spec.orderBy = this.sortList();
    }
    if (this.kw("ROWS") || this.kw("RANGE")) {
      const type = this.cur.v.toUpperCase() === "ROWS" ? "rows" : "range";
      this.i++;
      const intervals: { lower?: IntervalBound; upper?: IntervalBound } = {};
      if (this.acceptKw("BETWEEN")) {
        const lower = this.frameBound(intervals, "lower");
        this.expectKw("AND");
        spec.frame = { type, lower, upper: this.frameBound(intervals, "upper"), sql: true };
      } else spec.frame = { type, lower: this.frameBound(intervals, "lower"), upper: "currentRow", sql: true };
      if (intervals.lower || intervals.upper) spec.frame.intervals = intervals;
    }
    return spec;
  }

  /** `INTERVAL 1 DAY`, `INTERVAL '12' HOUR` (one unit): microseconds and Spark's text of it. */
  private intervalBound(): { us: number; bound: IntervalBound } {
    const v = this.cur;
    if (v.t !== "num" && v.t !== "str") this.fail();
    this.i++;
    const unit = this.identifier().toUpperCase().replace(/S$/, "");
    const US: Record<string, number> = { MICROSECOND: 1, MILLISECOND: 1e3, SECOND: 1e6, MINUTE: 60e6, HOUR: 3600e6, DAY: 86400e6, WEEK: 7 * 86400e6 };
    if (US[unit] === undefined || !/^\s*\d+\s*$/.test(v.v)) this.fail();
    const n = Number(v.v);
    // A week is shown in days, as Spark's DayTimeIntervalType literal.
    const shownUnit = unit === "WEEK" ? "DAY" : unit;
    const shown = unit === "WEEK" ? n * 7 : n;
    return { us: n * US[unit], bound: { text: `INTERVAL '${shown}' ${shownUnit}`, typeSql: `INTERVAL ${shownUnit}` } };
  }

  private frameBound(intervals: { lower?: IntervalBound; upper?: IntervalBound }, side: "lower" | "upper"): WindowBound {
    if (this.acceptKw("INTERVAL")) {
      const { us, bound } = this.intervalBound();
      intervals[side] = bound;
      if (this.acceptKw("PRECEDING")) return -us;
      this.expectKw("FOLLOWING");
      return us;
    }
    if (this.acceptKw("UNBOUNDED")) {
      if (this.acceptKw("PRECEDING")) return "unboundedPreceding";
      this.expectKw("FOLLOWING");
      return "unboundedFollowing";
    }
    if (this.acceptKw("CURRENT")) { this.expectKw("ROW"); return "currentRow"; }
    const e = this.additive();
    if (e.kind !== "literal" || typeof e.value !== "number") this.fail();
    if (this.acceptKw("PRECEDING")) return -(e.value as number);
    this.expectKw("FOLLOWING");
    return e.value as number;
  }

  /** `e [ASC|DESC] [NULLS FIRST|LAST], …` */
  sortList(): Expr[] {
    const out: Expr[] = [];
    do {
      const child = this.expr();
      let ascending = true;
      if (this.acceptKw("DESC")) ascending = false;
      else this.acceptKw("ASC");
      let nullsFirst = ascending;
      if (this.acceptKw("NULLS")) {
        if (this.acceptKw("FIRST")) nullsFirst = true;
        else { this.expectKw("LAST"); nullsFirst = false; }
      }
      out.push({ kind: "sortOrder", child, ascending, nullsFirst });
    } while (this.acceptOp(","));
    return out;
  }

  expr(): Expr { return this.or(); }
  private or(): Expr {
    let l = this.and();
    while (this.acceptKw("OR")) l = { kind: "binary", op: "OR", left: l, right: this.and() };
    return l;
  }
  private and(): Expr {
    let l = this.not();
    while (this.acceptKw("AND") || this.acceptOp("&&")) l = { kind: "binary", op: "AND", left: l, right: this.not() };
    return l;
  }
  private not(): Expr {
    if (this.acceptKw("NOT") || this.acceptOp("!")) return { kind: "unary", op: "NOT", child: this.not() };
    return this.comparison();
  }
  private comparison(): Expr {
    const pos = this.cur.pos;
    let l = this.bitOr();
    for (;;) {
      const t = this.cur;
      if (t.t === "op" && ["=", "==", "!=", "<>", "<", "<=", ">", ">=", "<=>"].includes(t.v)) {
        this.i++;
        const op = (t.v === "==" ? "=" : t.v === "<>" ? "!=" : t.v) as BinaryOp;
        l = { kind: "binary", op, left: l, right: this.bitOr(), pos };
        continue;
      }
      if (this.kw("IS")) {
        this.i++;
        const neg = this.acceptKw("NOT");
        this.expectKw("NULL");
        l = { kind: "unary", op: neg ? "IS NOT NULL" : "IS NULL", child: l };
        continue;
      }
      const save = this.i;
      const neg = this.acceptKw("NOT");
      if (this.acceptKw("IN")) {
        const at = this.cur.pos;
        this.expectOp("(");
        const sub = this.startsQuery() ? this.subquery() : undefined;
        if (sub !== undefined) {
          this.expectOp(")");
          l = { kind: "subquery", mode: "in", query: sub, child: l, pos: at };
          if (neg) l = { kind: "unary", op: "NOT", child: l };
          continue;
        }
        const list: Expr[] = [this.expr()];
        while (this.acceptOp(",")) list.push(this.expr());
        this.expectOp(")");
        l = { kind: "in", child: l, list };
      } else if (this.kw("ILIKE")) {
        this.i++;
        l = { kind: "call", name: "ilike", args: [l, this.bitOr()] };
      } else if (this.kw("LIKE") || this.kw("RLIKE")) {
        const regex = this.kw("RLIKE");
        this.i++;
        const q = this.cur.t === "id" ? this.cur.v.toUpperCase() : "";
        if (!regex && (q === "ALL" || q === "ANY" || q === "SOME") && this.toks[this.i + 1]?.v === "(") {
          // LIKE ALL ('a%', '%b'), LIKE ANY/SOME (…), NOT LIKE ALL (…): one predicate over the patterns.
          this.i += 2;
          const patterns: string[] = [];
          do {
            if (this.cur.t !== "str") this.fail();
            patterns.push(this.cur.v);
            this.i++;
          } while (this.acceptOp(","));
          this.expectOp(")");
          l = { kind: "like", child: l, pattern: "", regex: false, quantified: { all: q === "ALL", patterns, negated: neg } };
          continue;
        }
        const p = this.cur;
        if (p.t !== "str") this.fail();
        this.i++;
        l = { kind: "like", child: l, pattern: p.v, regex };
      } else if (this.acceptKw("BETWEEN")) {
        const lo = this.bitOr();
        this.expectKw("AND");
        const hi = this.bitOr();
        l = { kind: "binary", op: "AND", left: { kind: "binary", op: ">=", left: l, right: lo }, right: { kind: "binary", op: "<=", left: l, right: hi } };
      } else {
        this.i = save;
        return l;
      }
      if (neg) l = { kind: "unary", op: "NOT", child: l };
    }
  }
  /** Spark's precedence below the comparisons: | then ^ then & then + -. */
  private bitOr(): Expr { return this.bitwise("|", () => this.bitXor()); }
  private bitXor(): Expr { return this.bitwise("^", () => this.bitAnd()); }
  private bitAnd(): Expr { return this.bitwise("&", () => this.additive()); }
  /** `a op b op c`, left-associative, as calls of the operator's function named at the first operand. */
  private bitwise(op: string, operand: () => Expr): Expr {
    const pos = this.cur.pos;
    let l = operand();
    while (this.acceptOp(op)) l = { kind: "call", name: op, args: [l, operand()], pos };
    return l;
  }
  protected additive(): Expr {
    const pos = this.cur.pos;
    let l = this.multiplicative();
    for (;;) {
      if (this.acceptOp("+")) l = { kind: "binary", op: "+", left: l, right: this.multiplicative(), pos };
      else if (this.acceptOp("-")) l = { kind: "binary", op: "-", left: l, right: this.multiplicative(), pos };
      else if (this.acceptOp("||")) l = { kind: "call", name: "concat", args: [l, this.multiplicative()] };
      else return l;
    }
  }
  private multiplicative(): Expr {
    const pos = this.cur.pos;
    let l = this.unary();
    for (;;) {
      if (this.op("*") || this.op("/") || this.op("%")) {
        const op = this.cur.v as BinaryOp;
        this.i++;
        l = { kind: "binary", op, left: l, right: this.unary(), pos };
      } else if (this.acceptKw("DIV")) l = { kind: "binary", op: "div", left: l, right: this.unary(), pos };
      else return l;
    }
  }
  private unary(): Expr {
    if (this.acceptOp("-")) {
      const e = this.unary();
      if (e.kind === "literal" && typeof e.value === "bigint") return { ...e, value: -e.value };
      if (e.kind === "literal" && typeof e.value === "number") {
        const dataType = negatedLiteralType(e);
        return { ...e, value: dataType === LONG && e.value === 9223372036854775808 ? -9223372036854775808n : -e.value, dataType };
      }
      return { kind: "unary", op: "-", child: e };
    }
    if (this.acceptOp("+")) return this.unary();
    if (this.acceptOp("~")) return { kind: "call", name: "~", args: [this.unary()] };
    return this.postfix();
  }
  private postfix(): Expr {
    let e = this.primary();
    for (;;) {
      if (this.acceptOp("[")) {
        const key = this.expr();
        this.expectOp("]");
        e = { kind: "extract", child: e, key };
      } else if (this.op(".") && e.kind !== "attr") {
        this.i++;
        if (this.acceptOp("*")) this.fail();
        e = { kind: "extract", child: e, key: { kind: "literal", value: this.identifier(), dataType: STRING } };
      } else return e;
    }
  }
  /** A lambda at the cursor: `x -> body` or `(a, b) -> body` (undefined when there is none). */
  private lambda(): Expr | undefined {
    const t = this.cur;
    const isName = (k: Tok | undefined) => !!k && (k.t === "qid" || (k.t === "id" && !KEYWORDS.has(k.v.toUpperCase())));
    const arrow = (k: Tok | undefined) => !!k && k.t === "op" && k.v === "->";
    let params: string[] | undefined;
    if (isName(t) && arrow(this.toks[this.i + 1])) {
      params = [t.v];
      this.i += 2;
    } else if (this.op("(")) {
      const names: string[] = [];
      let j = this.i + 1;
      while (isName(this.toks[j])) {
        names.push(this.toks[j].v);
        j++;
        if (this.toks[j]?.t === "op" && this.toks[j].v === ",") j++;
        else break;
      }
      if (!names.length || !(this.toks[j]?.t === "op" && this.toks[j].v === ")") || !arrow(this.toks[j + 1])) return undefined;
      params = names;
      this.i = j + 2;
    }
    if (!params) return undefined;
    return { kind: "lambda", params, body: this.expr(), pos: t.pos };
  }
  /**
   * The SQL forms with keywords inside the parentheses (the cursor at the name, `(` next):
   * TRIM([BOTH|LEADING|TRAILING] [chars] FROM s), OVERLAY(s PLACING r FROM n [FOR m]),
   * EXTRACT(field FROM x), POSITION(sub IN s), and the unit word of TIMESTAMPADD/TIMESTAMPDIFF.
   * Undefined (cursor unmoved) when the call is an ordinary one.
   */
  private specialSyntax(upper: string): Expr | undefined {
    const start = this.i;
    const at = (k: number) => this.toks[this.i + k];
    const isKw = (k: number, w: string) => at(k)?.t === "id" && at(k).v.toUpperCase() === w;
    if (upper === "TRIM") {
      const mode = ["BOTH", "LEADING", "TRAILING"].find((m) => isKw(2, m));
      this.i += mode ? 3 : 2;
      let chars: Expr | undefined;
      if (!this.kw("FROM")) chars = this.expr();
      if (!this.acceptKw("FROM")) {
        if (mode) this.fail();
        this.i = start;
        return undefined;
      }
      const src = this.expr();
      this.expectOp(")");
      return { kind: "call", name: `trim ${(mode ?? "BOTH").toLowerCase()}`, args: chars ? [src, chars] : [src] };
    }
    if (upper === "EXTRACT" && (at(2)?.t === "id" || at(2)?.t === "str") && isKw(3, "FROM")) {
      const field = at(2).v;
      this.i += 4;
      const src = this.expr();
      this.expectOp(")");
      return { kind: "call", name: "extract from", args: [str(field), src] };
    }
    if ((upper === "TIMESTAMPADD" || upper === "TIMESTAMPDIFF") && at(2)?.t === "id" && at(3)?.v === ",") {
      const unit = at(2).v.toUpperCase();
      this.i += 4;
      const args: Expr[] = [str(unit), this.expr()];
      while (this.acceptOp(",")) args.push(this.expr());
      this.expectOp(")");
      return { kind: "call", name: upper.toLowerCase(), args };
    }
    if (upper === "OVERLAY" || upper === "POSITION") {
      this.i += 2;
      const first = this.bitOr();
      const word = upper === "OVERLAY" ? "PLACING" : "IN";
      if (!this.acceptKw(word)) { this.i = start; return undefined; }
      const args = [first, this.bitOr()];
      if (upper === "OVERLAY") {
        this.expectKw("FROM");
        args.push(this.bitOr());
        if (this.acceptKw("FOR")) args.push(this.bitOr());
      }
      this.expectOp(")");
      return { kind: "call", name: upper === "POSITION" ? "locate" : "overlay", args };
    }
    return undefined;
  }
  private primary(): Expr {
    const lambda = this.lambda();
    if (lambda) return lambda;
    const t = this.cur;
    if (t.t === "num") {
      this.i++;
      return { ...numberLiteral(t.v), pos: t.pos } as Expr;
    }
    if (t.t === "str") {
      this.i++;
      return { kind: "literal", value: t.v, dataType: STRING };
    }
    if (this.acceptOp("*")) return { kind: "star" };
    if (this.op("(")) {
      this.i++;
      const sub = this.startsQuery() ? this.subquery() : undefined;
      if (sub !== undefined) {
        this.expectOp(")");
        return { kind: "subquery", mode: "scalar", query: sub, pos: t.pos };
      }
      const e = this.expr();
      this.expectOp(")");
      return e;
    }
    if (this.kw("EXISTS") && this.toks[this.i + 1]?.v === "(" && ["SELECT", "WITH", "VALUES"].includes(this.toks[this.i + 2]?.v.toUpperCase())) {
      this.i += 2;
      const sub = this.subquery();
      if (sub === undefined) this.fail();
      this.expectOp(")");
      return { kind: "subquery", mode: "exists", query: sub, pos: t.pos };
    }
    if (t.t === "qid" || t.t === "id") {
      const upper = t.v.toUpperCase();
      if (t.t === "id") {
        if (upper === "NULL") { this.i++; return { kind: "literal", value: null, dataType: NULL }; }
        if (upper === "TRUE" || upper === "FALSE") { this.i++; return { kind: "literal", value: upper === "TRUE", dataType: BOOLEAN }; }
        if (upper === "CAST" && this.toks[this.i + 1]?.v === "(") {
          this.i += 2;
          const child = this.expr();
          this.expectKw("AS");
          const typeStart = this.cur.pos;
          let depth = 0;
          while (this.cur.t !== "eof" && !(depth === 0 && this.op(")"))) {
            if (this.op("(") || this.op("<")) depth++;
            if (this.op(">") || (this.op(")") && depth > 0)) depth--;
            this.i++;
          }
          const typeText = this.sql.slice(typeStart, this.cur.pos);
          this.expectOp(")");
          return { kind: "cast", child, to: parseDataType(typeText), pos: t.pos };
        }
        if (upper === "INTERVAL" && (this.toks[this.i + 1]?.t === "num" || this.toks[this.i + 1]?.t === "str" || this.toks[this.i + 1]?.v === "-")) {
          this.i++;
          const { value, dataType } = parseIntervalLiteral({
            peek: (k = 0) => this.toks[this.i + k],
            next: () => this.toks[this.i++],
            fail: () => this.fail(),
          });
          return { kind: "literal", value, dataType, pos: t.pos } as Expr;
        }
        if (upper === "X" && this.toks[this.i + 1]?.t === "str" && this.toks[this.i + 1].pos === t.pos + 1) {
          // A binary literal: X'57' (an odd count of hex digits gets a leading 0, as Spark's).
          const hex = this.toks[this.i + 1].v;
          if (!/^[0-9A-Fa-f]*$/.test(hex)) this.fail();
          this.i += 2;
          return { kind: "literal", value: Buffer.from(hex.length % 2 ? "0" + hex : hex, "hex"), dataType: BINARY };
        }
        if ((upper === "DATE" || upper === "TIMESTAMP") && this.toks[this.i + 1]?.t === "str") {
          // A typed literal: DATE '2024-01-01', TIMESTAMP '2024-01-01 10:00:00' (a constant, not null).
          const text = this.toks[this.i + 1].v;
          this.i += 2;
          return { kind: "cast", child: { kind: "literal", value: text, dataType: STRING }, to: parseDataType(upper.toLowerCase()), typedLiteral: true };
        }
        if (upper === "CASE") {
          this.i++;
          let subject: Expr | undefined;
          if (!this.kw("WHEN")) subject = this.expr();
          const branches: Array<[Expr, Expr]> = [];
          while (this.acceptKw("WHEN")) {
            let cond = this.expr();
            if (subject) cond = { kind: "binary", op: "=", left: subject, right: cond };
            this.expectKw("THEN");
            branches.push([cond, this.expr()]);
          }
          if (!branches.length) this.fail();
          const otherwise = this.acceptKw("ELSE") ? this.expr() : undefined;
          this.expectKw("END");
          return { kind: "caseWhen", branches, otherwise };
        }
        const special = this.toks[this.i + 1]?.v === "(" ? this.specialSyntax(upper) : undefined;
        if (special) return special;
        if (KEYWORDS.has(upper) && upper !== "INTERVAL") this.fail();
      }
      this.i++;
      if (t.t === "id" && this.op("(")) {
        this.i++;
        const distinct = this.acceptKw("DISTINCT");
        const args: Expr[] = [];
        if (!this.op(")")) {
          args.push(this.op("*") ? (this.i++, { kind: "literal", value: 1, dataType: INTEGER } as Expr) : this.argument());
          while (this.acceptOp(",")) args.push(this.argument());
        }
        this.expectOp(")");
        let call: Expr = { kind: "call", name: t.v.toLowerCase(), args, distinct, pos: t.pos };
        // Spark's grammar: name(args) [FILTER (WHERE cond)] [IGNORE|RESPECT NULLS] [OVER w].
        if (this.kw("FILTER") && this.toks[this.i + 1]?.v === "(" && this.toks[this.i + 2]?.t === "id" && this.toks[this.i + 2].v.toUpperCase() === "WHERE") {
          this.i += 3;
          call = { ...call, filter: this.expr() };
          this.expectOp(")");
        }
        if (this.kw("IGNORE") || this.kw("RESPECT")) {
          const ignore = this.kw("IGNORE");
          this.i++;
          this.expectKw("NULLS");
          if (ignore) call = { ...call, args: [...args, { kind: "literal", value: true, dataType: BOOLEAN }] };
        }
        if (this.acceptKw("OVER")) return { kind: "window", fn: call, spec: this.windowRef() };
        return call;
      }
      const parts = [t.v];
      while (this.op(".")) {
        if (this.toks[this.i + 1]?.v === "*") {
          this.i += 2;
          return { kind: "star", target: parts };
        }
        this.i++;
        parts.push(this.identifier());
      }
      return { kind: "attr", parts, pos: t.pos };
    }
    this.fail();
  }
}

const str = (v: string): Expr => ({ kind: "literal", value: v, dataType: STRING });

function numberLiteral(text: string): Expr {
  const suffix = text.slice(-1).toUpperCase();
  if (suffix === "L") return { kind: "literal", value: Number(text.slice(0, -1)), dataType: LONG };
  if (suffix === "D") return { kind: "literal", value: Number(text.slice(0, -1)), dataType: DOUBLE };
  if (suffix === "S" || suffix === "Y") return { kind: "literal", value: Number(text.slice(0, -1)), dataType: suffix === "S" ? SHORT : BYTE };
  const n = Number(text);
  // Spark types an integer literal int, else bigint, else decimal(digits, 0).
  if (/^[0-9]+$/.test(text)) {
    const digits = text.replace(/^0+(?=.)/, "");
    const dataType = n <= 2147483647 ? INTEGER : BigInt(digits) <= 9223372036854775807n ? LONG : digits.length <= 38 ? DecimalType(digits.length, 0) : DOUBLE;
    // A bigint past 2^53 is carried as a JS bigint (the engine's long), so it keeps its last digits.
    return { kind: "literal", value: dataType === LONG && !Number.isSafeInteger(n) ? BigInt(digits) : n, dataType };
  }
  const dec = decimalLiteralType(text);
  return { kind: "literal", value: n, dataType: dec ?? DOUBLE };
}

/** -2147483648 is an int and -9223372036854775808 a bigint: Spark's grammar reads the sign with the digits. */
function negatedLiteralType(e: Expr & { kind: "literal" }): DataType {
  if (e.dataType === LONG && e.value === 2147483648) return INTEGER;
  if (e.dataType instanceof DecimalTypeClass && e.dataType.scale === 0 && e.value === 9223372036854775808) return LONG;
  return e.dataType;
}

/** Spark's decimal literal (digits with a point, no exponent): decimal(p,s) of its own digits; over 38 digits a double. */
function decimalLiteralType(text: string): DecimalTypeClass | undefined {
  const m = /^(\d*)\.(\d*)$/.exec(text);
  if (!m) return undefined;
  const intDigits = m[1].replace(/^0+/, "").length;
  const scale = m[2].length;
  const precision = Math.max(intDigits + scale, 1);
  return precision > 38 ? undefined : DecimalType(precision, scale);
}

/** Parses one SQL expression, with an optional trailing alias (`a + 1 AS b`). */
export function parseExpression(sql: string): Expr {
  const p = new Parser(sql, tokenize(sql));
  const e = p.named();
  p.end();
  return e;
}
