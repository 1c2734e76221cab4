/**
 * The iteration order of Spark's OpenHashMap (OpenHashSet: capacity 64 doubled past a 0.7 load,
 * slot = Guava murmur3_32(key.hashCode) & mask, probing pos += 1, 2, 3 …), for aggregates whose
 * result depends on it: mode() returns the first most frequent key in this order (Scala's maxBy).
 * Keys are inserted in the order given; only collisions depend on that order.
 */
import { fmix, mixH1, mixK1, murmur3String } from "./murmur3";

const f64 = new Float64Array(1);
const i32 = new Int32Array(f64.buffer);
const f32 = new Float32Array(1);
const f32i = new Int32Array(f32.buffer);

/** Java's hashCode of the boxed key Spark stores (UTF8String, Integer, Long, Double, Float, Boolean); undefined for other types. */
export function javaHashCode(v: unknown, typeName: string): number | undefined {
  switch (typeName) {
    case "string": return murmur3String(v as string, 42);
    case "integer": case "short": case "byte": case "date": return (v as number) | 0;
    case "long": case "timestamp": case "timestamp_ntz": {
      const b = BigInt.asUintN(64, BigInt(v as number | bigint));
      return Number(BigInt.asIntN(32, (b ^ (b >> 32n)) & 0xffffffffn));
    }
    case "double": {
      f64[0] = Number.isNaN(v as number) ? NaN : (v as number);
      return i32[0] ^ i32[1];
    }
    case "float": f32[0] = v as number; return f32i[0];
    case "boolean": return v ? 1231 : 1237;
  }
  return undefined;
}

/** Guava's murmur3_32 of one int (seed 0), as OpenHashSet.hashcode spreads a hashCode. */
const spread = (h: number): number => fmix(mixH1(0, mixK1(h)), 4);

/** `items` (with their keys' hashCodes) in the order an OpenHashMap holding them iterates. */
export function openHashOrder<T>(items: T[], hashOf: (item: T) => number): T[] {
  let capacity = 64;
  let slots: Array<{ item: T; h: number } | undefined> = new Array(capacity);
  const insert = (table: typeof slots, e: { item: T; h: number }): void => {
    const mask = table.length - 1;
    let pos = spread(e.h) & mask;
    for (let delta = 1; table[pos] !== undefined; delta++) pos = (pos + delta) & mask;
    table[pos] = e;
  };
  let size = 0;
  for (const item of items) {
    insert(slots, { item, h: hashOf(item) });
    if (++size > Math.floor(0.7 * capacity)) {
      capacity *= 2;
      const grown: typeof slots = new Array(capacity);
      for (const e of slots) if (e) insert(grown, e);
      slots = grown;
    }
  }
  return slots.filter((e): e is { item: T; h: number } => e !== undefined).map((e) => e.item);
}
