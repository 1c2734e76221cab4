/**
 * HyperLogLog++ / XXH64 micro-benchmark: ns per update for 14-byte names.
 *
 *   node -r ts-node/register/transpile-only bench/hll.ts
 *
 * Each case runs a warm-up, then 5 timed repetitions; the median and the minimum are reported, as
 * process CPU time per operation (robust when other processes share the machine) and wall time.
 */
import { HyperLogLogPlusPlus } from "../src/execution/aggregates/hyperloglog";
import { hashBytes, hashString } from "../src/execution/aggregates/xxhash64";

const OPS = 2_000_000;
const REPS = 5;

function bench(name: string, body: (n: number) => unknown, setup?: () => void): void {
  setup?.();
  body(OPS); // warm-up
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < REPS; r++) {
    setup?.();
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    body(OPS);
    wall.push(Number(process.hrtime.bigint() - t0) / OPS);
    const c = process.cpuUsage(c0);
    cpu.push(((c.user + c.system) * 1000) / OPS);
  }
  report(name, cpu, wall);
}

function report(name: string, cpu: number[], wall: number[]): void {
  const med = (a: number[]): number => a.slice().sort((x, y) => x - y)[a.length >> 1];
  const min = (a: number[]): number => Math.min(...a);
  console.log(
    `${name.padEnd(62)} cpu ${med(cpu).toFixed(1).padStart(6)} ns/op (min ${min(cpu).toFixed(1).padStart(6)})   wall ${med(wall).toFixed(1).padStart(6)} (min ${min(wall).toFixed(1).padStart(6)})`,
  );
}

// 256 distinct 14-byte names ("Harry Potter 0" style: 14 ASCII characters).
const DISTINCT = 256;
const names: string[] = [];
// flat strings, as JSON.parse and Buffer#toString make them (not slices or concatenations)
for (let i = 0; i < DISTINCT; i++) names.push(Buffer.from(("Wizard " + String(i).padStart(3, "0") + "xyzw").slice(0, 14)).toString("latin1"));
if (names.some((s) => s.length !== 14)) throw new Error("names must be 14 bytes");
// The same names packed in one buffer, as they would sit in Kafka values.
const packed = Buffer.from(names.join(""));
// Fresh string objects with repeated contents (like strings out of JSON.parse): V8 has not
// hashed them yet, so a Map lookup pays for hashing the string once.
const fresh: string[] = new Array(OPS);
// Distinct strings, for the all-misses case.
const distinct: string[] = new Array(OPS);
for (let i = 0; i < OPS; i++) distinct[i] = Buffer.from(("user-" + i + "-abcdefgh").slice(0, 14)).toString("latin1");

const hll = new HyperLogLogPlusPlus(0.05);
const hllNoMemo = new HyperLogLogPlusPlus(0.05, { memoLimit: 0 });
const buf = hll.newBuffer();
let sink = 0;

console.log(`node ${process.version}, ${OPS.toLocaleString()} ops per repetition, ${REPS} repetitions; load average ${require("node:os").loadavg()[0].toFixed(2)}`);
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
// Fresh string objects (made anew before each repetition): V8 has not hashed them yet.
const refill = (): void => {
  for (let i = 0; i < OPS; i++) fresh[i] = packed.toString("latin1", (i & (DISTINCT - 1)) * 14, (i & (DISTINCT - 1)) * 14 + 14);
};
bench("HLL updateString, memo, fresh strings of repeated names", (n) => {
  for (let i = 0; i < n; i++) hll.updateString(buf, fresh[i]);
}, refill);
bench("HLL updateString, no memo, fresh strings of repeated names", (n) => {
  for (let i = 0; i < n; i++) hllNoMemo.updateString(buf, fresh[i]);
}, refill);
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
const QUERIES = 20000;
{
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let r = 0; r < REPS; r++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < QUERIES; i++) sink ^= hll.query(buf);
    wall.push(Number(process.hrtime.bigint() - t0) / QUERIES);
    const c = process.cpuUsage(c0);
    cpu.push(((c.user + c.system) * 1000) / QUERIES);
  }
  report("HLL query, p = 9 (512 registers)", cpu, wall);
}
if (sink === 0.5) console.log(sink);
