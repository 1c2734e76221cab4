#!/usr/bin/env python3
"""Spark oracle for the file formats: run each case on real PySpark 3.5, record what it prints.

Writes test/fixtures/spark-golden-files.json: an array of
  { "id", "files": {name: text}, "read": {"format", "options", "schema"?, "paths"?},
    "write"?: {"rows", "schema", "format", "options", "partitionBy"?},
    "printSchema", "show", "count"?, "written"?: {relative name pattern: text}, "error"? }
- read cases: the files are laid in a fresh directory D, then
  spark.read.format(F).options(**O)[.schema(S)].load(D or the paths under D); printSchema() and
  show(truncate=False) (the JVM's treeString/showString, byte for byte) or the error raised.
- write cases: spark.createDataFrame(rows, schema).write.format(F).options(**O).save(D); the
  part files' contents (names with the job uuid replaced by <uuid>) and the layout.
test/formats/files-golden.test.ts replays them without a JVM.
Run: .ci/venv-pyspark/bin/python scripts/spark-oracle/golden_files.py  (one JVM, local[1], UTC)
"""
import json
import os
import re
import shutil
import sys
import tempfile
import traceback

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "test", "fixtures", "spark-golden-files.json")
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

CASES = []

def read(cid, files, fmt="csv", options=None, schema=None, paths=None, encoding="utf-8"):
    CASES.append({"id": cid, "files": files, "encoding": encoding, "read": {"format": fmt, "options": options or {}, "schema": schema, "paths": paths}})

def write(cid, rows, schema, fmt="csv", options=None, partitionBy=None, readBack=None):
    CASES.append({"id": cid, "files": {}, "write": {"rows": rows, "schema": schema, "format": fmt, "options": options or {}, "partitionBy": partitionBy},
                  "read": readBack})

# --- CSV tokenizing: quotes, escapes, whitespace ----------------------------------------------
read("csv.quote.doubled_default_escape", {"a.csv": 'x,y\n"a ""b""",2\n'})
read("csv.quote.doubled_escape_quote", {"a.csv": 'x,y\n"a ""b""",2\n'}, options={"escape": '"'})
read("csv.quote.backslash", {"a.csv": 'x,y\n"a \\"b\\"",2\n'})
read("csv.quote.unescaped_inside", {"a.csv": 'a"b,c\n"x"y,z\n'})
read("csv.quote.unescaped_closing", {"a.csv": '"abc"def,x\n1,2\n'})
read("csv.quote.empty_quoted", {"a.csv": 'a,b,c\n"",,x\n'}, options={"header": "true"})
read("csv.quote.custom", {"a.csv": "'a,b',c\n"}, options={"quote": "'"})
read("csv.quote.none", {"a.csv": '"a,b",c\n'}, options={"quote": ""})
read("csv.quote.stop_at_closing", {"a.csv": '"abc"def,x\n'}, options={"unescapedQuoteHandling": "STOP_AT_CLOSING_QUOTE"})
read("csv.quote.raise_error", {"a.csv": 'a"b,c\n'}, options={"unescapedQuoteHandling": "RAISE_ERROR"})
read("csv.quote.skip_value", {"a.csv": '"abc"def,x\n'}, options={"unescapedQuoteHandling": "SKIP_VALUE"})
read("csv.quote.back_to_delimiter", {"a.csv": '"abc"def,x\n'}, options={"unescapedQuoteHandling": "BACK_TO_DELIMITER"})
read("csv.escape.char_to_escape", {"a.csv": '"a\\\\",b\n'}, options={"charToEscapeQuoteEscaping": "\\"})
read("csv.ws.default", {"a.csv": '  a  , " b " ,c\n'})
read("csv.ws.ignore_both", {"a.csv": '  a  , " b " ,c\n'}, options={"ignoreLeadingWhiteSpace": "true", "ignoreTrailingWhiteSpace": "true"})
read("csv.sep.tab", {"a.csv": "a\tb\n1\t2\n"}, options={"sep": "\t", "header": "true"})
read("csv.sep.multi", {"a.csv": "a||b\n1||2\n"}, options={"sep": "||", "header": "true"})
read("csv.sep.delimiter_alias", {"a.csv": "a;b\n1;2\n"}, options={"delimiter": ";", "header": "true", "inferSchema": "true"})
read("csv.comment", {"a.csv": "#skip\na,b\n#x,y\n1,2\n"}, options={"comment": "#", "header": "true"})
read("csv.multiline", {"a.csv": 'id,text\n1,"line one\nline two"\n2,plain\n'}, options={"header": "true", "multiLine": "true"})
read("csv.multiline_off", {"a.csv": 'id,text\n1,"line one\nline two"\n2,plain\n'}, options={"header": "true"})
read("csv.crlf", {"a.csv": "a,b\r\n1,2\r\n3,4\r\n"}, options={"header": "true", "inferSchema": "true"})
read("csv.linesep", {"a.csv": "a,b;1,2;3,4;"}, options={"header": "true", "lineSep": ";"})
read("csv.blank_lines", {"a.csv": "a,b\n\n1,2\n\n3,4\n"}, options={"header": "true"})
# --- nulls and special values ----------------------------------------------------------------
read("csv.null.default", {"a.csv": "a,b,c\n,x,\n1,,3\n"}, options={"header": "true", "inferSchema": "true"})
read("csv.null.nullValue", {"a.csv": "a,b\nNA,x\n1,NA\n"}, options={"header": "true", "nullValue": "NA", "inferSchema": "true"})
read("csv.null.emptyValue", {"a.csv": 'a,b\n"",x\n'}, options={"header": "true", "emptyValue": "EMPTY"})
read("csv.nan_inf", {"a.csv": "d\nNaN\nInf\n-Inf\n1.5\n"}, options={"header": "true", "inferSchema": "true"})
read("csv.nan_custom", {"a.csv": "d\nnan\ninf\n-inf\n1.5\n"}, options={"header": "true", "nanValue": "nan", "positiveInf": "inf", "negativeInf": "-inf"}, schema="d double")
# --- inference ---------------------------------------------------------------------------------
read("csv.infer.types", {"a.csv": "i,l,dec,d,b,dt,ts,s\n1,3000000000,1.5,1e10,true,2020-01-02,2020-01-02 03:04:05,x\n2,4,2.25,2.5,false,2021-12-31,2021-12-31T23:59:59,y\n"}, options={"header": "true", "inferSchema": "true"})
read("csv.infer.no_header", {"a.csv": "1,a\n2,b\n"}, options={"inferSchema": "true"})
read("csv.infer.off", {"a.csv": "1,a\n2,b\n"})
read("csv.infer.widen", {"a.csv": "a,b,c,d\n1,1,true,2020-01-01\n2.5,x,1,2020-01-01 10:00:00\n"}, options={"header": "true", "inferSchema": "true"})
read("csv.infer.long_decimal", {"a.csv": "a,b\n12345678901234567890,0.1\n1,123456789012345678901234.5\n"}, options={"header": "true", "inferSchema": "true"})
read("csv.infer.nulls_only", {"a.csv": "a,b\n,1\n,2\n"}, options={"header": "true", "inferSchema": "true"})
read("csv.infer.prefers_date", {"a.csv": "a\n2020-01-01\n2020-02-30\n"}, options={"header": "true", "inferSchema": "true"})
read("csv.infer.date_format", {"a.csv": "a\n01/02/2020\n"}, options={"header": "true", "inferSchema": "true", "dateFormat": "MM/dd/yyyy"})
read("csv.infer.timestamp_format", {"a.csv": "a\n01/02/2020 10:11\n"}, options={"header": "true", "inferSchema": "true", "timestampFormat": "MM/dd/yyyy HH:mm"})
read("csv.infer.dup_header", {"a.csv": "a,a,b,\n1,2,3,4\n"}, options={"header": "true"})
read("csv.infer.two_files", {"a.csv": "x\n1\n", "b.csv": "x\n2.5\n"}, options={"header": "true", "inferSchema": "true"})
read("csv.infer.samplingRatio", {"a.csv": "x\n1\n2\n"}, options={"header": "true", "inferSchema": "true", "samplingRatio": "1.0"})
read("csv.infer.bool_case", {"a.csv": "x\nTRUE\nFalse\n"}, options={"header": "true", "inferSchema": "true"})
read("csv.infer.neg_and_plus", {"a.csv": "x,y\n-1,+2\n"}, options={"header": "true", "inferSchema": "true"})
# --- user schemas, modes, corrupt records -------------------------------------------------------
bad = "1,a\n2,b,extra\n3\nx,c\n4,d\n"
for mode in ["PERMISSIVE", "DROPMALFORMED", "FAILFAST"]:
    read("csv.mode.%s" % mode.lower(), {"a.csv": bad}, options={"mode": mode}, schema="id INT, name STRING")
    read("csv.mode.%s_corrupt_col" % mode.lower(), {"a.csv": bad}, options={"mode": mode}, schema="id INT, name STRING, _corrupt_record STRING")
read("csv.mode.custom_corrupt_col", {"a.csv": bad}, options={"columnNameOfCorruptRecord": "bad"}, schema="id INT, name STRING, bad STRING")
read("csv.mode.infer_failfast_ok", {"a.csv": "a,b\n1,2\n3\n"}, options={"header": "true", "inferSchema": "true", "mode": "FAILFAST"})
read("csv.schema.types", {"a.csv": "1,2,3.5,true,2020-01-02,2020-01-02 03:04:05,12.345\n"}, schema="a INT, b BIGINT, c DOUBLE, d BOOLEAN, e DATE, f TIMESTAMP, g DECIMAL(5,2)")
read("csv.schema.bad_values", {"a.csv": "x,2\n3,y\n"}, schema="a INT, b INT")
read("csv.schema.header_enforce", {"a.csv": "b,a\n1,2\n"}, options={"header": "true"}, schema="a INT, b INT")
read("csv.schema.header_not_enforce", {"a.csv": "b,a\n1,2\n"}, options={"header": "true", "enforceSchema": "false"}, schema="a INT, b INT")
read("csv.schema.header_mismatch_fail", {"a.csv": "b,c\n1,2\n"}, options={"header": "true", "enforceSchema": "false"}, schema="a INT, b INT")
read("csv.schema.date_format", {"a.csv": "02.01.2020,02.01.2020 10:11:12\n"}, options={"dateFormat": "dd.MM.yyyy", "timestampFormat": "dd.MM.yyyy HH:mm:ss"}, schema="d DATE, t TIMESTAMP")
read("csv.maxColumns", {"a.csv": "1,2,3\n"}, options={"maxColumns": "2"})
read("csv.encoding.latin1", {"a.csv": "name\ncaf\u00e9\n"}, options={"header": "true", "encoding": "ISO-8859-1"}, encoding="latin-1")
read("csv.encoding.utf16", {"a.csv": "name\nna\u00efve\n"}, options={"header": "true", "encoding": "UTF-16", "multiLine": "true"}, encoding="utf-16")
read("csv.locale", {"a.csv": "1,5\n"}, options={"sep": ";", "locale": "de-DE"}, schema="x DECIMAL(5,1)")
# --- layouts --------------------------------------------------------------------------------------
read("layout.partitions", {"year=2020/month=1/a.csv": "x\n1\n", "year=2021/month=12/b.csv": "x\n2\n"}, options={"header": "true", "inferSchema": "true"})
read("layout.partition_types", {"p=1/a.csv": "x\n1\n", "p=2.5/a.csv": "x\n2\n", "q=a/a.csv": "x\n3\n"}, options={"header": "true"})
read("layout.partition_inference", {"i=1/l=3000000000/d=1.5/t=2020-01-01 10%3A00%3A00/dt=2020-01-01/s=abc/a.csv": "x\n1\n"}, options={"header": "true"})
read("layout.partition_null", {"p=__HIVE_DEFAULT_PARTITION__/a.csv": "x\n1\n", "p=5/a.csv": "x\n2\n"}, options={"header": "true"})
read("layout.partition_no_inference_via_schema", {"p=01/a.csv": "x\n1\n"}, options={"header": "true"}, schema="x STRING, p STRING")
read("layout.basePath", {"year=2020/a.csv": "x\n1\n"}, options={"header": "true", "basePath": "{D}"}, paths=["year=2020"])
read("layout.leaf_without_basePath", {"year=2020/a.csv": "x\n1\n"}, options={"header": "true"}, paths=["year=2020"])
read("layout.recursive", {"a/b/c.csv": "x\n1\n", "a/d.csv": "x\n2\n", "year=1/e.csv": "x\n3\n"}, options={"header": "true", "recursiveFileLookup": "true"})
read("layout.glob_filter", {"a.csv": "x\n1\n", "b.txt": "x\n2\n"}, options={"header": "true", "pathGlobFilter": "*.csv"})
read("layout.glob_path", {"a1.csv": "x\n1\n", "a2.csv": "x\n2\n", "b.csv": "x\n3\n"}, options={"header": "true"}, paths=["a*.csv"])
read("layout.several_paths", {"a.csv": "x\n1\n", "b.csv": "x\n2\n"}, options={"header": "true"}, paths=["a.csv", "b.csv"])
read("layout.hidden", {"a.csv": "x\n1\n", "_b.csv": "x\n2\n", ".c.csv": "x\n3\n"}, options={"header": "true"})
read("layout.missing", {}, options={"header": "true"}, paths=["nope"])
read("layout.empty_dir", {"_SUCCESS": ""}, options={"header": "true"})
read("layout.modified_bad", {"a.csv": "x\n1\n"}, options={"modifiedBefore": "2020-01-01"})
# --- json and text -----------------------------------------------------------------------------
read("json.infer", {"a.json": '{"b":1,"a":"x"}\n{"a":"y","c":[1,2.5],"d":{"e":true}}\n'}, fmt="json")
read("json.corrupt", {"a.json": '{"a":1}\nnot json\n{"a":2}\n'}, fmt="json")
read("json.dropmalformed", {"a.json": '{"a":1}\nnot json\n{"a":2}\n'}, fmt="json", options={"mode": "DROPMALFORMED"})
read("json.multiline", {"a.json": '[{"a":1},\n{"a":2}]\n'}, fmt="json", options={"multiLine": "true"})
read("text.lines", {"a.txt": "one\ntwo\n\nthree"}, fmt="text")
read("text.wholetext", {"a.txt": "one\ntwo\n"}, fmt="text", options={"wholetext": "true"})
read("text.linesep", {"a.txt": "one|two|"}, fmt="text", options={"lineSep": "|"})
# --- writes ------------------------------------------------------------------------------------
ROWS = [[1, "a", 1.5, True, "2020-01-02", "2020-01-02 03:04:05"], [2, None, None, None, None, None], [3, 'q"u,o\nte', -0.0, False, "1999-12-31", "1999-12-31 23:59:59.123456"]]
SCHEMA = "id INT, s STRING, d DOUBLE, b BOOLEAN, dt STRING, ts STRING"
write("write.csv.default", ROWS, SCHEMA)
write("write.csv.header", ROWS, SCHEMA, options={"header": "true"})
write("write.csv.quoteAll", ROWS, SCHEMA, options={"quoteAll": "true"})
write("write.csv.escapeQuotes_off", ROWS, SCHEMA, options={"escapeQuotes": "false"})
write("write.csv.sep_nullValue", ROWS, SCHEMA, options={"sep": "|", "nullValue": "NULL", "emptyValue": "E"})
write("write.csv.escape_quote", ROWS, SCHEMA, options={"escape": '"'})
write("write.csv.empty_string", [[1, ""], [2, None]], "id INT, s STRING")
write("write.csv.typed", [[1]], "id INT", options={"header": "true"})
write("write.csv.partitioned", [[1, "x", 10], [2, None, 20], [3, "a/b", 10]], "id INT, p STRING, q INT", partitionBy=["p", "q"], options={"header": "true"})
write("write.json.default", ROWS, SCHEMA, fmt="json")
write("write.text.default", [["a"], [None], ["c"]], "value STRING", fmt="text")
write("write.text.two_columns", [["a", "b"]], "a STRING, b STRING", fmt="text")

# --- runner ----------------------------------------------------------------------------------

def describe(e):
    msg = str(e)
    d = {"class": type(e).__name__, "firstLine": next((l for l in msg.split("\n") if l.strip()), "")}
    try:
        from py4j.protocol import Py4JJavaError
        if isinstance(e, Py4JJavaError):
            je = e.java_exception
            d["javaClass"] = je.getClass().getName()
            m = je.getMessage() or ""
            d["firstLine"] = m.split("\n")[0]
            cause = je.getCause()
            while cause is not None and cause.getCause() is not None:
                cause = cause.getCause()
            if cause is not None:
                d["rootCause"] = cause.getClass().getName() + ": " + str(cause.getMessage()).split("\n")[0]
    except Exception:
        pass
    try:
        from pyspark.errors import PySparkException
        if isinstance(e, PySparkException):
            d["errorClass"] = e.getErrorClass()
    except Exception:
        pass
    return d

def lay(d, files, encoding):
    for name, text in files.items():
        p = os.path.join(d, name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(text.encode(encoding))

def snapshot(d):
    out = {}
    for dirpath, _, names in os.walk(d):
        for n in sorted(names):
            if n.endswith(".crc"):
                continue
            rel = os.path.relpath(os.path.join(dirpath, n), d)
            rel = re.sub(r"part-(\d{5})-[0-9a-f-]{36}", r"part-\1-<uuid>", rel)
            with open(os.path.join(dirpath, n), "rb") as f:
                out[rel] = f.read().decode("utf-8", "replace")
    return dict(sorted(out.items()))

def main():
    from pyspark.sql import SparkSession
    spark = (SparkSession.builder.master("local[1]").appName("golden-files")
             .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC")
             .config("spark.sql.shuffle.partitions", "1").getOrCreate())
    spark.sparkContext.setLogLevel("OFF")
    results = []
    only = sys.argv[1:]
    for c in CASES:
        if only and not any(c["id"].startswith(o) for o in only):
            continue
        d = tempfile.mkdtemp(prefix="golden-files-")
        r = dict(c)
        try:
            w = c.get("write")
            if w:
                from pyspark.sql.functions import col
                df = spark.createDataFrame(w["rows"], w["schema"])
                wr = df.coalesce(1).write.format(w["format"]).options(**w["options"])
                if w["partitionBy"]:
                    wr = wr.partitionBy(*w["partitionBy"])
                out = os.path.join(d, "out")
                try:
                    wr.save(out)
                    r["written"] = snapshot(out)
                except Exception as e:
                    r["error"] = describe(e)
            else:
                lay(d, c["files"], c["encoding"])
                rd = c["read"]
                opts = {k: v.replace("{D}", d) for k, v in rd["options"].items()}
                reader = spark.read.format(rd["format"]).options(**opts)
                if rd["schema"]:
                    reader = reader.schema(rd["schema"])
                paths = [os.path.join(d, p) for p in rd["paths"]] if rd["paths"] else [d]
                try:
                    df = reader.load(paths if len(paths) > 1 else paths[0])
                    r["printSchema"] = df._jdf.schema().treeString()
                    r["show"] = df._jdf.showString(20, 0, False)
                except Exception as e:
                    r["error"] = describe(e)
        finally:
            shutil.rmtree(d, ignore_errors=True)
        if "error" in r:
            r["error"]["firstLine"] = r["error"]["firstLine"].replace(d, "{D}")
        results.append(r)
        print(c["id"], "error" if "error" in r else "ok", file=sys.stderr)
    if only and os.path.exists(OUT):
        old = {x["id"]: x for x in json.load(open(OUT))}
        for x in results:
            old[x["id"]] = x
        results = [old[k] for k in old]
    with open(OUT, "w") as f:
        json.dump(results, f, indent=1, ensure_ascii=False)
        f.write("\n")

if __name__ == "__main__":
    main()
