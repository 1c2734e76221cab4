/**
 * Spark's own outputs for casts and exact decimals: DecimalType literals, CAST to/from every type, decimal arithmetic and rounding,
 * captured from PySpark 3.5 by scripts/spark-oracle/golden_functions_decimal.py and replayed through Iskra
 * byte for byte (errors by class and first line).
 */
import { replayFunctionFamily } from "./support/function-frames";
import * as F from "../src/index";
import { DecimalType, SparkSession } from "../src/index";

/** Cases Iskra does not reproduce yet, each with the reason; each must still differ. */
const KNOWN_DIFFERENCES: Record<string, string> = {
};

const spark = (): SparkSession => SparkSession.builder.getOrCreate();

/** Cases written against the TypeScript API (decimal values are JS numbers at the type's scale). */
const PROGRAMS = {
  "fn.dec.more.schema": async () => {
    const df = spark().createDataFrame([[1.5, "a"], [-0.25, "b"], [null, "c"]], "d decimal(4,2), k string");
    await df.show();
    df.printSchema();
    return df.select(F.col("d").cast(DecimalType(6, 1)).alias("d1"), F.col("d").multiply(2).alias("twice")).show();
  },
  "fn.dec.more.from_json": () => {
    const df = spark().createDataFrame([['{"price": 12.345}'], ['{"price": "7"}']], "j string");
    return df.select(F.from_json("j", "price decimal(6,2)").alias("r")).select("r.price").show();
  },
  "fn.dec.more.from_json_edges": () => {
    const rows = [['{"p": 12345.678, "q": 1}'], ['{"p": "abc", "q": 2}'], ['{"p": "1e2", "q": 3}'], ['{"p": -0.005, "q": 4}'], ['{"p": true, "q": 5}']];
    return spark().createDataFrame(rows, "j string").select(F.from_json("j", "p decimal(6,2), q int").alias("r")).select("r.*").show();
  },
};

replayFunctionFamily("spark-golden-functions-decimal.json", PROGRAMS, KNOWN_DIFFERENCES);
