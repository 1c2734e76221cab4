/**
 * A versioned key-value store holding one stateful operator's state (Spark's StateStore).
 *
 * Contract:
 * - Keys are strings (the engine encodes grouping keys), values are JSON-serialisable.
 * - Version v is the state after batch v-1 committed (Spark: version = batchId + 1); version 0 is empty.
 * - `load(version)` rebuilds the state as of a committed version from disk (snapshot + deltas).
 * - `get/put/remove/entries` act on the working copy of the loaded version.
 * - `commit()` durably and atomically writes version+1 (a delta of the changes, a snapshot every
 *   few versions) and returns the new version. Nothing is visible on disk before it resolves.
 * - `abort()` drops uncommitted changes (the working copy returns to the loaded version).
 */
export interface StateStore {
  readonly version: number;
  load(version: number): Promise<void>;
  get(key: string): unknown;
  put(key: string, value: unknown): void;
  remove(key: string): void;
  entries(): IterableIterator<[string, unknown]>;
  readonly size: number;
  /** Rows updated and removed since load, for progress' stateOperators. */
  readonly numUpdated: number;
  readonly numRemoved: number;
  commit(): Promise<number>;
  abort(): void;
  /** Approximate memory used, for progress' memoryUsedBytes. */
  memoryUsedBytes(): number;
}
