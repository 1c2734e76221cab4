/**
 * Spark's own outputs for array_append, array_prepend, array_compact, array_repeat
 * (src/functions/collections.ts) and regexp_extract_all, regexp_substr, url_encode, url_decode,
 * parse_url (src/functions/text.ts), captured from PySpark 3.5 by
 * scripts/spark-oracle/golden_functions_collections.py and replayed byte for byte.
 */
import * as F from "../src/index";
import { Frames, replayFunctionFamily } from "./support/function-frames";

const PROGRAMS: Record<string, (f: Frames) => unknown> = {
  "fn.coll.api": ({ t }) => t.select(F.array_append("arr", F.lit(9)), F.array_prepend("arr", F.col("id")), F.array_compact("arr"), F.array_repeat("s", 2), F.regexp_extract_all("s", F.lit("(o)(.)"), 2), F.regexp_substr("s", F.lit("l+")), F.url_encode("s"), F.url_decode(F.lit("%41+b")), F.parse_url(F.lit("http://h.io/x?k=v"), F.lit("QUERY"), F.lit("k"))).show(20, false),
};

/** Cases Iskra does not reproduce yet, each with the reason; each must still differ. */
const KNOWN_DIFFERENCES: Record<string, string> = {};

replayFunctionFamily("spark-golden-functions-collections.json", PROGRAMS, KNOWN_DIFFERENCES);
