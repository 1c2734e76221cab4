"""Runs a fixed set of DataFrame, SQL, error and streaming calls through the Spark Connect client
against the server named on the command line (`python connect_probe.py sc://host:port`) and prints
what each gives, one block per case (`== name`). test/connect-client.test.ts runs it against real
Spark Connect 3.5 and against Iskra's Connect server and compares the blocks."""
import sys
import traceback

from pyspark.sql import SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql.types import IntegerType, StringType, StructField, StructType

spark = SparkSession.builder.remote(sys.argv[1]).getOrCreate()
spark.conf.set("spark.sql.shuffle.partitions", "2")
people = spark.createDataFrame([("Alice", 2, "a"), ("Bob", 5, "b"), ("Carol", 5, None)], ["name", "age", "k"])


def case(name):
    def run(f):
        print(f"== {name}")
        try:
            f()
        except Exception as e:  # what a user sees: the class and the first line
            print(f"{type(e).__name__}: {str(e).strip().splitlines()[0] if str(e).strip() else ''}")
        sys.stdout.flush()
    return run


@case("createDataFrame, printSchema, show")
def _():
    people.printSchema()
    people.show()
    spark.createDataFrame([(1, "x")], StructType([StructField("i", IntegerType(), False), StructField("s", StringType())])).printSchema()
    spark.createDataFrame([{"a": 1, "b": [1, 2]}]).show()


@case("collect, types")
def _():
    print(people.collect())
    print(people.dtypes, people.columns)
    print(spark.range(3).selectExpr("id * 2 AS x", "CAST(id AS STRING) s", "DATE'2024-03-15' d", "TIMESTAMP'2024-03-15 10:00:00' t").collect())


@case("select, filter, withColumn, orderBy, limit")
def _():
    people.select("name", (F.col("age") + 1).alias("next")).filter(F.col("age") > 2).orderBy(F.desc("name")).show()
    people.withColumn("old", F.col("age") >= 5).withColumnRenamed("k", "key").limit(2).show()
    people.where("age = 5").select(F.upper("name"), F.length("name")).show()


@case("groupBy, agg, pivot, rollup")
def _():
    people.groupBy("age").agg(F.count("*").alias("n"), F.collect_list("name").alias("names")).orderBy("age").show()
    people.groupBy("age").pivot("k", ["a", "b"]).count().orderBy("age").show()
    people.rollup("age").agg(F.sum("age")).orderBy("age").show()
    people.groupBy().avg("age").show()


@case("join by df[col], union, distinct")
def _():
    other = spark.createDataFrame([("Alice", 10), ("Bob", 20)], ["name", "score"])
    people.join(other, people["name"] == other["name"], "left").select(people["name"], other["score"]).orderBy(people["name"]).show()
    people.join(other, "name").show()
    people.select("age").union(people.select("age")).distinct().orderBy("age").show()


@case("window, lambda, when")
def _():
    w = Window.partitionBy("age").orderBy("name")
    people.withColumn("rn", F.row_number().over(w)).orderBy("name").show()
    people.select(F.transform(F.array("age", "age"), lambda x: x * 2).alias("t"), F.when(F.col("age") > 3, "big").otherwise("small").alias("w")).show()


@case("na, describe, dropDuplicates")
def _():
    people.na.fill("z").show()
    people.na.drop().show()
    people.describe("age").show()
    people.dropDuplicates(["age"]).orderBy("age").select("age").show()


@case("SQL, temp view")
def _():
    people.createOrReplaceTempView("people")
    spark.sql("SELECT k, count(*) AS c FROM people GROUP BY k ORDER BY k").show()
    print(spark.sql("SELECT 1 + 1").collect())


@case("errors")
def _():
    for f in [lambda: people.select("nme").collect(), lambda: spark.sql("SELEC 1").collect(), lambda: spark.table("nope").collect(), lambda: people.select(F.col("name") + F.col("age") * "x").collect()]:
        try:
            f()
        except Exception as e:
            print(f"{type(e).__name__}: {str(e).strip().splitlines()[0]}")


@case("conf")
def _():
    print(spark.conf.get("spark.sql.shuffle.partitions"), spark.conf.get("spark.sql.session.timeZone") is not None)
    spark.conf.set("my.key", "v")
    print(spark.conf.get("my.key"), spark.conf.get("my.unset", "dflt"))
    spark.conf.unset("my.key")
    print(spark.conf.get("my.key", None))


@case("streaming: memory sink, status, progress, stop")
def _():
    s = spark.readStream.format("rate").option("rowsPerSecond", 10).load()
    print(s.isStreaming, s.schema.simpleString())
    q = s.groupBy().count().writeStream.format("memory").queryName("counts").outputMode("complete").start()
    q.processAllAvailable()
    print(q.name, q.isActive, sorted(q.status.keys()))
    print(sorted((q.lastProgress or {}).keys()))
    print([x.name for x in spark.streams.active])
    print(q.awaitTermination(0.5))
    q.stop()
    print(q.isActive, q.exception(), spark.streams.active)


@case("streaming: errors")
def _():
    s = spark.readStream.format("rate").load()
    for f in [lambda: s.collect(), lambda: s.groupBy("value").count().writeStream.format("memory").queryName("x").outputMode("append").start()]:
        try:
            f()
        except Exception as e:
            print(f"{type(e).__name__}: {str(e).strip().splitlines()[0]}")

    def boom(df, i):
        raise ValueError("boom")
    q = s.writeStream.foreachBatch(boom).start()
    try:
        q.awaitTermination(60)
    except Exception as e:
        print(type(e).__name__, "boom" in str(e))
    print(q.isActive, type(q.exception()).__name__)


@case("analyze: isLocal, inputFiles, version, persist, sameSemantics")
def _():
    print(people.isLocal(), spark.range(2).filter("id > 0").isLocal(), people.inputFiles(), spark.version)
    print(people.storageLevel)
    people.persist()
    print(people.storageLevel)
    people.unpersist()
    print(people.storageLevel, people.sameSemantics(people), people.select("name").sameSemantics(people))


@case("sessions are isolated; interrupt")
def _():
    other = SparkSession.builder.remote(sys.argv[1]).create()
    people.createOrReplaceTempView("only_here")
    print(spark.table("only_here").count(), other.conf.get("spark.sql.shuffle.partitions"))
    try:
        other.table("only_here").collect()
    except Exception as e:
        print(f"{type(e).__name__}: {str(e).strip().splitlines()[0]}")
    print(spark.interruptAll(), spark.interruptTag("nothing"))
    other.stop()
