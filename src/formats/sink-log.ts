/**
 * Spark's FileStreamSinkLog: `<dir>/_spark_metadata/<batchId>` lists the files batch `batchId`
 * added (`v1`, then one SinkFileStatus JSON per line); every `compactInterval` batches the log is
 * compacted (`<batchId>.compact` holds every live entry so far). A file a sink wrote is part of
 * the output only once its batch's log file exists: readers (Iskra's and Spark's) list the log,
 * not the directory.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { SparkException } from "../errors";
import { writeFileAtomicSync } from "../streaming/checkpoint/atomic-file";
import { validateLogVersion } from "../streaming/checkpoint/metadata-log";

const SINK_METADATA_DIR = "_spark_metadata";

interface SinkFileStatus {
  path: string;
  size: number;
  isDir: boolean;
  modificationTime: number;
  blockReplication: number;
  blockSize: number;
  action: "add" | "delete";
}

const LOG_FILE = /^(0|[1-9]\d*)(\.compact)?$/;

function logIds(dir: string): { id: number; compact: boolean }[] {
  let names: string[];
  try { names = fs.readdirSync(dir); } catch { return []; }
  return names.flatMap((n) => {
    const m = LOG_FILE.exec(n);
    return m ? [{ id: Number(m[1]), compact: !!m[2] }] : [];
  }).sort((a, b) => a.id - b.id);
}

function readEntries(file: string): SinkFileStatus[] {
  const lines = fs.readFileSync(file, "utf8").split("\n");
  validateLogVersion(lines[0], 1, file);
  return lines.slice(1).filter((l) => l.trim()).map((l) => {
    try { return JSON.parse(l) as SinkFileStatus; } catch { throw new SparkException(`Log file was malformed: cannot parse ${JSON.stringify(l)} (file: ${file})`); }
  });
}

function toLocal(p: string): string {
  return p.startsWith("file:") ? fileURLToPath(p.replace(/^file:\/*/, "file:///")) : p;
}

/** The files of a sink directory as its log lists them, or undefined when `dir` has no log. */
export function sinkLogFiles(dir: string): { path: string; size: number; mtimeMs: number }[] | undefined {
  const logDir = path.join(dir, SINK_METADATA_DIR);
  if (!fs.existsSync(logDir) || !fs.statSync(logDir).isDirectory()) return undefined;
  const live = new Map<string, SinkFileStatus>();
  for (const { id, compact } of logIds(logDir)) {
    const file = path.join(logDir, compact ? `${id}.compact` : String(id));
    if (compact) live.clear();
    for (const e of readEntries(file)) {
      if (e.action === "delete") live.delete(e.path);
      else live.set(e.path, e);
    }
  }
  return [...live.values()].filter((e) => !e.isDir).map((e) => ({ path: toLocal(e.path), size: e.size, mtimeMs: e.modificationTime }));
}

/** The newest batch id in a sink's log (-1 when none). */
export function latestSinkBatch(dir: string): number {
  const ids = logIds(path.join(dir, SINK_METADATA_DIR));
  return ids.length ? ids[ids.length - 1].id : -1;
}

/**
 * Commits batch `batchId`'s files to the log: a compaction batch (`(batchId + 1) % interval == 0`)
 * writes every live entry to `<batchId>.compact`. False when the batch was committed before.
 */
export function commitSinkBatch(dir: string, batchId: number, files: readonly string[], compactInterval: number): boolean {
  const logDir = path.join(dir, SINK_METADATA_DIR);
  fs.mkdirSync(logDir, { recursive: true });
  if (latestSinkBatch(dir) >= batchId) return false;
  const added: SinkFileStatus[] = files.map((f) => {
    const st = fs.statSync(f);
    return { path: pathToFileURL(f).href, size: st.size, isDir: false, modificationTime: Math.floor(st.mtimeMs), blockReplication: 1, blockSize: 33554432, action: "add" };
  });
  const compact = (batchId + 1) % compactInterval === 0;
  let entries = added;
  if (compact) {
    const before = sinkLogFiles(dir) ?? [];
    entries = [
      ...before.map((f): SinkFileStatus => ({ path: pathToFileURL(f.path).href, size: f.size, isDir: false, modificationTime: f.mtimeMs, blockReplication: 1, blockSize: 33554432, action: "add" })),
      ...added,
    ];
  }
  const name = compact ? `${batchId}.compact` : String(batchId);
  return writeFileAtomicSync(path.join(logDir, name), ["v1", ...entries.map((e) => JSON.stringify(e))].join("\n"), { overwrite: false });
}
