#!/usr/bin/env python3
"""Spark oracle: the function catalog as SQL and the API show it: SHOW FUNCTIONS [LIKE],
DESCRIBE FUNCTION [EXTENDED], spark.catalog.functionExists, an unknown function's error.

Writes test/fixtures/spark-golden-functions-catalog.json, replayed by
test/spark-golden-functions-catalog.test.ts.

Run:  python3 scripts/spark-oracle/golden_functions_catalog.py [id-prefix ...]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from golden_functions import case, family_main  # noqa: E402


def register():
    case("fn.catalog.show_like", "spark.sql(\"SHOW FUNCTIONS LIKE 'sin*|cos*|tan*'\").show(truncate=False)\n")
    case("fn.catalog.show_like_log", "spark.sql(\"SHOW FUNCTIONS LIKE 'LOG*'\").show(truncate=False)\n")
    case("fn.catalog.show_system_like", "spark.sql(\"SHOW SYSTEM FUNCTIONS 'expm1'\").show(truncate=False)\n")
    case("fn.catalog.describe", "spark.sql('DESCRIBE FUNCTION asin').show(truncate=False)\n")
    case("fn.catalog.describe_extended", "spark.sql('DESC FUNCTION EXTENDED log1p').show(truncate=False)\n")
    case("fn.catalog.describe_schema", "spark.sql('DESCRIBE FUNCTION acos').printSchema()\n")
    case("fn.catalog.show_schema", "spark.sql('SHOW FUNCTIONS').printSchema()\n")
    case("fn.catalog.describe_unknown", "spark.sql('DESCRIBE FUNCTION no_such_fn').show()\n")
    case("fn.catalog.exists", "print(spark.catalog.functionExists('asin'), spark.catalog.functionExists('ASINH'), spark.catalog.functionExists('no_such_fn'))\n")


if __name__ == "__main__":
    family_main("catalog", register)
