/** Evaluators of the decimal family (analysis/catalog-decimal.ts, analysis/decimal-arithmetic.ts). */
import { Resolved } from "../plan/resolved";
import type { InternalRow } from "../connector-api/source";
import { longValue } from "../values/values";

type Evaluator = (row: InternalRow) => unknown;
type Fn = Resolved & { kind: "fn" };
type Maker = (r: Fn, args: Evaluator[]) => Evaluator;

const strict2 = (a: Evaluator, b: Evaluator, f: (x: number, y: number) => unknown): Evaluator => (row) => {
  const x = a(row);
  if (x === null) return null;
  const y = b(row);
  return y === null ? null : f(Number(x), Number(y));
};

/** x * 10^scale without binary noise (1.25 * 10 -> 12.5, not 12.499999). */
const shift = (x: number, scale: number): number => Number(`${Number(x.toPrecision(15))}e${scale}`);

export const DECIMAL_EVALUATORS: Record<string, Maker> = {
  integral_divide: (_r, [a, b]) => strict2(a, b, (x, y) => (y === 0 ? null : longValue(BigInt(Math.trunc(x / y))))),
  ceil_scale: (r, [a]) => (row) => { const x = a(row); return x === null ? null : Number(`${Math.ceil(shift(Number(x), r.params.scale))}e${-r.params.scale}`); },
  floor_scale: (r, [a]) => (row) => { const x = a(row); return x === null ? null : Number(`${Math.floor(shift(Number(x), r.params.scale))}e${-r.params.scale}`); },
};
