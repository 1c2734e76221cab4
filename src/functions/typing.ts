/**
 * The typing helpers every function definition uses: Spark's implicit casts (and whether a cast
 * can give NULL), DATATYPE_MISMATCH and WRONG_NUM_ARGS errors, and a call's default SQL text.
 */
import { AnalysisException } from "../errors";
import { Resolved } from "../plan/resolved";
import { BOOLEAN, DataType, LONG, STRING, TIMESTAMP, isNumeric } from "../types/data-types";

type R = Resolved;

export function implicitCast(r: R, to: DataType): R {
  if (r.dataType.equals(to)) return r;
  if (r.kind === "lit" && r.value === null) return { ...r, dataType: to };
  return { kind: "fn", op: "cast", args: [r], params: { to }, dataType: to, nullable: r.nullable || castCanFail(r.dataType, to), sql: r.sql };
}

export function castCanFail(from: DataType, to: DataType): boolean {
  if (from.equals(to)) return false;
  if (to === STRING) return false;
  if (isNumeric(from) && isNumeric(to)) return false;
  if (from === TIMESTAMP && to === LONG) return false;
  if (from === BOOLEAN && isNumeric(to)) return false;
  return true;
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
