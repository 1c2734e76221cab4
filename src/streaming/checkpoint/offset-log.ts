/**
 * `<checkpoint>/offsets/N`: the write-ahead log of planned batches (Spark's OffsetSeqLog, v1).
 *
 * Written before batch N runs; its text is, lines joined with "\n" and no trailing newline
 * (the metadata line is empty when a batch has no metadata, as in Spark):
 *
 *     v1
 *     {"batchWatermarkMs":0,"batchTimestampMs":1714557605001,"conf":{"spark.sql.shuffle.partitions":"200",…}}
 *     <offset JSON of source 0>          e.g. 3   or {"events":{"0":42}}
 *     <offset JSON of source 1, or "-" when that source has no offset>
 *
 * A restart re-runs an uncommitted batch N with exactly these offsets and this metadata
 * (watermark, batch timestamp for current_timestamp(), confs that must not change).
 */
import { IskraError } from "../../errors";
import type { Offset } from "../../connector-api/source";
import { BatchFileLog, validateLogVersion } from "./metadata-log";
import { OFFSET_LOG_DEFAULTS } from "../../config/sql-conf";

const OFFSET_LOG_VERSION = 1;

/** Spark's OffsetSeqMetadata. */
export interface OffsetSeqMetadata {
  batchWatermarkMs: number;
  batchTimestampMs: number;
  /** Session confs fixed for the life of the checkpoint (re-applied on restart). */
  conf: Record<string, string>;
}

/** Spark's OffsetSeq: one offset per source, in source order; null = the source has no offset ("-"). */
export interface OffsetSeq {
  offsets: (Offset | null)[];
  metadata?: OffsetSeqMetadata;
}

/**
 * The confs Spark 3.5 records in every offsets file (OffsetSeqMetadata.relevantSQLConfs), with
 * Spark's defaults, in the order a Spark 3.5.9 checkpoint shows them (checked against PySpark). The engine passes the
 * session's values; these are what a default session writes.
 */
export const DEFAULT_OFFSET_LOG_CONF: Readonly<Record<string, string>> = OFFSET_LOG_DEFAULTS;

/** OffsetSeqMetadata as Spark's json4s writes it: every field, in declaration order. */
function serializeOffsetSeqMetadata(m: OffsetSeqMetadata): string {
  return JSON.stringify({ batchWatermarkMs: m.batchWatermarkMs, batchTimestampMs: m.batchTimestampMs, conf: m.conf });
}

/** Lenient like Spark's: missing fields take their defaults (0, 0, {}). */
function parseOffsetSeqMetadata(json: string, file = "<offsets>"): OffsetSeqMetadata {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch (e) {
    throw new IskraError(`Log file was malformed: cannot parse the offsets metadata line ${json} (file: ${file}): ${(e as Error).message}`);
  }
  const o = (v ?? {}) as Record<string, unknown>;
  const conf: Record<string, string> = {};
  if (o.conf && typeof o.conf === "object") for (const [k, val] of Object.entries(o.conf as object)) conf[k] = String(val);
  return {
    batchWatermarkMs: typeof o.batchWatermarkMs === "number" ? o.batchWatermarkMs : 0,
    batchTimestampMs: typeof o.batchTimestampMs === "number" ? o.batchTimestampMs : 0,
    conf,
  };
}

/** The text of offsets/N (see the header). */
export function serializeOffsetSeq(seq: OffsetSeq): string {
  const lines = [`v${OFFSET_LOG_VERSION}`, seq.metadata ? serializeOffsetSeqMetadata(seq.metadata) : ""];
  for (const o of seq.offsets) {
    if (o === null || o === undefined) lines.push("-");
    else {
      const json = JSON.stringify(o);
      if (json === undefined || json.includes("\n")) throw new IskraError(`Offset cannot be written to the offsets log: ${String(o)}`);
      lines.push(json);
    }
  }
  return lines.join("\n");
}

export function parseOffsetSeq(text: string, file = "<offsets>"): OffsetSeq {
  if (text.length === 0) throw new IskraError(`Incomplete log file (file: ${file})`);
  const lines = text.split("\n");
  validateLogVersion(lines[0], OFFSET_LOG_VERSION, file);
  // Spark: the second line is always the metadata ("" when there is none); offsets follow.
  const mdLine = lines.length > 1 ? lines[1].trim() : "";
  const metadata = mdLine === "" ? undefined : parseOffsetSeqMetadata(mdLine, file);
  const rest = lines.slice(2);
  const offsets = rest.map((line): Offset | null => {
    if (line === "-") return null;
    try {
      return JSON.parse(line);
    } catch {
      throw new IskraError(`Log file was malformed: cannot parse offset ${JSON.stringify(line)} (file: ${file})`);
    }
  });
  return metadata ? { offsets, metadata } : { offsets };
}

export class OffsetLog extends BatchFileLog<OffsetSeq> {
  protected serialize(entry: OffsetSeq): string {
    return serializeOffsetSeq(entry);
  }
  protected deserialize(text: string, file: string): OffsetSeq {
    return parseOffsetSeq(text, file);
  }
}
