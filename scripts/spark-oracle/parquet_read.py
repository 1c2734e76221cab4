#!/usr/bin/env python3
"""PySpark 3.5 reading Parquet datasets (for test/parquet-interchange.test.ts): for each directory
given, the printSchema() tree and show(truncate=False) text, ordered by the first column unless
the case name ends in '!'; one JSON object {name: {schema, show} | {error}} on stdout.

Run:  python3 scripts/spark-oracle/parquet_read.py NAME=DIR [NAME=DIR ...]
"""
import json
import sys

from pyspark.sql import SparkSession

spark = (SparkSession.builder.master("local[1]").appName("parquet-read")
         .config("spark.sql.session.timeZone", "UTC").config("spark.ui.enabled", "false").getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
out = {}
for arg in sys.argv[1:]:
    name, path = arg.split("=", 1)
    try:
        df = spark.read.parquet(path)
        if not name.endswith("!"):
            df = df.orderBy(df.columns[0])
        out[name] = {"schema": df._jdf.schema().treeString(), "show": df._jdf.showString(20, 0, False)}
    except Exception as e:  # noqa: BLE001
        out[name] = {"error": str(e).split("\n")[0:3]}
spark.stop()
print(json.dumps(out))
