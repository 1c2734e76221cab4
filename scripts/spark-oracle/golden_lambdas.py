#!/usr/bin/env python3
"""Spark oracle for higher-order functions (lambdas), maps, json_tuple, struct access, RANGE
frames with intervals, correlated subqueries and function error cases (issue 9, family 3 and the
expression side of families 1 and 5).

Runs every case below on real PySpark 3.5 and writes test/fixtures/spark-golden-lambdas.json, in
the format golden.py documents (id, pyspark, stdout, [error]). Every case runs after golden.py's
PRELUDE and this file's HOF_PRELUDE (the frames h and ev, the views h, ev, and golden_sql's emp, dept, items). A case made
by `exprs(...)` is `h.selectExpr(<exprs>).show(truncate=False)` and `.printSchema()`, which
test/spark-golden-lambdas.test.ts replays by running the same expression texts through Iskra; the
other cases have a program written against Iskra's public API there.

The DataFrame API's lambdas are named by a JVM-wide counter (`x_0`, `x_1`, … in the column
names): the cases run in order in one session, and the replay runs them in the same order.

Run:  python3 scripts/spark-oracle/golden_lambdas.py [id-prefix …]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import golden  # noqa: E402  (the shared runner: PRELUDE, describe)
import golden_sql  # noqa: E402  (its SQL_PRELUDE: the views emp, dept, items)

OUT = os.path.join(golden.ROOT, "test", "fixtures", "spark-golden-lambdas.json")

HOF_PRELUDE = golden_sql.SQL_PRELUDE + '''import pyspark.sql.functions as F
from pyspark.sql.window import Window
h = spark.createDataFrame([
    (1, [1, 2, 3], [10, 20], [3, None, 1], ["ccc", "a", "bb"], {"a": 1, "b": 2}, "a:1,b:2", '{"a": 1, "b": "x", "c": [1]}', "2024-01-01 10:00:00"),
    (2, [], [5], [None], ["z"], {}, "k:v", '{"a": 2}', "2024-01-01 10:07:00"),
    (3, None, None, None, None, None, None, None, None)],
    "id int, xs array<int>, ys array<int>, ns array<int>, ws array<string>, m map<string,int>, kv string, js string, t string")
h.createOrReplaceTempView("h")
ev = spark.createDataFrame([(1, "2024-01-01 00:00:00", 10), (1, "2024-01-01 12:00:00", 20), (1, "2024-01-02 06:00:00", 30),
    (1, "2024-01-04 00:00:00", 40), (2, "2024-01-02 00:00:00", 5), (2, "2024-01-03 00:00:00", 7)], "k int, t string, v int") \\
    .withColumn("ts", F.col("t").cast("timestamp")).withColumn("d", F.col("t").cast("date")).drop("t")
ev.createOrReplaceTempView("ev")
'''

CASES = []


def case(cid, code, **extra):
    CASES.append((cid, HOF_PRELUDE + code, extra))


def exprs(cid, *texts):
    """A selectExpr case: its show() and its printSchema()."""
    args = ", ".join(repr(x) for x in texts)
    case(cid, "h.selectExpr(" + args + ").show(truncate=False)\n", exprs=list(texts), action="show")
    case(cid + ".printSchema", "h.selectExpr(" + args + ").printSchema()\n", exprs=list(texts), action="printSchema")


def sql(cid, query, action="show()"):
    case(cid, "spark.sql(" + repr(query) + ")." + action + "\n", sql=query, action=action.split("(")[0])


# --- (a) higher-order functions in SQL -----------------------------------------------------------
exprs("hof.transform", "transform(xs, x -> x + 1)", "transform(xs, (x, i) -> x * i)", "transform(ws, w -> upper(w))")
exprs("hof.filter", "filter(xs, x -> x > 1)", "filter(xs, (x, i) -> i > 0)", "filter(ns, x -> x IS NOT NULL)")
exprs("hof.aggregate", "aggregate(xs, 0, (acc, x) -> acc + x)", "aggregate(xs, 0, (acc, x) -> acc + x, acc -> acc * 10)",
      "reduce(xs, 0, (acc, x) -> acc + x)", "aggregate(ws, '', (acc, w) -> concat(acc, w))")
exprs("hof.aggregate_long", "aggregate(xs, 0L, (acc, x) -> acc + x)", "aggregate(xs, cast(0 as double), (acc, x) -> acc + x, a -> a / 2)")
exprs("hof.exists_forall", "exists(xs, x -> x > 2)", "forall(xs, x -> x > 0)", "exists(ns, x -> x > 2)", "forall(ns, x -> x > 0)")
exprs("hof.zip_with", "zip_with(xs, ys, (x, y) -> x + y)", "zip_with(ws, xs, (w, x) -> concat(w, cast(x as string)))")
exprs("hof.map", "map_filter(m, (k, v) -> v > 1)", "transform_keys(m, (k, v) -> upper(k))", "transform_values(m, (k, v) -> v * 10)",
      "transform_values(m, (k, v) -> concat(k, '=', cast(v as string)))")
exprs("hof.array_sort", "array_sort(xs, (l, r) -> r - l)",
      "array_sort(ws, (l, r) -> CASE WHEN length(l) < length(r) THEN -1 WHEN length(l) > length(r) THEN 1 ELSE 0 END)")
exprs("hof.nested", "transform(xs, x -> transform(ys, y -> x + y))", "transform(xs, x -> x + id)", "transform(xs, id -> id + 1)")
exprs("hof.alias", "transform(xs, x -> x * 2) AS doubled", "size(filter(xs, x -> x % 2 = 1)) AS odd")
sql("hof.sql.where", "SELECT id FROM h WHERE exists(xs, x -> x = 2)")
sql("hof.sql.select", "SELECT id, transform(xs, x -> x + id) AS t, aggregate(ys, 0, (a, y) -> a + y) AS total FROM h ORDER BY id")
# errors
exprs("hof_error.not_array", "transform(id, x -> x + 1)")
exprs("hof_error.filter_not_boolean", "filter(xs, x -> x + 1)")
exprs("hof_error.lambda_args", "transform(xs, (x, i, j) -> x)")
exprs("hof_error.lambda_dup_args", "transform(xs, (x, x) -> x)")
exprs("hof_error.unresolved_in_lambda", "transform(xs, x -> y + 1)")
exprs("hof_error.aggregate_type", "aggregate(xs, 0, (acc, x) -> acc + 0.5D)")
exprs("hof_error.map_filter_array", "map_filter(xs, (k, v) -> true)")
exprs("hof_error.zip_with_one", "zip_with(xs, (x, y) -> x)")
# --- (a) the DataFrame API's lambdas ------------------------------------------------------------
case("hof.api.transform", "df = h.select(F.transform('xs', lambda x: x + 1), F.transform('xs', lambda x, i: x * i))\ndf.show()\ndf.printSchema()\n")
case("hof.api.filter", "df = h.select(F.filter('xs', lambda x: x > 1), F.filter(F.col('xs'), lambda x, i: i > 0))\ndf.show()\ndf.printSchema()\n")
case("hof.api.aggregate", "df = h.select(F.aggregate('xs', F.lit(0), lambda acc, x: acc + x), F.aggregate('xs', F.lit(0), lambda acc, x: acc + x, lambda acc: acc * 10))\n"
     "df.show(truncate=False)\ndf.printSchema()\n")
case("hof.api.exists_forall", "df = h.select(F.exists('xs', lambda x: x > 2), F.forall('ns', lambda x: x > 0))\ndf.show()\ndf.printSchema()\n")
case("hof.api.zip_with", "df = h.select(F.zip_with('xs', 'ys', lambda x, y: x + y).alias('z'))\ndf.show()\ndf.printSchema()\n")
case("hof.api.maps", "df = h.select(F.map_filter('m', lambda k, v: v > 1).alias('f'), F.transform_keys('m', lambda k, v: F.upper(k)).alias('k'), F.transform_values('m', lambda k, v: v + 1).alias('v'))\n"
     "df.show()\ndf.printSchema()\n")
case("hof.api.array_sort", "df = h.select(F.array_sort('xs', lambda l, r: r - l), F.array_sort('ws'))\ndf.show(truncate=False)\ndf.printSchema()\n")
case("hof.api.names", "print(h.select(F.transform('xs', lambda x: x * 2), F.filter('xs', lambda x: x > 0)).columns)\n")
case("hof.api.withColumn", "h.withColumn('sq', F.transform('xs', lambda x: x * x)).select('id', 'sq').show()\n")

# --- (b) maps, json_tuple, structs, window_time --------------------------------------------------
exprs("map.create", "map('a', 1, 'b', id)", "map()", "map(id, kv)")
exprs("map.keys_values", "map_keys(m)", "map_values(m)", "map_entries(m)", "size(m)")
exprs("map.from", "map_from_arrays(array('p', 'q'), array(id, id * 2))", "map_from_entries(array(struct('a', 1), struct('b', id)))",
      "map_from_entries(array(named_struct('k', id, 'v', kv)))")
exprs("map.concat", "map_concat(m, map('z', 26))", "map_concat(map('a', 1), map('b', 2))")
exprs("map.element_at", "element_at(m, 'a')", "element_at(m, 'zz')", "m['b']", "map_contains_key(m, 'a')")
exprs("map.str_to_map", "str_to_map(kv)", "str_to_map(kv, ',', ':')", "str_to_map('a=1;b=2', ';', '=')")
exprs("map_error.keys_not_map", "map_keys(xs)")
exprs("map_error.odd_args", "map('a', 1, 'b')")
exprs("map_error.from_arrays_type", "map_from_arrays(id, xs)")
case("map_error.duplicate_key", "h.selectExpr(\"map('a', 1, 'a', 2)\").show()\n")
case("map_error.null_key", "h.selectExpr('map(kv, 1)').show()\n")
case("map.api", "df = h.select(F.create_map(F.lit('a'), 'id').alias('cm'), F.map_keys('m'), F.map_values('m'), F.map_entries('m'), "
     "F.map_from_arrays(F.array(F.lit('p')), F.array('id')), F.map_concat('m', F.create_map(F.lit('z'), F.lit(26))), F.element_at('m', F.lit('a')))\n"
     "df.show(truncate=False)\ndf.printSchema()\n")
case("map.api2", "df = h.select(F.str_to_map('kv'), F.str_to_map('kv', F.lit(','), F.lit(':')).alias('s'), F.map_from_entries(F.array(F.struct(F.lit('k'), 'id'))))\n"
     "df.show(truncate=False)\ndf.printSchema()\n")
exprs("json_tuple.sql", "json_tuple(js, 'a', 'b')")
exprs("json_tuple.alias", "id", "json_tuple(js, 'a', 'c', 'zz') AS (x, y, z)")
case("json_tuple.api", "df = h.select('id', F.json_tuple('js', 'a', 'b'))\ndf.show()\ndf.printSchema()\n")
case("json_tuple.api_alias", "h.select(F.json_tuple('js', 'b', 'a').alias('bee', 'ay')).show()\n")
sql("json_tuple.lateral_view", "SELECT id, x, y FROM h LATERAL VIEW json_tuple(js, 'a', 'b') j AS x, y ORDER BY id")
exprs("struct.access", "named_struct('x', id, 'y', xs).x", "named_struct('x', id, 'y', xs)", "struct(id, kv).id", "struct(id, kv)", "struct(id AS a, kv AS b).b")
case("struct.api", "s = h.select(F.struct('id', 'kv').alias('s'), F.named_struct(F.lit('p'), 'id', F.lit('q'), 'kv').alias('n'))\n"
     "df = s.select('s.id', F.col('s')['kv'], F.col('n').getField('p'), 's.*')\ndf.show()\ndf.printSchema()\n")
case("window_time.basic", "w = h.withColumn('ts', F.col('t').cast('timestamp')).where('ts IS NOT NULL').groupBy(F.window('ts', '5 minutes')).count()\n"
     "df = w.select(F.window_time('window'), 'count').orderBy('count', F.window_time('window'))\ndf.show(truncate=False)\ndf.printSchema()\n")
case("window_time.sql", "spark.sql(\"SELECT window_time(window) AS wt, count FROM (SELECT window(CAST(t AS TIMESTAMP), '10 minutes') AS window, count(*) AS count FROM h WHERE t IS NOT NULL GROUP BY 1)\").show(truncate=False)\n")

# --- (d) RANGE frames with intervals ------------------------------------------------------------
sql("frame.range_interval_ts", "SELECT k, ts, v, sum(v) OVER (PARTITION BY k ORDER BY ts RANGE BETWEEN INTERVAL 1 DAY PRECEDING AND CURRENT ROW) AS s FROM ev ORDER BY k, ts")
sql("frame.range_interval_ts.printSchema", "SELECT k, ts, v, sum(v) OVER (PARTITION BY k ORDER BY ts RANGE BETWEEN INTERVAL 1 DAY PRECEDING AND CURRENT ROW) AS s FROM ev", "printSchema()")
sql("frame.range_interval_hours", "SELECT k, ts, count(*) OVER (ORDER BY ts RANGE BETWEEN INTERVAL 12 HOURS PRECEDING AND INTERVAL '12' HOUR FOLLOWING) AS c FROM ev ORDER BY ts, k")
sql("frame.range_interval_date", "SELECT k, d, sum(v) OVER (PARTITION BY k ORDER BY d RANGE BETWEEN INTERVAL 1 DAY PRECEDING AND CURRENT ROW) AS s FROM ev ORDER BY k, d, s")
sql("frame.range_interval_name", "SELECT k, ts, max(v) OVER (PARTITION BY k ORDER BY ts RANGE BETWEEN INTERVAL 2 DAYS PRECEDING AND CURRENT ROW) FROM ev ORDER BY k, ts")
sql("frame.range_interval_desc", "SELECT k, ts, sum(v) OVER (ORDER BY ts DESC RANGE BETWEEN INTERVAL 1 DAY PRECEDING AND CURRENT ROW) AS s FROM ev ORDER BY ts DESC, k")
case("frame.range_api_numeric", "w = Window.partitionBy('k').orderBy('v').rangeBetween(-10, 0)\nev.select('k', 'v', F.sum('v').over(w).alias('s')).orderBy('k', 'v').show()\n")
case("frame.range_api_ts_long", "w = Window.partitionBy('k').orderBy(F.col('ts').cast('long')).rangeBetween(-86400, 0)\nev.select('k', 'ts', F.sum('v').over(w).alias('s')).orderBy('k', 'ts').show()\n")
case("frame_error.range_api_ts_int", "w = Window.orderBy('ts').rangeBetween(-86400, 0)\nev.select('ts', F.sum('v').over(w)).show()\n")
sql("frame_error.interval_on_int", "SELECT sum(v) OVER (ORDER BY v RANGE BETWEEN INTERVAL 1 DAY PRECEDING AND CURRENT ROW) FROM ev")
sql("frame_error.int_on_ts", "SELECT sum(v) OVER (ORDER BY ts RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM ev")
sql("frame_error.rows_interval", "SELECT sum(v) OVER (ORDER BY ts ROWS BETWEEN INTERVAL 1 DAY PRECEDING AND CURRENT ROW) FROM ev")

# --- (c) correlated subqueries -------------------------------------------------------------------
sql("subq.scalar_correlated", "SELECT name, salary, (SELECT max(e2.salary) FROM emp e2 WHERE e2.dept = e1.dept) AS top FROM emp e1 ORDER BY id")
sql("subq.scalar_correlated_where", "SELECT name FROM emp e1 WHERE salary = (SELECT max(salary) FROM emp e2 WHERE e2.dept = e1.dept) ORDER BY name")
sql("subq.scalar_correlated_count", "SELECT d.dept, (SELECT count(*) FROM emp e WHERE e.dept = d.dept) AS n FROM dept d ORDER BY d.dept")
sql("subq.exists_correlated_filter", "SELECT name FROM emp e WHERE EXISTS (SELECT 1 FROM dept d WHERE d.dept = e.dept AND d.title LIKE 'E%') ORDER BY name")
sql("subq.in_correlated", "SELECT name FROM emp e1 WHERE salary IN (SELECT salary FROM emp e2 WHERE e2.dept = e1.dept AND e2.id <> e1.id) ORDER BY name")
sql("subq.not_exists_correlated", "SELECT name FROM emp e1 WHERE NOT EXISTS (SELECT 1 FROM emp e2 WHERE e2.dept = e1.dept AND e2.salary > e1.salary) ORDER BY name")
sql("subq_error.scalar_not_aggregated", "SELECT name, (SELECT e2.salary FROM emp e2 WHERE e2.dept = e1.dept) FROM emp e1")
sql("subq_error.non_equality", "SELECT name, (SELECT max(e2.salary) FROM emp e2 WHERE e2.salary < e1.salary) FROM emp e1")

# --- (e) error cases of the functions ------------------------------------------------------------
exprs("err.wrong_num_args", "substring_index(kv, ',')")
exprs("err.wrong_num_args_range", "lpad(kv)")
exprs("err.wrong_num_args_zero", "upper()")
exprs("err.unresolved_routine", "uper(kv)")
exprs("err.unresolved_routine_far", "no_such_function(kv)")
exprs("err.array_type", "sort_array(kv)")
exprs("err.array_join_type", "array_join(id, ',')")
exprs("err.element_at_type", "element_at(kv, 1)")
exprs("err.flatten_type", "flatten(xs)")
exprs("err.slice_type", "slice(xs, 'a', 1)")
exprs("err.date_add_type", "date_add(t, 'x')")
exprs("err.sha2_bits", "sha2(kv, xs)")
exprs("err.concat_types", "concat(xs, kv)")
exprs("err.size_type", "size(kv)")
exprs("err.array_contains_type", "array_contains(kv, 1)")
exprs("err.greatest_types", "greatest(xs, id)")
exprs("err.array_position_type", "array_position(id, 1)")


def main():
    golden.batch_main(CASES, OUT)


if __name__ == "__main__":
    main()
