/**
 * One Kafka connection for Iskra: a kafkajs `Kafka` (producer, admin) plus a group-free kafkajs
 * `Cluster` (metadata, ListOffsets, raw Fetch for range-reader.ts), built from the Spark-style
 * option `kafka.bootstrap.servers`.
 *
 * - kafkajs's own log lines never reach the learner's terminal: they go to a file when
 *   ISKRA_KAFKA_LOG names one (ISKRA_KAFKA_LOG_LEVEL=debug for everything), else nowhere.
 * - Retries are bounded so a dead broker fails in about 10–20 s, not minutes; every call made
 *   through `run()` also has a hard deadline, and its errors are turned into a message that names
 *   the bootstrap servers (`Cannot connect to Kafka at 127.0.0.1:9092 ...`).
 */
import * as fs from "node:fs";
import { Kafka, logLevel as LogLevel, Partitioners, type Admin, type Producer, type logCreator } from "kafkajs";
import { SparkException } from "../../errors";

import { KafkaCluster, asConnectionLoss, createLogger, defaultSocketFactory, type KafkaJSCluster } from "./kafkajs-internals";

const READ_UNCOMMITTED = 0;

// ---------------------------------------------------------------------------------------------
// Logging
const levelNames: Record<number, string> = { 1: "ERROR", 2: "WARN", 4: "INFO", 5: "DEBUG" };

const routedLogCreator: logCreator = () => ({ namespace, level, log }) => {
  const file = process.env.ISKRA_KAFKA_LOG;
  if (!file) return;
  const { message, timestamp, logger: _l, ...extra } = log as Record<string, unknown>;
  let extraText = "";
  try {
    extraText = Object.keys(extra).length ? " " + JSON.stringify(extra) : "";
  } catch {
    extraText = "";
  }
  const line = `${timestamp} ${levelNames[level] ?? level} [${namespace}] ${message}${extraText}`;
  try {
    fs.appendFileSync(file, line + "\n");
  } catch {
    /* a debug log must never break the query */
  }
};

function configuredLogLevel(): number {
  const v = (process.env.ISKRA_KAFKA_LOG_LEVEL ?? "").toUpperCase();
  const map: Record<string, number> = { NOTHING: 0, ERROR: 1, WARN: 2, INFO: 4, DEBUG: 5 };
  return map[v] ?? LogLevel.INFO;
}

// ---------------------------------------------------------------------------------------------
// Options

export interface KafkaClientOptions {
  /** Comma-separated host:port list, as `kafka.bootstrap.servers`. */
  bootstrapServers: string;
  clientId?: string;
  /** TCP connect timeout per attempt (default 3000 ms). */
  connectionTimeoutMs?: number;
  /** Per-request timeout (default 30000 ms). */
  requestTimeoutMs?: number;
  /** Hard limit for one `run()` call (default 20000 ms). */
  deadlineMs?: number;
}

/** Parses "a:9092, b:9093" into ["a:9092", "b:9093"]; rejects empty lists and missing ports. */
export function parseBootstrapServers(value: string): string[] {
  const list = value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => s.replace(/^[a-z]+:\/\//i, ""));
  if (list.length === 0) throw new SparkException(`kafka.bootstrap.servers is empty: '${value}'`);
  for (const s of list) {
    const m = /^(.+):(\d+)$/.exec(s);
    if (!m || Number(m[2]) <= 0 || Number(m[2]) > 65535)
      throw new SparkException(`Invalid url in bootstrap.servers: ${s}`);
  }
  return list;
}

// ---------------------------------------------------------------------------------------------
// Error mapping


function rootCause(e: unknown): unknown {
  let cur = e as { originalError?: unknown; cause?: unknown } | undefined;
  for (let i = 0; i < 10 && cur; i++) {
    const next = cur.originalError ?? cur.cause;
    if (!next) break;
    cur = next as typeof cur;
  }
  return cur;
}

/** True when an error means "the broker cannot be reached", at any nesting depth. */
function isConnectionError(e: unknown): boolean {
  if (e instanceof KafkaDeadlineError) return true;
  const all: unknown[] = [];
  let cur = e as { originalError?: unknown; cause?: unknown; errors?: unknown[] } | undefined;
  for (let i = 0; i < 10 && cur; i++) {
    all.push(cur);
    cur = (cur.originalError ?? cur.cause) as typeof cur;
  }
  return all.some((x) => {
    const err = x as { name?: string; code?: string; message?: string };
    if (["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ETIMEDOUT", "ECONNRESET", "EAI_AGAIN"].includes(err.code ?? ""))
      return true;
    if (err.name === "KafkaJSConnectionError" || err.name === "KafkaJSConnectionClosedError") return true;
    if (err.name === "KafkaJSRequestTimeoutError") return true;
    if (err.name === "KafkaJSBrokerNotFound" || err.name === "KafkaJSLockTimeout") return true;
    return /Connection (error|timeout)|ECONNREFUSED|connect ETIMEDOUT|Closed connection/i.test(err.message ?? "");
  });
}

/** A call that ran past its deadline: worth trying again, as kafkajs marks its own timeouts. */
class KafkaDeadlineError extends Error {
  readonly retriable = true;
}

// ---------------------------------------------------------------------------------------------

/** A connection to one Kafka cluster; cheap to create, connects lazily, `close()` is idempotent. */
export class KafkaClient {
  readonly bootstrapServers: string;
  readonly brokers: string[];
  readonly kafka: Kafka;
  private readonly opts: Required<Omit<KafkaClientOptions, "bootstrapServers">>;
  private adminP?: Promise<Admin>;
  private clusterP?: Promise<KafkaJSCluster>;
  private producerClusterP?: Promise<KafkaJSCluster>;
  private producerP?: Promise<Producer>;
  private closed = false;

  constructor(options: KafkaClientOptions) {
    this.brokers = parseBootstrapServers(options.bootstrapServers);
    this.bootstrapServers = this.brokers.join(",");
    this.opts = {
      clientId: options.clientId ?? "iskra",
      connectionTimeoutMs: options.connectionTimeoutMs ?? 3000,
      requestTimeoutMs: options.requestTimeoutMs ?? 30000,
      deadlineMs: options.deadlineMs ?? 20000,
    };
    this.kafka = new Kafka({
      clientId: this.opts.clientId,
      brokers: this.brokers,
      connectionTimeout: this.opts.connectionTimeoutMs,
      requestTimeout: this.opts.requestTimeoutMs,
      retry: this.retry(),
      logLevel: configuredLogLevel(),
      logCreator: routedLogCreator,
    });
  }

  /** Bounded retries: about 4.5 s of back-off in all, plus the connection attempts. */
  private retry() {
    return { retries: 4, initialRetryTime: 300, maxRetryTime: 3000, factor: 0.2, multiplier: 2 };
  }

  /** A connected admin client, shared by every caller of this KafkaClient. */
  admin(): Promise<Admin> {
    this.assertOpen();
    if (!this.adminP) {
      const admin = this.kafka.admin();
      this.adminP = this.run("connect", () => admin.connect()).then(
        () => admin,
        (e) => {
          this.adminP = undefined;
          throw e;
        },
      );
    }
    return this.adminP;
  }

  /** A connected producer (acks are chosen per send), shared by every caller of this KafkaClient. */
  producer(): Promise<Producer> {
    this.assertOpen();
    if (!this.producerP) {
      const producer = this.kafka.producer({
        createPartitioner: Partitioners.DefaultPartitioner, // murmur2, as the Java client
        allowAutoTopicCreation: true,
        maxInFlightRequests: 5,
        retry: this.retry(),
      });
      this.producerP = this.run("connect", () => producer.connect()).then(
        () => producer,
        (e) => {
          this.producerP = undefined;
          throw e;
        },
      );
    }
    return this.producerP;
  }

  /**
   * The group-free kafkajs Cluster (no consumer group, READ_UNCOMMITTED like Spark's consumers),
   * connected; used for metadata, ListOffsets and raw Fetch requests.
   */
  cluster(): Promise<KafkaJSCluster> {
    this.assertOpen();
    if (!this.clusterP) this.clusterP = this.connectCluster(false, () => (this.clusterP = undefined));
    return this.clusterP;
  }

  /**
   * A second group-free Cluster whose metadata requests may auto-create topics (as a producer's
   * do; the broker decides with auto.create.topics.enable). Used only for writing.
   */
  producerCluster(): Promise<KafkaJSCluster> {
    this.assertOpen();
    if (!this.producerClusterP) this.producerClusterP = this.connectCluster(true, () => (this.producerClusterP = undefined));
    return this.producerClusterP;
  }

  private connectCluster(allowAutoTopicCreation: boolean, forget: () => void): Promise<KafkaJSCluster> {
    const cluster = new KafkaCluster({
      logger: createLogger({ level: configuredLogLevel(), logCreator: routedLogCreator }),
      socketFactory: defaultSocketFactory(),
      brokers: this.brokers,
      clientId: this.opts.clientId,
      connectionTimeout: this.opts.connectionTimeoutMs,
      requestTimeout: this.opts.requestTimeoutMs,
      enforceRequestTimeout: true,
      metadataMaxAge: 300000,
      retry: this.retry(),
      allowAutoTopicCreation,
      maxInFlightRequests: null,
      isolationLevel: READ_UNCOMMITTED,
      instrumentationEmitter: null,
      offsets: new Map(),
    });
    return this.run("connect", () => cluster.connect()).then(
      () => cluster,
      (e) => {
        forget();
        throw e;
      },
    );
  }

  /**
   * Runs one Kafka operation with a hard deadline and turns kafkajs errors into clear ones:
   * an unreachable broker gives `Cannot connect to Kafka at <servers> ...`.
   */
  async run<T>(what: string, fn: () => Promise<T>, deadlineMs = this.opts.deadlineMs): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<never>((_, rej) => {
      timer = setTimeout(() => rej(new KafkaDeadlineError(`no answer within ${Math.round(deadlineMs / 1000)} s`)), deadlineMs);
    });
    try {
      return await Promise.race([fn(), limit]);
    } catch (e) {
      throw this.describeFailure(what, asConnectionLoss(e));
    } finally {
      clearTimeout(timer);
    }
  }

  /** Wraps a kafkajs error in a SparkException that says what failed and where. */
  describeFailure(what: string, e: unknown): Error {
    if (e instanceof SparkException) return e;
    const cause = rootCause(e) as { message?: string; code?: string } | undefined;
    const detail = (cause?.message ?? (e as Error)?.message ?? String(e)).replace(/\s+$/, "");
    if (isConnectionError(e)) {
      const err = new SparkException(
        `Cannot connect to Kafka at ${this.bootstrapServers} (kafka.bootstrap.servers) while trying to ${what}: ${detail}. ` +
          `Is the broker running? Start the project's broker with \`npm run kafka -- start\`.`,
      );
      (err as { cause?: unknown }).cause = e;
      return err;
    }
    const err = new SparkException(`Kafka ${what} failed (${this.bootstrapServers}): ${detail}`);
    (err as { cause?: unknown }).cause = e;
    return err;
  }

  /** Disconnects everything; safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const tasks: Promise<unknown>[] = [];
    if (this.producerP) tasks.push(this.producerP.then((p) => p.disconnect()));
    if (this.adminP) tasks.push(this.adminP.then((a) => a.disconnect()));
    if (this.clusterP) tasks.push(this.clusterP.then((c) => c.disconnect()));
    if (this.producerClusterP) tasks.push(this.producerClusterP.then((c) => c.disconnect()));
    await Promise.allSettled(tasks);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private assertOpen(): void {
    if (this.closed) throw new SparkException(`Kafka client for ${this.bootstrapServers} is closed`);
  }
}

