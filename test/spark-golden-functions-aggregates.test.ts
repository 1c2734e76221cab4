/**
 * Spark's own outputs for aggregate functions: basic, collecting, statistical, percentiles and by-value,
 * captured from PySpark 3.5 by scripts/spark-oracle/golden_functions_aggregates.py and replayed through Iskra
 * byte for byte (errors by class and first line).
 */
import * as F from "../src/index";
import { Window } from "../src/index";
import { replayFunctionFamily, Frames } from "./support/function-frames";

/** Cases Iskra does not reproduce yet, each with the reason; each must still differ. */
const KNOWN_DIFFERENCES: Record<string, string> = {
};

const PROGRAMS: Record<string, (f: Frames) => unknown> = {
  "fn.agg.api.groupby": ({ p }) => p.groupBy("k").agg(F.stddev("n"), F.variance("n"), F.percentile_approx("n", 0.5), F.median("n"), F.max_by("v", "n"), F.count_if(F.col("n").gt(20)), F.bool_and(F.col("n").gt(5)), F.any_value("v", true)).orderBy("k").show(20, false),
  "fn.agg.api.stats": ({ p }) => p.agg(F.stddev_pop("n"), F.var_pop("n"), F.var_samp("n"), F.stddev_samp("n"), F.skewness("n"), F.kurtosis("n"), F.corr("k", "n"), F.covar_pop("k", "n"), F.covar_samp("k", "n"), F.std("n")).show(20, false),
  "fn.agg.api.more": ({ p }) => p.agg(F.percentile_approx("n", [0.25, 0.75], 1000), F.percentile("n", 0.5), F.mode("k"), F.min_by("v", "n"), F.bool_or(F.col("v").isNull()), F.every(F.col("k").gt(0)), F.some(F.col("k").gt(3))).show(20, false),
  "fn.agg.sql.groupby": ({ p }) => {
    p.createOrReplaceTempView("p");
    return p.sparkSession.sql("SELECT k, stddev(n), percentile(n, 0.5), mode(v), count_if(n > 10), bool_or(v IS NULL) FROM p GROUP BY k ORDER BY k").show(20, false);
  },
  "fn.agg.window": ({ p }) => p.select("k", "n", F.stddev("n").over(Window.partitionBy("k")).alias("sd"), F.count_if(F.col("n").gt(20)).over(Window.orderBy("k")).alias("c"), F.max_by("v", "n").over(Window.partitionBy("k")).alias("mb")).orderBy("k", "n").show(20, false),
};

replayFunctionFamily("spark-golden-functions-aggregates.json", PROGRAMS, KNOWN_DIFFERENCES);
