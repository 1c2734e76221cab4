/**
 * Which streaming query and micro-batch a foreachBatch frame belongs to. The foreachBatch sink
 * tags each batch DataFrame it hands to the user's function; helpers such as `exactlyOnce` read
 * the tag so the learner need not pass the query id around. Untagged frames have no context.
 */
import type { DataFrame } from "./dataframe";

export interface BatchContext {
  /** The query's id: stable across restarts on the same checkpoint (metadata's "id"). */
  readonly queryId: string;
  readonly batchId: number;
}

const contexts = new WeakMap<DataFrame, BatchContext>();

export function tagBatchFrame<T extends DataFrame>(df: T, ctx: BatchContext): T {
  contexts.set(df, ctx);
  return df;
}

export function batchContextOf(df: DataFrame): BatchContext | undefined {
  return contexts.get(df);
}
