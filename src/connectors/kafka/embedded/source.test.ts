/**
 * Iskra's public API over the embedded broker: the Kafka source into the memory sink, and the
 * workshop's generator (scripts/workshop/produce.ts) at 20,000 records/s.
 */
import { after, before, test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SparkSession, col, count } from "../../../index";
import { produce } from "../../../../scripts/workshop/produce";
import { KafkaClient } from "../client";
import { createTopic } from "../admin";
import { produceRecords } from "../record-writer";
import { startEmbeddedKafka, type EmbeddedKafka } from "./index";

let kafka: EmbeddedKafka;
let client: KafkaClient;
const spark = SparkSession.builder.master("local[2]").appName("embedded-kafka-test").getOrCreate();
spark.print = () => undefined;
spark.warn = () => undefined;
const quiet = { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream;
const dirs: string[] = [];
const checkpoint = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-embedded-cp-"));
  dirs.push(d);
  return d;
};

before(async () => {
  kafka = await startEmbeddedKafka({ port: 0, log: () => undefined });
  client = new KafkaClient({ bootstrapServers: kafka.bootstrapServers, clientId: "embedded-source-test" });
});
after(async () => {
  await client.close();
  await kafka.stop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

test("readStream.format('kafka') into the memory sink: every record once, batch after batch", async () => {
  await createTopic(client, "src-in", { partitions: 3 });
  await produceRecords(client, "src-in", Array.from({ length: 1000 }, (_, i) => ({ key: `h${i % 8}`, value: `v${i}` })));
  const df = spark.readStream
    .format("kafka")
    .option("kafka.bootstrap.servers", kafka.bootstrapServers)
    .option("subscribe", "src-in")
    .option("startingOffsets", "earliest")
    .load();
  const q = df.selectExpr("CAST(key AS STRING) AS key", "CAST(value AS STRING) AS value", "partition", "offset")
    .writeStream.format("memory").queryName("embedded_kafka_rows").option("checkpointLocation", checkpoint()).start();
  try {
    await q.processAllAvailable();
    const first = await spark.sql("SELECT count(*) AS n, count(DISTINCT value) AS d FROM embedded_kafka_rows").collect();
    assert.equal(Number(first[0].n), 1000);
    assert.equal(Number(first[0].d), 1000);
    await produceRecords(client, "src-in", Array.from({ length: 500 }, (_, i) => ({ key: `h${i % 8}`, value: `w${i}` })));
    await q.processAllAvailable();
    const rows = await spark.table("embedded_kafka_rows").collect();
    assert.equal(rows.length, 1500);
    const perPartition = await spark.table("embedded_kafka_rows").groupBy("partition").agg(count("*").alias("n")).orderBy(col("partition")).collect();
    assert.equal(perPartition.reduce((s, r) => s + Number(r.n), 0), 1500);
  } finally {
    await q.stop();
  }
  assert.equal(q.exception(), null);
});

test("scripts/workshop/produce.ts produce(): 20,000 records/s for 2 s, all acknowledged and all there", async () => {
  await createTopic(client, "kafka-input", { partitions: 3 });
  const r = await produce(kafka.bootstrapServers, "kafka-input", "json", 20000, 2, quiet);
  assert.ok(r.sent === 40000 || r.sent === 60000, `sent ${r.sent}`);
  // How fast the bursts go is a benchmark's business (npm run bench), not a test's.
  const all = spark.read.format("kafka").option("kafka.bootstrap.servers", kafka.bootstrapServers).option("subscribe", "kafka-input").load();
  const n = await all.count();
  assert.equal(n, r.sent);
  console.log(`# produce() against the embedded broker: ${r.sent} records in ${r.seconds.toFixed(2)} s, slowest burst ${r.slowestBurstMs} ms`);
});
