/**
 * Spark's HDFSBackedStateStoreProvider, for one stateful operator and one partition:
 * a versioned key → value map kept in memory and made durable as files under
 *
 *     <checkpoint>/state/<operatorId>/<partitionId>/<version>.delta      every version
 *     <checkpoint>/state/<operatorId>/<partitionId>/<version>.snapshot   every 10th version
 *
 * File format: Spark's binary record framing, written and read in chunks (see state-file.ts):
 *   .delta     put(key, value) / remove(key) records: only the keys changed or removed by that
 *              version, in the order of the changes
 *   .snapshot  put(key, value) records: the whole map at that version
 * Keys are the engine's strings; values are JSON text, encoded so that what the engine stores
 * round-trips: NaN, ±Infinity, -0, bigint, binary (Uint8Array), Map and undefined are written as
 * tagged objects {"$t":…}. Checkpoints written before this format (JSON lines) still load.
 *
 * Memory: one copy of the state. The map holds the live values themselves (the operator's groups,
 * revived from the files by the codec given to `load`); they are encoded only while a delta or
 * snapshot is being written, record by record, into the file's chunk buffer.
 *
 * Every file is written atomically (temp file, fsync, rename): a version is durable exactly when
 * its `.delta` appears, and a crash in the middle of a commit leaves the previous version intact.
 * `load(v)` = newest snapshot ≤ v, then the deltas after it. The map of the last committed
 * version stays in memory, so loading the version just committed (the usual next batch) reads
 * nothing from disk.
 *
 * A snapshot is written when the new version is a multiple of minDeltasForSnapshot
 * (spark.sql.streaming.stateStore.minDeltasForSnapshot); then files no longer needed to load the
 * last minVersionsToRetain versions are deleted.
 */
import * as fs from "node:fs";
import * as fsp from "node:fs/promises";
import * as path from "node:path";
import { SparkException } from "../../errors";
import type { StateStore, StateValueCodec } from "../../connector-api/state-store";
import { removeStaleTempFiles } from "../checkpoint/atomic-file";
import { readStateFile, writeStateFile } from "./state-file";
import { MIN_BATCHES_TO_RETAIN, MIN_DELTAS_FOR_SNAPSHOT, confDefault } from "../../config/sql-conf";

export interface HdfsStateStoreOptions {
  /** `<checkpoint>/state` (Checkpoint.stateDir()). */
  stateDir: string;
  operatorId?: number;
  partitionId?: number;
  /** A snapshot is written when the new version is a multiple of this (spark.sql.streaming.stateStore.minDeltasForSnapshot, 10). */
  minDeltasForSnapshot?: number;
  /** Versions kept on disk by `purge` (spark.sql.streaming.minBatchesToRetain). */
  minVersionsToRetain?: number;
  /** Purge old files automatically whenever a snapshot is written (default true). */
  autoPurge?: boolean;
}

/** Spark's HDFS store metrics (progress "customMetrics"). */
export interface HdfsStateStoreMetrics {
  loadedMapCacheHitCount: number;
  loadedMapCacheMissCount: number;
  stateOnCurrentVersionSizeBytes: number;
}

const TOMBSTONE: unique symbol = Symbol("removed");
/** An uncommitted change: the value put, or a removal. */
type Change = unknown;

const FILE_RE = /^(\d+)\.(delta|snapshot)$/;

export class HdfsStateStore implements StateStore {
  readonly dir: string;
  readonly operatorId: number;
  readonly partitionId: number;
  private readonly minDeltasForSnapshot: number;
  private readonly minVersionsToRetain: number;
  private readonly autoPurge: boolean;

  /** The committed map of `baseVersion`: live values (mutated only by commit, or in place by their owner). */
  private base = new Map<string, unknown>();
  private baseVersion = 0;
  private loaded = false;
  /** After abort: values may have been changed in place, so the next load reads from disk. */
  private stale = false;
  private codec?: StateValueCodec;
  /** Average encoded key + value length, measured on what was last written (memoryUsedBytes). */
  private avgEncoded = 0;
  /** Uncommitted changes on top of `base`, in order of first change. */
  private changes = new Map<string, Change>();
  private sizeDelta = 0;
  private updates = 0;
  private removals = 0;
  private cacheHits = 0;
  private cacheMisses = 0;

  constructor(options: HdfsStateStoreOptions) {
    this.operatorId = options.operatorId ?? 0;
    this.partitionId = options.partitionId ?? 0;
    this.minDeltasForSnapshot = options.minDeltasForSnapshot ?? confDefault(MIN_DELTAS_FOR_SNAPSHOT);
    this.minVersionsToRetain = options.minVersionsToRetain ?? confDefault(MIN_BATCHES_TO_RETAIN);
    this.autoPurge = options.autoPurge ?? true;
    this.dir = HdfsStateStore.dirFor(options.stateDir, this.operatorId, this.partitionId);
  }

  /** `<stateDir>/<operatorId>/<partitionId>` */
  static dirFor(stateDir: string, operatorId = 0, partitionId = 0): string {
    return path.join(stateDir, String(operatorId), String(partitionId));
  }

  toString(): string {
    return `HDFSStateStoreProvider[id = (op=${this.operatorId},part=${this.partitionId}),dir = ${this.dir}]`;
  }

  get version(): number {
    return this.baseVersion;
  }

  /** Loads committed `version` (0 = empty) and drops uncommitted changes; `codec` revives what the files hold. */
  async load(version: number, codec?: StateValueCodec): Promise<void> {
    if (!Number.isSafeInteger(version) || version < 0) throw new SparkException(`Version cannot be less than 0 (got ${version})`);
    this.resetChanges();
    if (this.loaded && !this.stale && version === this.baseVersion && codec === this.codec) {
      this.cacheHits++;
      return;
    }
    this.cacheMisses++;
    // Let the old map go before the new one is read: memory holds one version, not two.
    this.base = new Map();
    this.loaded = false;
    this.codec = codec;
    this.base = await this.readVersion(version);
    this.baseVersion = version;
    this.loaded = true;
    this.stale = false;
  }

  get(key: string): unknown {
    const c = this.changes.get(key);
    if (c !== undefined) return c === TOMBSTONE ? undefined : c;
    return this.changes.has(key) ? undefined : this.base.get(key);
  }

  has(key: string): boolean {
    if (this.changes.has(key)) return this.changes.get(key) !== TOMBSTONE;
    return this.base.has(key);
  }

  put(key: string, value: unknown): void {
    this.requireLoaded();
    if (typeof key !== "string") throw new SparkException(`State store keys must be strings, got ${typeof key}`);
    if (!this.has(key)) this.sizeDelta++;
    this.changes.set(key, value);
    this.updates++;
  }

  remove(key: string): void {
    this.requireLoaded();
    if (!this.has(key)) return;
    this.sizeDelta--;
    this.changes.set(key, TOMBSTONE);
    this.removals++;
  }

  *entries(): IterableIterator<[string, unknown]> {
    for (const [k, v] of this.base) {
      if (this.changes.has(k)) continue;
      yield [k, v];
    }
    for (const [k, c] of this.changes) if (c !== TOMBSTONE) yield [k, c];
  }

  get size(): number {
    return this.base.size + this.sizeDelta;
  }
  /** put() calls since load (Spark's numUpdatedStateRows counts every update the operator makes). */
  get numUpdated(): number {
    return this.updates;
  }
  /** remove() calls that removed an existing key since load. */
  get numRemoved(): number {
    return this.removals;
  }
  /** True when there are uncommitted changes. */
  get hasUncommittedChanges(): boolean {
    return this.changes.size > 0;
  }

  /**
   * Writes version+1 (its delta, plus a snapshot every `minDeltasForSnapshot` versions) and
   * makes it the loaded version. Resolves with the new version once it is durable.
   */
  async commit(): Promise<number> {
    this.requireLoaded();
    const newVersion = this.baseVersion + 1;
    await fsp.mkdir(this.dir, { recursive: true });
    let bytes = 0, n = 0;
    writeStateFile(this.deltaPath(newVersion), (w) => {
      for (const [k, c] of this.changes) {
        if (c !== TOMBSTONE) {
          const enc = this.encode(c);
          w.put(k, enc);
          bytes += k.length + enc.length;
          n++;
        } else if (this.base.has(k)) w.remove(k);
      }
    });
    if (n) this.avgEncoded = bytes / n;
    // The version is durable; apply the changes to the in-memory committed map.
    for (const [k, c] of this.changes) {
      if (c === TOMBSTONE) this.base.delete(k);
      else this.base.set(k, c);
    }
    this.baseVersion = newVersion;
    this.resetChanges();
    if (newVersion % this.minDeltasForSnapshot === 0) {
      await this.writeSnapshot(newVersion, this.base);
      if (this.autoPurge) await this.purge();
    }
    return newVersion;
  }

  /** Drops uncommitted changes; the store is back at the loaded version (re-read from disk by the next load). */
  abort(): void {
    this.resetChanges();
    this.stale = true;
  }

  /** Spark reports SizeEstimator's figure; this is the entry count times the average encoded entry plus the map slot (comparable, not equal). */
  memoryUsedBytes(): number {
    if (this.avgEncoded === 0 && this.size > 0) this.avgEncoded = this.sampleEncodedLength();
    return Math.round(this.size * (80 + this.avgEncoded));
  }

  metrics(): HdfsStateStoreMetrics {
    return {
      loadedMapCacheHitCount: this.cacheHits,
      loadedMapCacheMissCount: this.cacheMisses,
      stateOnCurrentVersionSizeBytes: this.memoryUsedBytes(),
    };
  }

  /** Committed versions found on disk (from delta and snapshot names), ascending. */
  listVersionsOnDisk(): number[] {
    const vs = new Set<number>();
    for (const f of this.listFiles()) vs.add(f.version);
    return [...vs].sort((a, b) => a - b);
  }

  /**
   * Spark's cleanup: keeps what is needed to load any of the last `minVersionsToRetain` versions,
   * i.e. deletes files older than the newest snapshot at or below latest - minVersionsToRetain.
   * Returns the number of files deleted.
   */
  async purge(minVersionsToRetain = this.minVersionsToRetain): Promise<number> {
    const files = this.listFiles();
    if (!files.length) return 0;
    const latest = Math.max(...files.map((f) => f.version));
    const earliestToRetain = latest - minVersionsToRetain;
    if (earliestToRetain <= 0) return 0;
    const snapshots = files.filter((f) => f.kind === "snapshot" && f.version <= earliestToRetain).map((f) => f.version);
    if (!snapshots.length) return 0;
    const keepFrom = Math.max(...snapshots);
    let n = 0;
    for (const f of files) {
      if (f.version < keepFrom) {
        await fsp.rm(path.join(this.dir, f.name), { force: true });
        n++;
      }
    }
    return n;
  }

  // -------------------------------------------------------------------------------------------

  private requireLoaded(): void {
    if (!this.loaded) throw new SparkException(`${this}: load(version) must be called before using the state store`);
  }

  private resetChanges(): void {
    this.changes = new Map();
    this.sizeDelta = 0;
    this.updates = 0;
    this.removals = 0;
  }

  /** A value's JSON text as the files hold it. */
  private encode(v: unknown): string {
    return encodeJson(this.codec ? this.codec.persist(v) : v);
  }

  /** The value of a file's JSON text. */
  private decode(text: string): unknown {
    const v = decodeJson(text);
    return this.codec ? this.codec.revive(v) : v;
  }

  /** Average encoded entry length over up to 32 entries. */
  private sampleEncodedLength(): number {
    let bytes = 0, n = 0;
    for (const [k, v] of this.entries()) {
      bytes += k.length + this.encode(v).length;
      if (++n === 32) break;
    }
    return n ? bytes / n : 0;
  }

  private deltaPath(version: number): string {
    return path.join(this.dir, `${version}.delta`);
  }
  private snapshotPath(version: number): string {
    return path.join(this.dir, `${version}.snapshot`);
  }

  private listFiles(): { name: string; version: number; kind: "delta" | "snapshot" }[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw e;
    }
    const out: { name: string; version: number; kind: "delta" | "snapshot" }[] = [];
    for (const name of names) {
      const m = FILE_RE.exec(name);
      if (m) out.push({ name, version: Number(m[1]), kind: m[2] as "delta" | "snapshot" });
    }
    return out;
  }

  private async writeSnapshot(version: number, map: Map<string, unknown>): Promise<void> {
    let bytes = 0;
    writeStateFile(this.snapshotPath(version), (w) => {
      for (const [k, v] of map) {
        const enc = this.encode(v);
        w.put(k, enc);
        bytes += k.length + enc.length;
      }
    });
    if (map.size) this.avgEncoded = bytes / map.size;
  }

  /** The map of `version`: the newest snapshot at or below it, then the deltas after it, decoded record by record. */
  private async readVersion(version: number): Promise<Map<string, unknown>> {
    if (version === 0) return new Map();
    removeStaleTempFiles(this.dir);
    const files = this.listFiles();
    const snapshot = files
      .filter((f) => f.kind === "snapshot" && f.version <= version)
      .reduce((best, f) => Math.max(best, f.version), 0);
    const map = new Map<string, unknown>();
    if (snapshot > 0) {
      const file = this.snapshotPath(snapshot);
      for (const [key, value] of await this.records(file, "snapshot")) {
        if (value === undefined) throw new SparkException(`Error reading snapshot file ${file} of ${this}: a removal in a snapshot`);
        map.set(key, this.decode(value));
      }
    }
    for (let v = snapshot + 1; v <= version; v++) {
      const file = this.deltaPath(v);
      if (!fs.existsSync(file))
        throw new SparkException(`Error reading delta file ${file} of ${this}: ${file} does not exist`);
      for (const [key, value] of await this.records(file, "delta")) {
        if (value === undefined) map.delete(key);
        else map.set(key, this.decode(value));
      }
    }
    return map;
  }

  /** A state file's records; files of the earlier JSON-lines format are read too. */
  private async records(file: string, kind: "delta" | "snapshot"): Promise<Iterable<[string, string | undefined]>> {
    if (await isJsonLines(file)) return readLegacyRecords(file, this);
    return readStateFile(file, `${kind} file ${file} of ${this}`);
  }
}

/** The earlier format's files are empty or start with "{"; the binary ones never do (a record starts with a size). */
async function isJsonLines(file: string): Promise<boolean> {
  const fh = await fsp.open(file, "r");
  try {
    const b = Buffer.alloc(1);
    const { bytesRead } = await fh.read(b, 0, 1, 0);
    return bytesRead === 0 || b[0] === 0x7b;
  } finally {
    await fh.close();
  }
}

/** Records of a JSON-lines file: {"op":"put"|"remove","key","value"} (deltas) or {"key","value"} (snapshots). */
async function readLegacyRecords(file: string, store: HdfsStateStore): Promise<[string, string | undefined][]> {
  const out: [string, string | undefined][] = [];
  for (const rec of await readRecords(file, store)) {
    if (typeof rec.key !== "string") throw corrupt(file, store, rec);
    if (rec.op === "remove") out.push([rec.key, undefined]);
    else if ((rec.op === undefined || rec.op === "put") && "value" in rec) out.push([rec.key, JSON.stringify(rec.value)]);
    else throw corrupt(file, store, rec);
  }
  return out;
}

function corrupt(file: string, store: HdfsStateStore, rec: unknown): SparkException {
  return new SparkException(`Error reading state file ${file} of ${store}: unexpected record ${JSON.stringify(rec)}`);
}

async function readRecords(file: string, store: HdfsStateStore): Promise<Record<string, unknown>[]> {
  const text = await fsp.readFile(file, "utf8");
  if (text.length && !text.endsWith("\n")) throw new SparkException(`Error reading state file ${file} of ${store}: the file is truncated`);
  const out: Record<string, unknown>[] = [];
  for (const line of text.split("\n")) {
    if (line === "") continue;
    try {
      out.push(JSON.parse(line));
    } catch {
      throw new SparkException(`Error reading state file ${file} of ${store}: cannot parse ${JSON.stringify(line.slice(0, 200))}`);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Value codec: JSON plus tags for what JSON cannot hold.

/** JSON text of a state value, with tagged objects for NaN, ±Infinity, -0, bigint, binary, Map, undefined. */
function encodeJson(v: unknown): string {
  return JSON.stringify(encodeValue(v));
}

/** The value encodeJson wrote. */
function decodeJson(text: string): unknown {
  return decodeValue(JSON.parse(text));
}

export function encodeValue(v: unknown): unknown {
  switch (typeof v) {
    case "number":
      if (Number.isNaN(v)) return { $t: "NaN" };
      if (v === Infinity) return { $t: "Infinity" };
      if (v === -Infinity) return { $t: "-Infinity" };
      if (Object.is(v, -0)) return { $t: "-0" };
      return v;
    case "bigint":
      return { $t: "bigint", v: v.toString() };
    case "undefined":
      return { $t: "undefined" };
    case "string":
    case "boolean":
      return v;
    case "object": {
      if (v === null) return null;
      if (Array.isArray(v)) return v.map(encodeValue);
      if (v instanceof Uint8Array) return { $t: "binary", v: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64") };
      if (v instanceof Map) return { $t: "map", v: [...v].map(([k, x]) => [encodeValue(k), encodeValue(x)]) };
      if (v instanceof Date) return { $t: "date", v: v.getTime() };
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) o[k] = encodeValue(x);
      return "$t" in o ? { $t: "object", v: o } : o;
    }
    default:
      throw new SparkException(`Cannot store a ${typeof v} in the state store`);
  }
}

export function decodeValue(v: unknown): unknown {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(decodeValue);
  const o = v as Record<string, unknown>;
  if (typeof o.$t === "string") {
    switch (o.$t) {
      case "NaN":
        return NaN;
      case "Infinity":
        return Infinity;
      case "-Infinity":
        return -Infinity;
      case "-0":
        return -0;
      case "bigint":
        return BigInt(o.v as string);
      case "undefined":
        return undefined;
      case "binary":
        return new Uint8Array(Buffer.from(o.v as string, "base64"));
      case "map":
        return new Map((o.v as [unknown, unknown][]).map(([k, x]) => [decodeValue(k), decodeValue(x)]));
      case "date":
        return new Date(o.v as number);
      case "object": {
        const inner = o.v as Record<string, unknown>;
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(inner)) out[k] = decodeValue(x);
        return out;
      }
    }
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) out[k] = decodeValue(x);
  return out;
}
