#!/usr/bin/env python3
"""Spark oracle: aggregate functions: basic, collecting, statistical, percentiles and by-value.

Cases over golden_functions.py's FN_PRELUDE frames (t, p, q); writes
test/fixtures/spark-golden-functions-aggregates.json, replayed by test/spark-golden-functions-aggregates.test.ts.

Run:  python3 scripts/spark-oracle/golden_functions_aggregates.py [id-prefix ...]
      (with a prefix it writes a .partial.json; merge it with scripts/spark-oracle/merge_partial.py)
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from golden_functions import case, exprs, family_main  # noqa: E402,F401


def register():
    exprs("fn.agg.basic", "sum(id)", "avg(x)", "min(s)", "max(ts)", "count(s)", "count(distinct id)", "count(*)", "sum(distinct id)", "mean(id)")
    exprs("fn.agg.collect", "collect_list(id)", "collect_set(s)", "first(s)", "last(s)", "first(s, true)", "last(s, true)", "any_value(id)", "count_if(id > 1)")
    exprs("fn.agg.stats", "stddev(x)", "stddev_pop(x)", "variance(x)", "var_pop(x)", "skewness(id)", "kurtosis(id)", "corr(id, x)", "covar_pop(id, x)", "covar_samp(id, x)")
    exprs("fn.agg.more", "percentile_approx(id, 0.5)", "percentile(id, 0.5)", "median(id)", "mode(id)", "max_by(s, id)", "min_by(s, id)", "bool_or(id > 2)", "bool_and(id > 0)", "approx_count_distinct(s)")


if __name__ == "__main__":
    family_main("aggregates", register)
