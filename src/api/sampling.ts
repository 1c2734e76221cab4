/**
 * `df.sample(...)` and `df.randomSplit(weights, seed)` as PySpark takes their arguments and Spark
 * plans them (a Sample node; randomSplit: one per weight range, over each partition sorted).
 * Deterministic given the seed wherever the input partitions are Spark's: createDataFrame and
 * range under local[2] (see execution/physical/sample.ts).
 */
import { IllegalArgumentException, PySparkTypeError } from "../errors";
import { LogicalPlan, newPlanId } from "../plan/logical-plan";
import type { DataFrame } from "./dataframe";

export interface SampleOptions {
  withReplacement?: boolean;
  fraction: number;
  seed?: number | bigint;
}

const randomSeed = (): bigint => BigInt.asIntN(64, BigInt(Math.floor(Math.random() * 2 ** 53)) * 1021n);

function samplePlan(child: LogicalPlan, lowerBound: number, upperBound: number, withReplacement: boolean, seed: bigint, sortWithinPartitions = false): LogicalPlan {
  const eps = 1e-6; // RandomSampler.roundingEpsilon
  const fraction = upperBound - lowerBound;
  const shown = String(fraction);
  if (withReplacement && !(fraction >= -eps))
    throw new IllegalArgumentException(`requirement failed: Sampling fraction (${shown}) must be nonnegative with replacement`);
  if (!withReplacement && !(fraction >= -eps && fraction <= 1 + eps))
    throw new IllegalArgumentException(`requirement failed: Sampling fraction (${shown}) must be on interval [0, 1] without replacement`);
  return { kind: "Sample", id: newPlanId(), child, lowerBound, upperBound, withReplacement, seed, sortWithinPartitions: sortWithinPartitions || undefined, schema: child.schema, streaming: child.streaming };
}

/** PySpark's forms: sample(fraction[, seed]), sample(withReplacement, fraction[, seed]), sample({ fraction, seed, withReplacement }). */
export function sample(df: DataFrame, a?: boolean | number | SampleOptions, b?: number, c?: number | bigint): LogicalPlan {
  let o: SampleOptions;
  if (typeof a === "object" && a !== null) o = a;
  else if (typeof a === "boolean" && typeof b === "number") o = { withReplacement: a, fraction: b, seed: c };
  else if (typeof a === "number") o = { fraction: a, seed: b };
  else if ((a === undefined || a === null) && typeof b === "number") o = { fraction: b, seed: c }; // sample(fraction=…, seed=…)
  else {
    const t = (x: unknown) => (x === undefined || x === null ? "NoneType" : typeof x === "boolean" ? "bool" : typeof x === "number" ? (Number.isInteger(x) ? "int" : "float") : typeof x);
    throw new PySparkTypeError(`[NOT_BOOL_OR_FLOAT_OR_INT] Argument \`withReplacement (optional), fraction (required) and seed (optional)\` should be a bool, float and int, got ${t(a)}, ${t(b)}, ${t(c)}.`, "NOT_BOOL_OR_FLOAT_OR_INT");
  }
  const seed = o.seed === undefined || o.seed === null ? randomSeed() : BigInt(o.seed);
  return samplePlan(df.plan, 0, o.fraction, !!o.withReplacement, seed);
}

/** The weights normalised to cumulative ranges, one Sample per range over the partitions sorted by every column. */
export function randomSplit(df: DataFrame, weights: number[], seed?: number | bigint): LogicalPlan[] {
  for (const w of weights)
    if (w < 0) throw new IllegalArgumentException(`requirement failed: Weights must be nonnegative, but got [${weights.join(",")}]`);
  const total = weights.reduce((x, y) => x + y, 0);
  if (!(total > 0)) throw new IllegalArgumentException(`requirement failed: Sum of weights must be positive, but got [${weights.join(",")}]`);
  const cum = [0];
  for (const w of weights) cum.push(cum[cum.length - 1] + w / total);
  const s = seed === undefined ? randomSeed() : BigInt(seed);
  return weights.map((_, i) => samplePlan(df.plan, cum[i], cum[i + 1], false, s, true));
}
