/**
 * Array functions of Spark 3.5 (ArrayAppend, ArrayPrepend, ArrayCompact, ArrayRepeat): an
 * element joins an array at either end (NULL elements too; a NULL array gives NULL), NULLs are
 * dropped, a value repeated `count` times (none for a negative count). The element type is the
 * wider of the array's and the element's; a non-array first argument is Spark's
 * UNEXPECTED_INPUT_TYPE (which counts parameters from 0 here, as Spark does).
 */
import { Column, ColumnOrName, columnArg, toExpr } from "../expr/column";
import { Resolved } from "../plan/resolved";
import { AnalysisException } from "../errors";
import { ArrayTypeClass, BYTE, DataType, INTEGER, NULL, SHORT, STRING } from "../types/data-types";
import { ScalarFunctionDef } from "./definition";
import { fnSql, implicitCast, mismatch, requireArgs } from "./typing";

function arrayArg(a: Resolved, call: string): ArrayTypeClass {
  if (a.dataType instanceof ArrayTypeClass) return a.dataType;
  throw mismatch(call, `Parameter 0 requires the "ARRAY" type, however "${a.sql}" has the type "${a.dataType.sql()}"`);
}

/** array_append / array_prepend: the element at the end or the front. */
function addElement<Name extends string>(name: Name, atEnd: boolean): ScalarFunctionDef<Name> {
  return {
    name,
    type(args, called, ctx) {
      requireArgs(called, args, 2);
      const sql = fnSql(called, args);
      const at = arrayArg(args[0], sql);
      // Spark's findWiderTypeWithoutStringPromotion: a string and a number have no common type here.
      const [a, b] = [at.elementType, args[1].dataType];
      const stringPromotion = a !== b && (a === STRING || b === STRING) && a !== NULL && b !== NULL;
      const element = stringPromotion ? undefined : ctx.widerType(a, b);
      if (!element)
        throw new AnalysisException(
          `Cannot resolve "${sql}" due to data type mismatch: Input to \`${called}\` should have been "ARRAY" followed by a value with same element type, but it's ["${at.sql()}", "${b.sql()}"].`,
          "DATATYPE_MISMATCH.ARRAY_FUNCTION_DIFF_TYPES",
        );
      const dataType = new ArrayTypeClass(element, at.containsNull || args[1].nullable);
      const array = implicitCast(args[0], new ArrayTypeClass(element, at.containsNull));
      return { kind: "fn", op: name, args: [array, implicitCast(args[1], element)], dataType, nullable: args[0].nullable, sql };
    },
    eval: (_call, [array, element]) => (row) => {
      const xs = array(row) as unknown[] | null;
      if (xs === null) return null;
      const e = element(row);
      return atEnd ? [...xs, e] : [e, ...xs];
    },
  };
}

export const COLLECTION_FUNCTIONS = [
  addElement("array_append", true),
  addElement("array_prepend", false),
  {
    name: "array_compact",
    type(args, called) {
      requireArgs(called, args, 1);
      const sql = fnSql(called, args);
      const at = arrayArg(args[0], sql);
      return { kind: "fn", op: "array_compact", args, dataType: at, nullable: args[0].nullable, sql };
    },
    eval: (_call, [array]) => (row) => {
      const xs = array(row) as unknown[] | null;
      return xs === null ? null : xs.filter((x) => x !== null);
    },
  },
  {
    name: "array_repeat",
    type(args, called) {
      requireArgs(called, args, 2);
      const sql = fnSql(called, args);
      const [value, count] = args;
      if (!([BYTE, SHORT, INTEGER, NULL] as DataType[]).includes(count.dataType))
        throw mismatch(sql, `Parameter 2 requires the "INT" type, however "${count.sql}" has the type "${count.dataType.sql()}"`);
      return { kind: "fn", op: "array_repeat", args: [value, implicitCast(count, INTEGER)], dataType: new ArrayTypeClass(value.dataType, value.nullable), nullable: count.nullable, sql };
    },
    eval: (_call, [value, count]) => (row) => {
      const n = count(row) as number | null;
      if (n === null) return null;
      const v = value(row);
      return n > 0 ? new Array(n).fill(v) : [];
    },
  },
] as const satisfies readonly ScalarFunctionDef[];

const call = (name: string, ...args: Column["expr"][]): Column => new Column({ kind: "call", name, args });

// The PySpark builders (pyspark.sql.functions).
export const array_append = (col: ColumnOrName, value: unknown): Column => call("array_append", columnArg(col), toExpr(value));
export const array_prepend = (col: ColumnOrName, value: unknown): Column => call("array_prepend", columnArg(col), toExpr(value));
export const array_compact = (col: ColumnOrName): Column => call("array_compact", columnArg(col));
export const array_repeat = (col: ColumnOrName, count: ColumnOrName | number): Column =>
  call("array_repeat", columnArg(col), typeof count === "number" ? toExpr(count) : columnArg(count));
