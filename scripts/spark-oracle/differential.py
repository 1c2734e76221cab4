#!/usr/bin/env python3
"""Spark oracle for the differential tester: runs the generated SQL cases (test/differential/generate.ts,
read as JSON from stdin or a file) on PySpark 3.5 in ONE local JVM and writes each one's show()
text or error to test/fixtures/spark-differential.json, which test/differential.test.ts replays.

Run:  npm run differential   (generates the cases, then runs this script on them)
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import golden  # noqa: E402  (the shared runner)

OUT = os.path.join(golden.ROOT, "test", "fixtures", "spark-differential.json")


def main():
    spec = json.load(open(sys.argv[1]) if len(sys.argv) > 1 else sys.stdin)
    prelude = "".join(
        "spark.createDataFrame(%r, %r).createOrReplaceTempView(%r)\n" % ([tuple(r) for r in f["rows"]], f["ddl"], name)
        for name, f in spec["frames"].items())
    cases = [(c["id"], prelude + "spark.sql(%r).show(truncate=False)\n" % c["sql"], {"sql": c["sql"]}) for c in spec["cases"]]
    sys.argv = sys.argv[:1]
    golden.batch_main(cases, OUT)


if __name__ == "__main__":
    main()
