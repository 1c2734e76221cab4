#!/usr/bin/env python3
"""Spark oracle: the maths family of src/functions/math.ts (trigonometric, hyperbolic, exponential
and logarithmic functions): values at ordinary, boundary and out-of-domain arguments, NULLs, the
column names and nullability (printSchema), and the PySpark builders.

Cases over golden_functions.py's FN_PRELUDE frames (t, p, q); writes
test/fixtures/spark-golden-functions-math.json, replayed by test/spark-golden-functions-math.test.ts.

Run:  python3 scripts/spark-oracle/golden_functions_math.py [id-prefix ...]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from golden_functions import case, exprs, family_main  # noqa: E402,F401


def register():
    exprs("fn.math.trig", "sin(x)", "cos(x)", "tan(x)", "cot(x)", "sec(x)", "csc(x)", "sin(id)", "cos(0)")
    exprs("fn.math.inverse", "asin(x / 3)", "acos(x / 3)", "atan(x)", "asin(2)", "acos(-2)", "atan(id)", "atan2(x, id)", "asin(null)")
    exprs("fn.math.hyperbolic", "sinh(x)", "cosh(x)", "tanh(x)", "asinh(x)", "acosh(x)", "atanh(x / 3)", "acosh(0.5)", "atanh(1)")
    exprs("fn.math.exp_log", "exp(x)", "expm1(x)", "ln(x)", "log1p(x)", "log1p(-1)", "log1p(-2)", "log10(id * 10)", "log2(id)", "cbrt(x)", "ln(0)")
    exprs("fn.math.degrees", "degrees(x)", "radians(x)", "degrees(pi())", "cot(0)", "csc(0)", "sec(pi() / 2)")
    exprs("fn.math.strings", "sin('1')", "expm1('0.5')", "log1p('x')", "atan(cast(null as string))", "acos(1)")
    exprs("fn.math.err.cot_args", "cot(x, 1)")
    exprs("fn.math.err.asin_type", "asin(arr)")
    case("fn.math.api", "t.select(F.asin(F.col('x') / 3), F.acos(F.col('x') / 3), F.atan('x'), F.cot('x'), F.sec('x'), F.csc('x'), F.sinh('x'), F.cosh('x'), F.tanh('x'), F.asinh('x'), F.acosh('id'), F.atanh(F.col('x') / 3), F.expm1('x'), F.log1p('x')).show(truncate=False)\n")
    case("fn.math.api.names", "t.select(F.sin('x'), F.cos('x'), F.tan('x'), F.exp('x'), F.log10('id'), F.log2('id'), F.cbrt('x'), F.degrees('x'), F.radians('x')).printSchema()\n")


if __name__ == "__main__":
    family_main("math", register)
