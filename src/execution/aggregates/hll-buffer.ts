/**
 * approx_count_distinct's aggregate buffer, compact for the many small groups of a big state:
 *
 *   sparse  number[]    the registers set so far, one packed pair (idx * 64 + rank) each, unique
 *                       by idx, in order of first setting; at most `sparseMax` of them
 *   dense   Uint8Array  all m registers (HyperLogLogPlusPlus' buffer), once a group outgrows sparse
 *
 * Spark's HLL++ buffer is always dense; the estimate depends only on the register values, so a
 * sparse buffer is expanded into a scratch register array for `query` and gives Spark's estimate
 * bit for bit. A sparse array is replaced (not grown) when a register is added, so it stays exact
 * size; the empty buffer is one shared frozen array.
 *
 * State text: dense → HyperLogLogPlusPlus.toJSON (m base64url characters, the format of earlier
 * checkpoints); sparse → "~" then each pair as ceil((p + 6) / 6) base64url digits, big-endian.
 */
import { IllegalArgumentException } from "../../errors";
import { ALPHABET, DECODE, HyperLogLogPlusPlus } from "./hyperloglog";

export type HllBuffer = number[] | Uint8Array;

const EMPTY: number[] = Object.freeze([]) as unknown as number[];

export class HllBuffers {
  /** Registers a sparse buffer holds before it turns dense (its array then costs about what m bytes do). */
  readonly sparseMax: number;
  private readonly digits: number;
  private readonly scratch: Uint8Array;

  constructor(readonly hll: HyperLogLogPlusPlus) {
    this.sparseMax = Math.max(1, Math.min(64, hll.m >> 3));
    this.digits = Math.ceil((hll.p + 6) / 6);
    this.scratch = new Uint8Array(hll.m);
  }

  empty(): HllBuffer {
    return EMPTY;
  }

  /** Sets one packed pair (see HyperLogLogPlusPlus.pack; -1 does nothing); returns the buffer, which may be a new one. */
  add(buf: HllBuffer, packed: number): HllBuffer {
    if (packed < 0) return buf;
    const rank = packed & 63;
    const base = packed - rank;
    if (!Array.isArray(buf)) {
      const idx = base / 64;
      if (buf[idx] < rank) buf[idx] = rank;
      return buf;
    }
    const n = buf.length;
    for (let i = 0; i < n; i++) {
      const e = buf[i];
      if (e - (e & 63) === base) {
        if ((e & 63) < rank) buf[i] = packed;
        return buf;
      }
    }
    if (n >= this.sparseMax) {
      const dense = this.toDense(buf);
      dense[base / 64] = rank;
      return dense;
    }
    const grown = new Array<number>(n + 1);
    for (let i = 0; i < n; i++) grown[i] = buf[i];
    grown[n] = packed;
    return grown;
  }

  /** Register-wise max of a and b (Spark's merge); returns the merged buffer (a, or a new one). */
  merge(a: HllBuffer, b: HllBuffer): HllBuffer {
    if (Array.isArray(b)) {
      for (const e of b) a = this.add(a, e);
      return a;
    }
    const into = Array.isArray(a) ? this.toDense(a) : a;
    this.hll.merge(into, b);
    return into;
  }

  /** The estimate, exactly as Spark's (see HyperLogLogPlusPlus.query). */
  query(buf: HllBuffer): number {
    if (!Array.isArray(buf)) return this.hll.query(buf);
    const regs = this.scratch;
    regs.fill(0);
    for (const e of buf) regs[(e - (e & 63)) / 64] = e & 63;
    return this.hll.query(regs);
  }

  /** The buffer's state text (see the header). */
  toState(buf: HllBuffer): string {
    if (!Array.isArray(buf)) return this.hll.toJSON(buf) as string;
    const d = this.digits;
    const codes = new Array<number>(1 + buf.length * d);
    codes[0] = 0x7e; // "~"
    let k = 1;
    for (const e of buf) for (let j = d - 1; j >= 0; j--) codes[k++] = ALPHABET.charCodeAt(Math.floor(e / 64 ** j) % 64);
    return String.fromCharCode(...codes);
  }

  /** The buffer `toState` wrote (or an earlier checkpoint's dense text). */
  fromState(s: unknown): HllBuffer {
    if (typeof s !== "string" || s[0] !== "~") return this.hll.fromJSON(s as string);
    const d = this.digits;
    if ((s.length - 1) % d !== 0) throw new IllegalArgumentException(`HyperLogLog++ sparse state has a bad length ${s.length}`);
    const n = (s.length - 1) / d;
    if (n === 0) return EMPTY;
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (let j = 0; j < d; j++) {
        const c = s.charCodeAt(1 + i * d + j);
        const x = c < 128 ? DECODE[c] : -1;
        if (x < 0) throw new IllegalArgumentException(`HyperLogLog++ state has an invalid character at ${1 + i * d + j}`);
        v = v * 64 + x;
      }
      if ((v - (v & 63)) / 64 >= this.hll.m) throw new IllegalArgumentException(`HyperLogLog++ sparse state names register ${(v - (v & 63)) / 64} of ${this.hll.m}`);
      out[i] = v;
    }
    return out.length > this.sparseMax ? this.toDense(out) : out;
  }

  private toDense(sparse: number[]): Uint8Array {
    const regs = this.hll.newBuffer();
    for (const e of sparse) regs[(e - (e & 63)) / 64] = e & 63;
    return regs;
  }
}
