/**
 * Throughput of the embedded broker with ~100-byte records, through the project's client code
 * (record-writer.ts, range-reader.ts) and through kafkajs's own producer and consumer:
 *
 *   node -r ts-node/register/transpile-only bench/embedded-kafka.ts [--records 1000000] [--data-dir DIR] [--servers host:port]
 *
 * With --servers it measures that broker instead (e.g. the project's Apache Kafka) for comparison.
 */
import { Kafka, logLevel, Partitioners } from "kafkajs";
import { KafkaClient } from "../src/connectors/kafka/client";
import { createTopic, deleteTopicsIfExist } from "../src/connectors/kafka/admin";
import { readRanges } from "../src/connectors/kafka/range-reader";
import { produceRecords, type OutRecord } from "../src/connectors/kafka/record-writer";
import { fetchOffsets } from "../src/connectors/kafka/offsets";
import { startEmbeddedKafka } from "../src/connectors/kafka/embedded";
import { parseArgs } from "node:util";

const USAGE = "Usage: node -r ts-node/register/transpile-only bench/embedded-kafka.ts [--records N] [--servers HOST:PORT] [--data-dir DIR]";

/** The command line (node:util parseArgs): an unknown option prints the usage and exits 2. */
function args(): { records?: string; servers?: string; "data-dir"?: string } {
  try {
    return parseArgs({ args: process.argv.slice(2), strict: true, options: { records: { type: "string" }, servers: { type: "string" }, "data-dir": { type: "string" } } }).values;
  } catch (e) {
    process.stderr.write(`bench: ${(e as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
}

const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString("en-US")} records/s`;

async function main(): Promise<void> {
  const N = Number(args().records ?? "1000000");
  const external = args().servers;
  const kafka = external ? undefined : await startEmbeddedKafka({ port: 0, dataDir: args()["data-dir"], log: () => undefined });
  const servers = external ?? kafka!.bootstrapServers;
  const client = new KafkaClient({ bootstrapServers: servers, clientId: "bench" });
  const topic = `bench-${Date.now().toString(36)}`;
  const value = "x".repeat(90);
  try {
    await createTopic(client, topic, { partitions: 3, replicationFactor: 1 });
    const CALL = 50_000;
    // 1. record-writer: calls of 50,000 records (what the generator sends per second at most).
    let t0 = Date.now();
    for (let i = 0; i < N; i += CALL) {
      const recs: OutRecord[] = new Array(Math.min(CALL, N - i));
      for (let j = 0; j < recs.length; j++) recs[j] = { key: `house-${(i + j) % 8}`, value: `${value}${i + j}` };
      await produceRecords(client, topic, recs);
    }
    const produceMs = Date.now() - t0;
    console.log(`produce (record-writer, acks=all, ${CALL.toLocaleString("en-US")} per call): ${N.toLocaleString("en-US")} records in ${produceMs} ms = ${rate(N, produceMs)}`);

    // 2. range-reader: everything, three partitions at once.
    const tps = [0, 1, 2].map((partition) => ({ topic, partition }));
    const latest = await fetchOffsets(client, tps, "latest");
    t0 = Date.now();
    const rows = await readRanges(client, tps.map((tp) => ({ ...tp, fromOffset: 0, untilOffset: latest[topic][String(tp.partition)] })));
    const readMs = Date.now() - t0;
    if (rows.length !== N) throw new Error(`read ${rows.length} of ${N}`);
    console.log(`fetch (range-reader, 3 partitions): ${N.toLocaleString("en-US")} records in ${readMs} ms = ${rate(N, readMs)}`);

    // 3. kafkajs producer and consumer group, 1/5 of the records.
    const M = Math.round(N / 5);
    const kjs = new Kafka({ clientId: "bench-kafkajs", brokers: [servers], logLevel: logLevel.NOTHING });
    const producer = kjs.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const topic2 = `${topic}-kafkajs`;
    await createTopic(client, topic2, { partitions: 3, replicationFactor: 1 });
    t0 = Date.now();
    for (let i = 0; i < M; i += 1000)
      await producer.send({ topic: topic2, acks: -1, messages: Array.from({ length: Math.min(1000, M - i) }, (_, j) => ({ key: `house-${(i + j) % 8}`, value: `${value}${i + j}` })) });
    const kpMs = Date.now() - t0;
    console.log(`produce (kafkajs producer.send, 1,000 per call): ${M.toLocaleString("en-US")} records in ${kpMs} ms = ${rate(M, kpMs)}`);
    await producer.disconnect();
    const consumer = kjs.consumer({ groupId: `bench-${Date.now()}`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic: topic2, fromBeginning: true });
    let got = 0;
    let first = 0;
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachBatchAutoResolve: true,
        eachBatch: async ({ batch }) => {
          if (!first) first = Date.now();
          got += batch.messages.length;
          if (got >= M) resolve();
        },
      });
    });
    const kcMs = Date.now() - first;
    console.log(`fetch (kafkajs consumer group, eachBatch, from first batch): ${M.toLocaleString("en-US")} records in ${kcMs} ms = ${rate(M, kcMs)}`);
    await consumer.disconnect();
    await deleteTopicsIfExist(client, [topic, topic2]);
  } finally {
    await client.close();
    await kafka?.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
