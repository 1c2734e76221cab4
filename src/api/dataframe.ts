/**
 * DataFrame: PySpark's DataFrame API over an immutable, analysed logical plan. Transformations
 * return a new DataFrame synchronously (and fail synchronously on analysis errors); actions
 * (`show`, `collect`, `count`, `first`) return promises. `printSchema`, `schema`, `columns` and
 * `explain` need no data and are synchronous.
 */
import { attributeError, isMissingAttribute, memberNames } from "./python-attributes";
import { runMethodsInSessionZone } from "./session-zone";
import { trackAction } from "../connector-api/batch-actions";
import * as A from "../analysis/plan-builders";
import { toSQLId } from "../analysis/literal-types";
import { project as projectWithWindows, select as selectPlan } from "../analysis/windows";
import { AsyncLocalStorage } from "node:async_hooks";
import { AnalysisException, PySparkTypeError, SparkTaskFailure } from "../errors";
import { Column, ColumnOrName, toColumnExpr } from "../expr/column";
import { Expr, attr } from "../expr/expression";
import { parseExpression } from "../expr/sql-parser";
import { executePlan } from "../execution/executor";
import { jsonWriter } from "../values/json";
import { showString } from "../execution/show";
import { LogicalPlan } from "../plan/logical-plan";
import { Resolved } from "../plan/resolved";
import type { InternalRow } from "../connector-api/source";
import { StructTypeClass } from "../types/data-types";
import { Row } from "../types/row";
import { explainPlan } from "./explain";
import { toExternalRows } from "./external";
import type { SparkSession } from "./session";
import { GroupedData } from "./grouped-data";
import { cubeSets, rollupSets } from "../analysis/grouping-sets";
import { DataFrameNaFunctions, DropNaOptions, dropna, fillna } from "./na-functions";
import * as S from "../analysis/set-operations";
import { describePlan, summaryPlan } from "./describe";
import { unpivot } from "./unpivot";
import { SampleOptions, randomSplit, sample } from "./sampling";
import type { DataFrameWriter } from "./writer";
import type { DataStreamWriter } from "./stream-writer";

type Cols = Array<ColumnOrName | ColumnOrName[]>;

const flat = (cols: Cols): ColumnOrName[] => cols.flatMap((c) => (Array.isArray(c) ? c : [c]));

export interface ShowOptions {
  n?: number;
  truncate?: boolean | number;
  vertical?: boolean;
}

/**
 * A DataFrame, typed: no index signature, so `df.wrteStream` is a TypeScript error. PySpark's
 * attribute access to columns (`df.house`) is the shell's: a session with `columnAttributes` set
 * (the shell's is) makes its frames answer `df.house` with `df.col("house")` (see withColumnAttributes).
 */
export class DataFrame {
  constructor(readonly sparkSession: SparkSession, readonly plan: LogicalPlan) {
    if (sparkSession.columnAttributes) return withColumnAttributes(this);
  }

  private with(plan: LogicalPlan): DataFrame {
    return new DataFrame(this.sparkSession, plan);
  }

  // --- metadata (synchronous) ---------------------------------------------------------------
  get schema(): StructTypeClass {
    return this.plan.schema;
  }
  get columns(): string[] {
    return this.plan.schema.fields.map((f) => f.name);
  }
  get dtypes(): Array<[string, string]> {
    return this.plan.schema.fields.map((f) => [f.name, f.dataType.simpleString()]);
  }
  get isStreaming(): boolean {
    return this.plan.streaming;
  }
  /** `printSchema(level?)`: the schema tree, nested fields down to `level` when given. */
  printSchema(level?: number): void {
    this.sparkSession.print(this.plan.schema.treeString(level ?? Infinity) + "\n");
  }
  explain(extended: boolean | string = false): void {
    this.sparkSession.print(explainPlan(this.plan, extended === true || extended === "extended") + "\n");
  }

  /** A column of this DataFrame (disambiguates joins). */
  col(name: string): Column {
    if (name === "*") return new Column({ kind: "star" });
    const e = attr(name) as Expr & { kind: "attr" };
    e.plan = this.plan.id;
    // Fail now, as PySpark does for df["missing"].
    const scope = A.scopeOf(this.plan);
    if (scope.lookup(e.parts[0]).length === 0 && scope.lookup(name).length === 0) {
      // Dataset.resolve's error: all columns, in schema order, and no plan appended.
      throw new AnalysisException(
        `A column or function parameter with name ${toSQLId(name)} cannot be resolved. Did you mean one of the following? [${this.columns.map((c) => toSQLId(c)).join(", ")}].`,
        "UNRESOLVED_COLUMN.WITH_SUGGESTION",
      );
    }
    return new Column(e);
  }
  getItem(name: string): Column {
    return this.col(name);
  }

  // --- transformations ----------------------------------------------------------------------
  select(...cols: Cols): DataFrame {
    return this.with(selectPlan(this.plan, flat(cols).map(toColumnExpr)));
  }
  selectExpr(...exprs: Array<string | string[]>): DataFrame {
    return this.select(...exprs.flat().map((s) => new Column(parseExpression(s))));
  }
  withColumn(name: string, col: Column): DataFrame {
    if (!(col instanceof Column)) throw new PySparkTypeError(`[NOT_COLUMN] Argument \`col\` should be a Column, got ${typeof col}.`);
    return this.withColumns({ [name]: col });
  }
  withColumns(map: Record<string, Column>): DataFrame {
    const names = this.columns;
    // Existing columns are referenced by their exact (possibly dotted) name.
    const exprs: Expr[] = names.map((n) => ({ kind: "attr", parts: [n] }) as Expr);
    for (const [name, c] of Object.entries(map)) {
      const i = names.findIndex((n) => n.toLowerCase() === name.toLowerCase());
      const e: Expr = { kind: "alias", child: c.expr, name };
      if (i >= 0) exprs[i] = e;
      else exprs.push(e);
    }
    return this.with(projectWithWindows(this.plan, exprs));
  }
  withColumnRenamed(existing: string, newName: string): DataFrame {
    if (!this.columns.some((c) => c.toLowerCase() === existing.toLowerCase())) return this;
    return this.with(A.projectResolved(this.plan, this.refs().map((r) => (r.name.toLowerCase() === existing.toLowerCase() ? { kind: "alias", child: r, name: newName, dataType: r.dataType, nullable: r.nullable, sql: r.sql } : r))));
  }
  withColumnsRenamed(map: Record<string, string>): DataFrame {
    let df: DataFrame = this;
    for (const [a, b] of Object.entries(map)) df = df.withColumnRenamed(a, b);
    return df;
  }
  drop(...cols: Array<ColumnOrName>): DataFrame {
    const names = new Set(cols.map((c) => (typeof c === "string" ? c : c.expr.kind === "attr" ? c.expr.parts.join(".") : "")).map((s) => s.toLowerCase()));
    return this.with(A.projectResolved(this.plan, this.refs().filter((r) => !names.has(r.name.toLowerCase()))));
  }
  toDF(...names: string[]): DataFrame {
    return this.with(A.renameColumns(this.plan, names));
  }
  private refs(): Array<Resolved & { kind: "ref" }> {
    return A.columnRefs(this.plan);
  }
  /** Names the relation: `df.alias("a")` makes `a.col` resolve (a self-join's two sides). */
  alias(name: string): DataFrame {
    return this.with(A.qualify(this.plan, name));
  }
  /** `df.transform(f, ...args)`: f(df, ...args), for chaining. */
  transform(f: (df: DataFrame, ...args: any[]) => DataFrame, ...args: unknown[]): DataFrame {
    return f(this, ...args);
  }
  get na(): DataFrameNaFunctions {
    return new DataFrameNaFunctions(this);
  }
  fillna(value: number | string | boolean | Record<string, number | string | boolean>, subset?: string | string[]): DataFrame {
    return fillna(this, value, subset);
  }
  dropna(how: "any" | "all" | DropNaOptions = "any", thresh?: number, subset?: string | string[]): DataFrame {
    return dropna(this, how, thresh, subset);
  }
  exceptAll(other: DataFrame): DataFrame { return this.with(S.exceptAll(this.plan, other.plan)); }
  intersect(other: DataFrame): DataFrame { return this.with(S.intersect(this.plan, other.plan)); }
  intersectAll(other: DataFrame): DataFrame { return this.with(S.intersectAll(this.plan, other.plan)); }
  subtract(other: DataFrame): DataFrame { return this.with(S.subtract(this.plan, other.plan)); }
  /** The rows after the first `n`. */
  offset(n: number): DataFrame { return this.with(S.offset(this.plan, n)); }
  /** sample(fraction[, seed]), sample(withReplacement, fraction[, seed]) or sample({ fraction, seed, withReplacement }). */
  sample(a?: boolean | number | SampleOptions, b?: number, c?: number | bigint): DataFrame { return this.with(sample(this, a, b, c)); }
  randomSplit(weights: number[], seed?: number | bigint): DataFrame[] { return randomSplit(this, weights, seed).map((p) => this.with(p)); }
  describe(...cols: Array<string | string[]>): DataFrame { return this.with(describePlan(this, cols.flat())); }
  summary(...statistics: string[]): DataFrame { return this.with(summaryPlan(this, statistics)); }
  /** Wide to long: one row per (id columns, value column); `values` undefined means every non-id column. */
  unpivot(ids: ColumnOrName | ColumnOrName[], values: ColumnOrName | ColumnOrName[] | undefined, variableColumnName: string, valueColumnName: string): DataFrame {
    return unpivot(this, ids, values, variableColumnName, valueColumnName);
  }
  melt(ids: ColumnOrName | ColumnOrName[], values: ColumnOrName | ColumnOrName[] | undefined, variableColumnName: string, valueColumnName: string): DataFrame {
    return this.unpivot(ids, values, variableColumnName, valueColumnName);
  }
  filter(condition: Column | string): DataFrame {
    const e = typeof condition === "string" ? parseExpression(condition) : condition.expr;
    return this.with(A.filter(this.plan, e));
  }
  where(condition: Column | string): DataFrame {
    return this.filter(condition);
  }
  groupBy(...cols: Cols): GroupedData {
    return this.sparkSession.pythonic(new GroupedData(this, flat(cols).map(toColumnExpr)), "GroupedData");
  }
  groupby(...cols: Cols): GroupedData {
    return this.groupBy(...cols);
  }
  /** Grouping sets (a, b), (a), () — with grouping()/grouping_id() telling them apart. */
  rollup(...cols: Cols): GroupedData {
    const exprs = flat(cols).map(toColumnExpr);
    return new GroupedData(this, exprs, rollupSets(exprs.length));
  }
  /** Every subset of the columns as a grouping set. */
  cube(...cols: Cols): GroupedData {
    const exprs = flat(cols).map(toColumnExpr);
    return new GroupedData(this, exprs, cubeSets(exprs.length));
  }
  agg(...exprs: Array<Column | Record<string, string>>): DataFrame {
    return this.groupBy().agg(...exprs);
  }
  orderBy(...args: Array<ColumnOrName | ColumnOrName[] | { ascending?: boolean | boolean[] }>): DataFrame {
    let opts: { ascending?: boolean | boolean[] } = {};
    const last = args[args.length - 1];
    if (last && typeof last === "object" && !(last instanceof Column) && !Array.isArray(last)) {
      opts = last as { ascending?: boolean | boolean[] };
      args = args.slice(0, -1);
    }
    const cols = flat(args as Cols);
    const orders = cols.map((c, i) => {
      const e = toColumnExpr(c);
      const asc = Array.isArray(opts.ascending) ? opts.ascending[i] : opts.ascending;
      if (asc === undefined || e.kind === "sortOrder") return e;
      return { kind: "sortOrder", child: e, ascending: !!asc, nullsFirst: !!asc } as Expr;
    });
    return this.with(A.sort(this.plan, orders));
  }
  sort(...args: Array<ColumnOrName | ColumnOrName[] | { ascending?: boolean | boolean[] }>): DataFrame {
    return this.orderBy(...args);
  }
  limit(n: number): DataFrame {
    return this.with(A.limit(this.plan, n));
  }
  distinct(): DataFrame {
    return this.with(A.distinct(this.plan));
  }
  dropDuplicates(subset?: string[]): DataFrame {
    return this.with(A.distinct(this.plan, subset));
  }
  /** Streaming: drops rows whose keys were seen within the watermark's delay (batch: dropDuplicates). */
  dropDuplicatesWithinWatermark(subset?: string[]): DataFrame {
    return this.with(A.distinct(this.plan, subset, this.isStreaming));
  }
  drop_duplicates(subset?: string[]): DataFrame {
    return this.dropDuplicates(subset);
  }
  union(other: DataFrame): DataFrame {
    return this.with(A.union(this.plan, other.plan));
  }
  unionAll(other: DataFrame): DataFrame {
    return this.union(other);
  }
  /** Union by column name; with allowMissingColumns, columns missing on either side are null (the other's extra columns come last). */
  unionByName(other: DataFrame, allowMissingColumns = false): DataFrame {
    const has = (df: DataFrame, n: string) => df.columns.some((c) => c.toLowerCase() === n.toLowerCase());
    const missing = allowMissingColumns ? undefined : this.columns.find((n) => !has(other, n));
    if (missing !== undefined)
      throw new AnalysisException(`Cannot resolve column name "${missing}" among (${other.columns.join(", ")}).`, "_LEGACY_ERROR_TEMP_1179");
    const nullOf = (df: DataFrame, n: string) => new Column({ kind: "alias", child: { kind: "literal", value: null, dataType: df.schema.fields.find((f) => f.name.toLowerCase() === n.toLowerCase())!.dataType }, name: n });
    const extra = allowMissingColumns ? other.columns.filter((n) => !has(this, n)) : [];
    const left = extra.length ? this.select(...this.columns, ...extra.map((n) => nullOf(other, n))) : this;
    const reordered = other.select(...left.columns.map((n) => (has(other, n) || !allowMissingColumns ? n : nullOf(left, n))));
    return left.union(reordered);
  }
  /** The columns whose names match a backquoted Java regex: ``df.colRegex("`col_.*`")``; without backquotes, a column name. */
  colRegex(colName: string): Column {
    const m = /^`(.*)`$/s.exec(colName);
    return m ? new Column({ kind: "star", regex: m[1] }) : this.col(colName);
  }
  /** `on`: USING column name(s), a join condition, or a list of conditions (and-ed, as PySpark). */
  join(other: DataFrame, on?: string | string[] | Column | Column[], how = "inner"): DataFrame {
    if (Array.isArray(on) && on.length && on.every((c): c is Column => c instanceof Column)) on = on.reduce((a, b) => a.and(b));
    const cond = on === undefined ? undefined : typeof on === "string" ? [on] : Array.isArray(on) ? (on as string[]) : on.expr;
    return this.with(A.join(this.plan, other.plan, cond, how));
  }
  crossJoin(other: DataFrame): DataFrame {
    return this.join(other, undefined, "cross");
  }
  withWatermark(eventTime: string, delayThreshold: string): DataFrame {
    return this.with(A.withWatermark(this.plan, eventTime, delayThreshold, (s) => this.sparkSession.parseIntervalMs(s)));
  }
  /** No-ops kept for PySpark code that caches a batch inside foreachBatch. */
  cache(): DataFrame { return this; }
  persist(_level?: unknown): DataFrame { return this; }
  unpersist(_blocking?: boolean): DataFrame { return this; }
  repartition(..._args: unknown[]): DataFrame { return this; }
  coalesce(_n: number): DataFrame { return this; }
  createOrReplaceTempView(name: string): void {
    this.sparkSession.catalog.registerTempView(name, this);
  }
  createTempView(name: string): void {
    if (this.sparkSession.catalog.has(name))
      throw new AnalysisException(`Cannot create the temporary view \`${name}\` because it already exists.\nChoose a different name, drop or replace the existing view,  or add the IF NOT EXISTS clause to tolerate pre-existing views.`, "TEMP_TABLE_OR_VIEW_ALREADY_EXISTS");
    this.createOrReplaceTempView(name);
  }

  // --- actions (async) ------------------------------------------------------------------------
  /** Internal rows of this (batch) DataFrame. */
  async rows(): Promise<InternalRow[]> {
    const session = this.sparkSession;
    return executePlan(this.plan, { shufflePartitions: session.shufflePartitions, timeZone: session.timeZone });
  }
  async collect(): Promise<Row[]> {
    return toExternalRows(this.plan.schema, await this.rows());
  }
  async count(): Promise<number> {
    return (await this.rows()).length;
  }
  async first(): Promise<Row | null> {
    const rows = await this.limit(1).collect();
    return rows[0] ?? null;
  }
  async head(n?: number): Promise<Row | Row[] | null> {
    return n === undefined ? this.first() : this.take(n);
  }
  /** The last `n` rows. */
  async tail(n: number): Promise<Row[]> {
    const rows = await this.collect();
    return n <= 0 ? [] : rows.slice(-n);
  }
  async take(n: number): Promise<Row[]> {
    return this.limit(n).collect();
  }
  async isEmpty(): Promise<boolean> {
    return (await this.limit(1).rows()).length === 0;
  }
  /** PySpark's `show(n=20, truncate=True, vertical=False)`; also `show({ n, truncate, vertical })`. */
  async show(n: number | ShowOptions = 20, truncate: boolean | number = true, vertical = false): Promise<void> {
    this.sparkSession.print((await this.showString(n, truncate, vertical)) + "\n");
  }
  async showString(n: number | ShowOptions = 20, truncate: boolean | number = true, vertical = false): Promise<string> {
    if (typeof n === "object") ({ n = 20, truncate = true, vertical = false } = n);
    if (typeof n !== "number" || !Number.isInteger(n)) throw new PySparkTypeError(`[NOT_INT] Argument \`n\` should be an int, got ${typeof n}.`);
    const width = truncate === true ? 20 : truncate === false ? 0 : Number(truncate);
    const rows = await this.limit(Math.max(0, n) + 1).rows();
    return this.sparkSession.inTimeZone(() => showString(this.plan.schema, rows, n, width, vertical));
  }
  /** Rows as JSON strings (PySpark's `df.toJSON().collect()`). */
  toJSON(): { collect(): Promise<string[]>; first(): Promise<string | null>; take(n: number): Promise<string[]> } {
    const w = jsonWriter(this.plan.schema);
    const df = this;
    return {
      collect: async () => { const rows = await df.rows(); return df.sparkSession.inTimeZone(() => rows.map((r) => w(r) as string)); },
      first: async () => { const r = await df.limit(1).rows(); return r.length ? df.sparkSession.inTimeZone(() => w(r[0]) as string) : null; },
      take: async (n: number) => { const rows = await df.limit(n).rows(); return df.sparkSession.inTimeZone(() => rows.map((r) => w(r) as string)); },
    };
  }
  async toLocalIterator(): Promise<Row[]> {
    return this.collect();
  }

  get write(): DataFrameWriter {
    if (this.isStreaming)
      throw new AnalysisException("The method `write` can not be called on streaming Dataset/DataFrame.", "CALL_ON_STREAMING_DATASET_UNSUPPORTED");
    return this.sparkSession.internals.newWriter(this);
  }
  get writeStream(): DataStreamWriter {
    if (!this.isStreaming) throw new AnalysisException("`writeStream` can be called only on streaming Dataset/DataFrame.", "WRITE_STREAM_NOT_ALLOWED");
    return this.sparkSession.internals.newStreamWriter(this);
  }

  toString(): string {
    return `DataFrame[${this.plan.schema.fields.map((f) => `${f.name}: ${f.dataType.simpleString()}`).join(", ")}]`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/**
 * `df` answering PySpark's attribute access: a property that is not a member and names a column
 * is `df.col(name)`; any other unknown name is PySpark's AttributeError. The object is still the
 * DataFrame (every member works as on `df`).
 */
export function withColumnAttributes(df: DataFrame): DataFrame {
  const proxy: DataFrame = new Proxy(df, {
    get(target, prop, receiver) {
      if (isMissingAttribute(target, prop)) {
        const names = target.plan.schema.fields.map((x) => x.name);
        if (names.includes(prop)) return target.col(prop);
        // PySpark's DataFrame.__getattr__: neither a member nor a column.
        throw attributeError("DataFrame", prop, [...names, ...memberNames(target)], proxy);
      }
      return Reflect.get(target, prop, receiver);
    },
  });
  return proxy;
}

const runningAction = new AsyncLocalStorage<string>();

/**
 * Runs `job` as the action PySpark calls `py4jMethod` (a writer's `parquet`, `save`): a task failure
 * inside, whatever DataFrame action it went through, becomes the Py4JJavaError naming that method.
 */
export function runAsAction<T>(py4jMethod: string, job: () => Promise<T>): Promise<T> {
  if (runningAction.getStore()) return job();
  return runningAction.run(py4jMethod, job).catch((e: unknown) => {
    throw e instanceof SparkTaskFailure ? e.asPy4J(py4jMethod) : e;
  });
}

/** The py4j method PySpark calls for each action (named in a Py4JJavaError when its job fails). */
const PY4J_METHOD = {
  rows: "collectToPython", collect: "collectToPython", count: "count", first: "collectToPython", head: "collectToPython",
  take: "collectToPython", isEmpty: "isEmpty", show: "showString", showString: "showString", toLocalIterator: "toPythonIterator",
} as const;

// Every action's promise is known to a running foreachBatch batch, awaited or not (batch-actions.ts).
for (const name of Object.keys(PY4J_METHOD) as Array<keyof typeof PY4J_METHOD>) {
  const proto = DataFrame.prototype as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  const action = proto[name];
  proto[name] = function (this: DataFrame, ...args: unknown[]) {
    // Only the outermost action (show, not the rows() it calls) names the failed job's method.
    return trackAction(runAsAction(PY4J_METHOD[name], () => action.apply(this, args)));
  };
}

/**
 * PySpark's `broadcast(df)`: marks a frame as small enough to send whole to every task of a join.
 * A hint for the physical planner; Iskra's joins already build a hash table of one side in
 * memory, so the frame is returned as it is and the result is the same as Spark's.
 */
export function broadcast(df: DataFrame): DataFrame {
  return df;
}

runMethodsInSessionZone(DataFrame, (df) => df.sparkSession);
