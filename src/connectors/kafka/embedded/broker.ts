/**
 * The broker's state: its identity (node 1, a cluster id), topics with their partition logs, the
 * group coordinator, and the data directory when there is one:
 *
 *   <dataDir>/meta.json              cluster id
 *   <dataDir>/topics.json            topics: name, id, partition count, configs
 *   <dataDir>/group-offsets.json     committed offsets of every group
 *   <dataDir>/<topic>-<partition>/   segment files (see log.ts)
 *
 * JSON files are replaced atomically (write then rename). Group offsets are written at most every
 * 200 ms and on stop.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import { GroupCoordinator } from "./groups";
import { PartitionLog } from "./log";
import { Topic, type TopicRecord } from "./topic";

export interface BrokerConfig {
  host: string;
  /** The host clients are told to connect to (Metadata, FindCoordinator). */
  advertisedHost: string;
  dataDir: string | null;
  autoCreateTopics: boolean;
  defaultPartitions: number;
  /** Largest record batch accepted (Kafka's message.max.bytes). */
  maxMessageBytes: number;
  segmentBytes: number;
  /** Default retention per partition (-1: keep everything), overridden by topic configs. */
  retentionBytes: number;
  retentionMs: number;
  log: (line: string) => void;
}

export class Broker {
  readonly nodeId = 1;
  clusterId: string;
  port = 0;
  readonly topics = new Map<string, Topic>();
  readonly groups: GroupCoordinator;
  private offsetsTimer?: NodeJS.Timeout;
  private readonly retentionTimer: NodeJS.Timeout;
  private nextProducerId = 1000;
  private stopped = false;

  constructor(readonly config: BrokerConfig) {
    this.clusterId = randomBytes(16).toString("base64url").slice(0, 22);
    this.groups = new GroupCoordinator(config.log, () => this.scheduleOffsetsWrite());
    if (config.dataDir) this.load(config.dataDir);
    this.retentionTimer = setInterval(() => this.applyRetention(), 5000);
    this.retentionTimer.unref();
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  // ------------------------------------------------------------------------------------------
  // Topics

  createTopic(name: string, partitions: number, configs: Record<string, string> = {}): Topic {
    const t = new Topic(name, undefined, { ...configs });
    for (let p = 0; p < partitions; p++) t.partitions.push(this.openLog(name, p));
    this.topics.set(name, t);
    this.saveTopics();
    return t;
  }

  deleteTopic(name: string): void {
    const t = this.topics.get(name);
    if (!t) return;
    this.topics.delete(name);
    for (const l of t.partitions) l.destroy();
    this.groups.forgetTopic(name);
    this.saveTopics();
  }

  addPartitions(name: string, count: number): void {
    const t = this.topics.get(name)!;
    for (let p = t.partitions.length; p < count; p++) t.partitions.push(this.openLog(name, p));
    this.saveTopics();
  }

  partition(topic: string, partition: number): PartitionLog | undefined {
    return this.topics.get(topic)?.partitions[partition];
  }

  /** Retention for one partition (after an append) or for every partition (periodically). */
  applyRetention(topic?: Topic, partition?: number): void {
    const now = Date.now();
    const targets = topic ? [topic] : [...this.topics.values()];
    for (const t of targets) {
      const bytes = t.retentionBytes(this.config.retentionBytes);
      const ms = t.retentionMs(this.config.retentionMs);
      if (bytes < 0 && ms < 0) continue;
      const logs = partition === undefined ? t.partitions : [t.partitions[partition]];
      for (const l of logs) {
        const before = l.logStartOffset;
        if (l.applyRetention(bytes, ms, now) > 0 && !topic)
          this.config.log(`retention: ${t.name}-${l.partition} now starts at offset ${l.logStartOffset} (was ${before})`);
      }
    }
  }

  allocateProducerId(): number {
    return this.nextProducerId++;
  }

  private openLog(topic: string, partition: number): PartitionLog {
    const dir = this.config.dataDir;
    if (!dir) return PartitionLog.memory(topic, partition);
    return PartitionLog.disk(topic, partition, path.join(dir, `${topic}-${partition}`), this.config.segmentBytes, this.config.log);
  }

  // ------------------------------------------------------------------------------------------
  // Data directory

  private load(dir: string): void {
    fs.mkdirSync(dir, { recursive: true });
    const meta = readJson<{ clusterId?: string; nextProducerId?: number }>(path.join(dir, "meta.json"));
    if (meta?.clusterId) this.clusterId = meta.clusterId;
    else writeJson(path.join(dir, "meta.json"), { clusterId: this.clusterId });
    const topics = readJson<{ topics: TopicRecord[] }>(path.join(dir, "topics.json"));
    for (const r of topics?.topics ?? []) {
      const t = new Topic(r.name, r.id, r.configs ?? {});
      for (let p = 0; p < r.partitions; p++) t.partitions.push(this.openLog(r.name, p));
      this.topics.set(r.name, t);
    }
    const offsets = readJson<ReturnType<GroupCoordinator["snapshot"]>>(path.join(dir, "group-offsets.json"));
    if (offsets) this.groups.restore(offsets);
  }

  private saveTopics(): void {
    const dir = this.config.dataDir;
    if (!dir || this.stopped) return;
    writeJson(path.join(dir, "topics.json"), { topics: [...this.topics.values()].map((t) => t.record()) });
  }

  private scheduleOffsetsWrite(): void {
    if (!this.config.dataDir || this.offsetsTimer || this.stopped) return;
    this.offsetsTimer = setTimeout(() => {
      this.offsetsTimer = undefined;
      this.writeOffsets();
    }, 200);
    this.offsetsTimer.unref();
  }

  private writeOffsets(): void {
    if (!this.config.dataDir) return;
    writeJson(path.join(this.config.dataDir, "group-offsets.json"), this.groups.snapshot());
  }

  /** Ends group activity, writes what is pending, closes the logs. */
  stop(): void {
    if (this.stopped) return;
    clearInterval(this.retentionTimer);
    this.groups.close();
    if (this.offsetsTimer) {
      clearTimeout(this.offsetsTimer);
      this.offsetsTimer = undefined;
    }
    this.writeOffsets();
    this.stopped = true;
    for (const t of this.topics.values()) for (const l of t.partitions) l.close();
  }
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(`cannot read ${file}: ${(e as Error).message}`);
  }
}

function writeJson(file: string, data: unknown): void {
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(data, null, 1));
  fs.renameSync(tmp, file);
}
