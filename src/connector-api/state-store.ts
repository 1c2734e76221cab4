/**
 * A versioned key-value store holding one stateful operator's state (Spark's StateStore).
 *
 * Contract:
 * - Keys are strings (the engine encodes grouping keys), values are JSON-serialisable (or made
 *   so by the codec given to `load`).
 * - One copy: values are held by reference, not copied; a value put is encoded when the version
 *   is committed, so a caller may keep changing a value it put (or got) in place and put it again
 *   before commit to mark it changed.
 * - Version v is the state after batch v-1 committed (Spark: version = batchId + 1); version 0 is empty.
 * - `load(version, codec?)` rebuilds the state as of a committed version from disk (snapshot +
 *   deltas), reviving each stored value with the codec; the codec also persists values at commit.
 * - `get/put/remove/entries` act on the working copy of the loaded version.
 * - `commit()` durably and atomically writes version+1 (a delta of the changes, a snapshot every
 *   few versions) and returns the new version. Nothing is visible on disk before it resolves.
 * - `abort()` drops uncommitted changes; the next `load` re-reads the version from disk (values
 *   changed in place during the aborted batch are not trusted).
 */
export interface StateStore {
  readonly version: number;
  load(version: number, codec?: StateValueCodec): Promise<void>;
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

/** How an operator's live state values are written to and read from state files. */
export interface StateValueCodec {
  /** The JSON-serialisable form of a live value (what the files hold). */
  persist(live: unknown): unknown;
  /** The live value of what `persist` returned (read back from a file). */
  revive(stored: unknown): unknown;
}
