/**
 * Spark's own outputs for scalar functions and SQL syntax beyond the workshop: maths, strings, regular expressions, dates, maps, structs, null handling, predicates,
 * captured from PySpark 3.5 by scripts/spark-oracle/golden_functions_scalar.py and replayed through Iskra
 * byte for byte (errors by class and first line).
 */
import * as F from "../src/index";
import { Frames, replayFunctionFamily } from "./support/function-frames";

/** Cases written against Iskra's TypeScript API (the PySpark `functions` of the scalar family). */
const PROGRAMS: Record<string, (f: Frames) => unknown> = {
  "fn.sc.api.math": ({ t }) => t.select(F.hypot("x", "id"), F.atan2("x", "id"), F.shiftleft("id", 3), F.bin("id"), F.conv("csv", 16, 10), F.rint("x"), F.format_number("x", 1), F.try_divide("id", F.lit(0))).show(20, false),
  "fn.sc.api.strings": ({ t }) => t.select(F.soundex("s"), F.levenshtein("s", F.lit("hello")), F.split_part("csv", F.lit(","), F.lit(2)), F.overlay("s", F.lit("__"), 2, 3), F.btrim("s", F.lit("h")), F.mask("s"), F.elt("id", "s", "csv"), F.find_in_set(F.lit("b"), "csv"), F.regexp_like("s", F.lit("^S")), F.regexp_count("s", F.lit("l")), F.ilike("s", F.lit("%SQL"))).show(20, false),
  "fn.sc.api.dates": ({ t }) => t.select(F.make_date(F.lit(2024), "id", F.lit(1)), F.next_day("d", "Sun"), F.to_utc_timestamp("ts", "Asia/Tokyo"), F.from_utc_timestamp("ts", "Europe/Warsaw"), F.timestamp_seconds("id"), F.unix_date(F.to_date("d")), F.unix_seconds(F.to_timestamp("ts")), F.date_from_unix_date("id"), F.date_part(F.lit("MONTH"), "d"), F.extract(F.lit("DAY"), "d"), F.make_timestamp(F.lit(2024), F.lit(1), "id", F.lit(10), F.lit(0), F.lit(1.5))).show(20, false),
  "fn.sc.api.nulls": ({ t }) => t.select(F.isnull("s"), F.isnan("x"), F.nanvl("x", F.expr("0D")), F.equal_null("s", F.lit("x")), F.bitwise_not("id"), F.col("id").bitwiseAND(6), F.col("id").bitwiseOR(8), F.col("id").bitwiseXOR(3), F.char(F.lit(66)), F.width_bucket("x", F.lit(0), F.lit(5), F.lit(10)), F.try_add("id", F.lit(1)), F.try_subtract("id", F.lit(1)), F.try_multiply("id", F.lit(3))).show(20, false),
};

/** Cases Iskra does not reproduce yet, each with the reason; each must still differ. */
const KNOWN_DIFFERENCES: Record<string, string> = {
};

replayFunctionFamily("spark-golden-functions-scalar.json", PROGRAMS, KNOWN_DIFFERENCES);
