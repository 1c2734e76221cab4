/**
 * The order Spark's collect_set returns: its buffer is Scala 2.12's mutable.HashSet (FlatHashTable:
 * open addressing, byteswap32-improved Java hashCode, table doubling at 45% load), iterated by slot.
 * Values without a known Java hashCode keep their first-seen order.
 */
import { murmur3String } from "./murmur3";

const imul = Math.imul;

function byteswap32(v: number): number {
  let hc = imul(v, 0x9e3775cd);
  hc = ((hc & 0xff) << 24) | ((hc & 0xff00) << 8) | ((hc >>> 8) & 0xff00) | (hc >>> 24);
  return imul(hc, 0x9e3775cd);
}

function longHash(v: bigint): number {
  const u = BigInt.asUintN(64, v);
  return Number(BigInt.asIntN(32, (u ^ (u >> 32n)) & 0xffffffffn));
}

const scratch = new DataView(new ArrayBuffer(8));

/** Java's hashCode of the value as Spark holds it (UTF8String, Integer, Long, Double, Boolean), or null. */
function javaHash(v: unknown, typeName: string): number | null {
  switch (typeName) {
    case "string": return murmur3String(v as string, 42);
    case "integer": case "short": case "byte": case "date": return (v as number) | 0;
    case "long": case "timestamp": case "timestamp_ntz": return longHash(BigInt(v as number | bigint));
    case "boolean": return v ? 1231 : 1237;
    case "double": {
      scratch.setFloat64(0, (v as number) === 0 && Object.is(v, -0) ? -0 : Number.isNaN(v) ? NaN : (v as number));
      return longHash(scratch.getBigInt64(0));
    }
  }
  return null;
}

export function collectSetOrder(values: unknown[], typeName: string): unknown[] {
  if (values.length < 2 || javaHash(values[0], typeName) === null) return values;
  let table: Array<unknown> = new Array(32);
  let used: boolean[] = new Array(32).fill(false);
  let size = 0;
  const add = (v: unknown): void => {
    const len = table.length;
    const bits = 31 - Math.clz32(len) ; // bitCount(len - 1)
    const rotation = bits % 32;
    const i = byteswap32(javaHash(v, typeName)!);
    const improved = ((i >>> rotation) | (i << (32 - rotation))) | 0;
    let h = (improved >>> (32 - bits)) & (len - 1);
    while (used[h]) h = (h + 1) % len;
    table[h] = v; used[h] = true; size++;
    if (size >= Math.floor((len * 450) / 1000)) {
      const old = table.filter((_, k) => used[k]);
      table = new Array(len * 2); used = new Array(len * 2).fill(false); size = 0;
      for (const o of old) add(o);
    }
  };
  for (const v of values) add(v);
  return table.filter((_, k) => used[k]);
}
