/**
 * pyspark.sql.Window and WindowSpec, and the window functions of pyspark.sql.functions
 * (row_number, rank, dense_rank, percent_rank, cume_dist, ntile, lag, lead, nth_value).
 * `col.over(w)` (column.ts) wraps a function or aggregate in a window expression.
 */
import { PySparkTypeError } from "../errors";
import { Column, ColumnOrName, literalExpr, toColumnExpr } from "./column";
import { Expr, WindowBound, WindowSpecExpr } from "./expression";

type Cols = Array<ColumnOrName | ColumnOrName[]>;
const flat = (cols: Cols): Expr[] => cols.flatMap((c) => (Array.isArray(c) ? c : [c])).map(toColumnExpr);

/** PySpark's thresholds: bounds at or beyond ±(2^63 - 1) … are unbounded (Window._PRECEDING_THRESHOLD). */
const UNBOUNDED = 9223372036854775807;

function bound(v: number, which: "start" | "end"): WindowBound {
  if (typeof v !== "number" || Number.isNaN(v))
    throw new PySparkTypeError(`[NOT_INT] Argument \`${which}\` should be an int, got ${typeof v}.`, "NOT_INT");
  if (v <= -UNBOUNDED) return "unboundedPreceding";
  if (v >= UNBOUNDED) return "unboundedFollowing";
  if (v === 0) return "currentRow";
  return v;
}

/** A window: partitioning, ordering and frame. Immutable; every method returns a new spec. */
export class WindowSpec {
  constructor(readonly spec: WindowSpecExpr = { partitionBy: [], orderBy: [] }) {}
  partitionBy(...cols: Cols): WindowSpec {
    return new WindowSpec({ ...this.spec, partitionBy: flat(cols) });
  }
  orderBy(...cols: Cols): WindowSpec {
    return new WindowSpec({ ...this.spec, orderBy: flat(cols) });
  }
  rowsBetween(start: number, end: number): WindowSpec {
    return new WindowSpec({ ...this.spec, frame: { type: "rows", lower: bound(start, "start"), upper: bound(end, "end") } });
  }
  rangeBetween(start: number, end: number): WindowSpec {
    return new WindowSpec({ ...this.spec, frame: { type: "range", lower: bound(start, "start"), upper: bound(end, "end") } });
  }
}

/** `Window.partitionBy("k").orderBy("t").rowsBetween(Window.unboundedPreceding, Window.currentRow)`. */
export const Window = {
  unboundedPreceding: -UNBOUNDED,
  unboundedFollowing: UNBOUNDED,
  currentRow: 0,
  partitionBy: (...cols: Cols): WindowSpec => new WindowSpec().partitionBy(...cols),
  orderBy: (...cols: Cols): WindowSpec => new WindowSpec().orderBy(...cols),
  rowsBetween: (start: number, end: number): WindowSpec => new WindowSpec().rowsBetween(start, end),
  rangeBetween: (start: number, end: number): WindowSpec => new WindowSpec().rangeBetween(start, end),
};

const call = (name: string, ...args: Expr[]): Column => new Column({ kind: "call", name, args });

export const row_number = (): Column => call("row_number");
export const rank = (): Column => call("rank");
export const dense_rank = (): Column => call("dense_rank");
export const percent_rank = (): Column => call("percent_rank");
export const cume_dist = (): Column => call("cume_dist");
export const ntile = (n: number): Column => call("ntile", literalExpr(n));
/** `lag(col, offset=1, default=None)`: the value `offset` rows before, in the window's order. */
export const lag = (x: ColumnOrName, offset = 1, defaultValue: unknown = null): Column =>
  call("lag", toColumnExpr(x), literalExpr(offset), defaultValue instanceof Column ? defaultValue.expr : literalExpr(defaultValue));
export const lead = (x: ColumnOrName, offset = 1, defaultValue: unknown = null): Column =>
  call("lead", toColumnExpr(x), literalExpr(offset), defaultValue instanceof Column ? defaultValue.expr : literalExpr(defaultValue));
export const nth_value = (x: ColumnOrName, offset: number, ignoreNulls = false): Column =>
  call("nth_value", toColumnExpr(x), literalExpr(offset), literalExpr(ignoreNulls));
