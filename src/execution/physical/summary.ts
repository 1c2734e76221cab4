/**
 * describe()/summary(): statistics of the chosen columns as strings, computed as Spark's
 * aggregates compute them — count of non-nulls, avg, stddev_samp by the central-moment update
 * within each input partition and then the partitions' buffers merged (so the last digits agree
 * with PySpark's), min/max, percentile_approx (exact on small data).
 */
import { PySparkValueError } from "../../errors";
import type { InternalRow } from "../../connector-api/source";
import type { LogicalPlan } from "../../plan/logical-plan";
import { DOUBLE, DataType, isNumeric } from "../../types/data-types";
import { castFunction, compareValues, valueToString } from "../../values/values";
import type { Emit, ExecContext, PhysicalOperator } from "./operator";

interface Moments { n: number; avg: number; m2: number }

const update = (b: Moments, x: number): Moments => { const n = b.n + 1, d = x - b.avg, dn = d / n; return { n, avg: b.avg + dn, m2: b.m2 + d * (d - dn) }; };
const merge = (a: Moments, b: Moments): Moments => {
  const n = a.n + b.n, d = b.avg - a.avg, dn = n === 0 ? 0 : d / n;
  return { n, avg: a.avg + dn * b.n, m2: a.m2 + b.m2 + d * dn * a.n * b.n };
};

/** The column's values, by input partition. */
type Partitioned = Array<{ partition: number; value: unknown }>;

function statistic(stat: string, cells: Partitioned, t: DataType): string | null {
  const values = cells.map((c) => c.value);
  const present = values.filter((v) => v !== null);
  const asDouble = castFunction(t, DOUBLE);
  const nums = () => present.map((v) => asDouble(v) as number | null).filter((v): v is number => v !== null);
  switch (stat) {
    case "count": return String(present.length);
    case "mean": { const xs = nums(); return xs.length ? valueToString(xs.reduce((a, b) => a + b, 0) / xs.length, DOUBLE) : null; }
    case "stddev": {
      const parts = new Map<number, Moments>();
      for (const c of cells) {
        const x = c.value === null ? null : (asDouble(c.value) as number | null);
        const b = parts.get(c.partition) ?? { n: 0, avg: 0, m2: 0 };
        parts.set(c.partition, x === null ? b : update(b, x));
      }
      const m = [...parts].sort((a, b) => a[0] - b[0]).reduce<Moments>((acc, [, b]) => merge(acc, b), { n: 0, avg: 0, m2: 0 });
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

export class SummaryExec implements PhysicalOperator {
  readonly children: PhysicalOperator[];
  constructor(readonly logical: LogicalPlan & { kind: "Summary" }, readonly child: PhysicalOperator) {
    this.children = [child];
  }

  execute(env: ExecContext, emit: Emit): void {
    const { columns, statistics, child } = this.logical;
    const cells: Partitioned[] = columns.map(() => []);
    this.child.execute(env, (r) => {
      const partition = env.partition?.current ?? 0;
      columns.forEach((c, j) => cells[j].push({ partition, value: r[c] }));
    });
    for (const s of statistics) {
      const row: InternalRow = [s, ...columns.map((c, j) => statistic(s, cells[j], child.schema.fields[c].dataType))];
      emit(row);
    }
  }

  simpleString(): string {
    return `Summary [${this.logical.statistics.join(", ")}], [${this.logical.schema.names.slice(1).join(", ")}]`;
  }
}
