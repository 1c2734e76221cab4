"""`spark.range(10).collect()` through the Spark Connect client, 50 times after one warm-up: p50/p90 ms."""
import sys
import time

from pyspark.sql import SparkSession

spark = SparkSession.builder.remote(sys.argv[1]).getOrCreate()
spark.range(10).collect()
ts = []
for _ in range(50):
    t = time.perf_counter()
    spark.range(10).collect()
    ts.append((time.perf_counter() - t) * 1000)
ts.sort()
print(f"{ts[25]:.1f} {ts[45]:.1f}")
