"""The headline job in PySpark, for the side-by-side figure in `npm run bench`.

Reads a pre-filled Kafka topic from the earliest offset with trigger(availableNow=True), computes
the house statistics and replaces a PostgreSQL table in foreachBatch — the same job as
bench/kafka-pipeline.ts. Prints one JSON line: {"records": n, "seconds": s, "startupSeconds": s}.

    python3 bench/pyspark_job.py <bootstrap> <topic> <jdbc-url> <user> <password>
"""
import json
import sys
import tempfile
import time

t_start = time.time()
from pyspark.sql import SparkSession
from pyspark.sql.functions import approx_count_distinct, col, count, expr, from_json, sum
from pyspark.sql.types import StringType, StructField, StructType, TimestampType

bootstrap, topic, url, user, password = sys.argv[1:6]
spark = (SparkSession.builder.master("local[2]").appName("iskra-bench")
         .config("spark.jars.packages", "org.apache.spark:spark-sql-kafka-0-10_2.12:3.5.7,org.postgresql:postgresql:42.6.0")
         .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
startup = time.time() - t_start

dataSchema = StructType([StructField("house", StringType(), True), StructField("character", StringType(), True),
                         StructField("score", StringType(), True), StructField("ts", TimestampType(), True)])
ds1 = (spark.readStream.format("kafka").option("kafka.bootstrap.servers", bootstrap)
       .option("subscribe", topic).option("startingOffsets", "earliest").load())
valuesDF = ds1.select(expr("CAST(value AS STRING)").alias("value"))
resultDF = (valuesDF.select(from_json(col("value"), dataSchema).alias("data")).select("data.*").groupBy("house")
            .agg(count("*").alias("how_many"), sum(col("score").cast("long")).alias("sum_score"),
                 approx_count_distinct("character").alias("no_characters")))


def write(batch_df, batch_id):
    (batch_df.write.format("jdbc").option("url", url).option("driver", "org.postgresql.Driver").option("dbtable", "housestats_pyspark")
     .option("user", user).option("password", password).option("truncate", "true").mode("overwrite").save())


t0 = time.time()
q = (resultDF.writeStream.outputMode("complete").option("checkpointLocation", tempfile.mkdtemp())
     .foreachBatch(write).trigger(availableNow=True).start())
q.awaitTermination()
seconds = time.time() - t0
records = 0
for p in q.recentProgress:
    records += p["numInputRows"]
print(json.dumps({"records": records, "seconds": seconds, "startupSeconds": startup}))
spark.stop()
