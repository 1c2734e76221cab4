/**
 * A Spark Connect session: one engine session per (user id, session id), as Spark's
 * SparkConnectSessionManager keeps them — its own conf, temporary views and streaming queries —
 * with the artifacts the client uploaded (cached local relations) and the client's Python for
 * foreachBatch workers.
 */
import { DataFrame, DataStreamWriter, IllegalArgumentException, SparkSession, StreamingQuery } from "../index";
import { toArrowIpc } from "./arrow";
import { Planner } from "./relations";
import { toProto } from "./types";

type Msg = Record<string, any>;

/**
 * Spark SQL confs the PySpark Connect client reads (with `get`, so they must exist) and their
 * Spark 3.5 defaults; the session's own values win.
 */
const SPARK_DEFAULTS: Record<string, string> = {
  "spark.sql.session.localRelationCacheThreshold": String(64 * 1024 * 1024),
  "spark.sql.timestampType": "TIMESTAMP_LTZ",
  "spark.sql.pyspark.inferNestedDictAsStruct.enabled": "false",
  "spark.sql.pyspark.legacy.inferArrayTypeFromFirstElement.enabled": "false",
  "spark.sql.execution.pythonUDF.arrow.enabled": "false",
  "spark.sql.execution.pythonUDTF.arrow.enabled": "false",
  "spark.sql.execution.pandas.structHandlingMode": "legacy",
  "spark.sql.execution.pandas.convertToArrowArraySafely": "false",
  "spark.sql.execution.arrow.pyspark.selfDestruct.enabled": "false",
  "spark.sql.repl.eagerEval.enabled": "false",
  "spark.sql.repl.eagerEval.maxNumRows": "20",
  "spark.sql.repl.eagerEval.truncate": "20",
  "spark.sql.caseSensitive": "false",
  "spark.sql.streaming.checkpointLocation": "",
};

/** Rows per ArrowBatch (Spark cuts by bytes; a fixed row count keeps each message well under the limits). */
const BATCH_ROWS = 8192;

export class ConnectSession {
  /** AddArtifacts uploads: `cache/<sha256>` holds a serialised LocalRelation. */
  readonly artifacts = new Map<string, Buffer>();
  lastUsed = Date.now();

  constructor(
    readonly sessionId: string,
    readonly userId: string,
    readonly spark: SparkSession,
    private readonly decodeRelation: (bytes: Buffer) => Msg,
    /** Wires a client's serialised foreachBatch function to a writer (python-worker.ts); returns what to do once the query started. */
    private readonly wireForeachBatch: (s: ConnectSession, w: DataStreamWriter, fn: Msg) => Promise<(q: StreamingQuery | null) => void>,
  ) {}

  /** The streaming queries this session started, stopped ones too (Spark's StreamingQueryCache): their status and exception stay answerable. */
  readonly queries = new Map<string, StreamingQuery>();

  /** DataFrames the server hands to a Python worker by id (a foreachBatch micro-batch): CachedRemoteRelation. */
  private readonly cached = new Map<string, DataFrame>();
  cacheDataFrame(id: string, df: DataFrame): void {
    this.cached.set(id, df);
  }
  uncacheDataFrame(id: string): void {
    this.cached.delete(id);
  }

  planner(): Planner {
    return new Planner(this.spark, {
      cachedRelation: (hash) => {
        const bytes = this.artifacts.get(`cache/${hash}`);
        if (!bytes) return undefined;
        const r = this.decodeRelation(bytes);
        return r.rel_type === "local_relation" ? r.local_relation : undefined;
      },
      cachedDataFrame: (id) => this.cached.get(id),
    });
  }

  foreachBatch(w: DataStreamWriter, fn: Msg): Promise<(q: StreamingQuery | null) => void> {
    return this.wireForeachBatch(this, w, fn);
  }

  // --- conf: Spark's RuntimeConfig rules -----------------------------------------------------------
  confGet(key: string, dflt?: string | null): string | undefined {
    const v = this.spark.conf.get(key);
    if (v !== undefined) return v;
    if (dflt !== undefined && dflt !== null) return dflt;
    return SPARK_DEFAULTS[key];
  }

  confGetRequired(key: string): string {
    const v = this.confGet(key);
    if (v === undefined) throw new IllegalArgumentException(`[SQL_CONF_NOT_FOUND] The SQL config "${key}" cannot be found. Please verify that the config exists.`);
    return v;
  }

  // --- results -------------------------------------------------------------------------------------
  /** A frame's rows as ExecutePlanResponse payloads: Arrow batches (at least one, for the schema), then the schema. */
  async resultBatches(df: DataFrame, rows?: unknown[][]): Promise<Msg[]> {
    const all = rows ?? ((await df.rows()) as unknown[][]);
    const tz = this.spark.timeZone;
    const out: Msg[] = [];
    for (let i = 0; i === 0 || i < all.length; i += BATCH_ROWS) {
      const chunk = all.slice(i, i + BATCH_ROWS);
      out.push({ arrow_batch: { row_count: chunk.length, data: toArrowIpc(df.schema, chunk, tz) } });
    }
    out.push({ schema: toProto(df.schema) });
    return out;
  }

  /** A frame computed now, as a LocalRelation message (a SQL command's result). */
  async localRelation(df: DataFrame): Promise<Msg> {
    const rows = (await df.rows()) as unknown[][];
    return { rel_type: "local_relation", local_relation: { data: toArrowIpc(df.schema, rows, this.spark.timeZone), schema: df.schema.json() } };
  }
}
