#!/usr/bin/env python3
"""Spark oracle: joins — every join type by name and alias, USING columns and join expressions,
null keys and null-safe equality, aliases, self joins, SQL joins, and the errors of a bad join.

Cases over golden_functions.py's FN_PRELUDE frames (p and q: k int, v string, n int); writes
test/fixtures/spark-golden-joins.json, replayed by test/spark-golden-joins.test.ts. Every show()
is ordered, so the rows compare whatever the join's physical order.

Run:  python3 scripts/spark-oracle/golden_joins.py [id-prefix ...]
      (with a prefix it writes a .partial.json; merge it with scripts/spark-oracle/merge_partial.py)
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from golden_functions import case, family_main  # noqa: E402

VIEWS = "p.createOrReplaceTempView('p')\nq.createOrReplaceTempView('q')\n"


def register():
    case("join.using_one", "p.join(q, 'k').orderBy('k', p.n).show()\np.join(q, 'k').printSchema()\n")
    case("join.using_two", "p.join(q, ['k', 'n']).orderBy('k').show()\n")
    for how in ["inner", "left", "leftouter", "left_outer", "right", "rightouter", "right_outer", "full", "outer", "fullouter", "full_outer"]:
        case("join.how_" + how, "p.join(q, 'k', '%s').orderBy('k', p.n).show()\n" % how)
    for how in ["semi", "leftsemi", "left_semi", "anti", "leftanti", "left_anti"]:
        case("join.how_" + how, "p.join(q, 'k', '%s').orderBy('k', p.n).show()\n" % how)
    case("join.full_using_schema", "p.join(q, 'k', 'full').printSchema()\np.join(q, 'k', 'left').printSchema()\np.join(q, 'k', 'right').printSchema()\n")
    case("join.expr_inner", "p.join(q, p.k == q.k).orderBy(p.k, p.n).show()\np.join(q, p.k == q.k).printSchema()\n")
    case("join.expr_left_and", "p.join(q, (p.k == q.k) & (p.n > 20), 'left').orderBy(p.k, p.v).show()\n")
    case("join.expr_full", "p.join(q, p.k == q.k, 'full').orderBy(p.k, q.k).show()\np.join(q, p.k == q.k, 'full').printSchema()\n")
    case("join.expr_list", "p.join(q, [p.k == q.k, p.n == q.n]).orderBy(p.k).show()\n")
    case("join.null_keys", "p.join(q, 'v').orderBy('v').show()\n")
    case("join.null_safe", "p.join(q, p.v.eqNullSafe(q.v)).orderBy(p.k).show()\n")
    case("join.aliases", "p.alias('a').join(q.alias('b'), F.col('a.k') == F.col('b.k')).select('a.k', 'b.v', F.col('a.n').alias('an')).orderBy('k', 'an').show()\n")
    case("join.self_using", "p.join(p, 'k').orderBy('k').show()\n")
    case("join.cross_count", "print(p.crossJoin(q).count())\nprint(p.join(q).count())\n")
    case("join.select_star_after", "p.join(q, 'k', 'left').select('*').orderBy('k', p.n).show()\n")
    case("join.then_group", "p.join(q, 'k', 'left').groupBy('k').count().orderBy('k').show()\n")
    case("join.broadcast_hint", "p.join(F.broadcast(q), 'k').orderBy('k', p.n).show()\n")
    case("join.sql_using", VIEWS + "spark.sql('SELECT * FROM p JOIN q USING (k) ORDER BY k, p.n').show()\n")
    case("join.sql_left_on", VIEWS + "spark.sql('SELECT p.k, p.v, q.n FROM p LEFT JOIN q ON p.k = q.k ORDER BY p.k, p.v').show()\n")
    case("join.sql_full", VIEWS + "spark.sql('SELECT coalesce(p.k, q.k) AS k, p.n AS pn, q.n AS qn FROM p FULL OUTER JOIN q ON p.k = q.k ORDER BY k, pn').show()\n")
    case("join.sql_semi_anti", VIEWS + "spark.sql('SELECT * FROM p LEFT SEMI JOIN q ON p.k = q.k ORDER BY k').show()\n"
         "spark.sql('SELECT * FROM p LEFT ANTI JOIN q ON p.k = q.k ORDER BY k, v').show()\n")
    case("join.sql_cross_comma", VIEWS + "spark.sql('SELECT p.k, q.k AS qk FROM p, q WHERE p.k = q.k ORDER BY p.k').show()\n")
    case("join.sql_natural", VIEWS + "spark.sql('SELECT * FROM p NATURAL JOIN q ORDER BY k').show()\n")
    case("join_error.ambiguous", "p.join(q, p.k == q.k).select('v').show()\n")
    case("join_error.bad_how", "p.join(q, 'k', 'sideways').show()\n")
    case("join_error.using_missing", "p.join(q, 'zz').show()\n")
    case("join_error.sql_ambiguous", VIEWS + "spark.sql('SELECT k FROM p JOIN q ON p.k = q.k').show()\n")


if __name__ == "__main__":
    family_main("joins", register, "spark-golden-joins.json")
