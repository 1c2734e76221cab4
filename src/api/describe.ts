/**
 * `describe(*cols)` and `summary(*statistics)`: statistics of numeric and string columns as a
 * DataFrame of strings, computed as Spark's aggregates compute them (count of non-nulls, avg,
 * stddev_samp by the central-moment update, min/max, percentile_approx exact on small data).
 */
import { castFunction, compareValues, valueToString } from "../execution/values";
import type { InternalRow } from "../connector-api/source";
import { DOUBLE, DataType, STRING, StructFieldClass, StructTypeClass, isNumeric } from "../types/data-types";
import type { DataFrame } from "./dataframe";
import { deferred, rowsOf } from "./set-operations";
import { PySparkValueError } from "../errors";

const DEFAULT_STATS = ["count", "mean", "stddev", "min", "25%", "50%", "75%", "max"];

interface Moments { n: number; avg: number; m2: number }

/**
 * Spark's CentralMomentAgg: an update per value within each input partition, then the partial
 * buffers merged. The rows are split as local[2] parallelizes a local collection (two slices), so
 * the last digits of stddev agree with PySpark's for createDataFrame input.
 */
function moments(values: Array<number | null>, slices = 2): Moments {
  const update = (b: Moments, x: number): Moments => { const n = b.n + 1, d = x - b.avg, dn = d / n; return { n, avg: b.avg + dn, m2: b.m2 + d * (d - dn) }; };
  const merge = (a: Moments, b: Moments): Moments => {
    const n = a.n + b.n, d = b.avg - a.avg, dn = n === 0 ? 0 : d / n;
    return { n, avg: a.avg + dn * b.n, m2: a.m2 + b.m2 + d * dn * a.n * b.n };
  };
  let out: Moments = { n: 0, avg: 0, m2: 0 };
  for (let i = 0; i < slices; i++) {
    const part = values.slice(Math.floor((i * values.length) / slices), Math.floor(((i + 1) * values.length) / slices));
    out = merge(out, part.reduce<Moments>((b, x) => (x === null ? b : update(b, x)), { n: 0, avg: 0, m2: 0 }));
  }
  return out;
}

function statistic(stat: string, values: unknown[], t: DataType): string | null {
  const present = values.filter((v) => v !== null);
  const asDouble = castFunction(t, DOUBLE);
  const nums = () => present.map((v) => asDouble(v) as number | null).filter((v): v is number => v !== null);
  switch (stat) {
    case "count": return String(present.length);
    case "mean": { const xs = nums(); return xs.length ? valueToString(xs.reduce((a, b) => a + b, 0) / xs.length, DOUBLE) : null; }
    case "stddev": {
      const m = moments(values.map((v) => (v === null ? null : (asDouble(v) as number | null))));
      return m.n < 2 ? null : valueToString(Math.sqrt(m.m2 / (m.n - 1)), DOUBLE);
    }
    case "min": case "max": {
      if (!present.length) return null;
      const v = present.reduce((a, b) => ((stat === "min" ? compareValues(b, a) < 0 : compareValues(b, a) > 0) ? b : a));
      return valueToString(v, t);
    }
  }
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(stat);
  if (pct) {
    if (!isNumeric(t) || !present.length) return null;
    const sorted = [...present].sort(compareValues);
    const rank = Math.max(1, Math.ceil((Number(pct[1]) / 100) * sorted.length));
    return valueToString(sorted[Math.min(rank, sorted.length) - 1], t);
  }
  throw new PySparkValueError(`${stat} is not a recognised statistic.`);
}

export function describePlan(df: DataFrame, cols: string[], stats: string[] = DEFAULT_STATS.filter((s) => !s.endsWith("%"))) {
  const fields = df.schema.fields
    .map((f, i) => ({ f, i }))
    .filter(({ f }) => (cols.length ? cols.some((c) => c.toLowerCase() === f.name.toLowerCase()) : isNumeric(f.dataType) || f.dataType === STRING));
  const schema = new StructTypeClass([new StructFieldClass("summary", STRING, true), ...fields.map(({ f }) => new StructFieldClass(f.name, STRING, true))]);
  return deferred(schema, "describe", async () => {
    const rows = await rowsOf(df);
    return stats.map((s): InternalRow => [s, ...fields.map(({ f, i }) => statistic(s, rows.map((r) => r[i]), f.dataType))]);
  });
}

export const summaryPlan = (df: DataFrame, stats: string[]) => describePlan(df, [], stats.length ? stats : DEFAULT_STATS);
