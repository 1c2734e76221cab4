/**
 * Spark's rate source (`format("rate")`, RateStreamMicroBatchStream): generates
 * `timestamp TIMESTAMP, value LONG` rows, `rowsPerSecond` per second after a linear ramp-up over
 * `rampUpTime` seconds, values from 0.
 *
 * Offsets are Spark's: the number of whole seconds elapsed since the source's start time (a
 * plain number, initial 0). Rows are a pure function of (start time, offsets): batch (s, e]
 * holds values valueAtSecond(s) … valueAtSecond(e)-1 with timestamps spread evenly over those
 * seconds, so a re-run batch gets identical rows. The start time is kept in
 * `<checkpoint>/sources/<i>/0` (`v1\n<epoch ms>`, as Spark does) when a metadata dir is given.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { IllegalArgumentException, SparkException, UnsupportedOperationException } from "../errors";
import type { InternalRow, Offset, Source } from "../connector-api/source";
import { LongType, StructField, StructType, TimestampType, type StructTypeClass } from "../types/data-types";
import { readFileIfExistsSync, writeFileAtomicSync } from "../streaming/checkpoint/atomic-file";
import { validateLogVersion } from "../streaming/checkpoint/metadata-log";
import { parseJavaInteger } from "../connector-api/options";
import type { SourceFactory } from "../connector-api/source";

export const RATE_SOURCE_SCHEMA: StructTypeClass = StructType([
  StructField("timestamp", TimestampType(), true),
  StructField("value", LongType(), true),
]);

export interface RateSourceOptions {
  rowsPerSecond?: number;
  rampUpTimeSeconds?: number;
  numPartitions?: number;
  /** The numPartitions option as given, for the description (Spark prints "default" when unset). */
  numPartitionsOption?: string;
  /** `<checkpoint>/sources/<i>`: where the start time is kept across restarts. */
  metadataDir?: string;
  /** Milliseconds since the epoch (default Date.now). */
  clock?: () => number;
}

/** Spark's RateStreamProvider.valueAtSecond: rows generated in the first `seconds` seconds. */
export function valueAtSecond(seconds: number, rowsPerSecond: number, rampUpTimeSeconds: number): number {
  const speedDeltaPerSecond = Math.floor(rowsPerSecond / (rampUpTimeSeconds + 1));
  if (seconds <= rampUpTimeSeconds) {
    return seconds % 2 === 1
      ? Math.floor((seconds + 1) / 2) * speedDeltaPerSecond * seconds
      : Math.floor(seconds / 2) * speedDeltaPerSecond * (seconds + 1);
  }
  const rampUpPart = valueAtSecond(rampUpTimeSeconds, rowsPerSecond, rampUpTimeSeconds);
  return rampUpPart + (seconds - rampUpTimeSeconds) * rowsPerSecond;
}

function toSeconds(o: Offset, what: string): number {
  if (o === null || o === undefined) return 0;
  const n = typeof o === "string" ? Number(o) : o;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) throw new IllegalArgumentException(`Invalid rate source ${what} offset: ${JSON.stringify(o)}`);
  return n;
}

export class RateSource implements Source {
  readonly schema = RATE_SOURCE_SCHEMA;
  readonly description: string;
  readonly rowsPerSecond: number;
  readonly rampUpTimeSeconds: number;
  readonly numPartitions: number;
  private readonly metadataDir?: string;
  private readonly clock: () => number;
  private creationTimeMs?: number;
  private lastTimeMs = 0;

  constructor(options: RateSourceOptions = {}) {
    this.rowsPerSecond = options.rowsPerSecond ?? 1;
    this.rampUpTimeSeconds = options.rampUpTimeSeconds ?? 0;
    this.numPartitions = Math.max(1, options.numPartitions ?? 1);
    this.metadataDir = options.metadataDir;
    this.clock = options.clock ?? Date.now;
    // Spark's toString, including its missing closing bracket.
    this.description =
      `RateStreamV2[rowsPerSecond=${this.rowsPerSecond}, rampUpTimeSeconds=${this.rampUpTimeSeconds}, ` +
      `numPartitions=${options.numPartitionsOption ?? "default"}`;
  }

  toString(): string {
    return this.description;
  }

  /** The time second 0 starts at (fixed by start(); read back from the checkpoint on restart). */
  get startTimeMs(): number | undefined {
    return this.creationTimeMs;
  }

  async start(): Promise<void> {
    if (this.creationTimeMs !== undefined) return;
    this.creationTimeMs = this.loadOrWriteStartTime();
    this.lastTimeMs = this.creationTimeMs;
  }

  private loadOrWriteStartTime(): number {
    if (!this.metadataDir) return this.clock();
    const file = path.join(this.metadataDir, "0");
    const read = (): number | undefined => {
      const text = readFileIfExistsSync(file);
      if (text === undefined) return undefined;
      const nl = text.indexOf("\n");
      if (!text.startsWith("v") || nl <= 0) throw new SparkException(`Log file was malformed: failed to detect the log file version line. (file: ${file})`);
      validateLogVersion(text.slice(0, nl), 1, file);
      const ms = Number(text.slice(nl + 1));
      if (!Number.isSafeInteger(ms)) throw new SparkException(`Log file was malformed: bad start time in ${file}`);
      return ms;
    };
    const existing = read();
    if (existing !== undefined) return existing;
    fs.mkdirSync(this.metadataDir, { recursive: true });
    const now = this.clock();
    if (writeFileAtomicSync(file, `v1\n${now}`, { overwrite: false })) return now;
    return read()!;
  }

  private requireStarted(): number {
    if (this.creationTimeMs === undefined) throw new SparkException(`${this.description} has not been started`);
    return this.creationTimeMs;
  }

  async initialOffset(): Promise<Offset> {
    return 0;
  }

  async latestOffset(): Promise<Offset> {
    const created = this.requireStarted();
    const now = this.clock();
    if (this.lastTimeMs < now) this.lastTimeMs = now;
    return Math.floor((this.lastTimeMs - created) / 1000);
  }

  async getBatch(start: Offset, end: Offset): Promise<InternalRow[]> {
    const created = this.requireStarted();
    const startSeconds = toSeconds(start, "start");
    const endSeconds = toSeconds(end, "end");
    if (startSeconds > endSeconds) throw new SparkException(`assertion failed: startSeconds(${startSeconds}) > endSeconds(${endSeconds})`);
    // a re-run after a restart must not let latestOffset fall behind the batch
    if (this.lastTimeMs < endSeconds * 1000 + created) this.lastTimeMs = endSeconds * 1000 + created;
    const rangeStart = valueAtSecond(startSeconds, this.rowsPerSecond, this.rampUpTimeSeconds);
    const rangeEnd = valueAtSecond(endSeconds, this.rowsPerSecond, this.rampUpTimeSeconds);
    if (rangeStart === rangeEnd) return [];
    const localStartTimeMs = created + startSeconds * 1000;
    const relativeMsPerValue = ((endSeconds - startSeconds) * 1000) / (rangeEnd - rangeStart);
    const rows: InternalRow[] = [];
    for (let p = 0; p < this.numPartitions; p++) {
      for (let v = rangeStart + p; v < rangeEnd; v += this.numPartitions) {
        const ms = localStartTimeMs + javaRound((v - rangeStart) * relativeMsPerValue);
        rows.push([ms * 1000, v]);
      }
    }
    return rows;
  }

  async commit(_end: Offset): Promise<void> {
    // nothing to release: rows are computed, not buffered
  }

  async stop(): Promise<void> {
    // nothing to close
  }
}

/** Scala's math.round (half up, towards +∞). */
function javaRound(x: number): number {
  return Math.floor(x + 0.5);
}

/**
 * JavaUtils.timeStringAsSec: "10", "10s", "2m", "1min", "500ms", "1h", "1d" (default unit seconds).
 * Throws NumberFormatException-style IllegalArgumentException on bad input.
 */
export function timeStringAsSeconds(text: string): number {
  const units: Record<string, number> = { us: 1e-6, ms: 1e-3, s: 1, m: 60, min: 60, h: 3600, d: 86400 };
  const help =
    "Time must be specified as seconds (s), milliseconds (ms), microseconds (us), minutes (m or min), hour (h), or day (d). E.g. 50s, 100ms, or 250us.";
  const m = /^(-?[0-9]+)([a-z]+)?$/.exec(text.toLowerCase().trim());
  if (!m) throw new IllegalArgumentException(`${help}\nFailed to parse time string: ${text}`);
  if (m[2] !== undefined && !(m[2] in units)) throw new IllegalArgumentException(`${help}\nInvalid suffix: "${m[2]}"`);
  const value = Number(m[1]) * (m[2] ? units[m[2]] : 1);
  return Math.trunc(value);
}

/** `format("rate")` with RateStreamProvider's option checks and messages. */
export const createRateSource: SourceFactory = (options, userSchema, ctx) => {
  if (userSchema !== undefined) throw new UnsupportedOperationException("RateStreamProvider source does not support user-specified schema.");
  const rpsText = options.get("rowsPerSecond");
  let rowsPerSecond = 1;
  if (rpsText !== undefined) {
    const n = parseJavaInteger(rpsText.trim(), 64);
    if (n === undefined) throw new IllegalArgumentException(`For input string: "${rpsText}"`);
    rowsPerSecond = n;
  }
  if (rowsPerSecond <= 0) throw new IllegalArgumentException(`Invalid value '${rowsPerSecond}'. The option 'rowsPerSecond' must be positive`);
  const rampText = options.get("rampUpTime");
  const rampUpTimeSeconds = rampText === undefined ? 0 : timeStringAsSeconds(rampText);
  if (rampUpTimeSeconds < 0) throw new IllegalArgumentException(`Invalid value '${rampUpTimeSeconds}'. The option 'rampUpTime' must not be negative`);
  const npText = options.get("numPartitions");
  let numPartitions = ctx?.defaultParallelism ?? 1;
  if (npText !== undefined) {
    const n = parseJavaInteger(npText.trim());
    if (n === undefined) throw new IllegalArgumentException(`For input string: "${npText}"`);
    numPartitions = n;
  }
  if (numPartitions <= 0) throw new IllegalArgumentException(`Invalid value '${numPartitions}'. The option 'numPartitions' must be positive`);
  return new RateSource({
    rowsPerSecond,
    rampUpTimeSeconds,
    numPartitions,
    numPartitionsOption: npText,
    metadataDir: ctx?.metadataDir,
    clock: ctx?.clock,
  });
};
