/**
 * Spark's Murmur3Hash (`hash()`) and XxHash64 (`xxhash64()`, HyperLogLog++) of one value of any
 * Spark type, chained through `seed`: a null leaves the seed unchanged, arrays and structs hash
 * their elements in order.
 */
import { ArrayTypeClass, DataType, StructTypeClass } from "../../types/data-types";
import { murmur3Value } from "./murmur3";
import { hashBytesBig, hashDoubleBig, hashIntBig, hashLongBig, hashStringBig } from "./xxhash64";

const floatBits = (f: number): number => new Int32Array(new Float32Array([f === 0 ? 0 : f]).buffer)[0];

/** Spark's xxhash64 of one value, chained through `seed`. */
export function xxhashValue(v: unknown, t: DataType, seed: bigint): bigint {
  if (v === null) return seed;
  switch (t.typeName) {
    case "integer": case "short": case "byte": case "date": return hashIntBig(v as number, seed);
    case "boolean": return hashIntBig(v ? 1 : 0, seed);
    case "long": case "timestamp": return hashLongBig(v as number, seed);
    case "double": return hashDoubleBig(v as number, seed);
    case "float": return hashIntBig(floatBits(v as number), seed);
    case "string": return hashStringBig(v as string, seed);
    case "binary": return hashBytesBig(v as Uint8Array, seed);
    case "array": { let h = seed; for (const x of v as unknown[]) h = xxhashValue(x, (t as ArrayTypeClass).elementType, h); return h; }
    case "struct": { let h = seed; (v as unknown[]).forEach((x, i) => { h = xxhashValue(x, (t as StructTypeClass).fields[i].dataType, h); }); return h; }
    default: return hashStringBig(String(v), seed);
  }
}

export function murmurValue(v: unknown, t: DataType, seed: number): number {
  if (v === null) return seed;
  if (t.typeName === "array") { let h = seed; for (const x of v as unknown[]) h = murmurValue(x, (t as ArrayTypeClass).elementType, h); return h; }
  if (t.typeName === "struct") { let h = seed; (v as unknown[]).forEach((x, i) => { h = murmurValue(x, (t as StructTypeClass).fields[i].dataType, h); }); return h; }
  if (t.typeName === "float") return murmur3Value(floatBits(v as number), "integer", seed);
  return murmur3Value(v, t.typeName, seed);
}

