/**
 * Spark's Murmur3_x86_32 (seed 42), as its HashPartitioning uses it to place GROUP BY keys into
 * `spark.sql.shuffle.partitions` partitions. Aggregation output comes out partition by partition,
 * so ordering groups by this partition id reproduces the row order Spark's show() prints.
 *
 * Note Spark's string variant (hashUnsafeBytes): the tail bytes are mixed one at a time, each as
 * a whole signed int — not standard Murmur3.
 */
const C1 = 0xcc9e2d51 | 0;
const C2 = 0x1b873593 | 0;

export function mixK1(k1: number): number {
  k1 = Math.imul(k1, C1);
  k1 = (k1 << 15) | (k1 >>> 17);
  return Math.imul(k1, C2);
}

export function mixH1(h1: number, k1: number): number {
  h1 ^= k1;
  h1 = (h1 << 13) | (h1 >>> 19);
  return (Math.imul(h1, 5) + 0xe6546b64) | 0;
}

export function fmix(h1: number, length: number): number {
  h1 ^= length;
  h1 ^= h1 >>> 16;
  h1 = Math.imul(h1, 0x85ebca6b | 0);
  h1 ^= h1 >>> 13;
  h1 = Math.imul(h1, 0xc2b2ae35 | 0);
  h1 ^= h1 >>> 16;
  return h1;
}

function murmur3Int(i: number, seed = 42): number {
  return fmix(mixH1(seed, mixK1(i | 0)), 4);
}

function murmur3Long(l: number, seed = 42): number {
  const low = l | 0;
  const high = Math.floor(l / 4294967296) | 0;
  let h1 = mixH1(seed, mixK1(low));
  h1 = mixH1(h1, mixK1(high));
  return fmix(h1, 8);
}

const encoder = new TextEncoder();

function murmur3Bytes(b: Uint8Array, seed = 42): number {
  const n = b.length;
  const aligned = n - (n % 4);
  let h1 = seed;
  for (let i = 0; i < aligned; i += 4) {
    const word = b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
    h1 = mixH1(h1, mixK1(word));
  }
  for (let i = aligned; i < n; i++) {
    const signed = (b[i] << 24) >> 24;
    h1 = mixH1(h1, mixK1(signed));
  }
  return fmix(h1, n);
}

export function murmur3String(s: string, seed = 42): number {
  return murmur3Bytes(encoder.encode(s), seed);
}

/** Spark's Murmur3Hash of one value of a Spark type (nulls leave the seed unchanged). */
export function murmur3Value(v: unknown, typeName: string, seed = 42): number {
  if (v === null || v === undefined) return seed;
  switch (typeName) {
    case "string": return murmur3String(v as string, seed);
    case "integer": case "short": case "byte": case "date": return murmur3Int(v as number, seed);
    case "long": case "timestamp": return murmur3Long(v as number, seed);
    case "boolean": return murmur3Int(v ? 1 : 0, seed);
    case "double": {
      const d = v as number;
      const buf = new DataView(new ArrayBuffer(8));
      buf.setFloat64(0, d === 0 ? 0 : d, true);
      return fmix(mixH1(mixH1(seed, mixK1(buf.getInt32(0, true))), mixK1(buf.getInt32(4, true))), 8);
    }
    case "binary": return murmur3Bytes(v as Uint8Array, seed);
    case "struct": {
      let h = seed;
      for (const x of v as unknown[]) h = typeof x === "number" ? murmur3Long(x, h) : typeof x === "string" ? murmur3String(x, h) : h;
      return h;
    }
    default: return murmur3String(String(v), seed);
  }
}

/** pmod(hash(keys), numPartitions): the shuffle partition Spark puts a group key in. */
export function partitionOf(values: unknown[], typeNames: string[], numPartitions: number): number {
  let h = 42;
  for (let i = 0; i < values.length; i++) h = murmur3Value(values[i], typeNames[i], h);
  const m = h % numPartitions;
  return m < 0 ? m + numPartitions : m;
}
