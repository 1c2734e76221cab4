/**
 * A query's checkpoint directory (Spark 3.x layout):
 *
 *     <checkpointLocation>/
 *       metadata          {"id":"<query uuid>"}                 written once, read on restart
 *       offsets/0 1 …     write-ahead log (offset-log.ts)       written before a batch runs
 *       commits/0 1 …     completed batches (commit-log.ts)     written after the sink finished
 *       sources/<i>/…     per-source files (e.g. the rate source's start time, seen files)
 *       state/<op>/<p>/   state store versions (state/hdfs-state-store.ts)
 *
 * `Checkpoint.open` is synchronous because `writeStream.start()` must return a query whose `id`
 * (from `metadata`) is already known. `recover()` applies Spark's populateStartOffsets rules.
 * Queries writing to console / memory / foreachBatch without a checkpointLocation use
 * `Checkpoint.createTemporary()`: `<os.tmpdir()>/temporary-<uuid>`, removed on a clean stop
 * (`deleteIfTemporary`) and, failing that, when the process exits.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { randomUUID } from "node:crypto";
import { IskraError } from "../../errors";
import { CommitLog } from "./commit-log";
import { readOrCreateStreamMetadata } from "./metadata-log";
import { OffsetLog, type OffsetSeq, type OffsetSeqMetadata } from "./offset-log";
import { MIN_BATCHES_TO_RETAIN, confDefault } from "../../config/sql-conf";

const DEFAULT_MIN_BATCHES_TO_RETAIN = confDefault(MIN_BATCHES_TO_RETAIN);

/**
 * What a (re)started query does first, decided from offsets/ and commits/:
 * - "new": no offsets yet; run batch 0 from the sources' initial offsets.
 * - "resume": last offsets batch N is committed; run N+1 starting from offsets/N.
 * - "rerun": offsets/N has no commit; run batch N again, from offsets/N-1 (or the initial
 *   offsets when N = 0) to exactly the offsets recorded in offsets/N, with its recorded metadata.
 */
export interface RecoveryDecision {
  kind: "new" | "resume" | "rerun";
  /** The id of the batch to run next (for "rerun", the batch being re-run). */
  nextBatchId: number;
  /** Newest batch in offsets/, -1 when empty. */
  latestOffsetsBatchId: number;
  /** Newest batch in commits/, -1 when empty. */
  latestCommitBatchId: number;
  /**
   * Where the next batch starts (exclusive), per source: offsets/N for "resume", offsets/N-1 for
   * "rerun" of N > 0; undefined when the next batch starts from the sources' initial offsets.
   */
  startOffsets?: OffsetSeq;
  /** "rerun" only: offsets/N, the end offsets and metadata batch N must be re-run with. */
  rerunOffsets?: OffsetSeq;
  /** The event-time watermark to continue with (ms). */
  watermarkMs: number;
  /**
   * The watermark the batch before the next one ran with (ms; offsets/N-1's for a re-run of N,
   * offsets/N's when resuming at N+1): the next batch drops late rows with it (Spark 3.5's
   * eventTimeWatermarkForLateEvents).
   */
  previousBatchWatermarkMs: number;
  /** Confs recorded in the latest offsets file, to re-apply to the session (empty for "new"). */
  conf: Record<string, string>;
  /** One sentence for the log, e.g. "Resuming at batch 4 …". */
  description: string;
  /** Set when the logs are not in the expected shape but recovery can go on (Spark logs a warning). */
  warning?: string;
}

const liveTemporaryDirs = new Set<string>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const dir of liveTemporaryDirs) {
      try {
        fs.rmSync(dir, { recursive: true, force: true });
      } catch {
        // best effort while exiting
      }
    }
  });
}

export interface OpenCheckpointOptions {
  /** For tests: the id a brand-new checkpoint gets. */
  newQueryId?: () => string;
}

export class Checkpoint {
  readonly dir: string;
  /** The persistent query id from `metadata`. */
  readonly queryId: string;
  /** True when this open wrote `metadata` (the checkpoint was new). */
  readonly created: boolean;
  readonly isTemporary: boolean;
  readonly offsets: OffsetLog;
  readonly commits: CommitLog;
  private deleted = false;

  private constructor(dir: string, isTemporary: boolean, options: OpenCheckpointOptions) {
    this.dir = dir;
    this.isTemporary = isTemporary;
    fs.mkdirSync(dir, { recursive: true });
    const { metadata, created } = readOrCreateStreamMetadata(this.metadataPath, options.newQueryId);
    this.queryId = metadata.id;
    this.created = created;
    this.offsets = new OffsetLog(path.join(dir, "offsets"));
    this.commits = new CommitLog(path.join(dir, "commits"));
  }

  /**
   * Opens (creating when missing) the checkpoint at `location`: creates the directory, `offsets/`
   * and `commits/`, and reads or writes `metadata`. Synchronous.
   */
  static open(location: string, options: OpenCheckpointOptions = {}): Checkpoint {
    if (typeof location !== "string" || location.trim() === "")
      throw new IskraError("checkpointLocation must be a non-empty path");
    const dir = path.resolve(location.startsWith("file:") ? fileUrlToPath(location) : location);
    if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory())
      throw new IskraError(`Checkpoint location ${dir} exists and is not a directory`);
    return new Checkpoint(dir, false, options);
  }

  /** A throw-away checkpoint under the OS temp dir (`temporary-<uuid>`), for one-time queries. */
  static createTemporary(options: OpenCheckpointOptions = {}): Checkpoint {
    const dir = path.join(fs.realpathSync(os.tmpdir()), `temporary-${randomUUID()}`);
    fs.mkdirSync(dir, { recursive: false });
    installExitHook();
    liveTemporaryDirs.add(dir);
    return new Checkpoint(dir, true, options);
  }

  get metadataPath(): string {
    return path.join(this.dir, "metadata");
  }
  /** `<checkpoint>/sources/<i>` (created on demand by the source that uses it). */
  sourceDir(sourceIndex: number): string {
    return path.join(this.dir, "sources", String(sourceIndex));
  }
  /** `<checkpoint>/state`, the root the state stores live under. */
  stateDir(): string {
    return path.join(this.dir, "state");
  }

  /** True when offsets/ holds at least one batch (e.g. for "does not support recovering" checks). */
  hasOffsets(): boolean {
    return this.offsets.listBatchIds().length > 0;
  }

  /** Spark's populateStartOffsets decision (see RecoveryDecision). */
  async recover(): Promise<RecoveryDecision> {
    const latest = await this.offsets.getLatest();
    const latestCommit = await this.commits.getLatest();
    const previous = latest && latest.batchId > 0 ? await this.offsets.get(latest.batchId - 1) : undefined;
    return decideRecovery(latest, latestCommit, previous, this.offsets.dir);
  }

  recoverSync(): RecoveryDecision {
    const latest = this.offsets.getLatestSync();
    const latestCommit = this.commits.getLatestSync();
    const previous = latest && latest.batchId > 0 ? this.offsets.getSync(latest.batchId - 1) : undefined;
    return decideRecovery(latest, latestCommit, previous, this.offsets.dir);
  }

  /**
   * Spark's log purge, done when batch `currentBatchId` starts: when more than
   * `minBatchesToRetain` batches exist, entries below `currentBatchId - minBatchesToRetain` go.
   */
  async purge(currentBatchId: number, minBatchesToRetain = DEFAULT_MIN_BATCHES_TO_RETAIN): Promise<void> {
    if (minBatchesToRetain < currentBatchId) {
      const threshold = currentBatchId - minBatchesToRetain;
      await this.offsets.purge(threshold);
      await this.commits.purge(threshold);
    }
  }

  /** Removes a temporary checkpoint (Spark deletes it when the query stops without an error). */
  deleteIfTemporary(): boolean {
    if (!this.isTemporary || this.deleted) return false;
    fs.rmSync(this.dir, { recursive: true, force: true });
    liveTemporaryDirs.delete(this.dir);
    this.deleted = true;
    return true;
  }
}

function fileUrlToPath(location: string): string {
  // "file:/tmp/x" (Hadoop style) and "file:///tmp/x" both mean /tmp/x.
  return decodeURIComponent(location.replace(/^file:(\/\/)?/, "")) || "/";
}

function decideRecovery(
  latest: { batchId: number; entry: OffsetSeq } | undefined,
  latestCommit: { batchId: number; entry: { nextBatchWatermarkMs: number } } | undefined,
  previous: OffsetSeq | undefined,
  offsetsDir: string,
): RecoveryDecision {
  const latestCommitBatchId = latestCommit ? latestCommit.batchId : -1;
  if (!latest) {
    return {
      kind: "new",
      nextBatchId: 0,
      latestOffsetsBatchId: -1,
      latestCommitBatchId,
      watermarkMs: 0,
      previousBatchWatermarkMs: 0,
      conf: {},
      description: "Starting new streaming query.",
      ...(latestCommit ? { warning: `The commit log has batch ${latestCommitBatchId} but the offset log is empty; starting from batch 0.` } : {}),
    };
  }
  const n = latest.batchId;
  const md: OffsetSeqMetadata | undefined = latest.entry.metadata;
  const conf = md ? { ...md.conf } : {};
  if (latestCommit && latestCommitBatchId === n) {
    return {
      kind: "resume",
      nextBatchId: n + 1,
      latestOffsetsBatchId: n,
      latestCommitBatchId,
      startOffsets: latest.entry,
      watermarkMs: Math.max(md?.batchWatermarkMs ?? 0, latestCommit.entry.nextBatchWatermarkMs),
      previousBatchWatermarkMs: md?.batchWatermarkMs ?? 0,
      conf,
      description: `Resuming at batch ${n + 1} with committed offsets ${describeOffsets(latest.entry)}.`,
    };
  }
  if (n > 0 && previous === undefined)
    throw new IskraError(`batch ${n - 1} doesn't exist (offset log ${offsetsDir} has batch ${n} but not the one before it)`);
  let warning: string | undefined;
  if (latestCommit && latestCommitBatchId !== n - 1)
    warning = `Batch completion log latest batch id is ${latestCommitBatchId}, which is not trailing batchid ${n} by one`;
  return {
    kind: "rerun",
    nextBatchId: n,
    latestOffsetsBatchId: n,
    latestCommitBatchId,
    ...(previous ? { startOffsets: previous } : {}),
    rerunOffsets: latest.entry,
    watermarkMs: md?.batchWatermarkMs ?? 0,
    previousBatchWatermarkMs: previous?.metadata?.batchWatermarkMs ?? 0,
    conf,
    description: `Batch ${n} was planned but not committed; running it again with offsets ${describeOffsets(latest.entry)}.`,
    ...(warning ? { warning } : {}),
  };
}

function describeOffsets(seq: OffsetSeq): string {
  return `[${seq.offsets.map((o) => (o === null || o === undefined ? "-" : JSON.stringify(o))).join(", ")}]`;
}
