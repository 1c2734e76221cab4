/**
 * The inputs of a side-by-side run, the same for both sides: socket lines served to each side on
 * its own port, and a fixed, seeded set of the generator's records in a fresh Kafka topic.
 */
import * as net from "node:net";
import { prng } from "../chaos/chaos";
import { drawRecord, formatRecord } from "../workshop/produce";
import { createTopic, deleteTopicsIfExist } from "../../src/connectors/kafka/admin";
import { KafkaClient } from "../../src/connectors/kafka/client";
import { produceRecords } from "../../src/connectors/kafka/record-writer";

/** What `nc -lk PORT` does, for one side: every line sent goes to every connected client. */
export class LineFeeder {
  private readonly server = net.createServer((s) => this.connected(s));
  private readonly clients: net.Socket[] = [];
  private waiting: Array<() => void> = [];

  static async listen(): Promise<LineFeeder> {
    const f = new LineFeeder();
    await new Promise<void>((resolve, reject) => f.server.once("error", reject).listen(0, () => resolve()));
    return f;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  private connected(s: net.Socket): void {
    s.on("error", () => undefined);
    this.clients.push(s);
    for (const w of this.waiting.splice(0)) w();
  }

  /** Resolves once a client (the socket source) is connected. */
  waitForClient(): Promise<void> {
    return this.clients.length ? Promise.resolve() : new Promise((r) => this.waiting.push(r));
  }

  send(line: string): void {
    for (const c of this.clients) c.write(line + "\n");
  }

  close(): Promise<void> {
    for (const c of this.clients) c.destroy();
    return new Promise((r) => this.server.close(() => r()));
  }
}

/**
 * The generator's records for `groups` bursts (records per burst), drawn from a seeded PRNG with
 * a fixed clock: the same every run. JSON values, key = house. The Kafka timestamp is the time of
 * sending: an event time of 2022 would let the broker's retention (7 days) delete the records.
 */
export function seededGroups(groups: number[], seed = 42, now = Date.UTC(2022, 7, 11, 14, 34, 30)): Array<Array<{ key: string; value: string; timestamp: number }>> {
  const random = prng(seed);
  return groups.map((n, g) =>
    Array.from({ length: n }, () => {
      const r = drawRecord(now + g * 1000, random);
      return { key: r.house, value: formatRecord(r, "json"), timestamp: Date.now() };
    }),
  );
}

/** A fresh topic (deleted first if it exists) on the broker, and a writer into it. */
export class TopicFeeder {
  private constructor(
    private readonly client: KafkaClient,
    readonly topic: string,
    private readonly partitions: number,
  ) {}

  static async create(bootstrap: string, topic: string, partitions: number): Promise<TopicFeeder> {
    const client = new KafkaClient({ bootstrapServers: bootstrap, clientId: "iskra-side-by-side" });
    await deleteTopicsIfExist(client, [topic]);
    await createTopic(client, topic, { partitions, replicationFactor: 1 });
    return new TopicFeeder(client, topic, partitions);
  }

  private bursts = 0;

  /**
   * One burst lands in one partition (a different one each time), written as one record batch, so
   * a source sees all of it or none of it: a burst spread over partitions could be split between
   * two micro-batches on one side and not on the other. The lessons' aggregates do not depend on
   * the partition.
   */
  async send(records: Array<{ key: string; value: string; timestamp: number }>): Promise<void> {
    const partition = this.bursts++ % this.partitions;
    await produceRecords(this.client, this.topic, records.map((r) => ({ ...r, partition })), { inFlight: 1 });
  }

  async close(): Promise<void> {
    await deleteTopicsIfExist(this.client, [this.topic]).catch(() => undefined);
    await this.client.close();
  }
}
