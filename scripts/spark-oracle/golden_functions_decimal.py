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
    exprs("fn.dec.more.literals", "0.1", "-2.50", "123.456", ".5", "typeof(123.456)", "1.5 * 2", "typeof(1.5 * id)", "1.5 * id", "1.5 + x", "1e-5")
    exprs("fn.dec.more.cast", "cast('12.345' as decimal(5,2))", "cast('123456' as decimal(5,2))", "cast(x as decimal(3,1))", "cast(id as decimal(4,2))", "cast(-2.555 as decimal(4,2))", "cast(cast(x as decimal(5,2)) as int)", "cast(cast(x as decimal(5,2)) as double)", "cast(cast(x as decimal(5,2)) as string)", "cast('abc' as decimal(5,2))", "cast(x as decimal)")
    exprs("fn.dec.more.arith", "cast(x as decimal(5,2)) + 1.25", "cast(x as decimal(5,2)) - id", "cast(x as decimal(5,2)) / 3", "cast(x as decimal(5,2)) % 2", "cast(x as decimal(5,2)) * cast(x as decimal(5,2))", "cast(x as decimal(5,2)) + x", "typeof(cast(x as decimal(5,2)) / 3)", "-cast(x as decimal(5,2))", "abs(cast(x as decimal(5,2)))")
    exprs("fn.dec.more.compare", "cast(x as decimal(5,2)) > 1", "cast(x as decimal(5,2)) = 2.5", "1.10 = 1.1", "greatest(1.5, 2.25)", "least(1.5, id)", "cast(x as decimal(5,2)) between 0 and 3")
    exprs("fn.dec.more.div", "7 div 2", "-7 div 2", "id div 0", "7.5 div 2", "x div 1")
    exprs("fn.dec.more.round", "round(cast(x as decimal(5,2)), 1)", "bround(cast(x as decimal(5,2)), 1)", "ceil(cast(x as decimal(5,2)))", "floor(cast(x as decimal(5,2)))", "round(2.345, 2)", "ceil(1.21, 1)", "floor(id, -1)")
    exprs("fn.dec.more.agg", "sum(cast(x as decimal(5,2)))", "avg(cast(x as decimal(5,2)))", "max(cast(x as decimal(5,2)))", "min(1.5)", "count(cast(x as decimal(5,2)))")
    exprs("fn.dec.more.toolarge", "cast(x as decimal(40,2))")
    exprs("fn.dec.more.badscale", "cast(x as decimal(3,5))")
    exprs("fn.dec.more.divstring", "s div 2")
    case("fn.dec.more.schema", "df = spark.createDataFrame([(decimal.Decimal('1.5'), 'a'), (decimal.Decimal('-0.25'), 'b'), (None, 'c')], 'd decimal(4,2), k string')\n"
         "df.show()\ndf.printSchema()\ndf.select(F.col('d').cast(DecimalType(6, 1)).alias('d1'), (F.col('d') * 2).alias('twice')).show()\n")
    case("fn.dec.more.from_json", "df = spark.createDataFrame([('{\"price\": 12.345}',), ('{\"price\": \"7\"}',)], 'j string')\n"
         "df.select(F.from_json('j', 'price decimal(6,2)').alias('r')).select('r.price').show()\n")
    case("fn.dec.more.from_json_edges", "df = spark.createDataFrame([('{\"p\": 12345.678, \"q\": 1}',), ('{\"p\": \"abc\", \"q\": 2}',), ('{\"p\": \"1e2\", \"q\": 3}',), ('{\"p\": -0.005, \"q\": 4}',), ('{\"p\": true, \"q\": 5}',)], 'j string')\n"
         "df.select(F.from_json('j', 'p decimal(6,2), q int').alias('r')).select('r.*').show()\n")
    exprs("fn.dec.round", "round(2.5)", "round(-2.5)", "bround(2.5)", "bround(3.5)", "round(x)", "round(1234.5678, -2)", "ceil(x, 1)", "floor(x, 1)")


if __name__ == "__main__":
    family_main("decimal", register)
