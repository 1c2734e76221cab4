import type { StructTypeClass } from "../types/data-types";

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
 * - `latestOffset()` is the end of what is available now. It must not go backwards.
 * - `getBatch(start, end)` returns exactly the rows in (start, end]. For a recoverable source the
 *   same range gives the same rows after a restart (this is how an uncommitted batch is re-run).
 * - `commit(end)` says data up to `end` is committed and will not be asked for again.
 * - `stop()` releases everything; it is safe to call twice.
 * - `equalOffsets(a, b)` decides whether there is new data (default: JSON text equality).
 */
export interface Source {
  readonly schema: StructTypeClass;
  /** Progress JSON "description", e.g. `TextSocketV2[host: localhost, port: 9876]`. */
  readonly description: string;
  start(): Promise<void>;
  initialOffset(): Promise<Offset>;
  latestOffset(): Promise<Offset>;
  getBatch(start: Offset, end: Offset): Promise<InternalRow[]>;
  commit(end: Offset): Promise<void>;
  stop(): Promise<void>;
}

/** Creates a Source from reader options; registered per format name in sources/registry. */
export type SourceFactory = (options: ReadonlyMap<string, string>, userSchema: StructTypeClass | undefined) => Source;
