/**
 * Spark's socket source (`spark.readStream.format("socket").option("host", h).option("port", p)`),
 * TextSocketMicroBatchStream: connects as a TCP *client* to a line server (`nc -lk 9876`,
 * `npm run socket`) and turns every line it receives into a row.
 *
 * - Schema: `value STRING` (+ `timestamp TIMESTAMP`, the time the line was read, with
 *   includeTimestamp=true); both nullable.
 * - Offsets: a plain number, -1 before the first line, +1 per line. `getBatch(start, end)` is
 *   lines (start, end]; `commit(end)` drops them from memory.
 * - Lines are split like Java's readLine ("\n", "\r\n" or "\r"; none kept), decoded as UTF-8.
 * - Like Spark it does not support recovery: buffered lines live in memory only.
 * - When the server closes the connection, the lines already received stay available and the
 *   source simply has no new data ("Stream closed by host:port" is logged).
 */
import * as net from "node:net";
import { StringDecoder } from "node:string_decoder";
import { AnalysisException, IllegalArgumentException, SparkException, UnsupportedOperationException } from "../errors";
import type { InternalRow, Offset, Source } from "../connector-api/source";
import { StringType, StructField, StructType, TimestampType, type StructTypeClass } from "../types/data-types";
import { OffsetBuffer, roundRobinOrder, toLongOffset as toLongOffsetOf } from "./common";
import { parseJavaInteger, parseScalaBoolean } from "../connector-api/options";
import type { SourceFactory, SourceLogger } from "../connector-api/source";

export const SOCKET_PRODUCTION_WARNING =
  "The socket source should not be used for production applications! It does not support recovery.";

export interface SocketSourceOptions {
  host: string;
  port: number;
  includeTimestamp?: boolean;
  /** Rows of a batch are spread round-robin over this many partitions and returned partition by partition (default 1). */
  numPartitions?: number;
  logger?: SourceLogger;
  /** Milliseconds since the epoch, for the timestamp column (default Date.now). */
  clock?: () => number;
  /** Give up connecting after this long (default 10 s). */
  connectTimeoutMs?: number;
}

function socketSourceSchema(includeTimestamp: boolean): StructTypeClass {
  const fields = [StructField("value", StringType(), true)];
  if (includeTimestamp) fields.push(StructField("timestamp", TimestampType(), true));
  return StructType(fields);
}

function toLongOffset(o: Offset, what: string): number {
  return toLongOffsetOf(o, what, "socket source");
}

export class SocketSource implements Source {
  readonly schema: StructTypeClass;
  readonly description: string;
  readonly host: string;
  readonly port: number;
  private readonly includeTimestamp: boolean;
  private readonly numPartitions: number;
  private readonly logger?: SourceLogger;
  private readonly clock: () => number;
  private readonly connectTimeoutMs: number;

  private socket?: net.Socket;
  private starting?: Promise<void>;
  /** Lines (one row each) in arrival order, kept until committed. */
  private readonly buffer = new OffsetBuffer<InternalRow>();
  private readonly decoder = new StringDecoder("utf8");
  private pending = "";
  private skipLF = false;
  private connected = false;
  private stopped = false;
  private readonly listeners = new Set<() => void>();

  constructor(options: SocketSourceOptions) {
    this.host = options.host;
    this.port = options.port;
    this.includeTimestamp = options.includeTimestamp ?? false;
    this.numPartitions = Math.max(1, options.numPartitions ?? 1);
    this.logger = options.logger;
    this.clock = options.clock ?? Date.now;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.schema = socketSourceSchema(this.includeTimestamp);
    this.description = `TextSocketV2[host: ${this.host}, port: ${this.port}]`;
  }

  toString(): string {
    return this.description;
  }

  /** True while the TCP connection is open. */
  get isConnected(): boolean {
    return this.connected;
  }

  /** Calls `listener` whenever new lines arrive; returns a function that unsubscribes. */
  onNewData(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Connects to host:port. Rejects with a message naming host:port when nothing listens there. */
  start(): Promise<void> {
    if (this.stopped) return Promise.reject(new SparkException(`${this.description} has been stopped`));
    this.starting ??= this.connect();
    return this.starting;
  }

  private connect(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const where = `${this.host}:${this.port}`;
      const socket = net.createConnection({ host: this.host, port: this.port });
      this.socket = socket;
      let settled = false;
      const timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        socket.destroy();
        reject(new SparkException(`Connection timed out: could not connect to the socket source at ${where} within ${this.connectTimeoutMs} ms.`));
      }, this.connectTimeoutMs);
      socket.once("connect", () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.connected = true;
        resolve();
      });
      socket.on("data", (chunk: Buffer) => this.onChunk(chunk));
      socket.on("end", () => this.onEnd());
      socket.on("error", (e: NodeJS.ErrnoException) => {
        if (!settled) {
          settled = true;
          clearTimeout(timer);
          reject(connectError(e, this.host, this.port));
          return;
        }
        if (!this.stopped) this.logger?.warn(`Error reading from ${where}: ${e.message}`);
      });
      socket.on("close", () => {
        const was = this.connected;
        this.connected = false;
        if (was && !this.stopped) this.logger?.warn(`Stream closed by ${where}`);
      });
    });
  }

  private onChunk(chunk: Buffer): void {
    let text = this.decoder.write(chunk);
    if (this.skipLF && text.length) {
      if (text[0] === "\n") text = text.slice(1);
      this.skipLF = false;
    }
    if (!text.length) return;
    const scanFrom = this.pending.length;
    this.pending += text;
    const re = /\r\n|\r|\n/g;
    re.lastIndex = scanFrom;
    let last = 0;
    let m: RegExpExecArray | null;
    const lines: string[] = [];
    while ((m = re.exec(this.pending))) {
      lines.push(this.pending.slice(last, m.index));
      last = m.index + m[0].length;
      if (m[0] === "\r" && last === this.pending.length) this.skipLF = true;
    }
    this.pending = this.pending.slice(last);
    this.addLines(lines);
  }

  private onEnd(): void {
    const rest = this.pending + this.decoder.end();
    this.pending = "";
    if (rest.length) this.addLines([rest]);
  }

  private addLines(lines: string[]): void {
    if (!lines.length || this.stopped) return;
    const micros = this.clock() * 1000;
    for (const line of lines) {
      this.buffer.add(this.includeTimestamp ? [line, micros] : [line]);
    }
    for (const l of this.listeners) {
      try {
        l();
      } catch {
        // a listener's failure is not the source's
      }
    }
  }

  async initialOffset(): Promise<Offset> {
    return -1;
  }

  async latestOffset(): Promise<Offset> {
    return this.buffer.latest;
  }

  /** Lines (start, end], as Spark's planInputPartitions slices its buffer (out-of-range parts are empty). */
  async getBatch(start: Offset, end: Offset): Promise<InternalRow[]> {
    const s = toLongOffset(start, "start");
    const e = toLongOffset(end, "end");
    return roundRobinOrder(this.buffer.range(s, e), this.numPartitions);
  }

  async commit(end: Offset): Promise<void> {
    this.buffer.commit(toLongOffset(end, "end"));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.listeners.clear();
    const s = this.socket;
    this.socket = undefined;
    this.connected = false;
    if (s && !s.destroyed) s.destroy();
  }

  /** Offsets are plain numbers. */
  equalOffsets(a: Offset, b: Offset): boolean {
    return toLongOffset(a, "a") === toLongOffset(b, "b");
  }
}

function connectError(e: NodeJS.ErrnoException, host: string, port: number): Error {
  const where = `${host}:${port}`;
  switch (e.code) {
    case "ECONNREFUSED":
      return new SparkException(
        `Connection refused: nothing is listening at ${where} for the socket source. ` +
          `Start a line server there first (\`npm run socket -- --port ${port}\`, or \`nc -lk ${port}\`), then start the query again.`,
      );
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return new SparkException(`Unknown host: cannot resolve "${host}" for the socket source at ${where}.`);
    case "ETIMEDOUT":
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return new SparkException(`Cannot reach ${where} for the socket source: ${e.message}`);
    default:
      return new SparkException(`Cannot connect to the socket source at ${where}: ${e.message}`);
  }
}

/**
 * `format("socket")`: checks the options as TextSocketSourceProvider does (same messages) and
 * logs Spark's production warning. The connection is opened by `start()`.
 */
export const createSocketSource: SourceFactory = (options, userSchema, ctx) => {
  if (userSchema !== undefined)
    throw new UnsupportedOperationException("TextSocketSourceProvider source does not support user-specified schema.");
  ctx?.logger?.warn(SOCKET_PRODUCTION_WARNING);
  const host = options.get("host");
  if (host === undefined) throw new AnalysisException('Set a host to read from with option("host", ...).');
  const portText = options.get("port");
  if (portText === undefined) throw new AnalysisException('Set a port to read from with option("port", ...).');
  const includeText = options.get("includeTimestamp") ?? "false";
  const includeTimestamp = parseScalaBoolean(includeText);
  if (includeTimestamp === undefined) throw new AnalysisException('includeTimestamp must be set to either "true" or "false"');
  const port = parseJavaInteger(portText);
  if (port === undefined) throw new IllegalArgumentException(`For input string: "${portText}"`);
  if (port < 0 || port > 65535) throw new IllegalArgumentException(`port out of range:${port}`);
  const npText = options.get("numPartitions");
  let numPartitions = ctx?.defaultParallelism ?? 1;
  if (npText !== undefined) {
    const n = parseJavaInteger(npText);
    if (n === undefined) throw new IllegalArgumentException(`For input string: "${npText}"`);
    numPartitions = n;
  }
  return new SocketSource({ host, port, includeTimestamp, numPartitions, logger: ctx?.logger, clock: ctx?.clock });
};
