/**
 * The analyzer: resolves unresolved expressions against a child's schema (names, types,
 * implicit casts, default output names) and builds typed plan nodes. DataFrame transformations
 * call these builders directly, so an analysis error surfaces on the line that caused it.
 */
import { AnalysisException, IllegalArgumentException, closest, suggest } from "../errors";
import { Expr } from "../expr/expression";
import { AggCall, LogicalPlan, children, containsId, newPlanId, JoinType } from "../plan/logical-plan";
import { GeneratorOp, Resolved, exprKey, outputName } from "../plan/resolved";
import {
  ArrayTypeClass, BOOLEAN, BYTE, DOUBLE, DataType, DecimalTypeClass, INTEGER, LONG, MapTypeClass, NULL, STRING, StructFieldClass, StructTypeClass, TIMESTAMP,
  formatDecimal, isNumeric,
} from "../types/data-types";
import { formatDouble } from "../execution/values";
import { formatDate, formatTimestamp, parseDate, parseTimestamp } from "../execution/timestamps";
import { decimalArithmetic, integralDivide } from "./decimal-arithmetic";
import { parseDataType, parseSchema, schemaUsesCharVarchar } from "../types/ddl";
import { AGGREGATE_FUNCTIONS, SCALAR_FUNCTIONS, WRONG_NUM_ARGS_HINT, asAggregateNumber, castCanFail, implicitCast, widerType, commonType } from "./function-catalog";
import { Scope } from "./scope";
import { GROUPING_ID_NAME, expandForGroupingSets } from "./grouping-sets";
import { HIGHER_ORDER, LAMBDA_VAR_SQL, LambdaResolver, checkLambdaParams, isHigherOrderCall, newLambdaVarId } from "./higher-order";
import "./catalog-more";
import "./catalog-maps";
import "./catalog-aggregates";
import "./catalog-scalar";
import "./catalog-decimal";

type R = Resolved;

interface AggContext {
  calls: AggCall[];
  keys: string[];
  /** Under rollup/cube/GROUPING SETS: the grouping expressions' keys (grouping() looks them up). */
  grouping?: { keys: string[]; sqls: string[] };
}

/** Functions that exist only over a window (analysis/windows.ts computes them). */
const WINDOW_ONLY = new Set(["row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead", "nth_value"]);

const GENERATORS = new Set(["explode", "explode_outer", "posexplode", "posexplode_outer", "inline", "inline_outer"]);

/** Spark's toSQLId: every part of a name in backticks (`hous`.`x`). */
export function toSQLId(parts: string | string[]): string {
  return (typeof parts === "string" ? [parts] : parts).map((p) => "`" + p.replace(/`/g, "``") + "`").join(".");
}

/** Where an expression came from in SQL text (expr(), selectExpr(), filter("…")): `; line 1 pos N`. */
const origin = (pos?: number): string => (pos === undefined ? "" : `; line 1 pos ${pos}`);
const withOrigin = (e: AnalysisException, pos?: number): AnalysisException => { e.message += origin(pos); return e; };
/**
 * A type or argument-count error of an operator or a call written in SQL text names where it was
 * written, as Spark's origin does (`; line 1 pos 7`); once, and not for errors a typer marks noOrigin.
 */
function nameSqlOrigin(e: unknown, pos: number | undefined): void {
  if (e instanceof AnalysisException && pos !== undefined && !(e as { noOrigin?: boolean }).noOrigin && /^\[(DATATYPE_MISMATCH|WRONG_NUM_ARGS)/.test(e.message) && !/; line \d+ pos \d+$/.test(e.message))
    e.message += origin(pos);
}

/**
 * UNRESOLVED_COLUMN as the analyzer raises it: up to five input columns, closest first, and the
 * position in the SQL text when the name came from one.
 */
function unresolvedColumn(scope: Scope, parts: string[], pos?: number): AnalysisException {
  // Candidates are compared with as many trailing parts as the name has (Spark's
  // orderSuggestedIdentifiersBySimilarity), and shown qualified.
  const qualified = (i: number): boolean => parts.length > 1 && scope.fields[i].qualifier !== undefined;
  const candidates = scope.fields.map((f, i) => ({ text: (qualified(i) ? [f.qualifier!, f.name] : [f.name]).join("."), shown: qualified(i) ? scope.sqlName(i) : toSQLId(f.name) }));
  const order = closest(parts.join("."), candidates.map((c) => c.text), 5);
  const used = new Set<number>();
  const suggestions = order.map((t) => { const i = candidates.findIndex((c, j) => c.text === t && !used.has(j)); used.add(i); return candidates[i].shown; });
  if (!suggestions.length)
    return new AnalysisException(`A column or function parameter with name ${toSQLId(parts)} cannot be resolved. ${origin(pos)};`, "UNRESOLVED_COLUMN.WITHOUT_SUGGESTION");
  return new AnalysisException(
    `A column or function parameter with name ${toSQLId(parts)} cannot be resolved. Did you mean one of the following? [${suggestions.join(", ")}].${origin(pos)};`,
    "UNRESOLVED_COLUMN.WITH_SUGGESTION",
  );
}

function literalSql(v: unknown, t: DataType): string {
  if (v === null) return "NULL";
  if (t === DOUBLE && typeof v === "number") return formatDouble(v);
  if (t instanceof DecimalTypeClass && typeof v === "number") return formatDecimal(v, t);
  if (t === TIMESTAMP) return new Date(Number(v) / 1000).toISOString().replace("T", " ").replace("Z", "");
  if (Array.isArray(v)) return `array(${v.map((x) => literalSql(x, STRING)).join(", ")})`;
  return String(v);
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
        checkCast(child, e.to);
        return { kind: "fn", op: "cast", args: [child], params: { to: e.to }, dataType: e.to, nullable: e.typedLiteral ? false : child.nullable || castCanFail(child.dataType, e.to), sql: (e.typedLiteral && typedLiteralSql(child, e.to)) || `CAST(${child.sql} AS ${e.to.sql()})` };
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
          const c = isNumeric(child.dataType) ? child : implicitCast(child, DOUBLE);
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
    const typer = SCALAR_FUNCTIONS[name];
    if (!typer) {
      const e = new AnalysisException(
        `Cannot resolve function \`${name}\` on search path [\`system\`.\`builtin\`, \`system\`.\`session\`, \`spark_catalog\`.\`default\`].${origin(pos)}`,
        "UNRESOLVED_ROUTINE",
      );
      // Spark 3.5 prints no suggestions here; the shell shows these below its message.
      e.suggestions = suggest(name, [...Object.keys(SCALAR_FUNCTIONS), ...Object.keys(AGGREGATE_FUNCTIONS), ...GENERATORS, ...WINDOW_ONLY].filter((n) => !n.endsWith("_")));
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

/** A typed literal's SQL as Spark's Literal.sql prints it (`TIMESTAMP '1970-01-01 00:00:01'`: the value normalised). */
function typedLiteralSql(child: R, to: DataType): string | undefined {
  if (child.kind !== "lit" || typeof child.value !== "string") return undefined;
  if (to === TIMESTAMP) {
    const us = parseTimestamp(child.value);
    return us === null ? undefined : `TIMESTAMP '${formatTimestamp(us)}'`;
  }
  const days = parseDate(child.value);
  return days === null ? undefined : `DATE '${formatDate(days)}'`;
}

/** from_json's DDL schema string, with Spark's errors for a bad one. */
function fromJsonSchema(text: string): DataType {
  let schema: DataType;
  try {
    // A table schema ("a INT, b STRING") or, as Spark's DataType.fromDDL, one type ("MAP<STRING, INT>").
    try { schema = parseSchema(text); } catch (e) { try { schema = parseDataType(text); } catch { throw e; } }
  } catch (e) {
    throw new AnalysisException(
      `The input schema "${text}" is not a valid schema string. Cannot parse the schema:\n${(e as Error).message}`,
      "INVALID_SCHEMA.PARSE_ERROR",
    );
  }
  let charVarchar = false;
  try { charVarchar = schemaUsesCharVarchar(text); } catch { /* a single type, not a table schema */ }
  if (charVarchar)
    throw new AnalysisException(
      `The char/varchar type can't be used in the table schema. If you want Spark treat them as string type as same as Spark 3.0 and earlier, please set "spark.sql.legacy.charVarcharAsString" to "true".`,
      "UNSUPPORTED_CHAR_OR_VARCHAR_AS_STRING",
    );
  return schema;
}

function isIntegralLike(t: DataType): boolean {
  return t === INTEGER || t === LONG || t.typeName === "short" || t.typeName === "byte";
}

function arithOp(op: string): string {
  return { "+": "add", "-": "subtract", "*": "multiply", "/": "divide", "%": "remainder" }[op as "+"];
}

function binaryMismatch(sql: string, l: R, r: R): AnalysisException {
  if (!l.dataType.equals(r.dataType))
    return new AnalysisException(
      `Cannot resolve "${sql}" due to data type mismatch: the left and right operands of the binary operator have incompatible types ("${l.dataType.sql()}" and "${r.dataType.sql()}").`,
      "DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES",
    );
  return new AnalysisException(
    `Cannot resolve "${sql}" due to data type mismatch: the binary operator requires the input type ("NUMERIC" or "INTERVAL DAY TO SECOND" or "INTERVAL YEAR TO MONTH" or "INTERVAL"), not "${l.dataType.sql()}".`,
    "DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE",
  );
}

function requireBoolean(r: R, sql: string): R {
  if (r.dataType === BOOLEAN) return r;
  if (r.dataType === NULL) return implicitCast(r, BOOLEAN);
  if (r.dataType === STRING) return implicitCast(r, BOOLEAN);
  throw new AnalysisException(
    `Cannot resolve "${sql}" due to data type mismatch: the binary operator requires the input type "BOOLEAN", not "${r.dataType.sql()}".`,
    "DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE",
  );
}

function checkCast(r: R, to: DataType): void {
  const from = r.dataType;
  const bad =
    (from instanceof StructTypeClass && !(to instanceof StructTypeClass) && to !== STRING) ||
    (from instanceof ArrayTypeClass && !(to instanceof ArrayTypeClass) && to !== STRING) ||
    ((to instanceof StructTypeClass || to instanceof ArrayTypeClass) && !(from instanceof StructTypeClass || from instanceof ArrayTypeClass) && from !== NULL);
  if (bad)
    throw new AnalysisException(
      `Cannot resolve "CAST(${r.sql} AS ${to.sql()})" due to data type mismatch: cannot cast "${from.sql()}" to "${to.sql()}".`,
      "DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION",
    );
}

function containsAgg(r: R): boolean {
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

// --- plan builders ------------------------------------------------------------------------------

/** The output schema of `exprs`; with `input` (what their refs read), each column keeps the metadata Spark carries (carriedMetadata). */
function schemaOf(exprs: R[], input?: StructTypeClass): StructTypeClass {
  const fields: StructFieldClass[] = [];
  for (const e of exprs) {
    if (e.kind === "gen") {
      const outputs = e.outputs ?? [{ dataType: e.dataType, nullable: e.nullable }];
      e.names.forEach((n, i) => fields.push(new StructFieldClass(n, outputs[i].dataType, outputs[i].nullable)));
    } else fields.push(new StructFieldClass(outputName(e), e.dataType, e.nullable, input ? carriedMetadata(e, input) : {}));
  }
  return new StructTypeClass(fields);
}

const DELAY_KEY = "spark.watermarkDelayMs";

/**
 * The column metadata an output expression keeps from its input, as Spark's attributes do: a
 * column reference (aliased or not) keeps its column's; window(t, …) and window_time(w) keep the
 * event-time mark of their time column (TimeWindowing's window attribute carries it), so a
 * watermark follows an event time through projections, joins and windowed aggregations.
 */
function carriedMetadata(e: R, input: StructTypeClass): Record<string, unknown> {
  if (e.kind === "ref") return input.fields[e.ordinal]?.metadata ?? {};
  if (e.kind === "alias") return carriedMetadata(e.child, input);
  if (e.kind === "fn" && (e.op === "window" || e.op === "window_time") && e.args[0]) {
    const m = carriedMetadata(e.args[0], input);
    return m[DELAY_KEY] !== undefined ? { [DELAY_KEY]: m[DELAY_KEY] } : {};
  }
  return {};
}

export function scopeOf(plan: LogicalPlan): Scope {
  const qualifiers = qualifiersOf(plan);
  if (plan.kind === "Join") {
    const leftN = plan.left.schema.fields.length;
    // A USING join's outputs say their side by the columns they read (a full join's coalesced key: none).
    const sideOf = (i: number): number | undefined => {
      if (!plan.outputs) return i < leftN ? 0 : 1;
      const sides = new Set<number>();
      collectRefs(plan.outputs[i], (o) => sides.add(o < leftN ? 0 : 1));
      return sides.size === 1 ? [...sides][0] : undefined;
    };
    const fields = plan.schema.fields.map((f, i) => ({ name: f.name, dataType: f.dataType, nullable: f.nullable, side: sideOf(i), qualifier: qualifiers[i] }));
    return new Scope(fields, (id) => (containsId(plan.left, id) ? 0 : containsId(plan.right, id) ? 1 : undefined));
  }
  // Above a join, a column keeps the side it came from, so `left.col("n")` still picks it out
  // (Spark resolves such a reference by attribute id through the projections and filters).
  const passThrough = plan.kind === "Filter" || plan.kind === "Sort" || plan.kind === "Limit" || plan.kind === "Offset" || plan.kind === "Distinct" || plan.kind === "Watermark";
  if (passThrough || plan.kind === "Project") {
    const child = scopeOf(plan.child);
    if (child.sideOfPlan) {
      const sides = passThrough ? child.fields.map((f) => f.side) : plan.exprs.flatMap((e) => (e.kind === "gen" ? e.names.map(() => undefined) : [e.kind === "ref" ? child.fields[e.ordinal]?.side : undefined]));
      return new Scope(plan.schema.fields.map((f, i) => ({ name: f.name, dataType: f.dataType, nullable: f.nullable, side: sides[i], qualifier: qualifiers[i] })), child.sideOfPlan);
    }
  }
  return new Scope(plan.schema.fields.map((f, i) => ({ name: f.name, dataType: f.dataType, nullable: f.nullable, qualifier: qualifiers[i] })));
}

/**
 * The relation name each output column answers to (Spark's attribute qualifiers): set by a
 * qualified Project (a FROM item's alias), kept through references, filters, sorts and joins.
 */
function qualifiersOf(plan: LogicalPlan): Array<string | undefined> {
  const viaRefs = (exprs: R[], input: Array<string | undefined>): Array<string | undefined> =>
    exprs.flatMap((e) => (e.kind === "gen" ? e.names.map(() => undefined) : [e.kind === "ref" ? input[e.ordinal] : undefined]));
  switch (plan.kind) {
    case "Project":
      if (plan.qualifier !== undefined) return plan.schema.fields.map(() => plan.qualifier);
      return viaRefs(plan.exprs, qualifiersOf(plan.child));
    case "Filter": case "Sort": case "Limit": case "Distinct": case "Watermark": case "Offset": case "Sample":
      return qualifiersOf(plan.child);
    case "SetOperation":
      return qualifiersOf(plan.left);
    case "Window":
      return [...qualifiersOf(plan.child), ...plan.functions.map(() => undefined)];
    case "Union":
      return qualifiersOf(plan.children[0]);
    case "Join": {
      const l = qualifiersOf(plan.left);
      if (plan.how === "left_semi" || plan.how === "left_anti") return l;
      const both = [...l, ...qualifiersOf(plan.right)];
      return plan.outputs ? viaRefs(plan.outputs, both) : both;
    }
    case "Aggregate": {
      const input = qualifiersOf(plan.child);
      const groups = plan.groupBy.map((g) => (g.kind === "ref" ? input[g.ordinal] : undefined));
      return viaRefs(plan.outputs, groups);
    }
    default:
      return plan.schema.fields.map(() => undefined);
  }
}

/** The same rows under a relation name: `FROM t AS q` (Spark's SubqueryAlias). */
export function qualify(child: LogicalPlan, qualifier: string): LogicalPlan {
  const exprs: R[] = child.schema.fields.map((f, i) => ({ kind: "ref", ordinal: i, name: f.name, dataType: f.dataType, nullable: f.nullable, sql: f.name }));
  return { kind: "Project", id: newPlanId(), child, exprs, qualifier, schema: child.schema, streaming: child.streaming };
}

/** Expands `*` and `a.*` and resolves the rest. */
export function resolveProjection(child: LogicalPlan, exprs: Expr[]): R[] {
  const scope = scopeOf(child);
  const resolver = new ExprResolver(scope);
  const out: R[] = [];
  for (const e of exprs) {
    if (e.kind === "star") {
      if (e.regex !== undefined) {
        const re = new RegExp(`^(?:${e.regex})$`, "s");
        scope.fields.forEach((f, i) => { if (re.test(f.name)) out.push({ kind: "ref", ordinal: i, name: f.name, dataType: f.dataType, nullable: f.nullable, sql: f.name }); });
      } else if (!e.target) {
        scope.fields.forEach((f, i) => out.push({ kind: "ref", ordinal: i, name: f.name, dataType: f.dataType, nullable: f.nullable, sql: f.name }));
      } else if (e.target.length === 1 && scope.fields.some((f) => f.qualifier?.toLowerCase() === e.target![0].toLowerCase())) {
        // `t.*`: every column of the relation named t.
        const q = e.target[0].toLowerCase();
        scope.fields.forEach((f, i) => { if (f.qualifier?.toLowerCase() === q) out.push({ kind: "ref", ordinal: i, name: f.name, dataType: f.dataType, nullable: f.nullable, sql: f.name }); });
      } else {
        let base: R;
        try {
          base = resolver.resolve({ kind: "attr", parts: e.target });
        } catch (err) {
          if (!(err instanceof AnalysisException) || !err.message.startsWith("[UNRESOLVED_COLUMN")) throw err;
          // Spark lists the input attributes of the child operator (its children's output).
          const input = children(child).flatMap((c) => c.schema.fields.map((f) => toSQLId(f.name))).join(", ");
          throw new AnalysisException(
            `Cannot resolve ${toSQLId(e.target.join("."))}.* given input columns ${input}. Please check that the specified table or struct exists and is accessible in the input columns.`,
            "CANNOT_RESOLVE_STAR_EXPAND",
          );
        }
        const struct = base.kind === "alias" ? base.child : base;
        if (!(struct.dataType instanceof StructTypeClass))
          throw new AnalysisException(`Can only star expand struct data types. Attribute: \`ArrayBuffer(${e.target.join(", ")})\``, "_LEGACY_ERROR_TEMP_1050");
        struct.dataType.fields.forEach((f, idx) => {
          const field: R = { kind: "fn", op: "getField", args: [struct], params: { index: idx, name: f.name }, dataType: f.dataType, nullable: struct.nullable || f.nullable, sql: `${struct.sql}.${f.name}` };
          out.push({ kind: "alias", child: field, name: f.name, dataType: field.dataType, nullable: field.nullable, sql: field.sql });
        });
      }
    } else out.push(resolver.resolve(e));
  }
  for (let i = 0; i < out.length; i++) {
    const r = out[i];
    const w = r.kind === "alias" ? r.child : r;
    if (w.kind === "fn" && w.op === "window" && w.params.slideUs !== w.params.durationUs) {
      // A sliding window gives one row per window containing the timestamp (Spark's Expand).
      const windows: R = { kind: "fn", op: "window_candidates", args: w.args, params: w.params, dataType: new ArrayTypeClass(w.dataType, false), nullable: true, sql: w.sql };
      out[i] = { kind: "gen", op: "explode", args: [windows], names: [outputName(r)], dataType: w.dataType, nullable: true, sql: w.sql };
    }
  }
  const gens = out.filter((r) => r.kind === "gen");
  if (gens.length > 1)
    throw new AnalysisException(`Only one generator allowed per select clause but found ${gens.length}: ${gens.map((g) => `"${g.sql}"`).join(", ")}.`, "UNSUPPORTED_GENERATOR.MULTI_GENERATOR");
  for (const r of out) if (r.kind !== "gen" && containsGen(r))
    throw new AnalysisException(`The generator is not supported: nested in expressions "${r.sql}".`, "UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS");
  return out;
}

function containsGen(r: R): boolean {
  if (r.kind === "gen") return true;
  const kids = r.kind === "fn" ? r.args : r.kind === "alias" || r.kind === "sort" ? [r.child] : [];
  return kids.some(containsGen);
}

export function project(child: LogicalPlan, exprs: Expr[]): LogicalPlan {
  const resolved = resolveProjection(child, exprs);
  return { kind: "Project", id: newPlanId(), child, exprs: resolved, schema: schemaOf(resolved, child.schema), streaming: child.streaming };
}

export function projectResolved(child: LogicalPlan, exprs: R[]): LogicalPlan {
  return { kind: "Project", id: newPlanId(), child, exprs, schema: schemaOf(exprs, child.schema), streaming: child.streaming };
}

export function filter(child: LogicalPlan, condition: Expr): LogicalPlan {
  const c = new ExprResolver(scopeOf(child)).resolve(condition);
  if (c.dataType !== BOOLEAN && c.dataType !== NULL)
    throw new AnalysisException(
      `Cannot resolve "${c.sql}" due to data type mismatch: Filter expression "${c.sql}" of type "${c.dataType.sql()}" is not a boolean.`,
      "DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN",
    );
  return { kind: "Filter", id: newPlanId(), child, condition: c, schema: child.schema, streaming: child.streaming };
}

/**
 * GROUP BY `groupBy` computing `aggs`. The output is the grouping columns followed by the
 * aggregate expressions when `includeGroupingColumns` (DataFrame.groupBy().agg()), else exactly `aggs`.
 * With `groupingSets` (indices into `groupBy`: rollup, cube, GROUPING SETS) the Aggregate reads
 * an Expand (grouping-sets.ts) and also groups by spark_grouping_id; the aggregation row is
 * `[...group values, grouping id, ...call results]`.
 */
export function aggregate(child: LogicalPlan, groupBy: Expr[], aggs: Expr[], includeGroupingColumns = true, groupingSets?: number[][]): LogicalPlan {
  const scope = scopeOf(child);
  const plain = new ExprResolver(scope);
  const groups = groupBy.map((g) => plain.resolve(g));
  for (const g of groups) if (containsAgg(g)) throw new AnalysisException(`aggregate functions are not allowed in GROUP BY, but found ${g.sql}.`, "GROUP_BY_AGGREGATE");
  const groupKeys = groups.map(exprKey);
  const ctx: AggContext = { calls: [], keys: [], grouping: groupingSets ? { keys: groupKeys, sqls: groups.map((g) => g.sql) } : undefined };
  const resolver = new ExprResolver(scope, ctx);
  const nGroup = groups.length + (groupingSets ? 1 : 0);

  const bindToAggRow = (r: R): R => {
    const key = exprKey(r);
    const gi = groupKeys.indexOf(key);
    if (gi >= 0 && r.kind !== "lit") {
      const ref: R = { kind: "ref", ordinal: gi, name: outputName(groups[gi]), dataType: groups[gi].dataType, nullable: groups[gi].nullable || !!groupingSets, sql: groups[gi].sql };
      return r.kind === "alias" ? { ...r, child: ref } : ref;
    }
    switch (r.kind) {
      case "fn":
        if (r.op === "grouping_id") return { kind: "ref", ordinal: groups.length, name: r.sql, dataType: LONG, nullable: false, sql: r.sql };
        if (r.op === "aggResult") return { kind: "ref", ordinal: nGroup + r.params.index, name: r.sql, dataType: r.dataType, nullable: r.nullable, sql: r.sql };
        return { ...r, args: r.args.map(bindToAggRow) };
      case "alias": return { ...r, child: bindToAggRow(r.child) };
      case "sort": return { ...r, child: bindToAggRow(r.child) };
      case "ref":
        if (nGroup === 0)
          throw new AnalysisException(
            "The query does not include a GROUP BY clause. Add GROUP BY or turn it into the window functions using OVER clauses.",
            "MISSING_GROUP_BY",
          );
        throw new AnalysisException(
          `The non-aggregating expression "${r.sql}" is based on columns which are not participating in the GROUP BY clause.\nAdd the columns or the expression to the GROUP BY, aggregate the expression, or use "any_value(${r.sql})" if you do not care which of the values within a group is returned.`,
          "MISSING_AGGREGATION",
        );
      default: return r;
    }
  };

  const groupOutputs: R[] = includeGroupingColumns
    ? groups.map((g, i) => ({ kind: "ref", ordinal: i, name: outputName(g), dataType: g.dataType, nullable: g.nullable || !!groupingSets, sql: g.sql } as R))
    : [];
  const aggOutputs = aggs.flatMap((a) => {
    if (a.kind === "star") return resolveProjection(child, [a]).map(bindToAggRow);
    return [bindToAggRow(resolver.resolve(a))];
  });
  const outputs = [...groupOutputs, ...aggOutputs];
  let input = child;
  let keys = groups;
  if (groupingSets) {
    // The calls read the child's columns, which the Expand passes through at the same ordinals.
    input = expandForGroupingSets(child, groups, groupingSets);
    const n = child.schema.fields.length;
    keys = input.schema.fields.slice(n).map((f, i): R => ({ kind: "ref", ordinal: n + i, name: f.name, dataType: f.dataType, nullable: f.nullable, sql: i < groups.length ? groups[i].sql : f.name }));
  }
  const agg: LogicalPlan = {
    kind: "Aggregate", id: newPlanId(), child: input, groupBy: keys.map(asAggregateNumber), calls: ctx.calls, outputs,
    // Outputs read the aggregation row (group values, then aggregates): group columns keep what their expressions carry.
    schema: schemaOf(outputs, new StructTypeClass(groups.map((g) => new StructFieldClass(outputName(g), g.dataType, g.nullable, carriedMetadata(g, child.schema))))),
    streaming: child.streaming,
  };
  // Spark cannot hash-aggregate a buffer of variable width (min/max/first/last of a string, an
  // array, a struct …): it sort-aggregates, and the groups come out ordered by their keys.
  if (!child.streaming && includeGroupingColumns && nGroup > 0 && ctx.calls.some(needsSortAggregate)) {
    const orders: R[] = groupOutputs.map((g) => ({ kind: "sort", child: g, ascending: true, nullsFirst: true, dataType: g.dataType, nullable: g.nullable, sql: `${g.sql} ASC NULLS FIRST` }));
    return { kind: "Sort", id: newPlanId(), child: agg, orders, schema: agg.schema, streaming: false };
  }
  return agg;
}

/** Aggregates whose buffer holds a value of variable width (Spark plans a SortAggregate for them). */
function needsSortAggregate(call: AggCall): boolean {
  if (!["min", "max", "first", "last"].includes(call.op)) return false;
  const t = call.args[0]?.dataType;
  return t !== undefined && (t === STRING || t.typeName === "binary" || t instanceof ArrayTypeClass || t instanceof StructTypeClass || t instanceof MapTypeClass);
}

export function sort(child: LogicalPlan, orders: Expr[]): LogicalPlan {
  const resolver = new ExprResolver(scopeOf(child));
  const rs = orders.map((o) => {
    const r = resolver.resolve(o);
    return r.kind === "sort" ? r : ({ kind: "sort", child: r, ascending: true, nullsFirst: true, dataType: r.dataType, nullable: r.nullable, sql: `${r.sql} ASC NULLS FIRST` } as R);
  });
  return { kind: "Sort", id: newPlanId(), child, orders: rs, schema: child.schema, streaming: child.streaming };
}

export function limit(child: LogicalPlan, n: number): LogicalPlan {
  if (!Number.isInteger(n) || n < 0)
    throw new AnalysisException(`The limit expression must be equal to or greater than 0, but got ${n}.`, "INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE");
  return { kind: "Limit", id: newPlanId(), child, n, schema: child.schema, streaming: child.streaming };
}

export function distinct(child: LogicalPlan, keyNames?: string[], withinWatermark = false): LogicalPlan {
  let keys: number[] | undefined;
  if (keyNames) {
    const scope = scopeOf(child);
    keys = keyNames.map((k) => {
      const hits = scope.lookup(k);
      if (hits.length !== 1) throw hits.length ? scope.ambiguous(k) : scope.unresolved(k);
      return hits[0];
    });
  }
  return { kind: "Distinct", id: newPlanId(), child, keys, withinWatermark: withinWatermark || undefined, schema: child.schema, streaming: child.streaming };
}

export function union(left: LogicalPlan, right: LogicalPlan): LogicalPlan {
  const a = left.schema.fields, b = right.schema.fields;
  if (a.length !== b.length)
    throw new AnalysisException(
      `UNION can only be performed on inputs with the same number of columns, but the first input has ${a.length} columns and the second input has ${b.length} columns.`,
      "NUM_COLUMNS_MISMATCH",
    );
  const fields = a.map((f, i) => {
    const t = widerType(f.dataType, b[i].dataType);
    if (!t)
      throw new AnalysisException(
        `UNION can only be performed on tables with compatible column types. The ${ordinalWord(i + 1)} column of the second table is "${b[i].dataType.sql()}" type which is not compatible with "${f.dataType.sql()}" at the same column of the first table..`,
        "INCOMPATIBLE_COLUMN_TYPE",
      );
    return new StructFieldClass(f.name, t, f.nullable || b[i].nullable);
  });
  const schema = new StructTypeClass(fields);
  const cast = (p: LogicalPlan): LogicalPlan =>
    p.schema.fields.every((f, i) => f.dataType.equals(fields[i].dataType))
      ? p
      : projectResolved(p, p.schema.fields.map((f, i) => {
          const ref: R = { kind: "ref", ordinal: i, name: f.name, dataType: f.dataType, nullable: f.nullable, sql: f.name };
          return { kind: "alias", child: implicitCast(ref, fields[i].dataType), name: f.name, dataType: fields[i].dataType, nullable: f.nullable, sql: f.name };
        }));
  return { kind: "Union", id: newPlanId(), children: [cast(left), cast(right)], schema, streaming: left.streaming || right.streaming };
}

function ordinalWord(n: number): string {
  return n === 1 ? "first" : n === 2 ? "second" : n === 3 ? "third" : `${n}th`;
}

const JOIN_TYPES: Record<string, JoinType> = {
  inner: "inner", cross: "cross", outer: "full", full: "full", fullouter: "full", full_outer: "full",
  left: "left", leftouter: "left", left_outer: "left", right: "right", rightouter: "right", right_outer: "right",
  semi: "left_semi", leftsemi: "left_semi", left_semi: "left_semi", anti: "left_anti", leftanti: "left_anti", left_anti: "left_anti",
};

export function join(left: LogicalPlan, right: LogicalPlan, on: string[] | Expr | undefined, how: string): LogicalPlan {
  const type = JOIN_TYPES[how.toLowerCase()];
  // Spark 3.5 raises this from JoinType.apply as a plain IllegalArgumentException (no error class).
  if (!type)
    throw new IllegalArgumentException(
      `Unsupported join type '${how}'. Supported join types include: 'inner', 'outer', 'full', 'fullouter', 'full_outer', 'leftouter', 'left', 'left_outer', 'rightouter', 'right', 'right_outer', 'leftsemi', 'left_semi', 'semi', 'leftanti', 'left_anti', 'anti', 'cross'.`,
    );
  const ls = Scope.of(left.schema), rs = Scope.of(right.schema);
  const base = { id: newPlanId(), left, right, how: type, streaming: left.streaming || right.streaming };
  if (Array.isArray(on)) {
    // USING join: keys once, then the other columns of each side.
    const lk = on.map((n) => { const h = ls.lookup(n); if (h.length !== 1) throw usingColumnMissing(n, "left", left); return h[0]; });
    const rk = on.map((n) => { const h = rs.lookup(n); if (h.length !== 1) throw usingColumnMissing(n, "right", right); return h[0]; });
    const ln = left.schema.fields.length;
    const refL = (i: number): R & { kind: "ref" } => { const f = left.schema.fields[i]; return { kind: "ref", ordinal: i, name: f.name, dataType: f.dataType, nullable: f.nullable || type === "right" || type === "full", sql: f.name }; };
    const refR = (i: number): R & { kind: "ref" } => { const f = right.schema.fields[i]; return { kind: "ref", ordinal: ln + i, name: f.name, dataType: f.dataType, nullable: f.nullable || type === "left" || type === "full", sql: f.name }; };
    const keyOut: R[] = lk.map((li, j) => {
      if (type === "right") return refR(rk[j]);
      if (type === "full") {
        const a = refL(li) as R & { kind: "ref" }, b = refR(rk[j]) as R & { kind: "ref" };
        return { kind: "alias", child: { kind: "fn", op: "coalesce", args: [a, b], dataType: a.dataType, nullable: a.nullable && b.nullable, sql: `coalesce(${a.sql}, ${b.sql})` }, name: a.name, dataType: a.dataType, nullable: a.nullable && b.nullable, sql: a.name };
      }
      return { ...refL(li), nullable: left.schema.fields[li].nullable };
    });
    const restL = left.schema.fields.map((_, i) => i).filter((i) => !lk.includes(i)).map(refL);
    const restR = type === "left_semi" || type === "left_anti" ? [] : right.schema.fields.map((_, i) => i).filter((i) => !rk.includes(i)).map(refR);
    const outputs = [...keyOut, ...restL, ...restR];
    const leftKeys = lk.map((i) => ({ ...refL(i), ordinal: i }));
    const rightKeys = rk.map((i) => ({ ...refR(i), ordinal: i }));
    return { kind: "Join", ...base, leftKeys, rightKeys, outputs, schema: schemaOf(outputs, new StructTypeClass([...left.schema.fields, ...right.schema.fields])) };
  }
  const fields = type === "left_semi" || type === "left_anti"
    ? left.schema.fields
    : [
        ...left.schema.fields.map((f) => new StructFieldClass(f.name, f.dataType, f.nullable || type === "right" || type === "full", f.metadata)),
        ...right.schema.fields.map((f) => new StructFieldClass(f.name, f.dataType, f.nullable || type === "left" || type === "full", f.metadata)),
      ];
  const schema = new StructTypeClass(fields);
  if (on === undefined) return { kind: "Join", ...base, how: type === "inner" ? "cross" : type, leftKeys: [], rightKeys: [], schema };
  // Resolve the condition against left ++ right, then pull out equi-join keys.
  const ln = left.schema.fields.length;
  const lq = qualifiersOf(left), rq = qualifiersOf(right);
  const joinedScope = new Scope(
    [...left.schema.fields.map((f, i) => ({ name: f.name, dataType: f.dataType, nullable: f.nullable, side: 0, qualifier: lq[i] })), ...right.schema.fields.map((f, i) => ({ name: f.name, dataType: f.dataType, nullable: f.nullable, side: 1, qualifier: rq[i] }))],
    (id) => (containsId(left, id) ? 0 : containsId(right, id) ? 1 : undefined),
  );
  const cond = new ExprResolver(joinedScope).resolve(on);
  if (cond.dataType !== BOOLEAN) throw new AnalysisException(`Join condition '${cond.sql}' of type ${cond.dataType.simpleString()} is not a boolean.`);
  const leftKeys: R[] = [], rightKeys: R[] = [];
  const residual: R[] = [];
  const side = (r: R): number => { const s = new Set<number>(); collectRefs(r, (o) => s.add(o < ln ? 0 : 1)); return s.size === 1 ? [...s][0] : -1; };
  for (const c of conjuncts(cond)) {
    if (c.kind === "fn" && c.op === "eq") {
      const [a, b] = c.args;
      const sa = side(a), sb = side(b);
      if (sa === 0 && sb === 1) { leftKeys.push(a); rightKeys.push(shiftRefs(b, -ln)); continue; }
      if (sa === 1 && sb === 0) { leftKeys.push(b); rightKeys.push(shiftRefs(a, -ln)); continue; }
    }
    residual.push(c);
  }
  const condition = residual.length ? residual.reduce((x, y) => ({ kind: "fn", op: "and", args: [x, y], dataType: BOOLEAN, nullable: true, sql: `(${x.sql} AND ${y.sql})` })) : undefined;
  return { kind: "Join", ...base, leftKeys, rightKeys, condition, schema };
}

function usingColumnMissing(name: string, side: string, plan: LogicalPlan): AnalysisException {
  return new AnalysisException(
    `USING column \`${name}\` cannot be resolved on the ${side} side of the join. The ${side}-side columns: [${plan.schema.fields.map((f) => `\`${f.name}\``).sort().join(", ")}].`,
    "UNRESOLVED_USING_COLUMN_FOR_JOIN",
  );
}

function conjuncts(r: R): R[] {
  return r.kind === "fn" && r.op === "and" ? [...conjuncts(r.args[0]), ...conjuncts(r.args[1])] : [r];
}

function collectRefs(r: R, f: (ordinal: number) => void): void {
  if (r.kind === "ref") f(r.ordinal);
  else if (r.kind === "fn" || r.kind === "gen" || r.kind === "agg") r.args.forEach((a) => collectRefs(a, f));
  else if (r.kind === "alias" || r.kind === "sort") collectRefs(r.child, f);
}

function shiftRefs(r: R, by: number): R {
  switch (r.kind) {
    case "ref": return { ...r, ordinal: r.ordinal + by };
    case "fn": return { ...r, args: r.args.map((a) => shiftRefs(a, by)) };
    case "alias": return { ...r, child: shiftRefs(r.child, by) };
    default: return r;
  }
}

export function withWatermark(child: LogicalPlan, eventTime: string, delay: string, parseDelay: (s: string) => number): LogicalPlan {
  const scope = scopeOf(child);
  const hits = scope.lookup(eventTime);
  if (hits.length !== 1) throw hits.length ? scope.ambiguous(eventTime) : scope.unresolved(eventTime);
  const f = child.schema.fields[hits[0]];
  if (f.dataType !== TIMESTAMP)
    throw new AnalysisException(`Event time must be defined on a window or a timestamp, but ${f.name} is of type ${f.dataType.sql().toLowerCase()}.`, "EVENT_TIME_IS_NOT_ON_TIMESTAMP_TYPE");
  const delayMs = parseDelay(delay);
  // Spark marks the event-time column in the schema metadata; so do we.
  const fields = child.schema.fields.map((x, i) => (i === hits[0] ? new StructFieldClass(x.name, x.dataType, x.nullable, { ...x.metadata, "spark.watermarkDelayMs": delayMs }) : x));
  return { kind: "Watermark", id: newPlanId(), child, column: hits[0], columnName: f.name, delayMs, schema: new StructTypeClass(fields), streaming: child.streaming };
}
