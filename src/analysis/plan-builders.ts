/**
 * The plan builders: each DataFrame transformation (and the SQL planner) builds its typed plan
 * node here, resolving its expressions with the expression resolver, so an analysis error
 * surfaces on the line that caused it.
 */
import { AnalysisException, IllegalArgumentException, PySparkValueError } from "../errors";
import { Expr } from "../expr/expression";
import { AggCall, LogicalPlan, children, containsId, newPlanId, JoinType } from "../plan/logical-plan";
import { Resolved, exprKey, outputName } from "../plan/resolved";
import { ArrayTypeClass, BOOLEAN, LONG, MapTypeClass, NULL, STRING, StructFieldClass, StructTypeClass, TIMESTAMP } from "../types/data-types";
import { asAggregateNumber, widerType } from "./function-catalog";
import { implicitCast } from "../functions/typing";
import { Scope } from "./scope";
import { expandForGroupingSets } from "./grouping-sets";
import { AggContext, ExprResolver, containsAgg, tryResolve } from "./expression-resolver";
import { toSQLId } from "./literal-types";

type R = Resolved;

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

/** The columns as references (ordinals into the child's output). */
export function columnRefs(plan: LogicalPlan): Array<R & { kind: "ref" }> {
  return plan.schema.fields.map((f, i) => ({ kind: "ref", ordinal: i, name: f.name, dataType: f.dataType, nullable: f.nullable, sql: f.name }));
}

/** Every column renamed (DataFrame.toDF, `AS t(a, b)`). */
export function renameColumns(child: LogicalPlan, names: string[]): LogicalPlan {
  const old = child.schema.fields.map((f) => f.name);
  if (names.length !== old.length)
    throw new PySparkValueError(`The number of columns doesn't match.\nOld column names (${old.length}): ${old.join(", ")}\nNew column names (${names.length}): ${names.join(", ")}`);
  return projectResolved(child, columnRefs(child).map((r, i) => ({ kind: "alias", child: r, name: names[i], dataType: r.dataType, nullable: r.nullable, sql: r.sql })));
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
        const base = tryResolve(scope, { kind: "attr", parts: e.target });
        if (!base) {
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
  // A grouping column is nulled only by the sets it is missing from.
  const nullableGroup = (i: number): boolean => groups[i].nullable || (!!groupingSets && !groupingSets.every((set) => set.includes(i)));

  const bindToAggRow = (r: R): R => {
    const key = exprKey(r);
    const gi = groupKeys.indexOf(key);
    if (gi >= 0 && r.kind !== "lit") {
      const ref: R = { kind: "ref", ordinal: gi, name: outputName(groups[gi]), dataType: groups[gi].dataType, nullable: nullableGroup(gi), sql: groups[gi].sql };
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
    ? groups.map((g, i) => ({ kind: "ref", ordinal: i, name: outputName(g), dataType: g.dataType, nullable: nullableGroup(i), sql: g.sql } as R))
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
