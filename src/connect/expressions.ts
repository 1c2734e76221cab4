/**
 * Spark Connect expressions (expressions.proto) as the engine's unresolved expressions: what the
 * PySpark Connect client builds for columns, functions and operators becomes what Iskra's own
 * DataFrame API would have built, so the analyzer names, types and checks them as it does for
 * the shell (`count(*)` → `count(1)`, `a == b` → `(a = b)`). Functions go by their Spark SQL name
 * to the engine's catalog; operators the client sends as functions ("==", "and", "isNull", "when")
 * become the engine's operator nodes.
 */
import type { BinaryOp, Expr } from "../expr/expression";
import { BOOLEAN, Column, DOUBLE, DataType, DecimalTypeClass, FLOAT, INTEGER, LONG, SHORT, BYTE, STRING, BINARY, DATE, TIMESTAMP, NULL, ArrayTypeClass, MapTypeClass, StructTypeClass, col, expr as sqlExpr, parseDataType } from "../index";
import { invalidPlan, unsupported } from "./errors";
import { fromProto, parseSchemaText } from "./types";

type Msg = Record<string, any>;

/** What an expression needs from the relation being planned: Connect plan ids → the engine's. */
export interface ExprContext {
  planId(connectPlanId: number): number | undefined;
}

const BINARY_OPS: Record<string, BinaryOp> = {
  "+": "+", "-": "-", "*": "*", "/": "/", "%": "%", "==": "=", "<=>": "<=>", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">=", and: "AND", or: "OR",
};

export function literal(l: Msg): Expr {
  const kind: string = l.literal_type;
  const v = l[kind];
  const lit = (value: unknown, dataType: DataType): Expr => ({ kind: "literal", value, dataType });
  switch (kind) {
    case "null": return lit(null, v ? fromProto(v) : NULL);
    case "binary": return lit(Buffer.from(v), BINARY);
    case "boolean": return lit(v, BOOLEAN);
    case "byte": return lit(v, BYTE);
    case "short": return lit(v, SHORT);
    case "integer": return lit(v, INTEGER);
    case "long": return lit(Number(v), LONG);
    case "float": return lit(v, FLOAT);
    case "double": return lit(v, DOUBLE);
    case "string": return lit(v, STRING);
    case "date": return lit(v, DATE);
    case "timestamp": return lit(Number(v), TIMESTAMP);
    case "decimal": {
      const [i, f = ""] = String(v.value).replace(/^[-+]/, "").split(".");
      return lit(Number(v.value), new DecimalTypeClass(v.precision ?? Math.max(i.replace(/^0+/, "").length + f.length, 1), v.scale ?? f.length));
    }
    case "array": {
      const els = (v.elements ?? []).map(literal) as Array<Expr & { kind: "literal" }>;
      const et = v.element_type ? fromProto(v.element_type) : els[0]?.dataType ?? NULL;
      return lit(els.map((e) => e.value), new ArrayTypeClass(et, els.some((e) => e.value === null)));
    }
    case "map": {
      const ks = (v.keys ?? []).map(literal) as Array<Expr & { kind: "literal" }>;
      const vs = (v.values ?? []).map(literal) as Array<Expr & { kind: "literal" }>;
      return lit(new Map(ks.map((k, i) => [k.value, vs[i]?.value ?? null])), new MapTypeClass(fromProto(v.key_type), fromProto(v.value_type), true));
    }
    case "struct": {
      const t = fromProto(v.struct_type) as StructTypeClass;
      return lit((v.elements ?? []).map((e: Msg) => (literal(e) as Expr & { kind: "literal" }).value), t);
    }
    default: throw unsupported(`the literal of type ${kind}`);
  }
}

/** Dotted name → parts, as Spark's UnresolvedAttribute.parseAttributeName. */
function nameParts(name: string): string[] {
  return (col(name).expr as Expr & { kind: "attr" }).parts ?? [name];
}

function stringArg(e: Expr | undefined): string | undefined {
  return e?.kind === "literal" && typeof e.value === "string" ? e.value : undefined;
}

function call(name: string, args: Expr[], distinct: boolean): Expr {
  const op = BINARY_OPS[name];
  if (op && args.length === 2) return { kind: "binary", op, left: args[0], right: args[1] };
  switch (name) {
    case "not": return { kind: "unary", op: "NOT", child: args[0] };
    case "negative": if (args.length === 1) return { kind: "unary", op: "-", child: args[0] }; break;
    case "isNull": return { kind: "unary", op: "IS NULL", child: args[0] };
    case "isNotNull": return { kind: "unary", op: "IS NOT NULL", child: args[0] };
    case "in": return { kind: "in", child: args[0], list: args.slice(1) };
    case "like": case "rlike": {
      const p = stringArg(args[1]);
      if (p !== undefined && args.length === 2) return { kind: "like", child: args[0], pattern: p, regex: name === "rlike" };
      break;
    }
    case "when": {
      const branches: Array<[Expr, Expr]> = [];
      for (let i = 0; i + 1 < args.length; i += 2) branches.push([args[i], args[i + 1]]);
      return { kind: "caseWhen", branches, otherwise: args.length % 2 ? args[args.length - 1] : undefined };
    }
    case "count":
      if (args.length === 1 && args[0].kind === "star" && !args[0].target) return { kind: "call", name, args: [{ kind: "literal", value: 1, dataType: INTEGER }], distinct };
      break;
    case "from_json": case "from_csv": {
      // The client sends the schema as text (a DataType's JSON or DDL) and the options as map(…).
      const schema = stringArg(args[1]);
      const rest = args.slice(2).map(optionsOf);
      return { kind: "call", name, args: [args[0], schema !== undefined && /^\s*[{"]/.test(schema) ? { kind: "typeArg", dataType: parseSchemaText(schema) } : args[1], ...(rest.length ? rest : [{ kind: "optionsArg", options: {} } as Expr])] };
    }
    case "to_json": case "to_csv":
      return { kind: "call", name, args: [args[0], ...args.slice(1).map(optionsOf)] };
  }
  return { kind: "call", name, args, ...(distinct ? { distinct } : {}) };
}

/** `map("k", "v", …)` of string literals → an options argument (from_json's options). */
function optionsOf(e: Expr): Expr {
  if (e.kind === "call" && e.name === "map" && e.args.every((a) => stringArg(a) !== undefined)) {
    const options: Record<string, string> = {};
    for (let i = 0; i + 1 < e.args.length; i += 2) options[stringArg(e.args[i])!] = stringArg(e.args[i + 1])!;
    return { kind: "optionsArg", options };
  }
  return e;
}

function frameBound(b: Msg | undefined, lower: boolean): number | "unboundedPreceding" | "unboundedFollowing" | "currentRow" {
  if (!b || b.boundary === "current_row") return "currentRow";
  if (b.boundary === "unbounded") return lower ? "unboundedPreceding" : "unboundedFollowing";
  const v = literal(b.value?.literal ?? invalidPlan("a window frame boundary must be a literal")) as Expr & { kind: "literal" };
  return Number(v.value);
}

function expression(e: Msg | undefined, ctx: ExprContext): Expr {
  if (!e) throw invalidPlan("an expression is missing");
  const kind: string = e.expr_type;
  const v = e[kind];
  const sub = (x: Msg) => expression(x, ctx);
  switch (kind) {
    case "literal": return literal(v);
    case "unresolved_attribute": {
      const a: Expr = { kind: "attr", parts: nameParts(v.unparsed_identifier) };
      if (v.plan_id !== undefined && v.plan_id !== null) {
        const id = ctx.planId(Number(v.plan_id));
        if (id !== undefined) (a as Expr & { kind: "attr" }).plan = id;
      }
      return a;
    }
    case "unresolved_function": return call(v.function_name, (v.arguments ?? []).map(sub), !!v.is_distinct);
    case "call_function": return call(v.function_name, (v.arguments ?? []).map(sub), false);
    case "expression_string": return sqlExpr(v.expression).expr;
    case "unresolved_star": {
      const t: string | undefined = v.unparsed_target;
      return t ? { kind: "star", target: nameParts(t.replace(/\.\*$/, "")) } : { kind: "star" };
    }
    case "unresolved_regex": {
      const m = /^`(.*)`$/s.exec(v.col_name);
      return m ? { kind: "star", regex: m[1] } : { kind: "attr", parts: nameParts(v.col_name) };
    }
    case "alias": {
      const names: string[] = v.name ?? [];
      if (names.length > 1) return { kind: "alias", child: sub(v.expr), name: names[names.length - 1], names };
      return { kind: "alias", child: sub(v.expr), name: names[0] };
    }
    case "cast": return { kind: "cast", child: sub(v.expr), to: v.cast_to_type === "type" ? fromProto(v.type) : parseDataType(v.type_str) };
    case "sort_order": {
      const ascending = v.direction !== "SORT_DIRECTION_DESCENDING";
      const nullsFirst = v.null_ordering === "SORT_NULLS_FIRST" ? true : v.null_ordering === "SORT_NULLS_LAST" ? false : ascending;
      return { kind: "sortOrder", child: sub(v.child), ascending, nullsFirst };
    }
    case "unresolved_extract_value": return { kind: "extract", child: sub(v.child), key: sub(v.extraction) };
    case "lambda_function":
      return { kind: "lambda", params: (v.arguments ?? []).map((a: Msg) => a.name_parts[0]), body: sub(v.function) };
    case "unresolved_named_lambda_variable": return { kind: "lambdaVar", name: v.name_parts[0] };
    case "window": {
      const f = v.frame_spec;
      return {
        kind: "window",
        fn: sub(v.window_function),
        spec: {
          partitionBy: (v.partition_spec ?? []).map(sub),
          orderBy: (v.order_spec ?? []).map((o: Msg) => expression({ expr_type: "sort_order", sort_order: o }, ctx)),
          ...(f ? { frame: { type: f.frame_type === "FRAME_TYPE_RANGE" ? "range" : "rows", lower: frameBound(f.lower, true), upper: frameBound(f.upper, false) } } : {}),
        },
      };
    }
    case "update_fields": throw unsupported("Column.withField and dropFields over Spark Connect");
    case "common_inline_user_defined_function": throw unsupported(`the Python UDF ${v.function_name} (user-defined functions over Spark Connect)`);
    default: throw invalidPlan(kind ? `the expression type ${kind} is not supported` : "an expression without a type");
  }
}

/** An expression as a Column of the engine's API. */
export const column = (e: Msg, ctx: ExprContext): Column => new Column(expression(e, ctx));
