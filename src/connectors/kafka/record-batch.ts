/**
 * Kafka's RecordBatch v2 (magic 2), the one codec of the range reader, the record writer and the
 * embedded broker: the header layout, int64 fields as JavaScript numbers, zig-zag varints,
 * CRC-32C (crc32c.ts) and the records.
 *
 *   baseOffset int64 | batchLength int32 | partitionLeaderEpoch int32 | magic int8 | crc uint32 |
 *   attributes int16 | lastOffsetDelta int32 | baseTimestamp int64 | maxTimestamp int64 |
 *   producerId int64 | producerEpoch int16 | baseSequence int32 | recordCount int32 | records
 *
 *   record: length varint | attributes int8 | timestampDelta varlong | offsetDelta varint |
 *           key (varint length, -1 null) | value | headers: count varint, [key, value]…
 *
 * The CRC covers attributes to the end (bytes 21…), so baseOffset and the leader epoch can be
 * rewritten without recomputing it. Offsets and timestamps are exact up to 2^53.
 */
import { crc32c } from "./crc32c";

export { crc32c };

/** Header bytes before the records. */
export const BATCH_HEADER_SIZE = 61;
/** Bytes of a batch not counted in batchLength (baseOffset and batchLength themselves). */
export const LOG_OVERHEAD = 12;
/** Byte positions of the header fields. */
export const AT = {
  baseOffset: 0, batchLength: 8, partitionLeaderEpoch: 12, magic: 16, crc: 17, attributes: 21, lastOffsetDelta: 23,
  baseTimestamp: 27, maxTimestamp: 35, producerId: 43, producerEpoch: 51, baseSequence: 53, recordCount: 57,
} as const;
/** Where the CRC-32C starts. */
const CRC_START = AT.attributes;

export const ATTR_CODEC = 0x07;
export const ATTR_LOG_APPEND_TIME = 0x08;
export const ATTR_CONTROL = 0x20;

const TWO_32 = 4294967296;

export function int64At(buf: Buffer, pos: number): number {
  return buf.readInt32BE(pos) * TWO_32 + buf.readUInt32BE(pos + 4);
}

export function writeInt64At(buf: Buffer, pos: number, v: number): void {
  const hi = Math.floor(v / TWO_32);
  buf.writeInt32BE(hi, pos);
  buf.writeUInt32BE(v - hi * TWO_32, pos + 4);
}

/** The header of the batch at `pos` (no validation). */
export interface BatchHeader {
  /** Start and end of the batch in the buffer it was read from. */
  start: number;
  end: number;
  baseOffset: number;
  magic: number;
  crc: number;
  attributes: number;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
}

export function readBatchHeader(buf: Buffer, pos: number): BatchHeader {
  return {
    start: pos,
    end: pos + LOG_OVERHEAD + buf.readInt32BE(pos + AT.batchLength),
    baseOffset: int64At(buf, pos + AT.baseOffset),
    magic: buf.readInt8(pos + AT.magic),
    crc: buf.readUInt32BE(pos + AT.crc),
    attributes: buf.readInt16BE(pos + AT.attributes),
    lastOffsetDelta: buf.readInt32BE(pos + AT.lastOffsetDelta),
    baseTimestamp: int64At(buf, pos + AT.baseTimestamp),
    maxTimestamp: int64At(buf, pos + AT.maxTimestamp),
    producerId: int64At(buf, pos + AT.producerId),
    producerEpoch: buf.readInt16BE(pos + AT.producerEpoch),
    baseSequence: buf.readInt32BE(pos + AT.baseSequence),
    recordCount: buf.readInt32BE(pos + AT.recordCount),
  };
}

/** The CRC-32C a batch [start, end) should carry. */
export function batchCrc(buf: Buffer, start: number, end: number): number {
  return crc32c(buf, start + CRC_START, end);
}

// --- varints (zig-zag, as Kafka's ByteUtils) ------------------------------------------------

export function varintSize(v: number): number {
  let u = ((v << 1) ^ (v >> 31)) >>> 0;
  let n = 1;
  while (u >= 0x80) {
    u >>>= 7;
    n++;
  }
  return n;
}

export function varlongSize(v: number): number {
  let u = v >= 0 ? v * 2 : -v * 2 - 1;
  let n = 1;
  while (u >= 128) {
    u = Math.floor(u / 128);
    n++;
  }
  return n;
}

export function writeVarint(buf: Buffer, pos: number, v: number): number {
  let u = ((v << 1) ^ (v >> 31)) >>> 0;
  while (u >= 0x80) {
    buf[pos++] = (u & 0x7f) | 0x80;
    u >>>= 7;
  }
  buf[pos++] = u;
  return pos;
}

export function writeVarlong(buf: Buffer, pos: number, v: number): number {
  let u = v >= 0 ? v * 2 : -v * 2 - 1;
  while (u >= 128) {
    buf[pos++] = (u % 128) | 0x80;
    u = Math.floor(u / 128);
  }
  buf[pos++] = u;
  return pos;
}

/** Reads varints, varlongs and length-prefixed bytes from `buf` at `pos` (keys and values are slices, not copies). */
export class Cursor {
  constructor(public buf: Buffer, public pos: number) {}
  varint(): number {
    const buf = this.buf;
    let b = buf[this.pos++];
    let r = b & 0x7f;
    if (b & 0x80) {
      b = buf[this.pos++];
      r |= (b & 0x7f) << 7;
      if (b & 0x80) {
        b = buf[this.pos++];
        r |= (b & 0x7f) << 14;
        if (b & 0x80) {
          b = buf[this.pos++];
          r |= (b & 0x7f) << 21;
          if (b & 0x80) {
            b = buf[this.pos++];
            r |= (b & 0x0f) << 28;
          }
        }
      }
    }
    return (r >>> 1) ^ -(r & 1);
  }
  varlong(): number {
    const buf = this.buf;
    let result = 0;
    let mul = 1;
    let b: number;
    do {
      b = buf[this.pos++];
      result += (b & 0x7f) * mul;
      mul *= 128;
    } while (b & 0x80 && mul <= 2 ** 63);
    return result % 2 === 0 ? result / 2 : -(result + 1) / 2;
  }
  bytes(): Buffer | null {
    const len = this.varint();
    if (len < 0) return null;
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }
}

// --- encoding ---------------------------------------------------------------------------------

export type Bytes = Buffer | string | null;

/** One record to encode, with its key and value lengths measured (-1: null). */
export interface EncodableRecord {
  key: Bytes;
  value: Bytes;
  keyLen: number;
  valueLen: number;
  /** CreateTime, ms since the epoch. */
  ts: number;
  headers?: [string, Bytes][];
}

export function byteLen(b: Bytes): number {
  if (b === null) return -1;
  return typeof b === "string" ? Buffer.byteLength(b) : b.length;
}

function writeBytesField(buf: Buffer, pos: number, b: Bytes, len: number): number {
  pos = writeVarint(buf, pos, len);
  if (len > 0) {
    if (typeof b === "string") buf.write(b, pos, len, "utf8");
    else (b as Buffer).copy(buf, pos);
    pos += len;
  }
  return pos;
}

/**
 * One uncompressed batch of `records` (offset deltas 0…n-1, CreateTime), base offset 0 and
 * leader epoch -1 as a producer sends it, no producer id: one exactly-sized buffer.
 */
export function encodeRecordBatch(records: EncodableRecord[]): Buffer {
  let firstTs = Infinity;
  let maxTs = -Infinity;
  for (const s of records) {
    if (s.ts < firstTs) firstTs = s.ts;
    if (s.ts > maxTs) maxTs = s.ts;
  }
  const bodies: number[] = new Array(records.length);
  let total = BATCH_HEADER_SIZE;
  for (let i = 0; i < records.length; i++) {
    const s = records[i];
    let body = 1 + varlongSize(s.ts - firstTs) + varintSize(i);
    body += varintSize(s.keyLen) + Math.max(0, s.keyLen) + varintSize(s.valueLen) + Math.max(0, s.valueLen);
    const hs = s.headers ?? [];
    body += varintSize(hs.length);
    for (const [hk, hv] of hs) {
      const kl = Buffer.byteLength(hk);
      const vl = byteLen(hv);
      body += varintSize(kl) + kl + varintSize(vl) + Math.max(0, vl);
    }
    bodies[i] = body;
    total += varintSize(body) + body;
  }
  const buf = Buffer.allocUnsafe(total);
  writeInt64At(buf, AT.baseOffset, 0);
  buf.writeInt32BE(total - LOG_OVERHEAD, AT.batchLength);
  buf.writeInt32BE(-1, AT.partitionLeaderEpoch);
  buf.writeInt8(2, AT.magic);
  buf.writeInt16BE(0, AT.attributes); // CreateTime, no compression
  buf.writeInt32BE(records.length - 1, AT.lastOffsetDelta);
  writeInt64At(buf, AT.baseTimestamp, firstTs);
  writeInt64At(buf, AT.maxTimestamp, maxTs);
  writeInt64At(buf, AT.producerId, -1);
  buf.writeInt16BE(-1, AT.producerEpoch);
  buf.writeInt32BE(-1, AT.baseSequence);
  buf.writeInt32BE(records.length, AT.recordCount);
  let pos = BATCH_HEADER_SIZE;
  for (let i = 0; i < records.length; i++) {
    const s = records[i];
    pos = writeVarint(buf, pos, bodies[i]);
    buf[pos++] = 0;
    pos = writeVarlong(buf, pos, s.ts - firstTs);
    pos = writeVarint(buf, pos, i);
    pos = writeBytesField(buf, pos, s.key, s.keyLen);
    pos = writeBytesField(buf, pos, s.value, s.valueLen);
    const hs = s.headers ?? [];
    pos = writeVarint(buf, pos, hs.length);
    for (const [hk, hv] of hs) {
      pos = writeBytesField(buf, pos, hk, Buffer.byteLength(hk));
      pos = writeBytesField(buf, pos, hv, byteLen(hv));
    }
  }
  buf.writeUInt32BE(batchCrc(buf, 0, total), AT.crc);
  return buf;
}

// --- decoding ---------------------------------------------------------------------------------

/** A decoded record (offset and timestamp absolute; key, value and header values slices of the batch). */
export interface DecodedRecord {
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: Array<[string, Buffer | null]>;
}

/**
 * The records of an uncompressed batch `body` (the bytes after the header, or the decompressed
 * records of a compressed batch) given its header. LogAppendTime batches carry the append time.
 */
export function decodeRecords(h: BatchHeader, body: Buffer, pos = 0): DecodedRecord[] {
  const cur = new Cursor(body, pos);
  const logAppend = (h.attributes & ATTR_LOG_APPEND_TIME) !== 0;
  const out: DecodedRecord[] = [];
  for (let i = 0; i < h.recordCount && cur.pos < body.length; i++) {
    const len = cur.varint();
    const end = cur.pos + len;
    cur.pos += 1; // attributes
    const tsDelta = cur.varlong();
    const offset = h.baseOffset + cur.varint();
    const key = cur.bytes();
    const value = cur.bytes();
    const n = cur.varint();
    const headers: Array<[string, Buffer | null]> = [];
    for (let j = 0; j < n; j++) {
      const k = cur.bytes();
      headers.push([k === null ? "" : k.toString("utf8"), cur.bytes()]);
    }
    out.push({ offset, timestamp: logAppend ? h.maxTimestamp : h.baseTimestamp + tsDelta, key, value, headers });
    cur.pos = end;
  }
  return out;
}
