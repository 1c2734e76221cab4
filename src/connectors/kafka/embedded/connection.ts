/**
 * One client connection: length-prefixed request frames in, responses out in request order.
 *
 * Requests are handled as soon as they arrive (pipelining); a slow one (a long-poll Fetch, a
 * JoinGroup waiting for the other members) holds back the responses behind it, as on a Kafka
 * broker, but not their handling. Produce with acks=0 takes no slot. Reading pauses while too
 * many responses are pending. An unknown API key, an unsupported version (other than of
 * ApiVersions, which gets Kafka's UNSUPPORTED_VERSION answer), a malformed request or a frame
 * over the size limit closes the connection with a log line saying why.
 */
import type * as net from "node:net";
import type { Broker } from "./broker";
import { API_BY_KEY, API_HANDLERS, type ApiContext } from "./apis";
import { unsupportedApiVersions } from "./apis/api-versions";
import { ProtocolError, Reader, readRequestHeader, responseFrame, type RequestHeader, type Writer } from "./protocol";

/** Kafka's socket.request.max.bytes default. */
const MAX_REQUEST_BYTES = 100 * 1024 * 1024;
const MAX_PENDING = 256;

interface Slot {
  correlationId: number;
  done: boolean;
  frame: Buffer[] | null;
}

export class Connection {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private readonly queue: Slot[] = [];
  private readonly closeHandlers = new Set<() => void>();
  private closed = false;
  private paused = false;
  readonly remote: string;
  private readonly clientHost: string;

  constructor(
    private readonly socket: net.Socket,
    private readonly broker: Broker,
    private readonly log: (line: string) => void,
  ) {
    this.remote = `${socket.remoteAddress}:${socket.remotePort}`;
    this.clientHost = `/${socket.remoteAddress}`;
    socket.setNoDelay(true);
    socket.on("data", (d: Buffer) => this.onData(d));
    socket.on("close", () => this.onClosed());
    socket.on("error", () => undefined); // "close" follows
  }

  /** Closes the connection (broker stop). */
  destroy(): void {
    this.socket.destroy();
    this.onClosed();
  }

  private onClosed(): void {
    if (this.closed) return;
    this.closed = true;
    const hs = [...this.closeHandlers];
    this.closeHandlers.clear();
    for (const h of hs) h();
  }

  private onData(d: Buffer): void {
    if (this.closed) return;
    this.chunks.push(d);
    this.buffered += d.length;
    while (this.buffered >= 4 && !this.closed) {
      const size = this.peekSize();
      if (size < 0 || size > MAX_REQUEST_BYTES) {
        this.abort(`a request frame of ${size} bytes (the limit is ${MAX_REQUEST_BYTES})`);
        return;
      }
      if (this.buffered < 4 + size) break;
      const frame = this.take(4 + size).subarray(4);
      this.handle(frame);
    }
    if (!this.paused && this.queue.length >= MAX_PENDING) {
      this.paused = true;
      this.socket.pause();
    }
  }

  private peekSize(): number {
    const first = this.chunks[0];
    if (first.length >= 4) return first.readInt32BE(0);
    return Buffer.concat(this.chunks, 4).readInt32BE(0);
  }

  private take(n: number): Buffer {
    const first = this.chunks[0];
    this.buffered -= n;
    if (first.length >= n) {
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let got = 0;
    while (got < n) {
      const c = this.chunks[0];
      const k = Math.min(c.length, n - got);
      c.copy(out, got, 0, k);
      got += k;
      if (k === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(k);
    }
    return out;
  }

  private abort(why: string, header?: RequestHeader): void {
    const client = header ? ` (client id '${header.clientId ?? ""}')` : "";
    this.log(`closing connection from ${this.remote}${client}: ${why}`);
    this.destroy();
  }

  private handle(frame: Buffer): void {
    const r = new Reader(frame);
    let header: RequestHeader;
    try {
      header = readRequestHeader(r);
    } catch {
      this.abort("a request with a malformed header");
      return;
    }
    const api = API_BY_KEY.get(header.apiKey);
    if (!api) {
      this.abort(`unknown API key ${header.apiKey} (version ${header.apiVersion}); this broker serves ${API_HANDLERS.map((a) => a.key).join(", ")}`, header);
      return;
    }
    const slot: Slot = { correlationId: header.correlationId, done: false, frame: null };
    const ctx: ApiContext = {
      broker: this.broker,
      header,
      clientHost: this.clientHost,
      apis: API_HANDLERS,
      onClose: (fn) => {
        if (this.closed) {
          queueMicrotask(fn);
          return () => undefined;
        }
        this.closeHandlers.add(fn);
        return () => this.closeHandlers.delete(fn);
      },
    };
    if (header.apiVersion < api.minVersion || header.apiVersion > api.maxVersion) {
      if (api.key === 18) {
        this.queue.push(slot);
        this.complete(slot, unsupportedApiVersions(ctx));
        return;
      }
      this.abort(`${api.name} v${header.apiVersion} is not supported (v${api.minVersion}–v${api.maxVersion} are)`, header);
      return;
    }
    this.queue.push(slot);
    let result: Writer | null | Promise<Writer | null>;
    try {
      result = api.handle(r, header.apiVersion, ctx);
    } catch (e) {
      this.failed(api.name, header, e);
      return;
    }
    if (result instanceof Promise)
      result.then(
        (w) => this.complete(slot, w),
        (e) => this.failed(api.name, header, e),
      );
    else this.complete(slot, result);
  }

  private failed(name: string, header: RequestHeader, e: unknown): void {
    if (e instanceof ProtocolError) this.abort(`a malformed ${name} v${header.apiVersion} request: ${e.message}`, header);
    else this.abort(`${name} v${header.apiVersion} failed: ${(e as Error)?.stack ?? e}`, header);
  }

  private complete(slot: Slot, body: Writer | null): void {
    slot.done = true;
    slot.frame = body ? responseFrame(slot.correlationId, body) : null;
    this.flush();
  }

  private flush(): void {
    if (this.closed) return;
    let corked = false;
    while (this.queue.length > 0 && this.queue[0].done) {
      const s = this.queue.shift()!;
      if (!s.frame) continue;
      if (!corked) {
        this.socket.cork();
        corked = true;
      }
      for (const c of s.frame) this.socket.write(c);
    }
    if (corked) this.socket.uncork();
    if (this.paused && this.queue.length < MAX_PENDING / 2) {
      this.paused = false;
      this.socket.resume();
    }
  }
}
