#!/usr/bin/env python3
"""Spark oracle: the session's functions of Spark 3.5 (current_user, user, version, uuid) and array_agg.

Cases over golden_functions.py's FN_PRELUDE frames (t, p, q); writes
test/fixtures/spark-golden-functions-misc.json, replayed by test/spark-golden-functions-misc.test.ts.
The user's name and uuid()'s values differ run to run, so the cases pin their type, nullability,
column name and shape, not their values.

Run:  python3 scripts/spark-oracle/golden_functions_misc.py [id-prefix ...]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from golden_functions import case, exprs, family_main  # noqa: E402,F401

UUID_RE = "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"


def register():
    exprs("fn.misc.user", "current_user() = user()", "substr(user(), 0, 0)", "typeof(current_user())", "length(user()) > 0", "current_user() IS NULL")
    exprs("fn.misc.version", "version()", "typeof(version())")
    exprs("fn.misc.uuid", "length(uuid())", "uuid() rlike '%s'" % UUID_RE, "uuid() = uuid()", "typeof(uuid())", "uuid() IS NULL")
    exprs("fn.misc.err.uuid_args", "uuid(1, 2)")
    exprs("fn.misc.array_agg", "array_agg(id)", "array_agg(s)", "array_agg(DISTINCT arr)")
    case("fn.misc.api", "t.select(F.current_user() == F.user(), F.version()).show(truncate=False)\n"
         "t.select(F.array_agg('s')).show(truncate=False)\n"
         "t.select(F.current_user(), F.user(), F.version()).printSchema()\n")


if __name__ == "__main__":
    family_main("misc", register)
