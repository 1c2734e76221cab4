/**
 * Resolved expressions: typed and bound to the ordinals of their input row. The analyzer builds
 * them (analysis/), the executor compiles them into closures (execution/). A closed union.
 *
 * Every node carries `dataType`, `nullable` and `sql` — Spark's pretty SQL text, which is also
 * the default output column name (`(a + 1)`, `count(1)`, `split(value,  , -1)`).
 */
import type { DataType } from "../types/data-types";

export type GeneratorOp = "explode" | "explode_outer" | "posexplode" | "posexplode_outer" | "inline" | "inline_outer";

interface Base {
  dataType: DataType;
  nullable: boolean;
  sql: string;
}

export type Resolved =
  /** Field `ordinal` of the input row. */
  | (Base & { kind: "ref"; ordinal: number; name: string })
  | (Base & { kind: "lit"; value: unknown })
  | (Base & { kind: "alias"; child: Resolved; name: string })
  /** A scalar function, operator or cast; `op` names the evaluator, `params` its constants. */
  | (Base & { kind: "fn"; op: string; args: Resolved[]; params?: any })
  /** An aggregate call (only inside Aggregate.aggCalls). */
  | (Base & { kind: "agg"; op: string; args: Resolved[]; distinct: boolean; params?: any })
  /**
   * A generator (explode, posexplode, inline and their _outer forms): one output row per
   * element, `names.length` columns typed by `outputs`; only at the top of a projection.
   */
  | (Base & { kind: "gen"; op: GeneratorOp; args: Resolved[]; names: string[]; outputs?: Array<{ dataType: DataType; nullable: boolean }> })
  | (Base & { kind: "sort"; child: Resolved; ascending: boolean; nullsFirst: boolean });

/** The output column name Spark gives an expression. */
export function outputName(r: Resolved): string {
  switch (r.kind) {
    case "alias": return r.name;
    case "ref": return r.name;
    case "gen": return r.names[0];
    case "fn":
      // A cast (or a chain of casts) of a column keeps the column's name, as Spark's alias of Cast(NamedExpression).
      if (r.op === "cast" && (r.args[0].kind === "ref" || r.args[0].kind === "alias" || isFieldAccess(r.args[0]) || isCastOfNamed(r.args[0]))) return outputName(r.args[0]);
      if (r.op === "getField") return r.params.name;
      return r.sql;
    default: return r.sql;
  }
}

function isCastOfNamed(r: Resolved): boolean {
  return r.kind === "fn" && r.op === "cast" && (r.args[0].kind === "ref" || r.args[0].kind === "alias" || isFieldAccess(r.args[0]) || isCastOfNamed(r.args[0]));
}

function isFieldAccess(r: Resolved): boolean {
  return r.kind === "fn" && r.op === "getField";
}

/** A stable key for structural equality (used to match GROUP BY expressions and share subexpressions). */
export function exprKey(r: Resolved): string {
  switch (r.kind) {
    case "ref": return `#${r.ordinal}`;
    case "lit": return `lit(${typeof r.value === "bigint" ? r.value + "n" : JSON.stringify(r.value)}:${r.dataType.simpleString()})`;
    case "alias": return exprKey(r.child);
    case "fn": return `${r.op}[${r.params === undefined ? "" : safeJson(r.params)}](${r.args.map(exprKey).join(",")})`;
    case "agg": return `agg:${r.op}${r.distinct ? ":d" : ""}[${r.params === undefined ? "" : safeJson(r.params)}](${r.args.map(exprKey).join(",")})`;
    case "gen": return `gen:${r.op}(${r.args.map(exprKey).join(",")})`;
    case "sort": return `sort(${exprKey(r.child)},${r.ascending},${r.nullsFirst})`;
  }
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v, (_k, x) => (x && typeof x === "object" && typeof x.simpleString === "function" ? x.simpleString() : x));
  } catch {
    return String(v);
  }
}
