import type { StructTypeClass } from "../types/data-types";
import type { CaseInsensitiveMap } from "./options";

/** One row inside the engine: field values in schema order (see types/data-types.ts for value types). */
export type InternalRow = unknown[];

/**
 * A source offset: any JSON value (a number for socket/rate/memory, `{"topic":{"0":42}}` for Kafka).
 * Its JSON text is what offsets/N stores, so it must round-trip through JSON.stringify/parse.
 */
export type Offset = unknown;

/**
 * A micro-batch streaming source (Spark's Source / MicroBatchStream, reduced to what we need).
 *
 * Contract:
 * - `schema` never changes.
 * - `start()` opens connections; a failure rejects with a clear message (e.g. naming the servers).
 * - `initialOffset()` is where a brand-new query starts (before any data: `getBatch(initial, x)`
 *   returns everything up to x). Called once per new query, never on restart.
 * - `latestOffset(start, limit)` is the end of what the next batch may read: what is available
 *   now, from `start` (the last committed end; null before the first batch), no more than
 *   `limit` allows. It must not go backwards.
 * - `getBatch(start, end)` returns exactly the rows in (start, end]. For a recoverable source the
 *   same range gives the same rows after a restart (this is how an uncommitted batch is re-run).
 * - `commit(end)` says data up to `end` is committed and will not be asked for again.
 * - `stop()` releases everything; it is safe to call twice.
 * - `equalOffsets(a, b)` decides whether there is new data (default: JSON text equality).
 * - `defaultReadLimit()` is the limit the engine passes to `latestOffset` (Kafka's
 *   maxOffsetsPerTrigger); without it, or under Trigger.Once, everything available is read.
 * - `onNewData(listener)`, when a source can tell that data arrived (memory, socket), wakes the
 *   loop at once instead of at the next poll; it returns the unsubscribe function.
 * - `reportLatestOffset()` (Spark's SupportsAdmissionControl.reportLatestOffset), for a source
 *   that rate-limits: the latest offset available when `latestOffset` last ran, before its
 *   limit cut it; what the web UI shows as "available".
 */
export interface Source {
  readonly schema: StructTypeClass;
  /** Progress JSON "description", e.g. `TextSocketV2[host: localhost, port: 9876]`. */
  readonly description: string;
  start(): Promise<void>;
  initialOffset(): Promise<Offset>;
  latestOffset(start: Offset | null, limit: ReadLimit): Promise<Offset>;
  getBatch(start: Offset, end: Offset): Promise<InternalRow[]>;
  commit(end: Offset): Promise<void>;
  stop(): Promise<void>;
  equalOffsets?(a: Offset, b: Offset): boolean;
  defaultReadLimit?(): ReadLimit;
  onNewData?(listener: () => void): () => void;
  reportLatestOffset?(): Offset;
}

/** How much one batch may read (Spark's ReadLimit). */
export type ReadLimit = { kind: "allAvailable" } | { kind: "maxRows"; maxRows: number };
export const READ_ALL_AVAILABLE: ReadLimit = Object.freeze({ kind: "allAvailable" });

/** Offsets equal as the source defines it (JSON text equality by default). */
export function offsetsEqual(source: Source, a: Offset, b: Offset): boolean {
  return source.equalOffsets ? source.equalOffsets(a, b) : JSON.stringify(a) === JSON.stringify(b);
}

/** Where a source reports what Spark logs at WARN/INFO (the shell prints it above the prompt). */
export interface SourceLogger {
  warn(message: string): void;
  info?(message: string): void;
}

/**
 * What the engine gives a source factory:
 * - `logger`: receives Spark's log lines (e.g. the socket source's "should not be used for
 *   production" warning, given when the source is created, i.e. at `load()` as in Spark).
 * - `metadataDir`: `<checkpoint>/sources/<i>` when the source runs in a query (the rate source
 *   keeps its start time there, the file source its seen files, Kafka its initial offsets), so
 *   that a restart replays the same rows; absent when the source is only made at `load()` to
 *   check the options and give the schema.
 * - `defaultParallelism`: `local[N]`'s N. Socket and rate sources spread rows round-robin over
 *   that many partitions when numPartitions is not set, and return them partition by partition,
 *   as Spark's console shows them.
 * - `timeZone`, `conf`: the session's spark.sql.session.timeZone and SQL conf (the file source
 *   parses dates and timestamps in that zone).
 * - `clock`: milliseconds since the epoch (tests drive the rate source with a manual clock).
 */
export interface SourceContext {
  logger: SourceLogger;
  metadataDir?: string;
  defaultParallelism: number;
  timeZone?: string;
  conf?: (key: string) => string | undefined;
  clock?: () => number;
}

/** Creates a Source from reader options; registered per format name in sources/registry. */
export type SourceFactory = (options: CaseInsensitiveMap, userSchema: StructTypeClass | undefined, ctx: SourceContext) => Source;
