/**
 * `spark.sql(...)`: analysis/sql-planner.ts plans the statement; this file gives it the
 * session's temporary views and memory tables, `range`, and the PIVOT clause of api/pivot.ts.
 */
import { runTableStatement } from "./sql-tables";
import { runSetStatement } from "./sql-set";
import { planSql } from "../analysis/sql-planner";
import type { DataFrame } from "./dataframe";
import { sqlPivot } from "./pivot";
import type { SparkSession } from "./session";

export function runSql(session: SparkSession, query: string): DataFrame {
  const statement = runSetStatement(session, query) ?? runTableStatement(session, query);
  if (statement) return statement;
  const plan = planSql({
    relation: (name) => session.lookupTable(name)?.plan,
    hasView: (name) => session.catalog.has(name),
    createView: (name, view) => session.dataFrame(view).createOrReplaceTempView(name),
    dropView: (name) => session.catalog.dropTempView(name),
    range: (start, end, step) => session.range(start, end, step).plan,
    pivot: (input, p) => sqlPivot(session.dataFrame(input), p.aggregates, p.column, p.values),
  }, query);
  return session.dataFrame(plan);
}
