/**
 * The broker's side of record batches (the codec is ../record-batch.ts): split a produced record
 * set into batches, validate each (size, magic, CRC-32C, offset deltas), copy it out of the
 * request with a new base offset and partition leader epoch (both outside the CRC), and, for
 * reads by timestamp, find the first record at or after a time.
 */
import * as zlib from "node:zlib";
import {
  AT, ATTR_CODEC, ATTR_CONTROL, ATTR_LOG_APPEND_TIME, BATCH_HEADER_SIZE, BatchHeader, Cursor, LOG_OVERHEAD, batchCrc, readBatchHeader, writeInt64At,
} from "../record-batch";
import { ErrorCode } from "./errors";

export type BatchInfo = BatchHeader;

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
    const batchLength = records.readInt32BE(pos + AT.batchLength);
    const end = pos + LOG_OVERHEAD + batchLength;
    if (batchLength < BATCH_HEADER_SIZE - LOG_OVERHEAD || end > records.length)
      return { ok: false, error: ErrorCode.CORRUPT_MESSAGE, message: `batch length ${batchLength} does not fit the record set` };
    const magic = records.readInt8(pos + AT.magic);
    if (magic !== 2)
      return { ok: false, error: ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT, message: `message format v${magic} is not supported (only v2)` };
    if (end - pos > maxBatchBytes)
      return {
        ok: false,
        error: ErrorCode.MESSAGE_TOO_LARGE,
        message: `The request included a message larger than the max message size the server will accept (${end - pos} > ${maxBatchBytes} bytes)`,
      };
    const info = readBatchHeader(records, pos);
    const actual = batchCrc(records, pos, end);
    if (info.crc !== actual)
      return { ok: false, error: ErrorCode.CORRUPT_MESSAGE, message: `CRC-32C mismatch: batch says ${info.crc}, computed ${actual}` };
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
  writeInt64At(out, AT.baseOffset, baseOffset);
  out.writeInt32BE(0, AT.partitionLeaderEpoch);
  if (logAppendTime !== undefined) {
    out.writeInt16BE(info.attributes | ATTR_LOG_APPEND_TIME, AT.attributes);
    writeInt64At(out, AT.maxTimestamp, logAppendTime);
    out.writeUInt32BE(batchCrc(out, 0, out.length), AT.crc);
  }
  return out;
}

/**
 * The first record of a stored batch whose timestamp is ≥ `ts`, as [offset, timestamp], or null
 * when none is. LogAppendTime batches give their base offset and append time; batches compressed
 * with a codec Node has no built-in for (snappy, lz4, zstd) give their base offset and max time.
 */
export function firstRecordAtOrAfter(batch: Buffer, ts: number): [number, number] | null {
  const h = readBatchHeader(batch, 0);
  if (h.maxTimestamp < ts) return null;
  if (h.attributes & ATTR_LOG_APPEND_TIME) return [h.baseOffset, h.maxTimestamp];
  const codec = h.attributes & ATTR_CODEC;
  let body: Buffer;
  if (codec === 0) body = batch.subarray(BATCH_HEADER_SIZE);
  else if (codec === 1) body = zlib.gunzipSync(batch.subarray(BATCH_HEADER_SIZE));
  else return [h.baseOffset, h.maxTimestamp];
  const cur = new Cursor(body, 0);
  for (let i = 0; i < h.recordCount && cur.pos < body.length; i++) {
    const len = cur.varint();
    const next = cur.pos + len;
    cur.pos += 1; // attributes
    const tsDelta = cur.varlong();
    const offsetDelta = cur.varint();
    if (h.baseTimestamp + tsDelta >= ts) return [h.baseOffset + offsetDelta, h.baseTimestamp + tsDelta];
    cur.pos = next;
  }
  return null;
}
