#!/usr/bin/env python3
"""Spark oracle: casts and exact decimals: DecimalType literals, CAST to/from every type, decimal arithmetic and rounding.

Cases over golden_functions.py's FN_PRELUDE frames (t, p, q); writes
test/fixtures/spark-golden-functions-decimal.json, replayed by test/spark-golden-functions-decimal.test.ts.

Run:  python3 scripts/spark-oracle/golden_functions_decimal.py [id-prefix ...]
      (with a prefix it writes a .partial.json; merge it with scripts/spark-oracle/merge_partial.py)
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from golden_functions import case, exprs, family_main  # noqa: E402,F401


def register():
    exprs("fn.dec.cast.numbers", "cast(x as int)", "cast('1.5' as int)", "cast(' 7 ' as int)", "cast('abc' as int)", "cast(x as decimal(10,2))", "cast(true as int)", "cast(id as double)")
    exprs("fn.dec.cast.strings", "cast(id as string)", "cast(x as string)", "cast(arr as string)", "cast(nested as string)", "cast(1e10 as string)", "cast(0.1 + 0.2 as string)")
    exprs("fn.dec.cast.times", "cast(ts as timestamp)", "cast(d as date)", "cast(cast(ts as timestamp) as date)", "cast(cast(d as date) as timestamp)", "cast(cast(ts as timestamp) as long)", "cast('2024-02-30' as date)")
    exprs("fn.dec.cast.boolean", "cast('true' as boolean)", "cast('yes' as boolean)", "cast('0' as boolean)", "cast(id - 1 as boolean)", "cast('t' as boolean)")
    exprs("fn.dec.decimal", "1.1 + 2.2", "10 / 3", "10 div 3", "1 / 0", "typeof(1.5)", "typeof(10 / 3)", "cast(x as decimal(5,2)) * 2", "typeof(cast(x as decimal(5,2)) * 2)")
    exprs("fn.dec.round", "round(2.5)", "round(-2.5)", "bround(2.5)", "bround(3.5)", "round(x)", "round(1234.5678, -2)", "ceil(x, 1)", "floor(x, 1)")


if __name__ == "__main__":
    family_main("decimal", register)
