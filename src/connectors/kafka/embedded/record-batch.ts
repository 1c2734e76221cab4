/**
 * Record batch v2 (magic 2) as the broker needs it: split a produced record set into batches,
 * validate each (size, magic, CRC-32C, offset deltas), copy it out of the request with a new base
 * offset and partition leader epoch (both outside the CRC), and, for reads by timestamp, find the
 * first record at or after a time.
 *
 *   baseOffset int64 | batchLength int32 | partitionLeaderEpoch int32 | magic int8 | crc uint32 |
 *   attributes int16 | lastOffsetDelta int32 | baseTimestamp int64 | maxTimestamp int64 |
 *   producerId int64 | producerEpoch int16 | baseSequence int32 | recordCount int32 | records
 */
import * as zlib from "node:zlib";
import { crc32c } from "./crc32c";
import { ErrorCode } from "./errors";

export const BATCH_HEADER_SIZE = 61;
/** Bytes of a batch not counted in batchLength (baseOffset and batchLength themselves). */
export const LOG_OVERHEAD = 12;

const ATTR_CODEC = 0x07;
const ATTR_LOG_APPEND_TIME = 0x08;
const ATTR_TRANSACTIONAL = 0x10;
const ATTR_CONTROL = 0x20;

export interface BatchInfo {
  /** Start and end of the batch in the record set it was found in. */
  start: number;
  end: number;
  attributes: number;
  lastOffsetDelta: number;
  recordCount: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
}

export function int64At(buf: Buffer, pos: number): number {
  return buf.readInt32BE(pos) * 4294967296 + buf.readUInt32BE(pos + 4);
}

export function writeInt64At(buf: Buffer, pos: number, v: number): void {
  const hi = Math.floor(v / 4294967296);
  buf.writeInt32BE(hi, pos);
  buf.writeUInt32BE(v - hi * 4294967296, pos + 4);
}

/** Header fields of the batch at `pos` (no validation). */
export function readBatchInfo(buf: Buffer, pos: number): BatchInfo {
  const batchLength = buf.readInt32BE(pos + 8);
  return {
    start: pos,
    end: pos + LOG_OVERHEAD + batchLength,
    attributes: buf.readInt16BE(pos + 21),
    lastOffsetDelta: buf.readInt32BE(pos + 23),
    baseTimestamp: int64At(buf, pos + 27),
    maxTimestamp: int64At(buf, pos + 35),
    producerId: int64At(buf, pos + 43),
    producerEpoch: buf.readInt16BE(pos + 51),
    baseSequence: buf.readInt32BE(pos + 53),
    recordCount: buf.readInt32BE(pos + 57),
  };
}

export type SplitResult = { ok: true; batches: BatchInfo[] } | { ok: false; error: number; message: string };

/**
 * Splits and validates a produced record set. Every batch must be complete, magic 2, with a
 * correct CRC-32C, at most `maxBatchBytes` long, not a control batch, and with
 * lastOffsetDelta = recordCount - 1 (the producer numbers its records 0..n-1).
 */
export function splitProducedRecords(records: Buffer, maxBatchBytes: number): SplitResult {
  const batches: BatchInfo[] = [];
  let pos = 0;
  if (records.length === 0) return { ok: false, error: ErrorCode.INVALID_RECORD, message: "empty record set" };
  while (pos < records.length) {
    if (records.length - pos < BATCH_HEADER_SIZE)
      return { ok: false, error: ErrorCode.CORRUPT_MESSAGE, message: `record set ends with ${records.length - pos} stray bytes` };
    const batchLength = records.readInt32BE(pos + 8);
    const end = pos + LOG_OVERHEAD + batchLength;
    if (batchLength < BATCH_HEADER_SIZE - LOG_OVERHEAD || end > records.length)
      return { ok: false, error: ErrorCode.CORRUPT_MESSAGE, message: `batch length ${batchLength} does not fit the record set` };
    const magic = records.readInt8(pos + 16);
    if (magic !== 2)
      return { ok: false, error: ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT, message: `message format v${magic} is not supported (only v2)` };
    if (end - pos > maxBatchBytes)
      return {
        ok: false,
        error: ErrorCode.MESSAGE_TOO_LARGE,
        message: `The request included a message larger than the max message size the server will accept (${end - pos} > ${maxBatchBytes} bytes)`,
      };
    const expected = records.readUInt32BE(pos + 17);
    const actual = crc32c(records, pos + 21, end);
    if (expected !== actual)
      return { ok: false, error: ErrorCode.CORRUPT_MESSAGE, message: `CRC-32C mismatch: batch says ${expected}, computed ${actual}` };
    const info = readBatchInfo(records, pos);
    if (info.attributes & ATTR_CONTROL)
      return { ok: false, error: ErrorCode.INVALID_RECORD, message: "producers may not write control batches" };
    if (info.recordCount < 1 || info.lastOffsetDelta !== info.recordCount - 1)
      return {
        ok: false,
        error: ErrorCode.INVALID_RECORD,
        message: `batch has ${info.recordCount} records but lastOffsetDelta ${info.lastOffsetDelta}`,
      };
    batches.push(info);
    pos = end;
  }
  return { ok: true, batches };
}

/**
 * A copy of one produced batch ready to store: base offset set, partition leader epoch 0. With
 * `logAppendTime` (a LogAppendTime topic) the timestamp type bit and max timestamp are set and
 * the CRC recomputed, as Kafka does.
 */
export function prepareForLog(records: Buffer, info: BatchInfo, baseOffset: number, logAppendTime?: number): Buffer {
  const out = Buffer.allocUnsafe(info.end - info.start);
  records.copy(out, 0, info.start, info.end);
  writeInt64At(out, 0, baseOffset);
  out.writeInt32BE(0, 12);
  if (logAppendTime !== undefined) {
    out.writeInt16BE(info.attributes | ATTR_LOG_APPEND_TIME, 21);
    writeInt64At(out, 35, logAppendTime);
    out.writeUInt32BE(crc32c(out, 21, out.length), 17);
  }
  return out;
}

export function isTransactional(attributes: number): boolean {
  return (attributes & ATTR_TRANSACTIONAL) !== 0;
}

function varint(buf: Buffer, st: { pos: number }): number {
  let r = 0;
  let shift = 0;
  let b: number;
  do {
    b = buf[st.pos++];
    r += (b & 0x7f) * 2 ** shift;
    shift += 7;
  } while (b & 0x80 && shift < 70);
  return r % 2 === 0 ? r / 2 : -(r + 1) / 2;
}

/**
 * The first record of a stored batch whose timestamp is ≥ `ts`, as [offset, timestamp], or null
 * when none is. LogAppendTime batches give their base offset and append time; batches compressed
 * with a codec Node has no built-in for (snappy, lz4, zstd) give their base offset and max time.
 */
export function firstRecordAtOrAfter(batch: Buffer, ts: number): [number, number] | null {
  const baseOffset = int64At(batch, 0);
  const attributes = batch.readInt16BE(21);
  const baseTimestamp = int64At(batch, 27);
  const maxTimestamp = int64At(batch, 35);
  if (maxTimestamp < ts) return null;
  if (attributes & ATTR_LOG_APPEND_TIME) return [baseOffset, maxTimestamp];
  const codec = attributes & ATTR_CODEC;
  let body: Buffer;
  if (codec === 0) body = batch.subarray(BATCH_HEADER_SIZE);
  else if (codec === 1) body = zlib.gunzipSync(batch.subarray(BATCH_HEADER_SIZE));
  else return [baseOffset, maxTimestamp];
  const count = batch.readInt32BE(57);
  const st = { pos: 0 };
  for (let i = 0; i < count && st.pos < body.length; i++) {
    const len = varint(body, st);
    const next = st.pos + len;
    st.pos += 1; // attributes
    const tsDelta = varint(body, st);
    const offsetDelta = varint(body, st);
    if (baseTimestamp + tsDelta >= ts) return [baseOffset + offsetDelta, baseTimestamp + tsDelta];
    st.pos = next;
  }
  return null;
}
