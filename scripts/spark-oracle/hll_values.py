#!/usr/bin/env python3
"""Oracle for Iskra's HyperLogLog++ (approx_count_distinct) and XXH64: runs real local Spark and
prints the values that src/execution/aggregates/{hyperloglog,xxhash64}.test.ts pin.

    python3 scripts/spark-oracle/hll_values.py [path/to/harry-potter-characters.txt] > out.json

Output: one JSON object. Every input here is generated the same way by the TypeScript tests:
  string  : concat('user-', id)                     for id in [0, n)
  int     : cast(id as int)
  long    : id
  double  : cast(id as double) / 7.0
  float   : cast(cast(id as double) / 7.0 as float)
  date    : date_add(DATE'2024-01-01', id)           (days since epoch 19723 + id)
  timestamp: timestamp_micros(id * 1000003)
  short   : cast(id as short)                       (n <= 30000)
  byte    : cast(id - 128 as byte)                  (n <= 256)
  binary  : cast(concat('user-', id) as binary)
Counting over the first n ids is done with approx_count_distinct(when(id < n, expr)): nulls are
skipped, so one pass over spark.range(N) yields every n at once.
"""
import json
import os
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

HERE = os.path.dirname(os.path.abspath(__file__))
HP_FILE = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "..", "shared", "data", "harry-potter-characters.txt")

RSDS = [0.05, 0.01, 0.1, 0.3]
NS = [0, 1, 10, 100, 300, 500, 1000, 1500, 2000, 3000, 5000, 10000, 20000, 50000, 100000, 1000000]
MAX_N = max(NS)

spark = (SparkSession.builder.master("local[2]").appName("iskra-hll-oracle")
         .config("spark.sql.shuffle.partitions", "2")
         .config("spark.ui.enabled", "false")
         .getOrCreate())
spark.sparkContext.setLogLevel("ERROR")

exprs = {
    "string": F.concat(F.lit("user-"), F.col("id")),
    "int": F.col("id").cast("int"),
    "long": F.col("id"),
    "double": F.col("id").cast("double") / F.lit(7.0),
    "float": (F.col("id").cast("double") / F.lit(7.0)).cast("float"),
    "date": F.date_add(F.lit("2024-01-01").cast("date"), F.col("id").cast("int")),
    "timestamp": F.expr("timestamp_micros(id * 1000003)"),
    "short": F.col("id").cast("short"),
    "byte": (F.col("id") - 128).cast("byte"),
    "binary": F.concat(F.lit("user-"), F.col("id")).cast("binary"),
}
limits = {"short": 30000, "byte": 256, "date": 100000, "timestamp": 100000, "binary": 100000}

result = {"spark": spark.version, "series": {}}
rng = spark.range(MAX_N, numPartitions=4)
for name, e in exprs.items():
    ns = [n for n in NS if n <= limits.get(name, MAX_N)]
    aggs = []
    for rsd in RSDS:
        for n in ns:
            aggs.append(F.approx_count_distinct(F.when(F.col("id") < n, e), rsd).alias(f"{rsd}|{n}"))
    row = rng.agg(*aggs).collect()[0].asDict()
    series = {}
    for k, v in row.items():
        rsd, n = k.split("|")
        series.setdefault(rsd, {})[n] = v
    result["series"][name] = series
    print(f"# {name} done", file=sys.stderr)

# Floating-point normalisation: -0.0 == 0.0, every NaN is one value.
specials = spark.createDataFrame([(0.0,), (-0.0,), (float("nan"),), (1.0,), (-1.0,), (float("inf",),), (float("-inf"),)], "d double")
result["doubleSpecials"] = specials.agg(F.approx_count_distinct("d")).collect()[0][0]
result["floatSpecials"] = specials.agg(F.approx_count_distinct(F.col("d").cast("float"))).collect()[0][0]
result["booleans"] = spark.createDataFrame([(True,), (False,), (True,), (None,)], "b boolean").agg(F.approx_count_distinct("b")).collect()[0][0]
result["allNull"] = spark.createDataFrame([(None,), (None,)], "s string").agg(F.approx_count_distinct("s")).collect()[0][0]
result["words"] = spark.createDataFrame([("apache",), ("spark",), ("hadoop",), ("apache",)], "s string").agg(F.approx_count_distinct("s")).collect()[0][0]
unicode_words = ["Ĉu", "日本語", "🙂", "naïve", "straße", "Ünïcödé wörds with a longer tail, over thirty-two bytes ✓"]
result["unicodeWords"] = spark.createDataFrame([(w,) for w in unicode_words], "s string").agg(F.approx_count_distinct("s")).collect()[0][0]

with open(HP_FILE, encoding="utf-8") as f:
    names = [line.rstrip("\n") for line in f if line.rstrip("\n") != ""]
hp = spark.createDataFrame([(n,) for n in names], "name string")
result["harryPotter"] = {"count": len(names)}
for rsd in RSDS:
    result["harryPotter"][str(rsd)] = hp.agg(F.approx_count_distinct("name", rsd)).collect()[0][0]

try:
    spark.range(3).agg(F.approx_count_distinct("id", 0.5)).collect()
    result["rsd0.5Error"] = None
except Exception as ex:  # noqa: BLE001
    msg = str(ex)
    result["rsd0.5Error"] = msg[:400]

# XXH64 vectors (seed 42), including strings long enough for the 32-byte stripe loop.
xx_strings = ["", "a", "ab", "abc", "abcd", "abcde", "Spark", "12345678", "Harry Potter 0", "user-42",
              "0123456789abcdef0123456789abcde", "0123456789abcdef0123456789abcdef",
              "0123456789abcdef0123456789abcdef0", "The quick brown fox jumps over the lazy dog",
              "x" * 63, "y" * 64, "z" * 65, "w" * 100, "日本語", "🙂", unicode_words[-1]]
xx = {"strings": {}, "ints": {}, "longs": {}, "doubles": {}}
sdf = spark.createDataFrame([(s,) for s in xx_strings], "s string")
for r in sdf.select("s", F.xxhash64("s").alias("h")).collect():
    xx["strings"][r["s"]] = str(r["h"])
ints = [0, 1, -1, 42, 2147483647, -2147483648, 123456789]
for r in spark.createDataFrame([(i,) for i in ints], "i int").select("i", F.xxhash64("i").alias("h")).collect():
    xx["ints"][str(r["i"])] = str(r["h"])
longs = [0, 1, -1, 42, 9007199254740991, -9007199254740991, 4294967296, -4294967297, 9223372036854775807, -9223372036854775808]
for r in spark.createDataFrame([(i,) for i in longs], "l long").select("l", F.xxhash64("l").alias("h")).collect():
    xx["longs"][str(r["l"])] = str(r["h"])
doubles = [0.0, 1.0, -1.5, 0.1, 1e300]
for r in spark.createDataFrame([(d,) for d in doubles], "d double").select("d", F.xxhash64("d").alias("h")).collect():
    xx["doubles"][repr(r["d"])] = str(r["h"])
xx["chained"] = str(spark.sql("SELECT xxhash64('Spark', array(123), 2)").collect()[0][0])
result["xxhash64"] = xx

print(json.dumps(result, indent=1, ensure_ascii=False))
spark.stop()
