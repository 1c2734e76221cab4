/**
 * HyperLogLog++ / XXH64 micro-benchmark: ns per update for 14-byte names.
 *
 *   node -r ts-node/register/transpile-only bench/hll.ts
 *
 * Each case runs a warm-up, then 5 timed repetitions; the median is reported.
 */
import { HyperLogLogPlusPlus } from "../src/execution/aggregates/hyperloglog";
import { hashBytes, hashString } from "../src/execution/aggregates/xxhash64";

const OPS = 2_000_000;
const REPS = 5;

function bench(name: string, body: (n: number) => unknown): void {
  body(OPS); // warm-up
  const times: number[] = [];
  for (let r = 0; r < REPS; r++) {
    const t0 = process.hrtime.bigint();
    body(OPS);
    times.push(Number(process.hrtime.bigint() - t0) / OPS);
  }
  times.sort((a, b) => a - b);
  const med = times[REPS >> 1];
  console.log(`${name.padEnd(60)} ${med.toFixed(1).padStart(7)} ns/op   (min ${times[0].toFixed(1)}, max ${times[REPS - 1].toFixed(1)})`);
}

// 256 distinct 14-byte names ("Harry Potter 0" style: 14 ASCII characters).
const DISTINCT = 256;
const names: string[] = [];
for (let i = 0; i < DISTINCT; i++) names.push(("Wizard " + String(i).padStart(3, "0") + "xyzw").slice(0, 14));
if (names.some((s) => s.length !== 14)) throw new Error("names must be 14 bytes");
// The same names packed in one buffer, as they would sit in Kafka values.
const packed = Buffer.from(names.join(""));
// Fresh string objects with repeated contents (like strings out of JSON.parse): V8 has not
// hashed them yet, so a Map lookup pays for hashing the string once.
const freshCount = OPS;
const fresh: string[] = new Array(freshCount);
for (let i = 0; i < freshCount; i++) fresh[i] = packed.toString("latin1", (i % DISTINCT) * 14, (i % DISTINCT) * 14 + 14);
// Distinct strings, for the all-misses case.
const distinct: string[] = new Array(OPS);
for (let i = 0; i < OPS; i++) distinct[i] = ("user-" + i + "-abcdefgh").slice(0, 14);

const hll = new HyperLogLogPlusPlus(0.05);
const hllNoMemo = new HyperLogLogPlusPlus(0.05, { memoLimit: 0 });
const buf = hll.newBuffer();
let sink = 0;

console.log(`node ${process.version}, ${OPS.toLocaleString()} ops per repetition, median of ${REPS}`);
bench("xxhash64 hashBytes, 14-byte slice of a Buffer", (n) => {
  for (let i = 0; i < n; i++) sink ^= hashBytes(packed, (i & (DISTINCT - 1)) * 14, 14);
});
bench("xxhash64 hashString, 14-char ASCII string", (n) => {
  for (let i = 0; i < n; i++) sink ^= hashString(names[i & (DISTINCT - 1)]);
});
bench("HLL updateUtf8: 14 bytes in place (Kafka value path)", (n) => {
  for (let i = 0; i < n; i++) hll.updateUtf8(buf, packed, (i & (DISTINCT - 1)) * 14, 14);
});
bench("HLL updateString, no memo (encode + hash + register)", (n) => {
  for (let i = 0; i < n; i++) hllNoMemo.updateString(buf, names[i & (DISTINCT - 1)]);
});
bench("HLL updateString, memo, repeated string objects", (n) => {
  for (let i = 0; i < n; i++) hll.updateString(buf, names[i & (DISTINCT - 1)]);
});
const freshNs: number[] = [];
const freshNoMemoNs: number[] = [];
bench("HLL updateString, memo, fresh strings of repeated names", (n) => {
  // refill: each repetition must see string objects whose hash V8 has not cached yet
  for (let i = 0; i < n; i++) fresh[i] = packed.toString("latin1", (i % DISTINCT) * 14, (i % DISTINCT) * 14 + 14);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) hll.updateString(buf, fresh[i]);
  freshNs.push(Number(process.hrtime.bigint() - t0) / n);
});
bench("HLL updateString, no memo, fresh strings of repeated names", (n) => {
  for (let i = 0; i < n; i++) fresh[i] = packed.toString("latin1", (i % DISTINCT) * 14, (i % DISTINCT) * 14 + 14);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) hllNoMemo.updateString(buf, fresh[i]);
  freshNoMemoNs.push(Number(process.hrtime.bigint() - t0) / n);
});
bench("HLL updateString, memo on, all strings distinct (memo pauses)", (n) => {
  for (let i = 0; i < n; i++) hll.updateString(buf, distinct[i]);
});
bench("HLL updateString, no memo, all strings distinct", (n) => {
  for (let i = 0; i < n; i++) hllNoMemo.updateString(buf, distinct[i]);
});
bench("HLL updateInt", (n) => {
  for (let i = 0; i < n; i++) hll.updateInt(buf, i);
});
bench("HLL updateLong", (n) => {
  for (let i = 0; i < n; i++) hll.updateLong(buf, i * 1000003);
});
bench("HLL updateDouble", (n) => {
  for (let i = 0; i < n; i++) hll.updateDouble(buf, i / 7);
});
bench("HLL update(buf, v, 'string') dispatch, memo, repeated", (n) => {
  for (let i = 0; i < n; i++) hll.update(buf, names[i & (DISTINCT - 1)], "string");
});
const med = (a: number[]): number => a.slice().sort((x, y) => x - y)[a.length >> 1];
console.log(`  (fresh-string loops alone, excluding the refill: memo ${med(freshNs).toFixed(1)} ns, no memo ${med(freshNoMemoNs).toFixed(1)} ns per update)`);
{
  const n = 20000;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) sink ^= hll.query(buf);
  console.log(`${"HLL query, p = 9 (512 registers)".padEnd(60)} ${(Number(process.hrtime.bigint() - t0) / n).toFixed(1).padStart(7)} ns/op`);
}
if (sink === 0.5) console.log(sink);
