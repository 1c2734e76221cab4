#!/usr/bin/env python3
"""Spark oracle for the everyday functions and DataFrame/GroupedData methods (issue 9, families 2-4).

Runs every case below on real PySpark 3.5 and writes test/fixtures/spark-golden-functions.json, in
the format golden.py documents (id, pyspark, stdout, [error]). Every case runs after golden.py's
PRELUDE and this file's FN_PRELUDE (the frames t, p, q). A case made by `exprs(...)` is
`t.selectExpr(<exprs>).show(truncate=False)` (and `.printSchema()` for its schema), which
test/spark-golden-functions.test.ts replays by running the same expression texts through Iskra;
the other cases have a program written against Iskra's public API there.

Run:  python3 scripts/spark-oracle/golden_functions.py [id-prefix …]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import golden  # noqa: E402  (the shared runner: PRELUDE, describe)

OUT = os.path.join(golden.ROOT, "test", "fixtures", "spark-golden-functions.json")

FN_PRELUDE = '''import pyspark.sql.functions as F
t = spark.createDataFrame([
    (1, "hello world", "a,b,,c", [3, 1, 2, None], [[1, 2], [3]], "2024-03-15", "2024-03-15 13:45:30", '{"a": 1, "b": {"c": "x"}, "arr": [10, 20]}', 2.5),
    (2, "Spark SQL", "x", [], [[], [4]], "2023-12-31", "2023-12-31 23:59:59", '{"a": 2}', -1.25),
    (3, None, None, None, None, None, None, None, None)],
    "id int, s string, csv string, arr array<int>, nested array<array<int>>, d string, ts string, js string, x double")
p = spark.createDataFrame([(1, "a", 10), (2, "b", None), (3, None, 30), (3, None, 30), (4, "d", 40)], "k int, v string, n int")
q = spark.createDataFrame([(3, None, 30), (4, "d", 40), (5, "e", 50)], "k int, v string, n int")
'''

CASES = []


def case(cid, code, **extra):
    CASES.append((cid, FN_PRELUDE + code, extra))


def exprs(cid, *texts):
    """A selectExpr case: its show() and its printSchema()."""
    args = ", ".join(repr(x) for x in texts)
    case(cid, "t.selectExpr(" + args + ").show(truncate=False)\n", exprs=list(texts), action="show")
    case(cid + ".printSchema", "t.selectExpr(" + args + ").printSchema()\n", exprs=list(texts), action="printSchema")


# --- strings -------------------------------------------------------------------------------------
exprs("fn.substring_index", "substring_index(csv, ',', 2)", "substring_index(csv, ',', -1)", "substring_index(s, ' ', 0)")
exprs("fn.pad", "lpad(s, 14, '*')", "rpad(s, 3, '-')", "lpad(s, 13, 'ab')", "rpad(csv, 8, 'xy')")
exprs("fn.initcap", "initcap(s)", "initcap('hELLO wORLD foo-bar')")
exprs("fn.hex", "hex(s)", "hex(id)", "unhex('4142')", "hex(unhex('4142'))", "hex(-1)")
exprs("fn.regexp_replace.columns", "regexp_replace(s, 'o', csv)", "regexp_replace(s, '(l+)', '<$1>')")
exprs("fn.split.sql_limit", "split(csv, ',', 2)", "split(csv, ',', -1)", "split(csv, '[,]+')")
exprs("fn.string.misc", "reverse(s)", "repeat(csv, 2)", "instr(s, 'o')", "locate('o', s)", "locate('o', s, 6)", "translate(s, 'lo', 'L')", "ascii(s)")
exprs("fn.string.left_right", "left(s, 3)", "right(s, 3)", "base64(s)", "unbase64(base64(s))", "char_length(s)", "octet_length(s)")
exprs("fn.string.format", "format_string('%s-%d', s, id)", "concat(s, '!')", "concat_ws('|', s, csv)", "upper(substr(s, 2, 3))")
# --- arrays --------------------------------------------------------------------------------------
exprs("fn.array.sort", "sort_array(arr)", "sort_array(arr, false)", "array_sort(arr)")
exprs("fn.array.join", "array_join(arr, '-')", "array_join(arr, '-', 'NULL')")
exprs("fn.array.element_at", "element_at(arr, 1)", "element_at(arr, -1)", "element_at(arr, 10)")
exprs("fn.array.contains_distinct", "array_contains(arr, 2)", "array_distinct(array(1, 2, 1, id))", "array_max(arr)", "array_min(arr)")
exprs("fn.array.flatten_slice", "flatten(nested)", "slice(arr, 2, 2)", "slice(arr, -2, 5)")
exprs("fn.array.position_remove", "array_position(arr, 2)", "array_remove(arr, 1)", "array_union(arr, array(9))", "array_intersect(arr, array(1, 2))", "array_except(arr, array(1))")
exprs("fn.array.sequence", "sequence(1, id)", "reverse(arr)", "size(arr)", "cardinality(arr)", "arrays_overlap(arr, array(3))")
# --- hashes --------------------------------------------------------------------------------------
exprs("fn.hash", "hash(s)", "hash(id)", "hash(s, id)", "xxhash64(s)", "xxhash64(id)", "xxhash64(s, id)")
exprs("fn.digest", "md5(s)", "sha1(s)", "sha2(s, 256)", "sha2(s, 512)", "crc32(s)")
# --- dates and times -----------------------------------------------------------------------------
exprs("fn.time.fields", "hour(ts)", "minute(ts)", "second(ts)", "year(d)", "month(d)", "dayofmonth(d)", "dayofweek(d)", "dayofyear(d)", "quarter(d)")
exprs("fn.time.dates", "to_date(d)", "to_date(ts)", "to_date('15/03/2024', 'dd/MM/yyyy')", "date_add(d, 20)", "date_sub(d, 1)", "datediff(d, '2024-01-01')")
exprs("fn.time.format", "date_format(ts, 'yyyy/MM/dd HH:mm')", "date_format(d, 'EEE, d MMM yyyy')", "last_day(d)", "add_months(d, 1)", "to_timestamp(ts)")
exprs("fn.time.unix", "unix_timestamp(ts)", "from_unixtime(0)", "trunc(d, 'MM')", "date_trunc('hour', ts)", "months_between('2024-03-15', d)")
# --- JSON ----------------------------------------------------------------------------------------
exprs("fn.json.get_json_object", "get_json_object(js, '$.a')", "get_json_object(js, '$.b.c')", "get_json_object(js, '$.arr[1]')", "get_json_object(js, '$.b')")
exprs("fn.json.schema_of_json", "schema_of_json('{\"a\": 1, \"b\": [\"x\"], \"c\": {\"d\": 1.5}}')", "schema_of_json('[1, 2]')")
exprs("fn.json.from_json_map", "from_json(js, 'MAP<STRING, STRING>')", "from_json('{\"a\": 1, \"b\": 2}', 'MAP<STRING, INT>')")
exprs("fn.json.json_tuple", "json_tuple(js, 'a', 'b')")
case("fn.json.from_json_unquoted", "df = spark.createDataFrame([('{a: 1, b: \"x\"}',)], 'j string')\n"
     "df.select(F.from_json('j', 'a INT, b STRING', {'allowUnquotedFieldNames': 'true'}).alias('r')).show()\n")
# --- misc ----------------------------------------------------------------------------------------
exprs("fn.typeof", "typeof(id)", "typeof(s)", "typeof(arr)", "typeof(x)", "typeof(named_struct('a', 1))", "typeof(1L)", "typeof(null)")
exprs("fn.conditional", "nvl(s, 'none')", "ifnull(s, 'none')", "nullif(id, 2)", "if(id > 1, 'big', 'small')", "nvl2(s, 'y', 'n')", "greatest(id, 2)", "least(id, 2, x)")
exprs("fn.math", "pow(id, 2)", "exp(0)", "log(10, 100)", "ln(1)", "log10(1000)", "signum(x)", "pmod(-7, 3)", "mod(7, 3)", "bround(x, 0)", "cbrt(27)")
exprs("fn.math.more", "abs(x)", "round(x, 1)", "ceil(x)", "floor(x)", "sqrt(id)", "factorial(id)", "degrees(pi())", "id % 2", "negative(id)", "positive(x)")
case("fn.count_star_expr", "p.select(F.count(F.expr('*'))).show()\n")
case("fn.approx_count_distinct_struct", "p.select(F.approx_count_distinct(F.struct('k', 'v'))).show()\n")
case("fn.binary_concat", "df = spark.createDataFrame([(bytearray(b'ab'), bytearray(b'cd'))], 'a binary, b binary')\n"
     "df.select(F.concat('a', 'b').alias('c')).show()\nprint(df.select(F.concat('a', 'b').alias('c')).collect())\ndf.select(F.concat('a', 'b')).printSchema()\n")
case("fn.api.arrays", "t.select(F.sort_array('arr'), F.array_join('arr', ','), F.element_at('arr', 2), F.array_distinct('arr'), F.flatten('nested'), F.slice('arr', 1, 2)).show()\n")
case("fn.api.strings", "t.select(F.substring_index('csv', ',', 1), F.lpad('s', 12, '.'), F.rpad('s', 12, '.'), F.initcap('s'), F.hex('s'), F.regexp_replace('s', F.lit('l'), F.col('csv'))).show()\n")
case("fn.api.hashes", "t.select(F.hash('s'), F.xxhash64('s'), F.md5('s'), F.sha1('s'), F.sha2('s', 256), F.crc32('s')).show()\n")
case("fn.api.dates", "t.select(F.hour('ts'), F.minute('ts'), F.date_format('ts', 'HH:mm'), F.to_date('d'), F.date_add('d', 1), F.datediff('d', F.lit('2024-01-01'))).show()\n")
case("fn.api.json", "t.select(F.get_json_object('js', '$.a'), F.schema_of_json(F.lit('{\"a\": 1}')), F.typeof('js')).show(truncate=False)\n")

# --- DataFrame methods ---------------------------------------------------------------------------
case("df.alias_self_join", "a = p.alias('a'); b = p.alias('b')\n"
     "a.join(b, F.col('a.k') == F.col('b.k')).select('a.k', F.col('b.v'), 'a.n').orderBy('k').show()\n")
case("df.alias_columns", "print(p.alias('x').select('x.k', 'x.v').columns)\n")
case("df.unionByName_missing", "p.unionByName(q.select('k', 'n'), allowMissingColumns=True).show()\n"
     "p.select('k', 'n').unionByName(q, allowMissingColumns=True).printSchema()\n")
case("df.unionByName_missing_right", "p.select('k', 'n').unionByName(q, allowMissingColumns=True).show()\n")
case("df.unionByName_reordered", "p.unionByName(q.select('n', 'v', 'k')).show()\n")
case("df.na_fill_int", "p.na.fill(0).show()\n")
case("df.na_fill_str", "p.na.fill('?').show()\n")
case("df.fillna_dict", "p.fillna({'v': 'none', 'n': -1}).show()\n")
case("df.fillna_subset", "p.fillna(0, subset=['n']).show()\n")
case("df.na_drop", "p.na.drop().show()\n")
case("df.dropna_subset", "p.dropna(subset=['v']).show()\n")
case("df.dropna_all", "p.select('v').dropna(how='all').show()\n")
case("df.dropna_thresh", "p.dropna(thresh=3).show()\n")
case("df.transform", "p.transform(lambda d: d.withColumn('m', d.n * 2)).show()\n")
case("df.tail", "print(p.tail(2))\n")
case("df.offset", "p.offset(3).show()\n")
case("df.exceptAll", "p.exceptAll(q).orderBy('k').show()\n")
case("df.intersect", "p.intersect(q).orderBy('k').show()\n")
case("df.intersectAll", "p.union(q).intersectAll(p).orderBy('k').show()\n")
case("df.subtract", "p.subtract(q).orderBy('k').show()\n")
case("df.crossJoin", "p.select('k').crossJoin(q.select('v')).orderBy('k', 'v').show()\n")
case("df.dropDuplicates_subset", "p.dropDuplicates(['k']).orderBy('k').show()\n")
case("df.drop_nested_noop", "s = spark.createDataFrame([((1, 2), 3)], 'a struct<b: int, c: int>, d int')\ns.drop(F.col('a.b')).printSchema()\n")
case("df.describe", "p.describe().show()\n")
case("df.describe_cols", "p.describe('n').show()\n")
case("df.summary", "p.select('k', 'n').summary().show()\n")
case("df.unpivot", "p.unpivot('k', ['n', 'k'], 'var', 'val').show()\n"
     "p.unpivot('k', ['n', 'k'], 'var', 'val').printSchema()\n")
case("df.melt", "p.melt(ids=['v'], values=['k', 'n'], variableColumnName='key', valueColumnName='value').show()\n")
case("df.dtypes", "print(t.dtypes)\n")
case("df.schema_field", "print(p.schema['v'])\nprint(p.schema['n'].dataType)\n")
# --- createDataFrame forms -----------------------------------------------------------------------
case("cdf.ddl_string", "spark.createDataFrame(['a', 'b', None], 'STRING').show()\nspark.createDataFrame(['a'], 'STRING').printSchema()\n")
case("cdf.ddl_int", "spark.createDataFrame([1, 2], 'int').show()\nspark.createDataFrame([1, 2], 'int').printSchema()\n")
case("cdf.tuples_names", "df = spark.createDataFrame([(1, 'a'), (2, 'b')], ['id', 'name'])\ndf.show()\ndf.printSchema()\n")
case("cdf.dicts", "df = spark.createDataFrame([{'name': 'x', 'age': 3}, {'name': 'y', 'age': 4}])\ndf.show()\ndf.printSchema()\n")
case("cdf.rows_nested", "df = spark.createDataFrame([Row(id=1, info=Row(city='Oslo', zip=123)), Row(id=2, info=Row(city='Rome', zip=456))])\n"
     "df.show()\ndf.printSchema()\nprint(df.collect())\n")
case("cdf.rows_inferred", "df = spark.createDataFrame([Row(a=1, b=2.5, c='x', d=True, e=[1, 2], f={'k': 1})])\ndf.printSchema()\ndf.show()\n")


def main():
    golden.batch_main(CASES, OUT)


def family_main(name, register, fixture=None):
    """A family of function cases with a fixture of its own (test/fixtures/spark-golden-functions-<name>.json):
    `register()` adds its cases with case()/exprs() over the same FN_PRELUDE frames."""
    del CASES[:]
    register()
    golden.batch_main(CASES, os.path.join(golden.ROOT, "test", "fixtures", fixture or "spark-golden-functions-%s.json" % name))


if __name__ == "__main__":
    main()
