/**
 * Spark's HDFSBackedStateStoreProvider, for one stateful operator and one partition:
 * a versioned key → value map kept in memory and made durable as files under
 *
 *     <checkpoint>/state/<operatorId>/<partitionId>/<version>.delta      every version
 *     <checkpoint>/state/<operatorId>/<partitionId>/<version>.snapshot   every 10th version
 *
 * File format (JSON lines, one record per line, each line ending in "\n"):
 *   .delta     {"op":"put","key":"spark","value":4}   {"op":"remove","key":"scala"}
 *              only the keys changed or removed by that version, in the order of the changes
 *   .snapshot  {"key":"spark","value":4}               the whole map at that version
 * Values are encoded so that what the engine stores round-trips: NaN, ±Infinity, -0, bigint,
 * binary (Uint8Array), Map and undefined are written as tagged objects {"$t":…}.
 *
 * Every file is written atomically (temp file, fsync, rename): a version is durable exactly when
 * its `.delta` appears, and a crash in the middle of a commit leaves the previous version intact.
 * `load(v)` = newest snapshot ≤ v, then the deltas after it. The map of the last committed
 * version stays in memory, so loading the version just committed (the usual next batch) reads
 * nothing from disk.
 *
 * Values are treated as immutable: `put` a new value instead of changing the object `get`
 * returned (the committed version shares those objects, and `abort` must be able to restore it).
 */
import * as fs from "node:fs";
import * as fsp from "node:fs/promises";
import * as path from "node:path";
import { SparkException } from "../../errors";
import type { StateStore } from "../../connector-api/state-store";
import { removeStaleTempFiles, writeFileAtomic } from "../checkpoint/atomic-file";

export interface HdfsStateStoreOptions {
  /** `<checkpoint>/state` (Checkpoint.stateDir()). */
  stateDir: string;
  operatorId?: number;
  partitionId?: number;
  /** A snapshot is written when the new version is a multiple of this (spark.sql.streaming.stateStore.minDeltasForSnapshot, 10). */
  minDeltasForSnapshot?: number;
  /** Versions kept on disk by `purge` (spark.sql.streaming.minBatchesToRetain, 100). */
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
type Change = unknown | typeof TOMBSTONE;

const FILE_RE = /^(\d+)\.(delta|snapshot)$/;

export class HdfsStateStore implements StateStore {
  readonly dir: string;
  readonly operatorId: number;
  readonly partitionId: number;
  private readonly minDeltasForSnapshot: number;
  private readonly minVersionsToRetain: number;
  private readonly autoPurge: boolean;

  /** The committed map of `baseVersion` (shared with the cache; mutated only by commit). */
  private base = new Map<string, unknown>();
  private baseVersion = 0;
  private baseBytes = 0;
  private loaded = false;
  /** Uncommitted changes on top of `base`, in order of first change. */
  private changes = new Map<string, Change>();
  private sizeDelta = 0;
  private bytesDelta = 0;
  private updates = 0;
  private removals = 0;
  private cacheHits = 0;
  private cacheMisses = 0;

  constructor(options: HdfsStateStoreOptions) {
    this.operatorId = options.operatorId ?? 0;
    this.partitionId = options.partitionId ?? 0;
    this.minDeltasForSnapshot = options.minDeltasForSnapshot ?? 10;
    this.minVersionsToRetain = options.minVersionsToRetain ?? 100;
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

  /** Loads committed `version` (0 = empty) and drops uncommitted changes. */
  async load(version: number): Promise<void> {
    if (!Number.isSafeInteger(version) || version < 0) throw new SparkException(`Version cannot be less than 0 (got ${version})`);
    this.resetChanges();
    if (this.loaded && version === this.baseVersion) {
      this.cacheHits++;
      return;
    }
    this.cacheMisses++;
    const map = await this.readVersion(version);
    this.base = map;
    this.baseVersion = version;
    this.baseBytes = 0;
    for (const [k, v] of map) this.baseBytes += entryBytes(k, v);
    this.loaded = true;
  }

  get(key: string): unknown {
    if (this.changes.has(key)) {
      const c = this.changes.get(key);
      return c === TOMBSTONE ? undefined : c;
    }
    return this.base.get(key);
  }

  has(key: string): boolean {
    if (this.changes.has(key)) return this.changes.get(key) !== TOMBSTONE;
    return this.base.has(key);
  }

  put(key: string, value: unknown): void {
    this.requireLoaded();
    if (typeof key !== "string") throw new SparkException(`State store keys must be strings, got ${typeof key}`);
    const existed = this.has(key);
    if (existed) this.bytesDelta -= entryBytes(key, this.get(key));
    else this.sizeDelta++;
    this.bytesDelta += entryBytes(key, value);
    this.changes.set(key, value);
    this.updates++;
  }

  remove(key: string): void {
    this.requireLoaded();
    if (!this.has(key)) return;
    this.bytesDelta -= entryBytes(key, this.get(key));
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
    let delta = "";
    for (const [k, c] of this.changes) {
      if (c === TOMBSTONE) {
        if (this.base.has(k)) delta += JSON.stringify({ op: "remove", key: k }) + "\n";
      } else delta += `{"op":"put","key":${JSON.stringify(k)},"value":${encodeJson(c)}}\n`;
    }
    await writeFileAtomic(this.deltaPath(newVersion), delta);
    // The version is durable; apply the changes to the in-memory committed map.
    for (const [k, c] of this.changes) {
      if (c === TOMBSTONE) this.base.delete(k);
      else this.base.set(k, c);
    }
    this.baseBytes += this.bytesDelta;
    this.baseVersion = newVersion;
    this.resetChanges();
    if (newVersion % this.minDeltasForSnapshot === 0) {
      await this.writeSnapshot(newVersion, this.base);
      if (this.autoPurge) await this.purge();
    }
    return newVersion;
  }

  /** Drops uncommitted changes; the store is back at the loaded version. */
  abort(): void {
    this.resetChanges();
  }

  memoryUsedBytes(): number {
    return Math.max(0, this.baseBytes + this.bytesDelta);
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
    this.bytesDelta = 0;
    this.updates = 0;
    this.removals = 0;
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
    const parts: string[] = [];
    for (const [k, v] of map) parts.push(`{"key":${JSON.stringify(k)},"value":${encodeJson(v)}}\n`);
    await writeFileAtomic(this.snapshotPath(version), parts.join(""));
  }

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
      for (const rec of await readRecords(file, this)) {
        if (typeof rec.key !== "string" || !("value" in rec)) throw corrupt(file, this, rec);
        map.set(rec.key, decodeValue(rec.value));
      }
    }
    for (let v = snapshot + 1; v <= version; v++) {
      const file = this.deltaPath(v);
      if (!fs.existsSync(file))
        throw new SparkException(`Error reading delta file ${file} of ${this}: ${file} does not exist`);
      for (const rec of await readRecords(file, this)) {
        if (rec.op === "put" && typeof rec.key === "string") map.set(rec.key, decodeValue(rec.value));
        else if (rec.op === "remove" && typeof rec.key === "string") map.delete(rec.key);
        else throw corrupt(file, this, rec);
      }
    }
    return map;
  }
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
export function encodeJson(v: unknown): string {
  return JSON.stringify(encodeValue(v));
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

/** A rough size of one entry in memory (Spark reports SizeEstimator's figure; this is comparable, not equal). */
function entryBytes(key: string, value: unknown): number {
  return 64 + 2 * key.length + valueBytes(value, 0);
}

function valueBytes(v: unknown, depth: number): number {
  if (depth > 8) return 16;
  switch (typeof v) {
    case "string":
      return 40 + 2 * v.length;
    case "number":
      return 16;
    case "bigint":
      return 24;
    case "boolean":
    case "undefined":
      return 8;
    case "object": {
      if (v === null) return 8;
      if (Array.isArray(v)) return v.reduce((s: number, x) => s + valueBytes(x, depth + 1), 32);
      if (v instanceof Uint8Array) return 48 + v.byteLength;
      if (v instanceof Map) {
        let s = 64;
        for (const [k, x] of v) s += 32 + valueBytes(k, depth + 1) + valueBytes(x, depth + 1);
        return s;
      }
      let s = 48;
      for (const [k, x] of Object.entries(v)) s += 16 + 2 * k.length + valueBytes(x, depth + 1);
      return s;
    }
    default:
      return 16;
  }
}
