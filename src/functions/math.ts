/**
 * The maths family: trigonometric, hyperbolic, exponential and logarithmic functions of one
 * double (Spark's UnaryMathExpression and UnaryLogExpression). Each takes a DOUBLE (a number or
 * a string is cast implicitly, as Spark's ImplicitCastInputTypes), returns a nullable DOUBLE
 * named `NAME(arg)`, computes as java.lang.Math does (NaN outside the domain), and the
 * logarithms give NULL at and beyond their asymptote (log10(0), log1p(-1)).
 */
import { Column, ColumnOrName, columnArg } from "../expr/column";
import { Resolved } from "../plan/resolved";
import { DOUBLE, NULL, STRING, isNumeric } from "../types/data-types";
import { ScalarFunctionDef, nullStrict } from "./definition";
import { implicitCast, mismatch, requireArgs } from "./typing";

/** java.lang.Math's constants for toDegrees/toRadians (x * 180 / PI differs in the last digit). */
const RADIANS_TO_DEGREES = 57.29577951308232;
const DEGREES_TO_RADIANS = 0.017453292519943295;

/** One double in, one double out; `asymptote`: a logarithm, NULL at or below it. */
function unary<Name extends string>(name: Name, shown: string, f: (x: number) => number, asymptote?: number): ScalarFunctionDef<Name> {
  return {
    name,
    type(args, called) {
      requireArgs(called, args, 1);
      const [x] = args;
      if (!(isNumeric(x.dataType) || x.dataType === STRING || x.dataType === NULL))
        throw mismatch(`${shown}(${x.sql})`, `Parameter 1 requires the "DOUBLE" type, however "${x.sql}" has the type "${x.dataType.sql()}"`);
      const arg: Resolved = implicitCast(x, DOUBLE);
      return { kind: "fn", op: name, args: [arg], dataType: DOUBLE, nullable: true, sql: `${shown}(${x.sql})` };
    },
    eval: asymptote === undefined
      ? (_call, args) => nullStrict(args, f)
      : (_call, args) => nullStrict(args, (x: number) => (x <= asymptote ? null : f(x))),
  };
}

export const MATH_FUNCTIONS = [
  unary("sin", "SIN", Math.sin),
  unary("cos", "COS", Math.cos),
  unary("tan", "TAN", Math.tan),
  unary("cot", "COT", (x) => 1 / Math.tan(x)),
  unary("sec", "SEC", (x) => 1 / Math.cos(x)),
  unary("csc", "CSC", (x) => 1 / Math.sin(x)),
  unary("asin", "ASIN", Math.asin),
  unary("acos", "ACOS", Math.acos),
  unary("atan", "ATAN", Math.atan),
  unary("sinh", "SINH", Math.sinh),
  unary("cosh", "COSH", Math.cosh),
  unary("tanh", "TANH", Math.tanh),
  // Spark's own formulas (not Math.asinh & co., which differ in the last digit).
  unary("asinh", "ASINH", (x) => (x === -Infinity ? -Infinity : Math.log(x + Math.sqrt(x * x + 1)))),
  unary("acosh", "ACOSH", (x) => Math.log(x + Math.sqrt(x * x - 1))),
  unary("atanh", "ATANH", (x) => 0.5 * Math.log((1 + x) / (1 - x))),
  unary("exp", "EXP", Math.exp),
  unary("expm1", "EXPM1", Math.expm1),
  unary("log10", "LOG10", Math.log10, 0),
  unary("log2", "LOG2", Math.log2, 0),
  unary("log1p", "LOG1P", Math.log1p, -1),
  unary("cbrt", "CBRT", Math.cbrt),
  unary("degrees", "DEGREES", (x) => x * RADIANS_TO_DEGREES),
  unary("radians", "RADIANS", (x) => x * DEGREES_TO_RADIANS),
] as const;

export type MathFunction = (typeof MATH_FUNCTIONS)[number]["name"];

const build = (name: MathFunction) => (x: ColumnOrName): Column => new Column({ kind: "call", name, args: [columnArg(x)] });

// The PySpark builders (pyspark.sql.functions), one per definition above.
export const sin = build("sin");
export const cos = build("cos");
export const tan = build("tan");
export const cot = build("cot");
export const sec = build("sec");
export const csc = build("csc");
export const asin = build("asin");
export const acos = build("acos");
export const atan = build("atan");
export const sinh = build("sinh");
export const cosh = build("cosh");
export const tanh = build("tanh");
export const asinh = build("asinh");
export const acosh = build("acosh");
export const atanh = build("atanh");
export const exp = build("exp");
export const expm1 = build("expm1");
export const log10 = build("log10");
export const log2 = build("log2");
export const log1p = build("log1p");
export const cbrt = build("cbrt");
export const degrees = build("degrees");
export const radians = build("radians");
