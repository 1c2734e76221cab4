/**
 * An in-process Kafka broker on node:net, enough for Iskra (kafkajs 2.2.4, the range reader and
 * record writer): one node (id 1) that leads every partition and coordinates every group,
 * non-flexible protocol versions only, record batch v2 stored as produced.
 *
 *   const kafka = await startEmbeddedKafka({ port: 0 });
 *   kafka.bootstrapServers;   // "127.0.0.1:40123"
 *   await kafka.stop();
 *
 * Served: ApiVersions 0–2, Metadata 0–6, Produce 3–7, Fetch 4–11, ListOffsets 0–3,
 * CreateTopics 0–3, DeleteTopics 0–1, CreatePartitions 0–1, DescribeConfigs 0–2,
 * FindCoordinator 0–2, JoinGroup 0–5, SyncGroup 0–3, Heartbeat 0–3, LeaveGroup 0–3,
 * OffsetCommit 0–5, OffsetFetch 0–4, DescribeGroups 0–2, ListGroups 0–2, DeleteGroups 0–1,
 * InitProducerId 0–1 (idempotence, no transactions).
 */
import { Broker } from "./broker";
import { KafkaServer } from "./server";
import { DEFAULT_MAX_MESSAGE_BYTES } from "./topic-configs";

export interface EmbeddedKafkaOptions {
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Port (default 9092; 0 picks a free one). */
  port?: number;
  /** Keep topics, records and committed offsets here (segment files per partition), reloaded on start. Default: memory only. */
  dataDir?: string;
  /** Create unknown topics named in Metadata requests (auto.create.topics.enable; default true). */
  autoCreateTopics?: boolean;
  /** Partitions of auto-created topics and of CreateTopics with -1 (num.partitions; default 1). */
  defaultPartitions?: number;
  /** Host name given to clients (default: host, or 127.0.0.1 when listening on every interface). */
  advertisedHost?: string;
  /** Largest record batch accepted (message.max.bytes; default 1048588). */
  maxMessageBytes?: number;
  /** Size at which a new segment file is started (default 64 MiB). */
  segmentBytes?: number;
  /**
   * Default retention per partition (log.retention.bytes / log.retention.ms; default -1: keep
   * everything); topics may set retention.bytes / retention.ms. A memory-only broker fed for a
   * long time should have a byte limit.
   */
  retentionBytes?: number;
  retentionMs?: number;
  /** Where the broker's log lines go (default: stderr, prefixed "embedded-kafka: "). */
  log?: (line: string) => void;
}

export interface EmbeddedKafka {
  /** `host:port`, for kafka.bootstrap.servers. */
  readonly bootstrapServers: string;
  readonly host: string;
  readonly port: number;
  readonly clusterId: string;
  /** Closes every connection and the logs; resolves when the port is free again. Idempotent. */
  stop(): Promise<void>;
}

export async function startEmbeddedKafka(options: EmbeddedKafkaOptions = {}): Promise<EmbeddedKafka> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 9092;
  const defaultPartitions = options.defaultPartitions ?? 1;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port ${port}`);
  if (!Number.isInteger(defaultPartitions) || defaultPartitions < 1) throw new Error(`defaultPartitions must be a positive integer, got ${defaultPartitions}`);
  const log = options.log ?? ((line: string) => process.stderr.write(`embedded-kafka: ${line}\n`));
  const advertisedHost = options.advertisedHost ?? (host === "0.0.0.0" || host === "::" || host === "" ? "127.0.0.1" : host);
  const broker = new Broker({
    host,
    advertisedHost,
    dataDir: options.dataDir ?? null,
    autoCreateTopics: options.autoCreateTopics ?? true,
    defaultPartitions,
    maxMessageBytes: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
    segmentBytes: options.segmentBytes ?? 64 * 1024 * 1024,
    retentionBytes: options.retentionBytes ?? -1,
    retentionMs: options.retentionMs ?? -1,
    log,
  });
  const server = new KafkaServer(broker, log);
  let bound: number;
  try {
    bound = await server.listen(host, port);
  } catch (e) {
    broker.stop();
    throw e;
  }
  broker.port = bound;
  let stopping: Promise<void> | undefined;
  const hostForClients = advertisedHost.includes(":") ? `[${advertisedHost}]` : advertisedHost;
  return {
    bootstrapServers: `${hostForClients}:${bound}`,
    host: advertisedHost,
    port: bound,
    clusterId: broker.clusterId,
    stop() {
      stopping ??= (async () => {
        await server.close();
        broker.stop();
      })();
      return stopping;
    },
  };
}
