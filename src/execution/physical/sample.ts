/**
 * Spark's SampleExec. Without replacement: per input partition a BernoulliCellSampler whose
 * XORShiftRandom is seeded with seed + partition index, keeping a row when nextDouble() falls in
 * [lowerBound, upperBound). With replacement: PartitionwiseSampledRDD draws each partition's seed
 * from java.util.Random(seed).nextLong(), and a PoissonSampler (Well19937c) repeats each row.
 * The partition of a row is the input partition its scan reports (a local relation is sliced as
 * local[2] parallelizes it); elsewhere everything is partition 0.
 */
import type { InternalRow } from "../../connector-api/source";
import type { LogicalPlan } from "../../plan/logical-plan";
import { compareValues } from "../../values/values";
import { JavaRandom, Well19937c, XORShiftRandom, poissonSample } from "../random";
import type { Emit, ExecContext, PhysicalOperator } from "./operator";

type Sampler = (row: InternalRow, emit: Emit) => void;

export class SampleExec implements PhysicalOperator {
  readonly children: PhysicalOperator[];
  constructor(readonly logical: LogicalPlan & { kind: "Sample" }, readonly child: PhysicalOperator) {
    this.children = [child];
  }

  private sampler(partition: number): Sampler {
    const p = this.logical;
    const fraction = p.upperBound - p.lowerBound;
    if (p.withReplacement) {
      if (fraction <= 0) return () => {};
      const seeds = new JavaRandom(p.seed);
      let seed = seeds.nextLong();
      for (let i = 0; i < partition; i++) seed = seeds.nextLong();
      const rng = new Well19937c(seed);
      return (row, emit) => { for (let n = poissonSample(rng, fraction); n > 0; n--) emit(row); };
    }
    if (fraction <= 0) return () => {};
    const rng = new XORShiftRandom(p.seed + BigInt(partition));
    const { lowerBound: lb, upperBound: ub } = p;
    return (row, emit) => { const x = rng.nextDouble(); if (x >= lb && x < ub) emit(row); };
  }

  execute(env: ExecContext, emit: Emit): void {
    const part = env.partition;
    let current = -1;
    let sample: Sampler = () => {};
    if (!this.logical.sortWithinPartitions) {
      this.child.execute(env, (row) => {
        const idx = part?.current ?? 0;
        if (idx !== current) { current = idx; sample = this.sampler(idx); }
        sample(row, emit);
      });
      return;
    }
    // randomSplit: each partition sorted by every column (ascending, nulls first) before sampling.
    const partitions = new Map<number, InternalRow[]>();
    this.child.execute(env, (row) => {
      const idx = part?.current ?? 0;
      let rows = partitions.get(idx);
      if (!rows) partitions.set(idx, (rows = []));
      rows.push(row);
    });
    const width = this.logical.schema.fields.length;
    const byAll = (a: InternalRow, b: InternalRow): number => {
      for (let i = 0; i < width; i++) { const c = compareValues(a[i], b[i]); if (c !== 0) return c; }
      return 0;
    };
    for (const [idx, rows] of [...partitions].sort((a, b) => a[0] - b[0])) {
      const s = this.sampler(idx);
      for (const r of rows.sort(byAll)) s(r, emit);
    }
  }

  simpleString(): string {
    const p = this.logical;
    return `Sample ${p.lowerBound}, ${p.upperBound}, ${p.withReplacement}, ${p.seed}`;
  }
}
