/**
 * Batch operations computed over the whole input when an action runs: EXCEPT/INTERSECT (ALL and
 * DISTINCT), offset and describe/summary. Each is a DeferredRelation whose `load` runs the input
 * plans, so the DataFrame stays lazy and re-reads its sources on every action, as Spark's does.
 * The DISTINCT forms end in the engine's Distinct, which gives Spark's hash-aggregate row order.
 */
import * as A from "../analysis/analyzer";
import { AnalysisException } from "../errors";
import { executePlan } from "../execution/executor";
import { valueKey } from "../execution/values";
import { LogicalPlan, newPlanId } from "../plan/logical-plan";
import type { InternalRow } from "../connector-api/source";
import { StructTypeClass } from "../types/data-types";
import type { DataFrame } from "./dataframe";

const rowKey = (r: InternalRow): string => valueKey(r as unknown[]);

export function rowsOf(df: DataFrame, plan: LogicalPlan = df.plan): Promise<InternalRow[]> {
  const s = df.sparkSession;
  return executePlan(plan, { shufflePartitions: s.shufflePartitions, timeZone: s.timeZone });
}

/** A lazily computed relation with `schema`. */
export function deferred(schema: StructTypeClass, description: string, load: () => Promise<InternalRow[]>): LogicalPlan {
  return { kind: "DeferredRelation", id: newPlanId(), schema, description, load, streaming: false };
}

function batchOnly(df: DataFrame, op: string): void {
  if (df.isStreaming) throw new AnalysisException(`${op} is not supported on streaming DataFrames/Datasets.`, "UNSUPPORTED_FEATURE");
}

function counts(rows: InternalRow[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rows) { const k = rowKey(r); m.set(k, (m.get(k) ?? 0) + 1); }
  return m;
}

type Keep = (inLeft: number, inRight: number) => number;

/** ALL forms: each distinct left row repeated `keep(left count, right count)` times. */
function setAll(left: DataFrame, right: DataFrame, op: string, keep: Keep): LogicalPlan {
  batchOnly(left, op);
  const schema = A.union(left.plan, right.plan).schema; // Spark's checks: column count, types
  return deferred(schema, op, async () => {
    const [l, r, order] = await Promise.all([rowsOf(left), rowsOf(right), rowsOf(left, A.distinct(left.plan))]);
    const lc = counts(l), rc = counts(r);
    const out: InternalRow[] = [];
    for (const row of order) { const k = rowKey(row); for (let i = keep(lc.get(k) ?? 0, rc.get(k) ?? 0); i > 0; i--) out.push(row); }
    return out;
  });
}

/** DISTINCT forms: the left rows found (or not found) in the right, then Distinct. */
function setDistinct(left: DataFrame, right: DataFrame, op: string, found: boolean): LogicalPlan {
  batchOnly(left, op);
  const schema = A.union(left.plan, right.plan).schema;
  const semi = deferred(schema, op, async () => {
    const [l, r] = await Promise.all([rowsOf(left), rowsOf(right)]);
    const inRight = new Set(r.map(rowKey));
    return l.filter((row) => inRight.has(rowKey(row)) === found);
  });
  return A.distinct(semi);
}

export const exceptAll = (l: DataFrame, r: DataFrame): LogicalPlan => setAll(l, r, "exceptAll", (a, b) => a - b);
export const intersectAll = (l: DataFrame, r: DataFrame): LogicalPlan => setAll(l, r, "intersectAll", (a, b) => Math.min(a, b));
export const intersect = (l: DataFrame, r: DataFrame): LogicalPlan => setDistinct(l, r, "intersect", true);
export const subtract = (l: DataFrame, r: DataFrame): LogicalPlan => setDistinct(l, r, "subtract", false);

export function offset(df: DataFrame, n: number): LogicalPlan {
  batchOnly(df, "offset");
  return deferred(df.schema, `offset ${n}`, async () => (await rowsOf(df)).slice(Math.max(0, n)));
}
