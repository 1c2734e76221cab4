#!/usr/bin/env python3
"""Spark oracle for the streaming differential tester: a seeded generator of streaming queries
over a JSON file source (event-time windows, watermarks, late / out-of-order / boundary / NULL
rows, the three output modes, deduplication, stream-static and stream-stream joins, chained
stateful operators, error cases), each run on PySpark 3.5 one file per micro-batch
(maxFilesPerTrigger=1, trigger(availableNow=True)), all in ONE Spark session.

Each case is a JSON spec that test/streaming-differential.test.ts builds the same way on Iskra:
  { id, schema, batches: [[row, ...], ...] (one file each), static?: [row, ...],
    steps: [{op, ...}], mode, expect: { batches: [{rows, progress}] } | { error } }
Rows are canonical: a timestamp as Python's str() of the UTC datetime, a struct as a list; rows
of a batch sorted by their JSON. progress keeps what the tester compares: numInputRows,
eventTime.watermark, and per state operator its name, numRowsTotal, numRowsUpdated,
numRowsRemoved, numRowsDroppedByWatermark.

Writes test/fixtures/streaming-differential.json.
Run:  .ci/venv-pyspark/bin/python scripts/spark-oracle/streaming_differential.py [--seed N] [--only ID ...]
"""
import datetime
import json
import os
import random
import shutil
import sys
import tempfile
import time

os.environ["TZ"] = "UTC"
time.tzset()

from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql import functions as F  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "fixtures", "streaming-differential.json")
SCHEMA = "k STRING, v INT, ts TIMESTAMP"
STATIC = [{"k": "a", "name": "alpha"}, {"k": "b", "name": "beta"}, {"k": None, "name": "nobody"}, {"k": "d", "name": "delta"}]
BASE = datetime.datetime(2024, 1, 1, 0, 0, 0)


# --- the generator -----------------------------------------------------------------------------

def ts_text(sec):
    t = BASE + datetime.timedelta(seconds=sec)
    s = t.strftime("%Y-%m-%d %H:%M:%S")
    return s + (".%03d" % (t.microsecond // 1000) if t.microsecond else "")


def gen_batches(r, n_batches, null_ts=0.08, null_k=0.05, keys="abc"):
    """Event time moving forward ~12 s a batch, with out-of-order, late (far back), window-boundary
    (a multiple of 5 s) and NULL rows."""
    batches = []
    for b in range(n_batches):
        rows = []
        for _ in range(r.randint(1, 5)):
            kind = r.random()
            if kind < 0.25 and b > 0:
                sec = r.randint(0, max(0, b * 12 - 15))          # late
            elif kind < 0.4:
                sec = (b * 12 // 5 + r.randint(0, 3)) * 5         # boundary
            elif kind < 0.5:
                sec = b * 12 + r.randint(0, 10) + 0.5             # fractional
            else:
                sec = b * 12 + r.randint(-6, 10)                  # out of order around now
            sec = max(0, sec)
            row = {"k": None if r.random() < null_k else r.choice(keys), "v": r.randint(0, 9),
                   "ts": None if r.random() < null_ts else ts_text(sec)}
            rows.append(row)
        batches.append(rows)
    return batches


def delay(r):
    return r.choice(["0 seconds", "5 seconds", "10 seconds", "15 seconds"])


def window_step(r, sliding=None):
    sliding = r.random() < 0.4 if sliding is None else sliding
    dur = r.choice([10, 20])
    w = {"col": "ts", "duration": "%d seconds" % dur}
    if sliding:
        w["slide"] = "%d seconds" % (dur // 2)
    return w


AGGS = [["count(*) AS cnt"], ["count(*) AS cnt", "sum(v) AS total"], ["max(v) AS mx", "min(v) AS mn"]]


def families():
    """(name, weight, builder(r) -> dict of steps/mode/...)."""
    def wm(r):
        return {"op": "watermark", "col": "ts", "delay": delay(r)}

    def window_agg(r):
        keys = r.choice([[], ["k"]])
        return {"steps": [wm(r), {"op": "agg", "window": window_step(r), "keys": keys, "aggs": r.choice(AGGS)}],
                "mode": r.choice(["append", "update", "complete"])}

    def window_no_watermark(r):
        # No watermark: window()'s isnotnull(ts) reaches the file scan (numInputRows).
        return {"steps": [{"op": "agg", "window": window_step(r), "keys": r.choice([[], ["k"]]), "aggs": ["count(*) AS cnt"]}],
                "mode": r.choice(["update", "complete"])}

    def scan_filter(r):
        # Filters Spark pushes into the JSON scan (numInputRows counts what passes them) or not.
        f = r.choice(["v > 4", "k = 'a'", "k IS NOT NULL", "v * 2 > 8", "k IN ('a', 'b') OR v < 3"])
        steps = [{"op": "filter", "expr": f}] + r.choice([[], [{"op": "dedup", "cols": ["k"]}], [{"op": "agg", "keys": ["k"], "aggs": ["count(*) AS cnt"]}]])
        return {"steps": steps, "mode": "update" if steps[-1]["op"] == "agg" else "append"}

    def ts_agg(r):
        return {"steps": [wm(r), {"op": "agg", "keys": ["ts"], "aggs": ["count(*) AS cnt"]}],
                "mode": r.choice(["append", "update"])}

    def key_agg(r):
        steps = ([wm(r)] if r.random() < 0.5 else []) + [{"op": "agg", "keys": ["k"], "aggs": r.choice(AGGS)}]
        return {"steps": steps, "mode": r.choice(["update", "complete"])}

    def dedup(r):
        kind = r.choice(["keys_ts", "keys", "all_wm", "no_wm", "within"])
        if kind == "keys_ts":
            steps = [wm(r), {"op": "dedup", "cols": ["k", "ts"]}]
        elif kind == "keys":
            steps = [wm(r), {"op": "dedup", "cols": ["k"]}]
        elif kind == "all_wm":
            steps = [wm(r), {"op": "dedup", "cols": None}]
        elif kind == "no_wm":
            steps = [{"op": "dedup", "cols": ["k"]}]
        else:
            steps = [wm(r), {"op": "dedupWithin", "cols": r.choice([["k"], ["k", "v"]])}]
        return {"steps": steps, "mode": "append"}

    def stateless(r):
        steps = [wm(r), {"op": "selectExpr", "exprs": ["k", "v * 10 AS v10", "ts"]}]
        if r.random() < 0.5:
            steps.append({"op": "filter", "expr": "v10 >= 30"})
        return {"steps": steps, "mode": "append"}

    def static_join(r):
        steps = [{"op": "joinStatic", "on": "k", "how": r.choice(["inner", "inner", "left"])}]
        mode = "append"
        if r.random() < 0.4:
            steps = [wm(r)] + steps + [{"op": "agg", "window": window_step(r, False), "keys": ["name"], "aggs": ["count(*) AS cnt"]}]
            mode = r.choice(["append", "update"])
        elif r.random() < 0.3:
            steps.insert(0, {"op": "filter", "expr": "v > 2"})
        return {"steps": steps, "mode": mode}

    def chain(r):
        kind = r.choice(["dedup_agg", "agg_agg", "agg_dedup"])
        w = wm(r)
        if kind == "dedup_agg":
            steps = [w, {"op": "dedup", "cols": ["k", "ts"]}, {"op": "agg", "window": window_step(r), "keys": [], "aggs": ["count(*) AS cnt"]}]
        elif kind == "agg_agg":
            steps = [w, {"op": "agg", "window": {"col": "ts", "duration": "10 seconds"}, "keys": ["k"], "aggs": ["count(*) AS cnt"]},
                     {"op": "agg", "window": {"col": "window_time(window)", "duration": "20 seconds"}, "keys": [], "aggs": ["sum(cnt) AS total"]}]
        else:
            steps = [w, {"op": "agg", "window": {"col": "ts", "duration": "10 seconds"}, "keys": ["k"], "aggs": ["count(*) AS cnt"]},
                     {"op": "dedup", "cols": ["window", "cnt"]}]
        return {"steps": steps, "mode": "append"}

    def session(r):
        return {"steps": [wm(r), {"op": "agg", "session": {"col": "ts", "gap": "5 seconds"}, "keys": ["k"], "aggs": ["count(*) AS cnt"]}],
                "mode": r.choice(["append", "update"])}

    def stream_join(r):
        return {"steps": [wm(r), {"op": "joinStream", "how": r.choice(["inner", "leftOuter"]), "bound": "5 seconds"}], "mode": "append"}

    def errors(r):
        kind = r.choice(["within_no_wm", "append_no_wm", "complete_no_agg", "window_append_no_wm"])
        if kind == "within_no_wm":
            return {"steps": [{"op": "dedupWithin", "cols": ["k"]}], "mode": "append"}
        if kind == "append_no_wm":
            return {"steps": [{"op": "agg", "keys": ["k"], "aggs": ["count(*) AS cnt"]}], "mode": "append"}
        if kind == "complete_no_agg":
            return {"steps": [wm(r), {"op": "selectExpr", "exprs": ["k", "ts"]}], "mode": "complete"}
        return {"steps": [{"op": "agg", "window": window_step(r), "keys": [], "aggs": ["count(*) AS cnt"]}], "mode": "append"}

    return [("window", 30, window_agg), ("tsagg", 6, ts_agg), ("keyagg", 6, key_agg), ("dedup", 18, dedup), ("stateless", 6, stateless),
            ("static", 12, static_join), ("nowm", 6, window_no_watermark), ("scan", 8, scan_filter), ("chain", 10, chain), ("session", 4, session), ("streamjoin", 4, stream_join), ("error", 8, errors)]


def generate(seed, n):
    r = random.Random(seed)
    fams = families()
    total = sum(w for _, w, _ in fams)
    cases = []
    counts = {}
    for i in range(n):
        x = r.uniform(0, total)
        for name, w, build in fams:
            if x < w:
                break
            x -= w
        spec = build(r)
        counts[name] = counts.get(name, 0) + 1
        spec["id"] = "%s-%03d" % (name, i)
        spec["schema"] = SCHEMA
        spec["batches"] = gen_batches(r, r.randint(2, 5))
        if any(s["op"] == "joinStatic" for s in spec["steps"]):
            spec["static"] = STATIC
        cases.append(spec)
    return cases


# --- running a case on PySpark -----------------------------------------------------------------

def canon(v):
    if v is None:
        return None
    if isinstance(v, datetime.datetime):
        return str(v)
    if hasattr(v, "asDict") or isinstance(v, (list, tuple)):
        return [canon(x) for x in v]
    if isinstance(v, float):
        return v
    if isinstance(v, (int, str, bool)):
        return v
    return str(v)


def build(spark, spec, src, other=None):
    df = src
    for s in spec["steps"]:
        op = s["op"]
        if op == "watermark":
            df = df.withWatermark(s["col"], s["delay"])
        elif op == "selectExpr":
            df = df.selectExpr(*s["exprs"])
        elif op == "filter":
            df = df.filter(s["expr"])
        elif op == "agg":
            keys = [F.col(k) for k in s["keys"]]
            if "window" in s:
                w = s["window"]
                args = [F.expr(w["col"]), w["duration"]] + ([w["slide"]] if "slide" in w else [])
                keys = [F.window(*args).alias("window")] + keys
            if "session" in s:
                keys = [F.session_window(F.col(s["session"]["col"]), s["session"]["gap"]).alias("session")] + keys
            df = df.groupBy(*keys).agg(*[F.expr(a) for a in s["aggs"]])
        elif op == "dedup":
            df = df.dropDuplicates(s["cols"]) if s["cols"] else df.dropDuplicates()
        elif op == "dedupWithin":
            df = df.dropDuplicatesWithinWatermark(s["cols"])
        elif op == "joinStatic":
            static = spark.createDataFrame(spec["static"], "k STRING, name STRING")
            df = df.join(static, s["on"], s["how"])
        elif op == "joinStream":
            right = other.selectExpr("k AS rk", "v AS rv", "ts AS rts").withWatermark("rts", "10 seconds")
            cond = F.expr("k = rk AND rts >= ts AND rts <= ts + interval %s" % s["bound"])
            df = df.join(right, cond, s["how"])
        else:
            raise ValueError(op)
    return df


def progress_of(p):
    return {
        "batchId": p["batchId"],
        "numInputRows": p["numInputRows"],
        "watermark": (p.get("eventTime") or {}).get("watermark"),
        "stateOperators": [{k: o[k] for k in ("operatorName", "numRowsTotal", "numRowsUpdated", "numRowsRemoved", "numRowsDroppedByWatermark")}
                           for o in p.get("stateOperators", [])],
    }


def error_of(e):
    msg = str(e)
    first = next((line for line in msg.split("\n") if line.strip()), "")
    return {"class": type(e).__name__, "firstLine": first}


def write_files(d, batches):
    os.makedirs(d)
    for i, rows in enumerate(batches):
        p = os.path.join(d, "%d.json" % i)
        with open(p, "w") as f:
            for row in rows:
                f.write(json.dumps(row) + "\n")
        os.utime(p, (1700000000 + i, 1700000000 + i))


def run_case(spark, spec, work):
    d = os.path.join(work, spec["id"])
    write_files(os.path.join(d, "in"), spec["batches"])
    src = spark.readStream.schema(spec["schema"]).option("maxFilesPerTrigger", 1).json(os.path.join(d, "in"))
    other = None
    if any(s["op"] == "joinStream" for s in spec["steps"]):
        write_files(os.path.join(d, "in2"), spec["batches"][::-1])
        other = spark.readStream.schema(spec["schema"]).option("maxFilesPerTrigger", 1).json(os.path.join(d, "in2"))
    out = {}

    def each(df, batch_id):
        out[batch_id] = sorted((canon(list(r)) for r in df.collect()), key=lambda x: json.dumps(x))

    try:
        df = build(spark, spec, src, other)
        q = (df.writeStream.outputMode(spec["mode"]).foreachBatch(each).trigger(availableNow=True)
             .option("checkpointLocation", os.path.join(d, "cp")).start())
        q.awaitTermination()
    except Exception as e:  # noqa: BLE001 — every failure is part of the truth
        return {"error": error_of(e)}
    progress = [progress_of(p) for p in q.recentProgress]
    return {"columns": df.columns, "batches": [{"rows": out.get(p["batchId"], []), "progress": p} for p in progress]}


def main():
    args = sys.argv[1:]
    seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 3505
    n = int(args[args.index("--cases") + 1]) if "--cases" in args else 140
    only = args[args.index("--only") + 1:] if "--only" in args else []
    cases = generate(seed, n)
    if only:
        cases = [c for c in cases if c["id"] in only]
    spark = (SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false")
             .config("spark.sql.session.timeZone", "UTC").config("spark.sql.shuffle.partitions", "2")
             .config("spark.ui.showConsoleProgress", "false")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    version = spark.version
    work = tempfile.mkdtemp(prefix="iskra-diff-")
    t0 = time.time()
    try:
        for i, c in enumerate(cases):
            c["expect"] = run_case(spark, c, work)
            print("%3d/%d %-16s %s %.0fs" % (i + 1, len(cases), c["id"], "error" if "error" in c["expect"] else "ok", time.time() - t0), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        spark.stop()
    doc = {"spark": version, "seed": seed, "shufflePartitions": 2, "cases": cases}
    path = OUT if not only else OUT.replace(".json", ".partial.json")
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print("wrote", os.path.relpath(path))


if __name__ == "__main__":
    main()
