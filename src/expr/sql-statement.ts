/**
 * The statement half of the recursive-descent SQL parser: whole queries as `spark.sql` takes
 * them, after Spark's grammar (SqlBaseParser.g4): WITH … (CTEs), SELECT [DISTINCT] … FROM
 * (tables, subqueries, `VALUES … AS t(a, b)`, table functions, joins, LATERAL VIEW) WHERE …
 * GROUP BY … HAVING … WINDOW …, set operations (INTERSECT binds tighter than UNION/EXCEPT),
 * ORDER BY … LIMIT … OFFSET …. Expressions come from sql-parser.ts. The result is a syntax tree
 * (`QueryAst`); api/sql.ts turns it into DataFrames. Errors are Spark's PARSE_SYNTAX_ERROR texts.
 */
import { Expr, WindowSpecExpr } from "./expression";
import { CLAUSE_WORDS, Parser, tokenize } from "./sql-parser";

export type QueryAst =
  | {
      kind: "select";
      distinct: boolean;
      items: Expr[];
      from?: RelationAst;
      lateral: LateralView[];
      where?: Expr;
      groupBy?: Expr[];
      /** GROUP BY ALL: every select item without an aggregate is a key. */
      groupByAll?: boolean;
      /** ROLLUP(…), CUBE(…), GROUPING SETS (…), WITH ROLLUP/CUBE: the elements, by index into `groupBy`. */
      grouping?: GroupingElement[];
      /** `FROM … PIVOT (aggregates FOR column IN (values))`. */
      pivot?: PivotClause;
      having?: Expr;
      windows: Record<string, WindowSpecExpr>;
      /** Where the SELECT keyword is (Spark's origin for errors of the whole query). */
      pos: number;
    }
  | { kind: "setOp"; op: "union" | "intersect" | "except"; all: boolean; left: QueryAst; right: QueryAst }
  /** A bare `VALUES (…), (…)` statement or subquery. */
  | { kind: "values"; rows: Expr[][]; pos: number }
  | { kind: "table"; name: string; pos: number }
  /** CREATE [OR REPLACE] TEMP VIEW name [(cols)] AS query; DROP VIEW [IF EXISTS] name. */
  | { kind: "createView"; name: string; columns?: string[]; replace: boolean; ifNotExists: boolean; query: QueryAst; pos: number }
  | { kind: "dropView"; name: string; ifExists: boolean; pos: number }
  /** SHOW [USER|SYSTEM|ALL] FUNCTIONS [[LIKE] 'pattern']; DESCRIBE FUNCTION [EXTENDED] name. */
  | { kind: "showFunctions"; pattern?: string }
  | { kind: "describeFunction"; name: string; extended: boolean; pos: number }
  /** ORDER BY / LIMIT / OFFSET over a query, and the CTEs in scope for it. */
  | { kind: "organized"; query: QueryAst; ctes: Cte[]; orderBy: Expr[]; limit?: number; offset?: number };

/** One GROUP BY element of grouping analytics (indices into the select's `groupBy`). */
type GroupingElement =
  | { kind: "expr"; index: number }
  | { kind: "rollup" | "cube"; indices: number[] }
  | { kind: "sets"; sets: number[][] };

export interface PivotClause {
  aggregates: Expr[];
  column: Expr;
  values: Array<{ value: Expr; alias?: string }>;
}

export interface Cte {
  name: string;
  columns?: string[];
  query: QueryAst;
}

export interface LateralView {
  outer: boolean;
  generator: Expr;
  table?: string;
  columns: string[];
}

export type RelationAst =
  | { kind: "table"; name: string; alias?: string; pos: number }
  | { kind: "subquery"; query: QueryAst; alias?: string; columns?: string[] }
  | { kind: "values"; rows: Expr[][]; alias?: string; columns?: string[]; pos: number }
  /** A table-valued function: range(3), explode(array(…)) in FROM. */
  | { kind: "function"; name: string; args: Expr[]; alias?: string; columns?: string[]; pos: number }
  /** `natural`: NATURAL JOIN, USING every column both sides have. */
  | { kind: "join"; left: RelationAst; right: RelationAst; how: string; on?: Expr; using?: string[]; natural?: boolean };

class QueryParser extends Parser {
  /** A subquery inside an expression: `(SELECT …)`, `IN (SELECT …)`, `EXISTS (SELECT …)`. */
  protected override subquery(): unknown {
    return this.query();
  }

  statement(): QueryAst {
    if (this.cur.t === "eof") this.fail();
    const q = this.kw("CREATE") ? this.createView() : this.kw("DROP") ? this.dropView() : this.functionCommand() ?? this.query();
    while (this.acceptOp(";")) { /* trailing semicolons */ }
    const next: string = this.cur.t;
    if (next !== "eof") {
      // One token too many (ANTLR's single-token deletion): "extra input 'x'".
      const last = this.toks[this.i + 1]?.t === "eof" || this.toks[this.i - 1]?.v === ";";
      this.fail(last ? `: extra input '${this.cur.v}'` : "");
    }
    return q;
  }

  private createView(): QueryAst {
    const pos = this.cur.pos;
    this.expectKw("CREATE");
    let replace = false;
    if (this.acceptKw("OR")) { this.expectKw("REPLACE"); replace = true; }
    this.acceptKw("GLOBAL");
    if (!this.acceptKw("TEMP")) this.expectKw("TEMPORARY");
    this.expectKw("VIEW");
    let ifNotExists = false;
    if (this.acceptKw("IF")) { this.expectKw("NOT"); this.expectKw("EXISTS"); ifNotExists = true; }
    const name = this.qualifiedName();
    const columns = this.op("(") ? this.identifierList() : undefined;
    this.expectKw("AS");
    return { kind: "createView", name, columns, replace, ifNotExists, query: this.query(), pos };
  }

  /** SHOW FUNCTIONS and DESCRIBE FUNCTION, or undefined when the statement is neither. */
  private functionCommand(): QueryAst | undefined {
    const next = this.toks[this.i + 1];
    const word = (t: typeof next, w: string): boolean => t?.t === "id" && t.v.toUpperCase() === w;
    if (this.kw("SHOW")) {
      const scoped = ["USER", "SYSTEM", "ALL"].some((w) => word(next, w));
      if (!word(scoped ? this.toks[this.i + 2] : next, "FUNCTIONS")) return undefined;
      this.i += scoped ? 3 : 2;
      this.acceptKw("LIKE");
      const cur = this.cur;
      if (cur.t === "str") { this.i++; return { kind: "showFunctions", pattern: cur.v }; }
      return { kind: "showFunctions" };
    }
    if ((this.kw("DESCRIBE") || this.kw("DESC")) && word(next, "FUNCTION")) {
      this.i += 2;
      const extended = this.acceptKw("EXTENDED");
      const cur = this.cur;
      // Errors point at the name (Spark's origin of the function identifier).
      if (cur.t === "str" || cur.t === "op") { this.i++; return { kind: "describeFunction", name: cur.v, extended, pos: cur.pos }; }
      return { kind: "describeFunction", name: this.qualifiedName(), extended, pos: cur.pos };
    }
    return undefined;
  }

  private dropView(): QueryAst {
    const pos = this.cur.pos;
    this.expectKw("DROP");
    this.expectKw("VIEW");
    let ifExists = false;
    if (this.acceptKw("IF")) { this.expectKw("EXISTS"); ifExists = true; }
    return { kind: "dropView", name: this.qualifiedName(), ifExists, pos };
  }

  query(): QueryAst {
    const ctes: Cte[] = [];
    if (this.acceptKw("WITH")) {
      do {
        const name = this.identifier();
        let columns: string[] | undefined;
        if (this.op("(")) columns = this.identifierList();
        this.acceptKw("AS");
        this.expectOp("(");
        const query = this.query();
        this.expectOp(")");
        ctes.push({ name, columns, query });
      } while (this.acceptOp(","));
    }
    const body = this.setOperations();
    let orderBy: Expr[] = [];
    let limit: number | undefined;
    let offset: number | undefined;
    if (this.acceptKw("ORDER") || this.acceptKw("SORT")) {
      this.expectKw("BY");
      orderBy = this.sortList();
    }
    if (this.acceptKw("LIMIT")) limit = this.acceptKw("ALL") ? undefined : this.integer();
    if (this.acceptKw("OFFSET")) offset = this.integer();
    if (!ctes.length && !orderBy.length && limit === undefined && offset === undefined) return body;
    return { kind: "organized", query: body, ctes, orderBy, limit, offset };
  }

  private integer(): number {
    const e = this.expr();
    if (e.kind === "literal" && typeof e.value === "number") return e.value;
    if (e.kind === "unary" && e.op === "-") return NaN;
    this.fail();
  }

  /** UNION / EXCEPT / MINUS, left-associative, over INTERSECT terms. */
  private setOperations(): QueryAst {
    let left = this.intersections();
    for (;;) {
      let op: "union" | "except";
      if (this.acceptKw("UNION")) op = "union";
      else if (this.acceptKw("EXCEPT") || this.acceptKw("MINUS")) op = "except";
      else return left;
      const all = this.acceptKw("ALL");
      if (!all) this.acceptKw("DISTINCT");
      left = { kind: "setOp", op, all, left, right: this.intersections() };
    }
  }

  private intersections(): QueryAst {
    let left = this.primaryQuery();
    while (this.acceptKw("INTERSECT")) {
      const all = this.acceptKw("ALL");
      if (!all) this.acceptKw("DISTINCT");
      left = { kind: "setOp", op: "intersect", all, left, right: this.primaryQuery() };
    }
    return left;
  }

  private primaryQuery(): QueryAst {
    const t = this.cur;
    if (this.op("(")) {
      this.i++;
      const q = this.query();
      this.expectOp(")");
      return q;
    }
    if (this.acceptKw("VALUES")) return { kind: "values", rows: this.valuesRows(), pos: t.pos };
    if (this.acceptKw("TABLE")) return { kind: "table", name: this.qualifiedName(), pos: t.pos };
    if (this.acceptKw("SELECT")) return this.selectBody(t.pos);
    this.fail();
  }

  private selectBody(start: number): QueryAst {
    this.acceptOp("/*+"); // hints are accepted and ignored
    let distinct = false;
    if (this.acceptKw("DISTINCT")) distinct = true;
    else this.acceptKw("ALL");
    const first = this.cur;
    const wordThenAlias = this.toks[this.i + 1]?.t === "id" && this.toks[this.i + 2]?.t === "eof";
    let items: Expr[];
    if (first.t === "id" && CLAUSE_WORDS.has(first.v.toUpperCase()) && wordThenAlias) {
      // `SELECT FROM emp`: ANTLR reads a column named FROM with the alias emp.
      this.i++;
      items = [{ kind: "alias", child: { kind: "attr", parts: [first.v], pos: first.pos }, name: this.identifier() }];
      return { kind: "select", distinct, items, lateral: [], windows: {}, pos: start };
    }
    // A clause word followed by "(" is a function call (`SELECT window(ts, '1 hour')`).
    if (this.cur.t === "eof" || (this.cur.t === "id" && CLAUSE_WORDS.has(this.cur.v.toUpperCase()) && this.cur.v.toUpperCase() !== "SELECT" && this.toks[this.i + 1]?.v !== "(")) this.fail();
    items = [this.named()];
    while (this.acceptOp(",")) items.push(this.named());
    const q: QueryAst & { kind: "select" } = { kind: "select", distinct, items, lateral: [], windows: {}, pos: start };
    if (this.acceptKw("FROM")) {
      q.from = this.relation();
      while (this.acceptOp(",")) q.from = { kind: "join", left: q.from, right: this.relation(), how: "cross" };
      if (this.pivotAhead()) q.pivot = this.pivotClause();
      while (this.kw("LATERAL")) q.lateral.push(this.lateralView());
    }
    if (this.acceptKw("WHERE")) q.where = this.expr();
    if (this.kw("GROUP")) {
      this.i++;
      this.expectKw("BY");
      if (this.kw("ALL") && (this.toks[this.i + 1]?.t === "eof" || CLAUSE_WORDS.has(this.toks[this.i + 1]?.v.toUpperCase() ?? "") || this.toks[this.i + 1]?.v === ")" || this.toks[this.i + 1]?.v === ";")) {
        this.i++;
        q.groupByAll = true;
        q.groupBy = [];
      } else this.groupByElements(q);
    }
    if (this.acceptKw("HAVING")) q.having = this.expr();
    if (this.acceptKw("WINDOW")) {
      do {
        const name = this.identifier();
        this.expectKw("AS");
        q.windows[name.toLowerCase()] = this.windowRef();
      } while (this.acceptOp(","));
    }
    return q;
  }

  /** GROUP BY items: expressions, ROLLUP(…), CUBE(…), GROUPING SETS (…), then WITH ROLLUP/CUBE. */
  private groupByElements(q: QueryAst & { kind: "select" }): void {
    const exprs: Expr[] = [];
    const keys: string[] = [];
    const index = (e: Expr): number => {
      const k = JSON.stringify(e, (key, v) => (key === "pos" ? undefined : v));
      let i = keys.indexOf(k);
      if (i < 0) { i = keys.length; keys.push(k); exprs.push(e); }
      return i;
    };
    const list = (): number[] => {
      this.expectOp("(");
      const out: number[] = [];
      if (!this.op(")")) do out.push(index(this.expr())); while (this.acceptOp(","));
      this.expectOp(")");
      return out;
    };
    const groupingSetsAhead = (): boolean => this.kw("GROUPING") && this.toks[this.i + 1]?.t === "id" && this.toks[this.i + 1].v.toUpperCase() === "SETS";
    const groupingSets = (): GroupingElement => {
      this.i += 2;
      this.expectOp("(");
      const sets: number[][] = [];
      do sets.push(this.op("(") ? list() : [index(this.expr())]); while (this.acceptOp(","));
      this.expectOp(")");
      return { kind: "sets", sets };
    };
    const elements: GroupingElement[] = [];
    do {
      const ahead = this.toks[this.i + 1];
      if ((this.kw("ROLLUP") || this.kw("CUBE")) && ahead?.t === "op" && ahead.v === "(") {
        const kind = this.cur.v.toLowerCase() as "rollup" | "cube";
        this.i++;
        elements.push({ kind, indices: list() });
      } else if (groupingSetsAhead()) elements.push(groupingSets());
      else elements.push({ kind: "expr", index: index(this.expr()) });
    } while (this.acceptOp(","));
    const w = this.toks[this.i + 1];
    // The legacy `GROUP BY a, b GROUPING SETS (…)`: the sets alone name the groups.
    if (elements.every((e) => e.kind === "expr") && groupingSetsAhead()) q.grouping = [groupingSets()];
    else if (this.kw("WITH") && w?.t === "id" && (w.v.toUpperCase() === "ROLLUP" || w.v.toUpperCase() === "CUBE")) {
      this.i += 2;
      q.grouping = [{ kind: w.v.toLowerCase() as "rollup" | "cube", indices: exprs.map((_, i) => i) }];
    } else if (elements.some((e) => e.kind !== "expr")) q.grouping = elements;
    q.groupBy = exprs;
  }

  /** `PIVOT (agg [AS a], … FOR column IN (value [AS alias], …))` after a FROM item. */
  private pivotClause(): PivotClause {
    this.expectKw("PIVOT");
    this.expectOp("(");
    const aggregate = (): Expr => {
      const e = this.expr();
      if (this.acceptKw("AS") || (!this.kw("FOR") && this.implicitAliasAhead())) return { kind: "alias", child: e, name: this.identifier() };
      return e;
    };
    const aggregates = [aggregate()];
    while (this.acceptOp(",")) aggregates.push(aggregate());
    this.expectKw("FOR");
    const column = this.primaryExpr(); // not expr(): `col IN (…)` would read as a predicate
    this.expectKw("IN");
    this.expectOp("(");
    const values: PivotClause["values"] = [];
    do {
      const value = this.expr();
      const alias = this.acceptKw("AS") || this.implicitAliasAhead() ? this.identifier() : undefined;
      values.push({ value, alias });
    } while (this.acceptOp(","));
    this.expectOp(")");
    this.expectOp(")");
    return { aggregates, column, values };
  }

  private lateralView(): LateralView {
    this.expectKw("LATERAL");
    this.expectKw("VIEW");
    const outer = this.acceptKw("OUTER");
    const generator = this.primaryExpr();
    let table: string | undefined;
    if (!this.kw("AS")) table = this.identifier();
    const columns: string[] = [];
    if (this.acceptKw("AS")) {
      columns.push(this.identifier());
      while (this.acceptOp(",")) columns.push(this.identifier());
    }
    return { outer, generator, table, columns };
  }

  /** A function call or column without a trailing alias (LATERAL VIEW's generator). */
  private primaryExpr(): Expr {
    return this.additive();
  }

  private relation(): RelationAst {
    let left = this.relationPrimary();
    for (;;) {
      let how: string | undefined;
      const natural = this.acceptKw("NATURAL");
      if (this.acceptKw("JOIN")) how = "inner";
      else if (this.kw("INNER") || this.kw("CROSS")) {
        how = this.cur.v.toLowerCase();
        this.i++;
        this.expectKw("JOIN");
      } else if (this.kw("LEFT") || this.kw("RIGHT") || this.kw("FULL")) {
        const side = this.cur.v.toLowerCase();
        this.i++;
        if (side === "left" && (this.kw("SEMI") || this.kw("ANTI"))) {
          how = "left_" + this.cur.v.toLowerCase();
          this.i++;
        } else {
          this.acceptKw("OUTER");
          how = side;
        }
        this.expectKw("JOIN");
      } else if (this.kw("SEMI") || this.kw("ANTI")) {
        how = "left_" + this.cur.v.toLowerCase();
        this.i++;
        this.expectKw("JOIN");
      } else {
        if (natural) this.fail();
        return left;
      }
      const right = this.relationPrimary();
      if (natural) left = { kind: "join", left, right, how, natural: true };
      else if (this.acceptKw("ON")) left = { kind: "join", left, right, how, on: this.expr() };
      else if (this.acceptKw("USING")) left = { kind: "join", left, right, how, using: this.identifierList() };
      else left = { kind: "join", left, right, how: how === "inner" ? "cross" : how };
    }
  }

  private relationPrimary(): RelationAst {
    const t = this.cur;
    if (this.op("(")) {
      this.i++;
      if (this.startsQuery() || this.op("(")) {
        const query = this.query();
        this.expectOp(")");
        const { alias, columns } = this.tableAlias();
        return { kind: "subquery", query, alias, columns };
      }
      const inner = this.relation();
      this.expectOp(")");
      return inner;
    }
    if (this.acceptKw("VALUES")) {
      const rows = this.valuesRows();
      const { alias, columns } = this.tableAlias();
      return { kind: "values", rows, alias, columns, pos: t.pos };
    }
    const name = this.qualifiedName();
    if (this.op("(")) {
      this.i++;
      const args: Expr[] = [];
      if (!this.op(")")) {
        args.push(this.expr());
        while (this.acceptOp(",")) args.push(this.expr());
      }
      this.expectOp(")");
      const { alias, columns } = this.tableAlias();
      return { kind: "function", name: name.toLowerCase(), args, alias, columns, pos: t.pos };
    }
    const { alias } = this.tableAlias();
    return { kind: "table", name, alias, pos: t.pos };
  }

  private pivotAhead(): boolean {
    const n = this.toks[this.i + 1];
    return this.kw("PIVOT") && n?.t === "op" && n.v === "(";
  }

  /** `[AS] alias [(c1, c2, …)]`. */
  private tableAlias(): { alias?: string; columns?: string[] } {
    if (this.pivotAhead()) return {};
    const explicit = this.acceptKw("AS");
    if (!explicit && !this.implicitAliasAhead()) return {};
    const alias = this.identifier();
    const columns = this.op("(") ? this.identifierList() : undefined;
    return { alias, columns };
  }

  private identifierList(): string[] {
    this.expectOp("(");
    const out = [this.identifier()];
    while (this.acceptOp(",")) out.push(this.identifier());
    this.expectOp(")");
    return out;
  }

  private qualifiedName(): string {
    let name = this.identifier();
    while (this.op(".") && (this.toks[this.i + 1]?.t === "id" || this.toks[this.i + 1]?.t === "qid")) {
      this.i++;
      name += "." + this.identifier();
    }
    return name;
  }

  /** `(a, b), (c, d)` or `a, b` (one column per row). */
  private valuesRows(): Expr[][] {
    const rows: Expr[][] = [];
    do {
      if (this.op("(")) {
        this.i++;
        const row = [this.expr()];
        while (this.acceptOp(",")) row.push(this.expr());
        this.expectOp(")");
        rows.push(row);
      } else rows.push([this.expr()]);
    } while (this.acceptOp(","));
    return rows;
  }
}

/** Parses one `spark.sql` statement. */
export function parseQuery(sql: string): QueryAst {
  return new QueryParser(sql, tokenize(sql)).statement();
}
