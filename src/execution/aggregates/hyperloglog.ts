/**
 * approx_count_distinct: Spark's HyperLogLog++ (`HyperLogLogPlusPlusHelper`, Spark 3.x), bit for bit.
 *
 * Buffer: one byte per register (`Uint8Array` of m = 2^p). Spark packs 6-bit registers ten to a
 * long (`MS[i]` buffer columns), but update, merge and the estimate depend only on the register
 * values, so the estimates are identical.
 *
 * Hash: XXH64 with seed 42 of the value as Spark hashes it (see xxhash64.ts); floats and doubles
 * are normalised first (-0.0 → 0.0, every NaN → the canonical NaN), as Spark 3.1+ does.
 *
 * Estimate: raw HLL estimate, bias correction by the mean bias of the K = 6 nearest raw estimates
 * in the empirical tables (p < 19, E < 5m), linear counting when some register is zero and
 * (H <= THRESHOLDS(p-4) or E <= 2.5m), Java Math.round. The tables are Spark's (data/hllpp-tables.json,
 * identical to the arrays in spark-catalyst 3.5).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { IllegalArgumentException } from "../../errors";
import {
  XXH64_OUT,
  hashBytes,
  hashDouble,
  hashFloat,
  hashInt,
  hashLong,
  hashLongWords,
  hashString,
} from "./xxhash64";

interface Tables {
  thresholds: number[];
  rawEstimateData: number[][];
  biasData: number[][];
}

let tables: Tables | undefined;
function loadTables(): Tables {
  if (!tables) {
    const file = path.join(__dirname, "..", "..", "..", "data", "hllpp-tables.json");
    const t = JSON.parse(fs.readFileSync(file, "utf8")) as Tables;
    tables = { thresholds: t.thresholds, rawEstimateData: t.rawEstimateData, biasData: t.biasData };
  }
  return tables;
}

/** Spark's K: number of nearest raw estimates averaged for the bias. */
const K = 6;

/** INV_POW2[k] = 1.0 / (1L << k) as Java computes it (k = 63 gives a negative long). */
const INV_POW2 = new Float64Array(64);
for (let k = 0; k < 64; k++) INV_POW2[k] = k === 63 ? -1 / 2 ** 63 : 1 / 2 ** k;

/** base64url alphabet: register value v (0..63) is written as ALPHABET[v]. */
export const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
export const DECODE = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

/** A long as Spark hashes it: a JS number (exact to 2^53) or a BigInt. */
function hashLongValue(l: number | bigint): void {
  if (typeof l === "number") hashLongWords(Math.floor(l / 4294967296) | 0, l | 0);
  else hashLong(l);
}

export interface HyperLogLogOptions {
  /**
   * Largest number of distinct strings whose (register, rank) pair updateString remembers
   * (default 4096; 0 turns the memo off). The memo switches itself off for a while when it does
   * not pay (mostly distinct strings).
   */
  memoLimit?: number;
}

/** The Spark type names `update` dispatches on (PySpark typeName, plus the SQL aliases). */
export type HllTypeName =
  | "string" | "integer" | "int" | "long" | "bigint" | "short" | "smallint" | "byte" | "tinyint"
  | "double" | "float" | "boolean" | "date" | "timestamp" | "timestamp_ntz" | "binary";

export class HyperLogLogPlusPlus {
  readonly relativeSD: number;
  /** Number of index bits. */
  readonly p: number;
  /** Number of registers, 2^p. */
  readonly m: number;
  /** Spark's buffer width in longs (m / 10 + 1), for reference. */
  readonly numWords: number;
  readonly alphaM2: number;
  private readonly idxShift: number; // 32 - p: idx = hi >>> idxShift
  private readonly wPadding: number; // 1 << (p - 1), in the low word

  private readonly memoLimit: number;
  private readonly memo = new Map<string, number>();
  private memoHits = 0;
  private memoPaused = 0;
  private memoBackoff = 4;

  constructor(relativeSD = 0.05, options: HyperLogLogOptions = {}) {
    this.relativeSD = relativeSD;
    const p = Math.ceil((2.0 * Math.log(1.106 / relativeSD)) / Math.log(2.0));
    if (!(p >= 4)) {
      throw new IllegalArgumentException(
        "requirement failed: HLL++ requires at least 4 bits for addressing. Use a lower error, at most 39%.",
      );
    }
    if (p > 30) {
      throw new IllegalArgumentException(`relativeSD ${relativeSD} needs 2^${p} registers; Iskra supports at most 2^30 (relativeSD >= 0.00004).`);
    }
    this.p = p;
    this.m = 1 << p;
    this.numWords = Math.floor(this.m / 10) + 1;
    this.idxShift = 32 - p;
    this.wPadding = 1 << (p - 1);
    const m = this.m;
    this.alphaM2 =
      p === 4 ? 0.673 * m * m : p === 5 ? 0.697 * m * m : p === 6 ? 0.709 * m * m : (0.7213 / (1.0 + 1.079 / m)) * m * m;
    this.memoLimit = options.memoLimit ?? 4096;
  }

  /** Spark's trueRsd: 1.04 / sqrt(m). */
  get trueRsd(): number {
    return 1.04 / Math.sqrt(this.m);
  }

  /** An empty buffer: m registers, all zero. */
  newBuffer(): Uint8Array {
    return new Uint8Array(this.m);
  }

  /** Registers the 64-bit hash hi:lo. */
  updateHash(buf: Uint8Array, hi: number, lo: number): void {
    const p = this.p;
    const idx = hi >>> this.idxShift;
    // rank = numberOfLeadingZeros((x << p) | wPadding) + 1
    const wh = (hi << p) | (lo >>> this.idxShift);
    const rank = wh !== 0 ? Math.clz32(wh) + 1 : 33 + Math.clz32((lo << p) | this.wPadding);
    if (buf[idx] < rank) buf[idx] = rank;
  }

  /** The (register, rank) pair of the last hash, packed as idx * 64 + rank. */
  private packLast(): number {
    const hi = XXH64_OUT[1], lo = XXH64_OUT[0];
    const wh = (hi << this.p) | (lo >>> this.idxShift);
    const rank = wh !== 0 ? Math.clz32(wh) + 1 : 33 + Math.clz32((lo << this.p) | this.wPadding);
    return (hi >>> this.idxShift) * 64 + rank;
  }

  /** Sets register idx to rank when that raises it (packed = idx * 64 + rank; -1: nothing). */
  private setPacked(buf: Uint8Array, packed: number): void {
    if (packed < 0) return;
    const idx = (packed - (packed & 63)) / 64, rank = packed & 63;
    if (buf[idx] < rank) buf[idx] = rank;
  }

  /** StringType value (hashes its UTF-8 bytes). */
  updateString(buf: Uint8Array, s: string): void {
    this.setPacked(buf, this.packString(s));
  }

  /** The packed pair of a string, through the memo. */
  private packString(s: string): number {
    if (this.memoLimit > 0) {
      if (this.memoPaused === 0) {
        const v = this.memo.get(s);
        if (v !== undefined) {
          this.memoHits++;
          return v;
        }
        hashString(s);
        const packed = this.packLast();
        if (this.memo.size >= this.memoLimit) this.memoFull();
        if (this.memoPaused === 0) this.memo.set(s, packed);
        return packed;
      }
      this.memoPaused--;
    }
    hashString(s);
    return this.packLast();
  }

  /**
   * The memo is full: start over; when fewer than half the lookups hit, rest first, twice as long
   * as last time (up to 256 fills' worth of updates), so a stream of distinct strings pays almost
   * nothing for it.
   */
  private memoFull(): void {
    if (this.memoHits < this.memo.size) {
      this.memoBackoff = Math.min(this.memoBackoff * 2, 256);
      this.memoPaused = this.memoLimit * this.memoBackoff;
    } else {
      this.memoBackoff = 4;
    }
    this.memo.clear();
    this.memoHits = 0;
  }

  /** StringType value given as UTF-8 bytes in place (e.g. inside a Kafka record buffer); BinaryType. */
  updateUtf8(buf: Uint8Array, bytes: Uint8Array, offset: number, length: number): void {
    hashBytes(bytes, offset, length);
    this.updateHash(buf, XXH64_OUT[1], XXH64_OUT[0]);
  }

  /** IntegerType / ShortType / ByteType / DateType (days) value. */
  updateInt(buf: Uint8Array, i: number): void {
    hashInt(i | 0);
    this.updateHash(buf, XXH64_OUT[1], XXH64_OUT[0]);
  }

  /** LongType / TimestampType (microseconds) value: a JS number (exact to 2^53) or a BigInt. */
  updateLong(buf: Uint8Array, l: number | bigint): void {
    hashLongValue(l);
    this.updateHash(buf, XXH64_OUT[1], XXH64_OUT[0]);
  }

  /** DoubleType value (-0.0 counts as 0.0, all NaNs as one value). */
  updateDouble(buf: Uint8Array, d: number): void {
    hashDouble(d);
    this.updateHash(buf, XXH64_OUT[1], XXH64_OUT[0]);
  }

  /** FloatType value (rounded to float32 first; -0.0f counts as 0.0f, all NaNs as one value). */
  updateFloat(buf: Uint8Array, f: number): void {
    hashFloat(f);
    this.updateHash(buf, XXH64_OUT[1], XXH64_OUT[0]);
  }

  /** BooleanType value (hashed as the int 1 or 0). */
  updateBoolean(buf: Uint8Array, b: boolean): void {
    this.updateInt(buf, b ? 1 : 0);
  }

  /**
   * One input value of the given Spark type (engine representation, see data-types.ts).
   * null and undefined are skipped, as Spark skips nulls.
   */
  update(buf: Uint8Array, value: unknown, typeName: HllTypeName | string): void {
    this.setPacked(buf, this.pack(value, typeName));
  }

  /**
   * The (register, rank) pair one input value sets, packed as idx * 64 + rank; -1 for null and
   * undefined. Sparse buffers (hll-buffer.ts) keep these pairs instead of m registers.
   */
  pack(value: unknown, typeName: HllTypeName | string): number {
    if (value === null || value === undefined) return -1;
    switch (typeName) {
      case "string":
        if (typeof value === "string") return this.packString(value);
        if (value instanceof Uint8Array) hashBytes(value, 0, value.length);
        else return this.packString(String(value));
        break;
      case "integer": case "int": case "short": case "smallint": case "byte": case "tinyint": case "date":
        hashInt((value as number) | 0);
        break;
      case "long": case "bigint": case "timestamp": case "timestamp_ntz":
        hashLongValue(value as number | bigint);
        break;
      case "double":
        hashDouble(value as number);
        break;
      case "float":
        hashFloat(value as number);
        break;
      case "boolean":
        hashInt(value ? 1 : 0);
        break;
      case "binary": {
        const b = value as Uint8Array;
        hashBytes(b, 0, b.length);
        break;
      }
      default:
        throw new IllegalArgumentException(`approx_count_distinct does not support values of type ${typeName}`);
    }
    return this.packLast();
  }

  /** The packed (register, rank) pair of the 64-bit hash hi:lo. */
  packHash(hi: number, lo: number): number {
    XXH64_OUT[1] = hi;
    XXH64_OUT[0] = lo;
    return this.packLast();
  }

  /** Merges `other` into `into`: register-wise max (Spark's merge). */
  merge(into: Uint8Array, other: Uint8Array): void {
    const m = this.m;
    for (let i = 0; i < m; i++) {
      const r = other[i];
      if (r > into[i]) into[i] = r;
    }
  }

  /** The estimate, exactly as Spark's HyperLogLogPlusPlusHelper.query. */
  query(buf: Uint8Array): number {
    const m = this.m, p = this.p;
    let zInverse = 0.0;
    let V = 0.0;
    for (let i = 0; i < m; i++) {
      const r = buf[i];
      zInverse += INV_POW2[r & 63];
      if (r === 0) V += 1.0;
    }
    const E = this.alphaM2 / zInverse;
    let estimate: number;
    if (V > 0) {
      const H = m * Math.log(m / V);
      if ((p < 19 && H <= loadTables().thresholds[p - 4]) || E <= 2.5 * m) estimate = H;
      else estimate = this.biasCorrected(E);
    } else {
      estimate = this.biasCorrected(E);
    }
    return Math.round(estimate); // same as Java Math.round for the non-negative values seen here
  }

  private biasCorrected(e: number): number {
    return this.p < 19 && e < 5.0 * this.m ? e - this.estimateBias(e) : e;
  }

  /** Spark's estimateBias: mean bias of the K raw estimates nearest to e. */
  estimateBias(e: number): number {
    const t = loadTables();
    const estimates = t.rawEstimateData[this.p - 4];
    const n = estimates.length;
    // java.util.Arrays.binarySearch(estimates, 0, n, e)
    let lo = 0, hi = n - 1, ix = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = estimates[mid];
      if (v < e) lo = mid + 1;
      else if (v > e) hi = mid - 1;
      else { ix = mid; break; }
    }
    const nearest = ix >= 0 ? ix : lo;
    const distance = (i: number): number => {
      const diff = e - estimates[i];
      return diff * diff;
    };
    let low = Math.max(nearest - K + 1, 0);
    let high = Math.min(low + K, n);
    while (high < n && distance(high) < distance(low)) {
      low++;
      high++;
    }
    const biases = t.biasData[this.p - 4];
    let biasSum = 0.0;
    for (let i = low; i < high; i++) biasSum += biases[i];
    return biasSum / (high - low);
  }

  /**
   * A compact string for the state store: one base64url character per register (m characters).
   * (Called with no buffer, e.g. by JSON.stringify on the aggregate itself, it describes the aggregate.)
   */
  toJSON(buf?: unknown): any {
    if (!(buf instanceof Uint8Array)) return { relativeSD: this.relativeSD, p: this.p };
    if (buf.length !== this.m) throw new IllegalArgumentException(`HyperLogLog++ buffer has ${buf.length} registers, expected ${this.m}`);
    let s = "";
    const m = this.m;
    for (let i = 0; i < m; i += 1024) {
      const end = Math.min(i + 1024, m);
      const codes = new Array<number>(end - i);
      for (let j = i; j < end; j++) codes[j - i] = ALPHABET.charCodeAt(buf[j] & 63);
      s += String.fromCharCode(...codes);
    }
    return s;
  }

  /** The buffer written by toJSON. */
  fromJSON(s: string): Uint8Array {
    if (typeof s !== "string" || s.length !== this.m) {
      throw new IllegalArgumentException(`HyperLogLog++ state does not fit p = ${this.p} (expected ${this.m} registers)`);
    }
    const buf = new Uint8Array(this.m);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      const v = c < 128 ? DECODE[c] : -1;
      if (v < 0) throw new IllegalArgumentException(`HyperLogLog++ state has an invalid character at ${i}`);
      buf[i] = v;
    }
    return buf;
  }
}
