/**
 * Spark's `SET` and `RESET` commands through spark.sql: `SET` lists the session's confs, `SET key`
 * shows one (`<undefined>` when unset), `SET key=value` sets it (key and value trimmed, as Spark's
 * parser splits at the first `=`), `RESET key` restores one, `RESET` restores every SQL conf. Each
 * returns Spark's frame: (key, value) strings, or no columns for RESET. Static SQL confs are refused.
 */
import { IllegalArgumentException, cannotModifyStaticConf, invalidTimeZoneConf } from "../errors";
import { parseError } from "../expr/sql-parser";
import { CONF_ENTRIES, MIN_BATCHES_TO_RETAIN, MIN_DELTAS_FOR_SNAPSHOT, NUM_RECENT_PROGRESS_UPDATES, PIVOT_MAX_VALUES, SHUFFLE_PARTITIONS, STATIC_SQL_CONF_KEYS } from "../config/sql-conf";
import { STRING, StructFieldClass, StructTypeClass } from "../types/data-types";
import { checkTimeZone } from "../values/timestamps";
import type { DataFrame } from "./dataframe";
import type { SparkSession } from "./session";

const SET = /^\s*SET\b(.*)$/is;
/** Spark's SparkSqlParser: `SET key` and `SET key=value` (trailing semicolons dropped from the value). */
const KEY = /^[a-zA-Z_\d.:]+$/;
const KEY_EQ_VALUE = /^([a-zA-Z_\d.:]+)\s*=([^;]*);*$/s;
/** The int-typed confs Iskra obeys: Spark's converter refuses other text. */
const INT_CONF_KEYS: ReadonlySet<string> = new Set([SHUFFLE_PARTITIONS, NUM_RECENT_PROGRESS_UPDATES, MIN_BATCHES_TO_RETAIN, MIN_DELTAS_FOR_SNAPSHOT, PIVOT_MAX_VALUES].map((e) => e.key));
const RESET = /^\s*RESET\b(.*?)[\s;]*$/is;
const KEY_VALUE = new StructTypeClass([new StructFieldClass("key", STRING, false), new StructFieldClass("value", STRING, false)]);

/** A conf's value as `SET key` shows it: the session's, else the entry's default, else `<undefined>`. */
function shown(session: SparkSession, key: string): string {
  return session.conf.get(key) ?? CONF_ENTRIES.find((e) => e.key === key)?.defaultText ?? "<undefined>";
}

/** Runs `text` when it is a SET or RESET command; undefined otherwise. */
export function runSetStatement(session: SparkSession, text: string): DataFrame | undefined {
  let m: RegExpExecArray | null;
  if ((m = SET.exec(text))) {
    const rest = m[1].trim();
    if (rest === "") {
      const all = Object.entries(session.conf.getAll()).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return session.fromInternal(KEY_VALUE, all);
    }
    if (KEY.test(rest)) return session.fromInternal(KEY_VALUE, [[rest, shown(session, rest)]]);
    const kv = KEY_EQ_VALUE.exec(rest);
    if (!kv) throw parseError(text, text.search(/\S/), "Expected format is 'SET', 'SET key', or 'SET key=value'. If you want to include special characters in key, or include semicolon in value, please use backquotes, e.g., SET `key`=`value`.", "INVALID_SET_SYNTAX");
    const key = kv[1];
    const value = kv[2].trim();
    if (STATIC_SQL_CONF_KEYS.has(key)) throw cannotModifyStaticConf(key);
    if (key === "spark.sql.session.timeZone") {
      try { checkTimeZone(value); } catch { throw invalidTimeZoneConf(value); }
    }
    if (INT_CONF_KEYS.has(key) && !/^[+-]?\d+$/.test(value)) throw new IllegalArgumentException(`${key} should be int, but was ${value}`);
    session.conf.set(key, value);
    return session.fromInternal(KEY_VALUE, [[key, value]]);
  }
  if ((m = RESET.exec(text))) {
    const key = m[1].trim();
    if (STATIC_SQL_CONF_KEYS.has(key)) throw cannotModifyStaticConf(key);
    // RESET alone restores the SQL confs; the core ones (spark.master, spark.app.name, …) stay.
    const keys = key !== "" ? [key] : Object.keys(session.conf.getAll()).filter((k) => k.startsWith("spark.sql.") || !k.startsWith("spark."));
    for (const k of keys) session.conf.unset(k);
    return session.fromInternal(new StructTypeClass([]), []);
  }
  return undefined;
}
