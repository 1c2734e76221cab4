"""Per-session configuration as PySpark 3.5 shows it: two sessions with different
spark.sql.session.timeZone at once, and the row order of an unsorted groupBy under
spark.sql.shuffle.partitions=2. Its output is pinned by src/api/session-conf.test.ts.
Run: .venv-pyspark/bin/python scripts/spark-oracle/session_conf.py"""
from pyspark.sql import SparkSession
from pyspark.sql.functions import *
spark = SparkSession.builder.master("local[2]").getOrCreate()
spark.sparkContext.setLogLevel("ERROR")
s1 = spark
s2 = spark.newSession()
s1.conf.set("spark.sql.session.timeZone", "UTC")
s2.conf.set("spark.sql.session.timeZone", "America/New_York")
for s in (s1, s2):
    print(s.conf.get("spark.sql.session.timeZone"))
    s.sql("SELECT CAST(CAST(0 AS TIMESTAMP) AS STRING) AS epoch, CAST(CAST('2024-01-01 00:00:00' AS TIMESTAMP) AS LONG) AS secs").show()
    s.createDataFrame([("2024-07-01 12:00:00",)], "s STRING").select(col("s").cast("timestamp").alias("t")).select("t", col("t").cast("long").alias("secs")).show()
spark.conf.set("spark.sql.shuffle.partitions", "2")
df = spark.createDataFrame([(w,) for w in "a b c d e f g h i j k l m n o p".split()], "word STRING")
df.groupBy("word").count().show()
print(spark.conf.get("spark.sql.shuffle.partitions"), s2.conf.get("spark.sql.shuffle.partitions"))
s2.createDataFrame([(w,) for w in "a b c d e f g h i j k l m n o p".split()], "word STRING").groupBy("word").count().show()
