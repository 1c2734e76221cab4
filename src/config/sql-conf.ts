/**
 * The configuration keys Iskra obeys, in one table: each with Spark's default (as text, the way
 * `spark.conf.get` and offsets/N show it), its parser, whether a new session lists it
 * (`preset`: PySpark's getAll shows it) and whether the offset log records it
 * (OffsetSeqMetadata.relevantSQLConfs: written into every offsets/N and re-applied on restart).
 * Read a value with `confValue(ENTRY, conf)`: the parsed value, or the default when the key is
 * unset or its text does not parse. Defaults are written here only.
 */

/** This machine's zone: the default of spark.sql.session.timeZone. */
export const DEFAULT_TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

export interface ConfEntry<T> {
  readonly key: string;
  readonly defaultText: string;
  /** The value of a text, or undefined when it is not one (the default applies). */
  readonly parse: (text: string) => T | undefined;
  readonly preset?: boolean;
  readonly offsetLog?: boolean;
}

/** Anything conf-like: a session's RuntimeConfig, a query's conf record. */
export type ConfSource = { get(key: string): string | undefined } | Readonly<Record<string, string | undefined>>;

const positiveInt = (t: string): number | undefined => { const n = Number(t); return Number.isInteger(n) && n > 0 ? n : undefined; };
const nonNegative = (t: string): number | undefined => { const n = Number(t); return Number.isFinite(n) && n >= 0 ? n : undefined; };
const int = (t: string): number | undefined => { const n = Number(t); return Number.isInteger(n) ? n : undefined; };
const bool = (t: string): boolean | undefined => { const l = t.trim().toLowerCase(); return l === "true" ? true : l === "false" ? false : undefined; };
const text = (t: string): string => t;

const entry = <T>(key: string, defaultText: string, parse: (text: string) => T | undefined, flags: { preset?: boolean; offsetLog?: boolean } = {}): ConfEntry<T> =>
  Object.freeze({ key, defaultText, parse, ...flags });

// What offsets/N records besides the shuffle partitions, in the order a Spark 3.5.9 checkpoint
// shows them (checked against PySpark); Iskra writes and restores them, its state format is fixed.
const RECORDED = [
  entry("spark.sql.streaming.stateStore.providerClass", "org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider", text, { offsetLog: true }),
  entry("spark.sql.streaming.join.stateFormatVersion", "2", text, { offsetLog: true }),
  entry("spark.sql.streaming.stateStore.compression.codec", "lz4", text, { offsetLog: true }),
  entry("spark.sql.optimizer.pruneFiltersCanPruneStreamingSubplan", "false", text, { offsetLog: true }),
  entry("spark.sql.streaming.stateStore.rocksdb.formatVersion", "5", text, { offsetLog: true }),
  entry("spark.sql.streaming.statefulOperator.useStrictDistribution", "true", text, { offsetLog: true }),
  entry("spark.sql.streaming.flatMapGroupsWithState.stateFormatVersion", "2", text, { offsetLog: true }),
  entry("spark.sql.streaming.multipleWatermarkPolicy", "min", text, { offsetLog: true }),
  entry("spark.sql.streaming.aggregation.stateFormatVersion", "2", text, { offsetLog: true }),
];

/** GROUP BY's output partitions (and so its row order); recorded, so a restart keeps the state's partitioning. */
export const SHUFFLE_PARTITIONS = entry("spark.sql.shuffle.partitions", "200", positiveInt, { preset: true, offsetLog: true });
/** Listed by a new session as PySpark's; Iskra runs without ANSI mode only. */
const ANSI_ENABLED = entry("spark.sql.ansi.enabled", "false", bool, { preset: true });
/** How many progress updates `recentProgress` keeps. */
export const NUM_RECENT_PROGRESS_UPDATES = entry("spark.sql.streaming.numRecentProgressUpdates", "100", nonNegative, { preset: true });
/** Batches whose logs and state versions stay on disk (purge). */
export const MIN_BATCHES_TO_RETAIN = entry("spark.sql.streaming.minBatchesToRetain", "100", positiveInt, { preset: true });
/** The zone timestamps are parsed, named and shown in. Validated by the session (RuntimeConfig.set). */
export const SESSION_TIME_ZONE = entry("spark.sql.session.timeZone", DEFAULT_TIME_ZONE, text, { preset: true });
/** State store deltas between snapshots. */
export const MIN_DELTAS_FOR_SNAPSHOT = entry("spark.sql.streaming.stateStore.minDeltasForSnapshot", "10", positiveInt);
/** A start with the id of an active query stops that one first (else Spark's error). */
export const STOP_ACTIVE_RUN_ON_RESTART = entry("spark.sql.streaming.stopActiveRunOnRestart", "true", (t) => t.toLowerCase() === "true");
/** pivot() without values: more distinct values than this is an error. */
export const PIVOT_MAX_VALUES = entry("spark.sql.pivotMaxValues", "10000", int);
export const UI_ENABLED = entry("spark.ui.enabled", "true", (t) => t !== "false");
export const UI_PORT = entry("spark.ui.port", "4040", nonNegative);
export const PORT_MAX_RETRIES = entry("spark.port.maxRetries", "16", nonNegative);
export const UI_RETAINED_QUERIES = entry("spark.sql.streaming.ui.retainedQueries", "100", nonNegative);
export const UI_RETAINED_PROGRESS_UPDATES = entry("spark.sql.streaming.ui.retainedProgressUpdates", "100", nonNegative);
export const APP_NAME = entry("spark.app.name", "iskra", text);
export const MASTER = entry("spark.master", "local[2]", text);

/** Every key Iskra obeys. */
export const CONF_ENTRIES: readonly ConfEntry<unknown>[] = Object.freeze([
  ...RECORDED, SHUFFLE_PARTITIONS, ANSI_ENABLED, NUM_RECENT_PROGRESS_UPDATES, MIN_BATCHES_TO_RETAIN, SESSION_TIME_ZONE,
  MIN_DELTAS_FOR_SNAPSHOT, STOP_ACTIVE_RUN_ON_RESTART, PIVOT_MAX_VALUES,
  UI_ENABLED, UI_PORT, PORT_MAX_RETRIES, UI_RETAINED_QUERIES, UI_RETAINED_PROGRESS_UPDATES, APP_NAME, MASTER,
]);

/** The parsed default of an entry. */
export function confDefault<T>(e: ConfEntry<T>): T {
  return e.parse(e.defaultText) as T;
}

/** The value of `e` in `conf`: parsed, or the default when unset or not parsable. */
export function confValue<T>(e: ConfEntry<T>, conf: ConfSource): T {
  const raw = typeof conf.get === "function" ? (conf as { get(key: string): string | undefined }).get(e.key) : (conf as Record<string, string | undefined>)[e.key];
  const v = raw === undefined ? undefined : e.parse(String(raw));
  return v === undefined ? confDefault(e) : v;
}

/** What a new session's conf holds (key → default text), in the table's order. */
export const PRESET_CONF: ReadonlyArray<readonly [string, string]> = CONF_ENTRIES.filter((e) => e.preset).map((e) => [e.key, e.defaultText] as const);

/** What offsets/N records by default, in Spark 3.5.9's order. */
export const OFFSET_LOG_DEFAULTS: Readonly<Record<string, string>> = Object.freeze(Object.fromEntries(CONF_ENTRIES.filter((e) => e.offsetLog).map((e) => [e.key, e.defaultText])));

/**
 * Spark 3.5's static SQL confs (StaticSQLConf): fixed when the session starts, so `SET`/`RESET`
 * of one through spark.sql is refused.
 */
export const STATIC_SQL_CONF_KEYS: ReadonlySet<string> = new Set([
  "spark.sql.warehouse.dir", "spark.sql.catalogImplementation", "spark.sql.globalTempDatabase",
  "spark.sql.extensions", "spark.sql.queryExecutionListeners", "spark.sql.streaming.streamingQueryListeners",
  "spark.sql.ui.retainedExecutions", "spark.sql.event.truncate.length", "spark.sql.sources.schemaStringLengthThreshold",
  "spark.sql.streaming.ui.enabled", "spark.sql.streaming.ui.retainedQueries", "spark.sql.streaming.ui.retainedProgressUpdates",
  "spark.sql.cache.serializer", "spark.sql.legacy.sessionInitWithConfigDefaults", "spark.sql.hive.thriftServer.singleSession",
  "spark.sql.broadcastExchange.maxThreadThreshold", "spark.sql.subquery.maxThreadThreshold", "spark.sql.metadataCacheTTLSeconds",
]);
