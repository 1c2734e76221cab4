#!/usr/bin/env python3
"""Spark oracle: run every case below on real PySpark 3.5 and record exactly what it prints.

Writes test/fixtures/spark-golden.json: an array of
  { "id", "pyspark", "stdout", ["error"], ["context"], ["nondeterministic"], ["note"] }

- "pyspark" is the exact code that ran. Batch cases run with `exec` after PRELUDE (the first
  entry of the array, id "_prelude"), with `spark` already bound. Streaming console cases are
  whole scripts, run in their own `python3` process so the JVM's stdout (where the console sink
  prints) can be captured; their "pyspark" field is the full script.
- "stdout" is everything printed while the case ran (Python's print and, for subprocess cases,
  the JVM's System.out), byte for byte, including the trailing newline of print().
- "error" (only when the case raised) is an object:
    class        exception class name, e.g. "AnalysisException"
    module       its Python module, e.g. "pyspark.errors.exceptions.captured"
    firstLine    first non-blank line of str(e) (a ParseException's str(e) starts with "\n")
    simpleMessage  the JVM exception's getSimpleMessage(): the message without the plan dump
    message      full str(e)
    shell        what the pyspark shell prints as the last line(s) of the traceback
                 (traceback.format_exception_only)
    errorClass / sqlState / messageParameters   for PySparkException subclasses
    javaClass                                   the JVM exception class (captured and Py4JJavaError)
    javaMessage / messageHead                   for py4j.protocol.Py4JJavaError (head = no "\tat" lines)
- "context" names the streaming run a derived case (progress, checkpoint) was taken from.
- "nondeterministic" lists what changes from run to run (ids, timestamps, durations).

Run:  python3 scripts/spark-oracle/golden.py   (needs pyspark 3.5 and Java 17; takes minutes)
Environment: local[2], spark.ui.enabled=false, session time zone left at its default on a UTC
machine. The Kafka cases load org.apache.spark:spark-sql-kafka-0-10_2.12:3.5.7 (see
KAFKA_CONNECTOR_VERSION) through spark.jars.packages (Maven Central) in their own process.
"""
import contextlib
import inspect
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import traceback

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "test", "fixtures", "spark-golden.json")
# The connector jar for the Kafka cases. Maven Central has no spark-sql-kafka for every 3.5.x
# patch release; any 3.5.x connector works with a 3.5.x PySpark.
KAFKA_CONNECTOR_VERSION = os.environ.get("ORACLE_KAFKA_CONNECTOR_VERSION", "3.5.7")

os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

# ----------------------------------------------------------------------------------------------
# Shared code
# ----------------------------------------------------------------------------------------------

PRELUDE = '''import datetime
import decimal
import json
from pyspark.sql import Row
from pyspark.sql.functions import (approx_count_distinct, avg, coalesce, col, collect_list, concat,
    count, countDistinct, current_timestamp, explode, expr, first, from_json, length, lit, max,
    mean, min, split, struct, sum, to_json, upper, when, window)
from pyspark.sql.types import *
'''

# The seed, step 23.
DATA_SCHEMA = '''dataSchema = StructType([
    StructField("house", StringType(), True),
    StructField("character", StringType(), True),
    StructField("score", StringType(), True),
    StructField("ts", TimestampType(), True)
])
'''

# The seed, step 21, exactly as printed (lines 224-235 of the seed). As Python this does not
# even parse: the last literal ends in }""] and so never closes its triple quote.
SEED_VALUES_VERBATIM = '''values = ["""{"house": "Ravenclaw", "character": "Myrtle Warren",
    "score": "1", "ts": "2022-08-11 16:34:11.633"}""",
    """"{"house": "Thunderbird", "character": "Albus Dumbledore",
    "score": "4", "ts": "2022-08-11 16:33:50.74"}""",
    """"{"house": "Slytherin", "character": "Bartemius Crouch, Sr.",
    "score": "4", "ts": "2022-08-11 16:34:16.9"}""",
    """"{"house": "Gryffindor", "character": "Gregory Goyle",
    "score": "8", "ts": "2022-08-11 16:34:04.269"}""",
    """"{"house": "Gryffindor", "character": "Astoria Greengrass",
    "score": "7", "ts": "2022-08-11 16:33:52.508"}""",
    """"{"house": "Horned Serpent", "character": "Yaxley",
    "score": "4", "ts": "2022-08-11 16:33:48.829"}""]
'''

# The seed's strings as written (5 of 6 start with a stray "), with only the last literal
# closed so that the code runs: }""] -> }"""].
SEED_VALUES_AS_WRITTEN = SEED_VALUES_VERBATIM.replace('829"}""]', '829"}"""]')

# The strings the workshop meant: stray quotes removed. They still contain a newline and four
# spaces in the middle (the seed's literals span two lines).
VALUES_FIXED = '''values = ["""{"house": "Ravenclaw", "character": "Myrtle Warren",
    "score": "1", "ts": "2022-08-11 16:34:11.633"}""",
    """{"house": "Thunderbird", "character": "Albus Dumbledore",
    "score": "4", "ts": "2022-08-11 16:33:50.74"}""",
    """{"house": "Slytherin", "character": "Bartemius Crouch, Sr.",
    "score": "4", "ts": "2022-08-11 16:34:16.9"}""",
    """{"house": "Gryffindor", "character": "Gregory Goyle",
    "score": "8", "ts": "2022-08-11 16:34:04.269"}""",
    """{"house": "Gryffindor", "character": "Astoria Greengrass",
    "score": "7", "ts": "2022-08-11 16:33:52.508"}""",
    """{"house": "Horned Serpent", "character": "Yaxley",
    "score": "4", "ts": "2022-08-11 16:33:48.829"}"""]
'''

# One JSON document per line, for file and socket sources.
HOUSE_LINES = [
    '{"house": "Ravenclaw", "character": "Myrtle Warren", "score": "1", "ts": "2022-08-11 16:34:11.633"}',
    '{"house": "Thunderbird", "character": "Albus Dumbledore", "score": "4", "ts": "2022-08-11 16:33:50.74"}',
    '{"house": "Slytherin", "character": "Bartemius Crouch, Sr.", "score": "4", "ts": "2022-08-11 16:34:16.9"}',
    '{"house": "Gryffindor", "character": "Gregory Goyle", "score": "8", "ts": "2022-08-11 16:34:04.269"}',
    '{"house": "Gryffindor", "character": "Astoria Greengrass", "score": "7", "ts": "2022-08-11 16:33:52.508"}',
    '{"house": "Horned Serpent", "character": "Yaxley", "score": "4", "ts": "2022-08-11 16:33:48.829"}',
]

HOUSES_DF = (VALUES_FIXED + DATA_SCHEMA + '''valuesDF = spark.createDataFrame(values, StringType())
df = valuesDF.select(from_json(col("value"), dataSchema).alias("data")).select("data.*")
''')

RESULT_AGG = '''resultDF = df.groupBy("house").agg(
    count("*").alias("how_many"),
    sum(col("score").cast("long")).alias("sum_score"),
    approx_count_distinct("character").alias("no_characters"))
'''

NAMES_DF = '''df = spark.createDataFrame(
    [(1, 2, "x y", "5", "Ravenclaw", "Myrtle Warren", datetime.datetime(2022, 8, 11, 16, 34, 11, 633000))],
    "a int, b int, value string, score string, house string, character string, ts timestamp")
'''

LINE1 = "spark scala scala spark structured streaming spark scala scala spark"
LINE2 = "spark scala scala spark"

WORDCOUNT = '''words = lines.select(
    explode(
        split(lines.value, " ")
    ).alias("word")
)
wordCounts = words.groupBy("word").count()
'''

CASES = []  # (id, code, extra-dict)


def case(cid, code, **extra):
    CASES.append((cid, code, extra))


# ----------------------------------------------------------------------------------------------
# Meta
# ----------------------------------------------------------------------------------------------
case("meta.spark_version", "print(spark.version)\n")
case("meta.session_time_zone", 'print(spark.conf.get("spark.sql.session.timeZone"))\n')
case("meta.ansi_enabled", 'print(spark.conf.get("spark.sql.ansi.enabled"))\n')
case("meta.shuffle_partitions", 'print(spark.conf.get("spark.sql.shuffle.partitions"))\n')

# ----------------------------------------------------------------------------------------------
# The workshop's batch prototype (seed steps 21-25)
# ----------------------------------------------------------------------------------------------
case("seed.values_verbatim_does_not_parse",
     "compile(" + repr(SEED_VALUES_VERBATIM) + ", '<stdin>', 'exec')\n",
     note="The seed's step-21 literal as printed is not valid Python (last string never closed).")


def prototype_cases(prefix, values_code):
    base = values_code + "valuesDF = spark.createDataFrame(values, StringType())\n"
    case(prefix + ".values_count", base + "print(len(values))\nprint(values[1][:3])\n")
    case(prefix + ".valuesDF.printSchema", base + "valuesDF.printSchema()\n")
    case(prefix + ".valuesDF.show", base + "valuesDF.show()\n")
    case(prefix + ".valuesDF.show_truncate_false", base + "valuesDF.show(truncate=False)\n")
    parsed = base + DATA_SCHEMA + 'dataDF = valuesDF.select(from_json(col("value"), dataSchema).alias("data"))\n'
    case(prefix + ".dataDF.printSchema", parsed + "dataDF.printSchema()\n")
    case(prefix + ".dataDF.show", parsed + "dataDF.show()\n")
    case(prefix + ".dataDF.show_truncate_false", parsed + "dataDF.show(truncate=False)\n")
    flat = parsed + 'df = dataDF.select("data.*")\n'
    case(prefix + ".flat.printSchema", flat + "df.printSchema()\n")
    case(prefix + ".flat.show", flat + "df.show()\n")
    case(prefix + ".flat.show_truncate_false", flat + "df.show(truncate=False)\n")
    case(prefix + ".flat.collect", flat + "print(df.collect())\n")
    res = flat + RESULT_AGG
    case(prefix + ".resultDF.printSchema", res + "resultDF.printSchema()\n")
    case(prefix + ".resultDF.show_unsorted", res + "resultDF.show()\n")
    case(prefix + ".resultDF.show_sorted", res + 'resultDF.orderBy("house").show()\n')
    case(prefix + ".resultDF.collect_sorted", res + 'print(resultDF.orderBy("house").collect())\n')


prototype_cases("seed.as_written", SEED_VALUES_AS_WRITTEN)
prototype_cases("seed.fixed", VALUES_FIXED)
case("seed.fixed.single_line_json.resultDF.show_unsorted",
     "values = " + json.dumps(HOUSE_LINES, indent=4) + "\n" + DATA_SCHEMA +
     'valuesDF = spark.createDataFrame(values, StringType())\n'
     'df = valuesDF.select(from_json(col("value"), dataSchema).alias("data")).select("data.*")\n'
     + RESULT_AGG + "resultDF.show()\n")
case("seed.fixed.valuesDF.columns_and_dtypes", VALUES_FIXED +
     "valuesDF = spark.createDataFrame(values, StringType())\nprint(valuesDF.columns)\nprint(valuesDF.dtypes)\nprint(valuesDF.schema)\n")
case("seed.fixed.resultDF.dtypes_schema", HOUSES_DF + RESULT_AGG +
     "print(resultDF.dtypes)\nprint(resultDF.schema)\nprint(resultDF.schema.simpleString())\nprint(resultDF.schema.json())\n")
case("seed.fixed.flat.dtypes_schema", HOUSES_DF +
     "print(df.dtypes)\nprint(df.schema)\nprint(df.schema.simpleString())\nprint(df.schema.json())\nprint(dataSchema.simpleString())\n")
case("seed.fixed.resultDF.sum_without_cast", HOUSES_DF +
     'r = df.groupBy("house").agg(sum("score"), sum(col("score")), avg("score"))\nr.printSchema()\nr.orderBy("house").show()\n')
case("seed.fixed.resultDF.agg_no_alias", HOUSES_DF +
     'r = df.groupBy("house").agg(count("*"), sum(col("score").cast("long")), approx_count_distinct("character"))\nr.printSchema()\nr.orderBy("house").show()\n')

# ----------------------------------------------------------------------------------------------
# Default column names
# ----------------------------------------------------------------------------------------------
NAME_EXPRS = [
    ("cast_long", 'col("score").cast("long")'),
    ("cast_int_type", 'col("score").cast(IntegerType())'),
    ("cast_string_expr", 'expr("CAST(value AS STRING)")'),
    ("cast_string_expr_alias", 'expr("CAST(value AS STRING)").alias("value")'),
    ("split", 'split(col("value"), " ")'),
    ("split_limit", 'split(col("value"), " ", 2)'),
    ("split_getItem", 'split(col("value"), " ")[0]'),
    ("explode_split", 'explode(split(col("value"), " "))'),
    ("explode_split_alias", 'explode(split(df.value, " ")).alias("word")'),
    ("upper_int", 'upper(col("a"))'),
    ("upper_string", 'upper(col("value"))'),
    ("plus", 'col("a") + 1'),
    ("radd", '1 + col("a")'),
    ("arith", 'col("a") * 2 - col("b")'),
    ("div", 'col("a") / col("b")'),
    ("mod", 'col("a") % 2'),
    ("neg", '-col("a")'),
    ("count_star", 'count("*")'),
    ("count_col", 'count(col("a"))'),
    ("count_str", 'count("a")'),
    ("count_lit1", 'count(lit(1))'),
    ("sum", 'sum("a")'),
    ("sum_cast", 'sum(col("score").cast("long"))'),
    ("avg", 'avg("a")'),
    ("mean", 'mean("a")'),
    ("min", 'min("a")'),
    ("max", 'max("a")'),
    ("min_string", 'min("house")'),
    ("countDistinct", 'countDistinct("a")'),
    ("countDistinct_two", 'countDistinct("a", "b")'),
    ("approx_count_distinct", 'approx_count_distinct("a")'),
    ("approx_count_distinct_rsd", 'approx_count_distinct("a", 0.1)'),
    ("approx_count_distinct_col", 'approx_count_distinct(col("character"))'),
    ("first", 'first("a")'),
    ("collect_list", 'collect_list("a")'),
    ("lit_1", 'lit(1)'),
    ("lit_x", 'lit("x")'),
    ("lit_1_5", 'lit(1.5)'),
    ("lit_true", 'lit(True)'),
    ("lit_none", 'lit(None)'),
    ("lit_long", 'lit(2 ** 40)'),
    ("concat_ints", 'concat(col("a"), col("b"))'),
    ("concat_strings", 'concat(col("house"), lit(" "), col("character"))'),
    ("length", 'length(col("a"))'),
    ("length_string", 'length(col("value"))'),
    ("when_otherwise", 'when(col("a") > 1, "x").otherwise("y")'),
    ("when_no_otherwise", 'when(col("a") > 1, "x")'),
    ("struct", 'struct(col("a"), col("b"))'),
    ("struct_names", 'struct("a", "b")'),
    ("to_json_struct", 'to_json(struct(col("a"), col("b")))'),
    ("current_timestamp", 'current_timestamp()'),
    ("isNull", 'col("a").isNull()'),
    ("isNotNull", 'col("a").isNotNull()'),
    ("isin", 'col("a").isin(1, 2)'),
    ("not", '~(col("a") > 1)'),
    ("and", '(col("a") > 1) & (col("b") < 2)'),
    ("or", '(col("a") > 1) | (col("b") < 2)'),
    ("eq_string_literal", 'col("a") == "x"'),
    ("eq_string_col", 'col("value") == "x"'),
    ("ne", 'col("a") != 1'),
    ("ge", 'col("a") >= 1'),
    ("eqNullSafe", 'col("a").eqNullSafe(1)'),
    ("alias", 'col("a").alias("x")'),
    ("df_attr", 'df.value'),
    ("df_item", 'df["value"]'),
    ("substr", 'col("value").substr(1, 2)'),
    ("coalesce", 'coalesce(col("a"), lit(0))'),
    ("expr_plus", 'expr("a + 1")'),
    ("expr_count_star", 'expr("count(*)")'),
    ("expr_upper", 'expr("upper(value)")'),
    ("from_json_no_alias", 'from_json(col("value"), dataSchema)'),
    ("from_json_ddl_no_alias", 'from_json(col("value"), "house STRING, score INT")'),
    ("from_json_field", 'from_json(col("value"), dataSchema)["house"]'),
    ("from_json_getField", 'from_json(col("value"), dataSchema).getField("house")'),
    ("window", 'window(col("ts"), "10 minutes")'),
    ("window_sliding", 'window(col("ts"), "10 minutes", "5 minutes")'),
    ("star", '"*"'),
]
for nid, e in NAME_EXPRS:
    case("colname." + nid, NAMES_DF + DATA_SCHEMA + "_d = df.select(" + e + ")\nprint(_d.columns)\n_d.printSchema()\n")

case("colname.nested_field_select", NAMES_DF + DATA_SCHEMA +
     '_d = df.select(from_json(col("value"), dataSchema).alias("data")).select(col("data.house"), "data.score", col("data")["ts"])\nprint(_d.columns)\n')
case("colname.selectExpr", NAMES_DF + '_d = df.selectExpr("a + 1", "a as x", "upper(b)", "*")\nprint(_d.columns)\n_d.printSchema()\n')
case("colname.groupBy_count", NAMES_DF + '_d = df.groupBy("a").count()\nprint(_d.columns)\n_d.printSchema()\n')
case("colname.groupBy_sum", NAMES_DF + '_d = df.groupBy("a").sum("b")\nprint(_d.columns)\n_d.printSchema()\n')
case("colname.groupBy_sum_all", NAMES_DF + '_d = df.groupBy("a").sum()\nprint(_d.columns)\n')
case("colname.groupBy_avg", NAMES_DF + '_d = df.groupBy("a").avg("b")\nprint(_d.columns)\n_d.printSchema()\n')
case("colname.groupBy_mean_max_min", NAMES_DF + '_d = df.groupBy("a").mean("b")\nprint(_d.columns)\nprint(df.groupBy("a").max("b").columns)\nprint(df.groupBy("a").min("b").columns)\n')
case("colname.groupBy_agg_dict", NAMES_DF + '_d = df.groupBy("a").agg({"b": "max"})\nprint(_d.columns)\n_d.printSchema()\n')
case("colname.groupBy_agg_dict_count_star", NAMES_DF + '_d = df.groupBy("a").agg({"*": "count"})\nprint(_d.columns)\n')
case("colname.groupBy_col_expr", NAMES_DF + '_d = df.groupBy(col("a") + 1).count()\nprint(_d.columns)\n')
case("colname.agg_no_group", NAMES_DF + '_d = df.agg(count("*"), sum("a"))\nprint(_d.columns)\n_d.printSchema()\n')
case("colname.window_show", NAMES_DF +
     '_d = df.select(window(col("ts"), "10 minutes"))\nprint(_d.columns)\n_d.printSchema()\n_d.show(truncate=False)\n'
     '_d.select("window.*").show(truncate=False)\n')
case("colname.window_groupBy", NAMES_DF +
     '_d = df.groupBy(window(col("ts"), "10 minutes"), col("house")).count()\nprint(_d.columns)\n_d.printSchema()\n_d.show(truncate=False)\n')
case("colname.window_sliding_show", NAMES_DF +
     '_d = df.select(window(col("ts"), "10 minutes", "5 minutes"))\n_d.show(truncate=False)\n')
case("colname.withColumn", NAMES_DF + '_d = df.withColumn("c", col("a") + 1).withColumnRenamed("b", "bb")\nprint(_d.columns)\n')

# ----------------------------------------------------------------------------------------------
# printSchema
# ----------------------------------------------------------------------------------------------
case("schema.wordcount", 'lines = spark.createDataFrame([("' + LINE1 + '",)], "value string")\n' + WORDCOUNT +
     "lines.printSchema()\nwords.printSchema()\nwordCounts.printSchema()\n")
case("schema.nested_struct", '''schema = StructType([
    StructField("id", IntegerType()),
    StructField("person", StructType([
        StructField("name", StringType()),
        StructField("address", StructType([
            StructField("city", StringType()),
            StructField("zip", StringType(), False)
        ]))
    ]))
])
spark.createDataFrame([], schema).printSchema()
''')
case("schema.array_of_struct", '''schema = StructType([
    StructField("items", ArrayType(StructType([
        StructField("sku", StringType()),
        StructField("qty", IntegerType(), False)
    ]))),
    StructField("tags", ArrayType(StringType(), False)),
    StructField("matrix", ArrayType(ArrayType(DoubleType())))
])
spark.createDataFrame([], schema).printSchema()
''')
case("schema.map", '''schema = StructType([
    StructField("m", MapType(StringType(), IntegerType())),
    StructField("m2", MapType(StringType(), StructType([StructField("x", LongType())]), False)),
    StructField("m3", MapType(IntegerType(), ArrayType(StringType())))
])
spark.createDataFrame([], schema).printSchema()
''')
case("schema.atomic_types", '''schema = StructType([
    StructField("byte", ByteType()),
    StructField("short", ShortType()),
    StructField("int", IntegerType()),
    StructField("long", LongType()),
    StructField("float", FloatType()),
    StructField("double", DoubleType()),
    StructField("decimal", DecimalType()),
    StructField("decimal_10_2", DecimalType(10, 2)),
    StructField("decimal_38_18", DecimalType(38, 18)),
    StructField("string", StringType()),
    StructField("binary", BinaryType()),
    StructField("boolean", BooleanType()),
    StructField("date", DateType()),
    StructField("timestamp", TimestampType()),
    StructField("timestamp_ntz", TimestampNTZType()),
    StructField("null", NullType()),
    StructField("day_time_interval", DayTimeIntervalType()),
    StructField("year_month_interval", YearMonthIntervalType())
])
df = spark.createDataFrame([], schema)
df.printSchema()
print(df.dtypes)
print(schema.simpleString())
''')
case("schema.atomic_types_ddl",
     'df = spark.createDataFrame([], "a tinyint, b smallint, c int, d bigint, e float, f double, g decimal, h decimal(10,2), i string, j binary, k boolean, l date, m timestamp, n timestamp_ntz, q array<int>, r map<string,int>, s struct<x:int,y:string>, t interval day to second")\n'
     'df.printSchema()\nprint(df.dtypes)\n')
case("schema.char_varchar_ddl_createDataFrame", 'df = spark.createDataFrame([], "o char(3), p varchar(5)")\n',
     note="createDataFrame with char/varchar in a DDL schema fails with an internal [BUG] error in 3.5.")
case("schema.char_varchar_ddl_from_json", 'df = spark.createDataFrame([("{}",)], "value string")\nr = df.select(from_json(col("value"), "o char(3), p varchar(5)").alias("d"))\nr.printSchema()\n')
case("schema.char_varchar_cast", 'df = spark.createDataFrame([("abcdef",)], "value string")\nr = df.select(col("value").cast("char(3)"), col("value").cast("varchar(5)"))\nr.printSchema()\nr.show()\n')
case("schema.nullable_false", '''schema = StructType([
    StructField("id", LongType(), False),
    StructField("name", StringType(), True),
    StructField("score", IntegerType(), nullable=False)
])
df = spark.createDataFrame([(1, "a", 2)], schema)
df.printSchema()
df.select((col("id") + 1).alias("id1"), upper("name"), col("score").cast("string")).printSchema()
''')
case("schema.kafka_by_hand", '''kafkaSchema = StructType([
    StructField("key", BinaryType(), True),
    StructField("value", BinaryType(), True),
    StructField("topic", StringType(), True),
    StructField("partition", IntegerType(), True),
    StructField("offset", LongType(), True),
    StructField("timestamp", TimestampType(), True),
    StructField("timestampType", IntegerType(), True)
])
spark.createDataFrame([], kafkaSchema).printSchema()
''', note="Hand-written; compare stream.kafka.source_printSchema (the real source) for the truth.")
case("schema.rate_source", 'df = spark.readStream.format("rate").load()\ndf.printSchema()\nprint(df.isStreaming)\n')
case("schema.rate_micro_batch_source", 'df = spark.readStream.format("rate-micro-batch").option("rowsPerBatch", 1).load()\ndf.printSchema()\n')
case("schema.socket_source", 'df = spark.readStream.format("socket").option("host", "localhost").option("port", 9876).load()\ndf.printSchema()\nprint(df.isStreaming)\n')
case("schema.socket_source_timestamp", 'df = spark.readStream.format("socket").option("host", "localhost").option("port", 9876).option("includeTimestamp", True).load()\ndf.printSchema()\n')
case("schema.treeString_level", NAMES_DF + DATA_SCHEMA +
     'df.select(struct(struct("a", "b").alias("inner"), "value").alias("outer")).printSchema(1)\n')
case("schema.from_json_alias_cast", 'lines = spark.createDataFrame([("x",)], "value string")\n' + DATA_SCHEMA +
     'lines.select(expr("CAST(value AS STRING)").alias("value")).select(from_json(col("value"), dataSchema).alias("data")).printSchema()\n')

# ----------------------------------------------------------------------------------------------
# show()
# ----------------------------------------------------------------------------------------------
STRINGS_DF = '''df = spark.createDataFrame([
    ("short", 1),
    ("exactly twenty chars", 2),
    ("twenty-one characters", 3),
    ("this string is definitely longer than twenty", 4),
    (None, 5),
    ("", 6),
    ("  padded  ", 7),
    ("tab\\there", 8),
    ("line\\nbreak", 9)
], "s string, n int")
'''
case("show.strings", STRINGS_DF + "df.show()\n")
case("show.strings_truncate_false", STRINGS_DF + "df.show(truncate=False)\n")
case("show.strings_truncate_5", STRINGS_DF + "df.show(truncate=5)\n")
case("show.strings_truncate_4", STRINGS_DF + "df.show(truncate=4)\n")
case("show.strings_truncate_3", STRINGS_DF + "df.show(truncate=3)\n")
case("show.strings_truncate_2", STRINGS_DF + "df.show(truncate=2)\n")
case("show.strings_truncate_1", STRINGS_DF + "df.show(truncate=1)\n")
case("show.strings_truncate_0", STRINGS_DF + "df.show(truncate=0)\n")
case("show.strings_truncate_true_explicit", STRINGS_DF + "df.show(20, True)\n")
case("show.strings_vertical", STRINGS_DF + "df.show(vertical=True)\n")
case("show.strings_vertical_truncate_5", STRINGS_DF + "df.show(vertical=True, truncate=5)\n")
case("show.strings_vertical_truncate_false", STRINGS_DF + "df.show(vertical=True, truncate=False)\n")
case("show.strings_vertical_n2", STRINGS_DF + "df.show(2, vertical=True)\n")
case("show.strings_vertical_n1", STRINGS_DF + "df.show(1, vertical=True)\n")
case("show.n2_of_3", 'df = spark.createDataFrame([(1, "a"), (2, "b"), (3, "c")], "id int, v string")\ndf.show(2)\n')
case("show.n1_of_3", 'df = spark.createDataFrame([(1, "a"), (2, "b"), (3, "c")], "id int, v string")\ndf.show(1)\n')
case("show.n0_of_3", 'df = spark.createDataFrame([(1, "a"), (2, "b"), (3, "c")], "id int, v string")\ndf.show(0)\n')
case("show.n_negative", 'df = spark.createDataFrame([(1, "a"), (2, "b"), (3, "c")], "id int, v string")\ndf.show(-1)\n')
case("show.n3_of_3", 'df = spark.createDataFrame([(1, "a"), (2, "b"), (3, "c")], "id int, v string")\ndf.show(3)\n')
case("show.n5_of_3", 'df = spark.createDataFrame([(1, "a"), (2, "b"), (3, "c")], "id int, v string")\ndf.show(5)\n')
case("show.range_25_default", "spark.range(25).show()\n")
case("show.range_21_default", "spark.range(21).show()\n")
case("show.range_20_default", "spark.range(20).show()\n")
case("show.empty_with_columns", 'spark.createDataFrame([], "a int, b string").show()\n')
case("show.empty_vertical", 'spark.createDataFrame([], "a int, b string").show(vertical=True)\n')
case("show.empty_no_columns", 'spark.createDataFrame([], StructType([])).show()\n')
case("show.empty_filtered", 'spark.range(3).filter("id > 5").show()\n')
case("show.long_column_names", 'df = spark.createDataFrame([(1, "a")], "a_very_long_column_name int, another_long_name_here string")\ndf.show()\ndf.show(vertical=True)\n')
case("show.column_name_over_20_truncated", 'df = spark.createDataFrame([(1,)], "this_column_name_is_longer_than_twenty int")\ndf.show()\ndf.show(truncate=5)\n')
case("show.timestamps", '''df = spark.createDataFrame([
    (datetime.datetime(2022, 8, 11, 16, 34, 11, 633000),),
    (datetime.datetime(2022, 8, 11, 16, 34, 11, 633123),),
    (datetime.datetime(2022, 8, 11, 16, 34, 11),),
    (datetime.datetime(2022, 8, 11, 16, 33, 50, 740000),),
    (datetime.datetime(2022, 8, 11, 16, 34, 16, 900000),),
    (datetime.datetime(2022, 8, 11, 16, 34, 11, 100),),
    (datetime.datetime(2022, 8, 11, 0, 0),),
    (datetime.datetime(1900, 1, 1, 0, 0),),
    (datetime.datetime(1969, 12, 31, 23, 59, 59, 999999),),
    (None,)
], "ts timestamp")
df.show(truncate=False)
df.show()
print(df.collect()[0])
''')
case("show.dates", '''df = spark.createDataFrame([
    (datetime.date(2022, 8, 11),), (datetime.date(1, 1, 1),), (datetime.date(9999, 12, 31),), (None,)
], "d date")
df.show()
''')
case("show.timestamp_from_strings", '''df = spark.createDataFrame([("2022-08-11 16:34:11.633",), ("2022-08-11 16:33:50.74",), ("2022-08-11 16:34:16.9",), ("2022-08-11 16:34:04.269",)], "s string")
df.select(col("s").cast("timestamp").alias("ts")).show(truncate=False)
''')
DOUBLES = "[1.0, 1.5, 1e10, 1e-5, 1/3, float('nan'), float('inf'), float('-inf'), -0.0, 0.0, 1e7, 9999999.0, 1234567.0, 0.001, 0.0001, 1e20, 1e21, 123456789.123, 100.0, 0.1 + 0.2, 2.0 ** 53, 1.7976931348623157e308, 5e-324, None]"
case("show.doubles", "df = spark.createDataFrame([(x,) for x in " + DOUBLES + "], \"d double\")\ndf.show(30)\n")
case("show.doubles_cast_string", "df = spark.createDataFrame([(x,) for x in " + DOUBLES + "], \"d double\")\ndf.select(col(\"d\").cast(\"string\")).show(30, truncate=False)\n")
case("show.floats", "df = spark.createDataFrame([(x,) for x in [0.1, 1.0, 1.5, 1e10, 1e-5, 3.4e38, 16777217.0, float('nan'), None]], \"f float\")\ndf.show()\ndf.select(col(\"f\").cast(\"double\"), col(\"f\").cast(\"string\")).show(truncate=False)\n")
case("show.integers", '''df = spark.createDataFrame([(0, 0, 0, 0), (-1, -1, -1, -1), (127, 32767, 2147483647, 9223372036854775807), (-128, -32768, -2147483648, -9223372036854775808), (None, None, None, None)], "b tinyint, s smallint, i int, l bigint")
df.show()
''')
case("show.decimals", '''df = spark.createDataFrame([(decimal.Decimal("1.10"), decimal.Decimal("1")), (decimal.Decimal("-0.05"), decimal.Decimal("123456789")), (None, None)], "a decimal(10,2), b decimal(38,18)")
df.show(truncate=False)
print(df.collect())
''')
case("show.booleans", 'df = spark.createDataFrame([(True,), (False,), (None,)], "b boolean")\ndf.show()\n')
case("show.arrays", '''df = spark.createDataFrame([
    ([1, 2, 3], ["a", "b"], [[1], [2, 3]]),
    ([], [], []),
    (None, None, None),
    ([None, 1], ["a", None, ""], [None, [None]]),
    (list(range(30)), ["a string longer than twenty chars"], [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]])
], "ai array<int>, as array<string>, aai array<array<int>>")
df.show()
df.show(truncate=False)
''')
case("show.structs", '''df = spark.createDataFrame([
    ((1, "a"), [(1, "x"), (2, "y")]),
    ((None, None), [(None, None)]),
    (None, None),
    ((3, None), []),
], "st struct<x:int,y:string>, arr array<struct<p:int,q:string>>")
df.show()
df.show(truncate=False)
df.printSchema()
print(df.collect())
''')
case("show.nested_nulls", '''df = spark.createDataFrame([
    ((1, (None, [None])), {"k": None}),
    (None, None),
], "s struct<a:int,b:struct<c:string,d:array<string>>>, m map<string,string>")
df.show(truncate=False)
''')
case("show.maps", '''df = spark.createDataFrame([
    ({"a": 1},), ({},), (None,), ({"k": None},), ({"a": 1, "b": 2},)
], "m map<string,int>")
df.show(truncate=False)
''')
case("show.binary", '''df = spark.createDataFrame([
    (bytearray(b"abc"),), (bytearray(b""),), (None,), (bytearray(b"\\x00\\xff\\x10"),), (bytearray(b"0123456789abcdef"),)
], "b binary")
df.show()
df.show(truncate=False)
''')
case("show.unicode", '''df = spark.createDataFrame([
    ("日本語", 1), ("ｆｕｌｌｗｉｄｔｈ", 2), ("żółć gęślą jaźń", 3), ("emoji 😀", 4),
    ("日本語日本語日本語日本語日本語日本語日本語", 5), ("한국어", 6), ("ascii", 7)
], "s string, n int")
df.show()
df.show(truncate=False)
df.show(vertical=True)
''')
case("show.unicode_column_name", 'df = spark.createDataFrame([(1, "a")], "`liczba_żółć` int, `名前` string")\ndf.show()\ndf.printSchema()\n')
case("show.mixed_alignment", '''df = spark.createDataFrame([(1, "a", 1.5, True, None)], "i int, s string, d double, b boolean, n string")
df.show()
df.show(truncate=False)
''')
case("show.interval_and_ntz", '''df = spark.sql("SELECT INTERVAL '1 02:03:04.5' DAY TO SECOND AS dt, INTERVAL '1-2' YEAR TO MONTH AS ym, TIMESTAMP_NTZ '2022-08-11 16:34:11.633' AS ntz, NULL AS n")
df.show(truncate=False)
df.printSchema()
''')
case("show.spark_sql_literals", '''spark.sql("SELECT 1 AS i, 'x' AS s, 1.5 AS dec, 1.5D AS dbl, 1L AS l, true AS b, NULL AS n, DATE '2022-08-11' AS d, array(1,2) AS a, map('k', 1) AS m, named_struct('x', 1) AS st").show()
spark.sql("SELECT 1, 'x', 1.5, 1.5D, NULL, array(1,2), map('k', 1), named_struct('x', 1)").printSchema()
''')

# ----------------------------------------------------------------------------------------------
# Casts
# ----------------------------------------------------------------------------------------------
CAST_STRINGS = '''df = spark.createDataFrame([(s,) for s in ["1", " 2 ", "1.9", "-3", "abc", "", "2147483648", "9223372036854775808", "1e3", "+4", "0x10", "\\t5\\n", None]], "s string")
'''
case("cast.string_to_int_bigint_double", CAST_STRINGS +
     'r = df.select(col("s"), col("s").cast("int"), col("s").cast("bigint"), col("s").cast("double"))\nr.printSchema()\nr.show(truncate=False)\nprint(r.collect())\n')
case("cast.string_to_int_expr", CAST_STRINGS + 'df.selectExpr("s", "CAST(s AS INT)", "int(s)", "CAST(s AS LONG)").show()\n')
case("cast.string_to_timestamp", '''df = spark.createDataFrame([(s,) for s in ["2022-08-11 16:34:11.633", "2022-08-11T16:34:11Z", "2022-08-11", "garbage", "2022-08-11 16:34", "2022-08-11T16:34:11.633+02:00", "2022-08-11 16:34:11.1234567", " 2022-08-11 16:34:11 ", "1660235651", "", None]], "s string")
r = df.select(col("s"), col("s").cast("timestamp"), col("s").cast("date"))
r.printSchema()
r.show(truncate=False)
''')
case("cast.to_boolean", '''df = spark.createDataFrame([(s,) for s in ["true", "TRUE", "t", "yes", "y", "1", "0", "false", "no", "f", "abc", "", " true ", None]], "s string")
df.select(col("s"), col("s").cast("boolean")).show()
spark.createDataFrame([(i,) for i in [0, 1, 2, -1, None]], "i int").select(col("i"), col("i").cast("boolean")).show()
spark.createDataFrame([(True,), (False,), (None,)], "b boolean").select(col("b").cast("int"), col("b").cast("string"), col("b").cast("double")).show()
''')
case("cast.long_to_string", '''df = spark.createDataFrame([(x,) for x in [0, 1, -1, 9223372036854775807, -9223372036854775808, None]], "l bigint")
df.select(col("l").cast("string")).show(truncate=False)
df.select(col("l").cast("int"), col("l").cast("double")).show(truncate=False)
''')
case("cast.double_to_string_and_int", "df = spark.createDataFrame([(x,) for x in " + DOUBLES + "], \"d double\")\n"
     "df.select(col(\"d\"), col(\"d\").cast(\"string\"), col(\"d\").cast(\"int\"), col(\"d\").cast(\"long\")).show(30, truncate=False)\n")
case("cast.timestamp_to_string_long", '''df = spark.createDataFrame([(datetime.datetime(2022, 8, 11, 16, 34, 11, 633000),), (datetime.datetime(2022, 8, 11, 16, 34, 11),)], "ts timestamp")
df.select(col("ts").cast("string"), col("ts").cast("long"), col("ts").cast("double"), col("ts").cast("date")).show(truncate=False)
''')
case("cast.string_to_decimal", '''df = spark.createDataFrame([(s,) for s in ["1.005", "abc", "12345678901", None]], "s string")
df.select(col("s").cast("decimal(10,2)"), col("s").cast("decimal")).show()
''')

# ----------------------------------------------------------------------------------------------
# from_json edge cases
# ----------------------------------------------------------------------------------------------
FJ_INPUTS = '''inputs = [
    ("valid", '{"house": "Ravenclaw", "character": "Myrtle Warren", "score": "1", "ts": "2022-08-11 16:34:11.633"}'),
    ("malformed", '{"house": "Ravenclaw", "character"'),
    ("stray_quote", '"{"house": "Ravenclaw"}'),
    ("score_number", '{"score": 5}'),
    ("score_float", '{"score": 5.50}'),
    ("score_bool", '{"score": true}'),
    ("score_object", '{"score": {"a": 1}}'),
    ("score_array", '{"score": [1, 2]}'),
    ("ts_garbage", '{"ts": "garbage"}'),
    ("ts_garbage_with_house", '{"house": "Slytherin", "ts": "garbage"}'),
    ("ts_epoch_number", '{"ts": 1660235651}'),
    ("ts_iso_z", '{"ts": "2022-08-11T16:34:11Z"}'),
    ("ts_date_only", '{"ts": "2022-08-11"}'),
    ("house_null", '{"house": null}'),
    ("null_input", None),
    ("empty_string", ''),
    ("whitespace", '   '),
    ("empty_array", '[]'),
    ("array_of_objects", '[{"house": "A"}, {"house": "B"}]'),
    ("empty_object", '{}'),
    ("extra_keys", '{"house": "Gryffindor", "extra": 1, "more": {"x": 2}}'),
    ("nested", '{"house": {"name": "Gryffindor"}}'),
    ("duplicate_key", '{"house": "A", "house": "B"}'),
    ("case_mismatch", '{"House": "A"}'),
    ("single_quotes", "{'house': 'A'}"),
    ("trailing_garbage", '{"house": "A"} xyz'),
    ("two_objects", '{"house": "A"}{"house": "B"}'),
    ("number", '42'),
    ("string", '"just a string"'),
]
'''
case("from_json.edge_cases", FJ_INPUTS + DATA_SCHEMA + '''df = spark.createDataFrame(inputs, "id string, value string")
r = df.select(col("id"), from_json(col("value"), dataSchema).alias("data"))
r.show(40, truncate=False)
r.select("id", "data.*").show(40, truncate=False)
for row in r.collect():
    print(row)
''')
case("from_json.int_field", '''df = spark.createDataFrame([(s,) for s in ['{"n": "1"}', '{"n": 1.5}', '{"n": true}', '{"n": 1}', '{"n": 2147483648}', '{"n": "abc"}', '{"n": 1e2}', '{"n": -0}', '{"n": null}', '{"n": 1, "m": "x"}', '{"m": "x", "n": "1"}']], "value string")
schema = StructType([StructField("n", IntegerType()), StructField("m", StringType())])
r = df.select(col("value"), from_json(col("value"), schema).alias("data"))
r.show(truncate=False)
r.select("value", "data.*").show(truncate=False)
''')
case("from_json.long_double_bool_fields", '''df = spark.createDataFrame([(s,) for s in ['{"l": "1", "d": "1.5", "b": "true"}', '{"l": 1.5, "d": 1, "b": 1}', '{"l": 9223372036854775808, "d": "NaN", "b": "yes"}', '{"l": 1, "d": 1e400, "b": true}']], "value string")
schema = "l BIGINT, d DOUBLE, b BOOLEAN"
df.select(col("value"), from_json(col("value"), schema).alias("data")).select("value", "data.*").show(truncate=False)
''')
case("from_json.failfast_malformed", DATA_SCHEMA + '''df = spark.createDataFrame([('{"house": "Ravenclaw", "character"',)], "value string")
df.select(from_json(col("value"), dataSchema, {"mode": "FAILFAST"}).alias("data")).show()
''')
case("from_json.failfast_bad_timestamp", DATA_SCHEMA + '''df = spark.createDataFrame([('{"ts": "garbage"}',)], "value string")
df.select(from_json(col("value"), dataSchema, {"mode": "FAILFAST"}).alias("data")).show()
''')
case("from_json.failfast_valid", DATA_SCHEMA + '''df = spark.createDataFrame([('{"house": "A", "score": 5}',)], "value string")
df.select(from_json(col("value"), dataSchema, {"mode": "FAILFAST"}).alias("data")).show(truncate=False)
''')
case("from_json.dropmalformed_mode", DATA_SCHEMA + '''df = spark.createDataFrame([('{"house": "A"',)], "value string")
df.select(from_json(col("value"), dataSchema, {"mode": "DROPMALFORMED"}).alias("data")).show()
''')
case("from_json.ddl_schema", '''df = spark.createDataFrame([('{"house": "A", "score": 5}',)], "value string")
r = df.select(from_json(col("value"), "house STRING, score INT, ts TIMESTAMP").alias("data"))
r.printSchema()
r.show(truncate=False)
''')
case("from_json.timestamp_format_option", DATA_SCHEMA + '''df = spark.createDataFrame([('{"ts": "11/08/2022 16:34"}',), ('{"ts": "2022-08-11 16:34:11.633"}',)], "value string")
df.select(from_json(col("value"), dataSchema, {"timestampFormat": "dd/MM/yyyy HH:mm"}).alias("data")).select("data.ts").show(truncate=False)
''')
case("from_json.nested_schema", '''schema = "house STRING, info STRUCT<name: STRING, tags: ARRAY<STRING>>, m MAP<STRING, INT>"
df = spark.createDataFrame([(s,) for s in ['{"house": "A", "info": {"name": "n", "tags": ["x", "y"]}, "m": {"a": 1}}', '{"info": {"name": 1, "tags": "notarray"}}', '{"info": null, "m": {"a": "x"}}']], "value string")
r = df.select(from_json(col("value"), schema).alias("data"))
r.printSchema()
r.show(truncate=False)
''')

# ----------------------------------------------------------------------------------------------
# split edge cases
# ----------------------------------------------------------------------------------------------
SPLIT_DF = '''df = spark.createDataFrame([(s,) for s in ["a  b", " a", "", "a b ", "a,b, c", "a b c", "a,,b,,", None]], "value string")
'''
case("split.space", SPLIT_DF + 'r = df.select(col("value"), split(col("value"), " ").alias("parts"))\nr.show(truncate=False)\nfor row in r.collect():\n    print(row)\n')
case("split.regex", SPLIT_DF + 'df.select(col("value"), split(col("value"), "[ ,]+").alias("parts")).show(truncate=False)\n')
case("split.comma_trailing", SPLIT_DF + 'df.select(col("value"), split(col("value"), ",").alias("parts")).show(truncate=False)\n')
case("split.limit", SPLIT_DF + 'df.select(col("value"), split(col("value"), " ", 2).alias("l2"), split(col("value"), " ", 0).alias("l0"), split(col("value"), " ", 1).alias("l1")).show(truncate=False)\n')
case("split.empty_pattern", 'spark.createDataFrame([("abc",), ("",)], "value string").select(split(col("value"), "").alias("parts")).show(truncate=False)\n')
case("split.dot_is_regex", 'spark.createDataFrame([("a.b",)], "value string").select(split(col("value"), ".").alias("dot"), split(col("value"), "\\\\.").alias("escaped")).show(truncate=False)\n')
case("split.explode", SPLIT_DF + 'r = df.select(col("value"), explode(split(col("value"), " ")).alias("word"))\nr.show(40, truncate=False)\nprint(r.count())\n')
case("split.explode_empty_array_and_null", 'df = spark.createDataFrame([([],), (None,), (["x"],)], "a array<string>")\ndf.select(explode(col("a"))).show()\n')

# ----------------------------------------------------------------------------------------------
# Error texts
# ----------------------------------------------------------------------------------------------
case("error.select_unknown_column", HOUSES_DF + 'df.select("hous")\n')
case("error.select_unknown_column_nested", HOUSES_DF + 'df.select(col("hous.x"))\n')
case("error.filter_unknown_col", HOUSES_DF + 'df.filter(col("xyz") > 1)\n')
case("error.filter_unknown_col_string_expr", HOUSES_DF + 'df.filter("xyz > 1")\n')
case("error.groupBy_unknown_column", HOUSES_DF + 'df.groupBy("hous").count()\n')
case("error.getitem_unknown_column", HOUSES_DF + 'df["hous"]\n')
case("error.getattr_unknown_column", HOUSES_DF + 'df.hous\n')
case("error.select_data_star_unknown", HOUSES_DF + 'df.select("data.*")\n')
case("error.unknown_function_expr", HOUSES_DF + 'df.select(expr("foo(house)"))\n')
case("error.unknown_function_selectExpr", HOUSES_DF + 'df.selectExpr("approx_count_distnct(house)")\n')
case("error.syntax_error_expr", HOUSES_DF + 'df.select(expr("a +"))\n')
case("error.syntax_error_expr_only", 'expr("a +")\n')
case("error.syntax_error_expr_paren", 'expr("upper(house")\n')
case("error.sum_of_string_grouped", HOUSES_DF + 'df.groupBy("house").sum("house")\n')
case("error.avg_of_string_grouped", HOUSES_DF + 'df.groupBy("house").avg("character")\n')
case("error.sum_of_string_function", HOUSES_DF + 'df.groupBy("house").agg(sum("house")).orderBy("house").show()\n',
     note="sum() of a string column is not an error: the string is cast to double.")
case("error.struct_plus_string", HOUSES_DF + 'df.select(struct("house", "score") + "x")\n')
case("error.struct_plus_string_col", HOUSES_DF + 'df.select(struct("house", "score") + col("house"))\n')
case("error.invalid_ddl_type", 'spark.createDataFrame([("x",)], "a strin")\n')
case("error.invalid_ddl_cast", HOUSES_DF + 'df.select(col("score").cast("integr"))\n')
case("error.invalid_ddl_from_json", HOUSES_DF + 'valuesDF.select(from_json(col("value"), "house STRNG"))\n')
case("error.invalid_ddl_syntax", 'spark.createDataFrame([("x",)], "a string,")\n')
case("error.union_different_column_counts", HOUSES_DF + 'df.union(df.select("house", "score"))\n')
case("error.union_incompatible_types", 'spark.createDataFrame([(1,)], "a int").union(spark.createDataFrame([([1],)], "a array<int>"))\n')
case("error.createDataFrame_wrong_type", 'spark.createDataFrame([("a", 1)], "x int, y int")\n')
case("error.createDataFrame_wrong_length", 'spark.createDataFrame([(1, 2, 3)], "x int, y int")\n')
case("error.createDataFrame_wrong_type_structtype", 'spark.createDataFrame([("a", "b")], StructType([StructField("x", IntegerType()), StructField("y", StringType())]))\n')
case("error.createDataFrame_not_nullable_null", 'spark.createDataFrame([(None,)], StructType([StructField("x", IntegerType(), False)]))\n')
case("error.createDataFrame_strings_no_schema", 'spark.createDataFrame(["a", "b"])\n')
case("error.createDataFrame_empty_no_schema", 'spark.createDataFrame([])\n')
case("error.ambiguous_self_join", HOUSES_DF + 'df.join(df, "house").select("score")\n')
case("error.cast_struct_to_int", HOUSES_DF + 'df.select(struct("house").cast("int"))\n')
case("error.explode_non_array", HOUSES_DF + 'df.select(explode(col("house")))\n')
case("error.agg_non_grouped_column", HOUSES_DF + 'df.groupBy("house").agg(col("score"))\n')
case("error.select_agg_and_column", HOUSES_DF + 'df.select(col("house"), count("*"))\n')
case("error.wrong_arg_type_col", HOUSES_DF + 'df.select(split(1, " "))\n')
case("error.kafka_not_on_classpath_batch", 'spark.read.format("kafka").option("kafka.bootstrap.servers", "localhost:9092").option("subscribe", "t").load()\n')
case("error.kafka_not_on_classpath_stream", 'spark.readStream.format("kafka").option("kafka.bootstrap.servers", "localhost:9092").option("subscribe", "t").load()\n')
case("error.unknown_format", 'spark.readStream.format("nosuchsource").load()\n')
case("error.socket_missing_port", 'spark.readStream.format("socket").option("host", "localhost").load()\n')

# ----------------------------------------------------------------------------------------------
# Aggregations
# ----------------------------------------------------------------------------------------------
AGG_DF = '''df = spark.createDataFrame([
    ("a", 1, "x"), ("a", 2, None), ("b", None, "y"), (None, 4, "z"), (None, 5, "z"), ("b", 6, "y")
], "k string, v int, s string")
'''
case("agg.sum_int_is_long", AGG_DF + 'r = df.groupBy("k").agg(sum("v"), avg("v"), min("s"), max("s"), count("v"), count("*"), countDistinct("s"))\nr.printSchema()\nr.orderBy("k").show()\nr.show()\n')
case("agg.global", AGG_DF + 'r = df.agg(sum("v"), avg("v"), min("v"), max("v"), min("s"), max("s"), count("s"), count("*"), countDistinct("s"), approx_count_distinct("s"))\nr.printSchema()\nr.show()\n')
case("agg.empty_input", 'df = spark.createDataFrame([], "k string, v int")\ndf.agg(sum("v"), avg("v"), count("v"), count("*"), min("v"), countDistinct("v"), approx_count_distinct("v")).show()\ndf.groupBy("k").count().show()\n')
case("agg.all_null_group", 'df = spark.createDataFrame([("a", None), ("a", None)], "k string, v int")\ndf.groupBy("k").agg(sum("v"), avg("v"), count("v"), countDistinct("v"), approx_count_distinct("v")).show()\n')
case("agg.null_keys_groupBy", AGG_DF + 'df.groupBy("k").count().orderBy("k").show()\ndf.groupBy("k").count().orderBy(col("k").desc()).show()\ndf.groupBy("k").count().show()\n')
case("agg.avg_precision", 'df = spark.createDataFrame([(1,), (2,), (2,)], "v int")\ndf.agg(avg("v")).show()\nprint(df.agg(avg("v")).collect())\n')
case("agg.sum_long_overflow", 'df = spark.createDataFrame([(9223372036854775807,), (1,)], "v bigint")\ndf.agg(sum("v")).show()\n')
case("agg.sum_double", 'df = spark.createDataFrame([(0.1,), (0.2,)], "v double")\ndf.agg(sum("v"), avg("v")).show()\n')
case("agg.sum_decimal", 'df = spark.createDataFrame([(decimal.Decimal("1.10"),), (decimal.Decimal("2.05"),)], "v decimal(10,2)")\nr = df.agg(sum("v"), avg("v"))\nr.printSchema()\nr.show()\n')
case("agg.approx_count_distinct_sizes", '''df = spark.range(0, 100000).selectExpr("id", "CAST(id % 1000 AS STRING) AS s", "id % 37 AS m")
df.agg(approx_count_distinct("id"), approx_count_distinct("s"), approx_count_distinct("m"), approx_count_distinct("id", 0.1), countDistinct("id")).show()
''')
case("agg.approx_count_distinct_houses", '''names = ["Myrtle Warren", "Albus Dumbledore", "Bartemius Crouch, Sr.", "Gregory Goyle", "Astoria Greengrass", "Yaxley", "Harry Potter", "Hermione Granger"]
df = spark.createDataFrame([(n,) for n in names] * 3, "character string")
df.agg(approx_count_distinct("character"), countDistinct("character"), count("*")).show()
''')
WC1 = 'lines = spark.createDataFrame([("' + LINE1 + '",)], "value string")\n' + WORDCOUNT
WC2 = 'lines = spark.createDataFrame([("' + LINE1 + '",), ("' + LINE2 + '",)], "value string")\n' + WORDCOUNT
case("agg.wordcount_line1_unsorted", WC1 + "wordCounts.show()\n")
case("agg.wordcount_line1_sorted", WC1 + 'wordCounts.orderBy("word").show()\n')
case("agg.wordcount_both_lines_unsorted", WC2 + "wordCounts.show()\n")
case("agg.wordcount_both_lines_sorted", WC2 + 'wordCounts.orderBy("word").show()\n')
case("agg.wordcount_with_empty_line", 'lines = spark.createDataFrame([("' + LINE2 + '",), ("",), ("a  b",)], "value string")\n' + WORDCOUNT + 'wordCounts.orderBy("word").show()\nwordCounts.show()\n')
case("agg.wordcount_sorted_by_count_desc", WC2 + 'wordCounts.orderBy(col("count").desc(), "word").show()\n')

# ----------------------------------------------------------------------------------------------
# Streaming errors at start() (in process)
# ----------------------------------------------------------------------------------------------
RATE = 'stream = spark.readStream.format("rate").option("rowsPerSecond", 1).load()\nlines = stream.selectExpr("CAST(value AS STRING) AS value")\n'
case("stream_error.countDistinct", RATE +
     'q = lines.groupBy().agg(countDistinct("value")).writeStream.outputMode("complete").format("console").start()\n')
case("stream_error.countDistinct_grouped", RATE +
     'q = lines.groupBy("value").agg(countDistinct("value")).writeStream.outputMode("complete").format("console").start()\n')
case("stream_error.complete_without_aggregation", RATE +
     'q = lines.writeStream.outputMode("complete").format("console").start()\n')
case("stream_error.append_with_aggregation_no_watermark", RATE + WORDCOUNT +
     'q = wordCounts.writeStream.outputMode("append").format("console").start()\n')
case("stream_error.default_mode_with_aggregation", RATE + WORDCOUNT +
     'q = wordCounts.writeStream.format("console").start()\n')
case("stream_error.sort_without_complete", RATE +
     'q = lines.orderBy("value").writeStream.outputMode("append").format("console").start()\n')
case("stream_error.sort_aggregation_update_mode", RATE + WORDCOUNT +
     'q = wordCounts.orderBy("word").writeStream.outputMode("update").format("console").start()\n')
case("stream_error.jdbc_sink", RATE + '''host_name = "localhost"
q = lines.writeStream \\
    .format("jdbc") \\
    .option("url", f"jdbc:postgresql://{host_name}:8432/streamoutput") \\
    .option("dbtable", "housestats") \\
    .option("user", "postgres") \\
    .option("password", "mysecretpassword") \\
    .start()
''')
case("stream_error.jdbc_sink_house_stats_complete", RATE + DATA_SCHEMA +
     'df = lines.select(from_json(col("value"), dataSchema).alias("data")).select("data.*")\n' + RESULT_AGG + '''host_name = "localhost"
q = resultDF.writeStream \\
    .outputMode("complete") \\
    .format("jdbc") \\
    .option("url", f"jdbc:postgresql://{host_name}:8432/streamoutput") \\
    .option("dbtable", "housestats") \\
    .option("user", "postgres") \\
    .option("password", "mysecretpassword") \\
    .start()
''')
case("stream_error.batch_show_on_stream", RATE + 'lines.show()\n')
case("stream_error.batch_count_on_stream", RATE + 'lines.count()\n')
case("stream_error.batch_collect_on_stream", RATE + 'lines.collect()\n')
case("stream_error.batch_write_on_stream", RATE + 'lines.write.format("console").save()\n')
case("stream_error.writeStream_on_batch", 'spark.range(3).writeStream.format("console").start()\n')
case("stream_error.memory_sink_without_queryName", RATE + 'q = lines.writeStream.format("memory").start()\n')
case("stream_error.file_sink_without_checkpoint", RATE + 'q = lines.writeStream.format("parquet").option("path", "/tmp/iskra-oracle-never-written").start()\n')
case("stream_error.file_sink_without_path", RATE + 'q = lines.writeStream.format("parquet").option("checkpointLocation", "/tmp/iskra-oracle-never-written-cp").start()\n')
case("stream_error.two_triggers_at_once", RATE + 'q = lines.writeStream.format("console").trigger(processingTime="5 seconds", once=True).start()\n')
case("stream_error.trigger_no_args", RATE + 'q = lines.writeStream.format("console").trigger().start()\n')
case("stream_error.trigger_bad_interval", RATE + 'q = lines.writeStream.format("console").trigger(processingTime="soon").start()\n')
case("stream_error.invalid_output_mode", RATE + 'q = lines.writeStream.outputMode("foo").format("console").start()\n')
case("stream_error.multiple_aggregations", RATE + WORDCOUNT +
     'q = wordCounts.groupBy("count").count().writeStream.outputMode("complete").format("console").start()\n')
case("stream_error.limit_append", RATE + 'q = lines.limit(2).writeStream.outputMode("update").format("console").start()\n')
case("stream_error.duplicate_query_name", RATE + '''q1 = lines.writeStream.format("memory").queryName("dup").start()
try:
    q2 = lines.writeStream.format("memory").queryName("dup").start()
finally:
    q1.stop()
''')
case("stream_error.foreachBatch_not_callable", RATE + 'q = lines.writeStream.foreachBatch(42).start()\nprint(q.isActive)\nq.stop()\n',
     note="No error at start(): a non-callable foreachBatch only fails when a batch runs.")
case("stream.isStreaming_and_repr", RATE + WORDCOUNT +
     'print(lines.isStreaming)\nprint(wordCounts.isStreaming)\nprint(repr(wordCounts))\nprint(repr(lines))\nprint(type(lines.writeStream).__name__)\n')

# ----------------------------------------------------------------------------------------------
# Streaming scripts (own process; the JVM prints the console sink)
# ----------------------------------------------------------------------------------------------
STREAM_HEADER = '''import json, os, time
from pyspark.sql import SparkSession
from pyspark.sql.functions import approx_count_distinct, col, count, explode, from_json, split, sum
from pyspark.sql.types import StringType, StructField, StructType, TimestampType

spark = (SparkSession.builder.master("local[2]")
         .config("spark.ui.enabled", "false")
         .config("spark.ui.showConsoleProgress", "false")
         .getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
WORK = os.environ["ORACLE_WORK"]      # an empty scratch directory
SIDE = {}                             # values handed back to golden.py (not printed)
inputDir = os.path.join(WORK, "in")
os.makedirs(inputDir)

def put(name, text):
    """Add a file to the source directory atomically (write aside, then rename)."""
    tmp = os.path.join(WORK, name + ".tmp")
    with open(tmp, "w") as f:
        f.write(text)
    os.rename(tmp, os.path.join(inputDir, name))

def checkpoint_dump(cp):
    listing, files = [], {}
    for dirpath, dirnames, filenames in os.walk(cp):
        dirnames.sort()
        rel = os.path.relpath(dirpath, cp)
        for d in dirnames:
            listing.append(os.path.normpath(os.path.join(rel, d)) + "/")
        for fn in sorted(filenames):
            p = os.path.normpath(os.path.join(rel, fn))
            listing.append(p)
            full = os.path.join(dirpath, fn)
            if fn.endswith(".crc") or "/state/" in "/" + p or p.startswith("state"):
                continue
            with open(full, "rb") as f:
                files[p] = f.read().decode("utf-8", "replace")
    return sorted(listing), files

def wait_batches(q, n, timeout=120):
    t0 = time.time()
    while len(q.recentProgress) < n:
        if time.time() - t0 > timeout:
            raise RuntimeError("timeout waiting for %d batches" % n)
        time.sleep(0.2)
'''

STREAM_FOOTER = '''
with open(os.environ["ORACLE_SIDE"], "w") as f:
    json.dump(SIDE, f)
spark.stop()
'''

WORDCOUNT_FILE_SCRIPT = STREAM_HEADER + '''
put("1.txt", "''' + LINE1 + '''\\n")
lines = spark.readStream.format("text").load(inputDir)
''' + WORDCOUNT + '''cp = os.path.join(WORK, "checkpoint")
query = wordCounts \\
    .writeStream \\
    .outputMode("{mode}") \\
    .format("console") \\
    .option("checkpointLocation", cp) \\
    .start()
query.processAllAvailable()
SIDE["status_after_batch0"] = query.status
put("2.txt", "''' + LINE2 + '''\\n")
query.processAllAvailable()
SIDE["id"] = str(query.id)
SIDE["runId"] = str(query.runId)
SIDE["name"] = query.name
SIDE["isActive"] = query.isActive
SIDE["status"] = query.status
SIDE["status_str"] = str(query.status)
SIDE["lastProgress_json"] = json.dumps(query.lastProgress)
SIDE["lastProgress_str"] = str(query.lastProgress)
SIDE["lastProgress_jvm_prettyJson"] = query._jsq.lastProgress().prettyJson()
SIDE["lastProgress_jvm_json"] = query._jsq.lastProgress().json()
SIDE["recentProgress_len"] = len(query.recentProgress)
SIDE["recentProgress_json"] = json.dumps(query.recentProgress)
SIDE["recentProgress_batchIds"] = [p["batchId"] for p in query.recentProgress]
query.stop()
SIDE["status_after_stop"] = query.status
SIDE["isActive_after_stop"] = query.isActive
SIDE["lastProgress_after_stop_json"] = json.dumps(query.lastProgress)
SIDE["exception_after_stop"] = repr(query.exception())
SIDE["checkpoint_listing"], SIDE["checkpoint_files"] = checkpoint_dump(cp)
''' + STREAM_FOOTER

WORDCOUNT_EMPTY_LINE_SCRIPT = STREAM_HEADER + '''
put("1.txt", "''' + LINE1 + '''\\n")
lines = spark.readStream.format("text").load(inputDir)
''' + WORDCOUNT + '''query = wordCounts.writeStream.outputMode("complete").format("console").start()
query.processAllAvailable()
put("2.txt", "''' + LINE2 + '''\\n\\n")
query.processAllAvailable()
query.stop()
''' + STREAM_FOOTER

WORDS_APPEND_SCRIPT = STREAM_HEADER + '''
put("1.txt", "''' + LINE1 + '''\\n")
lines = spark.readStream.format("text").load(inputDir)
words = lines.select(explode(split(lines.value, " ")).alias("word"))
query = words.writeStream.outputMode("append").format("console").start()
query.processAllAvailable()
put("2.txt", "''' + LINE2 + '''\\n")
query.processAllAvailable()
query.stop()
''' + STREAM_FOOTER

AVAILABLE_NOW_SCRIPT = STREAM_HEADER + '''
put("1.txt", "''' + LINE1 + '''\\n")
put("2.txt", "''' + LINE2 + '''\\n")
lines = spark.readStream.format("text").option("maxFilesPerTrigger", 1).load(inputDir)
''' + WORDCOUNT + '''query = wordCounts.writeStream.outputMode("complete").format("console") \\
    .trigger(availableNow=True).start()
query.awaitTermination()
SIDE["recentProgress_batchIds"] = [p["batchId"] for p in query.recentProgress]
SIDE["isActive"] = query.isActive
''' + STREAM_FOOTER

SOCKET_SCRIPT = STREAM_HEADER + '''
import socket, threading
server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen(1)
port = server.getsockname()[1]
conns = []
threading.Thread(target=lambda: conns.append(server.accept()[0]), daemon=True).start()

lines = spark \\
    .readStream \\
    .format("socket") \\
    .option("host", "127.0.0.1") \\
    .option("port", port) \\
    .load()
''' + WORDCOUNT + '''query = wordCounts \\
    .writeStream \\
    .outputMode("complete") \\
    .format("console") \\
    .start()
time.sleep(3)
SIDE["batches_before_data"] = len(query.recentProgress)
conns[0].sendall(b"''' + LINE1 + '''\\n")
wait_batches(query, SIDE["batches_before_data"] + 1)
time.sleep(1)
query.processAllAvailable()
conns[0].sendall(b"''' + LINE2 + '''\\n")
time.sleep(1)
query.processAllAvailable()
SIDE["recentProgress_batchIds"] = [p["batchId"] for p in query.recentProgress]
SIDE["numInputRows"] = [p["numInputRows"] for p in query.recentProgress]
query.stop()
conns[0].close()
''' + STREAM_FOOTER

HOUSE_STATS_FILE_SCRIPT = STREAM_HEADER + '''
put("1.json", """''' + "\n".join(HOUSE_LINES[:4]) + '''\\n""")
ds1 = spark.readStream.format("text").load(inputDir)
valuesDF = ds1.select(col("value").cast("string").alias("value"))
dataSchema = StructType([
    StructField("house", StringType(), True),
    StructField("character", StringType(), True),
    StructField("score", StringType(), True),
    StructField("ts", TimestampType(), True)
])
df = valuesDF.select(from_json(col("value"), dataSchema).alias("data")).select("data.*")
''' + RESULT_AGG + '''query = resultDF.writeStream \\
   .outputMode("{mode}") \\
   .format("console") \\
   .start()
query.processAllAvailable()
put("2.json", """''' + "\n".join(HOUSE_LINES[4:]) + '''\\n""")
query.processAllAvailable()
SIDE["lastProgress_json"] = json.dumps(query.lastProgress)
query.stop()
''' + STREAM_FOOTER

RATE_EMPTY_BATCH_SCRIPT = STREAM_HEADER + '''
ds1 = spark.readStream.format("rate").option("rowsPerSecond", 1).load()
valuesDF = ds1.selectExpr("CAST(value AS STRING) AS value")
dataSchema = StructType([
    StructField("house", StringType(), True),
    StructField("character", StringType(), True),
    StructField("score", StringType(), True),
    StructField("ts", TimestampType(), True)
])
df = valuesDF.select(from_json(col("value"), dataSchema).alias("data")).select("data.*")
''' + RESULT_AGG + '''query = resultDF.writeStream \\
   .outputMode("complete") \\
   .format("console") \\
   .trigger(processingTime="1 hour") \\
   .start()
wait_batches(query, 1)
SIDE["lastProgress_json"] = json.dumps(query.lastProgress)
SIDE["lastProgress_str"] = str(query.lastProgress)
SIDE["status"] = query.status
query.stop()
''' + STREAM_FOOTER

RATE_MICRO_BATCH_SCRIPT = STREAM_HEADER + '''
ds = spark.readStream.format("rate-micro-batch") \\
    .option("rowsPerBatch", 3).option("startTimestamp", 0).option("numPartitions", 1).load()
query = ds.writeStream.format("console").trigger(processingTime="1 second").start()
wait_batches(query, 2)
query.stop()
''' + STREAM_FOOTER

KAFKA_SCRIPT = '''import json, os, traceback
from pyspark.sql import SparkSession
spark = (SparkSession.builder.master("local[2]")
         .config("spark.ui.enabled", "false")
         .config("spark.ui.showConsoleProgress", "false")
         .config("spark.jars.packages", "org.apache.spark:spark-sql-kafka-0-10_2.12:" + os.environ["ORACLE_KAFKA_CONNECTOR_VERSION"])
         .getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
SIDE = {}

ds1 = spark.readStream \\
    .format("kafka") \\
    .option("kafka.bootstrap.servers", "localhost:9092") \\
    .option("subscribe", "kafka-input") \\
    .load()
ds1.printSchema()
print(ds1.columns)
print(ds1.dtypes)
valuesDF = ds1.select(ds1["value"].cast("string"))
print(valuesDF.columns)
valuesDF2 = ds1.selectExpr("CAST(value AS STRING)")
print(valuesDF2.columns)

src = spark.readStream.format("rate").load().selectExpr("CAST(value AS STRING) AS value")
try:
    src.writeStream.format("kafka") \\
        .option("kafka.bootstrap.servers", "localhost:9092") \\
        .option("topic", "out").start()
except Exception as e:
    SIDE["kafka_sink_without_checkpoint"] = describe(e)
try:
    q = src.selectExpr("value AS v").writeStream.format("kafka") \\
        .option("kafka.bootstrap.servers", "localhost:9092") \\
        .option("checkpointLocation", os.path.join(os.environ["ORACLE_WORK"], "cp")) \\
        .option("topic", "out").start()
    q.stop()  # start() accepted a frame without a value column; it would fail in the first batch
except Exception as e:
    SIDE["kafka_sink_without_value_column"] = describe(e)
try:
    spark.readStream.format("kafka").option("subscribe", "x").load()
except Exception as e:
    SIDE["kafka_source_without_bootstrap"] = describe(e)
try:
    spark.readStream.format("kafka").option("kafka.bootstrap.servers", "localhost:9092").load()
except Exception as e:
    SIDE["kafka_source_without_subscribe"] = describe(e)
with open(os.environ["ORACLE_SIDE"], "w") as f:
    json.dump(SIDE, f)
spark.stop()
'''

STREAM_SCRIPTS = [
    ("stream.console.wordcount_complete", WORDCOUNT_FILE_SCRIPT.replace("{mode}", "complete"), True),
    ("stream.console.wordcount_update", WORDCOUNT_FILE_SCRIPT.replace("{mode}", "update"), True),
    ("stream.console.wordcount_empty_line", WORDCOUNT_EMPTY_LINE_SCRIPT, False),
    ("stream.console.words_append", WORDS_APPEND_SCRIPT, False),
    ("stream.console.wordcount_available_now_maxFilesPerTrigger", AVAILABLE_NOW_SCRIPT, False),
    ("stream.console.socket_wordcount_workshop", SOCKET_SCRIPT, False),
    ("stream.console.house_stats_complete", HOUSE_STATS_FILE_SCRIPT.replace("{mode}", "complete"), False),
    ("stream.console.house_stats_update", HOUSE_STATS_FILE_SCRIPT.replace("{mode}", "update"), False),
    ("stream.console.rate_house_stats_empty_batch0", RATE_EMPTY_BATCH_SCRIPT, False),
    ("stream.console.rate_micro_batch", RATE_MICRO_BATCH_SCRIPT, False),
]

# ----------------------------------------------------------------------------------------------
# Runner
# ----------------------------------------------------------------------------------------------


def describe(e):
    msg = str(e)
    d = {
        "class": type(e).__name__,
        "module": type(e).__module__,
        "firstLine": next((l for l in msg.split("\n") if l.strip()), ""),
        "message": msg,
        "shell": "".join(traceback.format_exception_only(type(e), e)),
    }
    origin = getattr(e, "_origin", None)  # the JVM exception behind a captured one
    if origin is not None:
        try:
            d["javaClass"] = origin.getClass().getName()
            if origin.getClass().getName() == "org.apache.spark.sql.AnalysisException" or hasattr(origin, "getSimpleMessage"):
                d["simpleMessage"] = origin.getSimpleMessage()
        except Exception:
            pass
        if "\n" in msg and ("#" in msg or "@" in msg):
            d["nondeterministic"] = ["plan text after the first line(s): expression ids (#123), object hashes (@1a2b3c)"]
    try:
        from pyspark.errors import PySparkException
        if isinstance(e, PySparkException):
            d["errorClass"] = e.getErrorClass()
            d["sqlState"] = e.getSqlState()
            params = e.getMessageParameters()
            d["messageParameters"] = None if params is None else {str(k): str(v) for k, v in dict(params).items()}
    except Exception as inner:  # pragma: no cover
        d["describeError"] = repr(inner)
    try:
        from py4j.protocol import Py4JJavaError
        if isinstance(e, Py4JJavaError):
            d["javaClass"] = e.java_exception.getClass().getName()
            d["javaMessage"] = e.java_exception.getMessage()
            d["message"] = msg
            # The stack trace lines ("\tat ...") depend on the call path; keep the head.
            d["messageHead"] = "\n".join(l for l in msg.split("\n") if not l.startswith("\tat "))[:4000]
            d["nondeterministic"] = ["py4j object id (o123) in the first line", "stack trace lines", "plan expression ids"]
    except Exception as inner:  # pragma: no cover
        d["describeError"] = repr(inner)
    return d


KAFKA_SCRIPT = KAFKA_SCRIPT.replace("SIDE = {}\n", "SIDE = {}\n\n" + inspect.getsource(describe) + "\n", 1)


def run_batch_cases(spark):
    results = [{"id": "_prelude", "pyspark": PRELUDE, "stdout": "",
                "note": "Executed before every batch case, with `spark` bound to the session."}]
    for cid, code, extra in CASES:
        ns = {"spark": spark, "__name__": "__oracle__"}
        exec(PRELUDE, ns)
        buf = io.StringIO()
        err = None
        with contextlib.redirect_stdout(buf):
            try:
                exec(compile(code, "<" + cid + ">", "exec"), ns)
            except BaseException as e:  # noqa: B902 - SyntaxError etc. are cases too
                err = describe(e)
        for q in spark.streams.active:
            q.stop()
        entry = {"id": cid, "pyspark": code, "stdout": buf.getvalue()}
        if err:
            entry["error"] = err
        entry.update(extra)
        results.append(entry)
        status = "ERR " + err["class"] if err else "ok"
        print("%-70s %s" % (cid, status), file=sys.stderr)
    return results


def batch_main(cases, out):
    """Runs `cases` (or those whose id starts with an argument) in a local[2] UTC session and writes `out`."""
    from pyspark.sql import SparkSession
    spark = (SparkSession.builder.master("local[2]")
             .config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.session.timeZone", "UTC")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    only = sys.argv[1:]
    global CASES
    CASES = [c for c in cases if not only or any(c[0].startswith(o) for o in only)]
    results = run_batch_cases(spark)
    spark.stop()
    write_results(results, out, only)


def split_batches(text):
    """The console sink's blocks: '-------------------------------------------\\nBatch: N\\n...'."""
    marker = "-------------------------------------------\nBatch: "
    blocks = []
    pos = text.find(marker)
    while pos >= 0:
        nxt = text.find(marker, pos + 1)
        blocks.append(text[pos:nxt if nxt >= 0 else len(text)])
        pos = nxt
    return blocks


def write_results(results, out, only):
    """Checks the case ids are unique and writes the fixture (a .partial.json when only some ran)."""
    ids = [r["id"] for r in results]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise SystemExit("duplicate case ids: %s" % dup)
    target = out if not only else out.replace(".json", ".partial.json")
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "w", encoding="utf-8") as f:
        json.dump(results, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print("wrote %d cases to %s" % (len(results), target), file=sys.stderr)


def run_script(code, spark_version):
    work = tempfile.mkdtemp(prefix="iskra-oracle-")
    script = os.path.join(work, "case.py")
    side = os.path.join(work, "side.json")
    with open(script, "w") as f:
        f.write(code)
    env = dict(os.environ, ORACLE_WORK=os.path.join(work, "w"), ORACLE_SIDE=side,
               ORACLE_KAFKA_CONNECTOR_VERSION=KAFKA_CONNECTOR_VERSION)
    os.makedirs(env["ORACLE_WORK"])
    p = subprocess.run([sys.executable, script], cwd=work, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=900)
    stdout = p.stdout.decode("utf-8")
    sidev = {}
    if os.path.exists(side):
        with open(side) as f:
            sidev = json.load(f)
    if p.returncode != 0:
        sys.stderr.write(p.stderr.decode("utf-8", "replace")[-5000:])
    shutil.rmtree(work, ignore_errors=True)
    return p.returncode, stdout, sidev


def run_stream_cases(spark_version, only=()):
    def wanted(cid):
        return not only or any(cid.startswith(o) or o.startswith(cid) for o in only)
    results = []
    for cid, code, with_progress in STREAM_SCRIPTS:
        if not wanted(cid):
            continue
        rc, stdout, side = run_script(code, spark_version)
        print("%-70s rc=%d" % (cid, rc), file=sys.stderr)
        entry = {"id": cid, "pyspark": code, "stdout": stdout, "batches": split_batches(stdout)}
        if rc != 0:
            entry["exitCode"] = rc
        if cid == "stream.console.socket_wordcount_workshop":
            entry["sideValues"] = side
            entry["nondeterministic"] = ["how lines group into batches depends on timing"]
        if cid == "stream.console.rate_house_stats_empty_batch0":
            entry["nondeterministic"] = ["Batch 0 is empty only if it is planned within 1 s of the start"]
            entry["sideValues"] = side
        if cid.startswith("stream.console.house_stats"):
            entry["sideValues"] = side
        if cid == "stream.console.wordcount_available_now_maxFilesPerTrigger":
            entry["sideValues"] = side
        results.append(entry)
        if with_progress:
            ctx = cid
            nd = ["id", "runId", "the scratch directory's path", "timestamp", "durationMs", "*RowsPerSecond", "batchTimestampMs",
                  "stateOperators.*: allUpdatesTimeMs, allRemovalsTimeMs, commitTimeMs, memoryUsedBytes, customMetrics"]

            def derived(suffix, code_, value, nondet=True):
                e = {"id": cid.replace("stream.console.", "stream.progress.") + "." + suffix,
                     "context": ctx, "pyspark": code_, "stdout": value}
                if nondet:
                    e["nondeterministic"] = nd
                results.append(e)
            derived("query_id", "print(query.id)", side["id"] + "\n")
            derived("query_runId", "print(query.runId)", side["runId"] + "\n")
            derived("query_name", "print(query.name)", str(side["name"]) + "\n", False)
            derived("status", "print(json.dumps(query.status))", json.dumps(side["status"]) + "\n", False)
            derived("status_str", "print(query.status)", side["status_str"] + "\n", False)
            derived("status_after_batch0", "print(json.dumps(query.status))  # right after the first processAllAvailable()",
                    json.dumps(side["status_after_batch0"]) + "\n")
            derived("status_after_stop", "query.stop(); print(json.dumps(query.status))", json.dumps(side["status_after_stop"]) + "\n", False)
            derived("isActive_after_stop", "query.stop(); print(query.isActive)", str(side["isActive_after_stop"]) + "\n", False)
            derived("exception_after_stop", "query.stop(); print(repr(query.exception()))", side["exception_after_stop"] + "\n", False)
            derived("lastProgress_json", "print(json.dumps(query.lastProgress))", side["lastProgress_json"] + "\n")
            derived("lastProgress_str", "print(query.lastProgress)", side["lastProgress_str"] + "\n")
            derived("lastProgress_jvm_prettyJson", "print(query._jsq.lastProgress().prettyJson())", side["lastProgress_jvm_prettyJson"] + "\n")
            derived("lastProgress_jvm_json", "print(query._jsq.lastProgress().json())", side["lastProgress_jvm_json"] + "\n")
            derived("lastProgress_after_stop_json", "query.stop(); print(json.dumps(query.lastProgress))", side["lastProgress_after_stop_json"] + "\n")
            derived("recentProgress_len", "print(len(query.recentProgress))", str(side["recentProgress_len"]) + "\n", False)
            derived("recentProgress_batchIds", 'print([p["batchId"] for p in query.recentProgress])', str(side["recentProgress_batchIds"]) + "\n", False)
            derived("recentProgress_json", "print(json.dumps(query.recentProgress))", side["recentProgress_json"] + "\n")
            derived("checkpoint_listing", "# after query.stop(): every path under the checkpoint directory, sorted\nprint('\\n'.join(listing))",
                    "\n".join(side["checkpoint_listing"]) + "\n", False)
            for path, content in sorted(side["checkpoint_files"].items()):
                derived("checkpoint_file." + path, "print(open(os.path.join(cp, %r)).read(), end='')" % path, content,
                        not path.startswith("commits/"))
    # Kafka: its own process with the connector on the class path.
    if not wanted("stream.kafka"):
        return results
    rc, stdout, side = run_script(KAFKA_SCRIPT, spark_version)
    print("%-70s rc=%d" % ("stream.kafka", rc), file=sys.stderr)
    ivy = ":: loading settings :: "
    kept = "".join(l for l in stdout.splitlines(True) if not l.startswith(ivy))
    results.append({"id": "stream.kafka.source_printSchema_and_columns", "pyspark": KAFKA_SCRIPT, "stdout": kept,
                    "note": "Lines starting %r (Ivy, from spark.jars.packages) were removed from stdout." % ivy,
                    **({"exitCode": rc} if rc else {})})
    if "kafka_sink_without_value_column" not in side:
        results.append({"id": "stream_error.kafka_sink_without_value_column", "context": "stream.kafka.source_printSchema_and_columns",
                        "pyspark": KAFKA_SCRIPT, "stdout": "",
                        "note": "No error at start(): a Kafka sink without a value column is accepted by start()."})
    for k, v in sorted(side.items()):
        results.append({"id": "stream_error." + k, "context": "stream.kafka.source_printSchema_and_columns",
                        "pyspark": KAFKA_SCRIPT, "stdout": "", "error": v})
    return results


def main():
    from pyspark.sql import SparkSession
    spark = (SparkSession.builder.master("local[2]")
             .config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    version = spark.version
    only = sys.argv[1:]
    if only:
        global CASES
        CASES = [c for c in CASES if any(c[0].startswith(o) for o in only)]
    results = run_batch_cases(spark)
    spark.stop()
    if not only or any(o.startswith("stream.") for o in only):
        results += run_stream_cases(version, only)
    write_results(results, OUT, only)

if __name__ == "__main__":
    main()
