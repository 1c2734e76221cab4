/**
 * `<checkpoint>/commits/N` (Spark's CommitLog, v1): written after batch N's sink has finished.
 * Text: `v1\n{"nextBatchWatermarkMs":0}` (no trailing newline).
 *
 * Timeline (from Spark's CommitLog doc): trigger batch 1 → write offsets/1 → process → write
 * commits/1 → trigger batch 2 → … A restart that finds offsets/N without commits/N re-runs N.
 */
import { IskraError } from "../../errors";
import { BatchFileLog, validateLogVersion } from "./metadata-log";

const COMMIT_LOG_VERSION = 1;

export interface CommitMetadata {
  nextBatchWatermarkMs: number;
}

export function serializeCommitMetadata(m: CommitMetadata): string {
  return `v${COMMIT_LOG_VERSION}\n${JSON.stringify({ nextBatchWatermarkMs: m.nextBatchWatermarkMs })}`;
}

export function parseCommitMetadata(text: string, file = "<commits>"): CommitMetadata {
  const lines = text.split("\n");
  if (text.length === 0) throw new IskraError(`Incomplete log file in the offset commit log (file: ${file})`);
  validateLogVersion(lines[0].trim(), COMMIT_LOG_VERSION, file);
  const json = lines.length > 1 ? lines[1] : "{}";
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch (e) {
    throw new IskraError(`Log file was malformed: cannot parse ${json} (file: ${file}): ${(e as Error).message}`);
  }
  const w = (v as { nextBatchWatermarkMs?: unknown } | null)?.nextBatchWatermarkMs;
  return { nextBatchWatermarkMs: typeof w === "number" ? w : 0 };
}

export class CommitLog extends BatchFileLog<CommitMetadata> {
  protected serialize(entry: CommitMetadata): string {
    return serializeCommitMetadata(entry);
  }
  protected deserialize(text: string, file: string): CommitMetadata {
    return parseCommitMetadata(text, file);
  }
}
