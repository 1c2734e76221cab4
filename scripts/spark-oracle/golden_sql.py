#!/usr/bin/env python3
"""Spark oracle for SQL statements, window functions and their streaming counterparts.

Runs every case below on real PySpark 3.5 and writes test/fixtures/spark-golden-sql.json, in
the format golden.py documents (id, pyspark, stdout, [error], [batches]). The batch cases run
after golden.py's PRELUDE and this file's SQL_PRELUDE (the views emp, dept, items); streaming
cases are whole scripts run in their own process so the console sink's output is captured.
test/spark-golden-sql.test.ts replays them through Iskra.

Run:  python3 scripts/spark-oracle/golden_sql.py [id-prefix …]
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import golden  # noqa: E402  (the shared runner: PRELUDE, describe, run_script, split_batches)

OUT = os.path.join(golden.ROOT, "test", "fixtures", "spark-golden-sql.json")

SQL_PRELUDE = '''from pyspark.sql.window import Window
from pyspark.sql.functions import (row_number, rank, dense_rank, percent_rank, ntile, cume_dist, lag, lead,
    last, collect_list, asc, desc)
emp = spark.createDataFrame(
    [(1, "Alice", "eng", 100), (2, "Bob", "eng", 80), (3, "Carol", "ops", 90), (4, "Dan", "ops", 90),
     (5, "Eve", "hr", 70), (6, "Frank", None, 60), (7, "Grace", "eng", 80)],
    "id int, name string, dept string, salary int")
emp.createOrReplaceTempView("emp")
dept = spark.createDataFrame([("eng", "Engineering"), ("ops", "Operations"), ("fin", "Finance")], "dept string, title string")
dept.createOrReplaceTempView("dept")
items = spark.createDataFrame([(1, ["a", "b"]), (2, []), (3, None), (4, ["c"])], "id int, tags array<string>")
items.createOrReplaceTempView("items")
'''

CASES = []


def case(cid, code, **extra):
    CASES.append((cid, SQL_PRELUDE + code, extra))


def sql(cid, query, action="show()"):
    case(cid, "spark.sql(" + repr(query) + ")." + action + "\n")


# --- SQL statements ------------------------------------------------------------------------------
sql("sql.values.alias", "SELECT * FROM VALUES (1, 'a'), (2, 'b') AS t(a, b)")
sql("sql.values.alias.printSchema", "SELECT * FROM VALUES (1, 'a'), (2, 'b') AS t(a, b)", "printSchema()")
sql("sql.values.no_alias", "SELECT * FROM VALUES (1, 2), (3, 4)")
sql("sql.values.no_alias.printSchema", "SELECT * FROM VALUES (1, 2), (3, 4)", "printSchema()")
sql("sql.values.nulls_and_widening", "SELECT * FROM VALUES (1, 'x', true), (null, null, false), (3000000000, 'z', null) AS t(n, s, b)")
sql("sql.values.nulls_and_widening.printSchema", "SELECT * FROM VALUES (1, 'x', true), (null, null, false), (3000000000, 'z', null) AS t(n, s, b)", "printSchema()")
sql("sql.values.expressions", "SELECT a + b AS s, upper(c) AS u FROM VALUES (1, 2, 'x'), (3, 4, 'y') AS t(a, b, c) WHERE a > 1")
sql("sql.values.single_column", "SELECT * FROM VALUES 1, 2, 3 AS t(x)")
sql("sql.values.collect", "SELECT * FROM VALUES (1, 'a'), (2, 'b') AS t(a, b)", "collect()")
case("sql.values.collect_print", "print(spark.sql(\"SELECT * FROM VALUES (1, 'a'), (2, 'b') AS t(a, b)\").collect())\n")
case("sql.values.columns", "print(spark.sql(\"SELECT a, b AS bee FROM VALUES (1, 'a') AS t(a, b)\").columns)\n")
sql("sql.select.no_from", "SELECT 1 AS x, 'a' AS y, 1 + 2, true")
sql("sql.select.no_from.printSchema", "SELECT 1 AS x, 'a' AS y, 1 + 2, true", "printSchema()")
sql("sql.select.where_order_limit", "SELECT name, salary FROM emp WHERE salary >= 80 ORDER BY salary DESC, name LIMIT 3")
sql("sql.select.alias_without_as", "SELECT name n, salary * 2 double_salary FROM emp WHERE id < 3")
sql("sql.select.star_and_expr", "SELECT *, salary + 1 AS s1 FROM emp WHERE dept = 'eng'")
sql("sql.select.distinct", "SELECT DISTINCT dept FROM emp ORDER BY dept")
sql("sql.select.order_nulls_last", "SELECT name, dept FROM emp ORDER BY dept DESC NULLS LAST, name")
sql("sql.select.order_asc_nulls_last", "SELECT name, dept FROM emp ORDER BY dept ASC NULLS LAST, name DESC")
sql("sql.select.order_by_ordinal", "SELECT name, salary FROM emp ORDER BY 2 DESC, 1")
sql("sql.select.order_by_alias", "SELECT name, salary * 2 AS s2 FROM emp ORDER BY s2, name LIMIT 4")
sql("sql.select.order_by_hidden_column", "SELECT name FROM emp ORDER BY salary, id")
sql("sql.select.case_when", "SELECT name, CASE WHEN salary >= 90 THEN 'high' WHEN salary >= 80 THEN 'mid' ELSE 'low' END AS band FROM emp ORDER BY id")
sql("sql.select.between_in_like", "SELECT name FROM emp WHERE salary BETWEEN 70 AND 90 AND dept IN ('eng', 'hr') OR name LIKE 'F%' ORDER BY name")
sql("sql.select.is_null", "SELECT name FROM emp WHERE dept IS NULL")
sql("sql.select.semicolon", "SELECT count(*) FROM emp;")
sql("sql.select.lowercase_keywords", "select dept, max(salary) as top from emp group by dept order by dept")
sql("sql.group.having", "SELECT dept, count(*) AS n, sum(salary) FROM emp GROUP BY dept HAVING count(*) > 1 ORDER BY dept")
sql("sql.group.having.printSchema", "SELECT dept, count(*) AS n, sum(salary) FROM emp GROUP BY dept HAVING count(*) > 1 ORDER BY dept", "printSchema()")
sql("sql.group.by_ordinal", "SELECT dept, avg(salary) FROM emp GROUP BY 1 ORDER BY 1")
sql("sql.group.having_alias", "SELECT dept, sum(salary) AS total FROM emp GROUP BY dept HAVING total > 100 ORDER BY total")
sql("sql.group.order_by_aggregate", "SELECT dept, count(*) AS n FROM emp GROUP BY dept ORDER BY count(*) DESC, dept")
sql("sql.group.global", "SELECT count(*), min(salary), max(salary), avg(salary) FROM emp")
sql("sql.group.count_distinct", "SELECT count(DISTINCT dept) AS d FROM emp")
sql("sql.join.inner_qualified", "SELECT e.name, d.title FROM emp e JOIN dept d ON e.dept = d.dept ORDER BY e.name")
sql("sql.join.inner_as_alias", "SELECT e.name, d.title FROM emp AS e INNER JOIN dept AS d ON e.dept = d.dept WHERE e.salary > 80 ORDER BY e.name")
sql("sql.join.left", "SELECT e.name, d.title FROM emp e LEFT JOIN dept d ON e.dept = d.dept ORDER BY e.id")
sql("sql.join.left_outer_printSchema", "SELECT e.name, d.title FROM emp e LEFT OUTER JOIN dept d ON e.dept = d.dept", "printSchema()")
sql("sql.join.right", "SELECT e.name, d.title FROM emp e RIGHT JOIN dept d ON e.dept = d.dept ORDER BY d.title, e.name")
sql("sql.join.full", "SELECT e.name, d.title FROM emp e FULL OUTER JOIN dept d ON e.dept = d.dept ORDER BY e.name NULLS FIRST, d.title")
sql("sql.join.using", "SELECT * FROM emp JOIN dept USING (dept) ORDER BY id")
sql("sql.join.comma_where", "SELECT e.name, d.title FROM emp e, dept d WHERE e.dept = d.dept AND e.salary < 90 ORDER BY e.name")
sql("sql.join.table_name_qualifier", "SELECT emp.name, dept.title FROM emp JOIN dept ON emp.dept = dept.dept ORDER BY emp.name")
sql("sql.join.star_qualified", "SELECT d.*, e.name FROM emp e JOIN dept d ON e.dept = d.dept ORDER BY e.name")
sql("sql.join.self", "SELECT a.name, b.name AS peer FROM emp a JOIN emp b ON a.dept = b.dept AND a.id < b.id ORDER BY a.name, peer")
sql("sql.join.left_semi", "SELECT * FROM emp LEFT SEMI JOIN dept ON emp.dept = dept.dept ORDER BY id")
sql("sql.join.left_anti", "SELECT name FROM emp LEFT ANTI JOIN dept ON emp.dept = dept.dept ORDER BY name")
sql("sql.join.cross", "SELECT e.id, d.dept FROM emp e CROSS JOIN dept d WHERE e.id <= 2 ORDER BY e.id, d.dept")
sql("sql.join.group", "SELECT d.title, count(*) AS n, sum(e.salary) AS total FROM emp e JOIN dept d ON e.dept = d.dept GROUP BY d.title ORDER BY d.title")
sql("sql.subquery.from", "SELECT dept, total FROM (SELECT dept, sum(salary) AS total FROM emp GROUP BY dept) s WHERE total > 100 ORDER BY dept")
sql("sql.subquery.from_no_alias", "SELECT max(salary) FROM (SELECT * FROM emp WHERE dept = 'eng')")
sql("sql.subquery.nested", "SELECT x FROM (SELECT y + 1 AS x FROM (SELECT salary AS y FROM emp) a) b ORDER BY x DESC LIMIT 2")
sql("sql.subquery.scalar", "SELECT name FROM emp WHERE salary > (SELECT avg(salary) FROM emp) ORDER BY name")
sql("sql.subquery.in", "SELECT name FROM emp WHERE dept IN (SELECT dept FROM dept) ORDER BY name")
sql("sql.subquery.not_in", "SELECT name FROM emp WHERE id NOT IN (SELECT id FROM emp WHERE salary > 80) ORDER BY name")
sql("sql.subquery.exists", "SELECT d.title FROM dept d WHERE EXISTS (SELECT 1 FROM emp e WHERE e.dept = d.dept) ORDER BY d.title")
sql("sql.subquery.scalar_in_select", "SELECT name, salary - (SELECT min(salary) FROM emp) AS above_min FROM emp ORDER BY id LIMIT 3")
sql("sql.cte.single", "WITH high AS (SELECT * FROM emp WHERE salary >= 90) SELECT name FROM high ORDER BY name")
sql("sql.cte.multiple", "WITH a AS (SELECT dept, salary FROM emp WHERE dept IS NOT NULL), b AS (SELECT dept, max(salary) AS top FROM a GROUP BY dept) SELECT * FROM b ORDER BY top DESC, dept")
sql("sql.cte.column_list", "WITH t(x, y) AS (SELECT id, name FROM emp) SELECT y FROM t WHERE x = 3")
sql("sql.cte.join", "WITH totals AS (SELECT dept, sum(salary) AS total FROM emp GROUP BY dept) SELECT d.title, t.total FROM dept d JOIN totals t ON d.dept = t.dept ORDER BY d.title")
sql("sql.union.all", "SELECT name FROM emp WHERE dept = 'hr' UNION ALL SELECT title FROM dept WHERE dept = 'fin' UNION ALL SELECT name FROM emp WHERE dept = 'hr'")
sql("sql.union.distinct", "SELECT dept FROM emp UNION SELECT dept FROM dept ORDER BY dept")
sql("sql.union.order_limit", "SELECT id, name FROM emp WHERE id < 3 UNION ALL SELECT id, name FROM emp WHERE id > 5 ORDER BY id DESC LIMIT 3")
sql("sql.union.widening", "SELECT 1 AS a UNION ALL SELECT 2.5D UNION ALL SELECT null")
sql("sql.union.widening.printSchema", "SELECT 1 AS a UNION ALL SELECT 2.5D UNION ALL SELECT null", "printSchema()")
sql("sql.setop.intersect", "SELECT dept FROM emp INTERSECT SELECT dept FROM dept ORDER BY dept")
sql("sql.setop.except", "SELECT dept FROM dept EXCEPT SELECT dept FROM emp")
# --- generators in SELECT ------------------------------------------------------------------------
sql("sql.gen.explode_literal", "SELECT explode(array(1, 2, 3)) AS x")
sql("sql.gen.explode_default_name", "SELECT explode(array(10, 20))")
sql("sql.gen.explode_view", "SELECT id, explode(tags) AS tag FROM items")
sql("sql.gen.explode_outer", "SELECT id, explode_outer(tags) AS tag FROM items")
sql("sql.gen.posexplode", "SELECT id, posexplode(tags) FROM items")
sql("sql.gen.posexplode_alias", "SELECT posexplode(array('a', 'b')) AS (p, v)")
sql("sql.gen.posexplode_outer", "SELECT id, posexplode_outer(tags) FROM items")
sql("sql.gen.explode_map", "SELECT explode(map('a', 1, 'b', 2))")
sql("sql.gen.explode_map.printSchema", "SELECT explode(map('a', 1, 'b', 2))", "printSchema()")
sql("sql.gen.explode_map_alias", "SELECT explode(map('a', 1, 'b', 2)) AS (k, v)")
sql("sql.gen.inline", "SELECT inline(array(struct(1, 'a'), struct(2, 'b')))")
sql("sql.gen.inline.printSchema", "SELECT inline(array(struct(1, 'a'), struct(2, 'b')))", "printSchema()")
sql("sql.gen.inline_named", "SELECT inline(array(named_struct('k', 1, 'v', 'x'), named_struct('k', 2, 'v', 'y')))")
sql("sql.gen.inline_outer", "SELECT id, inline_outer(CASE WHEN id = 1 THEN array(struct(id AS a, 'z' AS b)) ELSE array() END) FROM items ORDER BY id")
sql("sql.gen.explode_group", "SELECT tag, count(*) AS n FROM (SELECT explode(tags) AS tag FROM items) GROUP BY tag ORDER BY tag")
sql("sql.gen.lateral_view", "SELECT id, tag FROM items LATERAL VIEW explode(tags) t AS tag ORDER BY id, tag")
sql("sql.gen.lateral_view_outer", "SELECT id, tag FROM items LATERAL VIEW OUTER explode(tags) t AS tag ORDER BY id")
sql("sql.gen.from_range", "SELECT id * 10 AS x FROM range(3)")
# --- windows in SQL ------------------------------------------------------------------------------
sql("sql.window.row_number", "SELECT name, dept, salary, row_number() OVER (PARTITION BY dept ORDER BY salary DESC, id) AS rn FROM emp")
sql("sql.window.row_number.printSchema", "SELECT name, row_number() OVER (PARTITION BY dept ORDER BY salary DESC) AS rn FROM emp", "printSchema()")
sql("sql.window.ranks", "SELECT name, salary, rank() OVER (ORDER BY salary DESC) AS r, dense_rank() OVER (ORDER BY salary DESC) AS dr, percent_rank() OVER (ORDER BY salary DESC) AS pr FROM emp")
sql("sql.window.default_names", "SELECT id, rank() OVER (ORDER BY salary), sum(salary) OVER (PARTITION BY dept) FROM emp ORDER BY id")
sql("sql.window.running_sum_rows", "SELECT id, salary, sum(salary) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running FROM emp")
sql("sql.window.moving_avg", "SELECT id, avg(salary) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS m FROM emp")
sql("sql.window.range_default", "SELECT id, salary, sum(salary) OVER (ORDER BY salary) AS s FROM emp")
sql("sql.window.range_between", "SELECT id, salary, count(*) OVER (ORDER BY salary RANGE BETWEEN 10 PRECEDING AND 10 FOLLOWING) AS c FROM emp")
sql("sql.window.lag_lead", "SELECT id, salary, lag(salary) OVER (ORDER BY id) AS prev, lead(salary, 2, 0) OVER (ORDER BY id) AS next2 FROM emp")
sql("sql.window.partition_agg", "SELECT name, dept, salary, max(salary) OVER (PARTITION BY dept) AS top, salary - avg(salary) OVER (PARTITION BY dept) AS diff FROM emp ORDER BY id")
sql("sql.window.ntile", "SELECT id, ntile(3) OVER (ORDER BY id) AS t FROM emp")
sql("sql.window.named", "SELECT id, sum(salary) OVER w AS s, rank() OVER w AS r FROM emp WINDOW w AS (PARTITION BY dept ORDER BY salary) ORDER BY id")
sql("sql.window.filter_top", "SELECT name, dept FROM (SELECT name, dept, row_number() OVER (PARTITION BY dept ORDER BY salary DESC, id) AS rn FROM emp) WHERE rn = 1 ORDER BY dept")
sql("sql.window.first_last", "SELECT id, first(salary) OVER (PARTITION BY dept ORDER BY id) AS f, last(salary) OVER (PARTITION BY dept ORDER BY id) AS l FROM emp ORDER BY id")
# --- SQL errors ----------------------------------------------------------------------------------
sql("sql_error.select_from_nothing", "SELECT FROM emp")
sql("sql_error.misspelt_select", "SELEC name FROM emp")
sql("sql_error.where_eof", "SELECT * FROM emp WHERE")
sql("sql_error.multiline", "SELECT name,\n  salary\nFROM emp\nWHERE salary >")
sql("sql_error.trailing_garbage", "SELECT name FROM emp emp2 emp3")
sql("sql_error.unclosed_paren", "SELECT count(* FROM emp")
sql("sql_error.order_without_by", "SELECT name FROM emp ORDER name")
sql("sql_error.table_not_found", "SELECT * FROM nope")
sql("sql_error.table_not_found_join", "SELECT * FROM emp e JOIN nope n ON e.id = n.id")
sql("sql_error.unresolved_column", "SELECT nme FROM emp")
sql("sql_error.unresolved_qualified", "SELECT e.nme FROM emp e")
sql("sql_error.unresolved_values", "SELECT c FROM VALUES (1, 2) AS t(a, b)")
sql("sql_error.ambiguous", "SELECT dept FROM emp e JOIN dept d ON e.dept = d.dept")
sql("sql_error.missing_group_by", "SELECT dept, count(*) FROM emp")
sql("sql_error.missing_aggregation", "SELECT name, count(*) FROM emp GROUP BY dept")
sql("sql_error.values_arity", "SELECT * FROM VALUES (1, 2), (3) AS t(a, b)")
sql("sql_error.values_alias_arity", "SELECT * FROM VALUES (1, 2) AS t(a)")
sql("sql_error.union_arity", "SELECT id, name FROM emp UNION SELECT dept FROM dept")
sql("sql_error.order_ordinal_out_of_range", "SELECT name FROM emp ORDER BY 3")
sql("sql_error.window_without_order", "SELECT row_number() OVER (PARTITION BY dept) FROM emp")
sql("sql_error.empty_statement", "")
case("sql_error.table_not_found_api", 'spark.table("nope")\n')
# --- window functions: the DataFrame API -----------------------------------------------------------
W = 'w = Window.partitionBy("dept").orderBy(col("salary").desc(), "id")\n'
case("win.row_number", W + 'emp.withColumn("rn", row_number().over(w)).show()\n')
case("win.row_number.printSchema", W + 'emp.withColumn("rn", row_number().over(w)).printSchema()\n')
case("win.ranks", 'w = Window.orderBy("salary")\nemp.select("name", "salary", rank().over(w).alias("rank"), dense_rank().over(w).alias("dense"), percent_rank().over(w).alias("pct"), cume_dist().over(w).alias("cume")).show()\n')
case("win.ranks.printSchema", 'w = Window.orderBy("salary")\nemp.select(rank().over(w), dense_rank().over(w), percent_rank().over(w), cume_dist().over(w), ntile(2).over(w), row_number().over(w)).printSchema()\n')
case("win.default_names", 'w = Window.partitionBy("dept").orderBy("id")\nprint(emp.select(row_number().over(w), rank().over(w), lag("salary").over(w), lead("salary", 2, -1).over(w), sum("salary").over(w), count("*").over(w), ntile(2).over(w)).columns)\n')
case("win.lag_lead", 'w = Window.partitionBy("dept").orderBy("id")\nemp.select("id", "dept", "salary", lag("salary").over(w).alias("prev"), lead("salary").over(w).alias("next"), lag("salary", 2, 0).over(w).alias("prev2")).orderBy("id").show()\n')
case("win.lag_lead.printSchema", 'w = Window.partitionBy("dept").orderBy("id")\nemp.select(lag("salary").over(w).alias("prev"), lag("salary", 1, 0).over(w).alias("prev0"), lead("name").over(w).alias("nxt")).printSchema()\n')
case("win.ntile", 'w = Window.orderBy("id")\nemp.select("id", ntile(3).over(w).alias("n3"), ntile(10).over(w).alias("n10")).show()\n')
case("win.partition_sum_no_order", 'w = Window.partitionBy("dept")\nemp.withColumn("total", sum("salary").over(w)).withColumn("share", col("salary") / col("total")).orderBy("id").show()\n')
case("win.running_total_default_frame", 'w = Window.partitionBy("dept").orderBy("salary")\nemp.withColumn("running", sum("salary").over(w)).show()\n')
case("win.rows_between_moving", 'w = Window.orderBy("id").rowsBetween(-1, 1)\nemp.select("id", "salary", avg("salary").over(w).alias("m"), min("salary").over(w).alias("lo")).show()\n')
case("win.rows_between_unbounded", 'w = Window.orderBy("id").rowsBetween(Window.unboundedPreceding, Window.unboundedFollowing)\nemp.select("id", sum("salary").over(w).alias("all"), last("name").over(w).alias("last_name")).show()\n')
case("win.rows_between_following", 'w = Window.partitionBy("dept").orderBy("id").rowsBetween(Window.currentRow, Window.unboundedFollowing)\nemp.select("id", "dept", collect_list("name").over(w).alias("rest")).orderBy("id").show(truncate=False)\n')
case("win.range_between_values", 'w = Window.orderBy("salary").rangeBetween(-10, 0)\nemp.select("id", "salary", count("*").over(w).alias("c"), sum("salary").over(w).alias("s")).show()\n')
case("win.range_between_current", 'w = Window.orderBy("salary").rangeBetween(Window.currentRow, Window.currentRow)\nemp.select("id", "salary", count("*").over(w).alias("ties")).show()\n')
case("win.first_last", 'w = Window.partitionBy("dept").orderBy("id")\nemp.select("id", "dept", first("name").over(w).alias("f"), last("name").over(w).alias("l")).orderBy("id").show()\n')
case("win.max_min_count", 'w = Window.partitionBy("dept")\nemp.select("name", "dept", max("salary").over(w).alias("mx"), min("salary").over(w).alias("mn"), count("name").over(w).alias("n")).orderBy("name").show()\n')
case("win.order_desc_nulls", 'w = Window.orderBy(col("dept").desc_nulls_first(), "id")\nemp.select("id", "dept", row_number().over(w).alias("rn")).show()\n')
case("win.partition_by_column_list", 'w = Window.partitionBy(["dept"]).orderBy(desc("salary"), asc("name"))\nemp.select("name", dense_rank().over(w).alias("d")).show()\n')
case("win.filter_top_per_group", W + 'emp.withColumn("rn", row_number().over(w)).filter(col("rn") == 1).drop("rn").orderBy("dept").show()\n')
case("win.string_window_spec_expr", 'emp.select("id", expr("row_number() OVER (PARTITION BY dept ORDER BY id)").alias("rn")).orderBy("id").show()\n')
case("win.avg_double", 'w = Window.partitionBy("dept").orderBy("id").rowsBetween(-1, 0)\nemp.select("id", avg("salary").over(w).alias("a")).orderBy("id").show()\n')
case("win_error.row_number_without_order", 'emp.select(row_number().over(Window.partitionBy("dept"))).show()\n')
case("win_error.rank_with_rows_frame", 'emp.select(rank().over(Window.orderBy("id").rowsBetween(-1, 1))).show()\n')
case("win_error.range_two_order_keys", 'emp.select(sum("salary").over(Window.orderBy("id", "salary").rangeBetween(-1, 1))).show()\n')
case("win_error.range_string_order", 'emp.select(sum("salary").over(Window.orderBy("name").rangeBetween(-1, 1))).show()\n')
case("win_error.window_function_without_over", 'emp.select(row_number()).show()\n')
case("win_error.unresolved_partition", 'emp.select(row_number().over(Window.partitionBy("nope").orderBy("id"))).show()\n')

# --- more statements (second capture) ------------------------------------------------------------
sql("sql2.window_over_aggregate", "SELECT dept, sum(salary) AS total, rank() OVER (ORDER BY sum(salary) DESC) AS r FROM emp GROUP BY dept")
sql("sql2.window_over_aggregate_alias", "SELECT dept, count(*) AS n, dense_rank() OVER (ORDER BY count(*) DESC, dept) AS dr FROM emp WHERE dept IS NOT NULL GROUP BY dept ORDER BY dr")
sql("sql2.group_by_expression", "SELECT upper(dept) AS d, count(*) FROM emp GROUP BY upper(dept) ORDER BY d")
sql("sql2.having_without_group_by", "SELECT count(*) AS n FROM emp HAVING count(*) > 3")
sql("sql2.star_with_window", "SELECT *, row_number() OVER (ORDER BY salary DESC, id) AS rn FROM emp")
sql("sql2.window_in_where", "SELECT name FROM emp WHERE row_number() OVER (ORDER BY id) = 1")
sql("sql2.distinct_order_by_hidden", "SELECT DISTINCT dept FROM emp ORDER BY salary")
sql("sql2.nested_cte_subquery", "WITH a AS (SELECT * FROM emp WHERE salary > 60) SELECT dept, cnt FROM (SELECT dept, count(*) AS cnt FROM a GROUP BY dept) t WHERE cnt > 1 ORDER BY dept")
sql("sql2.union_in_subquery", "SELECT count(*) AS c FROM (SELECT name FROM emp UNION ALL SELECT title FROM dept) u")
sql("sql2.case_in_group", "SELECT CASE WHEN salary >= 90 THEN 'high' ELSE 'low' END AS band, count(*) AS n FROM emp GROUP BY CASE WHEN salary >= 90 THEN 'high' ELSE 'low' END ORDER BY band")
sql("sql2.coalesce_left_join", "SELECT e.name, coalesce(d.title, 'none') AS title FROM emp e LEFT JOIN dept d ON e.dept = d.dept ORDER BY e.id")
sql("sql2.join_three", "SELECT a.name, b.name AS other, d.title FROM emp a JOIN emp b ON a.dept = b.dept AND a.id <> b.id JOIN dept d ON a.dept = d.dept WHERE a.id < 3 ORDER BY a.name, other")
sql("sql2.limit_zero", "SELECT * FROM emp LIMIT 0")
sql("sql2.count_star_alias_order", "SELECT dept, count(*) c FROM emp GROUP BY dept ORDER BY c DESC, dept LIMIT 2")
sql("sql2.window_partition_two_keys", "SELECT id, sum(salary) OVER (PARTITION BY dept, salary >= 80) AS s FROM emp ORDER BY id")
sql("sql2.window_lag_in_expression", "SELECT id, salary - lag(salary, 1, salary) OVER (ORDER BY id) AS delta FROM emp")
sql("sql2.window_unbounded_following", "SELECT id, max(salary) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS m FROM emp")
sql("sql2.window_nth_value", "SELECT id, nth_value(name, 2) OVER (PARTITION BY dept ORDER BY id) AS second FROM emp ORDER BY id")
sql("sql2.window_first_ignore_nulls", "SELECT id, first(dept, true) OVER (ORDER BY id DESC) AS f, last(dept) IGNORE NULLS OVER (ORDER BY id) AS l FROM emp ORDER BY id")
sql("sql2.window_count_distinct_error", "SELECT count(DISTINCT dept) OVER () FROM emp")
sql("sql2.window_empty_over", "SELECT id, count(*) OVER () AS n FROM emp")
sql("sql2.create_temp_view", "CREATE OR REPLACE TEMP VIEW rich AS SELECT * FROM emp WHERE salary >= 90", "show()")
case("sql2.create_temp_view_then_select", 'spark.sql("CREATE OR REPLACE TEMPORARY VIEW rich AS SELECT name, salary FROM emp WHERE salary >= 90")\nspark.sql("SELECT * FROM rich ORDER BY name").show()\n')
case("sql2.create_temp_view_columns", 'print(spark.sql("CREATE OR REPLACE TEMP VIEW rich AS SELECT * FROM emp").columns)\n')
sql("sql2.in_list_and_not_like", "SELECT name FROM emp WHERE dept NOT IN ('eng') AND name NOT LIKE 'C%' ORDER BY name")
sql("sql2.cast_and_arith", "SELECT name, CAST(salary AS DOUBLE) / 3 AS third, salary % 7 AS m FROM emp WHERE id <= 3")
sql("sql2.select_table_star_from_subquery", "SELECT s.* FROM (SELECT id, name FROM emp WHERE id = 1) s")
sql("sql2.values_in_join", "SELECT e.name, v.bonus FROM emp e JOIN VALUES ('eng', 10), ('hr', 5) AS v(dept, bonus) ON e.dept = v.dept ORDER BY e.name")
sql("sql2.group_by_all_aggregates_no_rows", "SELECT count(*), sum(salary) FROM emp WHERE salary > 1000")
sql("sql2.order_by_expression", "SELECT name FROM emp ORDER BY length(name) DESC, name LIMIT 3")
sql("sql2.unknown_function", "SELECT nope(name) FROM emp")
sql("sql2.lateral_view_posexplode", "SELECT id, p, t FROM items LATERAL VIEW posexplode(tags) x AS p, t ORDER BY id, p")
case("win2.sum_over_after_groupby", 'agg = emp.groupBy("dept").agg(sum("salary").alias("total"))\nagg.withColumn("r", rank().over(Window.orderBy(desc("total")))).show()\n')
case("win2.select_star_and_window", 'emp.select("*", row_number().over(Window.orderBy("id")).alias("rn")).show()\n')
case("win2.two_specs", 'w1 = Window.partitionBy("dept").orderBy("id")\nw2 = Window.orderBy(desc("salary"), "id")\nemp.select("id", row_number().over(w1).alias("a"), row_number().over(w2).alias("b")).show()\n')
case("win2.first_ignorenulls", 'w = Window.orderBy("id").rowsBetween(Window.unboundedPreceding, Window.unboundedFollowing)\nemp.select("id", first("dept", ignorenulls=True).over(w).alias("f"), last("dept", ignorenulls=True).over(w).alias("l")).show()\n')
case("win2.collect_list_running", 'w = Window.partitionBy("dept").orderBy("id")\nemp.select("id", "dept", collect_list("id").over(w).alias("ids")).show()\n')
case("win2.window_on_stream_error", 'lines = spark.readStream.format("rate").load()\nq = lines.select(row_number().over(Window.orderBy("value"))).writeStream.format("console").start()\n')
case("win2.over_non_aggregate", 'emp.select(col("salary").over(Window.orderBy("id"))).show()\n')
case("win2.repr_window_column", 'print(row_number().over(Window.partitionBy("dept").orderBy("id")))\n')

# --- third capture: comments, typed literals, NATURAL JOIN, GROUP BY ALL, set operations ALL -----
sql("sql3.comments", "SELECT name -- the name\n, salary /* pay */ FROM emp /*+ BROADCAST(emp) */ WHERE id = 1")
sql("sql3.unclosed_comment", "SELECT name /* no end FROM emp")
sql("sql3.typed_literals", "SELECT DATE '2024-01-31' AS d, TIMESTAMP '2024-01-31 10:20:30' AS t")
sql("sql3.typed_literals.printSchema", "SELECT DATE '2024-01-31' AS d, TIMESTAMP '2024-01-31 10:20:30' AS t", "printSchema()")
sql("sql3.natural_join", "SELECT * FROM emp NATURAL JOIN dept ORDER BY id")
sql("sql3.group_by_all", "SELECT dept, count(*) AS n, max(salary) FROM emp GROUP BY ALL ORDER BY dept")
sql("sql3.intersect_all", "SELECT * FROM VALUES 1, 1, 1, 2, 3 AS t(x) INTERSECT ALL SELECT * FROM VALUES 1, 1, 3, 3 AS u(x) ORDER BY x")
sql("sql3.except_all", "SELECT * FROM VALUES 1, 1, 1, 2, 3 AS t(x) EXCEPT ALL SELECT * FROM VALUES 1, 3, 3 AS u(x) ORDER BY x")
sql("sql3.except_distinct", "SELECT * FROM VALUES 1, 1, 2, 3 AS t(x) EXCEPT SELECT * FROM VALUES 3 AS u(x) ORDER BY x")
sql("sql3.full_outer_using", "SELECT * FROM emp FULL OUTER JOIN dept USING (dept) ORDER BY id NULLS FIRST")
sql("sql3.right_join_using", "SELECT dept, name, title FROM emp RIGHT JOIN dept USING (dept) ORDER BY dept, name")
sql("sql3.table_statement", "TABLE dept")
sql("sql3.values_statement", "VALUES (1, 'x'), (2, 'y')")
sql("sql3.limit_in_subquery", "SELECT count(*) FROM (SELECT * FROM emp ORDER BY salary DESC LIMIT 3)")
sql("sql3.exists_uncorrelated", "SELECT name FROM emp WHERE EXISTS (SELECT 1 FROM dept WHERE title = 'Finance') AND id < 3 ORDER BY name")
sql("sql3.not_exists", "SELECT d.title FROM dept d WHERE NOT EXISTS (SELECT 1 FROM emp e WHERE e.dept = d.dept)")
sql("sql3.in_subquery_with_nulls", "SELECT name FROM emp WHERE dept NOT IN (SELECT dept FROM emp WHERE id = 6)")
sql("sql3.scalar_subquery_compare", "SELECT dept, max(salary) AS top FROM emp GROUP BY dept HAVING max(salary) >= (SELECT avg(salary) FROM emp) ORDER BY dept")
sql("sql3.window_rows_preceding_only", "SELECT id, sum(salary) OVER (ORDER BY id ROWS 2 PRECEDING) AS s FROM emp")
sql("sql3.window_range_numeric_desc", "SELECT id, salary, count(*) OVER (ORDER BY salary DESC RANGE BETWEEN 10 PRECEDING AND CURRENT ROW) AS c FROM emp")
sql("sql3.window_cume_dist_partition", "SELECT id, dept, cume_dist() OVER (PARTITION BY dept ORDER BY salary) AS c FROM emp ORDER BY id")
sql("sql3.backquoted_alias", "SELECT name AS `the name`, salary `pay` FROM emp WHERE id = 2")
sql("sql3.string_concat_pipe", "SELECT name || '-' || dept AS nd FROM emp WHERE id <= 2")
sql("sql3.multi_statement_error", "SELECT 1; SELECT 2")

# --- streaming counterparts ------------------------------------------------------------------------
STREAM = golden.STREAM_HEADER + '''from pyspark.sql.functions import window
schema = "id INT, word STRING, ts TIMESTAMP"
def lines(*rows):
    return "".join(json.dumps({"id": i, "word": w, "ts": t}) + "\\n" for i, w, t in rows)
src = spark.readStream.schema(schema).json(inputDir)
'''
FEED = '''put("1.json", lines((1, "a", "2024-01-01 10:00:00"), (2, "b", "2024-01-01 10:00:03"), (1, "a", "2024-01-01 10:00:04")))
query = out.writeStream.outputMode("{mode}").format("console").option("truncate", False).start()
query.processAllAvailable()
put("2.json", lines((1, "a", "2024-01-01 10:00:20"), (3, "c", "2024-01-01 10:00:21"), (2, "b", "2024-01-01 10:00:02")))
query.processAllAvailable()
put("3.json", lines((4, "d", "2024-01-01 10:00:45"), (3, "c", "2024-01-01 10:00:25"), (5, "e", "2024-01-01 10:00:01")))
query.processAllAvailable()
put("4.json", lines((6, "f", "2024-01-01 10:01:30")))
query.processAllAvailable()
query.stop()
''' + golden.STREAM_FOOTER

STREAM_CASES = [
    ("stream_sql.dedup_no_watermark", 'out = src.dropDuplicates(["id", "word"])\n', "append"),
    ("stream_sql.dedup_all_columns", 'out = src.select("id", "word").dropDuplicates()\n', "append"),
    ("stream_sql.dedup_with_watermark", 'out = src.withWatermark("ts", "10 seconds").dropDuplicates(["id", "ts"])\n', "append"),
    ("stream_sql.dedup_within_watermark", 'out = src.withWatermark("ts", "10 seconds").dropDuplicatesWithinWatermark(["id"])\n', "append"),
    ("stream_sql.window_append", 'out = src.withWatermark("ts", "10 seconds").groupBy(window("ts", "10 seconds")).agg(count("*").alias("n"), sum("id").alias("ids"))\n', "append"),
    ("stream_sql.window_update", 'out = src.withWatermark("ts", "10 seconds").groupBy(window("ts", "10 seconds"), "word").count()\n', "update"),
    ("stream_sql.window_sliding_append", 'out = src.withWatermark("ts", "10 seconds").groupBy(window("ts", "20 seconds", "10 seconds")).count()\n', "append"),
    ("stream_sql.stream_static_inner", 'static = spark.createDataFrame([(1, "one"), (2, "two"), (3, "three")], "id int, label string")\nout = src.join(static, "id")\n', "append"),
    ("stream_sql.stream_static_left", 'static = spark.createDataFrame([(1, "one"), (3, "three")], "id int, label string")\nout = src.join(static, "id", "left_outer").select("id", "word", "label")\n', "append"),
    ("stream_sql.sql_over_streaming_view", 'src.createOrReplaceTempView("events")\nout = spark.sql("SELECT word, count(*) AS n FROM events GROUP BY word")\n', "complete"),
    ("stream_sql.stream_static_join_agg", 'static = spark.createDataFrame([(1, "one"), (2, "two"), (3, "three")], "id int, label string")\nout = src.join(static, src.id == static.id).groupBy("label").count()\n', "complete"),
]


def run_streams(only):
    results = []
    for cid, body, mode in STREAM_CASES:
        if only and not any(cid.startswith(o) for o in only):
            continue
        code = STREAM + body + FEED.replace("{mode}", mode)
        rc, stdout, _side = golden.run_script(code, None)
        print("%-70s rc=%d" % (cid, rc), file=sys.stderr)
        entry = {"id": cid, "pyspark": code, "stdout": stdout, "batches": golden.split_batches(stdout)}
        if rc != 0:
            entry["exitCode"] = rc
        results.append(entry)
    return results


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
        results[0]["pyspark"] = golden.PRELUDE + SQL_PRELUDE
        spark.stop()
    results += run_streams(only)
    target = OUT if not only else OUT.replace(".json", ".partial.json")
    if only and os.path.exists(OUT):
        # Merge into the full file: replace the cases that ran, keep the others.
        with open(OUT, encoding="utf-8") as f:
            old = json.load(f)
        fresh = {r["id"]: r for r in results}
        merged = [fresh.pop(r["id"], r) for r in old]
        merged += [r for r in results if r["id"] in fresh]
        results, target = merged, OUT
    with open(target, "w", encoding="utf-8") as f:
        json.dump(results, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print("wrote %d cases to %s" % (len(results), target), file=sys.stderr)


if __name__ == "__main__":
    main()
