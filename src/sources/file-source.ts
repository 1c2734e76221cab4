/**
 * Spark's file stream source for `json` and `text` (`spark.readStream.schema(s).json(dir)`,
 * `spark.readStream.text(dir)`): every file that appears in the directory is read once.
 *
 * - Files are taken in a deterministic order: by modification time, then name (Spark sorts new
 *   files by modification time). Hidden names ("." or "_" first) and `._COPYING_` files are
 *   skipped, as Spark's file index does. Files are expected to appear whole (write elsewhere,
 *   then move in), as with Spark.
 * - Offset = how many files have been offered so far, in that order (a plain number; initial
 *   0), so batch (s, e] reads files s … e-1. Each `latestOffset()` offers the files that
 *   appeared since, at most `maxFilesPerTrigger` beyond the end of the last batch.
 * - With a metadata dir (`<checkpoint>/sources/<i>`), every offer is recorded as Spark's
 *   FileStreamSourceLog does (`<i>/0`, `<i>/1`, …: `v1` then one
 *   `{"path":"file:///…","timestamp":<mtime ms>,"batchId":<n>}` per line), so a restart numbers
 *   files exactly as before, re-runs a batch with the same files, and never offers less than
 *   it did before the restart.
 * - Each file is read by its format (src/formats/: csv, json, text, parquet, whatever is
 *   registered), as the batch reader reads it, with the same options.
 * - Spark's options: maxFilesPerTrigger, latestFirst, maxFileAge (files older than the newest
 *   seen file by more than this are ignored, default 7d; not with latestFirst and
 *   maxFilesPerTrigger), fileNameOnly (a file is known by its name, not its path), cleanSource
 *   (off, archive into sourceArchiveDir keeping the file's path, delete) applied to the files of
 *   a batch once the batch after it commits.
 */
import * as fs from "node:fs";
import * as fsp from "node:fs/promises";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { AnalysisException, IllegalArgumentException, SparkException } from "../errors";
import type { InternalRow, Offset, Source } from "../connector-api/source";
import { StructField, StructType, StructTypeClass } from "../types/data-types";
import type { FileFormat, FileFormatContext } from "../connector-api/file-format";
import { CaseInsensitiveMap } from "../connector-api/options";
import { getFileFormat } from "../formats/registry";
import { withTimeZone } from "../values/timestamps";
import { readFileIfExistsSync, writeFileAtomicSync } from "../streaming/checkpoint/atomic-file";
import { listBatchIdsSync, validateLogVersion } from "../streaming/checkpoint/metadata-log";
import { splitLines } from "./common";
import { parseScalaBoolean } from "../connector-api/options";
import type { SourceFactory, SourceContext } from "../connector-api/source";


export const SCHEMA_REQUIRED_MESSAGE =
  "Schema must be specified when creating a streaming source DataFrame. If some files already exist in the directory, " +
  "then depending on the file format you may be able to create a static DataFrame on that directory with " +
  "'spark.read.load(directory)' and infer schema from it.";

interface FileSourceOptions {
  format: FileFormat;
  /** The format's options (the reader's, case-insensitive). */
  formatOptions: CaseInsensitiveMap;
  formatContext: FileFormatContext;
  /** The directory to watch (or a single file). */
  path: string;
  schema: StructTypeClass;
  maxFilesPerTrigger?: number;
  /** Take the newest new files first (Spark's latestFirst). */
  latestFirst?: boolean;
  /** Ignore files older than the newest seen by more than this (ms). */
  maxFileAgeMs: number;
  fileNameOnly: boolean;
  cleanSource: "off" | "archive" | "delete";
  sourceArchiveDir?: string;
  metadataDir?: string;
}

interface SeenFile {
  /** Absolute path. */
  path: string;
  mtimeMs: number;
}

function toCount(o: Offset, what: string): number {
  if (o === null || o === undefined) return 0;
  const n = typeof o === "string" ? Number(o) : o;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) throw new IllegalArgumentException(`Invalid file source ${what} offset: ${JSON.stringify(o)}`);
  return n;
}

function isHiddenName(name: string): boolean {
  return ((name.startsWith("_") && !name.includes("=")) || name.startsWith(".")) || name.endsWith("._COPYING_");
}

/** Spark's Utils.timeStringAsMs ("7d", "1h", "30s", "500ms"; a bare number is ms). */
function timeStringAsMs(text: string, option: string): number {
  const m = /^\s*(\d+)\s*(ms|s|m|min|h|d|us)?\s*$/i.exec(text);
  if (!m) throw new IllegalArgumentException(`Invalid value '${text}' for option '${option}': time must be specified as seconds (s), milliseconds (ms), microseconds (us), minutes (m or min), hour (h), or day (d). E.g. 50s, 100ms, or 250us.`);
  const unit = (m[2] ?? "ms").toLowerCase();
  const f: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60000, min: 60000, h: 3600000, d: 86400000 };
  return Number(m[1]) * f[unit];
}

class FileSource implements Source {
  readonly schema: StructTypeClass;
  readonly description: string;
  readonly format: FileFormat;
  readonly path: string;
  private readonly o: FileSourceOptions;
  private readonly maxFilesPerTrigger?: number;
  private readonly latestFirst: boolean;
  private readonly metadataDir?: string;
  /** Known file names (fileNameOnly). */
  private readonly seenNames = new Set<string>();
  /** The newest modification time seen (maxFileAge counts back from it). */
  private latestMtime = 0;
  /** Files of each batch end, for cleanSource: batch end offset → files. */
  private cleaned = 0;
  /** Files offered so far, in offset order (recorded in the log when there is one). */
  private seen: SeenFile[] = [];
  private readonly seenSet = new Set<string>();
  /** Files discovered but not offered yet (maxFilesPerTrigger), in the order they will be offered. */
  private pending: (SeenFile & { name: string })[] = [];
  private readonly pendingSet = new Set<string>();
  private logBatches = 0;
  private started = false;
  private lastCommitted = 0;
  private lastBatchEnd = 0;

  constructor(options: FileSourceOptions) {
    this.o = options;
    this.format = options.format;
    this.path = path.resolve(options.path);
    this.schema = options.schema;
    this.maxFilesPerTrigger = options.maxFilesPerTrigger;
    this.latestFirst = options.latestFirst ?? false;
    this.metadataDir = options.metadataDir;
    this.description = `FileStreamSource[${pathToFileURL(this.path).href.replace(/^file:\/\//, "file:")}]`;
  }

  toString(): string {
    return this.description;
  }

  /** Files in offset order (absolute paths): file i is included by offsets > i. */
  get files(): readonly string[] {
    return this.seen.map((f) => f.path);
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    if (this.metadataDir) this.readLog();
  }

  async initialOffset(): Promise<Offset> {
    return 0;
  }

  async latestOffset(): Promise<Offset> {
    if (!this.started) await this.start();
    await this.discover();
    const base = Math.max(this.lastCommitted, this.lastBatchEnd);
    const room = this.maxFilesPerTrigger === undefined ? this.pending.length : base + this.maxFilesPerTrigger - this.seen.length;
    if (room > 0 && this.pending.length) this.offer(this.pending.splice(0, room));
    return this.seen.length;
  }

  async getBatch(start: Offset, end: Offset): Promise<InternalRow[]> {
    if (!this.started) await this.start();
    const s = toCount(start, "start");
    const e = toCount(end, "end");
    if (e > this.seen.length)
      throw new SparkException(`${this.description}: offset ${e} names more files than are known (${this.seen.length}); was the source's log under the checkpoint removed?`);
    const rows: InternalRow[] = [];
    for (const f of this.seen.slice(s, e)) {
      let size = 0;
      try {
        size = (await fsp.stat(f.path)).size;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT")
          throw new SparkException(
            `File ${pathToFileURL(f.path).href} does not exist. It is possible the underlying files have been updated or deleted since the stream read them.`,
          );
        throw err;
      }
      const { format, formatOptions, formatContext } = this.o;
      const got = await withTimeZone(formatContext.timeZone, () =>
        format.readFile({ path: f.path, size, mtimeMs: f.mtimeMs, partitionValues: [] }, this.schema, formatOptions, formatContext));
      for (const r of got) rows.push(r);
    }
    this.lastBatchEnd = Math.max(this.lastBatchEnd, e);
    return rows;
  }

  async commit(end: Offset): Promise<void> {
    const e = toCount(end, "end");
    // Spark cleans the files of batches before the one just committed.
    if (this.o.cleanSource !== "off") {
      for (const f of this.seen.slice(this.cleaned, this.lastCommitted)) await this.clean(f.path);
      this.cleaned = Math.max(this.cleaned, this.lastCommitted);
    }
    this.lastCommitted = Math.max(this.lastCommitted, e);
  }

  /** cleanSource: archive (into sourceArchiveDir + the file's own path) or delete. */
  private async clean(file: string): Promise<void> {
    try {
      if (this.o.cleanSource === "delete") await fsp.rm(file, { force: true });
      else {
        const target = path.join(this.o.sourceArchiveDir!, file);
        await fsp.mkdir(path.dirname(target), { recursive: true });
        await fsp.rename(file, target);
      }
    } catch {
      // Spark logs and goes on: a file that cannot be cleaned does not fail the query.
    }
  }

  async stop(): Promise<void> {}

  // -------------------------------------------------------------------------------------------

  /** Adds files that appeared since the last look to `pending`, keeping it in offer order. */
  private async discover(): Promise<void> {
    const candidates: (SeenFile & { name: string })[] = [];
    const known = (p: string) => this.seenSet.has(p) || this.pendingSet.has(p) || (this.o.fileNameOnly && this.seenNames.has(path.basename(p)));
    let st: fs.Stats;
    try {
      st = await fsp.stat(this.path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return; // the directory may come back
      throw e;
    }
    if (st.isFile()) {
      if (!known(this.path)) candidates.push({ path: this.path, mtimeMs: Math.floor(st.mtimeMs), name: path.basename(this.path) });
    } else {
      for (const ent of await fsp.readdir(this.path, { withFileTypes: true })) {
        if (isHiddenName(ent.name)) continue;
        const p = path.join(this.path, ent.name);
        if (known(p)) continue;
        let s: fs.Stats;
        try {
          s = await fsp.stat(p);
        } catch {
          continue; // vanished between listing and stat
        }
        if (!s.isFile()) continue;
        candidates.push({ path: p, mtimeMs: Math.floor(s.mtimeMs), name: ent.name });
      }
    }
    if (!candidates.length) return;
    for (const c of candidates) this.latestMtime = Math.max(this.latestMtime, c.mtimeMs);
    // maxFileAge counts back from the newest file seen; ignored with latestFirst and maxFilesPerTrigger.
    const ageApplies = !(this.latestFirst && this.maxFilesPerTrigger !== undefined);
    const fresh = candidates.filter((c) => !ageApplies || c.mtimeMs >= this.latestMtime - this.o.maxFileAgeMs);
    for (const c of fresh) { this.pendingSet.add(c.path); this.seenNames.add(c.name); }
    this.pending.push(...fresh);
    const dir = this.latestFirst ? -1 : 1;
    this.pending.sort((a, b) => dir * (a.mtimeMs - b.mtimeMs || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));
  }

  /** Makes files part of the offset order (durably first, when there is a log). */
  private offer(files: (SeenFile & { name: string })[]): void {
    const added = files.map((f) => ({ path: f.path, mtimeMs: f.mtimeMs }));
    if (this.metadataDir) this.appendLog(added);
    for (const f of added) {
      this.seen.push(f);
      this.seenSet.add(f.path);
      this.seenNames.add(path.basename(f.path));
      this.pendingSet.delete(f.path);
    }
  }

  private readLog(): void {
    const dir = this.metadataDir!;
    for (const id of listBatchIdsSync(dir)) {
      if (id !== this.logBatches) throw new SparkException(`${this.description}: the seen-files log ${dir} is missing batch ${this.logBatches}`);
      const file = path.join(dir, String(id));
      const text = readFileIfExistsSync(file) ?? "";
      const lines = text.split("\n");
      validateLogVersion(lines[0], 1, file);
      for (const line of lines.slice(1)) {
        if (!line.trim()) continue;
        let entry: { path?: unknown; timestamp?: unknown };
        try {
          entry = JSON.parse(line);
        } catch {
          throw new SparkException(`Log file was malformed: cannot parse ${JSON.stringify(line)} (file: ${file})`);
        }
        if (typeof entry.path !== "string") throw new SparkException(`Log file was malformed: no path in ${line} (file: ${file})`);
        const p = entry.path.startsWith("file:") ? fileURLToPath(entry.path) : entry.path;
        if (this.seenSet.has(p)) continue;
        this.seen.push({ path: p, mtimeMs: typeof entry.timestamp === "number" ? entry.timestamp : 0 });
        this.seenSet.add(p);
        this.seenNames.add(path.basename(p));
      }
      this.logBatches++;
    }
  }

  private appendLog(files: SeenFile[]): void {
    const dir = this.metadataDir!;
    fs.mkdirSync(dir, { recursive: true });
    const batchId = this.logBatches;
    const lines = ["v1", ...files.map((f) => JSON.stringify({ path: pathToFileURL(f.path).href, timestamp: f.mtimeMs, batchId }))];
    if (!writeFileAtomicSync(path.join(dir, String(batchId)), lines.join("\n"), { overwrite: false }))
      throw new SparkException(`${this.description}: batch ${batchId} of the seen-files log ${dir} already exists (is another query using this checkpoint?)`);
    this.logBatches++;
  }
}

// ---------------------------------------------------------------------------------------------
// Factories

function asNullable(schema: StructTypeClass): StructTypeClass {
  return StructType(schema.fields.map((f) => (f.nullable ? f : StructField(f.name, f.dataType, true, f.metadata))));
}

function makeFileSourceFactory(format: FileFormat): SourceFactory {
  return (options, userSchema, ctx?: SourceContext) => {
    const p = options.get("path");
    if (p === undefined) throw new IllegalArgumentException("'path' is not specified");
    const resolved = path.resolve(p.startsWith("file:") ? decodeURIComponent(p.replace(/^file:(\/\/)?/, "")) || "/" : p);
    if (!/[*?[{]/.test(p) && !fs.existsSync(resolved)) throw new AnalysisException(`Path does not exist: ${p}.`, "PATH_NOT_FOUND");
    const formatOptions = options;
    const fixed = format.fixedSchema?.(formatOptions);
    let schema: StructTypeClass;
    if (fixed) {
      schema = userSchema ?? fixed;
      format.checkWriteSchema?.(schema);
    } else {
      if (!userSchema) throw new IllegalArgumentException(SCHEMA_REQUIRED_MESSAGE);
      schema = asNullable(userSchema);
    }
    const mfText = options.get("maxFilesPerTrigger");
    let maxFilesPerTrigger: number | undefined;
    if (mfText !== undefined) {
      const n = /^[+-]?\d+$/.test(mfText) ? Number(mfText) : NaN;
      if (!Number.isSafeInteger(n) || n <= 0 || n > 2 ** 31 - 1)
        throw new IllegalArgumentException(`Invalid value '${mfText}' for option 'maxFilesPerTrigger', must be a positive integer`);
      maxFilesPerTrigger = n;
    }
    const flag = (name: string): boolean => {
      const text = options.get(name);
      if (text === undefined) return false;
      const b = parseScalaBoolean(text);
      if (b === undefined) throw new IllegalArgumentException(`Invalid value '${text}' for option '${name}', must be 'true' or 'false'`);
      return b;
    };
    const clean = (options.get("cleanSource") ?? "off").toLowerCase();
    if (clean !== "off" && clean !== "archive" && clean !== "delete")
      throw new IllegalArgumentException(`Invalid mode for clean source option ${options.get("cleanSource")}. Must be one of ARCHIVE,DELETE,OFF`);
    const archiveDir = options.get("sourceArchiveDir");
    if (clean === "archive") {
      if (!archiveDir) throw new IllegalArgumentException("Archive mode must be used with 'sourceArchiveDir' option.");
      const a = path.resolve(archiveDir);
      if (a === resolved || a.startsWith(resolved + path.sep) || resolved.startsWith(a + path.sep))
        throw new IllegalArgumentException(`requirement failed: Source path and archive path must not overlap: source ${resolved}, archive ${a}`);
    }
    return new FileSource({
      format,
      formatOptions,
      formatContext: { timeZone: ctx?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone, conf: (k) => ctx?.conf?.(k) },
      path: resolved,
      schema,
      maxFilesPerTrigger,
      latestFirst: flag("latestFirst"),
      maxFileAgeMs: timeStringAsMs(options.get("maxFileAge") ?? "7d", "maxFileAge"),
      fileNameOnly: flag("fileNameOnly"),
      cleanSource: clean,
      sourceArchiveDir: archiveDir ? path.resolve(archiveDir) : undefined,
      metadataDir: ctx?.metadataDir,
    });
  };
}

/** The streaming file source of a registered file format (`readStream.csv(dir)`), or undefined. */
export function fileSourceFactory(name: string): SourceFactory | undefined {
  const format = getFileFormat(name);
  return format ? makeFileSourceFactory(format) : undefined;
}
