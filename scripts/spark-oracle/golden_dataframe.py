#!/usr/bin/env python3
"""Spark oracle for the DataFrame methods and createDataFrame forms (issue 9, families 2 and 4).

Runs every case below on real PySpark 3.5 with golden.py's machinery and writes
test/fixtures/spark-golden-dataframe.json (same entry format as spark-golden.json), which
test/spark-golden-dataframe.test.ts replays.

Run:  .venv-pyspark/bin/python scripts/spark-oracle/golden_dataframe.py [id-prefix ...]
"""
import importlib.util
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("golden", os.path.join(HERE, "golden.py"))
golden = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(golden)

OUT = os.path.join(golden.ROOT, "test", "fixtures", "spark-golden-dataframe.json")

golden.PRELUDE = '''import datetime
import json
from pyspark.sql import Row
from pyspark.sql.functions import *
from pyspark.sql.types import *
'''

CASES = []


def case(cid, code, **extra):
    CASES.append((cid, code, extra))


# --- family 4: DataFrame methods ---------------------------------------------------------------
PEOPLE = 'df = spark.createDataFrame([(1, "a", 10.0), (2, "b", None), (3, None, 30.0), (None, None, None)], "id int, name string, score double")\n'
SETS = ('a = spark.createDataFrame([(1, "x"), (1, "x"), (2, "y"), (3, "z")], "k int, v string")\n'
        'b = spark.createDataFrame([(1, "x"), (3, "z"), (4, "w")], "k int, v string")\n')

case("df.unionByName_allowMissingColumns",
     'a = spark.createDataFrame([(1, "x")], "id int, x string")\n'
     'b = spark.createDataFrame([(2, 3.5)], "id int, y double")\n'
     'u = a.unionByName(b, allowMissingColumns=True)\nu.printSchema()\nu.show()\n')
case("df.unionByName_reordered",
     'a = spark.createDataFrame([(1, "x")], "id int, v string")\n'
     'b = spark.createDataFrame([("y", 2)], "v string, id int")\n'
     'a.unionByName(b).show()\n')
case("df.unionByName_missing_error",
     'a = spark.createDataFrame([(1, "x")], "id int, x string")\n'
     'b = spark.createDataFrame([(2, 3.5)], "id int, y double")\n'
     'a.unionByName(b)\n')
case("df.exceptAll", SETS + 'a.exceptAll(b).orderBy("k").show()\n')
case("df.subtract", SETS + 'a.subtract(b).orderBy("k").show()\n')
case("df.intersect", SETS + 'a.intersect(b).orderBy("k").show()\n')
case("df.intersectAll", SETS + 'b2 = b.union(b)\na.intersectAll(b2).orderBy("k").show()\n')
case("df.offset", 'spark.range(6).offset(2).show()\n')
case("df.limit_offset", 'spark.range(10).offset(3).limit(2).show()\n')
case("df.tail", 'print(spark.range(5).tail(2))\n')
case("df.transform",
     'def plus(d, n):\n    return d.withColumn("p", col("id") + n)\n'
     'spark.range(3).transform(plus, 10).show()\n')
case("df.na_fill_number", PEOPLE + 'df.na.fill(0).show()\n')
case("df.na_fill_string", PEOPLE + 'df.na.fill("?").show()\n')
case("df.fillna_dict", PEOPLE + 'df.fillna({"name": "none", "score": -1.0}).show()\n')
case("df.fillna_subset", PEOPLE + 'df.fillna(7, subset=["id"]).show()\n')
case("df.na_drop", PEOPLE + 'df.na.drop().show()\n')
case("df.dropna_all", PEOPLE + 'df.dropna(how="all").show()\n')
case("df.dropna_thresh", PEOPLE + 'df.dropna(thresh=2).show()\n')
case("df.dropna_subset", PEOPLE + 'df.dropna(subset=["name"]).show()\n')
case("df.drop_nested_path_noop",
     'df = spark.createDataFrame([Row(a=Row(b=1, c=2), d=3)])\nprint(df.drop(col("a.b")).columns)\nprint(df.drop("a.b").columns)\n')
case("df.drop_many", PEOPLE + 'print(df.drop("id", "score").columns)\nprint(df.drop(col("name")).columns)\n')
case("df.crossJoin",
     'a = spark.createDataFrame([(1,), (2,)], "x int")\nb = spark.createDataFrame([("p",), ("q",)], "y string")\n'
     'a.crossJoin(b).orderBy("x", "y").show()\n')
case("df.dropDuplicates_subset",
     'df = spark.createDataFrame([(1, "a", 1), (1, "a", 2), (2, "b", 3), (1, "c", 4)], "k int, v string, n int")\n'
     'df.dropDuplicates(["k", "v"]).orderBy("n").show()\n')
case("df.colRegex",
     'df = spark.createDataFrame([(1, 2, 3)], "col_a int, col_b int, other int")\n'
     'df.select(df.colRegex("`col_.*`")).show()\n')

# --- family 2: createDataFrame forms -----------------------------------------------------------
case("create.ddl_single_type_string", 'df = spark.createDataFrame(["a", "b"], "STRING")\ndf.printSchema()\ndf.show()\n')
case("create.ddl_single_type_int", 'df = spark.createDataFrame([1, 2], "int")\ndf.printSchema()\ndf.show()\n')
case("create.tuples_with_names", 'df = spark.createDataFrame([(1, "a", 2.5), (2, "b", None)], ["id", "name", "x"])\ndf.printSchema()\ndf.show()\n')
case("create.dicts", 'df = spark.createDataFrame([{"name": "a", "age": 1}, {"name": "b", "age": 2}])\ndf.printSchema()\ndf.show()\n')
case("create.rows_nested",
     'df = spark.createDataFrame([Row(id=1, info=Row(city="X", zip=10)), Row(id=2, info=Row(city="Y", zip=20))])\n'
     'df.printSchema()\ndf.show()\nprint(df.collect())\n')
case("create.rows_types",
     'df = spark.createDataFrame([Row(a=1, b=2.0, c="s", d=True, e=[1, 2], f={"k": 1}, g=datetime.date(2024, 1, 2), h=datetime.datetime(2024, 1, 2, 3, 4, 5))])\n'
     'df.printSchema()\n')
case("create.schema_field_lookup",
     'df = spark.createDataFrame([(1, "a")], "id int, name string")\nprint(df.schema["name"])\nprint(df.schema["id"].dataType)\nprint(df.schema.fieldNames())\n')
case("create.dtypes", 'df = spark.createDataFrame([(1, "a", 2.5, [1], {"k": "v"})], "id int, name string, x double, a array<int>, m map<string,string>")\nprint(df.dtypes)\n')



def main():
    from pyspark.sql import SparkSession
    spark = (SparkSession.builder.master("local[2]")
             .config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    only = sys.argv[1:]
    golden.CASES = [c for c in CASES if not only or any(c[0].startswith(o) for o in only)]
    results = golden.run_batch_cases(spark)
    spark.stop()
    if only and os.path.exists(OUT):
        # Refresh the chosen cases, keep the others.
        with open(OUT, encoding="utf-8") as f:
            old = {r["id"]: r for r in json.load(f)}
        for r in results:
            old[r["id"]] = r
        order = ["_prelude"] + [c[0] for c in CASES]
        results = [old[i] for i in order if i in old]
    ids = [r["id"] for r in results]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise SystemExit("duplicate case ids: %s" % dup)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(results, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print("wrote %d cases to %s" % (len(results), OUT), file=sys.stderr)


if __name__ == "__main__":
    main()
