/**
 * `unpivot`/`melt`: wide to long as Spark's Expand does it, written as
 * explode(array(struct(name, value) …)) so it streams and keeps each input row's order.
 */
import { commonType } from "../analysis/function-catalog";
import { ColumnOrName } from "../expr/column";
import { array, col, explode, lit, struct } from "../expr/functions";
import type { DataFrame } from "./dataframe";

const list = (x: ColumnOrName | ColumnOrName[] | undefined): ColumnOrName[] | undefined => (x === undefined ? undefined : Array.isArray(x) ? x : [x]);
const nameOf = (c: ColumnOrName): string => (typeof c === "string" ? c : c.expr.kind === "attr" ? c.expr.parts[c.expr.parts.length - 1] : String(c));

export function unpivot(df: DataFrame, ids: ColumnOrName | ColumnOrName[], values: ColumnOrName | ColumnOrName[] | undefined, variable: string, value: string): DataFrame {
  const idCols = list(ids)!;
  const idNames = new Set(idCols.map((c) => nameOf(c).toLowerCase()));
  const valueCols = list(values) ?? df.columns.filter((n) => !idNames.has(n.toLowerCase()));
  const types = valueCols.map((c) => df.select(c).schema.fields[0].dataType);
  const t = commonType(types, "unpivot");
  const pairs = valueCols.map((c) => struct(lit(nameOf(c)).alias(variable), (typeof c === "string" ? col(c) : c).cast(t).alias(value)));
  const tmp = "__unpivot";
  return df.select(...idCols, explode(array(...pairs)).alias(tmp)).select(...idCols.map((c) => (typeof c === "string" ? col(c) : c)), col(`${tmp}.${variable}`), col(`${tmp}.${value}`));
}

