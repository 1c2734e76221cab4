/**
 * The typing helpers every function definition uses: Spark's implicit casts (and whether a cast
 * can give NULL), DATATYPE_MISMATCH and WRONG_NUM_ARGS errors, and a call's default SQL text.
 */
import { AnalysisException } from "../errors";
import { Resolved } from "../plan/resolved";
import { ArrayTypeClass, BINARY, BOOLEAN, DATE, DOUBLE, DataType, DecimalTypeClass, FLOAT, LONG, MapTypeClass, NULL, STRING, StructTypeClass, TIMESTAMP, isIntegral, isNumeric } from "../types/data-types";
import { DayTimeIntervalTypeClass, YearMonthIntervalTypeClass } from "../types/interval-types";

type R = Resolved;

export function implicitCast(r: R, to: DataType): R {
  if (r.dataType.equals(to)) return r;
  if (r.kind === "lit" && r.value === null) return { ...r, dataType: to };
  return { kind: "fn", op: "cast", args: [r], params: { to }, dataType: to, nullable: r.nullable || castCanFail(r.dataType, to), sql: r.sql };
}

/** Spark's Cast.forceNullable: can a cast from `from` to `to` give NULL for a non-null value? */
export function castCanFail(from: DataType, to: DataType): boolean {
  if (from === NULL || from.equals(to)) return false;
  // A collection cast keeps the collection (its elements may become NULL inside it).
  if ((from instanceof ArrayTypeClass && to instanceof ArrayTypeClass) || (from instanceof MapTypeClass && to instanceof MapTypeClass) || (from instanceof StructTypeClass && to instanceof StructTypeClass)) return false;
  if (from === STRING) return to !== BINARY;
  if ((from instanceof DayTimeIntervalTypeClass && to instanceof DayTimeIntervalTypeClass) || (from instanceof YearMonthIntervalTypeClass && to instanceof YearMonthIntervalTypeClass)) return false;
  if (to === STRING) return false;
  if ((from === DOUBLE || from === FLOAT) && to === TIMESTAMP) return true;
  if (to === DATE) return from !== TIMESTAMP;
  if (from === DATE) return to !== TIMESTAMP;
  if (to instanceof DecimalTypeClass) return !nullSafeToDecimal(from, to);
  if ((from === DOUBLE || from === FLOAT) && isIntegral(to)) return true;
  if (from === TIMESTAMP && to === LONG) return false;
  if (isNumeric(from) && isNumeric(to)) return false;
  if (from === BOOLEAN && isNumeric(to)) return false;
  if (to === BINARY && isIntegral(from)) return false;
  return true;
}

/** Spark's canNullSafeCastToDecimal: every value of `from` fits `to`. */
function nullSafeToDecimal(from: DataType, to: DecimalTypeClass): boolean {
  const digits: Record<string, number> = { boolean: 1, byte: 3, short: 5, integer: 10, long: 20 };
  const wide = (p: number, s: number): boolean => to.precision - to.scale >= p - s && to.scale >= s;
  // Fewer fraction digits only round; more integer digits leave room for the carry (9.99 -> 10.0).
  if (from instanceof DecimalTypeClass) return wide(from.precision, from.scale) || to.precision - to.scale > from.precision - from.scale;
  const p = digits[from.typeName];
  return p !== undefined && wide(p, 0);
}


export function mismatch(sql: string, detail: string): AnalysisException {
  return new AnalysisException(`Cannot resolve "${sql}" due to data type mismatch: ${detail}.`, "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE");
}

/** The end of Spark's WRONG_NUM_ARGS message. */
export const WRONG_NUM_ARGS_HINT = " Please, refer to 'https://spark.apache.org/docs/latest/sql-ref-functions.html' for a fix.";

export function requireArgs(name: string, args: R[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : max === Infinity ? `> ${min - 1}` : `[${min}, ${max}]`;
    throw new AnalysisException(
      `The \`${name}\` requires ${expected} parameters but the actual number is ${args.length}.${WRONG_NUM_ARGS_HINT}`,
      "WRONG_NUM_ARGS.WITHOUT_SUGGESTION",
    );
  }
}

export const fnSql = (name: string, args: R[]): string => `${name}(${args.map((a) => a.sql).join(", ")})`;

export const anyNull = (args: R[]) => args.some((a) => a.nullable);
