/**
 * Spark's own outputs for types, literals, dates, datetime patterns, intervals and statement forms,
 * captured from PySpark 3.5 by scripts/spark-oracle/golden_types.py: each case is one spark.sql text
 * whose show(truncate=False) and printSchema() (or error) are replayed through Iskra byte for byte.
 */
import { replayFunctionFamily } from "./support/function-frames";
import * as fs from "node:fs";
import * as path from "node:path";
import { SparkSession } from "../src/index";

/** Cases Iskra does not reproduce yet, each with the reason; each must still differ. */
const KNOWN_DIFFERENCES: Record<string, string> = {
  "types.literal.long_max": "a bigint is a JS number, exact only to 2^53: 9223372036854775807 prints ...808, a decimal(20,0) literal ...080",
};

const FIXTURE = "spark-golden-types.json";
const cases: Array<{ id: string; sql?: string }> = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", FIXTURE), "utf8"));
const spark = (): SparkSession => SparkSession.builder.getOrCreate();

const PROGRAMS = Object.fromEntries(cases.filter((c) => c.sql !== undefined).map((c) => [c.id, async () => {
  const df = spark().sql(c.sql!);
  await df.show(20, false);
  df.printSchema();
}]));

replayFunctionFamily(FIXTURE, PROGRAMS, KNOWN_DIFFERENCES);
