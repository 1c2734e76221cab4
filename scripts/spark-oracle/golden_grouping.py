#!/usr/bin/env python3
"""Spark oracle for grouping beyond GROUP BY (issue 9, family 4 and the grouping side of family 1):
pivot, rollup/cube/GROUPING SETS with grouping()/grouping_id(), sample/randomSplit with a seed,
and set operations on streams.

Runs every case below on real PySpark 3.5 with golden.py's machinery (local[2], as the other
golden scripts) and writes test/fixtures/spark-golden-grouping.json (same entry format as
spark-golden.json), which test/spark-golden-grouping.test.ts replays.

Run:  .venv-pyspark/bin/python scripts/spark-oracle/golden_grouping.py [id-prefix ...]
"""
import importlib.util
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def _load(name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(HERE, name + ".py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


golden = _load("golden")
golden_sql = _load("golden_sql")

OUT = os.path.join(golden.ROOT, "test", "fixtures", "spark-golden-grouping.json")

golden.PRELUDE = '''import datetime
import json
from pyspark.sql import Row
from pyspark.sql.functions import *
from pyspark.sql.types import *
'''

CASES = []


def case(cid, code, **extra):
    CASES.append((cid, code, extra))


SALES = ('df = spark.createDataFrame([("2023", "A", "x", 10, 1), ("2023", "B", "y", 20, 2), ("2024", "A", "x", 30, 1), '
         '("2024", "A", "y", 5, 2), ("2024", "B", None, 7, 3), ("2023", None, "x", 1, 1)], '
         '"year string, product string, region string, amount int, q int")\n'
         'df.createOrReplaceTempView("sales")\n')

# --- pivot -------------------------------------------------------------------------------------
case("pivot.inferred_values", SALES + 'p = df.groupBy("year").pivot("product").sum("amount")\np.printSchema()\np.orderBy("year").show()\n')
case("pivot.given_values", SALES + 'df.groupBy("year").pivot("product", ["B", "A"]).sum("amount").orderBy("year").show()\n')
case("pivot.given_value_absent", SALES + 'df.groupBy("year").pivot("product", ["A", "Z"]).sum("amount").orderBy("year").show()\n')
case("pivot.count", SALES + 'p = df.groupBy("year").pivot("product").count()\np.printSchema()\np.orderBy("year").show()\n')
case("pivot.int_values", SALES + 'df.groupBy("product").pivot("q").sum("amount").orderBy("product").show()\n')
case("pivot.int_values_given_as_strings", SALES + 'df.groupBy("product").pivot("q", ["1", "3"]).sum("amount").orderBy("product").show()\n')
case("pivot.two_aggregates", SALES + 'p = df.groupBy("year").pivot("product", ["A", "B"]).agg(sum("amount"), avg("amount"))\nprint(p.columns)\np.orderBy("year").show()\n')
case("pivot.aliased_aggregates", SALES + 'df.groupBy("year").pivot("product", ["A", "B"]).agg(sum("amount").alias("s"), max("q").alias("m")).orderBy("year").show()\n')
case("pivot.non_numeric_aggregate", SALES + 'p = df.groupBy("year").pivot("product", ["A", "B"]).agg(count("amount").alias("c"), first("region").alias("r"))\np.printSchema()\np.orderBy("year").show()\n')
case("pivot.string_max", SALES + 'df.groupBy("year").pivot("product").agg(max("region")).orderBy("year").show()\n')
case("pivot.no_grouping", SALES + 'df.groupBy().pivot("product").sum("amount").show()\n')
case("pivot.two_grouping_columns", SALES + 'df.groupBy("year", "region").pivot("product", ["A", "B"]).sum("amount").orderBy("year", "region").show()\n')
case("pivot.agg_avg_min_max", SALES + 'df.groupBy("year").pivot("q").avg("amount").orderBy("year").show()\n'
     'df.groupBy("year").pivot("q").min("amount").orderBy("year").show()\ndf.groupBy("year").pivot("q").max("amount").orderBy("year").show()\n')
case("pivot.column_object", SALES + 'df.groupBy(col("year")).pivot("product", ["A"]).agg(sum(col("amount") * 2)).orderBy("year").show()\n')
case("pivot.too_many_values", SALES + 'spark.conf.set("spark.sql.pivotMaxValues", "2")\ntry:\n    df.groupBy("year").pivot("region").sum("amount")\n'
     'finally:\n    spark.conf.unset("spark.sql.pivotMaxValues")\n')
case("pivot.not_an_aggregate", SALES + 'df.groupBy("year").pivot("product", ["A"]).agg(col("amount")).show()\n')
case("pivot.after_rollup", SALES + 'df.rollup("year").pivot("product")\n')
case("pivot.repeated", SALES + 'df.groupBy("year").pivot("product", ["A"]).pivot("q")\n')
case("pivot.unsorted", SALES + 'df.groupBy("year").pivot("product").sum("amount").show()\n')
case("pivot.sql", SALES + 'spark.sql("SELECT * FROM (SELECT year, product, amount FROM sales) PIVOT (sum(amount) FOR product IN (\'A\', \'B\')) ORDER BY year").show()\n')
case("pivot.sql_aliases", SALES + 'r = spark.sql("SELECT * FROM (SELECT year, product, amount FROM sales) PIVOT (sum(amount) AS s, count(amount) AS c FOR product IN (\'A\' AS a, \'B\' AS b)) ORDER BY year")\n'
     'r.printSchema()\nr.show()\n')
case("pivot.sql_implicit_group", SALES + 'spark.sql("SELECT * FROM sales PIVOT (sum(amount) FOR product IN (\'A\', \'B\')) ORDER BY year, region, q").show()\n')

# --- rollup / cube / grouping sets ----------------------------------------------------------------
case("rollup.agg", SALES + 'r = df.rollup("year", "product").agg(sum("amount").alias("total"))\nr.printSchema()\nr.orderBy("year", "product").show()\n')
case("rollup.count", SALES + 'df.rollup("year").count().orderBy("year").show()\n')
case("rollup.unsorted", SALES + 'df.rollup("year").count().show()\n')
case("cube.sum", SALES + 'c = df.cube("year", "product").sum("amount")\nc.printSchema()\nc.orderBy("year", "product").show()\n')
case("cube.grouping", SALES + 'c = df.cube("year").agg(grouping("year"), grouping_id(), sum("amount"))\nc.printSchema()\nc.orderBy("year").show()\n')
case("rollup.grouping_id", SALES + 'df.rollup("year", "product").agg(grouping_id().alias("gid"), sum("amount").alias("s")).orderBy("gid", "year", "product").show()\n')
case("rollup.column_expr", SALES + 'df.rollup(col("year"), upper(col("region")).alias("r")).agg(max("amount")).orderBy("year", "r").show()\n')
case("rollup.avg_nulls", SALES + 'df.rollup("region").agg(avg("amount"), count("*")).orderBy("region").show()\n')
case("grouping.without_rollup", SALES + 'df.groupBy("year").agg(grouping("year")).show()\n')
case("grouping.sql_rollup", SALES + 'spark.sql("SELECT year, product, sum(amount) AS s FROM sales GROUP BY ROLLUP(year, product) ORDER BY year, product").show()\n')
case("grouping.sql_cube", SALES + 'spark.sql("SELECT year, product, grouping(year) AS gy, grouping_id() AS g, count(*) AS n FROM sales GROUP BY CUBE(year, product) ORDER BY g, year, product").show()\n')
case("grouping.sql_grouping_sets", SALES + 'r = spark.sql("SELECT year, region, sum(amount) AS s FROM sales GROUP BY GROUPING SETS ((year), (region), ()) ORDER BY year, region")\nr.printSchema()\nr.show()\n')
case("grouping.sql_with_rollup", SALES + 'spark.sql("SELECT year, product, sum(amount) FROM sales GROUP BY year, product WITH ROLLUP ORDER BY year, product").show()\n')
case("grouping.sql_with_cube", SALES + 'spark.sql("SELECT year, count(*) FROM sales GROUP BY year WITH CUBE ORDER BY year").show()\n')
case("grouping.sql_grouping_id_args", SALES + 'spark.sql("SELECT year, product, grouping_id(year, product) AS g FROM sales GROUP BY ROLLUP(year, product) ORDER BY g, year, product").show()\n')
case("grouping.sql_mixed", SALES + 'spark.sql("SELECT year, product, sum(amount) AS s FROM sales GROUP BY year, ROLLUP(product) ORDER BY year, product").show()\n')
case("grouping.sql_grouping_without_sets", SALES + 'spark.sql("SELECT year, grouping(year) FROM sales GROUP BY year").show()\n')
case("grouping.id_columns_mismatch", SALES + 'spark.sql("SELECT grouping_id(product) FROM sales GROUP BY ROLLUP(year, product)").show()\n')
case("grouping.column_not_grouped", SALES + 'df.rollup("year").agg(grouping("product")).show()\n')
case("grouping.sql_having", SALES + 'spark.sql("SELECT year, sum(amount) AS s FROM sales GROUP BY ROLLUP(year) HAVING grouping(year) = 0 ORDER BY year").show()\n')

# --- sample / randomSplit: deterministic given the seed and the partition layout (local[2]) ---
case("sample.range_fraction", 'spark.range(20).sample(fraction=0.5, seed=42).show()\n')
case("sample.range_positional", 'print(spark.range(100).sample(0.1, 7).collect())\n')
case("sample.range_count", 'print(spark.range(1000).sample(0.25, 123).count())\n')
case("sample.created_rows", 'df = spark.createDataFrame([(i, str(i)) for i in range(10)], "id int, s string")\ndf.sample(0.4, 3).show()\n')
case("sample.one_row_partition", 'df = spark.createDataFrame([(1,)], "id int")\nprint(df.sample(0.5, 1).collect())\nprint(df.sample(0.5, 2).collect())\n')
case("sample.with_replacement", 'spark.range(10).sample(True, 0.5, 42).show()\n')
case("sample.with_replacement_big_fraction", 'print(spark.range(6).sample(True, 2.0, 5).collect())\n')
case("sample.fraction_zero", 'print(spark.range(10).sample(0.0, 1).count())\n')
case("sample.negative_fraction", 'spark.range(10).sample(-0.1, 1)\n')
case("sample.fraction_above_one", 'spark.range(10).sample(1.5, 1)\n')
case("sample.filtered", 'spark.range(30).where("id % 3 = 0").sample(0.5, 11).show()\n')
case("randomSplit.range", 'a, b = spark.range(20).randomSplit([0.5, 0.5], 42)\nprint(a.collect())\nprint(b.collect())\n')
case("randomSplit.weights", 'parts = spark.range(30).randomSplit([1.0, 2.0, 3.0], 7)\nprint([p.count() for p in parts])\nprint(parts[0].collect())\n')

# --- set operations on streams (UnsupportedOperationChecker, at start()) ------------------------------
RATE = 's = spark.readStream.format("rate").load()\nstatic = spark.range(3).withColumnRenamed("id", "value").selectExpr("current_timestamp() AS timestamp", "value")\n'
case("stream_setop.intersect_two_streams", RATE + 's.intersect(s).writeStream.format("console").start()\n')
case("stream_setop.intersectAll_two_streams", RATE + 's.intersectAll(s).writeStream.format("console").start()\n')
case("stream_setop.except_stream_on_right", RATE + 'static.subtract(s).writeStream.format("console").start()\n')
case("stream_setop.exceptAll_stream_on_right", RATE + 'static.exceptAll(s).writeStream.format("console").start()\n')
case("stream_setop.exceptAll_two_streams", RATE + 's.exceptAll(s).writeStream.format("console").start()\n')
case("stream_setop.union_stream_static", RATE + 's.union(static).writeStream.format("console").start()\n')
case("stream_setop.offset_stream", RATE + 's.offset(1).writeStream.format("console").start()\n')
case("stream_setop.describe_stream", RATE + 's.describe()\n')
case("stream_setop.sample_stream_ok", RATE + 'q = s.sample(0.5, 1).writeStream.format("memory").queryName("sampled").start()\nq.stop()\nprint("started")\n')
case("stream_setop.pivot_stream", RATE + 's.groupBy("value").pivot("value", [1, 2]).count().writeStream.outputMode("complete").format("console").start()\n')
case("stream_setop.rollup_stream", RATE + 's.rollup("value").count().writeStream.outputMode("complete").format("memory").queryName("rolled").start().stop()\nprint("started")\n')

# Streams through the file source (golden_sql's feed: four files), console output compared.
STREAM_CASES = [
    ("stream_grouping.union_two_streams", 'other = spark.readStream.schema(schema).json(inputDir).where("id > 2")\nout = src.union(other)\n', "append"),
    ("stream_grouping.static_join_stream_inner", 'static = spark.createDataFrame([(1, "one"), (2, "two"), (3, "three")], "id int, label string")\nout = static.join(src, "id")\n', "append"),
    ("stream_grouping.stream_static_inner_string_key", 'static = spark.createDataFrame([("a", 1), ("b", 2), ("c", 3), ("a", 4)], "word string, n int")\nout = src.join(static, "word")\n', "append"),
    ("stream_grouping.stream_static_left_string_key", 'static = spark.createDataFrame([("a", 1), ("c", 3), ("a", 4)], "word string, n int")\nout = src.join(static, "word", "left")\n', "append"),
    ("stream_grouping.rollup_complete", 'out = src.rollup("word").count()\n', "complete"),
]


def run_streams(only):
    """golden_sql's runner (its STREAM prelude and four-file FEED) over this file's cases."""
    golden_sql.STREAM_CASES = STREAM_CASES
    return golden_sql.run_streams(only)


def main():
    from pyspark.sql import SparkSession
    only = sys.argv[1:]
    results = []
    golden.CASES = [c for c in CASES if not only or any(c[0].startswith(o) for o in only)]
    if golden.CASES:
        spark = (SparkSession.builder.master("local[2]")
                 .config("spark.ui.enabled", "false")
                 .config("spark.ui.showConsoleProgress", "false")
                 .getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
        results = golden.run_batch_cases(spark)
        spark.stop()
    results += run_streams(only)
    if only and os.path.exists(OUT):
        # Refresh the chosen cases, keep the others.
        with open(OUT, encoding="utf-8") as f:
            old = json.load(f)
        fresh = {r["id"]: r for r in results}
        merged = [fresh.pop(r["id"], r) for r in old]
        merged += [r for r in results if r["id"] in fresh]
        results = merged
    golden.write_results(results, OUT, ())


if __name__ == "__main__":
    main()
