import { test } from "node:test";
import * as assert from "node:assert/strict";
import { DEFAULT_TRIGGER, parseTrigger, parseTriggerInterval, triggerToString } from "./trigger";
import { IllegalArgumentException, PySparkTypeError, PySparkValueError } from "../errors";

test("parses PySpark's trigger keyword arguments", () => {
  assert.deepEqual(parseTrigger({ processingTime: "2 seconds" }), { kind: "processingTime", intervalMs: 2000 });
  assert.deepEqual(parseTrigger({ processingTime: " 0 seconds " }), { kind: "processingTime", intervalMs: 0 });
  assert.deepEqual(parseTrigger({ once: true }), { kind: "once" });
  assert.deepEqual(parseTrigger({ availableNow: true }), { kind: "availableNow" });
  assert.deepEqual(parseTrigger({ continuous: "1 second" }), { kind: "continuous", intervalMs: 1000 });
  assert.deepEqual(parseTrigger({ processingTime: "1 minute", once: undefined }), { kind: "processingTime", intervalMs: 60000 });
  assert.deepEqual(DEFAULT_TRIGGER, { kind: "processingTime", intervalMs: 0 });
  assert.equal(triggerToString(parseTrigger({ processingTime: "10 seconds" })), "ProcessingTimeTrigger(10000)");
  assert.equal(triggerToString({ kind: "availableNow" }), "AvailableNowTrigger");
});

test("PySpark's argument errors", () => {
  const single = { name: "PySparkValueError", message: "[ONLY_ALLOW_SINGLE_TRIGGER] Only a single trigger is allowed." };
  assert.throws(() => parseTrigger({}), single);
  assert.throws(() => parseTrigger(), single);
  assert.throws(() => parseTrigger({ processingTime: "1 second", once: true }), single);
  assert.throws(() => parseTrigger({ processingTime: "" }), {
    message: "[VALUE_NOT_NON_EMPTY_STR] Value for `processingTime` must be a non empty string, got ''.",
  });
  assert.throws(() => parseTrigger({ processingTime: 5 as unknown as string }), /must be a non empty string, got '5'\./);
  assert.throws(() => parseTrigger({ once: false }), { message: "[VALUE_NOT_TRUE] Value for `once` must be True, got 'False'." });
  assert.throws(() => parseTrigger({ availableNow: "yes" as unknown as boolean }), /Value for `availableNow` must be True, got 'yes'\./);
  assert.throws(() => parseTrigger({ procesingTime: "1 second" }), (e: unknown) => e instanceof PySparkTypeError && /unexpected keyword argument 'procesingTime'/.test((e as Error).message));
  assert.throws(() => parseTrigger("5 seconds"), PySparkTypeError);
  assert.ok(PySparkValueError);
});

test("interval strings like Spark's", () => {
  const ok: [string, number][] = [
    ["10 seconds", 10000], ["1 minute", 60000], ["500 milliseconds", 500], ["0 seconds", 0], ["1 second", 1000],
    ["2 SECONDS", 2000], ["interval 1 hour 30 minutes", 5400000], ["1.5 seconds", 1500], ["0.0005 seconds", 0],
    ["1 day", 86400000], ["1 week", 604800000], ["-0 seconds", 0], ["+5 seconds", 5000], ["- 5 seconds 10 seconds", 5000],
    ["1000 microseconds", 1], [".5 seconds", 500],
  ];
  for (const [s, ms] of ok) assert.equal(parseTriggerInterval(s), ms, s);
  const bad: [string, string][] = [
    ["10 secs", "Error parsing '10 secs' to interval, invalid unit 'secs'"],
    ["0", "Error parsing '0' to interval, expect a unit name after '0' but hit EOL"],
    ["ten seconds", "Error parsing 'ten seconds' to interval, unrecognized number 'ten'"],
    ["0.5 milliseconds", "Error parsing '0.5 milliseconds' to interval, 'milliseconds' cannot have fractional part"],
    ["1x seconds", "Error parsing '1x seconds' to interval, invalid value '1x'"],
    ["interval", "Error parsing 'interval' to interval, interval string cannot be empty"],
    ["intervals 1 second", "Error parsing 'intervals 1 second' to interval, invalid interval prefix intervals"],
    ["-", "Error parsing '-' to interval, expect a number after '-' but hit EOL"],
    ["1 month", "Doesn't support month or year interval: 1 month"],
    ["1 year", "Doesn't support month or year interval: 1 year"],
    ["-1 seconds", "requirement failed: the interval of trigger should not be negative"],
  ];
  for (const [s, msg] of bad)
    assert.throws(() => parseTriggerInterval(s), (e: unknown) => e instanceof IllegalArgumentException && (e as Error).message === msg, s);
  assert.throws(() => parseTrigger({ processingTime: "2 secs" }), /invalid unit 'secs'/);
});
