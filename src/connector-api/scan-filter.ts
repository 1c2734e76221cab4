/**
 * What a scan is told about the query above it (Spark's requiredSchema and pushed-down Filters):
 * the columns it must produce and simple predicates it may use to skip data (a Parquet row group
 * whose statistics rule a predicate out). Skipping is an optimisation only: the plan still
 * filters every row, so a source may ignore any of it.
 */
export type ScanFilter =
  | { op: "=" | "<" | "<=" | ">" | ">="; column: string; value: number | string | boolean }
  | { op: "in"; column: string; values: Array<number | string | boolean> }
  | { op: "isNull" | "isNotNull"; column: string };

export interface ScanHints {
  /** Names of the relation's columns read above it; undefined means all. */
  columns?: ReadonlySet<string>;
  /** Conjuncts that hold for every row the query keeps. */
  filters?: readonly ScanFilter[];
}
