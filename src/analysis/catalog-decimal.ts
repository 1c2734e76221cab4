/**
 * The decimal family's typing, registered into SCALAR_FUNCTIONS: round/bround of a decimal stay
 * decimal (Spark's RoundBase type), ceil/floor of a decimal and ceil/floor with a scale give decimals.
 * Evaluators: execution/functions-decimal.ts (and the existing round/bround/ceil/floor).
 */
import { Resolved } from "../plan/resolved";
import { DOUBLE, DecimalType, DecimalTypeClass, FLOAT, isNumeric } from "../types/data-types";
import { asDecimal } from "./decimal-precision";
import { AGGREGATE_FUNCTIONS, SCALAR_FUNCTIONS, ScalarTyper, litValue, numericArg } from "./function-catalog";
import { fnSql, implicitCast, requireArgs } from "../functions/typing";

type R = Resolved;
const MAX = 38;

/** RoundBase's result type for a decimal rounded to `scale` digits. */
function roundedType(t: DecimalTypeClass, scale: number): DecimalTypeClass {
  const intDigits = t.precision - t.scale + 1;
  if (scale < 0) return DecimalType(Math.min(Math.max(intDigits, -scale + 1), MAX), 0);
  const s = Math.min(t.scale, scale);
  return DecimalType(Math.min(intDigits + s, MAX), s);
}

/** DecimalType.forType: doubles as decimal(30,15), floats as decimal(14,7). */
function decimalFor(r: R): DecimalTypeClass | undefined {
  if (r.dataType === DOUBLE) return DecimalType(30, 15);
  if (r.dataType === FLOAT) return DecimalType(14, 7);
  return asDecimal(r.dataType);
}

const keepDecimal = (original: ScalarTyper): ScalarTyper => (args, name) => {
  const out = original(args, name);
  const t = args[0]?.dataType;
  if (!(t instanceof DecimalTypeClass) || out.kind !== "fn") return out;
  return { ...out, dataType: roundedType(t, Number(out.params.scale)), nullable: true }; // a decimal round can overflow
};

const ceilOrFloor = (op: "ceil" | "floor", original: ScalarTyper): ScalarTyper => (args, name) => {
  if (args.length === 1 && args[0].dataType instanceof DecimalTypeClass) {
    const t = args[0].dataType;
    return { kind: "fn", op, args: [args[0]], dataType: DecimalType(Math.min(t.precision - t.scale + 1, MAX), 0), nullable: args[0].nullable, sql: fnSql(name.toUpperCase() === "CEILING" ? name : op.toUpperCase(), args) };
  }
  if (args.length !== 2) return original(args, name);
  requireArgs(name, args, 2);
  const scale = Number(litValue(args[1], "scale"));
  const a = numericArg(args[0], name);
  const d = isNumeric(a.dataType) ? decimalFor(a) : undefined;
  const to = roundedType(d ?? DecimalType(30, 15), scale);
  return { kind: "fn", op: `${op}_scale`, args: [d ? a : implicitCast(a, DOUBLE)], params: { scale }, dataType: to, nullable: true, sql: fnSql(name, args) };
};

const base = { ...SCALAR_FUNCTIONS };
Object.assign(SCALAR_FUNCTIONS, {
  round: keepDecimal(base.round),
  bround: keepDecimal(base.bround),
  ceil: ceilOrFloor("ceil", base.ceil),
  ceiling: ceilOrFloor("ceil", base.ceiling),
  floor: ceilOrFloor("floor", base.floor),
});

// sum of decimal(p,s) is decimal(p+10,s), avg is decimal(p+4,s+4) (Spark's Sum/Average); the
// running value is the double sum/avg (state as for doubles), shown at the result's scale.
const aggBase = { sum: AGGREGATE_FUNCTIONS.sum, avg: AGGREGATE_FUNCTIONS.avg };
AGGREGATE_FUNCTIONS.sum = (args, distinct, name) => {
  const out = aggBase.sum(args, distinct, name);
  const t = args[0]?.dataType;
  return t instanceof DecimalTypeClass ? { ...out, dataType: DecimalType(Math.min(t.precision + 10, MAX), t.scale) } : out;
};
AGGREGATE_FUNCTIONS.avg = (args, distinct, name) => {
  const out = aggBase.avg(args, distinct, name);
  const t = args[0]?.dataType;
  return t instanceof DecimalTypeClass ? { ...out, dataType: DecimalType(Math.min(t.precision + 4, MAX), Math.min(t.scale + 4, MAX)) } : out;
};
