#!/usr/bin/env python3
"""Spark oracle: scalar functions and SQL syntax beyond the workshop: maths, strings, regular expressions, dates, maps, structs, null handling, predicates.

Cases over golden_functions.py's FN_PRELUDE frames (t, p, q); writes
test/fixtures/spark-golden-functions-scalar.json, replayed by test/spark-golden-functions-scalar.test.ts.

Run:  python3 scripts/spark-oracle/golden_functions_scalar.py [id-prefix ...]
      (with a prefix it writes a .partial.json; merge it with scripts/spark-oracle/merge_partial.py)
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from golden_functions import case, exprs, family_main  # noqa: E402,F401


def register():
    exprs("fn.sc.math", "hypot(3, 4)", "atan2(1, 1)", "sign(x)", "conv('ff', 16, 10)", "bin(id)", "shiftleft(id, 2)", "id & 3", "id | 4", "id ^ 1", "~id")
    exprs("fn.sc.math.more", "width_bucket(x, 0, 10, 5)", "e()", "try_divide(id, 0)", "try_add(id, 1)", "sqrt(-1)", "log(0)", "format_number(x * 1000, 2)", "rint(x)")
    exprs("fn.sc.trim", "trim('  a  ')", "ltrim('  a  ')", "rtrim('  a  ')", "trim(BOTH 'x' FROM 'xxaxx')", "btrim('xxaxx', 'x')", "length(s)", "lower(s)", "upper(s)")
    exprs("fn.sc.regexp", "regexp_extract(s, '(\\\\w+) (\\\\w+)', 2)", "regexp_extract(s, 'z(.)', 1)", "s rlike 'o.l'", "s like '%o%'", "s ilike 'SPARK%'", "regexp_like(s, '^h')", "regexp_count(s, 'l')")
    exprs("fn.sc.string.more", "soundex(s)", "levenshtein(s, 'hello')", "split_part(csv, ',', 2)", "substr(s, -3)", "substring(s, 0, 2)", "overlay(s placing '__' from 2 for 3)", "startswith(s, 'he')", "endswith(s, 'QL')", "contains(s, 'o w')")
    exprs("fn.sc.string.misc2", "printf('%05d|%.2f|%s', id, x, s)", "lcase(s)", "ucase(s)", "char(65)", "chr(97)", "space(3)", "elt(id, 'a', 'b')", "find_in_set('b', 'a,b,c')", "position('o', s)", "mask(s)")
    exprs("fn.sc.dates.make", "make_date(2024, 2, 29)", "make_date(2023, 2, 29)", "make_timestamp(2024, 1, 2, 3, 4, 5.5)", "weekofyear(d)", "next_day(d, 'Mon')", "date_part('YEAR', d)", "extract(MONTH FROM d)", "extract(DOW FROM d)")
    exprs("fn.sc.dates.utc", "to_utc_timestamp(ts, 'Europe/Warsaw')", "from_utc_timestamp(ts, 'Asia/Tokyo')", "timestamp_seconds(1700000000)", "unix_date(to_date(d))", "date_from_unix_date(19000)", "unix_seconds(to_timestamp(ts))", "to_unix_timestamp(ts)")
    exprs("fn.sc.dates.more", "dateadd(d, 3)", "date_diff(d, '2024-01-01')", "timestampadd(HOUR, 2, ts)", "timestampdiff(MINUTE, ts, '2024-03-16 00:00:00')", "to_timestamp('2024-03-15 13:45', 'yyyy-MM-dd HH:mm')", "date_format(ts, 'HH:mm:ss.SSS a')", "to_date('bad')")
    exprs("fn.sc.maps", "map('a', id, 'b', 2)", "map_keys(map('a', 1, 'b', 2))", "map_values(map('a', 1))", "map_from_arrays(array('x', 'y'), array(1, 2))", "element_at(map('a', 1), 'a')", "str_to_map('a:1,b:2')", "map_entries(map('k', id))", "map_concat(map('a', 1), map('b', 2))")
    exprs("fn.sc.struct", "named_struct('a', id, 'b', s)", "named_struct('a', id, 'b', s).b", "struct(id, s)", "from_json(js, 'a INT, b STRUCT<c: STRING>').b.c", "to_json(named_struct('a', id, 's', s))", "to_json(arr)", "to_json(map('k', x))")
    exprs("fn.sc.nulls", "coalesce(s, csv, 'none')", "isnull(s)", "isnotnull(s)", "isnan(x)", "nanvl(cast('NaN' as double), 0D)", "equal_null(s, null)", "s <=> null", "s = null")
    exprs("fn.sc.predicates", "id in (1, 3)", "id not in (1, 3)", "id between 2 and 3", "case when id = 1 then 'one' when id = 2 then 'two' else 'many' end", "case id when 1 then 'a' end", "not (id > 1)", "id > 1 and s is null", "id > 1 or s is null")


if __name__ == "__main__":
    family_main("scalar", register)
