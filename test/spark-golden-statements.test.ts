/**
 * Spark's own outputs for SQL statement forms (SET/RESET, grouping analytics), captured from
 * PySpark 3.5 by scripts/spark-oracle/golden_statements.py: each case runs its statements in order
 * through spark.sql, showing each frame untruncated (filtered and ordered when the case says so)
 * with its printSchema(), replayed through Iskra byte for byte.
 */
import { replayFunctionFamily } from "./support/function-frames";
import * as fs from "node:fs";
import * as path from "node:path";
import { SparkSession } from "../src/index";

/** Cases Iskra does not reproduce yet, each with the reason; each must still differ. */
const KNOWN_DIFFERENCES: Record<string, string> = {};

const FIXTURE = "spark-golden-statements.json";
const cases: Array<{ id: string; statements?: Array<[string, string | null]> }> = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", FIXTURE), "utf8"));
const spark = (): SparkSession => SparkSession.builder.getOrCreate();

const PROGRAMS = Object.fromEntries(cases.filter((c) => c.statements !== undefined).map((c) => [c.id, async () => {
  for (const [query, where] of c.statements!) {
    let df = spark().sql(query);
    if (where !== null) df = df.where(where).orderBy(df.columns[0]);
    await df.show(20, false);
    df.printSchema();
  }
}]));

replayFunctionFamily(FIXTURE, PROGRAMS, KNOWN_DIFFERENCES);
