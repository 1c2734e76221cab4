#!/usr/bin/env python3
"""Spark oracle: SQL statement forms through spark.sql (SET/RESET, grouping analytics).

Each case runs its statements in order; each statement's frame is shown untruncated (optionally
filtered by `where` and sorted by its first column) with its printSchema(); a failing statement
ends the case with its error. Writes test/fixtures/spark-golden-statements.json, replayed by
test/spark-golden-statements.test.ts. Keys a case sets it resets, so cases stay independent.

Run:  python3 scripts/spark-oracle/golden_statements.py [id-prefix ...]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from golden_functions import case, family_main  # noqa: E402


def stmts(cid, *statements):
    """statements: SQL texts, or (SQL, where) whose frame is filtered by `where` and ordered by key."""
    norm = [s if isinstance(s, (list, tuple)) else (s, None) for s in statements]
    code = ""
    for q, where in norm:
        code += "df = spark.sql(" + repr(q) + ")\n"
        if where is not None:
            code += "df = df.where(" + repr(where) + ").orderBy(df.columns[0])\n"
        code += "df.show(truncate=False)\ndf.printSchema()\n"
    case(cid, code, statements=[list(s) for s in norm])


T = "VALUES (1, 'x', 10, 100), (1, 'y', 20, 200), (2, 'x', 30, 300), (2, 'y', 40, 400), (2, 'y', 50, 500) AS t(a, b, c, d)"


def register():
    # --- SET / RESET ---------------------------------------------------------------------------------
    stmts("stmt.set.assign_get_reset", "SET spark.sql.shuffle.partitions=3", "SET spark.sql.shuffle.partitions",
          "RESET spark.sql.shuffle.partitions", "SET spark.sql.shuffle.partitions")
    stmts("stmt.set.spaces", "SET  iskra.test.k1 = some value  ", "SET iskra.test.k1", "RESET iskra.test.k1")
    stmts("stmt.set.empty_value", "SET iskra.test.k2=", "SET iskra.test.k2", "RESET iskra.test.k2")
    stmts("stmt.set.undefined", "SET iskra.test.never")
    stmts("stmt.set.list", "SET iskra.test.b=2", "SET iskra.test.a=1", ("SET", "key LIKE 'iskra.test.%'"),
          "RESET", ("SET", "key LIKE 'iskra.test.%'"), "SET iskra.test.a", "SET spark.sql.session.timeZone=UTC")
    stmts("stmt.set.static_conf", "SET spark.sql.warehouse.dir=/tmp/elsewhere")
    stmts("stmt.set.static_conf_get", ("SET spark.sql.warehouse.dir", "false"))
    stmts("stmt.set.core_conf", "SET spark.master=local[3]")
    stmts("stmt.set.bad_time_zone", "SET spark.sql.session.timeZone=Nowhere/Else")
    stmts("stmt.reset.static_conf", "RESET spark.sql.warehouse.dir")
    stmts("stmt.reset.listed_after", "SET spark.sql.shuffle.partitions=5", "RESET spark.sql.shuffle.partitions",
          ("SET", "key = 'spark.sql.shuffle.partitions'"))
    stmts("stmt.set.bad_int", "SET spark.sql.shuffle.partitions=abc")
    stmts("stmt.set.semicolon", "SET iskra.test.k3 = v;", "SET iskra.test.k3;", "RESET iskra.test.k3;")
    # --- grouping analytics ----------------------------------------------------------------------------
    stmts("stmt.group.plain_and_cube", "SELECT a, b, c, sum(d) s FROM " + T + " GROUP BY a, CUBE(b, c) ORDER BY a, b, c")
    stmts("stmt.group.plain_and_rollup", "SELECT a, b, sum(d) s, count(*) n FROM " + T + " GROUP BY a, ROLLUP(b) ORDER BY a, b")
    stmts("stmt.group.rollup_and_plain", "SELECT a, b, sum(d) s FROM " + T + " GROUP BY ROLLUP(a), b ORDER BY a, b")
    stmts("stmt.group.legacy_grouping_sets", "SELECT a, b, sum(d) s FROM " + T + " GROUP BY a, b GROUPING SETS ((a), (b), ()) ORDER BY a, b")
    stmts("stmt.group.grouping__id", "SELECT a, b, grouping__id, sum(d) s FROM " + T + " GROUP BY a, b WITH CUBE ORDER BY grouping__id, a, b")
    stmts("stmt.group.grouping__id_legacy_sets", "SELECT a, b, grouping__id g, grouping_id() h FROM " + T + " GROUP BY a, b GROUPING SETS (a, (a, b)) ORDER BY g, a, b")
    stmts("stmt.group.grouping__id_having", "SELECT a, b, sum(d) s FROM " + T + " GROUP BY a, b WITH ROLLUP HAVING grouping__id = 1 ORDER BY a")
    stmts("stmt.group.grouping__id_order_by", "SELECT a, sum(d) s FROM " + T + " GROUP BY CUBE(a) ORDER BY grouping__id DESC, a")
    stmts("stmt.group.grouping__id_without_sets", "SELECT a, grouping__id FROM " + T + " GROUP BY a")


if __name__ == "__main__":
    family_main("statements", register, "spark-golden-statements.json")
