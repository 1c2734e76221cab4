import { test } from "node:test";
import * as assert from "node:assert/strict";
import { WatermarkTracker } from "./watermark-tracker";

const seen = (maxMs: number, delayMs: number) => ({ stats: { max: maxMs * 1000, min: 0, sum: 0, count: 1 }, delayMs });
const none = (delayMs: number) => ({ stats: { max: -Infinity, min: Infinity, sum: 0, count: 0 }, delayMs });

test("late rows are judged by the previous batch's watermark, state evicted by the current one (SPARK-40925)", () => {
  const t = new WatermarkTracker();
  assert.deepEqual(t.forBatch(), { forLateEventsMs: 0, forEvictionMs: 0 });
  assert.equal(t.advance(0, [seen(20_000, 5_000)]), 15_000);
  assert.deepEqual(t.forBatch(), { forLateEventsMs: 0, forEvictionMs: 15_000 }, "batch 1: nothing is late yet");
  t.advance(15_000, [seen(40_000, 5_000)]);
  assert.deepEqual(t.forBatch(), { forLateEventsMs: 15_000, forEvictionMs: 35_000 });
});

test("the watermark never goes back; several watermarks: the lowest of those that saw rows (min policy)", () => {
  const t = new WatermarkTracker();
  t.advance(0, [seen(30_000, 10_000), none(0)]);
  assert.equal(t.current, 20_000, "an operator that saw no rows takes no part");
  t.advance(20_000, [seen(10_000, 0), seen(25_000, 0)]);
  assert.equal(t.current, 20_000, "the first operator's proposal stays at its highest (20 s), the second's 25 s: min 20 s");
  t.advance(20_000, [seen(50_000, 10_000), seen(45_000, 0)]);
  assert.equal(t.current, 40_000);
});

test("a restart continues from the recovered watermarks", () => {
  const t = new WatermarkTracker();
  t.restore(35_000, 15_000);
  assert.deepEqual(t.forBatch(), { forLateEventsMs: 15_000, forEvictionMs: 35_000 });
});
