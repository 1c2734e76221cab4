/**
 * `format("rate-micro-batch")` (Spark 3.3+): a deterministic test source. Every trigger offers one
 * more batch of `rowsPerBatch` rows; batch k holds values k*rowsPerBatch … (k+1)*rowsPerBatch-1,
 * all stamped `startTimestamp + k*advanceMillisPerBatch`. Offsets are Spark's
 * `{"offset": <rows so far>, "timestamp": <ms>}`, so replays are exact.
 */
import { IllegalArgumentException, UnsupportedOperationException } from "../errors";
import type { InternalRow, Offset, Source } from "../connector-api/source";
import type { CaseInsensitiveMap } from "../connector-api/options";
import type { SourceFactory } from "../connector-api/source";
import { RATE_SOURCE_SCHEMA } from "./rate-source";

interface RateOffset { offset: number; timestamp: number }

class RateMicroBatchSource implements Source {
  readonly schema = RATE_SOURCE_SCHEMA;
  readonly description: string;

  constructor(readonly rowsPerBatch: number, readonly startTimestamp: number, readonly advanceMillisPerBatch: number, numPartitions: string) {
    this.description = `RatePerMicroBatchStream[rowsPerBatch=${rowsPerBatch}, numPartitions=${numPartitions}, startTimestamp=${startTimestamp}, advanceMillisPerBatch=${advanceMillisPerBatch}]`;
  }

  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async commit(): Promise<void> {}

  async initialOffset(): Promise<Offset> {
    return { offset: 0, timestamp: this.startTimestamp };
  }

  /** Each call offers the next batch after `start` (the last committed end). */
  async latestOffset(start: Offset | null): Promise<Offset> {
    const s = (start as RateOffset | null) ?? { offset: 0, timestamp: this.startTimestamp };
    return { offset: s.offset + this.rowsPerBatch, timestamp: s.timestamp + this.advanceMillisPerBatch };
  }

  async getBatch(start: Offset, end: Offset): Promise<InternalRow[]> {
    const s = start as RateOffset, e = end as RateOffset;
    const tsMicros = s.timestamp * 1000;
    const rows: InternalRow[] = [];
    for (let v = s.offset; v < e.offset; v++) rows.push([tsMicros, v]);
    return rows;
  }
}

function longOption(options: CaseInsensitiveMap, name: string, dflt: number | undefined, min: number): number {
  const text = options.get(name);
  if (text === undefined) {
    if (dflt === undefined) throw new IllegalArgumentException(`Option '${name}' is required.`);
    return dflt;
  }
  const n = Number(text.trim());
  if (!Number.isInteger(n)) throw new IllegalArgumentException(`For input string: "${text}"`);
  if (n < min) throw new IllegalArgumentException(`Invalid value '${n}'. The option '${name}' must be ${min === 0 ? "non-negative" : "positive"}`);
  return n;
}

export const createRateMicroBatchSource: SourceFactory = (options, userSchema) => {
  if (userSchema !== undefined) throw new UnsupportedOperationException("RatePerMicroBatchProvider source does not support user-specified schema.");
  const rowsPerBatch = longOption(options, "rowsPerBatch", 0, 0);
  const startTimestamp = longOption(options, "startTimestamp", 0, 0);
  const advance = longOption(options, "advanceMillisPerBatch", 1000, 0);
  return new RateMicroBatchSource(rowsPerBatch, startTimestamp, advance, options.get("numPartitions") ?? "default");
};
