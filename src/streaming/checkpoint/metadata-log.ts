/**
 * Two pieces of Spark's checkpoint machinery:
 *
 * - `StreamMetadata`: the `<checkpoint>/metadata` file, `{"id":"<query uuid>"}` (single line, no
 *   trailing newline), written once when a query first uses the checkpoint and read on every
 *   restart, so `query.id` survives restarts while `runId` is new each time.
 * - `BatchFileLog<T>`: Spark's HDFSMetadataLog, a directory holding one file per batch, named by
 *   the batch id (`0`, `1`, …). Entries are written atomically and never replaced; names that
 *   are not plain numbers (hidden temp files, `.crc` files) are ignored. The offsets and commits
 *   logs are BatchFileLogs with their own text formats (offset-log.ts, commit-log.ts).
 */
import * as fs from "node:fs";
import * as fsp from "node:fs/promises";
import * as path from "node:path";
import { randomUUID } from "node:crypto";
import { IskraError } from "../../errors";
import { readFileIfExists, readFileIfExistsSync, removeStaleTempFiles, writeFileAtomic, writeFileAtomicSync } from "./atomic-file";

// ---------------------------------------------------------------------------------------------
// <checkpoint>/metadata

export interface StreamMetadata {
  /** The query id (a UUID) that persists across restarts. */
  id: string;
}

/** `{"id":"…"}` exactly as Spark's json4s Serialization.write renders StreamMetadata. */
export function serializeStreamMetadata(m: StreamMetadata): string {
  return JSON.stringify({ id: m.id });
}

/** Reads `<checkpoint>/metadata`; undefined when the file does not exist. */
export function readStreamMetadata(file: string): StreamMetadata | undefined {
  const text = readFileIfExistsSync(file);
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new IskraError(`Failed to read query metadata from ${file}: ${(e as Error).message}`);
  }
  const id = (parsed as { id?: unknown } | null)?.id;
  if (typeof id !== "string" || id.length === 0)
    throw new IskraError(`Failed to read query metadata from ${file}: no "id" field in ${JSON.stringify(text)}`);
  return { id };
}

/**
 * Spark's `StreamMetadata.read(path).getOrElse { write(new StreamMetadata(UUID.randomUUID)) }`:
 * returns the stored metadata, or writes a new one. `created` tells which happened. If two
 * processes race on a new checkpoint, both get the id that reached the disk first.
 */
export function readOrCreateStreamMetadata(file: string, newId: () => string = randomUUID): { metadata: StreamMetadata; created: boolean } {
  const existing = readStreamMetadata(file);
  if (existing) return { metadata: existing, created: false };
  const metadata = { id: newId() };
  if (writeFileAtomicSync(file, serializeStreamMetadata(metadata), { overwrite: false })) return { metadata, created: true };
  return { metadata: readStreamMetadata(file)!, created: false };
}

// ---------------------------------------------------------------------------------------------
// HDFSMetadataLog: one file per batch id

/** Parses the `v<N>` line every log file starts with (Spark's MetadataVersionUtil.validateVersion). */
export function validateLogVersion(text: string, maxSupportedVersion: number, file: string): number {
  if (text.length > 0 && text[0] === "v") {
    const digits = text.slice(1);
    const version = /^\d+$/.test(digits) ? Number(digits) : NaN;
    if (Number.isNaN(version))
      throw new IskraError(`Log file was malformed: failed to read correct log version from ${text}. (file: ${file})`);
    if (version > 0) {
      if (version > maxSupportedVersion)
        throw new IskraError(
          `UnsupportedLogVersion: maximum supported log version is v${maxSupportedVersion}, but encountered v${version}. ` +
            `The log file was produced by a newer version of Spark and cannot be read by this version. Please upgrade. (file: ${file})`,
        );
      return version;
    }
  }
  throw new IskraError(`Log file was malformed: failed to read correct log version from ${text}. (file: ${file})`);
}

const BATCH_FILE = /^(0|[1-9]\d*)$/;

/** Batch ids present in a log directory, ascending (ignores temp files and anything not a number). */
export function listBatchIdsSync(dir: string): number[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw e;
  }
  return names.filter((n) => BATCH_FILE.test(n)).map(Number).sort((a, b) => a - b);
}

/**
 * A directory of per-batch files (Spark's HDFSMetadataLog). Subclasses give the text format.
 * All writes are atomic; `add` never replaces an existing entry (it returns false instead, which
 * the engine treats as "another query is writing this checkpoint").
 */
export abstract class BatchFileLog<T> {
  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
    removeStaleTempFiles(dir);
  }

  protected abstract serialize(entry: T): string;
  protected abstract deserialize(text: string, file: string): T;

  /** Path of the file for a batch. */
  pathOf(batchId: number): string {
    if (!Number.isSafeInteger(batchId) || batchId < 0) throw new IskraError(`Invalid batch id ${batchId}`);
    return path.join(this.dir, String(batchId));
  }

  /** The exact bytes `add` writes for an entry. */
  serializeEntry(entry: T): string {
    return this.serialize(entry);
  }

  /** Writes batch `batchId` atomically. Resolves false (and writes nothing) when it already exists. */
  async add(batchId: number, entry: T): Promise<boolean> {
    return writeFileAtomic(this.pathOf(batchId), this.serialize(entry), { overwrite: false });
  }

  addSync(batchId: number, entry: T): boolean {
    return writeFileAtomicSync(this.pathOf(batchId), this.serialize(entry), { overwrite: false });
  }

  async get(batchId: number): Promise<T | undefined> {
    const file = this.pathOf(batchId);
    const text = await readFileIfExists(file);
    return text === undefined ? undefined : this.deserialize(text, file);
  }

  getSync(batchId: number): T | undefined {
    const file = this.pathOf(batchId);
    const text = readFileIfExistsSync(file);
    return text === undefined ? undefined : this.deserialize(text, file);
  }

  /** Batch ids present, ascending. */
  listBatchIds(): number[] {
    return listBatchIdsSync(this.dir);
  }

  /** The newest entry, or undefined for an empty log. */
  async getLatest(): Promise<{ batchId: number; entry: T } | undefined> {
    const ids = this.listBatchIds();
    for (let i = ids.length - 1; i >= 0; i--) {
      const entry = await this.get(ids[i]);
      if (entry !== undefined) return { batchId: ids[i], entry };
    }
    return undefined;
  }

  getLatestSync(): { batchId: number; entry: T } | undefined {
    const ids = this.listBatchIds();
    for (let i = ids.length - 1; i >= 0; i--) {
      const entry = this.getSync(ids[i]);
      if (entry !== undefined) return { batchId: ids[i], entry };
    }
    return undefined;
  }

  /** The newest batch id, or -1 for an empty log. */
  latestBatchId(): number {
    const ids = this.listBatchIds();
    return ids.length ? ids[ids.length - 1] : -1;
  }

  /** Deletes every entry with a batch id below `thresholdBatchId` (Spark's purge). Returns how many. */
  async purge(thresholdBatchId: number): Promise<number> {
    let n = 0;
    for (const id of this.listBatchIds()) {
      if (id >= thresholdBatchId) break;
      await fsp.rm(path.join(this.dir, String(id)), { force: true });
      n++;
    }
    return n;
  }
}
