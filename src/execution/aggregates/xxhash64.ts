/**
 * Spark's XXH64 (`org.apache.spark.sql.catalyst.expressions.XXH64`), seed 42 by default, as used
 * by `xxhash64(...)` and by approx_count_distinct (HyperLogLog++).
 *
 * 64-bit arithmetic is done on pairs of signed 32-bit words (hi, lo) with Math.imul and 16-bit
 * limbs: no BigInt and no allocation on the hot path. Every hash function writes its result into
 * the module-level scratch `XXH64_OUT` (`[0]` = low word, `[1]` = high word) and also returns the
 * high word. `...Big` functions return the signed 64-bit value as a BigInt (slow; for tests, the
 * REPL and error messages).
 *
 * Byte input is read little-endian (what Spark does on x86/ARM): `hashBytes` is standard XXH64.
 */

/** Result of the last hash: [0] = low 32 bits, [1] = high 32 bits (signed words). */
export const XXH64_OUT = new Int32Array(2);

/** Spark's default seed for xxhash64 and HyperLogLog++. */
const DEFAULT_SEED = 42;

// Primes, split into words.
const P1H = 0x9e3779b1 | 0, P1L = 0x85ebca87 | 0;
const P2H = 0xc2b2ae3d | 0, P2L = 0x27d4eb4f | 0;
const P3H = 0x165667b1 | 0, P3L = 0x9e3779f9 | 0;
const P4H = 0x85ebca77 | 0, P4L = 0xc2b2ae63 | 0;
const P5H = 0x27d4eb2f | 0, P5L = 0x165667c5 | 0;

/** High 32 bits of the unsigned 64-bit product of two 32-bit words (result as a signed word). */
function umulhi(a: number, b: number): number {
  const a0 = a & 0xffff, a1 = a >>> 16;
  const b0 = b & 0xffff, b1 = b >>> 16;
  const w0 = a0 * b0;
  let t = a1 * b0 + (w0 >>> 16);
  const w1 = t & 0xffff, w2 = t >>> 16;
  t = a0 * b1 + w1;
  return (a1 * b1 + w2 + (t >>> 16)) | 0;
}

/** High word of the low 64 bits of (ah:al) * (bh:bl); the low word is Math.imul(al, bl). */
function mulHi(ah: number, al: number, bh: number, bl: number): number {
  return (umulhi(al, bl) + Math.imul(ah, bl) + Math.imul(al, bh)) | 0;
}

/** Carry out of the unsigned addition of two low words. */
function carry(al: number, bl: number): number {
  return (al >>> 0) + (bl >>> 0) > 0xffffffff ? 1 : 0;
}

/** fmix / avalanche: h ^= h>>>33; h *= P2; h ^= h>>>29; h *= P3; h ^= h>>>32. Writes XXH64_OUT. */
function finish(h: number, l: number): number {
  l ^= h >>> 1;
  let nh = mulHi(h, l, P2H, P2L);
  l = Math.imul(l, P2L);
  h = nh;
  l ^= (l >>> 29) | (h << 3);
  h ^= h >>> 29;
  nh = mulHi(h, l, P3H, P3L);
  l = Math.imul(l, P3L);
  h = nh;
  l ^= h;
  XXH64_OUT[0] = l;
  XXH64_OUT[1] = h;
  return h;
}

/**
 * XXH64.hashInt(i, seed): XXH64 of the 4 little-endian bytes of an int. `seedHi:seedLo` is the
 * 64-bit seed (default 42). Returns the high word; both words are in XXH64_OUT.
 */
export function hashInt(i: number, seedHi = 0, seedLo = DEFAULT_SEED): number {
  // h = seed + P5 + 4
  let l = (seedLo + P5L) | 0;
  let h = (seedHi + P5H + carry(seedLo, P5L)) | 0;
  const l2 = (l + 4) | 0;
  h = (h + carry(l, 4)) | 0;
  l = l2;
  // h ^= (i & 0xFFFFFFFF) * P1
  h ^= umulhi(i, P1L) + Math.imul(i, P1H);
  l ^= Math.imul(i, P1L);
  // h = rotl(h, 23) * P2 + P3
  const rh = (h << 23) | (l >>> 9), rl = (l << 23) | (h >>> 9);
  h = mulHi(rh, rl, P2H, P2L);
  l = Math.imul(rl, P2L);
  h = (h + P3H + carry(l, P3L)) | 0;
  l = (l + P3L) | 0;
  return finish(h, l);
}

/** XXH64.hashLong for a long given as two words. */
export function hashLongWords(hi: number, lo: number, seedHi = 0, seedLo = DEFAULT_SEED): number {
  // h = seed + P5 + 8
  let l = (seedLo + P5L) | 0;
  let h = (seedHi + P5H + carry(seedLo, P5L)) | 0;
  const l2 = (l + 8) | 0;
  h = (h + carry(l, 8)) | 0;
  l = l2;
  // k = rotl(input * P2, 31) * P1
  let kh = mulHi(hi, lo, P2H, P2L);
  let kl = Math.imul(lo, P2L);
  const rh = (kh << 31) | (kl >>> 1), rl = (kl << 31) | (kh >>> 1);
  kh = mulHi(rh, rl, P1H, P1L);
  kl = Math.imul(rl, P1L);
  h ^= kh;
  l ^= kl;
  // h = rotl(h, 27) * P1 + P4
  const sh = (h << 27) | (l >>> 5), sl = (l << 27) | (h >>> 5);
  h = mulHi(sh, sl, P1H, P1L);
  l = Math.imul(sl, P1L);
  h = (h + P4H + carry(l, P4L)) | 0;
  l = (l + P4L) | 0;
  return finish(h, l);
}

/** XXH64.hashLong(l, seed) for a long held as a JS number (exact up to 2^53) or a BigInt. */
export function hashLong(v: number | bigint, seedHi = 0, seedLo = DEFAULT_SEED): number {
  if (typeof v === "bigint") {
    const u = BigInt.asUintN(64, v);
    return hashLongWords(Number(u >> 32n) | 0, Number(u & 0xffffffffn) | 0, seedHi, seedLo);
  }
  return hashLongWords(Math.floor(v / 4294967296) | 0, v | 0, seedHi, seedLo);
}

const f64 = new Float64Array(1);
const f32 = new Float32Array(f64.buffer, 0, 1);
const i32 = new Int32Array(f64.buffer);

/** Hash of a DoubleType value as Spark does it (-0.0 hashes as 0; NaN as the canonical NaN). */
export function hashDouble(d: number, seedHi = 0, seedLo = DEFAULT_SEED): number {
  if (d === 0) return hashLongWords(0, 0, seedHi, seedLo);
  if (d !== d) return hashLongWords(0x7ff80000, 0, seedHi, seedLo);
  f64[0] = d;
  return hashLongWords(i32[1], i32[0], seedHi, seedLo);
}

/** Hash of a FloatType value (rounded to float32): -0.0f as 0, NaN as the canonical 0x7fc00000. */
export function hashFloat(f: number, seedHi = 0, seedLo = DEFAULT_SEED): number {
  if (f === 0) return hashInt(0, seedHi, seedLo);
  if (f !== f) return hashInt(0x7fc00000, seedHi, seedLo);
  f32[0] = f;
  return hashInt(i32[0], seedHi, seedLo);
}

/** Little-endian 32-bit word at b[o..o+3]. */
function word(b: Uint8Array, o: number): number {
  return b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24);
}

/**
 * XXH64.hashUnsafeBytes: standard XXH64 over bytes[offset, offset + length). This is how Spark
 * hashes strings (their UTF-8 bytes) and binary values.
 */
export function hashBytes(b: Uint8Array, offset: number, length: number, seedHi = 0, seedLo = DEFAULT_SEED): number {
  if (length < 32) {
    return tail(b, offset, offset + length, (seedHi + P5H + carry(seedLo, P5L)) | 0, (seedLo + P5L) | 0, length);
  }
  const o = stripes(b, offset, offset + length, seedHi, seedLo);
  return tail(b, o, offset + length, XXH64_OUT[1], XXH64_OUT[0], length);
}

/** The 32-byte stripe loop and the merge of v1..v4; writes the state into XXH64_OUT, returns the next offset. */
function stripes(b: Uint8Array, o: number, end: number, seedHi: number, seedLo: number): number {
  let h: number, l: number;
  let kh: number, kl: number, rh: number, rl: number;
  // v1 = seed + P1 + P2; v2 = seed + P2; v3 = seed; v4 = seed - P1
  const p12l = (P1L + P2L) | 0, p12h = (P1H + P2H + carry(P1L, P2L)) | 0;
  let v1l = (seedLo + p12l) | 0, v1h = (seedHi + p12h + carry(seedLo, p12l)) | 0;
  let v2l = (seedLo + P2L) | 0, v2h = (seedHi + P2H + carry(seedLo, P2L)) | 0;
  let v3l = seedLo, v3h = seedHi;
  // seed - P1 = seed + (-P1); -P1 = ~P1 + 1
  const n1l = (~P1L + 1) | 0, n1h = (~P1H + (n1l === 0 ? 1 : 0)) | 0;
  let v4l = (seedLo + n1l) | 0, v4h = (seedHi + n1h + carry(seedLo, n1l)) | 0;
  const limit = end - 32;
  do {
    // v = rotl(v + input * P2, 31) * P1, for each of the four lanes
    kl = word(b, o); kh = word(b, o + 4);
    rh = mulHi(kh, kl, P2H, P2L); rl = Math.imul(kl, P2L);
    v1h = (v1h + rh + carry(v1l, rl)) | 0; v1l = (v1l + rl) | 0;
    rh = (v1h << 31) | (v1l >>> 1); rl = (v1l << 31) | (v1h >>> 1);
    v1h = mulHi(rh, rl, P1H, P1L); v1l = Math.imul(rl, P1L);

    kl = word(b, o + 8); kh = word(b, o + 12);
    rh = mulHi(kh, kl, P2H, P2L); rl = Math.imul(kl, P2L);
    v2h = (v2h + rh + carry(v2l, rl)) | 0; v2l = (v2l + rl) | 0;
    rh = (v2h << 31) | (v2l >>> 1); rl = (v2l << 31) | (v2h >>> 1);
    v2h = mulHi(rh, rl, P1H, P1L); v2l = Math.imul(rl, P1L);

    kl = word(b, o + 16); kh = word(b, o + 20);
    rh = mulHi(kh, kl, P2H, P2L); rl = Math.imul(kl, P2L);
    v3h = (v3h + rh + carry(v3l, rl)) | 0; v3l = (v3l + rl) | 0;
    rh = (v3h << 31) | (v3l >>> 1); rl = (v3l << 31) | (v3h >>> 1);
    v3h = mulHi(rh, rl, P1H, P1L); v3l = Math.imul(rl, P1L);

    kl = word(b, o + 24); kh = word(b, o + 28);
    rh = mulHi(kh, kl, P2H, P2L); rl = Math.imul(kl, P2L);
    v4h = (v4h + rh + carry(v4l, rl)) | 0; v4l = (v4l + rl) | 0;
    rh = (v4h << 31) | (v4l >>> 1); rl = (v4l << 31) | (v4h >>> 1);
    v4h = mulHi(rh, rl, P1H, P1L); v4l = Math.imul(rl, P1L);
    o += 32;
  } while (o <= limit);

  // hash = rotl(v1,1) + rotl(v2,7) + rotl(v3,12) + rotl(v4,18)
  h = (v1h << 1) | (v1l >>> 31); l = (v1l << 1) | (v1h >>> 31);
  rh = (v2h << 7) | (v2l >>> 25); rl = (v2l << 7) | (v2h >>> 25);
  h = (h + rh + carry(l, rl)) | 0; l = (l + rl) | 0;
  rh = (v3h << 12) | (v3l >>> 20); rl = (v3l << 12) | (v3h >>> 20);
  h = (h + rh + carry(l, rl)) | 0; l = (l + rl) | 0;
  rh = (v4h << 18) | (v4l >>> 14); rl = (v4l << 18) | (v4h >>> 14);
  h = (h + rh + carry(l, rl)) | 0; l = (l + rl) | 0;

  // for each v: v *= P2; v = rotl(v, 31); v *= P1; hash ^= v; hash = hash * P1 + P4
  for (let lane = 0; lane < 4; lane++) {
    let vh: number, vl: number;
    if (lane === 0) { vh = v1h; vl = v1l; } else if (lane === 1) { vh = v2h; vl = v2l; } else if (lane === 2) { vh = v3h; vl = v3l; } else { vh = v4h; vl = v4l; }
    rh = mulHi(vh, vl, P2H, P2L); rl = Math.imul(vl, P2L);
    vh = (rh << 31) | (rl >>> 1); vl = (rl << 31) | (rh >>> 1);
    rh = mulHi(vh, vl, P1H, P1L); rl = Math.imul(vl, P1L);
    h ^= rh; l ^= rl;
    rh = mulHi(h, l, P1H, P1L); rl = Math.imul(l, P1L);
    h = (rh + P4H + carry(rl, P4L)) | 0; l = (rl + P4L) | 0;
  }
  XXH64_OUT[0] = l;
  XXH64_OUT[1] = h;
  return o;
}

/** Everything after the stripes: hash += length, 8-byte lanes, a 4-byte lane, single bytes, fmix. */
function tail(b: Uint8Array, o: number, end: number, h: number, l: number, length: number): number {
  let kh: number, kl: number, rh: number, rl: number;
  // hash += length
  h = (h + carry(l, length)) | 0;
  l = (l + length) | 0;

  // 8-byte lanes: hash ^= rotl(k * P2, 31) * P1; hash = rotl(hash, 27) * P1 + P4
  const limit8 = end - 8;
  while (o <= limit8) {
    kl = word(b, o); kh = word(b, o + 4);
    rh = mulHi(kh, kl, P2H, P2L); rl = Math.imul(kl, P2L);
    kh = (rh << 31) | (rl >>> 1); kl = (rl << 31) | (rh >>> 1);
    rh = mulHi(kh, kl, P1H, P1L); rl = Math.imul(kl, P1L);
    h ^= rh; l ^= rl;
    rh = (h << 27) | (l >>> 5); rl = (l << 27) | (h >>> 5);
    h = mulHi(rh, rl, P1H, P1L); l = Math.imul(rl, P1L);
    h = (h + P4H + carry(l, P4L)) | 0; l = (l + P4L) | 0;
    o += 8;
  }

  // one 4-byte lane: hash ^= (k & 0xFFFFFFFF) * P1; hash = rotl(hash, 23) * P2 + P3
  if (o + 4 <= end) {
    kl = word(b, o);
    h ^= umulhi(kl, P1L) + Math.imul(kl, P1H);
    l ^= Math.imul(kl, P1L);
    rh = (h << 23) | (l >>> 9); rl = (l << 23) | (h >>> 9);
    h = mulHi(rh, rl, P2H, P2L); l = Math.imul(rl, P2L);
    h = (h + P3H + carry(l, P3L)) | 0; l = (l + P3L) | 0;
    o += 4;
  }

  // single bytes: hash ^= (byte & 0xFF) * P5; hash = rotl(hash, 11) * P1
  while (o < end) {
    const k = b[o];
    // k * P5 with k < 256: low word k*P5L (may carry into the high word), high word k*P5H.
    const pl = k * (P5L >>> 0);
    h ^= (Math.imul(k, P5H) + Math.floor(pl / 4294967296)) | 0;
    l ^= pl | 0;
    rh = (h << 11) | (l >>> 21); rl = (l << 11) | (h >>> 21);
    h = mulHi(rh, rl, P1H, P1L); l = Math.imul(rl, P1L);
    o++;
  }
  return finish(h, l);
}


/**
 * XXH64 of a string shorter than 32 characters, reading its char codes as bytes in one pass.
 * Valid when every character is ASCII (then the char codes are the UTF-8 bytes); otherwise the
 * work is thrown away and the string is encoded properly.
 */
function hashShortString(s: string, len: number, seedHi: number, seedLo: number): number {
  let kh: number, kl: number, rh: number, rl: number;
  let chk = 0; // OR of all char codes: < 0x80 iff the string is ASCII
  let h = (seedHi + P5H + carry(seedLo, P5L)) | 0;
  let l = (seedLo + P5L) | 0;
  // hash += length
  h = (h + carry(l, len)) | 0;
  l = (l + len) | 0;
  let o = 0;

  // 8-byte lanes: hash ^= rotl(k * P2, 31) * P1; hash = rotl(hash, 27) * P1 + P4
  while (o <= len - 8) {
    const c0 = s.charCodeAt(o), c1 = s.charCodeAt(o + 1), c2 = s.charCodeAt(o + 2), c3 = s.charCodeAt(o + 3);
    const c4 = s.charCodeAt(o + 4), c5 = s.charCodeAt(o + 5), c6 = s.charCodeAt(o + 6), c7 = s.charCodeAt(o + 7);
    chk |= c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7;
    kl = c0 | (c1 << 8) | (c2 << 16) | (c3 << 24);
    kh = c4 | (c5 << 8) | (c6 << 16) | (c7 << 24);
    rh = mulHi(kh, kl, P2H, P2L); rl = Math.imul(kl, P2L);
    kh = (rh << 31) | (rl >>> 1); kl = (rl << 31) | (rh >>> 1);
    rh = mulHi(kh, kl, P1H, P1L); rl = Math.imul(kl, P1L);
    h ^= rh; l ^= rl;
    rh = (h << 27) | (l >>> 5); rl = (l << 27) | (h >>> 5);
    h = mulHi(rh, rl, P1H, P1L); l = Math.imul(rl, P1L);
    h = (h + P4H + carry(l, P4L)) | 0; l = (l + P4L) | 0;
    o += 8;
  }

  // one 4-byte lane: hash ^= (k & 0xFFFFFFFF) * P1; hash = rotl(hash, 23) * P2 + P3
  if (o + 4 <= len) {
    const c0 = s.charCodeAt(o), c1 = s.charCodeAt(o + 1), c2 = s.charCodeAt(o + 2), c3 = s.charCodeAt(o + 3);
    chk |= c0 | c1 | c2 | c3;
    kl = c0 | (c1 << 8) | (c2 << 16) | (c3 << 24);
    h ^= umulhi(kl, P1L) + Math.imul(kl, P1H);
    l ^= Math.imul(kl, P1L);
    rh = (h << 23) | (l >>> 9); rl = (l << 23) | (h >>> 9);
    h = mulHi(rh, rl, P2H, P2L); l = Math.imul(rl, P2L);
    h = (h + P3H + carry(l, P3L)) | 0; l = (l + P3L) | 0;
    o += 4;
  }

  // single bytes: hash ^= (byte & 0xFF) * P5; hash = rotl(hash, 11) * P1
  while (o < len) {
    const k = s.charCodeAt(o) & 0xff;
    chk |= s.charCodeAt(o);
    const pl = k * (P5L >>> 0);
    h ^= (Math.imul(k, P5H) + Math.floor(pl / 4294967296)) | 0;
    l ^= pl | 0;
    rh = (h << 11) | (l >>> 21); rl = (l << 11) | (h >>> 21);
    h = mulHi(rh, rl, P1H, P1L); l = Math.imul(rl, P1L);
    o++;
  }
  if (chk >= 0x80) {
    const n = encodeUtf8Scratch(s);
    return hashBytes(scratch, 0, n, seedHi, seedLo);
  }
  return finish(h, l);
}

// ---- strings ------------------------------------------------------------------------------------

const encoder = new TextEncoder();
let scratch = new Uint8Array(256);

/**
 * UTF-8 encodes `s` into a shared scratch buffer and returns the number of bytes written; the
 * bytes are in `scratch` until the next call. ASCII strings are copied with a plain loop.
 */
function encodeUtf8Scratch(s: string): number {
  const n = s.length;
  if (n * 3 > scratch.length) scratch = new Uint8Array(Math.max(n * 3, scratch.length * 2));
  const buf = scratch;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return i + encoder.encodeInto(s.substring(i), buf.subarray(i)).written;
    buf[i] = c;
  }
  return n;
}

/**
 * Hash of a StringType value: XXH64 of its UTF-8 bytes. Short ASCII strings are hashed straight
 * from their char codes; others are encoded into a scratch buffer first.
 */
export function hashString(s: string, seedHi = 0, seedLo = DEFAULT_SEED): number {
  const len = s.length;
  if (len < 32) return hashShortString(s, len, seedHi, seedLo);
  const n = encodeUtf8Scratch(s); // may replace the scratch buffer: read `scratch` after it
  return hashBytes(scratch, 0, n, seedHi, seedLo);
}

// ---- slow conveniences (BigInt) -------------------------------------------------------------------

/** The last result (XXH64_OUT) as a signed 64-bit BigInt. */
export function lastHashBig(): bigint {
  return BigInt.asIntN(64, (BigInt(XXH64_OUT[1]) << 32n) | BigInt(XXH64_OUT[0] >>> 0));
}

function seedWords(seed: bigint | number): [number, number] {
  const u = BigInt.asUintN(64, BigInt(seed));
  return [Number(u >> 32n) | 0, Number(u & 0xffffffffn) | 0];
}

/** xxhash64 of an int / long / string / bytes as a signed BigInt, as Spark's xxhash64() shows it. */
export function hashIntBig(i: number, seed: bigint | number = 42): bigint {
  const [sh, sl] = seedWords(seed);
  hashInt(i | 0, sh, sl);
  return lastHashBig();
}
export function hashLongBig(v: number | bigint, seed: bigint | number = 42): bigint {
  const [sh, sl] = seedWords(seed);
  hashLong(v, sh, sl);
  return lastHashBig();
}
export function hashStringBig(s: string, seed: bigint | number = 42): bigint {
  const [sh, sl] = seedWords(seed);
  hashString(s, sh, sl);
  return lastHashBig();
}
export function hashBytesBig(b: Uint8Array, seed: bigint | number = 42): bigint {
  const [sh, sl] = seedWords(seed);
  hashBytes(b, 0, b.length, sh, sl);
  return lastHashBig();
}
export function hashDoubleBig(d: number, seed: bigint | number = 42): bigint {
  const [sh, sl] = seedWords(seed);
  hashDouble(d, sh, sl);
  return lastHashBig();
}
