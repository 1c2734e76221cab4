/**
 * The Parquet cases of scripts/spark-oracle/parquet_fixtures.py, read the way that script reads
 * them, through Iskra: what PySpark printed (schema tree, show(truncate=False), error text) against
 * what Iskra prints for the same files. Used by the golden replay and the live interchange test.
 */
import * as path from "node:path";
import type { DataFrame, SparkSession } from "../../src/index";

export interface ParquetGolden { schema?: string; show?: string; error?: string | null; errorClass?: string | null }

function frame(spark: SparkSession, dir: string, name: string): DataFrame {
  const at = (...p: string[]) => path.join(dir, ...p);
  if (name === "merge_ab") return spark.read.option("mergeSchema", "true").parquet(at("merge_a"), at("merge_b")).orderBy("id");
  if (name === "nomerge_ab") return spark.read.parquet(at("merge_a"), at("merge_b")).orderBy("id");
  if (name === "merge_incompatible") return spark.read.option("mergeSchema", "true").parquet(at("merge_a"), at("merge_bad"));
  if (name === "nomerge_incompatible") return spark.read.parquet(at("merge_a"), at("merge_bad"));
  const bad = /^bad_(.*?)(_schema)?$/.exec(name);
  if (bad) return bad[2] ? spark.read.schema("id BIGINT, s STRING").parquet(at("bad", bad[1])) : spark.read.parquet(at("bad", bad[1]));
  const df = spark.read.parquet(at(name));
  return name === "all_types" ? df : df.orderBy(df.columns[0]);
}

/**
 * Spark's error text, made comparable: py4j object ids, stage and task numbers, the host, and the
 * fixtures' directory vary by run; parquet-mr's Thrift messages inside an IOException are
 * parquet-mr's own (Iskra says what its decoder found), so lines are cut after the exception class.
 */
export function normalizeError(text: string, dir: string): string {
  return text
    .split(path.resolve(dir)).join("{fixtures}")
    .replace(/\{root\}\/test\/fixtures\/parquet/g, "{fixtures}")
    .replace(/\bo\d+\./g, "oN.")
    .replace(/stage \d+\.0/g, "stage N.0")
    .replace(/TID \d+/g, "TID N")
    .replace(/\([^()]* executor driver\)/g, "(HOST executor driver)")
    .split("\n")
    .filter((l) => !l.startsWith("Caused by: shaded.parquet."))
    .map((l) => l.replace(/(java\.io\.IOException: ).*$/, "$1"))
    .join("\n");
}

/** Iskra's output for case `name` over the datasets in `dir`, in the golden's shape. */
export async function replayParquetCase(spark: SparkSession, dir: string, name: string, expected: ParquetGolden): Promise<ParquetGolden> {
  try {
    const df = frame(spark, dir, name);
    if (expected.error !== undefined) {
      await df.collect();
      return { error: null };
    }
    return { schema: df.schema.treeString(), show: await df.showString(20, false) };
  } catch (e) {
    return { error: normalizeError((e as Error).message, dir) };
  }
}
