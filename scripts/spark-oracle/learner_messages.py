#!/usr/bin/env python3
"""Spark oracle for messages a learner meets (issue 11): run on PySpark 3.5.9, prints what PySpark
prints (the traceback's last line, the exception class) and, on stderr, Spark's log warnings.

  .venv-pyspark/bin/python scripts/spark-oracle/learner_messages.py > out.txt 2> log.txt

Captured (PySpark 3.5.9, local[2]) and pinned in tests:
- an unknown function in expr()/selectExpr()/spark.sql: [UNRESOLVED_ROUTINE] Cannot resolve function
  `coutn` on search path [...]; Spark 3.5 prints no suggestion list (the shell's hint adds one);
  F.coutn: AttributeError: module 'pyspark.sql.functions' has no attribute 'coutn'
  (src/repl/hints.test.ts);
- unknown options of the rate source and the console sink are ignored silently;
- a second start on an active query's checkpoint: the WARN of StreamingQueryManager, or with
  spark.sql.streaming.stopActiveRunOnRestart=false the Py4JJavaError / IllegalStateException
  (test/restart-active-checkpoint.test.ts).
"""
import traceback, time, sys, tempfile, shutil
from pyspark.sql import SparkSession
import pyspark.sql.functions as F
spark = SparkSession.builder.master("local[2]").config("spark.ui.enabled","false").getOrCreate()
def shell(f):
    try:
        f()
        print("NO ERROR")
    except Exception as e:
        print("".join(traceback.format_exception_only(type(e), e)).rstrip())
        print("CLASS", type(e).__module__, type(e).__name__)
df = spark.createDataFrame([(1,)], "x int")
print("== expr coutn"); shell(lambda: df.select(F.expr("coutn(x)")))
print("== sql coutn"); shell(lambda: spark.sql("select coutn(1)"))
print("== sql cont"); shell(lambda: spark.sql("select cont(1)"))
print("== F.coutn"); shell(lambda: F.coutn)
print("== expr countt"); shell(lambda: df.selectExpr("countt(x)"))
print("== rate unknown option")
cp = tempfile.mkdtemp()
s = spark.readStream.format("rate").option("rowsPerSecnd", 1).load()
q1 = s.writeStream.format("console").option("checkpointLocation", cp).option("numRowz", 3).start()
time.sleep(3)
print("q1", q1.id, q1.runId, q1.isActive)
sys.stdout.flush()
print("== restart active (default true)")
q2 = s.writeStream.format("console").option("checkpointLocation", cp).start()
time.sleep(2)
print("q1 active", q1.isActive, "q2 active", q2.isActive, "same id", q1.id == q2.id)
print("q1 exception", q1.exception())
sys.stdout.flush()
spark.conf.set("spark.sql.streaming.stopActiveRunOnRestart", "false")
print("== restart active (false)")
shell(lambda: s.writeStream.format("console").option("checkpointLocation", cp).start())
print("q2 id", q2.id, q2.runId)
q2.stop()
spark.stop()
