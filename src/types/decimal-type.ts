/**
 * Spark's DecimalType(precision, scale). Runtime values are JS numbers already rounded to the
 * scale (HALF_UP) and within the precision (else null, Spark's non-ANSI overflow); show() and
 * CAST(... AS STRING) print them with exactly `scale` digits, as Spark's BigDecimal.toPlainString.
 * Contract/limit: exact while the digits fit a double (precision <= 15); wider decimals are approximate.
 */
import { DataType } from "./data-type";

export class DecimalTypeClass extends DataType {
  constructor(readonly precision = 10, readonly scale = 0) {
    super();
  }
  get typeName(): string {
    return `decimal(${this.precision},${this.scale})`;
  }
  simpleString(): string {
    return this.typeName;
  }
  override toString(): string {
    return `DecimalType(${this.precision}, ${this.scale})`;
  }
}

/** PySpark's DecimalType(precision=10, scale=0). */
export const DecimalType = (precision = 10, scale = 0): DecimalTypeClass => new DecimalTypeClass(precision, scale);

/** x × 10^k through the decimal text, so no binary noise is added (1e-7 × 10^2 is 1e-5, not NaN). */
function shift(x: number, k: number): number {
  const [m, e] = x.toExponential().split("e");
  return Number(`${m}e${+e + k}`);
}

/** HALF_UP rounding to `scale` digits (on the decimal text, so 2.675 -> 2.68 as BigDecimal does for that literal). */
export function roundHalfUp(v: number, scale: number): number {
  if (!Number.isFinite(v)) return v;
  const r = Number(Math.abs(v).toPrecision(15)); // drop binary noise (0.30000000000000004 -> 0.3)
  const rounded = shift(Math.round(shift(r, scale)), -scale);
  return v < 0 ? -rounded : rounded;
}

/** A value cast to the decimal type: rounded HALF_UP, null when it does not fit the precision. */
export function toDecimal(v: number, t: DecimalTypeClass): number | null {
  if (!Number.isFinite(v)) return null;
  const r = roundHalfUp(v, t.scale);
  return Math.abs(r) >= 10 ** (t.precision - t.scale) ? null : r === 0 ? 0 : r;
}

/** BigDecimal.toPlainString of a decimal value: exactly `scale` fraction digits. */
export function formatDecimal(v: number, t: DecimalTypeClass): string {
  return v.toFixed(t.scale);
}
