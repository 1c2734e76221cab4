/** The wire itself, with a raw socket: framing, pipelining and order, long polls, errors, many connections. */
import { after, before, test } from "node:test";
import * as assert from "node:assert/strict";
import * as net from "node:net";
import { encodeRecordBatch } from "../record-batch";
import { Reader, Writer } from "./protocol";
import { startEmbeddedKafka, type EmbeddedKafka } from "./index";

let kafka: EmbeddedKafka;
const logLines: string[] = [];

before(async () => {
  kafka = await startEmbeddedKafka({ port: 0, log: (l) => logLines.push(l) });
});
after(async () => {
  await kafka.stop();
});

function request(apiKey: number, version: number, correlationId: number, body: (w: Writer) => void = () => undefined): Buffer {
  const w = new Writer();
  w.int16(apiKey).int16(version).int32(correlationId).string("raw-test");
  body(w);
  const payload = Buffer.concat(w.chunks());
  const size = Buffer.alloc(4);
  size.writeInt32BE(payload.length);
  return Buffer.concat([size, payload]);
}

/** A raw connection that collects response frames (correlation id, body) with arrival times. */
class Raw {
  readonly socket: net.Socket;
  readonly frames: { correlationId: number; body: Reader; at: number }[] = [];
  private buf = Buffer.alloc(0);
  closed = false;
  constructor(port: number) {
    this.socket = net.connect({ host: "127.0.0.1", port });
    this.socket.on("data", (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      while (this.buf.length >= 4 && this.buf.length >= 4 + this.buf.readInt32BE(0)) {
        const n = this.buf.readInt32BE(0);
        const frame = this.buf.subarray(4, 4 + n);
        this.frames.push({ correlationId: frame.readInt32BE(0), body: new Reader(Buffer.from(frame), 4), at: Date.now() });
        this.buf = this.buf.subarray(4 + n);
      }
    });
    this.socket.on("close", () => (this.closed = true));
    this.socket.on("error", () => undefined);
  }
  async waitFor(n: number, ms = 10_000): Promise<void> {
    const t0 = Date.now();
    while (this.frames.length < n) {
      if (Date.now() - t0 > ms) throw new Error(`only ${this.frames.length} of ${n} responses`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  async waitClosed(ms = 5000): Promise<void> {
    const t0 = Date.now();
    while (!this.closed) {
      if (Date.now() - t0 > ms) throw new Error("the connection stayed open");
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  end(): void {
    this.socket.destroy();
  }
}

const createTopic = (corr: number, name: string, partitions: number) =>
  request(19, 3, corr, (w) => {
    w.int32(1).string(name).int32(partitions).int16(1).int32(0).int32(0);
    w.int32(5000).bool(false);
  });

const fetchV11 = (corr: number, topic: string, partition: number, offset: number, maxWaitMs: number, partitionMaxBytes = 1 << 20) =>
  request(1, 11, corr, (w) => {
    w.int32(-1).int32(maxWaitMs).int32(1).int32(50 << 20).int8(0).int32(0).int32(-1);
    w.int32(1).string(topic).int32(1).int32(partition).int32(-1).int64(offset).int64(-1).int32(partitionMaxBytes);
    w.int32(0).string("");
  });

const produceV7 = (corr: number, topic: string, partition: number, batch: Buffer, acks = -1) =>
  request(0, 7, corr, (w) => {
    w.string(null).int16(acks).int32(5000);
    w.int32(1).string(topic).int32(1).int32(partition).bytes(batch);
  });

function batchOf(values: string[]): Buffer {
  return encodeRecordBatch(values.map((v) => ({ key: null, value: v, keyLen: -1, valueLen: Buffer.byteLength(v), ts: 1_650_000_000_000 })));
}

/** Fetch v11 response → [error, high watermark, record bytes] of its single partition. */
function readFetch(r: Reader): { error: number; hwm: number; records: Buffer | null } {
  r.int32(); // throttle
  assert.equal(r.int16(), 0);
  r.int32(); // session
  assert.equal(r.int32(), 1);
  r.string();
  assert.equal(r.int32(), 1);
  r.int32();
  const error = r.int16();
  const hwm = r.int64();
  r.int64();
  r.int64();
  r.int32();
  r.int32();
  return { error, hwm, records: r.bytes() };
}

/** Produce v7 response → error code of its single partition and base offset. */
function readProduce(r: Reader): { error: number; baseOffset: number } {
  r.int32();
  r.string();
  r.int32();
  r.int32();
  return { error: r.int16(), baseOffset: r.int64() };
}

test("pipelined requests are answered in order, a long-poll fetch holding back the ones behind it", async () => {
  const c = new Raw(kafka.port);
  c.socket.write(createTopic(1, "pipe", 1));
  await c.waitFor(1);
  const t0 = Date.now();
  c.socket.write(Buffer.concat([request(18, 2, 10), fetchV11(11, "pipe", 0, 0, 600), request(3, 6, 12, (w) => w.int32(-1).bool(false)), request(18, 0, 13)]));
  await c.waitFor(5);
  assert.deepEqual(c.frames.map((f) => f.correlationId), [1, 10, 11, 12, 13]);
  assert.ok(c.frames[2].at - t0 >= 550, `the empty fetch waited ${c.frames[2].at - t0} ms`);
  assert.ok(c.frames[3].at >= c.frames[2].at);
  const empty = readFetch(c.frames[2].body);
  assert.equal(empty.error, 0);
  assert.equal(empty.hwm, 0);
  assert.equal(empty.records?.length ?? 0, 0);
  c.end();
});

test("a waiting fetch answers as soon as a record arrives; acks=0 produce gets no response", async () => {
  const reader = new Raw(kafka.port);
  const writer = new Raw(kafka.port);
  writer.socket.write(createTopic(1, "wake", 1));
  await writer.waitFor(1);
  const t0 = Date.now();
  reader.socket.write(fetchV11(7, "wake", 0, 0, 10_000));
  await new Promise((r) => setTimeout(r, 200));
  writer.socket.write(Buffer.concat([produceV7(2, "wake", 0, batchOf(["hello"]), 0), request(18, 2, 3)]));
  await reader.waitFor(1);
  const ms = Date.now() - t0;
  assert.ok(ms < 2000, `woke after ${ms} ms`);
  const f = readFetch(reader.frames[0].body);
  assert.equal(f.hwm, 1);
  assert.ok(f.records && f.records.includes(Buffer.from("hello")));
  await writer.waitFor(2);
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(writer.frames.map((x) => x.correlationId), [1, 3]); // nothing for the acks=0 produce
  reader.end();
  writer.end();
});

test("a batch larger than the partition's max bytes is still returned whole", async () => {
  const c = new Raw(kafka.port);
  c.socket.write(createTopic(1, "big", 1));
  c.socket.write(produceV7(2, "big", 0, batchOf(Array.from({ length: 100 }, (_, i) => `record-${i}-${"z".repeat(100)}`))));
  c.socket.write(fetchV11(3, "big", 0, 50, 0, 100));
  await c.waitFor(3);
  const f = readFetch(c.frames[2].body);
  assert.ok(f.records && f.records.length > 10_000, `got ${f.records?.length} bytes`);
  assert.equal(f.records.readInt32BE(4), 0); // base offset 0: the whole batch holding offset 50
  c.end();
});

test("a corrupt batch gets CORRUPT_MESSAGE, an unknown partition UNKNOWN_TOPIC_OR_PARTITION", async () => {
  const c = new Raw(kafka.port);
  c.socket.write(createTopic(1, "crc", 1));
  const bad = batchOf(["payload"]);
  bad[bad.length - 1] ^= 0xff;
  c.socket.write(produceV7(2, "crc", 0, bad));
  c.socket.write(produceV7(3, "crc", 5, batchOf(["x"])));
  c.socket.write(fetchV11(4, "crc", 0, 7, 0));
  await c.waitFor(4);
  assert.equal(readProduce(c.frames[1].body).error, 2);
  assert.equal(readProduce(c.frames[2].body).error, 3);
  assert.equal(readFetch(c.frames[3].body).error, 1); // OFFSET_OUT_OF_RANGE past the end
  assert.ok(logLines.some((l) => /crc-0 .*CRC-32C mismatch/.test(l)));
  c.end();
});

test("ApiVersions v3 gets UNSUPPORTED_VERSION with the list; unknown keys and versions close the connection", async () => {
  const c = new Raw(kafka.port);
  c.socket.write(request(18, 3, 1));
  await c.waitFor(1);
  const r = c.frames[0].body;
  assert.equal(r.int16(), 35);
  const apis = r.array((r) => [r.int16(), r.int16(), r.int16()]);
  assert.deepEqual(apis.find((a) => a[0] === 18), [18, 0, 2]);
  assert.deepEqual(apis.find((a) => a[0] === 1), [1, 4, 11]);
  assert.deepEqual(apis.find((a) => a[0] === 0), [0, 3, 7]);

  c.socket.write(request(57, 0, 2));
  await c.waitClosed();
  assert.ok(logLines.some((l) => /client id 'raw-test'\): unknown API key 57 \(version 0\)/.test(l)), logLines.join("\n"));

  const d = new Raw(kafka.port);
  d.socket.write(request(1, 12, 1));
  await d.waitClosed();
  assert.ok(logLines.some((l) => /Fetch v12 is not supported \(v4–v11 are\)/.test(l)));
});

test("300 connections at once, each with pipelined requests", async () => {
  const conns = Array.from({ length: 300 }, () => new Raw(kafka.port));
  for (const [i, c] of conns.entries())
    c.socket.write(Buffer.concat([request(18, 2, i), request(3, 6, i + 1, (w) => w.int32(-1).bool(false)), request(10, 2, i + 2, (w) => w.string("g").int8(0))]));
  await Promise.all(conns.map((c) => c.waitFor(3)));
  for (const [i, c] of conns.entries()) assert.deepEqual(c.frames.map((f) => f.correlationId), [i, i + 1, i + 2]);
  for (const c of conns) c.end();
});
