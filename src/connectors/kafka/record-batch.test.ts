/**
 * The RecordBatch v2 codec against kafkajs's own encoder and decoder (the bytes a kafkajs
 * producer sends and a kafkajs consumer reads): CRC-32C, varints, header fields and records,
 * uncompressed and gzip. The range reader and the embedded broker read these batches from the
 * real broker in their own tests (range-reader.test.ts, embedded/*.test.ts).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as zlib from "node:zlib";
import {
  AT, ATTR_CODEC, BATCH_HEADER_SIZE, Cursor, batchCrc, crc32c, decodeRecords, encodeRecordBatch, readBatchHeader, varintSize, varlongSize, writeVarint, writeVarlong,
} from "./record-batch";

/* eslint-disable @typescript-eslint/no-var-requires */
const Encoder = require("kafkajs/src/protocol/encoder");
const Decoder = require("kafkajs/src/protocol/decoder");
const Long = require("kafkajs/src/utils/long");
const { RecordBatch } = require("kafkajs/src/protocol/recordBatch/v0");
const decodeBatch = require("kafkajs/src/protocol/recordBatch/v0/decoder");
const Record = require("kafkajs/src/protocol/recordBatch/record/v0");
const kafkajsCrc32C: (b: Buffer) => number = require("kafkajs/src/protocol/recordBatch/crc32C/crc32C");
const { Types: Compression } = require("kafkajs/src/protocol/message/compression");

const T0 = 1_700_000_000_123;

async function kafkajsBatch(compression: number): Promise<Buffer> {
  const records = [
    Record({ offsetDelta: 0, timestampDelta: 0, key: Buffer.from("k1"), value: Buffer.from("{\"house\":\"Gryffindor\"}"), headers: { h: Buffer.from("v"), "zażółć": Buffer.from([0, 255]) } }),
    Record({ offsetDelta: 1, timestampDelta: 250, key: null, value: Buffer.from("second") }),
    Record({ offsetDelta: 2, timestampDelta: 100_000, key: Buffer.from(""), value: null }),
  ];
  const enc = await RecordBatch({
    compression, firstOffset: Long.fromValue(4_294_967_301), firstTimestamp: T0, maxTimestamp: T0 + 100_000, partitionLeaderEpoch: 7,
    lastOffsetDelta: 2, producerId: Long.fromValue(-1), producerEpoch: -1, firstSequence: -1, records,
  });
  return enc.buffer as Buffer;
}

test("CRC-32C: the check value, and kafkajs's on buffers of every length up to 100", () => {
  assert.equal(crc32c(Buffer.from("123456789")), 0xe3069283);
  let seed = 7;
  for (let n = 0; n <= 100; n++) {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = seed = (seed * 1103515245 + 12345) & 0xff;
    assert.equal(crc32c(b), kafkajsCrc32C(b) >>> 0, `length ${n}`);
  }
});

test("varints and varlongs: the bytes kafkajs's Encoder writes, sizes, and the Cursor reads them back", () => {
  const ints = [0, 1, -1, 63, -64, 64, 300, -300, 2 ** 20, 2 ** 31 - 1, -(2 ** 31)];
  for (const v of ints) {
    const ours = Buffer.alloc(10);
    const end = writeVarint(ours, 0, v);
    assert.deepEqual(ours.subarray(0, end), new Encoder().writeVarInt(v).buffer, `varint ${v}`);
    assert.equal(varintSize(v), end);
    assert.equal(new Cursor(ours, 0).varint(), v);
  }
  const longs = [0, -1, 2 ** 31, -(2 ** 33) + 5, T0, -T0, 2 ** 53 - 1];
  for (const v of longs) {
    const ours = Buffer.alloc(12);
    const end = writeVarlong(ours, 0, v);
    assert.deepEqual(ours.subarray(0, end), new Encoder().writeVarLong(Long.fromValue(v)).buffer, `varlong ${v}`);
    assert.equal(varlongSize(v), end);
    assert.equal(new Cursor(ours, 0).varlong(), v);
  }
});

for (const [name, compression] of [["uncompressed", Compression.None], ["gzip", Compression.GZIP]] as const) {
  test(`a batch kafkajs encodes (${name}): header, CRC and records as the codec reads them`, async () => {
    const b = await kafkajsBatch(compression);
    const h = readBatchHeader(b, 0);
    assert.equal(h.end, b.length);
    assert.deepEqual(
      [h.baseOffset, h.magic, h.lastOffsetDelta, h.baseTimestamp, h.maxTimestamp, h.producerId, h.producerEpoch, h.baseSequence, h.recordCount],
      [4_294_967_301, 2, 2, T0, T0 + 100_000, -1, -1, -1, 3],
    );
    assert.equal(b.readInt32BE(AT.partitionLeaderEpoch), 7);
    assert.equal(h.crc, batchCrc(b, 0, b.length));
    assert.equal(h.attributes & ATTR_CODEC, compression);
    const body = compression === Compression.None ? b.subarray(BATCH_HEADER_SIZE) : zlib.gunzipSync(b.subarray(BATCH_HEADER_SIZE));
    const recs = decodeRecords(h, body);
    assert.deepEqual(recs.map((r) => [r.offset, r.timestamp, r.key?.toString() ?? null, r.value?.toString() ?? null]), [
      [4_294_967_301, T0, "k1", "{\"house\":\"Gryffindor\"}"],
      [4_294_967_302, T0 + 250, null, "second"],
      [4_294_967_303, T0 + 100_000, "", null],
    ]);
    assert.deepEqual(recs[0].headers.map(([k, v]) => [k, v && [...v]]), [["h", [0x76]], ["zażółć", [0, 255]]]);
    assert.deepEqual(recs[1].headers, []);
  });
}

test("a batch the codec encodes: kafkajs decodes the same records, and the CRC it carries is kafkajs's", async () => {
  const b = encodeRecordBatch([
    { key: "house-1", value: "ąę", keyLen: Buffer.byteLength("house-1"), valueLen: Buffer.byteLength("ąę"), ts: T0 + 5, headers: [["trace", Buffer.from("x")], ["empty", null]] },
    { key: null, value: Buffer.from([1, 2, 3]), keyLen: -1, valueLen: 3, ts: T0 },
    { key: Buffer.alloc(0), value: null, keyLen: 0, valueLen: -1, ts: T0 + 2 ** 20 },
  ]);
  assert.equal(b.readUInt32BE(AT.crc), kafkajsCrc32C(b.subarray(AT.attributes)) >>> 0);
  const d = await decodeBatch(new Decoder(b));
  assert.equal(d.firstTimestamp, String(T0), "base timestamp: the smallest");
  assert.equal(d.maxTimestamp, String(T0 + 2 ** 20));
  assert.equal(d.lastOffsetDelta, 2);
  assert.equal(d.producerId, "-1");
  assert.deepEqual(d.records.map((r: { offset: string; timestamp: string; key: Buffer | null; value: Buffer | null }) => [r.offset, r.timestamp, r.key && [...r.key], r.value && [...r.value]]), [
    ["0", String(T0 + 5), [...Buffer.from("house-1")], [...Buffer.from("ąę")]],
    ["1", String(T0), null, [1, 2, 3]],
    ["2", String(T0 + 2 ** 20), [], null],
  ]);
  assert.deepEqual(Object.keys(d.records[0].headers), ["trace", "empty"]);
  assert.equal(String(d.records[0].headers.trace), "x");
  // And back through our own decoder.
  const h = readBatchHeader(b, 0);
  assert.deepEqual(decodeRecords(h, b, BATCH_HEADER_SIZE).map((r) => r.offset), [0, 1, 2]);
});
