#!/usr/bin/env python3
"""Spark oracle: the functions of Spark 3.5's SHOW FUNCTIONS, each with DESCRIBE FUNCTION EXTENDED's text.

Writes src/functions/spark-functions.json: [{name, describe}] in SHOW FUNCTIONS order (operators
such as `+` and `!` too), `describe` the rows of DESCRIBE FUNCTION EXTENDED. DESCRIBE FUNCTION
shows these texts; src/functions/registry.test.ts measures the registry against the list.

Run:  python3 scripts/spark-oracle/show_functions.py
"""
import json
import os

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "src", "functions", "spark-functions.json")


def main():
    from pyspark.sql import SparkSession
    spark = (SparkSession.builder.master("local[1]")
             .config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.session.timeZone", "UTC")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    names = [r[0] for r in spark.sql("SHOW FUNCTIONS").collect()]
    out = []
    for n in names:
        quoted = "`" + n.replace("`", "``") + "`"
        rows = spark.sql("DESCRIBE FUNCTION EXTENDED " + quoted).collect()
        out.append({"name": n, "describe": [r[0] for r in rows]})
    spark.stop()
    with open(OUT, "w") as f:
        json.dump({"spark": "3.5", "functions": out}, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print("%d functions -> %s" % (len(out), OUT))


if __name__ == "__main__":
    main()
