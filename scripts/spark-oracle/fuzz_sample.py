#!/usr/bin/env python3
"""Spark oracle for the bad-input fuzz test: a fixed sample of malformed values run through
from_json (PERMISSIVE, the house schema), CAST(... AS INT/LONG/DOUBLE/BOOLEAN) and split on real
PySpark 3.5; writes test/fixtures/fuzz-sample.json: [{ "value", "from_json", "casts", "split" }],
each result as PySpark's str() of the Row values (None as null).

Run: .venv-pyspark/bin/python scripts/spark-oracle/fuzz_sample.py
"""
import json, os
from pyspark.sql import SparkSession
from pyspark.sql.functions import col, from_json, split, expr

SAMPLE = [
    '{"house": "Gryffindor", "character": "Harry", "score": "7", "ts": "2022-08-11 16:34:11.633"}',
    '{"house": "Gryffindor", "character": "Harry", "score": 7}',
    '{"house": 12, "character": null, "score": "x"}',
    '{"house": "Slytherin", "score": "1"',
    '{"house": ["a", "b"], "character": {"n": 1}}',
    '[1, 2, 3]',
    '"just a string"',
    '',
    'null',
    '{}',
    '{"house": "Ravenclaw", "ts": "not a time"}',
    '{"house": "Hufflepuff", "house": "Dup"}',
    '{"a": {"b": {"c": {"d": {"e": {"f": [[[[1]]]]}}}}}}',
    '\u0000\u0001\u0002 binary',
    '{"house": "\\ud800"}',
    '  42  ',
    '-7',
    '1e3',
    'true',
    'a,b,,c',
    '9999999999999',
    '3.5',
]

spark = SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC").getOrCreate()
schema = "house STRING, character STRING, score STRING, ts TIMESTAMP"
df = spark.createDataFrame([(v,) for v in SAMPLE], "value STRING")
out = df.select(
    col("value"),
    from_json(col("value"), schema).alias("data"),
    expr("CAST(value AS INT)").alias("i"), expr("CAST(value AS BIGINT)").alias("l"),
    expr("CAST(value AS DOUBLE)").alias("d"), expr("CAST(value AS BOOLEAN)").alias("b"),
    split(col("value"), ",").alias("parts"),
).collect()

def show(v):
    if v is None:
        return None
    if hasattr(v, "asDict"):
        return [show(x) for x in v]
    if isinstance(v, list):
        return [show(x) for x in v]
    return str(v)

rows = [{"value": r["value"], "from_json": show(r["data"]), "casts": [show(r["i"]), show(r["l"]), show(r["d"]), show(r["b"])], "split": show(r["parts"])} for r in out]
path = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "fuzz-sample.json")
with open(path, "w") as f:
    json.dump(rows, f, indent=1, ensure_ascii=False)
    f.write("\n")
print("wrote", len(rows), "rows")
