/**
 * The expression resolver: an unresolved expression (expr/) against a scope's columns becomes a
 * resolved one (plan/resolved.ts): names, types, implicit casts, Spark's default column names and
 * error texts; aggregate calls are collected into the AggContext of the Aggregate being built.
 */
import { AnalysisException, suggest } from "../errors";
import { Expr, mapChildren } from "../expr/expression";
import { AggCall } from "../plan/logical-plan";
import { GeneratorOp, Resolved, exprKey } from "../plan/resolved";
import { ArrayTypeClass, BOOLEAN, BYTE, DOUBLE, DataType, INTEGER, LONG, MapTypeClass, NULL, STRING, StructFieldClass, StructTypeClass, TIMESTAMP, isNumeric } from "../types/data-types";
import { decimalArithmetic, integralDivide } from "./decimal-arithmetic";
import { datetimeArithmetic } from "./datetime-arithmetic";
import { isInterval } from "../types/interval-types";
import { registeredFamilies } from "../functions/registry";
import { AGGREGATE_FUNCTIONS, SCALAR_FUNCTIONS, scalarTyper, widerType, commonType } from "./function-catalog";
import { WRONG_NUM_ARGS_HINT, castCanFail, implicitCast } from "../functions/typing";
import { Scope } from "./scope";
import { GROUPING_ID_NAME } from "./grouping-sets";
import { HIGHER_ORDER, LAMBDA_VAR_SQL, LambdaResolver, checkLambdaParams, isHigherOrderCall, newLambdaVarId } from "./higher-order";
import {
  arithOp, binaryMismatch, checkCast, fromJsonSchema, isIntegralLike, literalSql, nameSqlOrigin, origin, requireBoolean, toSQLId, typedLiteralSql, unresolvedColumn, withOrigin,
} from "./literal-types";
import "./catalog-more";
import "./catalog-maps";
import "./catalog-aggregates";
import "./catalog-scalar";
import "./catalog-decimal";

type R = Resolved;

export interface AggContext {
  calls: AggCall[];
  keys: string[];
  /** Under rollup/cube/GROUPING SETS: the grouping expressions' keys (grouping() looks them up). */
  grouping?: { keys: string[]; sqls: string[] };
}

/** Functions that exist only over a window (analysis/windows.ts computes them). */
const WINDOW_ONLY = new Set(["row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead", "nth_value"]);

const GENERATORS = new Set(["explode", "explode_outer", "posexplode", "posexplode_outer", "inline", "inline_outer"]);

/** Whether a call of `name` (lower case) is a function analysis knows: SHOW FUNCTIONS lists these. */
export function isKnownFunction(name: string): boolean {
  return !!scalarTyper(name) || !!AGGREGATE_FUNCTIONS[name] || GENERATORS.has(name) || WINDOW_ONLY.has(name) || name in HIGHER_ORDER
    || name === "json_tuple" || name === "grouping" || name === "grouping_id";
}

export class ExprResolver {
  /** `lambdas`: the variables of the lambdas around the expression, by lower-case name. */
  constructor(private readonly scope: Scope, private readonly agg?: AggContext, private readonly lambdas?: ReadonlyMap<string, R>) {}

  /** Binds a lambda to its variables' types (analysis/higher-order.ts decides them). */
  private bindLambda(lam: Expr & { kind: "lambda" }, vars: Array<{ dataType: DataType; nullable: boolean }>, showNames = false): R {
    checkLambdaParams(lam.params, vars.length, lam.pos);
    const scope = new Map(this.lambdas ?? []);
    const ids: number[] = [];
    const bound = lam.params.map((name, i): R => {
      const id = newLambdaVarId();
      ids.push(id);
      const v: R = { kind: "fn", op: "lambdaVar", args: [], params: { id, name }, dataType: vars[i].dataType, nullable: vars[i].nullable, sql: showNames ? name : LAMBDA_VAR_SQL };
      scope.set(name.toLowerCase(), v);
      return v;
    });
    const body = new ExprResolver(this.scope, this.agg, scope).resolve(lam.body);
    return { kind: "fn", op: "lambda", args: [body], params: { ids }, dataType: body.dataType, nullable: body.nullable, sql: `lambdafunction(${[body, ...bound].map((x) => x.sql).join(", ")})` };
  }

  private lambdaResolver(): LambdaResolver {
    return { resolve: (e) => this.resolve(e), bind: (lam, vars, showNames) => this.bindLambda(lam, vars, showNames) };
  }

  resolve(e: Expr): R {
    switch (e.kind) {
      case "literal":
        return { kind: "lit", value: e.value, dataType: e.dataType, nullable: e.value === null, sql: literalSql(e.value, e.dataType) };
      case "attr":
        return this.attribute(e.parts, e.plan, e.pos);
      case "star":
        throw new AnalysisException(`Invalid usage of '*' in expression 'unresolvedstar'.`, "INVALID_USAGE_OF_STAR_OR_REGEX");
      case "alias": {
        const child = this.resolve(e.child);
        if (child.kind === "gen") {
          if (e.names) {
            if (e.names.length !== child.names.length)
              throw new AnalysisException(
                `The number of aliases supplied in the AS clause does not match the number of columns output by the UDTF. Expected ${child.names.length} aliases, but got ${e.names.map((n) => n).join(", ")}.`,
                "UDTF_ALIAS_NUMBER_MISMATCH",
              );
            return { ...child, names: e.names };
          }
          if (child.names.length > 1)
            throw new AnalysisException(
              `The number of aliases supplied in the AS clause does not match the number of columns output by the UDTF. Expected ${child.names.length} aliases, but got ${e.name}.`,
              "UDTF_ALIAS_NUMBER_MISMATCH",
            );
          return { ...child, names: [e.name] };
        }
        return { kind: "alias", child, name: e.name, dataType: child.dataType, nullable: child.nullable, sql: child.sql };
      }
      case "cast": {
        const child = this.resolve(e.child);
        try {
          checkCast(child, e.to);
        } catch (err) {
          nameSqlOrigin(err, e.pos);
          throw err;
        }
        // Spark's Cast.sql: a cast to an array, map or struct is shown as its child.
        const complex = e.to instanceof ArrayTypeClass || e.to instanceof MapTypeClass || e.to instanceof StructTypeClass;
        const sql = (e.typedLiteral && typedLiteralSql(child, e.to)) || (complex ? child.sql : `CAST(${child.sql} AS ${e.to.sql()})`);
        return { kind: "fn", op: "cast", args: [child], params: { to: e.to }, dataType: e.to, nullable: e.typedLiteral ? false : child.nullable || castCanFail(child.dataType, e.to), sql };
      }
      case "binary": {
        const l = this.resolve(e.left), r = this.resolve(e.right);
        try {
          return this.binary(e.op, l, r);
        } catch (err) {
          nameSqlOrigin(err, e.pos);
          throw err;
        }
      }
      case "unary": {
        const child = this.resolve(e.child);
        if (e.op === "NOT") {
          const c = requireBoolean(child, `(NOT ${child.sql})`);
          return { kind: "fn", op: "not", args: [c], dataType: BOOLEAN, nullable: c.nullable, sql: `(NOT ${child.sql})` };
        }
        if (e.op === "-") {
          const c = isNumeric(child.dataType) || isInterval(child.dataType) ? child : implicitCast(child, DOUBLE);
          return { kind: "fn", op: "negate", args: [c], dataType: c.dataType, nullable: c.nullable, sql: `(- ${child.sql})` };
        }
        return { kind: "fn", op: e.op === "IS NULL" ? "isnull" : "isnotnull", args: [child], dataType: BOOLEAN, nullable: false, sql: `(${child.sql} ${e.op})` };
      }
      case "in": {
        const child = this.resolve(e.child);
        const list = e.list.map((x) => this.resolve(x));
        const t = commonType([child.dataType, ...list.map((x) => x.dataType)], `(${child.sql} IN (${list.map((x) => x.sql).join(", ")}))`);
        return { kind: "fn", op: "in", args: [implicitCast(child, t), ...list.map((x) => implicitCast(x, t))], dataType: BOOLEAN, nullable: child.nullable || list.some((x) => x.nullable), sql: `(${child.sql} IN (${list.map((x) => x.sql).join(", ")}))` };
      }
      case "like": {
        const child = implicitCast(this.resolve(e.child), STRING);
        if (e.quantified) {
          // Spark's LikeAll/LikeAny/NotLikeAll/NotLikeAny, named likeall(child) etc.
          const op = `${e.quantified.negated ? "not" : ""}like${e.quantified.all ? "all" : "any"}`;
          return { kind: "fn", op, args: [child], params: { patterns: e.quantified.patterns }, dataType: BOOLEAN, nullable: true, sql: `${op}(${child.sql})` };
        }
        return { kind: "fn", op: e.regex ? "rlike" : "like", args: [child], params: { pattern: e.pattern }, dataType: BOOLEAN, nullable: child.nullable, sql: `${e.regex ? "RLIKE" : ""}${e.regex ? `(${child.sql}, ${e.pattern})` : `${child.sql} LIKE ${e.pattern}`}` };
      }
      case "caseWhen": {
        const conds = e.branches.map(([c]) => this.resolve(c));
        const values = e.branches.map(([, v]) => this.resolve(v));
        const other = e.otherwise ? this.resolve(e.otherwise) : undefined;
        const all = other ? [...values, other] : values;
        const sql = `CASE ${conds.map((c, i) => `WHEN ${c.sql} THEN ${values[i].sql}`).join(" ")}${other ? ` ELSE ${other.sql}` : ""} END`;
        const t = commonType(all.map((v) => v.dataType), sql);
        conds.forEach((c) => requireBoolean(c, sql));
        const args: R[] = [];
        conds.forEach((c, i) => args.push(c, implicitCast(values[i], t)));
        if (other) args.push(implicitCast(other, t));
        return { kind: "fn", op: "casewhen", args, params: { hasElse: !!other }, dataType: t, nullable: !other || all.some((v) => v.nullable), sql };
      }
      case "sortOrder": {
        const child = this.resolve(e.child);
        return { kind: "sort", child, ascending: e.ascending, nullsFirst: e.nullsFirst, dataType: child.dataType, nullable: child.nullable, sql: `${child.sql} ${e.ascending ? "ASC" : "DESC"} NULLS ${e.nullsFirst ? "FIRST" : "LAST"}` };
      }
      case "extract":
        return this.extract(this.resolve(e.child), e.key);
      case "typeArg":
        return { kind: "lit", value: e.dataType, dataType: e.dataType, nullable: false, sql: e.dataType.simpleString() };
      case "optionsArg":
        return { kind: "lit", value: e.options, dataType: NULL, nullable: false, sql: "" };
      case "call":
        return this.call(e.name.toLowerCase(), e.args, !!e.distinct, e.pos, e.filter);
      case "window":
        // Window expressions are planned by analysis/windows.ts under a projection only.
        throw new AnalysisException(
          `It is not allowed to use window functions inside ${this.agg ? "aggregate" : "WHERE"} clause.`,
          "_LEGACY_ERROR_TEMP_1034",
        );
      case "subquery":
        throw new AnalysisException("A subquery is only supported in a WHERE clause or a SELECT list of spark.sql.", "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY");
      case "lambdaVar": {
        const v = this.lambdas?.get(e.name.toLowerCase());
        if (!v) throw new AnalysisException(`A lambda variable ${toSQLId(e.name)} is used outside of its lambda function.`, "INVALID_LAMBDA_FUNCTION_CALL.NON_HIGHER_ORDER_FUNCTION");
        return v;
      }
      case "lambda":
        throw new AnalysisException(
          "Invalid lambda function call. A lambda function should only be used in a higher order function.",
          "INVALID_LAMBDA_FUNCTION_CALL.NON_HIGHER_ORDER_FUNCTION",
        );
    }
  }

  /** json_tuple(json, f1, f2, …): a generator of one row, string columns c0, c1, … (an inline of one struct). */
  private jsonTuple(rawArgs: Expr[], pos?: number): R {
    if (rawArgs.length < 2)
      throw new AnalysisException(`The \`json_tuple\` requires > 1 parameters but the actual number is ${rawArgs.length}.${WRONG_NUM_ARGS_HINT}${origin(pos)}`, "WRONG_NUM_ARGS.WITHOUT_SUGGESTION");
    const args = rawArgs.map((a) => implicitCast(this.resolve(a), STRING));
    const names = args.slice(1).map((_, i) => `c${i}`);
    const sql = `json_tuple(${args.map((a) => a.sql).join(", ")})`;
    const row = new StructTypeClass(names.map((n) => new StructFieldClass(n, STRING, true)));
    const values: R = { kind: "fn", op: "json_tuple_values", args, dataType: new ArrayTypeClass(row, false), nullable: false, sql };
    return { kind: "gen", op: "inline", args: [values], names, outputs: names.map(() => ({ dataType: STRING, nullable: true })), dataType: STRING, nullable: true, sql };
  }

  private attribute(parts: string[], planId?: number, pos?: number): R {
    // A lambda's variable shadows a column of the same name (Spark's ResolveLambdaVariables).
    const v = planId === undefined ? this.lambdas?.get(parts[0].toLowerCase()) : undefined;
    if (v) {
      let r = v;
      for (const p of parts.slice(1)) r = this.field(r, p, parts.join("."));
      return r;
    }
    if (parts.length > 1) {
      // `q.name`: a column of the relation named q comes before a struct field of a column q.
      const qualified = this.scope.lookupQualified(parts[0], parts[1]);
      if (qualified.length > 1) throw withOrigin(this.scope.ambiguous(parts.slice(0, 2).join("."), qualified), pos);
      if (qualified.length === 1) {
        let r = this.ref(qualified[0]);
        for (const p of parts.slice(2)) r = this.field(r, p, parts.join("."));
        if (parts.length > 2) return { kind: "alias", child: r, name: parts[parts.length - 1], dataType: r.dataType, nullable: r.nullable, sql: r.sql };
        return r;
      }
    }
    const hits = this.scope.lookup(parts[0], planId);
    if (hits.length > 1) throw withOrigin(this.scope.ambiguous(parts[0], hits), pos);
    if (hits.length === 0) {
      // A dotted name may also be a column literally called "a.b".
      const whole = this.scope.lookup(parts.join("."), planId);
      if (whole.length === 1) return this.ref(whole[0]);
      throw unresolvedColumn(this.scope, parts, pos);
    }
    let r = this.ref(hits[0]);
    for (const p of parts.slice(1)) r = this.field(r, p, parts.join("."));
    // `data.house` is named after its last part (Spark aliases the extracted field).
    if (parts.length > 1) return { kind: "alias", child: r, name: parts[parts.length - 1], dataType: r.dataType, nullable: r.nullable, sql: r.sql };
    return r;
  }

  private ref(ordinal: number): R {
    const f = this.scope.fields[ordinal];
    return { kind: "ref", ordinal, name: f.name, dataType: f.dataType, nullable: f.nullable, sql: f.name };
  }

  private field(r: R, name: string, full: string): R {
    const t = r.dataType;
    if (t instanceof StructTypeClass) {
      const lower = name.toLowerCase();
      const idx = t.fields.findIndex((f) => f.name.toLowerCase() === lower);
      if (idx < 0) {
        throw new AnalysisException(
          `No such struct field \`${name}\` in ${t.fields.map((f) => `\`${f.name}\``).join(", ")}.`,
          "FIELD_NOT_FOUND",
        );
      }
      const f = t.fields[idx];
      return { kind: "fn", op: "getField", args: [r], params: { index: idx, name: f.name }, dataType: f.dataType, nullable: r.nullable || f.nullable, sql: `${r.sql}.${f.name}` };
    }
    if (t instanceof ArrayTypeClass && t.elementType instanceof StructTypeClass) {
      const inner = this.field({ kind: "ref", ordinal: 0, name: "x", dataType: t.elementType, nullable: true, sql: "x" }, name, full);
      return { kind: "fn", op: "arrayGetField", args: [r], params: (inner as any).params, dataType: new ArrayTypeClass(inner.dataType, true), nullable: r.nullable, sql: `${r.sql}.${name}` };
    }
    throw new AnalysisException(
      `Can't extract value from ${r.sql}: need struct type but got ${t.simpleString()}.`,
      "INVALID_EXTRACT_BASE_FIELD_TYPE",
    );
  }

  private extract(child: R, key: Expr): R {
    const t = child.dataType;
    if (t instanceof StructTypeClass && key.kind === "literal" && typeof key.value === "string") {
      // col("data")["ts"] is named by its SQL text, `data.ts`; struct() still names the field `ts`.
      const f = this.field(child, key.value, child.sql) as R & { kind: "fn" };
      return { kind: "alias", child: f, name: f.sql, dataType: f.dataType, nullable: f.nullable, sql: f.sql, fieldName: f.params.name } as R;
    }
    const k = this.resolve(key);
    if (t instanceof ArrayTypeClass) {
      const idx = implicitCast(k, INTEGER);
      return { kind: "fn", op: "arrayItem", args: [child, idx], dataType: t.elementType, nullable: true, sql: `${child.sql}[${k.sql}]` };
    }
    if (t instanceof MapTypeClass) {
      return { kind: "fn", op: "mapItem", args: [child, implicitCast(k, t.keyType)], dataType: t.valueType, nullable: true, sql: `${child.sql}[${k.sql}]` };
    }
    throw new AnalysisException(`Can't extract value from ${child.sql}: need struct type but got ${t.simpleString()}.`, "INVALID_EXTRACT_BASE_FIELD_TYPE");
  }

  private binary(op: string, l: R, r: R): R {
    const sql = `(${l.sql} ${op} ${r.sql})`;
    if (op === "AND" || op === "OR") {
      const a = requireBoolean(l, sql), b = requireBoolean(r, sql);
      return { kind: "fn", op: op.toLowerCase(), args: [a, b], dataType: BOOLEAN, nullable: a.nullable || b.nullable, sql };
    }
    if (op === "div") return integralDivide(sql, l, r);
    if (["+", "-", "*", "/", "%"].includes(op)) {
      const moved = datetimeArithmetic(op, l, r);
      if (moved) return moved;
      let lt = l.dataType, rt = r.dataType;
      if (lt === STRING || lt === NULL) lt = DOUBLE;
      if (rt === STRING || rt === NULL) rt = DOUBLE;
      if (op === "+" || op === "-") {
        if (l.dataType === TIMESTAMP || r.dataType === TIMESTAMP)
          throw binaryMismatch(sql, l, r);
      }
      // Spark reports the types after its implicit string-to-double coercion.
      if (!isNumeric(lt) || !isNumeric(rt)) throw binaryMismatch(sql, { ...l, dataType: lt }, { ...r, dataType: rt });
      const dec = decimalArithmetic(op, sql, l, r);
      if (dec) return dec;
      let t = widerType(lt, rt)!;
      if (op === "/") t = DOUBLE;
      const a = implicitCast(l, t), b = implicitCast(r, t);
      return { kind: "fn", op: arithOp(op), args: [a, b], dataType: t, nullable: a.nullable || b.nullable || op === "/" || op === "%", sql };
    }
    // comparisons
    let t: DataType | undefined;
    if (l.dataType === STRING && (isNumeric(r.dataType) || r.dataType === TIMESTAMP)) t = r.dataType === TIMESTAMP ? TIMESTAMP : isIntegralLike(r.dataType) ? LONG : DOUBLE;
    else if (r.dataType === STRING && (isNumeric(l.dataType) || l.dataType === TIMESTAMP)) t = l.dataType === TIMESTAMP ? TIMESTAMP : isIntegralLike(l.dataType) ? LONG : DOUBLE;
    else t = widerType(l.dataType, r.dataType);
    if (!t || t instanceof StructTypeClass && !l.dataType.equals(r.dataType)) throw binaryMismatch(sql, l, r);
    const a = implicitCast(l, t), b = implicitCast(r, t);
    const cmpOp = { "=": "eq", "<=>": "eqNullSafe", "!=": "neq", "<": "lt", "<=": "le", ">": "gt", ">=": "ge" }[op as "="];
    const shownSql = op === "!=" ? `(NOT (${l.sql} = ${r.sql}))` : sql;
    return { kind: "fn", op: cmpOp, args: [a, b], dataType: BOOLEAN, nullable: op === "<=>" ? false : a.nullable || b.nullable, sql: shownSql };
  }

  /** grouping(col) (tinyint: 1 when col is aggregated away in this row's set) and grouping_id(). */
  /** An aggregate's FILTER (WHERE …): a boolean row predicate, resolved as the arguments are (Spark's checks and texts). */
  private aggregateFilter(raw: Expr, inner: ExprResolver, pos?: number): R {
    if (exprHasAggregate(raw)) throw new AnalysisException(`FILTER expression contains aggregate. It cannot be used in an aggregate function.${origin(pos)}`, "_LEGACY_ERROR_TEMP_1026");
    const f = inner.resolve(raw);
    if (f.dataType !== BOOLEAN) throw new AnalysisException(`FILTER expression is not of type boolean. It cannot be used in an aggregate function.${origin(pos)}`, "_LEGACY_ERROR_TEMP_1025");
    return f;
  }

  private groupingFunction(name: string, rawArgs: Expr[], pos?: number): R {
    const g = this.agg?.grouping;
    if (!g) throw withOrigin(new AnalysisException("grouping()/grouping_id() can only be used with GroupingSets/Cube/Rollup.", "UNSUPPORTED_GROUPING_EXPRESSION"), pos);
    const args = rawArgs.map((a) => new ExprResolver(this.scope).resolve(a));
    const id = (sql: string): R => ({ kind: "fn", op: "grouping_id", args: [], dataType: LONG, nullable: false, sql });
    if (name === "grouping_id") {
      const sql = `grouping_id(${args.map((a) => a.sql).join(", ")})`;
      if (args.length && args.map(exprKey).join("|") !== g.keys.join("|"))
        throw new AnalysisException(`Columns of grouping_id (${args.map((a) => a.sql).join(",")}) does not match grouping columns (${g.sqls.join(",")}).`, "GROUPING_ID_COLUMN_MISMATCH");
      return id(sql);
    }
    if (args.length !== 1) throw new AnalysisException(`The \`grouping\` requires 1 parameters but the actual number is ${args.length}.`, "WRONG_NUM_ARGS.WITHOUT_SUGGESTION");
    const i = g.keys.indexOf(exprKey(args[0]));
    if (i < 0) throw new AnalysisException(`Column of grouping (${args[0].sql}) can't be found in grouping columns ${g.sqls.join(",")}.`, "GROUPING_COLUMN_MISMATCH");
    const sql = `grouping(${args[0].sql})`;
    return { kind: "fn", op: "grouping_bit", args: [id(GROUPING_ID_NAME)], params: { shift: g.keys.length - 1 - i }, dataType: BYTE, nullable: false, sql };
  }

  private call(name: string, rawArgs: Expr[], distinct: boolean, pos?: number, rawFilter?: Expr): R {
    if (name === "grouping" || name === "grouping_id") return this.groupingFunction(name, rawArgs, pos);
    const agg = AGGREGATE_FUNCTIONS[name];
    if (agg) {
      if (!this.agg) {
        // An aggregate outside of groupBy/agg (e.g. df.select(count("*"))) makes a global aggregate;
        // the DataFrame layer detects that before calling here, so reaching this is a misuse.
        throw new AnalysisException(`Aggregate function ${name} is not allowed here.`, "UNSUPPORTED_EXPR_FOR_OPERATOR");
      }
      const inner = new ExprResolver(this.scope);
      // count(expr("*")) is count(1), as in Spark.
      const args = (name === "count" && rawArgs.length === 1 && rawArgs[0].kind === "star" && !rawArgs[0].target ? [{ kind: "literal", value: 1, dataType: INTEGER } as Expr] : rawArgs).map((a) => inner.resolve(a));
      for (const a of args) if (containsAgg(a)) throw new AnalysisException(`It is not allowed to use an aggregate function in the argument of another aggregate function. Please use the inner aggregate function in a sub-query.`, "NESTED_AGGREGATE_FUNCTION");
      let typed;
      try {
        typed = agg(args, distinct, name);
      } catch (e) {
        nameSqlOrigin(e, pos);
        throw e;
      }
      const filter = rawFilter && this.aggregateFilter(rawFilter, inner, pos);
      const sql = filter ? `${typed.sql} FILTER (WHERE ${filter.sql})` : typed.sql;
      const call: AggCall = { op: typed.op, args: typed.args, distinct, params: typed.params, sql, ...(filter ? { filter } : {}) };
      const key = `${typed.op}|${distinct}|${JSON.stringify(typed.params ?? null)}|${typed.args.map(exprKey).join(",")}|${filter ? exprKey(filter) : ""}`;
      let index = this.agg.keys.indexOf(key);
      if (index < 0) {
        index = this.agg.calls.length;
        this.agg.calls.push(call);
        this.agg.keys.push(key);
      }
      return { kind: "fn", op: "aggResult", args: [], params: { index }, dataType: typed.dataType, nullable: typed.nullable, sql };
    }
    if (rawFilter) throw new AnalysisException(`Function ${name} does not support FILTER clause.${origin(pos)}`, "_LEGACY_ERROR_TEMP_1023");
    if (name === "json_tuple") return this.jsonTuple(rawArgs, pos);
    if (GENERATORS.has(name)) {
      if (rawArgs.length !== 1) throw new AnalysisException(`The \`${name}\` requires 1 parameters but the actual number is ${rawArgs.length}.${WRONG_NUM_ARGS_HINT}${origin(pos)}`, "WRONG_NUM_ARGS.WITHOUT_SUGGESTION");
      const a = this.resolve(rawArgs[0]);
      const t = a.dataType;
      if (!(t instanceof ArrayTypeClass) && !(t instanceof MapTypeClass))
        throw new AnalysisException(`Cannot resolve "${name}(${a.sql})" due to data type mismatch: Parameter 1 requires the ("ARRAY" or "MAP") type, however "${a.sql}" has the type "${t.sql()}".`, "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE");
      const op = name as GeneratorOp;
      const outer = op.endsWith("_outer");
      const sql = `${name}(${a.sql})`;
      let outputs: Array<{ name: string; dataType: DataType; nullable: boolean }>;
      if (op.startsWith("inline")) {
        const et = t instanceof ArrayTypeClass ? t.elementType : undefined;
        if (!(et instanceof StructTypeClass))
          throw new AnalysisException(`Cannot resolve "${sql}" due to data type mismatch: Parameter 1 requires the "ARRAY<STRUCT>" type, however "${a.sql}" has the type "${t.sql()}".`, "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE");
        outputs = et.fields.map((f) => ({ name: f.name, dataType: f.dataType, nullable: outer || f.nullable }));
      } else {
        outputs = t instanceof ArrayTypeClass
          ? [{ name: "col", dataType: t.elementType, nullable: outer || t.containsNull }]
          : [{ name: "key", dataType: (t as MapTypeClass).keyType, nullable: outer }, { name: "value", dataType: (t as MapTypeClass).valueType, nullable: outer || (t as MapTypeClass).valueContainsNull }];
        if (op.startsWith("posexplode")) outputs.unshift({ name: "pos", dataType: INTEGER, nullable: outer });
      }
      const last = outputs[outputs.length - 1];
      return { kind: "gen", op, args: [a], names: outputs.map((o) => o.name), outputs: outputs.map(({ dataType, nullable }) => ({ dataType, nullable })), dataType: last.dataType, nullable: last.nullable, sql };
    }
    if (isHigherOrderCall(name, rawArgs)) return HIGHER_ORDER[name](rawArgs, name, this.lambdaResolver(), pos);
    if (WINDOW_ONLY.has(name)) {
      const args = rawArgs.map((a) => this.resolve(a));
      const shown = ["rank", "dense_rank", "percent_rank"].includes(name) ? `${name.toUpperCase()}()` : `${name}(${args.map((a) => a.sql).join(", ")})`;
      throw new AnalysisException(`Window function "${shown}" requires an OVER clause.`, "WINDOW_FUNCTION_WITHOUT_OVER_CLAUSE");
    }
    const typer = scalarTyper(name);
    if (!typer) {
      const e = new AnalysisException(
        `Cannot resolve function \`${name}\` on search path [\`system\`.\`builtin\`, \`system\`.\`session\`, \`spark_catalog\`.\`default\`].${origin(pos)}`,
        "UNRESOLVED_ROUTINE",
      );
      // Spark 3.5 prints no suggestions here; the shell shows these below its message.
      e.suggestions = suggest(name, [...Object.values(registeredFamilies()).flatMap((f) => f.map((d) => d.name)), ...Object.keys(SCALAR_FUNCTIONS), ...Object.keys(AGGREGATE_FUNCTIONS), ...GENERATORS, ...WINDOW_ONLY].filter((n) => !n.endsWith("_")));
      throw e;
    }
    let args = rawArgs.map((a) => this.resolve(a));
    if (name === "from_json" && args[1]?.kind === "lit" && typeof args[1].value === "string") {
      const schema = fromJsonSchema(args[1].value);
      args = [args[0], { kind: "lit", value: schema, dataType: schema, nullable: false, sql: schema.simpleString() }, ...args.slice(2)];
    }
    try {
      return typer(args, name);
    } catch (e) {
      nameSqlOrigin(e, pos);
      throw e;
    }
  }
}

export function containsAgg(r: R): boolean {
  if (r.kind === "fn" && r.op === "aggResult") return true;
  if (r.kind === "agg") return true;
  const kids = r.kind === "fn" || r.kind === "gen" ? r.args : r.kind === "alias" || r.kind === "sort" ? [r.child] : [];
  return kids.some(containsAgg);
}

/** True when the expression (unresolved) calls an aggregate function anywhere. */
export function exprHasAggregate(e: Expr): boolean {
  switch (e.kind) {
    // grouping()/grouping_id() read the aggregate's grouping id, so they belong to it (HAVING, ORDER BY).
    case "call": return !!AGGREGATE_FUNCTIONS[e.name.toLowerCase()] || /^grouping(_id)?$/i.test(e.name) || e.args.some(exprHasAggregate);
    case "alias": case "cast": case "unary": case "sortOrder": return exprHasAggregate(e.child);
    case "binary": return exprHasAggregate(e.left) || exprHasAggregate(e.right);
    case "in": return exprHasAggregate(e.child) || e.list.some(exprHasAggregate);
    case "caseWhen": return e.branches.some(([c, v]) => exprHasAggregate(c) || exprHasAggregate(v)) || (!!e.otherwise && exprHasAggregate(e.otherwise));
    case "extract": return exprHasAggregate(e.child);
    default: return false;
  }
}

/**
 * Whether every column the expression names is in `scope` (lambda variables bound by their
 * lambdas; a subquery's own query is not looked into). Decided by looking names up, never by
 * catching an error: correlated subqueries and ORDER BY on dropped columns plan by it.
 */
export function namesResolve(scope: Scope, e: Expr, lambdaVars: ReadonlySet<string> = new Set()): boolean {
  switch (e.kind) {
    case "attr": {
      const [first, second] = e.parts;
      if (e.plan === undefined && lambdaVars.has(first.toLowerCase())) return true;
      if (second !== undefined && scope.lookupQualified(first, second).length > 0) return true;
      return scope.lookup(first, e.plan).length > 0 || scope.lookup(e.parts.join("."), e.plan).length === 1;
    }
    case "lambda": {
      const vars = new Set(lambdaVars);
      for (const p of e.params) vars.add(p.toLowerCase());
      return namesResolve(scope, e.body, vars);
    }
    case "subquery":
      return !e.child || namesResolve(scope, e.child, lambdaVars);
    default: {
      let ok = true;
      mapChildren(e, (x) => { ok &&= namesResolve(scope, x, lambdaVars); return x; });
      return ok;
    }
  }
}

/** The expression resolved against `scope`, or undefined when a column it names is not there; other analysis errors are raised. */
export function tryResolve(scope: Scope, e: Expr): R | undefined {
  return namesResolve(scope, e) ? new ExprResolver(scope).resolve(e) : undefined;
}
