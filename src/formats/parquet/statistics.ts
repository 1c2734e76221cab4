/**
 * Row-group skipping on column statistics (Spark's Parquet filter pushdown): a row group is read
 * unless its min/max/null count prove that a pushed-down conjunct holds for none of its rows.
 * Only top-level primitive columns with exact min_value/max_value take part; anything unsure reads.
 */
import type { FileMetaData, RowGroup } from "hyparquet";
import type { ScanFilter } from "../../connector-api/scan-filter";

type Scalar = number | string | boolean;

function scalar(v: unknown): Scalar | undefined {
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "number") return Number.isNaN(v) ? undefined : v;
  if (typeof v === "string" || typeof v === "boolean") return v;
  return undefined;
}

function comparable(a: Scalar, b: Scalar): boolean {
  return typeof a === typeof b;
}

export function rowGroupMayMatch(g: RowGroup, _md: FileMetaData, filters: readonly ScanFilter[]): boolean {
  const rows = Number(g.num_rows);
  for (const f of filters) {
    const chunk = g.columns.find((c) => c.meta_data?.path_in_schema.length === 1 && c.meta_data.path_in_schema[0] === f.column);
    const s = chunk?.meta_data?.statistics;
    if (!s) continue;
    const nulls = s.null_count === undefined ? undefined : Number(s.null_count);
    if (f.op === "isNull" || f.op === "isNotNull") {
      if (f.op === "isNull" ? nulls === 0 : nulls === rows) return false;
      continue;
    }
    if (nulls === rows) return false; // only nulls: no comparison is true
    const min = scalar(s.min_value), max = scalar(s.max_value);
    if (min === undefined || max === undefined) continue;
    if (f.op === "in") {
      if (f.values.every((v) => comparable(v, min)) && !f.values.some((v) => v >= min && v <= max)) return false;
      continue;
    }
    const v = (f as { value: Scalar }).value;
    if (!comparable(v, min)) continue;
    const holdsSomewhere = f.op === "=" ? v >= min && v <= max : f.op === "<" ? min < v : f.op === "<=" ? min <= v : f.op === ">" ? max > v : max >= v;
    if (!holdsSomewhere) return false;
  }
  return true;
}
