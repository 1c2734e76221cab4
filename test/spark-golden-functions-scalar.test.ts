/**
 * Spark's own outputs for scalar functions and SQL syntax beyond the workshop: maths, strings, regular expressions, dates, maps, structs, null handling, predicates,
 * captured from PySpark 3.5 by scripts/spark-oracle/golden_functions_scalar.py and replayed through Iskra
 * byte for byte (errors by class and first line).
 */
import { replayFunctionFamily } from "./support/function-frames";

/** Cases Iskra does not reproduce yet, each with the reason; each must still differ. */
const KNOWN_DIFFERENCES: Record<string, string> = {
  "fn.sc.dates.make": "function or SQL syntax not implemented yet",
  "fn.sc.dates.make.printSchema": "function or SQL syntax not implemented yet",
  "fn.sc.dates.more": "function or SQL syntax not implemented yet",
  "fn.sc.dates.more.printSchema": "function or SQL syntax not implemented yet",
  "fn.sc.dates.utc": "function or SQL syntax not implemented yet",
  "fn.sc.dates.utc.printSchema": "function or SQL syntax not implemented yet",
  "fn.sc.math": "function or SQL syntax not implemented yet",
  "fn.sc.math.more": "function or SQL syntax not implemented yet",
  "fn.sc.math.more.printSchema": "function or SQL syntax not implemented yet",
  "fn.sc.math.printSchema": "function or SQL syntax not implemented yet",
  "fn.sc.nulls": "function or SQL syntax not implemented yet",
  "fn.sc.nulls.printSchema": "function or SQL syntax not implemented yet",
  "fn.sc.regexp": "function or SQL syntax not implemented yet",
  "fn.sc.regexp.printSchema": "function or SQL syntax not implemented yet",
  "fn.sc.string.misc2": "function or SQL syntax not implemented yet",
  "fn.sc.string.misc2.printSchema": "function or SQL syntax not implemented yet",
  "fn.sc.string.more": "function or SQL syntax not implemented yet",
  "fn.sc.string.more.printSchema": "function or SQL syntax not implemented yet",
  "fn.sc.trim": "function or SQL syntax not implemented yet",
  "fn.sc.trim.printSchema": "function or SQL syntax not implemented yet",
};

replayFunctionFamily("spark-golden-functions-scalar.json", {}, KNOWN_DIFFERENCES);
