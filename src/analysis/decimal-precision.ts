/**
 * Spark's DecimalPrecision rules (spark.sql.decimalOperations.allowPrecisionLoss = true, the default):
 * the result type of + - * / % over decimals, integral operands as their decimal form
 * (an integer literal with its own digits), and the wider type of two decimals.
 */
import { BYTE, DataType, DecimalType, DecimalTypeClass, INTEGER, LONG, SHORT } from "../types/data-types";

const MAX = 38;

/** The decimal an integral type converts to (DecimalType.forType); a literal takes just its digits. */
export function asDecimal(t: DataType, literal?: unknown): DecimalTypeClass | undefined {
  if (t instanceof DecimalTypeClass) return t;
  if (literal !== undefined && literal !== null && (t === INTEGER || t === LONG || t === SHORT || t === BYTE))
    return DecimalType(Math.max(1, String(literal).replace("-", "").length), 0);
  if (t === INTEGER) return DecimalType(10, 0);
  if (t === LONG) return DecimalType(20, 0);
  if (t === SHORT) return DecimalType(5, 0);
  if (t === BYTE) return DecimalType(3, 0);
  return undefined;
}

/** DecimalType.adjustPrecisionScale: keep the integral digits, give up scale down to 6. */
function bounded(p: number, s: number): DecimalTypeClass {
  if (p <= MAX) return DecimalType(p, s);
  const intDigits = p - s;
  const minScale = Math.min(s, 6);
  return DecimalType(MAX, Math.max(MAX - intDigits, minScale));
}

/** The result type of `a op b` over two decimals. */
export function decimalResult(op: string, a: DecimalTypeClass, b: DecimalTypeClass): DecimalTypeClass {
  const [p1, s1, p2, s2] = [a.precision, a.scale, b.precision, b.scale];
  switch (op) {
    case "+": case "-": { const s = Math.max(s1, s2); return bounded(Math.max(p1 - s1, p2 - s2) + s + 1, s); }
    case "*": return bounded(p1 + p2 + 1, s1 + s2);
    case "/": { const s = Math.max(6, s1 + p2 + 1); return bounded(p1 - s1 + s2 + s, s); }
    default: { const s = Math.max(s1, s2); return bounded(Math.min(p1 - s1, p2 - s2) + s, s); }
  }
}

/** The wider of two decimals (for comparisons, coalesce, union): both integral parts and the larger scale. */
export function widerDecimal(a: DecimalTypeClass, b: DecimalTypeClass): DecimalTypeClass {
  const s = Math.max(a.scale, b.scale);
  return DecimalType(Math.min(MAX, Math.max(a.precision - a.scale, b.precision - b.scale) + s), s);
}
