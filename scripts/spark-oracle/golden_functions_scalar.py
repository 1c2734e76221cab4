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

    # --- more of what PySpark users write: SQL syntax forms, maths, strings, dates, nulls, errors -----
    exprs("fn.sc.syntax2", "position('o' IN s)", "trim(LEADING 'h' FROM s)", "trim(TRAILING 'd' FROM s)", "extract(YEAR FROM ts)", "extract(HOUR FROM ts)", "date_part('doy', d)", "s not ilike '%sql'", "id & 1 | 2", "overlay(s placing 'X' from 1)")
    exprs("fn.sc.timestampadd", "timestampadd(MONTH, 1, ts)", "timestampadd(DAY, -1, ts)", "timestampdiff(DAY, ts, '2024-12-25 00:00:00')", "timestampdiff(YEAR, '2020-02-29 00:00:00', ts)", "timestampdiff(SECOND, ts, ts)")
    exprs("fn.sc.math3", "shiftright(id, 1)", "shiftrightunsigned(-8, 1)", "conv('-10', 10, 16)", "conv(id, 10, 2)", "bin(-1)", "hypot(x, id)", "try_subtract(id, 2)", "try_multiply(2147483647, id)", "try_add(2147483647, id)", "width_bucket(5.3, 0.2, 10.6, 5)", "pi()", "format_number(1234567.891, 0)")
    exprs("fn.sc.string3", "levenshtein('kitten', 'sitting')", "soundex('Robert')", "soundex('Tymczak')", "split_part('a.b.c', '.', -1)", "split_part('a.b', '.', 5)", "mask('AbC-123', 'Q', 'q', '9', '*')", "btrim('  x  ')", "elt(5, 'a')", "regexp_like(s, '(?i)spark')", "find_in_set('c', csv)")
    exprs("fn.sc.dates3", "make_date(2024, 13, 1)", "make_timestamp(2024, 2, 29, 23, 59, 59.999999)", "next_day('2024-03-15', 'FR')", "next_day(d, 'xx')", "from_utc_timestamp('2024-07-01 12:00:00', 'America/New_York')", "to_utc_timestamp('2024-07-01 12:00:00', 'Europe/Warsaw')", "timestamp_seconds(1.5)", "unix_seconds(TIMESTAMP '1970-01-01 00:00:01')", "date_from_unix_date(-1)")
    exprs("fn.sc.nulls2", "isnan(cast('NaN' as double))", "nanvl(x, -1)", "equal_null(id, 1)", "equal_null(null, null)", "isnull(null)", "isnotnull(id)")
    exprs("fn.sc.err.bitwise", "s & 1")
    exprs("fn.sc.err.make_date_args", "make_date(1, 2)")
    exprs("fn.sc.err.hypot_type", "hypot(arr, 1)")
    exprs("fn.sc.err.split_part_zero", "split_part(s, ' ', 0)")
    exprs("fn.sc.err.levenshtein_args", "levenshtein(s)")
    case("fn.sc.api.math", "t.select(F.hypot('x', 'id'), F.atan2('x', 'id'), F.shiftleft('id', 3), F.bin('id'), F.conv('csv', 16, 10), F.rint('x'), F.format_number('x', 1), F.try_divide('id', F.lit(0))).show(truncate=False)\n")
    case("fn.sc.api.strings", "t.select(F.soundex('s'), F.levenshtein('s', F.lit('hello')), F.split_part('csv', F.lit(','), F.lit(2)), F.overlay('s', F.lit('__'), 2, 3), F.btrim('s', F.lit('h')), F.mask('s'), F.elt('id', 's', 'csv'), F.find_in_set(F.lit('b'), 'csv'), F.regexp_like('s', F.lit('^S')), F.regexp_count('s', F.lit('l')), F.ilike('s', F.lit('%SQL'))).show(truncate=False)\n")
    case("fn.sc.api.dates", "t.select(F.make_date(F.lit(2024), 'id', F.lit(1)), F.next_day('d', 'Sun'), F.to_utc_timestamp('ts', 'Asia/Tokyo'), F.from_utc_timestamp('ts', 'Europe/Warsaw'), F.timestamp_seconds('id'), F.unix_date(F.to_date('d')), F.unix_seconds(F.to_timestamp('ts')), F.date_from_unix_date('id'), F.date_part(F.lit('MONTH'), 'd'), F.extract(F.lit('DAY'), 'd'), F.make_timestamp(F.lit(2024), F.lit(1), 'id', F.lit(10), F.lit(0), F.lit(1.5))).show(truncate=False)\n")
    case("fn.sc.api.nulls", "t.select(F.isnull('s'), F.isnan('x'), F.nanvl('x', F.lit(0.0)), F.equal_null('s', F.lit('x')), F.bitwise_not('id'), F.col('id').bitwiseAND(6), F.col('id').bitwiseOR(8), F.col('id').bitwiseXOR(3), F.char(F.lit(66)), F.width_bucket('x', F.lit(0), F.lit(5), F.lit(10)), F.try_add('id', F.lit(1)), F.try_subtract('id', F.lit(1)), F.try_multiply('id', F.lit(3))).show(truncate=False)\n")


if __name__ == "__main__":
    family_main("scalar", register)
