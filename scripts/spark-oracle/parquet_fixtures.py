#!/usr/bin/env python3
"""Spark oracle: Parquet files as PySpark 3.5 writes them, and what PySpark reads back from them.

Writes small single-file datasets into test/fixtures/parquet/<case>/ (every type Iskra has, nested
arrays/maps/structs, decimals of each physical width, INT96/TIMESTAMP_MICROS/TIMESTAMP_MILLIS,
legacy list/map layouts, every codec) and test/fixtures/parquet-golden.json: for each case the
printSchema() tree and show(truncate=False) text PySpark gives on reading it, plus the error class
and message of bad files and of schemas that do not merge. test/parquet-golden.test.ts replays it
without a JVM.

Run:  python3 scripts/spark-oracle/parquet_fixtures.py [OUT_DIR GOLDEN_JSON]
      (test/parquet-interchange.test.ts runs it live into a temporary directory)
"""
import json
import os
import shutil
import sys

from pyspark.sql import SparkSession

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = sys.argv[1] if len(sys.argv) > 2 else os.path.join(ROOT, "test", "fixtures", "parquet")
GOLDEN = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "test", "fixtures", "parquet-golden.json")

spark = (SparkSession.builder.master("local[1]").appName("parquet-fixtures")
         .config("spark.sql.session.timeZone", "UTC").config("spark.ui.enabled", "false")
         .config("spark.sql.shuffle.partitions", "1").getOrCreate())
spark.sparkContext.setLogLevel("ERROR")

ALL_TYPES = """
SELECT * FROM VALUES
 (CAST(1 AS TINYINT), CAST(10 AS SMALLINT), 100, CAST(1000 AS BIGINT), CAST(1.5 AS FLOAT), 2.25D,
  CAST(123.45 AS DECIMAL(5,2)), CAST(1234567890.123 AS DECIMAL(13,3)), CAST(1234567890.1234 AS DECIMAL(20,4)),
  'héllo', X'0102FF', true, DATE'2024-02-29', TIMESTAMP'2024-03-01 12:34:56.789012'),
 (CAST(-128 AS TINYINT), CAST(-32768 AS SMALLINT), -2147483648, -9007199254740991L, CAST(-0.0 AS FLOAT), -1e300D,
  CAST(-999.99 AS DECIMAL(5,2)), CAST(-0.001 AS DECIMAL(13,3)), CAST(-1.0001 AS DECIMAL(20,4)),
  '', X'', false, DATE'1969-12-31', TIMESTAMP'1969-12-31 23:59:59.999999'),
 (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
 AS t(b, s, i, l, f, d, dec5, dec13, dec20, str, bin, bool, dt, ts)
"""

NESTED = """
SELECT 1 AS id, array(1, 2, NULL) AS ints, array('a', NULL) AS strs, map('x', 1, 'y', NULL) AS m,
       named_struct('a', 1, 'b', 'two', 'c', named_struct('d', 3.5D)) AS st,
       array(named_struct('k', 'p', 'v', array(1L, 2L)), NULL) AS arr_st,
       map('k1', array(1, 2), 'k2', CAST(NULL AS ARRAY<INT>)) AS m_arr,
       array(array(1, 2), array(), NULL) AS nested_arr
UNION ALL
SELECT 2, array(), NULL, map(), NULL, array(), map(), array()
UNION ALL
SELECT 3, NULL, array(), NULL, named_struct('a', NULL, 'b', NULL, 'c', NULL), NULL, NULL, NULL
"""

golden = {}


def capture(case, df):
    golden[case] = {"schema": df._jdf.schema().treeString(), "show": df._jdf.showString(20, 0, False)}


def write_case(case, df, **opts):
    path = os.path.join(OUT, case)
    shutil.rmtree(path, ignore_errors=True)
    w = df.coalesce(1).write
    for k, v in opts.items():
        w = w.option(k, v)
    w.parquet(path)
    for f in os.listdir(path):  # keep the data file and _SUCCESS only
        if f.startswith("."):
            os.remove(os.path.join(path, f))
    capture(case, spark.read.parquet(path).orderBy(df.columns[0]) if case != "all_types" else spark.read.parquet(path))


def error_case(case, fn):
    try:
        fn()
        golden[case] = {"error": None}
    except Exception as e:  # noqa: BLE001
        cls = e.getErrorClass() if hasattr(e, "getErrorClass") else None
        # what a learner reads first: the message up to the driver's stack trace, without "at" frames
        text = str(e).split("\nDriver stacktrace:")[0].replace(os.path.abspath(OUT), "{fixtures}")
        lines = [ln for ln in text.split("\n") if not ln.startswith("\tat ") and not ln.startswith("\t... ")]
        golden[case] = {"errorClass": cls, "pythonClass": type(e).__name__, "error": "\n".join(lines).rstrip()}


def main():
    os.makedirs(OUT, exist_ok=True)
    all_types = spark.sql(ALL_TYPES)
    write_case("all_types", all_types)
    strict = spark.createDataFrame([(1, "a")], "id INT NOT NULL, name STRING NOT NULL")
    write_case("not_null", strict)
    nested = spark.sql(NESTED)
    write_case("nested", nested)
    for codec in ["uncompressed", "gzip", "zstd", "lz4", "snappy"]:
        write_case("codec_" + codec, spark.sql("SELECT id, CAST(id * 3 AS STRING) AS s FROM range(5)"), compression=codec)
    for tt in ["TIMESTAMP_MICROS", "TIMESTAMP_MILLIS"]:
        spark.conf.set("spark.sql.parquet.outputTimestampType", tt)
        write_case("ts_" + tt.lower(), spark.sql("SELECT 1 AS id, TIMESTAMP'2024-03-01 12:34:56.789012' AS ts, DATE'2000-01-01' AS d"))
    spark.conf.unset("spark.sql.parquet.outputTimestampType")
    spark.conf.set("spark.sql.parquet.writeLegacyFormat", "true")
    write_case("legacy_nested", nested)
    write_case("legacy_decimals", spark.sql("SELECT 1 AS id, CAST(123.45 AS DECIMAL(5,2)) AS d5, CAST(-7.5 AS DECIMAL(12,1)) AS d12"))
    spark.conf.unset("spark.sql.parquet.writeLegacyFormat")
    # mergeSchema: two compatible directories and an incompatible pair
    write_case("merge_a", spark.sql("SELECT 1 AS id, 'x' AS a"))
    write_case("merge_b", spark.sql("SELECT 2 AS id, 2.5D AS b"))
    write_case("merge_bad", spark.sql("SELECT 'three' AS id"))
    capture("merge_ab", spark.read.option("mergeSchema", "true").parquet(os.path.join(OUT, "merge_a"), os.path.join(OUT, "merge_b")).orderBy("id"))
    capture("nomerge_ab", spark.read.parquet(os.path.join(OUT, "merge_a"), os.path.join(OUT, "merge_b")).orderBy("id"))
    error_case("merge_incompatible", lambda: spark.read.option("mergeSchema", "true").parquet(
        os.path.join(OUT, "merge_a"), os.path.join(OUT, "merge_bad")).collect())
    error_case("nomerge_incompatible", lambda: spark.read.parquet(
        os.path.join(OUT, "merge_a"), os.path.join(OUT, "merge_bad")).collect())
    # bad files: not Parquet at all, a truncated Parquet file, a corrupt footer
    bad = os.path.join(OUT, "bad")
    shutil.rmtree(bad, ignore_errors=True)
    os.makedirs(os.path.join(bad, "not_parquet"))
    with open(os.path.join(bad, "not_parquet", "data.parquet"), "w") as f:
        f.write("id,name\n1,a\n")
    data = open(os.path.join(OUT, "codec_snappy", [f for f in os.listdir(os.path.join(OUT, "codec_snappy")) if f.endswith(".parquet")][0]), "rb").read()
    os.makedirs(os.path.join(bad, "truncated"))
    with open(os.path.join(bad, "truncated", "part.parquet"), "wb") as f:
        f.write(data[: len(data) // 2])
    os.makedirs(os.path.join(bad, "corrupt_footer"))
    with open(os.path.join(bad, "corrupt_footer", "part.parquet"), "wb") as f:
        f.write(data[:-12] + b"\xff" * 4 + data[-8:])
    os.makedirs(os.path.join(bad, "corrupt_pages"))
    with open(os.path.join(bad, "corrupt_pages", "part.parquet"), "wb") as f:  # the footer intact, the pages overwritten
        f.write(data[:4] + b"\x07" * 24 + data[28:])
    for name in ["not_parquet", "truncated", "corrupt_footer", "corrupt_pages"]:
        error_case("bad_" + name, lambda name=name: spark.read.parquet(os.path.join(bad, name)).collect())
        error_case("bad_" + name + "_schema", lambda name=name: spark.read.schema("id BIGINT, s STRING").parquet(os.path.join(bad, name)).collect())
    with open(GOLDEN, "w") as f:
        json.dump(golden, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
    spark.stop()
    sys.exit(0)
