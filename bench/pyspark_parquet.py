#!/usr/bin/env python3
"""PySpark's side of bench/parquet.ts: the same 1,000,000 rows written to / read from Parquet (snappy,
one file, local[1]); prints one JSON line with seconds, file size and the JVM's peak RSS (VmHWM).
Write times df.write.parquet of a cached frame; read times spark.read.parquet through the noop sink,
which decodes every column of every row.

Run:  python3 bench/pyspark_parquet.py write|read DIR [records]
"""
import json
import os
import sys
import time

from pyspark.sql import SparkSession


def vm_hwm_mb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0


def main():
    mode, path = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 1000000
    spark = (SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false")
             .config("spark.sql.session.timeZone", "UTC").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    pid = spark.sparkContext._jvm.java.lang.ProcessHandle.current().pid()
    if mode == "write":
        df = spark.range(n).selectExpr("id", "concat('name-', CAST(id % 1000 AS STRING)) AS name", "id * 0.25D AS score",
                                       "timestamp_micros(1704067200000000 + id * 1000000) AS ts").coalesce(1).cache()
        df.count()
        t0 = time.time()
        df.write.mode("overwrite").parquet(path)
        seconds = time.time() - t0
        records = n
    else:
        t0 = time.time()
        df = spark.read.parquet(path)
        records = df.count()
        df.write.format("noop").mode("overwrite").save()
        seconds = time.time() - t0
    size = sum(os.path.getsize(os.path.join(path, f)) for f in os.listdir(path) if f.endswith(".parquet"))
    print(json.dumps({"records": records, "seconds": seconds, "fileMb": size / 1e6, "peakRssMb": vm_hwm_mb(pid)}))
    spark.stop()


if __name__ == "__main__":
    main()
