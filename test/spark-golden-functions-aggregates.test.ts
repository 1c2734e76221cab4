/**
 * Spark's own outputs for aggregate functions: basic, collecting, statistical, percentiles and by-value,
 * captured from PySpark 3.5 by scripts/spark-oracle/golden_functions_aggregates.py and replayed through Iskra
 * byte for byte (errors by class and first line).
 */
import { replayFunctionFamily } from "./support/function-frames";

/** Cases Iskra does not reproduce yet, each with the reason; each must still differ. */
const KNOWN_DIFFERENCES: Record<string, string> = {
  "fn.agg.basic": "aggregate function not implemented yet",
  "fn.agg.basic.printSchema": "aggregate function not implemented yet",
  "fn.agg.collect": "aggregate function not implemented yet",
  "fn.agg.collect.printSchema": "aggregate function not implemented yet",
  "fn.agg.more": "aggregate function not implemented yet",
  "fn.agg.more.printSchema": "aggregate function not implemented yet",
  "fn.agg.stats": "aggregate function not implemented yet",
  "fn.agg.stats.printSchema": "aggregate function not implemented yet",
};

replayFunctionFamily("spark-golden-functions-aggregates.json", {}, KNOWN_DIFFERENCES);
