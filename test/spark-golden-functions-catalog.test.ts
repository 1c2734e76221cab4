/**
 * SHOW FUNCTIONS, DESCRIBE FUNCTION and spark.catalog.functionExists as PySpark 3.5 shows them,
 * captured by scripts/spark-oracle/golden_functions_catalog.py and replayed byte for byte.
 */
import { Frames, replayFunctionFamily } from "./support/function-frames";

type Program = (f: Frames, print: (x: unknown) => void) => unknown;
const sql = (text: string, then: "show" | "printSchema" = "show"): Program => ({ t }) => {
  const df = t.sparkSession.sql(text);
  return then === "show" ? df.show(20, false) : df.printSchema();
};

const PROGRAMS: Record<string, Program> = {
  "fn.catalog.show_like": sql("SHOW FUNCTIONS LIKE 'sin*|cos*|tan*'"),
  "fn.catalog.show_like_log": sql("SHOW FUNCTIONS LIKE 'LOG*'"),
  "fn.catalog.show_system_like": sql("SHOW SYSTEM FUNCTIONS 'expm1'"),
  "fn.catalog.describe": sql("DESCRIBE FUNCTION asin"),
  "fn.catalog.describe_extended": sql("DESC FUNCTION EXTENDED log1p"),
  "fn.catalog.describe_schema": sql("DESCRIBE FUNCTION acos", "printSchema"),
  "fn.catalog.show_schema": sql("SHOW FUNCTIONS", "printSchema"),
  "fn.catalog.describe_unknown": ({ t }) => t.sparkSession.sql("DESCRIBE FUNCTION no_such_fn").show(),
  "fn.catalog.exists": ({ t }, print) => {
    const c = t.sparkSession.catalog;
    print(`${c.functionExists("asin") ? "True" : "False"} ${c.functionExists("ASINH") ? "True" : "False"} ${c.functionExists("no_such_fn") ? "True" : "False"}`);
  },
};

replayFunctionFamily("spark-golden-functions-catalog.json", PROGRAMS, {});
