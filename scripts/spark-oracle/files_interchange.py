#!/usr/bin/env python3
"""Files both ways between Iskra and real PySpark 3.5 (test/pyspark-files-interchange.test.ts).

argv[1]: a JSON spec {"reads": [{"name", "path", "format", "options", "schema"?}],
                      "writes": [{"name", "path", "format", "options", "partitionBy"?, "rows", "schema", "select"?}]}
Each write builds spark.createDataFrame(rows, schema)[.selectExpr(*select)] and saves it (one task);
each read (and each write, read back with its own options) prints Spark's printSchema() and
show(truncate=False) text. argv[2]: where the JSON result {name: {"printSchema", "show"} | {"error"}} goes.
One JVM, local[1], session time zone UTC.
"""
import json
import sys

from pyspark.sql import SparkSession


def main():
    spec = json.load(open(sys.argv[1]))
    spark = (SparkSession.builder.master("local[1]").appName("files-interchange")
             .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC")
             .config("spark.sql.shuffle.partitions", "1").getOrCreate())
    spark.sparkContext.setLogLevel("OFF")
    out = {}

    def read(r):
        try:
            reader = spark.read.format(r["format"]).options(**r.get("readOptions", r.get("options", {})))
            if r.get("schema"):
                reader = reader.schema(r["schema"])
            df = reader.load(r["path"])
            if r.get("orderBy"):
                df = df.orderBy(*r["orderBy"])
            return {"printSchema": df._jdf.schema().treeString(), "show": df._jdf.showString(50, 0, False)}
        except Exception as e:  # noqa: BLE001 - the test compares the message
            java = getattr(e, "java_exception", None)
            return {"error": (java.getMessage() if java is not None else str(e)).split("\n")[0]}

    for w in spec.get("writes", []):
        df = spark.createDataFrame(w["rows"], w["schema"])
        if w.get("select"):
            df = df.selectExpr(*w["select"])
        wr = df.coalesce(1).write.format(w["format"]).options(**w.get("options", {}))
        if w.get("partitionBy"):
            wr = wr.partitionBy(*w["partitionBy"])
        wr.save(w["path"])
        out[w["name"]] = read(w)
    for r in spec.get("reads", []):
        out[r["name"]] = read(r)
    json.dump(out, open(sys.argv[2], "w"), indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
