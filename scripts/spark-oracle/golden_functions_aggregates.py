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
    exprs("fn.agg.stats.aliases", "std(x)", "stddev_samp(id)", "var_samp(id)", "stddev(id)", "variance(id)", "skewness(x)", "kurtosis(x)")
    exprs("fn.agg.stats.single", "stddev(x) FILTER (WHERE id = 1)", "var_samp(x) FILTER (WHERE id = 1)", "var_pop(x) FILTER (WHERE id = 1)", "covar_samp(id, x) FILTER (WHERE id = 1)", "corr(id, id)", "skewness(id) FILTER (WHERE id = 1)")
    exprs("fn.agg.stats.strings", "stddev(s)", "avg(csv)", "covar_pop(id, id * 2)", "corr(id, id * 2)")
    exprs("fn.agg.percentiles", "percentile_approx(id, array(0.25, 0.5, 0.75))", "percentile(id, array(0.25, 0.75))", "percentile(x, 0.5)", "percentile_approx(x, 0.9, 100)", "approx_percentile(id, 0.1)", "median(x)")
    exprs("fn.agg.percentile.freq", "percentile(id, 0.5, id)", "percentile(id, 0.25)", "percentile(id, 0)", "percentile(id, 1)")
    exprs("fn.agg.bool.aliases", "every(id > 1)", "some(id > 2)", "any(id > 5)", "bool_and(s IS NULL)", "bool_or(x > 0)")
    exprs("fn.agg.byvalue", "max_by(x, id)", "min_by(x, id)", "max_by(id, s)", "min_by(id, s)", "mode(s)", "mode(x)")
    exprs("fn.agg.any_value", "any_value(s, true)", "any_value(x)", "count_if(s IS NULL)", "count_if(x > 100)")
    exprs("fn.agg.empty", "stddev(x) FILTER (WHERE id > 5)", "percentile(id, 0.5) FILTER (WHERE id > 5)", "median(x) FILTER (WHERE id > 5)", "mode(id) FILTER (WHERE id > 5)", "bool_or(id > 0) FILTER (WHERE id > 5)", "count_if(id > 0) FILTER (WHERE id > 5)", "max_by(s, id) FILTER (WHERE id > 5)")
    exprs("fn.agg.err.stddev_type", "stddev(arr)")
    exprs("fn.agg.err.bool_or_type", "bool_or(id)")
    exprs("fn.agg.err.count_if_type", "count_if(id)")
    exprs("fn.agg.err.percentile_range", "percentile(id, 1.5)")
    exprs("fn.agg.err.percentile_approx_range", "percentile_approx(id, -0.1)")
    exprs("fn.agg.err.percentile_approx_accuracy", "percentile_approx(id, 0.5, 0)")
    exprs("fn.agg.err.percentile_nonconst", "percentile(id, x)")
    exprs("fn.agg.err.corr_args", "corr(id)")
    exprs("fn.agg.err.max_by_args", "max_by(s)")
    exprs("fn.agg.err.percentile_type", "percentile(s, 0.5)")
    exprs("fn.agg.err.percentile_approx_type", "percentile_approx(s, 0.5)")
    case("fn.agg.api.groupby", "p.groupBy('k').agg(F.stddev('n'), F.variance('n'), F.percentile_approx('n', 0.5), F.median('n'), F.max_by('v', 'n'), F.count_if(F.col('n') > 20), F.bool_and(F.col('n') > 5), F.any_value('v', True)).orderBy('k').show(truncate=False)\n")
    case("fn.agg.api.stats", "p.agg(F.stddev_pop('n'), F.var_pop('n'), F.var_samp('n'), F.stddev_samp('n'), F.skewness('n'), F.kurtosis('n'), F.corr('k', 'n'), F.covar_pop('k', 'n'), F.covar_samp('k', 'n'), F.std('n')).show(truncate=False)\n")
    case("fn.agg.api.more", "p.agg(F.percentile_approx('n', [0.25, 0.75], 1000), F.percentile('n', 0.5), F.mode('k'), F.min_by('v', 'n'), F.bool_or(F.col('v').isNull()), F.every(F.col('k') > 0), F.some(F.col('k') > 3)).show(truncate=False)\n")
    case("fn.agg.sql.groupby", "p.createOrReplaceTempView('p')\nspark.sql('SELECT k, stddev(n), percentile(n, 0.5), mode(v), count_if(n > 10), bool_or(v IS NULL) FROM p GROUP BY k ORDER BY k').show(truncate=False)\n")
    case("fn.agg.window", "from pyspark.sql import Window\np.select('k', 'n', F.stddev('n').over(Window.partitionBy('k')).alias('sd'), F.count_if(F.col('n') > 20).over(Window.orderBy('k')).alias('c'), F.max_by('v', 'n').over(Window.partitionBy('k')).alias('mb')).orderBy('k', 'n').show(truncate=False)\n")


if __name__ == "__main__":
    family_main("aggregates", register)
