/**
 * GroupedData: what `df.groupBy(...)`, `df.rollup(...)` and `df.cube(...)` return (`sets`: the
 * grouping sets, indices into the grouping columns), and `pivot(...)` of a groupBy; `agg`,
 * `count`, `sum`, `avg`, `min`, `max`.
 */
import { runMethodsInSessionZone } from "./session-zone";
import * as A from "../analysis/plan-builders";
import { AnalysisException, UnsupportedOperationException } from "../errors";
import { Column, ColumnOrName, toColumnExpr } from "../expr/column";
import { Expr } from "../expr/expression";
import { INTEGER, isNumeric } from "../types/data-types";
import type { DataFrame } from "./dataframe";
import { PivotSpec, pivotPlan, pivotSpec } from "./pivot";

export class GroupedData {
  constructor(
    private readonly df: DataFrame,
    private readonly groupBy: Expr[],
    private readonly sets?: number[][],
    private readonly pivoted?: PivotSpec,
  ) {
    // Spark resolves the grouping columns right away: a wrong name fails on this line.
    if (!pivoted) A.aggregate(df.plan, groupBy, [], true, sets);
  }

  private make(aggs: Expr[]): DataFrame {
    const plan = this.pivoted ? pivotPlan(this.df, this.groupBy, this.pivoted, aggs) : A.aggregate(this.df.plan, this.groupBy, aggs, true, this.sets);
    return new (this.df.constructor as any)(this.df.sparkSession, plan);
  }

  /** One output column per value of `pivotCol` (and aggregate); `values` as written, or the sorted distinct values found now. */
  pivot(pivotCol: ColumnOrName, values?: unknown[]): GroupedData {
    if (this.pivoted) throw new UnsupportedOperationException("The PIVOT clause may be used at most once per SUBQUERY operation.", "REPEATED_CLAUSE");
    if (this.sets)
      throw new UnsupportedOperationException("The feature is not supported: PIVOT clause following a GROUP BY clause. Consider pushing the GROUP BY into a subquery.", "UNSUPPORTED_FEATURE.PIVOT_AFTER_GROUP_BY");
    return new GroupedData(this.df, this.groupBy, undefined, pivotSpec(this.df, toColumnExpr(pivotCol), values));
  }

  /** `agg(count("*").alias("n"), ...)` or `agg({ score: "max" })`. */
  agg(...exprs: Array<Column | Record<string, string>>): DataFrame {
    if (exprs.length === 0) throw new AnalysisException("agg() requires at least one aggregate expression.");
    const list: Expr[] = [];
    for (const e of exprs) {
      if (e instanceof Column) list.push(e.expr);
      else for (const [col, fn] of Object.entries(e)) {
        const name = fn.toLowerCase() === "mean" ? "avg" : fn.toLowerCase();
        list.push({ kind: "call", name, args: [col === "*" ? { kind: "literal", value: 1, dataType: INTEGER } : { kind: "attr", parts: [col] }] });
      }
    }
    return this.make(list);
  }

  count(): DataFrame {
    return this.make([{ kind: "alias", child: { kind: "call", name: "count", args: [{ kind: "literal", value: 1, dataType: INTEGER }] }, name: "count" }]);
  }

  private numeric(fn: string, cols: string[]): DataFrame {
    const fields = this.df.schema.fields;
    // Without column names: every numeric column, the grouping ones included (as Spark does).
    const targets = cols.length ? cols : fields.filter((f) => isNumeric(f.dataType)).map((f) => f.name);
    for (const c of targets) {
      const f = fields.find((x) => x.name.toLowerCase() === c.toLowerCase());
      if (!f) throw A.scopeOf(this.df.plan).unresolved(c);
      if (!isNumeric(f.dataType))
        throw new AnalysisException(`"${c}" is not a numeric column. Aggregation function can only be applied on a numeric column.`, "_LEGACY_ERROR_TEMP_1323");
    }
    return this.make(targets.map((c) => ({ kind: "call", name: fn, args: [{ kind: "attr", parts: [c] }] })));
  }
  sum(...cols: string[]): DataFrame { return this.numeric("sum", cols); }
  avg(...cols: string[]): DataFrame { return this.numeric("avg", cols); }
  mean(...cols: string[]): DataFrame { return this.numeric("avg", cols); }
  min(...cols: string[]): DataFrame { return this.numeric("min", cols); }
  max(...cols: string[]): DataFrame { return this.numeric("max", cols); }
}

runMethodsInSessionZone(GroupedData, (g) => (g as unknown as { df: DataFrame }).df.sparkSession);
