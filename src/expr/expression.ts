/**
 * Unresolved expressions: what `col("x")`, `lit(1)`, `split(...)` and the SQL expression parser
 * build. A closed union; the analyzer turns each into a typed, bound `Resolved` node
 * (plan/resolved.ts) against a child's schema.
 */
import type { DataType } from "../types/data-types";

export type BinaryOp =
  | "+" | "-" | "*" | "/" | "%" | "div"
  | "=" | "<=>" | "!=" | "<" | "<=" | ">" | ">="
  | "AND" | "OR";

export type Expr =
  /**
   * A column reference; `parts` is the dotted name (`data.house` → ["data","house"]). `pos` is
   * the offset in the SQL text it was parsed from (Spark's "line 1 pos N" in errors).
   */
  | { kind: "attr"; parts: string[]; plan?: number; pos?: number }
  /** `*` or `data.*`. */
  | { kind: "star"; target?: string[]; /** colRegex: the columns whose whole name matches */ regex?: string }
  /** `pos`: where a number was written in SQL text (for `ORDER BY 3`'s error). */
  | { kind: "literal"; value: unknown; dataType: DataType; pos?: number }
  /** `names`: a generator's several output names (`posexplode(a) AS (p, v)`). */
  | { kind: "alias"; child: Expr; name: string; names?: string[] }
  /** `typedLiteral`: SQL's DATE '…' / TIMESTAMP '…', a constant Spark folds (not nullable). */
  | { kind: "cast"; child: Expr; to: DataType; typedLiteral?: boolean; pos?: number }
  /** Any named function, scalar or aggregate: `upper(a)`, `count(*)`, `from_json(v, schema)`. */
  | { kind: "call"; name: string; args: Expr[]; distinct?: boolean; pos?: number; /** An aggregate's FILTER (WHERE …). */ filter?: Expr }
  /** `pos`: where an arithmetic operation starts in SQL text (its type errors name it, as Spark's origin). */
  | { kind: "binary"; op: BinaryOp; left: Expr; right: Expr; pos?: number }
  | { kind: "unary"; op: "NOT" | "-" | "IS NULL" | "IS NOT NULL"; child: Expr }
  | { kind: "in"; child: Expr; list: Expr[] }
  | { kind: "like"; child: Expr; pattern: string; regex: boolean; /** LIKE ALL/ANY (…): the patterns, and NOT before LIKE. */ quantified?: { all: boolean; patterns: string[]; negated: boolean } }
  | { kind: "caseWhen"; branches: Array<[Expr, Expr]>; otherwise?: Expr }
  | { kind: "sortOrder"; child: Expr; ascending: boolean; nullsFirst: boolean }
  /** `a.b` on a struct, `a[0]` on an array, `a['k']` on a map. */
  | { kind: "extract"; child: Expr; key: Expr }
  /** A schema or options map passed to a function (from_json's schema and options). */
  | { kind: "typeArg"; dataType: DataType }
  | { kind: "optionsArg"; options: Record<string, string> }
  /** `f(…) OVER (PARTITION BY … ORDER BY … frame)`: a window function or an aggregate over a window. */
  | { kind: "window"; fn: Expr; spec: WindowSpecExpr }
  /**
   * A subquery in an expression (SQL only): `(SELECT …)`, `EXISTS (SELECT …)`, `x IN (SELECT …)`.
   * `query` is the parsed statement (expr/sql-statement.ts); spark.sql plans it into joins.
   */
  | { kind: "subquery"; mode: "scalar" | "exists" | "in"; query: unknown; child?: Expr; pos?: number }
  /**
   * A lambda function, an argument of a higher-order function (Spark's LambdaFunction):
   * `x -> x + 1`, `(acc, x) -> acc + x` in SQL, `(x) => x.plus(1)` in the DataFrame API. In the
   * body, a name among `params` is the variable (it shadows a column of the same name).
   */
  | { kind: "lambda"; params: string[]; body: Expr; pos?: number }
  /** A lambda's variable as the DataFrame API makes it (Spark's UnresolvedNamedLambdaVariable, `x_0`). */
  | { kind: "lambdaVar"; name: string };

/** A frame bound: rows/values before (negative) or after (positive) the current row, or a keyword. */
export type WindowBound = number | "unboundedPreceding" | "unboundedFollowing" | "currentRow";

/** An interval frame bound: Spark's text of it (`INTERVAL '1' DAY`) and its type (`INTERVAL DAY`). */
export interface IntervalBound { text: string; typeSql: string }

/** Window(): partitioning, ordering and frame; `ref` names a window of the SQL WINDOW clause. */
export interface WindowSpecExpr {
  partitionBy: Expr[];
  orderBy: Expr[];
  /** `sql`: written in SQL text (`1 PRECEDING`), not through rowsBetween(-1, …) (shown `-1 FOLLOWING`). */
  frame?: {
    type: "rows" | "range"; lower: WindowBound; upper: WindowBound; sql?: boolean;
    /** A bound written as an interval (`INTERVAL 1 DAY PRECEDING`): its value above is in microseconds. */
    intervals?: { lower?: IntervalBound; upper?: IntervalBound };
  };
  ref?: string;
  /** Where the spec's `(` is in SQL text (Spark's position of a frame error). */
  pos?: number;
}

export const attr = (name: string): Expr => ({ kind: "attr", parts: splitName(name) });

/** Splits `a.b` into parts, honouring backticks (`` `a.b` `` is one name). */
function splitName(name: string): string[] {
  const parts: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (c === "`") {
      if (quoted && name[i + 1] === "`") { cur += "`"; i++; continue; }
      quoted = !quoted;
    } else if (c === "." && !quoted) {
      parts.push(cur);
      cur = "";
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}

/** Rebuilds an expression with `f` applied to its direct children (the one walker over the closed union). */
export function mapChildren(e: Expr, f: (x: Expr) => Expr): Expr {
  switch (e.kind) {
    case "alias": case "cast": case "unary": case "sortOrder": return { ...e, child: f(e.child) } as Expr;
    case "binary": return { ...e, left: f(e.left), right: f(e.right) };
    case "call": return { ...e, args: e.args.map(f), ...(e.filter ? { filter: f(e.filter) } : {}) };
    case "in": return { ...e, child: f(e.child), list: e.list.map(f) };
    case "like": return { ...e, child: f(e.child) };
    case "caseWhen": return { ...e, branches: e.branches.map(([c, v]) => [f(c), f(v)] as [Expr, Expr]), otherwise: e.otherwise && f(e.otherwise) };
    case "extract": return { ...e, child: f(e.child), key: f(e.key) };
    case "window": return { ...e, fn: f(e.fn), spec: { ...e.spec, partitionBy: e.spec.partitionBy.map(f), orderBy: e.spec.orderBy.map(f) } };
    case "subquery": return e.child ? { ...e, child: f(e.child) } : e;
    case "lambda": return { ...e, body: f(e.body) };
    default: return e;
  }
}
