/**
 * The random number generators behind Spark's sample() and randomSplit(), bit for bit:
 * - XORShiftRandom (org.apache.spark.util.random), seeded through Scala's MurmurHash3.bytesHash
 *   of the seed's 8 big-endian bytes; nextDouble as java.util.Random composes it;
 * - java.util.Random's LCG (PartitionwiseSampledRDD draws each partition's seed with nextLong);
 * - commons-math3's Well19937c and PoissonDistribution.sample() for a mean below 40 (Spark's
 *   PoissonSampler, sampling with replacement).
 * 64-bit arithmetic is done in BigInt (Java's long wraps; these are not on a hot path).
 */
import { fmix, mixH1, mixK1 } from "./aggregates/murmur3";

const MASK64 = (1n << 64n) - 1n;
const DOUBLE_UNIT = 2 ** -53;

/** scala.util.hashing.MurmurHash3.bytesHash: little-endian 4-byte blocks, then the tail. */
function bytesHash(data: Uint8Array, seed: number): number {
  let h = seed | 0;
  let i = 0;
  for (; i + 4 <= data.length; i += 4) h = mixH1(h, mixK1(data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24)));
  const rest = data.length - i;
  if (rest > 0) {
    let k = 0;
    if (rest === 3) k ^= data[i + 2] << 16;
    if (rest >= 2) k ^= data[i + 1] << 8;
    k ^= data[i];
    h ^= mixK1(k);
  }
  return fmix(h, data.length);
}

/** Spark's XORShiftRandom(seed). */
export class XORShiftRandom {
  private seed: bigint;
  constructor(seed: bigint) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setBigInt64(0, BigInt.asIntN(64, seed));
    const low = bytesHash(bytes, 0x3c074a61);
    const high = bytesHash(bytes, low);
    this.seed = ((BigInt(high) << 32n) | (BigInt(low) & 0xffffffffn)) & MASK64;
  }
  next(bits: number): number {
    let s = this.seed;
    s = (s ^ (s << 21n)) & MASK64;
    s ^= s >> 35n;
    s = (s ^ (s << 4n)) & MASK64;
    this.seed = s;
    return Number(s & ((1n << BigInt(bits)) - 1n));
  }
  nextDouble(): number {
    return (this.next(26) * 2 ** 27 + this.next(27)) * DOUBLE_UNIT;
  }
}

/** java.util.Random(seed): the 48-bit LCG. */
export class JavaRandom {
  private seed: bigint;
  private static readonly MULT = 0x5deece66dn;
  private static readonly MASK = (1n << 48n) - 1n;
  constructor(seed: bigint) {
    this.seed = (BigInt.asUintN(64, seed) ^ JavaRandom.MULT) & JavaRandom.MASK;
  }
  next(bits: number): number {
    this.seed = (this.seed * JavaRandom.MULT + 0xbn) & JavaRandom.MASK;
    return Number(BigInt.asIntN(32, this.seed >> BigInt(48 - bits)));
  }
  nextLong(): bigint {
    return BigInt.asIntN(64, (BigInt(this.next(32)) << 32n) + BigInt(this.next(32)));
  }
}

/** commons-math3 Well19937c (WELL generator, Matsumoto-Kurita tempering). */
export class Well19937c {
  private static readonly R = 624;
  private readonly v = new Int32Array(Well19937c.R);
  private index = 0;
  private static readonly tables = (() => {
    const r = Well19937c.R;
    const t = { iRm1: new Int32Array(r), iRm2: new Int32Array(r), i1: new Int32Array(r), i2: new Int32Array(r), i3: new Int32Array(r) };
    for (let j = 0; j < r; j++) {
      t.iRm1[j] = (j + r - 1) % r;
      t.iRm2[j] = (j + r - 2) % r;
      t.i1[j] = (j + 70) % r;
      t.i2[j] = (j + 179) % r;
      t.i3[j] = (j + 449) % r;
    }
    return t;
  })();
  constructor(seed: bigint) {
    const s = BigInt.asIntN(64, seed);
    this.v[0] = Number(BigInt.asIntN(32, s >> 32n));
    this.v[1] = Number(BigInt.asIntN(32, s));
    for (let i = 2; i < Well19937c.R; i++) {
      const l = BigInt(this.v[i - 2]); // sign-extended, as Java's long l = v[i - seed.length]
      this.v[i] = Number(BigInt.asIntN(32, 1812433253n * (l ^ (l >> 30n)) + BigInt(i)));
    }
  }
  next(bits: number): number {
    const { iRm1, iRm2, i1, i2, i3 } = Well19937c.tables;
    const v = this.v, index = this.index;
    const indexRm1 = iRm1[index], indexRm2 = iRm2[index];
    const v0 = v[index], vM1 = v[i1[index]], vM2 = v[i2[index]], vM3 = v[i3[index]];
    const z0 = (0x80000000 & v[indexRm1]) ^ (0x7fffffff & v[indexRm2]);
    const z1 = v0 ^ (v0 << 25) ^ (vM1 ^ (vM1 >>> 27));
    const z2 = (vM2 >>> 9) ^ (vM3 ^ (vM3 >>> 1));
    const z3 = z1 ^ z2;
    let z4 = z0 ^ (z1 ^ (z1 << 9)) ^ (z2 ^ (z2 << 21)) ^ (z3 ^ (z3 >>> 21));
    v[index] = z3;
    v[indexRm1] = z4;
    v[indexRm2] &= 0x80000000;
    this.index = indexRm1;
    z4 ^= (z4 << 7) & 0xe46e1700;
    z4 ^= (z4 << 15) & 0x9b868000;
    return z4 >>> (32 - bits);
  }
  /** BitsStreamGenerator.nextDouble: 52 random bits. */
  nextDouble(): number {
    return (this.next(26) * 2 ** 26 + this.next(26)) * 2 ** -52;
  }
}

/** commons-math3 PoissonDistribution(mean).sample() for mean < 40 (Knuth's product of uniforms). */
export function poissonSample(rng: Well19937c, mean: number): number {
  const p = Math.exp(-mean);
  let n = 0;
  let r = 1;
  while (n < 1000 * mean) {
    r *= rng.nextDouble();
    if (r >= p) n++;
    else return n;
  }
  return n;
}
