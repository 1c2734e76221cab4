import { test } from "node:test";
import assert from "node:assert/strict";
import { HllBuffer, HllBuffers } from "./hll-buffer";
import { HyperLogLogPlusPlus } from "./hyperloglog";

test("sparse buffers give the dense buffer's estimate at every cardinality, through the switch to dense", () => {
  for (const rsd of [0.05, 0.01, 0.3]) {
    const hll = new HyperLogLogPlusPlus(rsd);
    const bufs = new HllBuffers(hll);
    let sparse: HllBuffer = bufs.empty();
    const dense = hll.newBuffer();
    let wentDense = false;
    for (let i = 0; i < 3000; i++) {
      const v = `character-${i % 1500}`;
      sparse = bufs.add(sparse, hll.pack(v, "string"));
      hll.update(dense, v, "string");
      if (!Array.isArray(sparse)) wentDense = true;
      else assert.ok(sparse.length <= bufs.sparseMax);
      assert.equal(bufs.query(sparse), hll.query(dense), `rsd ${rsd}, after ${i + 1} values`);
    }
    assert.ok(wentDense, "a large group ends dense");
  }
});

test("state text round-trips sparse and dense buffers; earlier dense state text still loads", () => {
  const hll = new HyperLogLogPlusPlus(0.05);
  const bufs = new HllBuffers(hll);
  let b: HllBuffer = bufs.empty();
  assert.equal(bufs.toState(b), "~");
  assert.deepEqual(bufs.fromState("~"), []);
  for (const n of [1, 2, 7, 40, 500]) {
    b = bufs.empty();
    for (let i = 0; i < n; i++) b = bufs.add(b, hll.pack(i, "long"));
    const text = bufs.toState(b);
    if (Array.isArray(b)) assert.equal(text.length, 1 + 3 * b.length);
    else assert.equal(text.length, 512);
    const back = bufs.fromState(text);
    assert.equal(bufs.query(back), bufs.query(b));
    assert.equal(bufs.toState(back), text);
    // What the earlier engine wrote (the dense registers) loads into the same estimate.
    const dense = hll.newBuffer();
    for (let i = 0; i < n; i++) hll.update(dense, i, "long");
    assert.equal(bufs.query(bufs.fromState(hll.toJSON(dense))), bufs.query(b));
  }
  assert.throws(() => bufs.fromState("~AB"), /bad length/);
  assert.throws(() => bufs.fromState("~*AA"), /invalid character/);
  assert.throws(() => bufs.fromState("~__A"), /names register/);
});

test("merge: sparse into sparse, sparse into dense, dense into sparse", () => {
  const hll = new HyperLogLogPlusPlus(0.05);
  const bufs = new HllBuffers(hll);
  const fill = (from: number, to: number) => {
    let b: HllBuffer = bufs.empty();
    for (let i = from; i < to; i++) b = bufs.add(b, hll.pack(`v${i}`, "string"));
    return b;
  };
  for (const [a, b, c] of [[0, 5, 10], [0, 300, 400], [0, 3, 400], [0, 390, 400]]) {
    assert.equal(bufs.query(bufs.merge(fill(a, b), fill(b, c))), bufs.query(fill(a, c)), `${a}-${b} + ${b}-${c}`);
  }
  // The shared empty buffer is never written.
  const e = bufs.empty();
  bufs.add(e, hll.pack("x", "string"));
  assert.equal((e as number[]).length, 0);
});
