/**
 * Window functions in a projection (Spark's ExtractWindowExpressions and ResolveWindowFrame):
 * every `f(…) OVER (spec)` in a select list is computed by a Window node under the projection,
 * one node per distinct spec (nested in order of first appearance), and the select list then
 * refers to its column, named by Spark's SQL text of the window expression.
 */
import { AnalysisException } from "../errors";
import { Expr, IntervalBound, WindowBound, WindowSpecExpr, mapChildren } from "../expr/expression";
import { AggCall, LogicalPlan, WindowFrame, WindowFunction, newPlanId } from "../plan/logical-plan";
import { Resolved } from "../plan/resolved";
import { DATE, DOUBLE, INTEGER, StructFieldClass, StructTypeClass, TIMESTAMP, isNumeric, DataType } from "../types/data-types";
import { ExprResolver } from "./expression-resolver";
import { aggregate, project as plainProject, scopeOf } from "./plan-builders";
import { exprHasAggregate } from "./expression-resolver";
import { AGGREGATE_FUNCTIONS, scalarTyper } from "./function-catalog";
import { implicitCast } from "../functions/typing";

type R = Resolved;

const RANKING = new Set(["row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile"]);
const OFFSET = new Set(["lag", "lead", "nth_value"]);

/** A projection that may hold window expressions. */
/** A SELECT list: a global aggregate when it calls an aggregate function, else a projection (with its windows). */
export function select(child: LogicalPlan, exprs: Expr[]): LogicalPlan {
  return exprs.some(exprHasAggregate) ? aggregate(child, [], exprs, false) : project(child, exprs);
}

export function project(child: LogicalPlan, exprs: Expr[]): LogicalPlan {
  if (!exprs.some(hasWindow)) return plainProject(child, exprs);
  const windows: Array<Expr & { kind: "window" }> = [];
  exprs.forEach((e) => collectWindows(e, windows));
  // Group by spec, in order of first appearance; each group is one Window node.
  const groups: Array<{ key: string; items: Array<Expr & { kind: "window" }> }> = [];
  for (const w of windows) {
    const key = JSON.stringify([w.spec.partitionBy, w.spec.orderBy]);
    let g = groups.find((x) => x.key === key);
    if (!g) groups.push((g = { key, items: [] }));
    g.items.push(w);
  }
  // `*` stands for the child's columns, not the window columns added below it.
  const childScope = scopeOf(child);
  exprs = exprs.flatMap((e) => (e.kind === "star" && !e.target
    ? childScope.fields.map((f): Expr => ({ kind: "attr", parts: f.qualifier !== undefined ? [f.qualifier, f.name] : [f.name] }))
    : [e]));
  let plan = child;
  const names = new Map<Expr, string>();
  // The first spec's Window ends up on top (its sort decides the output order, as in Spark).
  for (const g of [...groups].reverse()) {
    const node = windowNode(plan, g.items);
    g.items.forEach((w, i) => names.set(w, node.schema.fields[plan.schema.fields.length + i].name));
    plan = node;
  }
  const replace = (e: Expr): Expr => {
    if (e.kind === "window") return { kind: "attr", parts: [names.get(e)!] };
    return mapChildren(e, replace);
  };
  return plainProject(plan, exprs.map(replace));
}

export function hasWindow(e: Expr): boolean {
  let found = false;
  const visit = (x: Expr): Expr => { if (x.kind === "window") found = true; else mapChildren(x, visit); return x; };
  visit(e);
  return found;
}

function collectWindows(e: Expr, out: Array<Expr & { kind: "window" }>): void {
  const visit = (x: Expr): Expr => { if (x.kind === "window") out.push(x); else mapChildren(x, visit); return x; };
  visit(e);
}


function windowNode(child: LogicalPlan, items: Array<Expr & { kind: "window" }>): LogicalPlan & { kind: "Window" } {
  const scope = scopeOf(child);
  const plain = new ExprResolver(scope);
  const spec = items[0].spec;
  const partitionBy = spec.partitionBy.map((p) => plain.resolve(p));
  const orderBy = spec.orderBy.map((o) => {
    const r = plain.resolve(o);
    return r.kind === "sort" ? r : ({ kind: "sort", child: r, ascending: true, nullsFirst: true, dataType: r.dataType, nullable: r.nullable, sql: `${r.sql} ASC NULLS FIRST` } as R);
  });
  const fields = [...child.schema.fields];
  const functions: WindowFunction[] = [];
  for (const w of items) checkFrameTypes(w.spec, partitionBy, orderBy);
  for (const w of items) {
    const pos = w.fn.kind === "call" ? w.fn.pos : undefined;
    const { fn, sql, dataType, nullable } = withOrigin(pos, () => windowFunction(w, scope, orderBy));
    const specSql = windowSpecSql(partitionBy, orderBy, fn.frame, w.spec);
    if (fn.agg?.distinct)
      throw withOrigin(pos, () => { throw new AnalysisException(`Distinct window functions are not supported: "${sql} OVER ${specSql}".`, "DISTINCT_WINDOW_FUNCTION_UNSUPPORTED"); });
    functions.push({ ...fn, sql, specSql });
    fields.push(new StructFieldClass(`${sql} OVER ${specSql}`, dataType, nullable));
  }
  return { kind: "Window", id: newPlanId(), child, partitionBy, orderBy, functions, schema: new StructTypeClass(fields), streaming: child.streaming };
}

/** Errors of a window written in SQL text name where it is: `; line 1 pos N` (not legacy errors). */
function withOrigin<T>(pos: number | undefined, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof AnalysisException && pos !== undefined && e.errorClass && !e.errorClass.startsWith("_LEGACY") && !/ line \d+ pos \d+;?$/.test(e.message.split("\n")[0]))
      e.message += `; line 1 pos ${pos}`;
    throw e;
  }
}

interface Typed { fn: Omit<WindowFunction, "sql" | "specSql">; sql: string; dataType: DataType; nullable: boolean }

function windowFunction(w: Expr & { kind: "window" }, scope: ReturnType<typeof scopeOf>, orderBy: R[]): Typed {
  const f = w.fn;
  if (f.kind !== "call" || (!RANKING.has(f.name.toLowerCase()) && !OFFSET.has(f.name.toLowerCase()) && !AGGREGATE_FUNCTIONS[f.name.toLowerCase()] && scalarTyper(f.name.toLowerCase())))
    throw new AnalysisException(`Expression "${new ExprResolver(scope).resolve(f).sql}" not supported within a window function.`, "UNSUPPORTED_EXPR_FOR_WINDOW");
  const name = f.name.toLowerCase();
  const plain = new ExprResolver(scope);
  const frame = w.spec.frame;
  if (RANKING.has(name)) {
    if (!orderBy.length)
      throw new AnalysisException(
        `Window function ${name}() requires window to be ordered, please add ORDER BY clause. For example SELECT ${name}()(value_expr) OVER (PARTITION BY window_partition ORDER BY window_ordering) from table.`,
        "_LEGACY_ERROR_TEMP_1037",
      );
    // cume_dist counts the current row's peers: its frame is RANGE, the others' ROWS.
    const required: WindowFrame = { type: name === "cume_dist" ? "range" : "rows", lower: -Infinity, upper: 0 };
    if (frame && !(frame.type === required.type && frame.lower === "unboundedPreceding" && frame.upper === "currentRow"))
      throw frameMismatch(frame, required);
    const rowsFrame = required;
    const args = f.args.map((a) => plain.resolve(a));
    // Spark's RankLike functions print their name upper-case.
    const sql = name === "ntile" ? `ntile(${args[0]?.sql ?? ""})` : ["rank", "dense_rank", "percent_rank"].includes(name) ? `${name.toUpperCase()}()` : `${name}()`;
    const dataType = name === "percent_rank" || name === "cume_dist" ? DOUBLE : INTEGER;
    const params = name === "ntile" ? { buckets: Number((args[0] as R & { kind: "lit" })?.value) } : undefined;
    return { fn: { op: name, args: [], frame: rowsFrame, params }, sql, dataType, nullable: false };
  }
  if (OFFSET.has(name)) {
    if (!orderBy.length)
      throw new AnalysisException(
        `Window function ${name}(${f.args.map(describe).join(", ")}) requires window to be ordered, please add ORDER BY clause. For example SELECT ${name}(${f.args.map(describe).join(", ")})(value_expr) OVER (PARTITION BY window_partition ORDER BY window_ordering) from table.`,
        "_LEGACY_ERROR_TEMP_1037",
      );
    const input = plain.resolve(f.args[0]);
    const offsetArg = f.args[1] ? plain.resolve(f.args[1]) : ({ kind: "lit", value: 1, dataType: INTEGER, nullable: false, sql: "1" } as R);
    const offset = Number((offsetArg as R & { kind: "lit" }).value);
    if (name === "nth_value") {
      const ignoreNulls = f.args[2] ? Boolean((plain.resolve(f.args[2]) as R & { kind: "lit" }).value) : false;
      const fr = resolveFrame(frame, orderBy, true);
      return { fn: { op: name, args: [input], frame: fr, params: { offset, ignoreNulls } }, sql: `nth_value(${input.sql}, ${offset})${ignoreNulls ? " ignore nulls" : ""}`, dataType: input.dataType, nullable: true };
    }
    let def = f.args[2] ? plain.resolve(f.args[2]) : ({ kind: "lit", value: null, dataType: input.dataType, nullable: true, sql: "NULL" } as R);
    if (!def.dataType.equals(input.dataType)) def = implicitCast(def, input.dataType);
    const shift = name === "lag" ? -offset : offset;
    return {
      fn: { op: name, args: [input, def], frame: { type: "rows", lower: shift, upper: shift }, params: { offset: shift } },
      sql: `${name}(${input.sql}, ${offsetArg.sql}, ${def.sql})`,
      dataType: input.dataType,
      nullable: true,
    };
  }
  const aggTyper = AGGREGATE_FUNCTIONS[name];
  if (!aggTyper)
    throw new AnalysisException(`${name} is not an aggregate function or window function.`, "UNSUPPORTED_EXPR_FOR_WINDOW");
  const ctx = { calls: [] as AggCall[], keys: [] as string[] };
  const r = new ExprResolver(scope, ctx).resolve(f);
  const call = ctx.calls[0];
  if (call.filter) throw new AnalysisException("Window aggregate function with filter predicate is not supported yet.", "_LEGACY_ERROR_TEMP_1030");
  const fr = resolveFrame(frame, orderBy, false);
  return { fn: { op: "agg", args: call.args, agg: call, frame: fr }, sql: r.sql, dataType: r.dataType, nullable: r.nullable };
}

/**
 * Spark's checks of a frame's bound types against the order key: an interval bound needs a
 * RANGE frame over a timestamp (RANGE_FRAME_INVALID_TYPE otherwise, SPECIFIED_WINDOW_FRAME_UNACCEPTED_TYPE
 * for ROWS), a number bound a numeric key. Written in SQL, the error names the spec's position.
 */
function checkFrameTypes(spec: WindowSpecExpr, partitionBy: R[], orderBy: R[]): void {
  const frame = spec.frame;
  if (!frame) return;
  const at = spec.pos === undefined ? "" : `; line 1 pos ${spec.pos}`;
  const iv = frame.intervals;
  if (frame.type === "rows" && iv && (iv.lower || iv.upper)) {
    const which = iv.lower ? "lower" : "upper";
    throw new AnalysisException(
      `Cannot resolve "${frameSql(frame)}" due to data type mismatch: The data type of the ${which} bound "${iv[which]!.typeSql}" does not match the expected data type "INT".${at}`,
      "DATATYPE_MISMATCH.SPECIFIED_WINDOW_FRAME_UNACCEPTED_TYPE",
    );
  }
  if (frame.type !== "range" || orderBy.length !== 1) return;
  const valued = (b: WindowBound): boolean => typeof b === "number" && b !== 0;
  const side = valued(frame.lower) ? "lower" : valued(frame.upper) ? "upper" : undefined;
  if (!side) return;
  const t = orderBy[0].dataType;
  const boundType = iv?.[side]?.typeSql ?? (frame.sql ? "INT" : "BIGINT");
  const bad = (t === TIMESTAMP && !iv?.[side]) || (t === DATE && !!iv?.[side]);
  if (!bad) return;
  const parts = [...(partitionBy.length ? [`PARTITION BY ${partitionBy.map((p) => p.sql).join(", ")}`] : []), `ORDER BY ${orderBy.map((o) => o.sql).join(", ")}`, frameSql(frame)];
  throw new AnalysisException(
    `Cannot resolve "(${parts.join(" ")})" due to data type mismatch: The data type "${t.sql()}" used in the order specification does not match the data type "${boundType}" which is used in the range frame.${at}`,
    "DATATYPE_MISMATCH.RANGE_FRAME_INVALID_TYPE",
  );
}

function resolveFrame(frame: WindowSpecExpr["frame"], orderBy: R[], _offset: boolean): WindowFrame {
  const num = (b: WindowBound): number => (b === "unboundedPreceding" ? -Infinity : b === "unboundedFollowing" ? Infinity : b === "currentRow" ? 0 : b);
  if (!frame) return orderBy.length ? { type: "range", lower: -Infinity, upper: 0 } : { type: "rows", lower: -Infinity, upper: Infinity };
  const fr: WindowFrame = { type: frame.type, lower: num(frame.lower), upper: num(frame.upper) };
  // An interval bound over a numeric key: Spark's frame then holds only the row's peers (observed in 3.5).
  if (frame.intervals && orderBy.length === 1 && isNumeric(orderBy[0].dataType)) {
    if (frame.intervals.lower) fr.lower = 0;
    if (frame.intervals.upper) fr.upper = 0;
    return fr;
  }
  if (fr.type === "range" && (Number.isFinite(fr.lower) && fr.lower !== 0 || Number.isFinite(fr.upper) && fr.upper !== 0)) {
    if (orderBy.length !== 1)
      throw new AnalysisException(
        `Cannot resolve "(ORDER BY ${orderBy.map((o) => o.sql).join(", ")} ${frameSql({ ...frame, sql: false })})" due to data type mismatch: A range window frame with value boundaries cannot be used in a window specification with multiple order by expressions: ${orderBy.map((o) => o.sql).join(",")}.`,
        "DATATYPE_MISMATCH.RANGE_FRAME_MULTI_ORDER",
      );
    const t = orderBy[0].dataType;
    if (!isNumeric(t) && !(t === TIMESTAMP && frame.intervals)) {
      // The bounds are cast to the order key's type; a string bound is not accepted.
      const which = Number.isFinite(fr.lower) && fr.lower !== 0 ? "lower" : "upper";
      throw new AnalysisException(
        `Cannot resolve "${frameSql({ ...frame, sql: false })}" due to data type mismatch: The data type of the ${which} bound "${t.sql()}" does not match the expected data type ("NUMERIC" or "INTERVAL DAY TO SECOND" or "INTERVAL YEAR TO MONTH" or "INTERVAL").`,
        "DATATYPE_MISMATCH.SPECIFIED_WINDOW_FRAME_UNACCEPTED_TYPE",
      );
    }
  }
  return fr;
}

/** Spark's text for a frame a ranking function cannot take (`specifiedwindowframe(RowFrame, -1, 1)`). */
function frameMismatch(frame: NonNullable<WindowSpecExpr["frame"]>, required: WindowFrame): AnalysisException {
  const b = (x: WindowBound): string => (x === "unboundedPreceding" ? "unboundedpreceding$()" : x === "unboundedFollowing" ? "unboundedfollowing$()" : x === "currentRow" ? "currentrow$()" : String(x));
  const t = (x: string): string => (x === "rows" ? "RowFrame" : "RangeFrame");
  return new AnalysisException(
    `Window Frame specifiedwindowframe(${t(frame.type)}, ${b(frame.lower)}, ${b(frame.upper)}) must match the required frame specifiedwindowframe(${t(required.type)}, unboundedpreceding$(), currentrow$()).`,
    "_LEGACY_ERROR_TEMP_2428",
  );
}

function boundSql(b: WindowBound, fromApi: boolean, interval?: IntervalBound, numericKey = false): string {
  if (b === "unboundedPreceding") return "UNBOUNDED PRECEDING";
  if (b === "unboundedFollowing") return "UNBOUNDED FOLLOWING";
  if (b === "currentRow") return "CURRENT ROW";
  if (interval) {
    // Over a numeric key Spark shows a preceding interval negated, as FOLLOWING.
    if (numericKey && b < 0) return `(- ${interval.text}) FOLLOWING`;
    return `${interval.text} ${b < 0 ? "PRECEDING" : "FOLLOWING"}`;
  }
  // The DataFrame API writes literal bounds (-1 FOLLOWING); SQL text keeps `1 PRECEDING`.
  if (b < 0 && !fromApi) return `${-b} PRECEDING`;
  return `${b} FOLLOWING`;
}

function frameSql(frame: NonNullable<WindowSpecExpr["frame"]>, numericKey = false): string {
  const iv = frame.intervals;
  return `${frame.type.toUpperCase()} BETWEEN ${boundSql(frame.lower, !frame.sql, iv?.lower, numericKey)} AND ${boundSql(frame.upper, !frame.sql, iv?.upper, numericKey)}`;
}

function windowSpecSql(partitionBy: R[], orderBy: R[], frame: WindowFrame, spec: WindowSpecExpr): string {
  const parts: string[] = [];
  if (partitionBy.length) parts.push(`PARTITION BY ${partitionBy.map((p) => p.sql).join(", ")}`);
  if (orderBy.length) parts.push(`ORDER BY ${orderBy.map((o) => o.sql).join(", ")}`);
  const toBound = (n: number, lower: boolean): WindowBound => (n === -Infinity ? "unboundedPreceding" : n === Infinity ? "unboundedFollowing" : n === 0 && (lower || true) ? "currentRow" : n);
  const fromSql = !!spec.frame?.sql;
  const iv = spec.frame?.intervals;
  if (iv && spec.frame) {
    // Interval bounds are shown as written (the resolved frame may hold 0 for them).
    parts.push(frameSql(spec.frame, orderBy.length === 1 && isNumeric(orderBy[0].dataType)));
    return `(${parts.join(" ")})`;
  }
  parts.push(frameSql({ type: frame.type, lower: toBound(frame.lower, true), upper: toBound(frame.upper, false), sql: fromSql }));
  return `(${parts.join(" ")})`;
}

function describe(e: Expr): string {
  if (e.kind === "attr") return e.parts.join(".");
  if (e.kind === "literal") return String(e.value);
  if (e.kind === "call") return `${e.name}(${e.args.map(describe).join(", ")})`;
  return e.kind;
}

