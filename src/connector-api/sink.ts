import type { StructTypeClass } from "../types/data-types";
import type { CaseInsensitiveMap } from "./options";
import type { InternalRow } from "./source";

/**
 * A micro-batch sink (Spark's Sink.addBatch).
 *
 * Contract:
 * - `addBatch(batchId, schema, rows)` receives the output of one micro-batch for the query's
 *   output mode (complete: the whole result table; update: changed rows; append: new rows).
 * - The engine writes commits/N only after the returned promise resolves; a rejection fails the
 *   query and batch N is run again, with the same rows, after a restart. So a sink should be
 *   idempotent per batchId where it can be.
 * - `stop()` releases resources; safe to call twice.
 */
export interface Sink {
  /** Progress JSON "sink.description", e.g. `ForeachBatchSink`, `MemorySink`. */
  readonly description: string;
  addBatch(batchId: number, schema: StructTypeClass, rows: InternalRow[], outputMode: OutputMode): Promise<void>;
  stop?(): Promise<void>;
}

export type OutputMode = "append" | "complete" | "update";

/** What the engine gives a sink factory. */
export interface SinkContext {
  /** queryName(…), when given. */
  queryName?: string;
  outputMode: OutputMode;
  /** Where the sink prints (the session's printer; the shell prints above the prompt). */
  print: (text: string) => void;
  /** The query's session zone and SQL conf (the file sink formats timestamps in that zone). */
  timeZone?: string;
  conf?: (key: string) => string | undefined;
  /** `partitionBy(…)` of the writer. */
  partitionBy?: readonly string[];
}

/** Creates a Sink from writer options; registered per format name in sinks/registry. */
export type SinkFactory = (options: CaseInsensitiveMap, ctx: SinkContext) => Sink;
