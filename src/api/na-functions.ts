/**
 * `df.na` (PySpark's DataFrameNaFunctions) and the `fillna`/`dropna` it backs: projections and
 * filters built from Column expressions, so they analyse, optimise and stream like any other.
 */
import { PySparkTypeError, PySparkValueError } from "../errors";
import { Column } from "../expr/column";
import { coalesce, col, lit, when } from "../expr/functions";
import { isNumeric, BOOLEAN, STRING, DataType } from "../types/data-types";
import type { DataFrame } from "./dataframe";

type FillValue = number | string | boolean;

/** Which columns a fill value applies to: numbers fill numeric columns, strings strings, booleans booleans. */
function accepts(t: DataType, v: FillValue): boolean {
  if (typeof v === "number") return isNumeric(t);
  if (typeof v === "string") return t === STRING;
  return t === BOOLEAN;
}

const quoted = (name: string): Column => col(/[.`]/.test(name) ? "`" + name.replace(/`/g, "``") + "`" : name);

export function fillna(df: DataFrame, value: FillValue | Record<string, FillValue>, subset?: string | string[]): DataFrame {
  const isMap = typeof value === "object" && value !== null;
  if (!isMap && !["number", "string", "boolean"].includes(typeof value))
    throw new PySparkTypeError(`[NOT_BOOL_OR_DICT_OR_FLOAT_OR_INT_OR_STR] Argument \`value\` should be a bool, dict, float, int or str, got ${typeof value}.`);
  const only = subset === undefined ? undefined : new Set((Array.isArray(subset) ? subset : [subset]).map((s) => s.toLowerCase()));
  const values = isMap ? new Map(Object.entries(value as Record<string, FillValue>).map(([k, v]) => [k.toLowerCase(), v])) : undefined;
  const exprs = df.schema.fields.map((f) => {
    const key = f.name.toLowerCase();
    const v = values ? values.get(key) : only && !only.has(key) ? undefined : (value as FillValue);
    if (v === undefined || !(values ? true : accepts(f.dataType, v))) return quoted(f.name);
    // Spark casts the fill value to the column's type (1.5 into an int column fills 1).
    return coalesce(quoted(f.name), lit(v).cast(f.dataType)).alias(f.name);
  });
  return df.select(...exprs);
}

export interface DropNaOptions { how?: "any" | "all"; thresh?: number; subset?: string | string[] }

export function dropna(df: DataFrame, how: "any" | "all" | DropNaOptions = "any", thresh?: number, subset?: string | string[]): DataFrame {
  if (typeof how === "object") ({ how = "any", thresh, subset } = { ...how, how: how.how ?? "any" });
  if (how !== "any" && how !== "all") throw new PySparkValueError(`[VALUE_NOT_ANY_OR_ALL] Value for \`how\` must be 'any' or 'all', got '${how}'.`);
  const names = subset === undefined ? df.columns : Array.isArray(subset) ? subset : [subset];
  const min = thresh ?? (how === "any" ? names.length : 1);
  // The number of non-null values among the columns, as Spark's AtLeastNNonNulls.
  const nonNull = names.map((n) => when(quoted(n).isNotNull(), 1).otherwise(0)).reduce<Column>((a, b) => a.plus(b), lit(0));
  return df.filter(nonNull.geq(min));
}

export class DataFrameNaFunctions {
  constructor(private readonly df: DataFrame) {}
  fill(value: FillValue | Record<string, FillValue>, subset?: string | string[]): DataFrame {
    return fillna(this.df, value, subset);
  }
  drop(how: "any" | "all" | DropNaOptions = "any", thresh?: number, subset?: string | string[]): DataFrame {
    return dropna(this.df, how, thresh, subset);
  }
}
