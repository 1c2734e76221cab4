/**
 * + - * / % with a decimal operand (and no double/float/string one): the result is a decimal of
 * DecimalPrecision's type; computed in doubles then rounded HALF_UP to the result scale, null on
 * overflow (Spark's non-ANSI CheckOverflow), as a cast to the result type.
 */
import { Resolved } from "../plan/resolved";
import { AnalysisException } from "../errors";
import { DOUBLE, DataType, DecimalTypeClass, LONG, NULL, STRING, isIntegral } from "../types/data-types";
import { asDecimal, decimalResult } from "./decimal-precision";
import { implicitCast } from "../functions/typing";

const ARITH: Record<string, string> = { "+": "add", "-": "subtract", "*": "multiply", "/": "divide", "%": "remainder" };

export function decimalArithmetic(op: string, sql: string, l: Resolved, r: Resolved): Resolved | undefined {
  if (!(l.dataType instanceof DecimalTypeClass) && !(r.dataType instanceof DecimalTypeClass)) return undefined;
  const a = asDecimal(l.dataType, l.kind === "lit" ? l.value : undefined);
  const b = asDecimal(r.dataType, r.kind === "lit" ? r.value : undefined);
  if (!a || !b) return undefined;
  const to = decimalResult(op, a, b);
  const inner: Resolved = { kind: "fn", op: ARITH[op], args: [implicitCast(l, DOUBLE), implicitCast(r, DOUBLE)], dataType: DOUBLE, nullable: true, sql };
  return { kind: "fn", op: "cast", args: [inner], params: { to }, dataType: to, nullable: true, sql };
}

/** `a div b`: integral division of integral or decimal operands, a long (null when b is 0); Spark reports the types after casting strings to double and integers to bigint. */
export function integralDivide(sql: string, l: Resolved, r: Resolved): Resolved {
  const shown = (t: DataType): DataType => (t === STRING || t === NULL ? DOUBLE : isIntegral(t) ? LONG : t);
  const [lt, rt] = [shown(l.dataType), shown(r.dataType)];
  const ok = (t: DataType): boolean => t === LONG || t instanceof DecimalTypeClass;
  if (!ok(lt) || !ok(rt)) {
    if (!lt.equals(rt))
      throw new AnalysisException(`Cannot resolve "${sql}" due to data type mismatch: the left and right operands of the binary operator have incompatible types ("${lt.sql()}" and "${rt.sql()}").`, "DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES");
    throw new AnalysisException(`Cannot resolve "${sql}" due to data type mismatch: the binary operator requires the input type ("NUMERIC" or "INTERVAL DAY TO SECOND" or "INTERVAL YEAR TO MONTH" or "INTERVAL"), not "${lt.sql()}".`, "DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE");
  }
  const exact = lt instanceof DecimalTypeClass || rt instanceof DecimalTypeClass ? DOUBLE : LONG;
  return { kind: "fn", op: "integral_divide", args: [implicitCast(l, exact), implicitCast(r, exact)], dataType: LONG, nullable: true, sql };
}
