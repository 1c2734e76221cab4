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
 * - json: one JSON document per line, blank lines skipped, parsed by the injected
 *   `parseJsonLine` (the engine's from_json); a minimal PERMISSIVE conversion otherwise.
 *   text: one row per line, `value STRING`.
 */
import * as fs from "node:fs";
import * as fsp from "node:fs/promises";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { AnalysisException, IllegalArgumentException, SparkException } from "../errors";
import type { InternalRow, Offset, Source } from "../connector-api/source";
import {
  ArrayTypeClass,
  BinaryTypeClass,
  BooleanTypeClass,
  DataType,
  DateTypeClass,
  DoubleTypeClass,
  FloatTypeClass,
  MapTypeClass,
  StringType,
  StringTypeClass,
  StructField,
  StructType,
  StructTypeClass,
  TimestampTypeClass,
  isIntegral,
} from "../types/data-types";
import { readFileIfExistsSync, writeFileAtomicSync } from "../streaming/checkpoint/atomic-file";
import { listBatchIdsSync, validateLogVersion } from "../streaming/checkpoint/metadata-log";
import { splitLines } from "./common";
import { parseScalaBoolean } from "../connector-api/options";
import type { SourceFactory, SourceContext } from "../connector-api/source";

type FileSourceFormat = "json" | "text";

export const SCHEMA_REQUIRED_MESSAGE =
  "Schema must be specified when creating a streaming source DataFrame. If some files already exist in the directory, " +
  "then depending on the file format you may be able to create a static DataFrame on that directory with " +
  "'spark.read.load(directory)' and infer schema from it.";

interface FileSourceOptions {
  format: FileSourceFormat;
  /** The directory to watch (or a single file). */
  path: string;
  /** For json: the user schema. For text: `value STRING` (the default). */
  schema?: StructTypeClass;
  maxFilesPerTrigger?: number;
  /** Take the newest new files first (Spark's latestFirst). */
  latestFirst?: boolean;
  parseJsonLine?: (line: string) => InternalRow;
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

class FileSource implements Source {
  readonly schema: StructTypeClass;
  readonly description: string;
  readonly format: FileSourceFormat;
  readonly path: string;
  private readonly maxFilesPerTrigger?: number;
  private readonly latestFirst: boolean;
  private readonly parseLine: (line: string) => InternalRow;
  private readonly metadataDir?: string;
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
    this.format = options.format;
    this.path = path.resolve(options.path);
    this.schema = options.schema ?? StructType([StructField("value", StringType(), true)]);
    this.maxFilesPerTrigger = options.maxFilesPerTrigger;
    this.latestFirst = options.latestFirst ?? false;
    this.metadataDir = options.metadataDir;
    this.parseLine = options.parseJsonLine ?? (this.format === "json" ? basicJsonLineParser(this.schema) : (line) => [line]);
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
      let text: string;
      try {
        text = await fsp.readFile(f.path, "utf8");
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT")
          throw new SparkException(
            `File ${pathToFileURL(f.path).href} does not exist. It is possible the underlying files have been updated or deleted since the stream read them.`,
          );
        throw err;
      }
      for (const line of splitLines(text)) {
        if (this.format === "json" && line.trim() === "") continue;
        rows.push(this.parseLine(line));
      }
    }
    this.lastBatchEnd = Math.max(this.lastBatchEnd, e);
    return rows;
  }

  async commit(end: Offset): Promise<void> {
    this.lastCommitted = Math.max(this.lastCommitted, toCount(end, "end"));
  }

  async stop(): Promise<void> {}

  // -------------------------------------------------------------------------------------------

  /** Adds files that appeared since the last look to `pending`, keeping it in offer order. */
  private async discover(): Promise<void> {
    const candidates: (SeenFile & { name: string })[] = [];
    const known = (p: string) => this.seenSet.has(p) || this.pendingSet.has(p);
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
    for (const c of candidates) this.pendingSet.add(c.path);
    this.pending.push(...candidates);
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
// A minimal JSON line → row conversion, used only when the engine injects no parser.

/**
 * PERMISSIVE-style conversion of one JSON line to a row of `schema` (top-level fields by name).
 * A line that is not a JSON object, or a value of the wrong type, gives a row of nulls (with the
 * line in `_corrupt_record` when the schema has that string column), as Spark does.
 */
export function basicJsonLineParser(schema: StructTypeClass): (line: string) => InternalRow {
  const corruptIdx = schema.fields.findIndex((f) => f.name === "_corrupt_record" && f.dataType instanceof StringTypeClass);
  const nullRow = (line: string): InternalRow => schema.fields.map((_, i) => (i === corruptIdx ? line : null));
  return (line: string) => {
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      return nullRow(line);
    }
    if (v === null || typeof v !== "object" || Array.isArray(v)) return nullRow(line);
    const o = v as Record<string, unknown>;
    const row: InternalRow = [];
    for (let i = 0; i < schema.fields.length; i++) {
      if (i === corruptIdx) {
        row.push(null);
        continue;
      }
      const f = schema.fields[i];
      const c = convert(o[f.name], f.dataType);
      if (c === BAD) return nullRow(line);
      row.push(c);
    }
    return row;
  };
}

const BAD = Symbol("bad");

function convert(v: unknown, t: DataType): unknown {
  if (v === undefined || v === null) return null;
  if (t instanceof StringTypeClass) return typeof v === "string" ? v : typeof v === "object" ? JSON.stringify(v) : String(v);
  if (isIntegral(t)) return typeof v === "number" && Number.isInteger(v) ? v : BAD;
  if (t instanceof DoubleTypeClass || t instanceof FloatTypeClass) {
    if (typeof v === "number") return v;
    if (v === "NaN") return NaN;
    if (v === "Infinity" || v === "+Infinity" || v === "+INF" || v === "Inf") return Infinity;
    if (v === "-Infinity" || v === "-INF" || v === "-Inf") return -Infinity;
    return BAD;
  }
  if (t instanceof BooleanTypeClass) return typeof v === "boolean" ? v : BAD;
  if (t instanceof TimestampTypeClass) {
    if (typeof v === "number") return Math.round(v * 1_000_000);
    if (typeof v !== "string") return BAD;
    const iso = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$/.test(v.trim()) ? v.trim().replace(" ", "T") : undefined;
    const ms = iso === undefined ? NaN : Date.parse(/Z|[+-]\d{2}:?\d{2}$/.test(iso) ? iso : `${iso}Z`);
    if (Number.isNaN(ms)) return BAD;
    const frac = /\.(\d{1,6})/.exec(iso!)?.[1] ?? "";
    return Math.floor(ms / 1000) * 1_000_000 + Number(frac.padEnd(6, "0") || "0");
  }
  if (t instanceof DateTypeClass) {
    if (typeof v !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return BAD;
    const ms = Date.parse(`${v}T00:00:00Z`);
    return Number.isNaN(ms) ? BAD : Math.floor(ms / 86_400_000);
  }
  if (t instanceof BinaryTypeClass) return typeof v === "string" ? new Uint8Array(Buffer.from(v, "base64")) : BAD;
  if (t instanceof ArrayTypeClass) {
    if (!Array.isArray(v)) return BAD;
    const out: unknown[] = [];
    for (const x of v) {
      const c = convert(x, t.elementType);
      if (c === BAD) return BAD;
      out.push(c);
    }
    return out;
  }
  if (t instanceof StructTypeClass) {
    if (typeof v !== "object" || Array.isArray(v)) return BAD;
    const out: unknown[] = [];
    for (const f of t.fields) {
      const c = convert((v as Record<string, unknown>)[f.name], f.dataType);
      if (c === BAD) return BAD;
      out.push(c);
    }
    return out;
  }
  if (t instanceof MapTypeClass) {
    if (typeof v !== "object" || Array.isArray(v)) return BAD;
    const m = new Map<unknown, unknown>();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const c = convert(x, t.valueType);
      if (c === BAD) return BAD;
      m.set(k, c);
    }
    return m;
  }
  return BAD;
}

// ---------------------------------------------------------------------------------------------
// Factories

function asNullable(schema: StructTypeClass): StructTypeClass {
  return StructType(schema.fields.map((f) => (f.nullable ? f : StructField(f.name, f.dataType, true, f.metadata))));
}

function makeFileSourceFactory(format: FileSourceFormat): SourceFactory {
  return (options, userSchema, ctx?: SourceContext) => {
    const p = options.get("path");
    if (p === undefined) throw new IllegalArgumentException("'path' is not specified");
    const resolved = path.resolve(p.startsWith("file:") ? decodeURIComponent(p.replace(/^file:(\/\/)?/, "")) || "/" : p);
    if (!/[*?[{]/.test(p) && !fs.existsSync(resolved)) throw new AnalysisException(`Path does not exist: ${p}.`, "PATH_NOT_FOUND");
    let schema: StructTypeClass;
    if (format === "text") {
      schema = userSchema ?? StructType([StructField("value", StringType(), true)]);
      if (schema.fields.length !== 1)
        throw new AnalysisException(`Text data source supports only a single column, and you have ${schema.fields.length} columns.`);
      if (!(schema.fields[0].dataType instanceof StringTypeClass))
        throw new AnalysisException(`Text data source does not support ${schema.fields[0].dataType.simpleString()} data type.`);
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
    const lfText = options.get("latestFirst");
    let latestFirst = false;
    if (lfText !== undefined) {
      const b = parseScalaBoolean(lfText);
      if (b === undefined) throw new IllegalArgumentException(`Invalid value '${lfText}' for option 'latestFirst', must be 'true' or 'false'`);
      latestFirst = b;
    }
    return new FileSource({
      format,
      path: resolved,
      schema,
      maxFilesPerTrigger,
      latestFirst,
      parseJsonLine: format === "json" ? ctx?.parseJsonLine : undefined,
      metadataDir: ctx?.metadataDir,
    });
  };
}

/** `format("json")` (`readStream.json(dir)`): a schema is required, as in Spark. */
export const createJsonFileSource: SourceFactory = makeFileSourceFactory("json");
/** `format("text")` (`readStream.text(dir)`): always `value STRING`. */
export const createTextFileSource: SourceFactory = makeFileSourceFactory("text");
