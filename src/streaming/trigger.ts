/**
 * Triggers (Spark's Trigger / PySpark's `DataStreamWriter.trigger`).
 *
 *   trigger({ processingTime: "2 seconds" })   → { kind: "processingTime", intervalMs: 2000 }
 *   trigger({ once: true })                    → { kind: "once" }
 *   trigger({ availableNow: true })            → { kind: "availableNow" }
 *   trigger({ continuous: "1 second" })        → { kind: "continuous", intervalMs: 1000 } (the engine rejects it later)
 *   no trigger                                 → DEFAULT_TRIGGER = processingTime 0
 *
 * Argument errors are PySpark 3.5's (ONLY_ALLOW_SINGLE_TRIGGER, VALUE_NOT_NON_EMPTY_STR,
 * VALUE_NOT_TRUE); interval errors are the JVM's (IntervalUtils.stringToInterval,
 * "Doesn't support month or year interval", "the interval of trigger should not be negative").
 */
import { IllegalArgumentException, PySparkTypeError, PySparkValueError } from "../errors";

export type Trigger =
  | { readonly kind: "processingTime"; readonly intervalMs: number }
  | { readonly kind: "once" }
  | { readonly kind: "availableNow" }
  | { readonly kind: "continuous"; readonly intervalMs: number };

/** DataStreamWriter's default: `Trigger.ProcessingTime(0L)`, a new batch as soon as the last one ends. */
export const DEFAULT_TRIGGER: Trigger = Object.freeze({ kind: "processingTime", intervalMs: 0 });

/** PySpark's keyword arguments of `trigger(...)`. */
export interface TriggerOptions {
  processingTime?: string;
  once?: boolean;
  continuous?: string;
  availableNow?: boolean;
}

const KEYWORDS = ["processingTime", "once", "continuous", "availableNow"] as const;

/** Python's str() of a value, for error messages. */
function pyStr(v: unknown): string {
  if (v === true) return "True";
  if (v === false) return "False";
  if (v === null || v === undefined) return "None";
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(", ")}]`;
  return String(v);
}
function pyRepr(v: unknown): string {
  return typeof v === "string" ? `'${v}'` : pyStr(v);
}

/** `df.writeStream.trigger(...)` argument checking, as PySpark 3.5 does it. */
export function parseTrigger(options?: TriggerOptions | unknown, ...extra: unknown[]): Trigger {
  if (extra.length > 0 || (options !== undefined && (typeof options !== "object" || options === null || Array.isArray(options))))
    throw new PySparkTypeError(`trigger() takes 1 positional argument but ${2 + extra.length} were given`);
  const o = (options ?? {}) as Record<string, unknown>;
  for (const k of Object.keys(o))
    if (!(KEYWORDS as readonly string[]).includes(k)) throw new PySparkTypeError(`trigger() got an unexpected keyword argument '${k}'`);
  const given = KEYWORDS.filter((k) => o[k] !== undefined && o[k] !== null);
  if (given.length !== 1) throw new PySparkValueError("Only a single trigger is allowed.", "ONLY_ALLOW_SINGLE_TRIGGER");
  const key = given[0];
  const value = o[key];
  switch (key) {
    case "processingTime":
    case "continuous": {
      if (typeof value !== "string" || value.trim().length === 0)
        throw new PySparkValueError(`Value for \`${key}\` must be a non empty string, got '${pyStr(value)}'.`, "VALUE_NOT_NON_EMPTY_STR");
      const intervalMs = parseTriggerInterval(value.trim());
      return key === "processingTime" ? { kind: "processingTime", intervalMs } : { kind: "continuous", intervalMs };
    }
    case "once":
    case "availableNow":
      if (value !== true) throw new PySparkValueError(`Value for \`${key}\` must be True, got '${pyStr(value)}'.`, "VALUE_NOT_TRUE");
      return key === "once" ? { kind: "once" } : { kind: "availableNow" };
  }
}

/** Spark's toString of a trigger, e.g. for explain / logs. */
export function triggerToString(t: Trigger): string {
  switch (t.kind) {
    case "processingTime":
      return `ProcessingTimeTrigger(${t.intervalMs})`;
    case "once":
      return "OneTimeTrigger";
    case "availableNow":
      return "AvailableNowTrigger";
    case "continuous":
      return `ContinuousTrigger(${t.intervalMs})`;
  }
}

// ---------------------------------------------------------------------------------------------
// Interval strings: '10 seconds', '1 minute', '500 milliseconds', 'interval 1 hour 30 minutes'

const MICROS: Record<string, bigint> = {
  microsecond: 1n,
  millisecond: 1000n,
  second: 1_000_000n,
  minute: 60_000_000n,
  hour: 3_600_000_000n,
  day: 86_400_000_000n,
  week: 7n * 86_400_000_000n,
};
const UNITS = ["year", "month", "week", "day", "hour", "minute", "second", "millisecond", "microsecond"];
const LONG_MAX = (1n << 63n) - 1n;

/**
 * Milliseconds of a trigger interval (Spark's TriggerIntervalUtils.convert over
 * IntervalUtils.stringToInterval). Throws IllegalArgumentException with Spark 3.5's messages.
 */
export function parseTriggerInterval(input: string): number {
  const fail = (msg: string): never => {
    throw new IllegalArgumentException(`Error parsing '${input}' to interval, ${msg}`);
  };
  let s = input.trim().toLowerCase();
  if (s.length === 0) fail("interval string cannot be empty");
  if (s.startsWith("interval")) {
    if (s.length === "interval".length) fail("interval string cannot be empty");
    if (!/\s/.test(s["interval".length])) fail(`invalid interval prefix ${s.split(/\s+/)[0]}`);
    s = s.slice("interval".length).trim();
    if (s.length === 0) fail("interval string cannot be empty");
  }
  const words = s.split(/\s+/);
  let months = 0n;
  let micros = 0n;
  let i = 0;
  while (i < words.length) {
    // sign: "-5", "+5", or "-" "5"
    let word = words[i];
    let negative = false;
    if (word === "+" || word === "-") {
      negative = word === "-";
      if (i + 1 >= words.length) fail(`expect a number after '${word}' but hit EOL`);
      word = words[++i];
    } else if (word[0] === "+" || word[0] === "-") {
      negative = word[0] === "-";
      word = word.slice(1);
    } else if (!/^[0-9.]/.test(word)) fail(`unrecognized number '${words[i]}'`);
    const m = /^(\d*)(?:\.(\d*))?$/.exec(word);
    if (!m || (m[1] === "" && (m[2] === undefined || m[2] === ""))) fail(`invalid value '${words[i]}'`);
    const intPart = m![1] === "" ? 0n : BigInt(m![1]);
    const fracDigits = m![2];
    if (fracDigits !== undefined && fracDigits.length > 9) fail(`interval can only support nanosecond precision, '${words[i]}' is out of range`);
    if (intPart > LONG_MAX) fail(`long overflow`);
    i++;
    if (i >= words.length) fail(`expect a unit name after '${words[i - 1]}' but hit EOL`);
    const unitWord = words[i];
    const unit = UNITS.find((u) => unitWord === u || unitWord === `${u}s`);
    if (fracDigits !== undefined && !unitWord.startsWith("s")) fail(`'${unitWord}' cannot have fractional part`);
    if (!unit) fail(`invalid unit '${unitWord}'`);
    i++;
    const sign = negative ? -1n : 1n;
    if (unit === "year") months += sign * intPart * 12n;
    else if (unit === "month") months += sign * intPart;
    else {
      let v = intPart * MICROS[unit!];
      if (unit === "second" && fracDigits) v += BigInt(fracDigits.padEnd(9, "0")) / 1000n;
      micros += sign * v;
    }
  }
  if (months !== 0n) throw new IllegalArgumentException(`Doesn't support month or year interval: ${input}`);
  if (micros < 0n) throw new IllegalArgumentException("requirement failed: the interval of trigger should not be negative");
  return Number(micros / 1000n);
}
