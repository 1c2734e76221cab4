/**
 * Spark's own outputs for current_user, user, version and uuid (src/functions/misc.ts) and
 * array_agg (collect_list under its own name), captured from PySpark 3.5 by
 * scripts/spark-oracle/golden_functions_misc.py and replayed byte for byte (values that differ
 * run to run are pinned by their type, nullability, column name and shape).
 */
import * as F from "../src/index";
import { Frames, replayFunctionFamily } from "./support/function-frames";

const PROGRAMS: Record<string, (f: Frames) => unknown> = {
  "fn.misc.api": async ({ t }) => {
    await t.select(F.current_user().equalTo(F.user()), F.version()).show(20, false);
    await t.select(F.array_agg("s")).show(20, false);
    await t.select(F.current_user(), F.user(), F.version()).printSchema();
  },
};

/** Cases Iskra does not reproduce yet, each with the reason; each must still differ. */
const KNOWN_DIFFERENCES: Record<string, string> = {};

replayFunctionFamily("spark-golden-functions-misc.json", PROGRAMS, KNOWN_DIFFERENCES);
