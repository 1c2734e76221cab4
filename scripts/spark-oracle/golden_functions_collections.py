#!/usr/bin/env python3
"""Spark oracle: the collection and text functions of src/functions/collections.ts and
src/functions/text.ts: array_append, array_prepend, array_compact, array_repeat,
regexp_extract_all, regexp_substr, url_encode, url_decode, parse_url — values, NULLs, column
names, result types and nullability (printSchema), errors, and the PySpark builders.

Cases over golden_functions.py's FN_PRELUDE frames (t, p, q); writes
test/fixtures/spark-golden-functions-collections.json, replayed by
test/spark-golden-functions-collections.test.ts.

Run:  python3 scripts/spark-oracle/golden_functions_collections.py [id-prefix ...]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from golden_functions import case, exprs, family_main  # noqa: E402


def register():
    exprs("fn.coll.append", "array_append(arr, 4)", "array_append(arr, null)", "array_append(array(1, 2), id)", "array_append(array('a'), s)", "array_append(array(1), 2.5D)", "array_prepend(arr, 0)", "array_prepend(array('x'), s)")
    exprs("fn.coll.compact_repeat", "array_compact(arr)", "array_compact(array(null, 1, null))", "array_repeat(s, 2)", "array_repeat(id, id)", "array_repeat('x', -1)", "array_repeat(arr, 2)")
    exprs("fn.coll.err.append_type", "array_append(s, 1)")
    exprs("fn.coll.err.repeat_count", "array_repeat(1, 'x')")
    exprs("fn.text.regexp", "regexp_extract_all(s, '(\\\\w)(\\\\w+)')", "regexp_extract_all(s, '(\\\\w)(\\\\w+)', 2)", "regexp_extract_all(csv, '([a-z])', 0)", "regexp_substr(s, 'o.')", "regexp_substr(s, 'zz')", "regexp_extract_all('a1b22', '\\\\d+', 0)")
    exprs("fn.text.err.regexp_group", "regexp_extract_all(s, '(o)', 2)")
    exprs("fn.text.url", "url_encode(s)", "url_encode('a b&c=d/é~*')", "url_decode('a+b%26c%3Dd')", "url_decode(url_encode(s))", "url_encode(null)")
    exprs("fn.text.parse_url", "parse_url('http://user:pw@spark.apache.org:8080/path/p.html?query=1&b=2#Ref', 'HOST')", "parse_url('http://spark.apache.org/path?query=1', 'QUERY')", "parse_url('http://spark.apache.org/path?query=1&b=2', 'QUERY', 'b')", "parse_url('http://spark.apache.org/path?query=1', 'QUERY', 'zz')", "parse_url('http://user:pw@spark.apache.org:8080/path/p.html?q=1#Ref', 'PATH')", "parse_url('https://spark.apache.org/p?q=1#frag', 'REF')", "parse_url('https://spark.apache.org/p?q=1', 'PROTOCOL')", "parse_url('http://user:pw@spark.apache.org:8080/p?q=1', 'FILE')", "parse_url('http://user:pw@spark.apache.org:8080/p?q=1', 'AUTHORITY')", "parse_url('http://user:pw@spark.apache.org:8080/p', 'USERINFO')", "parse_url('not a url', 'HOST')", "parse_url(s, 'HOST')", "parse_url('http://a.b/c', 'NOPE')")
    case("fn.coll.api", "t.select(F.array_append('arr', F.lit(9)), F.array_prepend('arr', F.col('id')), F.array_compact('arr'), F.array_repeat('s', 2), F.regexp_extract_all('s', F.lit('(o)(.)'), 2), F.regexp_substr('s', F.lit('l+')), F.url_encode('s'), F.url_decode(F.lit('%41+b')), F.parse_url(F.lit('http://h.io/x?k=v'), F.lit('QUERY'), F.lit('k'))).show(truncate=False)\n")


if __name__ == "__main__":
    family_main("collections", register)
