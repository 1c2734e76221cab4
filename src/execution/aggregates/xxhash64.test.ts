import { test } from "node:test";
import assert from "node:assert/strict";
import {
  XXH64_OUT,
  hashBytes,
  hashBytesBig,
  hashDoubleBig,
  hashFloat,
  hashInt,
  hashIntBig,
  hashLong,
  hashLongBig,
  hashLongWords,
  hashString,
  hashStringBig,
  lastHashBig,
} from "./xxhash64";

// Spark 3.5 `SELECT xxhash64(...)` (seed 42). The first block is from spark-behaviour.md §10.3;
// SPARK_XXH64 was printed by scripts/spark-oracle/hll_values.py (real local Spark 3.5.9).
test("xxhash64: Spark reference vectors (§10.3)", () => {
  assert.equal(hashStringBig("Spark"), -4294468057691064905n);
  assert.equal(hashStringBig(""), -7444071767201028348n);
  assert.equal(hashStringBig("12345678"), 6863040065134489090n);
  assert.equal(hashLongBig(1), -7001672635703045582n);
  assert.equal(hashLongBig(0), -5252525462095825812n);
  assert.equal(hashIntBig(1), -6698625589789238999n);
  assert.equal(hashIntBig(0), 3614696996920510707n);
  assert.equal(hashIntBig(-1), 2017008487422258757n);
});

test("xxhash64: chaining, xxhash64('Spark', array(123), 2) = 5602566077635097486", () => {
  const h1 = hashStringBig("Spark");
  const h2 = hashIntBig(123, h1); // array(123): elements chain with the running hash as seed
  assert.equal(hashIntBig(2, h2), 5602566077635097486n);
  // the same through the word API
  hashString("Spark");
  hashInt(123, XXH64_OUT[1], XXH64_OUT[0]);
  hashInt(2, XXH64_OUT[1], XXH64_OUT[0]);
  assert.equal(lastHashBig(), 5602566077635097486n);
});

/** Printed by scripts/spark-oracle/hll_values.py against Spark 3.5.9: xxhash64(value) with seed 42. */
const SPARK_XXH64 = {
  strings: {
    "": "-7444071767201028348",
    "a": "-8582455328737087284",
    "ab": "2710560539726725091",
    "abc": "1423657621850124518",
    "abcd": "-6810745876291105281",
    "abcde": "-990457398947679591",
    "Spark": "-4294468057691064905",
    "12345678": "6863040065134489090",
    "Harry Potter 0": "1203738516449396767",
    "user-42": "-7161311977867824759",
    "0123456789abcdef0123456789abcde": "6207258418261489360",
    "0123456789abcdef0123456789abcdef": "7380026953736478117",
    "0123456789abcdef0123456789abcdef0": "4376120815443553572",
    "The quick brown fox jumps over the lazy dog": "-6152153990451020481",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx": "1207018288145590363",
    "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy": "-9043927888433263899",
    "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz": "7219905183777194353",
    "wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww": "4906479684404574957",
    "日本語": "-619341062884681239",
    "🙂": "4455259723900433155",
    "Ünïcödé wörds with a longer tail, over thirty-two bytes ✓": "-4874818193493383614",
  } as Record<string, string>,
  ints: {
    "0": "3614696996920510707",
    "1": "-6698625589789238999",
    "-1": "2017008487422258757",
    "42": "-387659249110444264",
    "2147483647": "1508894993788531228",
    "-2147483648": "2073849959933241805",
    "123456789": "5406186036279272416",
  } as Record<string, string>,
  longs: {
    "0": "-5252525462095825812",
    "1": "-7001672635703045582",
    "-1": "3858142552250413010",
    "42": "-6876166290308861218",
    "9007199254740991": "-2871434063367361288",
    "-9007199254740991": "6260724324080909586",
    "4294967296": "2573143779600619579",
    "-4294967297": "4297251711218027978",
    "9223372036854775807": "-3246596055638297850",
    "-9223372036854775808": "-8619748838626508300",
  } as Record<string, string>,
  doubles: {
    "0.0": "-5252525462095825812",
    "1.0": "-2162451265447482029",
    "-1.5": "-1519168156472177911",
    "0.1": "-4684694357984311926",
    "1e+300": "-6660537626403695510",
  } as Record<string, string>,
  chained: "5602566077635097486",
};

test("xxhash64: Spark-printed vectors (strings across the 32-byte stripe path, ints, longs, doubles)", () => {
  for (const [s, h] of Object.entries(SPARK_XXH64.strings)) assert.equal(hashStringBig(s), BigInt(h), JSON.stringify(s));
  for (const [i, h] of Object.entries(SPARK_XXH64.ints)) assert.equal(hashIntBig(Number(i)), BigInt(h), i);
  for (const [l, h] of Object.entries(SPARK_XXH64.longs)) {
    assert.equal(hashLongBig(BigInt(l)), BigInt(h), l);
    if (Number.isSafeInteger(Number(l))) assert.equal(hashLongBig(Number(l)), BigInt(h), l);
  }
  for (const [d, h] of Object.entries(SPARK_XXH64.doubles)) assert.equal(hashDoubleBig(Number(d)), BigInt(h), d);
  assert.equal(SPARK_XXH64.chained, "5602566077635097486");
});

// ---- a plain BigInt XXH64, written from the spec, to cross-check every length --------------------
const M64 = (1n << 64n) - 1n;
const P1 = 0x9e3779b185ebca87n, P2 = 0xc2b2ae3d27d4eb4fn, P3 = 0x165667b19e3779f9n, P4 = 0x85ebca77c2b2ae63n, P5 = 0x27d4eb2f165667c5n;
const rotl = (x: bigint, r: bigint) => ((x << r) | (x >> (64n - r))) & M64;
const mul = (a: bigint, b: bigint) => (a * b) & M64;
const add = (a: bigint, b: bigint) => (a + b) & M64;
const fmix = (h: bigint) => {
  h ^= h >> 33n; h = mul(h, P2); h ^= h >> 29n; h = mul(h, P3); h ^= h >> 32n;
  return h;
};
function refBytes(b: Uint8Array, seed: bigint): bigint {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const len = b.length;
  let o = 0;
  let h: bigint;
  if (len >= 32) {
    let v1 = add(add(seed, P1), P2), v2 = add(seed, P2), v3 = seed, v4 = (seed - P1) & M64;
    const round = (v: bigint, k: bigint) => mul(rotl(add(v, mul(k, P2)), 31n), P1);
    while (o <= len - 32) {
      v1 = round(v1, dv.getBigUint64(o, true)); v2 = round(v2, dv.getBigUint64(o + 8, true));
      v3 = round(v3, dv.getBigUint64(o + 16, true)); v4 = round(v4, dv.getBigUint64(o + 24, true));
      o += 32;
    }
    h = add(add(add(rotl(v1, 1n), rotl(v2, 7n)), rotl(v3, 12n)), rotl(v4, 18n));
    for (const v of [v1, v2, v3, v4]) {
      h ^= mul(rotl(mul(v, P2), 31n), P1);
      h = add(mul(h, P1), P4);
    }
  } else h = add(seed, P5);
  h = add(h, BigInt(len));
  while (o <= len - 8) {
    h ^= mul(rotl(mul(dv.getBigUint64(o, true), P2), 31n), P1);
    h = add(mul(rotl(h, 27n), P1), P4);
    o += 8;
  }
  if (o + 4 <= len) {
    h ^= mul(BigInt(dv.getUint32(o, true)), P1);
    h = add(mul(rotl(h, 23n), P2), P3);
    o += 4;
  }
  while (o < len) {
    h ^= mul(BigInt(b[o]), P5);
    h = mul(rotl(h, 11n), P1);
    o++;
  }
  return BigInt.asIntN(64, fmix(h));
}

function rand(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    s ^= s + Math.imul(s ^ (s >>> 7), 61);
    return (s ^ (s >>> 14)) >>> 0;
  };
}

test("xxhash64: hashBytes equals a BigInt reference for every length 0..200 and random seeds", () => {
  const r = rand(7);
  for (let len = 0; len <= 200; len++) {
    for (let rep = 0; rep < 3; rep++) {
      const b = new Uint8Array(len + 5);
      for (let i = 0; i < b.length; i++) b[i] = r() & 0xff;
      const seed = rep === 0 ? 42n : BigInt.asUintN(64, (BigInt(r()) << 32n) | BigInt(r()));
      const sh = Number(seed >> 32n) | 0, sl = Number(seed & 0xffffffffn) | 0;
      hashBytes(b, 3, len, sh, sl); // at an offset inside a larger buffer
      assert.equal(lastHashBig(), refBytes(b.subarray(3, 3 + len), seed), `len ${len}`);
    }
  }
});

test("xxhash64: hashInt/hashLong equal XXH64 of the little-endian bytes", () => {
  const r = rand(11);
  for (let k = 0; k < 500; k++) {
    const i = r() | 0;
    const ib = new Uint8Array(4);
    new DataView(ib.buffer).setInt32(0, i, true);
    hashInt(i);
    assert.equal(lastHashBig(), refBytes(ib, 42n));
    const hi = r() | 0, lo = r() | 0;
    const lb = new Uint8Array(8);
    new DataView(lb.buffer).setInt32(0, lo, true);
    new DataView(lb.buffer).setInt32(4, hi, true);
    hashLongWords(hi, lo);
    assert.equal(lastHashBig(), refBytes(lb, 42n));
  }
  // numbers and BigInts agree across the safe range, including negatives
  for (const v of [0, 1, -1, 2 ** 32, -(2 ** 32), 2 ** 32 + 5, -(2 ** 32) - 5, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 1_700_000_000_000_000]) {
    assert.equal(hashLongBig(v), hashLongBig(BigInt(v)), String(v));
  }
});

test("xxhash64: strings are hashed as UTF-8, ASCII fast path or not", () => {
  const r = rand(3);
  for (let len = 0; len <= 70; len++) {
    let s = "";
    for (let i = 0; i < len; i++) s += String.fromCharCode(32 + (r() % 95));
    assert.equal(hashStringBig(s), refBytes(Buffer.from(s, "latin1"), 42n), `ascii length ${len}`);
    const t = s + "\u00e9"; // one 2-byte character at the end leaves the fast path
    assert.equal(hashStringBig(t), refBytes(Buffer.from(t, "utf8"), 42n), `non-ascii length ${len}`);
  }
  for (const s of ["", "a", "Harry Potter", "naïve café", "日本語", "🙂 emoji", "x".repeat(300) + "é", "é" + "y".repeat(300)]) {
    assert.equal(hashStringBig(s), hashBytesBig(Buffer.from(s, "utf8")), s);
  }
});

test("xxhash64: returns the high word and writes both words", () => {
  const hi = hashLong(12345);
  assert.equal(hi, XXH64_OUT[1]);
  assert.equal(lastHashBig(), hashLongBig(12345));
  const fhi = hashFloat(-0);
  assert.equal(fhi, hashInt(0));
  assert.equal(hashFloat(NaN), hashInt(0x7fc00000));
});
