#!/usr/bin/env python3
"""Spark oracle: the sections of explain() and explain(True) as PySpark 3.5 prints them.

Writes test/fixtures/explain/pyspark-sections.txt, which test/explain-golden.test.ts compares with
Iskra's explain output (the section headers, their order and the blank lines; Spark's expression
ids and codegen stage ids are not compared).

Run:  python3 scripts/spark-oracle/explain_sections.py
"""
import contextlib
import io
import os

from pyspark.sql import SparkSession, functions as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "fixtures", "explain", "pyspark-sections.txt")

spark = SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false").getOrCreate()
df = spark.createDataFrame([(1, "a")], "x int, y string")
buf = io.StringIO()
with contextlib.redirect_stdout(buf):
    print("=====simple")
    df.filter(F.col("x") > 0).select("y").explain()
    print("=====extended")
    df.filter(F.col("x") > 0).select("y").explain(True)
spark.stop()
with open(OUT, "w") as f:
    f.write(buf.getvalue())
