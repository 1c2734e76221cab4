/**
 * DataStreamWriter: `df.writeStream.outputMode(...).format(...).option(...).trigger(...).start()`.
 * `start()` returns the StreamingQuery synchronously and throws Spark's analysis errors
 * synchronously; the query then runs in the background.
 */
import * as path from "node:path";
import { checkStreamingQuery } from "../analysis/unsupported-operations";
import { AnalysisException, IllegalArgumentException, Py4JJavaError, PySparkValueError, UnsupportedOperationException, dataSourceNotFound } from "../errors";
import { ForeachBatchSink } from "../sinks/foreach-batch-sink";
import { ForeachSink, ForeachWriter } from "../sinks/foreach-sink";
import { MemorySink } from "../sinks/memory-sink";
import { getSinkFactory, sinkFormats } from "../sinks/registry";
import type { OutputMode, Sink } from "../connector-api/sink";
import { CaseInsensitiveMap } from "../connector-api/options";
import { NUM_RECENT_PROGRESS_UPDATES, STOP_ACTIVE_RUN_ON_RESTART, confValue } from "../config/sql-conf";
import { StreamingQuery } from "../streaming/streaming-query";
import type { Clock } from "../streaming/clock";
import { Trigger, TriggerOptions, parseTrigger } from "../streaming/trigger";
import { Row } from "../types/row";
import { tagBatchFrame } from "./batch-context";
import type { DataFrame } from "./dataframe";
import { toExternalRows } from "./external";
import { explainPlan } from "./explain";
import { optionTypos } from "./option-typos";

const FILE_FORMATS = new Set(["parquet", "json", "csv", "text", "orc", "avro"]);
/** Data sources Spark knows that cannot take a stream ("does not support streamed writing"). */
const BATCH_ONLY = new Set(["jdbc", "socket", "rate", "rate-micro-batch", "libsvm", "binaryfile", "image", "hive", ...FILE_FORMATS]);

function checkpointRequired(): AnalysisException {
  return new AnalysisException(
    `checkpointLocation must be specified either through option("checkpointLocation", ...) or SparkSession.conf.set("spark.sql.streaming.checkpointLocation", ...).`,
    "_LEGACY_ERROR_TEMP_1155",
  );
}

/** Sinks that may run without a checkpointLocation (Spark uses a temporary one). */
const ONE_TIME_OK = new Set(["memory", "foreach", "foreachbatch", "console", "noop"]);


export class DataStreamWriter {
  private mode: OutputMode = "append";
  private fmt = "parquet";
  /** Options, case-insensitive (Spark's CaseInsensitiveMap), normalised here once. */
  private readonly opts = new CaseInsensitiveMap();
  private trig: Trigger = { kind: "processingTime", intervalMs: 0 };
  private name?: string;
  private batchFn?: (df: DataFrame, batchId: number) => unknown;
  private rowWriter?: ForeachWriter<Row>;
  private clock?: Clock;

  constructor(private readonly df: DataFrame) {
    if (!df.isStreaming)
      throw new AnalysisException("'writeStream' can be called only on streaming Dataset/DataFrame.", "WRITE_STREAM_NOT_ALLOWED");
  }

  outputMode(mode: string): this {
    const m = String(mode).toLowerCase();
    if (m !== "append" && m !== "complete" && m !== "update")
      throw new IllegalArgumentException(`Unknown output mode ${mode}. Accepted output modes are 'append', 'complete', 'update'`);
    this.mode = m;
    return this;
  }
  private fmtSet = false;
  format(source: string): this { this.fmt = source.toLowerCase(); this.fmtSet = true; return this; }
  option(key: string, value: string | number | boolean): this { this.opts.set(key, String(value)); return this; }
  options(o: Record<string, string | number | boolean>): this { for (const [k, v] of Object.entries(o)) this.option(k, v); return this; }
  queryName(name: string): this { this.name = name; return this; }
  private partitionCols: string[] = [];
  partitionBy(...cols: (string | readonly string[])[]): this { this.partitionCols = cols.flat(); return this; }

  /** `trigger({ processingTime: "2 seconds" })`, `trigger({ once: true })`, `trigger({ availableNow: true })`. */
  trigger(t?: TriggerOptions | string): this {
    const parsed = parseTrigger(typeof t === "string" ? { processingTime: t } : t);
    if (parsed.kind === "continuous")
      throw new UnsupportedOperationException("Continuous processing is not supported by Iskra; use processingTime, once or availableNow.");
    this.trig = parsed;
    return this;
  }

  foreachBatch(fn: (df: DataFrame, batchId: number) => unknown): this {
    // Like PySpark, only a missing function is refused here; anything else fails in the first batch.
    if (fn === null || fn === undefined) throw new PySparkValueError("foreachBatch function cannot be null");
    this.fmt = "foreachbatch";
    this.batchFn = fn;
    return this;
  }
  foreach(writer: ForeachWriter<Row>): this {
    this.fmt = "foreach";
    this.rowWriter = writer;
    return this;
  }

  /**
   * Iskra, for tests (Spark's StreamTest `triggerClock`): the query's trigger clock, e.g. a
   * ManualClock that a test advances by hand. Not PySpark API.
   */
  withTriggerClock(clock: Clock): this {
    this.clock = clock;
    return this;
  }

  /** Validates, creates the sink and starts the query; returns it at once. */
  start(path?: string): StreamingQuery {
    if (path !== undefined) this.opts.set("path", path);
    const session = this.df.sparkSession;
    let checkpointLocation = this.opts.get("checkpointlocation");
    const globalCp = session.conf.get("spark.sql.streaming.checkpointLocation");
    if (!checkpointLocation && globalCp && this.name) checkpointLocation = `${globalCp}/${this.name}`;
    // Spark's order: the file sinks check checkpointLocation, then the path; others build the sink first.
    if (FILE_FORMATS.has(this.fmt)) {
      if (!checkpointLocation) throw checkpointRequired();
      if (!this.opts.get("path")) throw new IllegalArgumentException("'path' is not specified.");
    }
    // Spark's sparkSessionForStream: the query's batches run on a clone of the session taken now.
    const querySession = session.cloneSession();
    const owner: { query?: StreamingQuery } = {};
    const sink = this.createSink(owner, querySession);
    for (const w of optionTypos("sink", this.fmt, [...this.opts.originalMap.keys()])) session.warn(w);
    checkStreamingQuery(this.df.plan, this.mode);
    if (!checkpointLocation && !ONE_TIME_OK.has(this.fmt)) throw checkpointRequired();
    if (this.name && session.streams.active.some((q) => q.name === this.name))
      throw new IllegalArgumentException(`Cannot start query with name ${this.name} as a query with that name is already active in this SparkSession`);
    // Spark's StreamingQueryManager.startQuery: a run of the same query (its checkpoint) is active.
    const previous = checkpointLocation ? session.streams.active.find((q) => sameCheckpoint((q as any).checkpointPath, checkpointLocation!)) : undefined;
    let previousStopped: Promise<void> | undefined;
    if (previous) {
      if (!confValue(STOP_ACTIVE_RUN_ON_RESTART, session.conf))
        throw new Py4JJavaError(
          "java.lang.IllegalStateException",
          `Cannot start query with id ${previous.id} as another query with same id is already active. Perhaps you are attempting to restart a query from checkpoint that is already active. You may stop the old query by setting the SQL configuration: spark.conf.set("spark.sql.streaming.stopActiveRunOnRestart", true) and retry.`,
          "start",
        );
      session.warn(`Stopping existing streaming query [id=${previous.id}, runId=${previous.runId}], as a new run is being started.`);
      previousStopped = previous.stop();
    }
    const query = new StreamingQuery({
      plan: this.df.plan,
      sink,
      outputMode: this.mode,
      trigger: this.trig,
      name: this.name,
      checkpointLocation,
      conf: querySession.conf.getAll(),
      onConfRestored: (key, value) => querySession.conf.set(key, value),
      onTerminated: (q) => session.streams.terminated(q),
      log: (level, message) => (level === "info" ? undefined : session.warn(message)),
      numRecentProgressUpdates: confValue(NUM_RECENT_PROGRESS_UPDATES, session.conf),
      explain: (plan, physical, extended) => session.print(explainPlan(plan, extended, physical) + "\n"),
      bus: session.streams.bus,
      after: previousStopped,
      clock: this.clock,
    });
    owner.query = query;
    (query as any).checkpointPath = checkpointLocation;
    session.streams.started(query, sink instanceof MemorySink ? sink : undefined);
    return session.pythonic(query, "StreamingQuery");
  }

  /** `toTable(tableName, format=None, outputMode=None, partitionBy=None, queryName=None)`: a file sink into a warehouse table (created when missing). */
  toTable(name: string, format?: string | null, outputMode?: string | null, partitionBy?: string | readonly string[] | null, queryName?: string | null): StreamingQuery {
    if (format) this.format(format);
    if (outputMode) this.outputMode(outputMode);
    if (partitionBy) this.partitionBy(...(typeof partitionBy === "string" ? [partitionBy] : partitionBy));
    if (queryName) this.queryName(queryName);
    const catalog = this.df.sparkSession.catalog;
    let meta = catalog.tableMeta(name);
    if (!meta) {
      const provider = this.fmtSet ? this.fmt : (this.df.sparkSession.conf.get("spark.sql.sources.default") ?? "parquet");
      meta = catalog.createTable(name, provider, this.df.schema, this.partitionCols, {})!;
    }
    this.fmt = meta.provider;
    this.partitionCols = meta.partitionColumns;
    for (const [k, v] of Object.entries(meta.options)) if (!this.opts.has(k)) this.opts.set(k, v);
    return this.start(meta.location);
  }

  /** `owner.query` is set once the query exists (foreachBatch tags each batch frame with its id). */
  private createSink(owner: { query?: StreamingQuery } = {}, querySession = this.df.sparkSession): Sink {
    const session = this.df.sparkSession;
    if (this.fmt === "foreachbatch")
      return new ForeachBatchSink<DataFrame>(this.batchFn!, (schema, rows, batchId) =>
        owner.query ? tagBatchFrame(querySession.fromInternal(schema, rows), { queryId: owner.query.id, batchId }) : querySession.fromInternal(schema, rows),
      );
    if (this.fmt === "foreach") return new ForeachSink<Row>(this.rowWriter!, (schema, rows) => toExternalRows(schema, rows));
    const factory = getSinkFactory(this.fmt);
    if (factory)
      return factory(new CaseInsensitiveMap(this.opts), {
        queryName: this.name, outputMode: this.mode, print: (t) => session.print(t),
        timeZone: querySession.conf.get("spark.sql.session.timeZone"), conf: (k) => querySession.conf.get(k), partitionBy: this.partitionCols,
      });
    if (!BATCH_ONLY.has(this.fmt)) throw dataSourceNotFound(this.fmt, [...sinkFormats(), "foreach", "foreachBatch", ...BATCH_ONLY]);
    throw new UnsupportedOperationException(`Data source ${this.fmt} does not support streamed writing.`, "_LEGACY_ERROR_TEMP_2049");
  }
}

/** Whether two checkpoint locations name one directory (so one query id). */
function sameCheckpoint(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const norm = (p: string) => path.resolve(p.replace(/^file:(\/\/)?/, ""));
  return norm(a) === norm(b);
}
