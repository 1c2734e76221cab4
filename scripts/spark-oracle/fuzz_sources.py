#!/usr/bin/env python3
"""Spark oracle for bad input through the sources: a fixed sample of malformed byte strings
(invalid UTF-8, binary garbage, truncated and deeply nested JSON, wrong types, empty, null) as
Kafka's BINARY `value` column (CAST(value AS STRING), then from_json PERMISSIVE, CAST AS INT and
split), and the same lines through PySpark's socket source; plus the FAILFAST error texts.
Writes test/fixtures/fuzz-sources.json:
  { "kafka": [{ "hex", "string", "from_json", "int", "split" }], "socket": [{ "hex", "line", "from_json" }],
    "failfast_batch": str(exception), "failfast_stream": str(StreamingQueryException) }
Values are PySpark's str() of what collect() returned (None as null); hex is the input bytes.

Run: .venv-pyspark/bin/python scripts/spark-oracle/fuzz_sources.py
"""
import json, os, socket, threading, time
from pyspark.sql import SparkSession
from pyspark.sql.functions import col, from_json, split, expr

SAMPLE = [
    b'{"house": "Gryffindor", "character": "Harry Potter", "score": "7", "ts": "2022-08-11 16:34:11.633"}',
    b'{"house": "Slytherin", "character": "Dra',
    b'\xff\xfe\x00{"house"',
    b'{"house": "Ravenclaw\xc3", "score": "1"}',
    b'{"house": "Hufflepuff", "character": "\xe2\x82", "score": "2"}',
    b'\x80\x81\x82\x83 garbage \xf0\x9f',
    b'{"house": 12, "character": {"x": 1}, "score": [1, 2], "ts": "bad"}',
    b'{"house": "Gryffindor", "score": 7, "ts": 12}',
    b'[' * 60 + b'1' + b']' * 60,
    b'[' * 1200 + b'1' + b']' * 1200,
    b'{"house": {"a": {"b": {"c": {"d": {"e": 1}}}}}, "score": "3"}',
    b'',
    b'null',
    b'{}',
    b'  ',
    b'42',
    b'-7,8,,9',
    b'a,b\x00,c',
    b'{"house": "G\\u00f3rnik", "character": "\\ud83d\\ude00", "score": "5"}',
    None,
]
SCHEMA = "house STRING, character STRING, score STRING, ts TIMESTAMP"

spark = (SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false")
         .config("spark.sql.session.timeZone", "UTC").config("spark.sql.shuffle.partitions", "1").getOrCreate())

def show(v):
    if v is None:
        return None
    if hasattr(v, "asDict") or isinstance(v, list):
        return [show(x) for x in v]
    return str(v)

# Kafka's value column is BINARY: the same bytes as a BINARY column.
df = spark.createDataFrame([(bytearray(v) if v is not None else None,) for v in SAMPLE], "value BINARY")
s = df.select(expr("CAST(value AS STRING)").alias("s"))
rows = s.select(col("s"), from_json(col("s"), SCHEMA).alias("data"), expr("CAST(s AS INT)").alias("i"), split(col("s"), ",").alias("parts")).collect()
kafka = [{"hex": v.hex() if v is not None else None, "string": r["s"], "from_json": show(r["data"]), "int": show(r["i"]), "split": show(r["parts"])}
         for v, r in zip(SAMPLE, rows)]

try:
    spark.createDataFrame([(SAMPLE[1].decode(),)], "s STRING").select(from_json(col("s"), SCHEMA, {"mode": "FAILFAST"}).alias("d")).collect()
    failfast_batch = None
except Exception as e:
    failfast_batch = str(e)

# The socket source: a server sending the lines (those without a newline byte; None is skipped).
lines = [v for v in SAMPLE if v is not None and b"\n" not in v]

def serve(payload, ready):
    srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0)); srv.listen(1); ready.append(srv.getsockname()[1])
    conn, _ = srv.accept(); conn.sendall(payload); time.sleep(30); conn.close(); srv.close()

def socket_query(mode, name):
    ready = []
    t = threading.Thread(target=serve, args=(b"".join(l + b"\n" for l in lines), ready), daemon=True); t.start()
    while not ready: time.sleep(0.05)
    src = spark.readStream.format("socket").option("host", "127.0.0.1").option("port", ready[0]).load()
    opts = {"mode": mode} if mode else {}
    out = src.select(col("value"), from_json(col("value"), SCHEMA, opts).alias("data"))
    return out.writeStream.format("memory").queryName(name).outputMode("append").start()

q = socket_query(None, "fz_socket")
deadline = time.time() + 60
while time.time() < deadline and spark.table("fz_socket").count() < len(lines): time.sleep(0.5)
q.stop()
got = spark.table("fz_socket").collect()
sock = [{"hex": l.hex(), "line": r["value"], "from_json": show(r["data"])} for l, r in zip(lines, got)]

q = socket_query("FAILFAST", "fz_failfast")
try:
    q.awaitTermination(60)
    failfast_stream = None if q.exception() is None else str(q.exception())
except Exception as e:
    failfast_stream = str(e)
q.stop()

path = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "fuzz-sources.json")
with open(path, "w") as f:
    json.dump({"kafka": kafka, "socket": sock, "failfast_batch": failfast_batch, "failfast_stream": failfast_stream}, f, indent=1, ensure_ascii=False)
    f.write("\n")
print(f"wrote {path}: {len(kafka)} kafka values, {len(sock)} socket lines")
spark.stop()
