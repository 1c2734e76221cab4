#!/usr/bin/env python3
"""Spark oracle: types, literals, dates, intervals and statement forms through spark.sql.

Each case runs one SQL text and prints its show(truncate=False) and printSchema() (or the error);
writes test/fixtures/spark-golden-types.json, replayed by test/spark-golden-types.test.ts.

Run:  python3 scripts/spark-oracle/golden_types.py [id-prefix ...]
      (with a prefix it writes a .partial.json; merge it with scripts/spark-oracle/merge_partial.py)
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from golden_functions import case, family_main  # noqa: E402


def sql(cid, query):
    """A spark.sql case: the result shown untruncated, then its schema."""
    case(cid, "df = spark.sql(" + repr(query) + ")\ndf.show(truncate=False)\ndf.printSchema()\n", sql=query)


def register():
    # --- dates and timestamps over the proleptic Gregorian calendar ----------------------------
    sql("types.date.non_leap_february", "SELECT DATE'2019-02-28' a, CAST('2018-02-27' AS DATE) b, CAST('2019-02-29' AS DATE) c, DATE'2000-02-29' d, DATE'1900-02-28' e")
    sql("types.date.early_years", "SELECT timestamp'0015-03-18 12:00:00' t, DATE'0015-03-18' d, make_date(15, 3, 18) m, add_months(DATE'0015-01-31', 1) am, last_day(DATE'0019-02-03') ld, DATE'0001-01-01' first, DATE'9999-12-31' last")
    sql("types.date.dayofyear", "SELECT dayofyear(DATE'2019-03-01') a, dayofyear(DATE'2020-12-31') b, weekofyear(DATE'0019-02-28') c, datediff(DATE'2019-03-01', DATE'2019-02-01') d")
    # --- numbers -----------------------------------------------------------------------------------
    sql("types.round.overflow", "SELECT round(1e308D, 3) r, round(-1e308D, 2) s, round(1.5e300D, -299) n, round(2.5D, 0) h")
    sql("types.decimal.cast_tiny_double", "SELECT CAST(1e-7D AS DECIMAL(10,2)) c, CAST(1.5e-3D AS DECIMAL(10,2)) e, CAST(2.675D AS DECIMAL(10,2)) f, CAST(-0.005D AS DECIMAL(10,2)) g")
    sql("types.literal.integers", "SELECT round(25y, 1) r, 25y a, 3s b, -2147483648 c, 2147483648 d, -9223372036854775808 e, 9223372036854775808 g")
    sql("types.literal.long_max", "SELECT 9223372036854775807 a, 92233720368547758070 b")
    sql("types.cast.nullability", "SELECT CAST(1.5D AS INT) a, CAST(1 AS DECIMAL(10,0)) b, CAST(1 AS DECIMAL(5,0)) c, CAST(1L AS DECIMAL(20,0)) d, CAST(DATE'2020-01-01' AS TIMESTAMP) e, CAST(TIMESTAMP'2020-01-01 00:00:00' AS DATE) f, CAST(true AS DECIMAL(1,0)) g, CAST(1.5 AS DECIMAL(3,1)) h, CAST(1.5 AS DECIMAL(2,1)) i, CAST('x' AS BINARY) j")
    sql("types.cast.decimal_nullability", "SELECT CAST(CAST(1.5 AS DECIMAL(3,1)) AS DECIMAL(4,2)) a, CAST(9.99 AS DECIMAL(2,1)) b, CAST(-2.555 AS DECIMAL(4,2)) c, CAST(9.99 AS DECIMAL(4,1)) d, CAST(CAST(1.5 AS DECIMAL(3,1)) AS DECIMAL(3,2)) e")
    sql("types.literal.long_exact", "SELECT 9223372036854775807 a, -9223372036854775807 b, 9223372036854775807 - 1 c, 9007199254740993 d, CAST(9223372036854775807 AS STRING) e, 9223372036854775807 = 9223372036854775806 f")
    # --- binary ------------------------------------------------------------------------------------
    sql("types.binary.literals_and_casts", "SELECT x'57' x, X'ABC' odd, lpad(x'57', 3, x'00') l, rpad(x'57', 4, x'0102') r, CAST(123 AS binary) b, CAST(123L AS binary) c, CAST(5y AS binary) d, CAST(-1 AS BINARY) e, CAST(300s AS BINARY) f")
    # --- maps -----------------------------------------------------------------------------------------
    sql("types.cast.map", "SELECT CAST(map(1, 'a') AS map<string,string>) m, CAST(map(1, 2.5D) AS map<bigint, int>) o, CAST(map('a', 1) AS map<string, string>) p")
    sql("types.cast.map_key_may_fail", "SELECT 1 AS one, CAST(map('1', '2') AS map<int,bigint>) n")
    sql("types.cast.array_to_int", "SELECT 1 AS one, CAST(array(1) AS int) n")
    # --- ordering -----------------------------------------------------------------------------------
    sql("types.max_map", "SELECT max(m) FROM VALUES (map(1, 2)) t(m)")
    sql("types.min_array_of_map", "SELECT min(array(m)) FROM VALUES (map(1, 2)) t(m)")
    # --- datetime patterns ----------------------------------------------------------------------------
    sql("types.pattern.quarter_day_of_year", "SELECT date_format(DATE'2020-05-06', 'q D Q QQQ') q, date_format(TIMESTAMP'2020-12-31 01:02:03', 'D DDD qq QQQQ') r")
    sql("types.pattern.letters", "SELECT date_format(TIMESTAMP'2020-05-06 13:04:05.123456', 'k K h H L LLL LLLL z VV XXX Z O zzzz G a E EEEE SSS') q, date_format(DATE'2020-05-06', 'yyyyy yyy y yy') y, date_format(DATE'2020-05-06', 'yyyy-MM-dd \\'T\\' \\'\\'') lit")
    sql("types.pattern.week_based_year", "SELECT date_format(DATE'2020-05-06', 'YYYY-ww') q")
    sql("types.pattern.too_many_letters", "SELECT date_format(DATE'2020-05-06', 'MMMMMM') q")
    sql("types.pattern.am_pm_twice", "SELECT date_format(DATE'2020-05-06', 'yyyy-MM-dd aa') q")
    sql("types.pattern.day_of_week_e", "SELECT date_format(DATE'2020-05-06', 'e') q")
    sql("types.pattern.removed_letter", "SELECT date_format(DATE'2020-05-06', 'A') q")
    sql("types.pattern.to_date_week_year", "SELECT to_date('2020-05-06', 'YYYY-MM-dd') q")
    sql("types.pattern.to_timestamp_zones", "SELECT to_timestamp('2020-01-01 10:00 UTC', 'yyyy-MM-dd HH:mm z') a, to_timestamp('2020-01-01T10:00', 'yyyy-MM-dd\\'T\\'HH:mm') b, to_timestamp('2020-01-01 10:00 +0100', 'yyyy-MM-dd HH:mm Z') c, to_timestamp('2020-01-01 10:00 America/New_York', 'yyyy-MM-dd HH:mm VV') d, to_timestamp('2020-01-01 10:00:00.123+01:00', 'yyyy-MM-dd HH:mm:ss.SSSXXX') e, to_timestamp('06 May 2020', 'dd MMM yyyy') f, to_timestamp('2020-01-01', 'yyyy-MM-dd HH') g")

    # --- ANSI intervals -----------------------------------------------------------------------------
    sql("types.interval.literals", "SELECT INTERVAL 1 DAY a, interval 5 seconds b, INTERVAL '1-2' YEAR TO MONTH c, INTERVAL '1 2:03:04' DAY TO SECOND d, INTERVAL 1 DAY 2 HOURS e, INTERVAL 3 MONTHS f, INTERVAL 1 YEAR 2 MONTHS g, INTERVAL '10' HOUR h, INTERVAL 1.5 SECONDS i, INTERVAL -3 DAYS j")
    sql("types.interval.literals_more", "SELECT INTERVAL '2 10:20:30.123456' DAY TO SECOND h, INTERVAL '10:20' HOUR TO MINUTE i, INTERVAL 2 WEEKS j, INTERVAL 100 MILLISECONDS k, INTERVAL '-1 2:00:00' DAY TO SECOND l, INTERVAL 1 HOUR 30 MINUTES c, INTERVAL 1 DAY 1 SECOND d, INTERVAL 2 YEARS e, INTERVAL 1 MICROSECOND f")
    sql("types.interval.names", "SELECT INTERVAL 1 DAY, interval 5 seconds, INTERVAL '1-2' YEAR TO MONTH, INTERVAL 1 DAY 2 HOURS, DATE'2020-01-31' + 1, DATE'2020-03-01' - 1, DATE'2020-03-01' - DATE'2020-01-01', TIMESTAMP'2020-01-01 10:00:00' + INTERVAL 5 SECONDS, DATE'2020-01-01' - INTERVAL 1 DAY, DATE'2020-01-31' + INTERVAL 1 MONTH, TIMESTAMP'2020-01-02 00:00:00' - TIMESTAMP'2020-01-01 10:00:00'")
    sql("types.interval.arithmetic", "SELECT TIMESTAMP'2020-01-31 10:00:00' + INTERVAL '1-1' YEAR TO MONTH a, INTERVAL 1 DAY > INTERVAL 23 HOURS c, INTERVAL 1 DAY + INTERVAL 2 HOURS d, INTERVAL 1 DAY * 3 e, INTERVAL 3 DAYS / 2 f, -INTERVAL 1 DAY g, INTERVAL '1-2' YEAR TO MONTH * 2 h, INTERVAL 1 DAY - INTERVAL 1 SECOND i")
    sql("types.interval.arithmetic_more", "SELECT TIMESTAMP'2020-01-01 00:00:00' + INTERVAL 1 DAY + INTERVAL 2 HOURS a, DATE'2020-01-01' + INTERVAL '1' HOUR b, INTERVAL 1 DAY = INTERVAL 24 HOURS c, INTERVAL '1' YEAR < INTERVAL '13' MONTH d, INTERVAL 1 DAY * 1.5 e, INTERVAL -1 DAY f, - INTERVAL '1-2' YEAR TO MONTH g, 2 * INTERVAL 3 HOURS h, DATE'2020-01-01' + INTERVAL '1 2:00:00' DAY TO SECOND i")
    sql("types.interval.casts", "SELECT CAST(INTERVAL 1 DAY AS STRING) b, typeof(INTERVAL 1 DAY) d, CAST(INTERVAL '1-2' YEAR TO MONTH AS STRING) f, CAST('INTERVAL \\'1\\' DAY' AS INTERVAL DAY) c, CAST('1 02:00:00' AS INTERVAL DAY TO SECOND) g, CAST(INTERVAL '1 02:03' DAY TO MINUTE AS INTERVAL DAY TO HOUR) i")
    sql("types.interval.time_range_filter", "SELECT t1, t2 FROM VALUES (TIMESTAMP'2020-01-01 00:00:00', TIMESTAMP'2020-01-01 00:00:04'), (TIMESTAMP'2020-01-01 00:00:00', TIMESTAMP'2020-01-01 00:00:06') t(t1, t2) WHERE t2 <= t1 + interval 5 seconds AND t2 >= t1 - INTERVAL 1 MINUTE")
    sql("types.interval.aggregates", "SELECT sum(i), max(i), min(i), count(i) FROM VALUES (INTERVAL 1 DAY), (INTERVAL 2 HOURS) t(i)")
    sql("types.interval.cast_bad_string", "SELECT CAST('x' AS INTERVAL DAY) h")
    sql("types.interval.cast_bad_string_ym", "SELECT CAST('x' AS INTERVAL YEAR TO MONTH) h")
    sql("types.interval.cast_bad_string_hour_to_second", "SELECT CAST('1 2' AS INTERVAL HOUR TO SECOND) h")
    sql("types.interval.mixed_families", "SELECT INTERVAL 1 DAY = INTERVAL 1 MONTH")
    sql("types.interval.date_plus_bigint", "SELECT DATE'2020-01-01' + 3L b")
    sql("types.interval.date_plus_decimal", "SELECT DATE'2020-01-01' + 2.5 a")
    sql("types.interval.schema", "SELECT * FROM VALUES (INTERVAL '1' DAY, INTERVAL '1-1' YEAR TO MONTH) t(d, ym)")

    # --- statement forms ----------------------------------------------------------------------------
    sql("types.stmt.like_all_any", "SELECT 'ab' LIKE ALL ('a%', '%b'), 'ab' LIKE ANY ('x%', '%b'), 'ab' NOT LIKE ALL ('x%', '%c'), 'ab' NOT LIKE ANY ('a%', '%c'), 'ab' LIKE SOME ('a%'), NULL LIKE ALL ('a%'), 'ab' LIKE ALL ('a%', '%c') f")
    sql("types.stmt.values_bare_alias", "SELECT * FROM VALUES 1 T(col)")


if __name__ == "__main__":
    family_main("types", register, "spark-golden-types.json")
