/**
 * Kafka's non-flexible wire primitives (big-endian ints, int16-length strings, int32-length bytes
 * and arrays, -1 for null), a request-header parser and a response builder that keeps large
 * record sets as references instead of copying them.
 */

/** Thrown by a Reader that runs past the end of a request: the connection is closed. */
export class ProtocolError extends Error {}

export class Reader {
  constructor(readonly buf: Buffer, public pos = 0) {}

  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new ProtocolError(`request truncated: need ${n} bytes at ${this.pos} of ${this.buf.length}`);
  }
  int8(): number {
    this.need(1);
    return this.buf.readInt8(this.pos++);
  }
  bool(): boolean {
    return this.int8() !== 0;
  }
  int16(): number {
    this.need(2);
    const v = this.buf.readInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  int32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  /** int64 as a JS number (offsets and timestamps stay well inside 2^53). */
  int64(): number {
    this.need(8);
    const v = this.buf.readInt32BE(this.pos) * 4294967296 + this.buf.readUInt32BE(this.pos + 4);
    this.pos += 8;
    return v;
  }
  nullableString(): string | null {
    const len = this.int16();
    if (len < 0) return null;
    this.need(len);
    const s = this.buf.toString("utf8", this.pos, this.pos + len);
    this.pos += len;
    return s;
  }
  string(): string {
    return this.nullableString() ?? "";
  }
  /** int32-length bytes, as a view into the request (copy before keeping it). */
  bytes(): Buffer | null {
    const len = this.int32();
    if (len < 0) return null;
    this.need(len);
    const b = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return b;
  }
  nullableArray<T>(item: (r: Reader) => T): T[] | null {
    const n = this.int32();
    if (n < 0) return null;
    if (n > this.buf.length - this.pos) throw new ProtocolError(`array of ${n} items cannot fit in the request`);
    const out: T[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = item(this);
    return out;
  }
  array<T>(item: (r: Reader) => T): T[] {
    return this.nullableArray(item) ?? [];
  }
  remaining(): number {
    return this.buf.length - this.pos;
  }
}

const INLINE_LIMIT = 512;

/** A response body under construction: small fields in a growing buffer, large buffers by reference. */
export class Writer {
  private cur: Buffer;
  private pos = 0;
  private readonly done: Buffer[] = [];
  private doneBytes = 0;

  constructor(initial = 256) {
    this.cur = Buffer.allocUnsafe(initial);
  }

  private room(n: number): void {
    if (this.pos + n <= this.cur.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.cur.length * 2, this.pos + n));
    this.cur.copy(next, 0, 0, this.pos);
    this.cur = next;
  }
  int8(v: number): this {
    this.room(1);
    this.cur.writeInt8(v, this.pos);
    this.pos += 1;
    return this;
  }
  bool(v: boolean): this {
    return this.int8(v ? 1 : 0);
  }
  int16(v: number): this {
    this.room(2);
    this.cur.writeInt16BE(v, this.pos);
    this.pos += 2;
    return this;
  }
  int32(v: number): this {
    this.room(4);
    this.cur.writeInt32BE(v, this.pos);
    this.pos += 4;
    return this;
  }
  int64(v: number): this {
    this.room(8);
    const hi = Math.floor(v / 4294967296);
    this.cur.writeInt32BE(hi, this.pos);
    this.cur.writeUInt32BE(v - hi * 4294967296, this.pos + 4);
    this.pos += 8;
    return this;
  }
  string(s: string | null): this {
    if (s === null) return this.int16(-1);
    const len = Buffer.byteLength(s);
    this.int16(len);
    this.room(len);
    this.cur.write(s, this.pos, len, "utf8");
    this.pos += len;
    return this;
  }
  /** int32 length then the bytes (null → -1). */
  bytes(b: Buffer | null): this {
    if (b === null) return this.int32(-1);
    this.int32(b.length);
    return this.raw(b);
  }
  /** int32 length then several buffers back to back (a record set made of stored batches). */
  bytesList(parts: Buffer[]): this {
    let n = 0;
    for (const p of parts) n += p.length;
    this.int32(n);
    for (const p of parts) this.raw(p);
    return this;
  }
  array<T>(items: readonly T[] | null, each: (w: Writer, item: T) => void): this {
    if (items === null) return this.int32(-1);
    this.int32(items.length);
    for (const it of items) each(this, it);
    return this;
  }
  /** Bytes as they are; large ones are kept by reference, not copied. */
  raw(b: Buffer): this {
    if (b.length <= INLINE_LIMIT) {
      this.room(b.length);
      b.copy(this.cur, this.pos);
      this.pos += b.length;
      return this;
    }
    this.seal();
    this.done.push(b);
    this.doneBytes += b.length;
    return this;
  }
  private seal(): void {
    if (this.pos === 0) return;
    const part = this.cur.subarray(0, this.pos);
    this.done.push(part);
    this.doneBytes += part.length;
    this.cur = Buffer.allocUnsafe(256);
    this.pos = 0;
  }
  get length(): number {
    return this.doneBytes + this.pos;
  }
  /** The body as buffers, in order. */
  chunks(): Buffer[] {
    this.seal();
    return this.done;
  }
}

/** Request header v1 (v2 adds tagged fields after the client id, which no supported version uses). */
export interface RequestHeader {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
}

export function readRequestHeader(r: Reader): RequestHeader {
  const apiKey = r.int16();
  const apiVersion = r.int16();
  const correlationId = r.int32();
  const clientId = r.nullableString();
  return { apiKey, apiVersion, correlationId, clientId };
}

/** A complete response frame: int32 size, correlation id (response header v0), body. */
export function responseFrame(correlationId: number, body: Writer): Buffer[] {
  const chunks = body.chunks();
  const head = Buffer.allocUnsafe(8);
  head.writeInt32BE(body.length + 4, 0);
  head.writeInt32BE(correlationId, 4);
  return [head, ...chunks];
}
