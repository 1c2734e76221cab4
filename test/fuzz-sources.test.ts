// @needs: kafka
/**
 * Bad input through the sources (bounded, seeded): malformed JSON, invalid UTF-8, binary garbage,
 * 5 MB values, deeply nested JSON, wrong types, empty and null values and keys, produced with
 * kafkajs to a topic of the real broker (KAFKA_BOOTSTRAP_SERVERS) and read with
 * readStream.format("kafka"), and sent as lines by a local TCP server to the socket source; both
 * through CAST / from_json (PERMISSIVE) / split into a memory sink. Nothing crashes, every record
 * comes out, and a fixed sample equals what PySpark 3.5.9 returned for the same bytes
 * (test/fixtures/fuzz-sources.json, scripts/spark-oracle/fuzz_sources.py: the BINARY value column
 * as Kafka gives it, and PySpark's own socket source). FAILFAST fails the query with Spark's
 * [MALFORMED_RECORD_IN_PARSING] text, captured from PySpark, and names the record.
 */
import { after, test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { StreamingQueryException, col, expr, from_json, split } from "../src/index";
import { createTopic } from "../src/connectors/kafka/admin";
import { BOOTSTRAP, dropTopics, testClient, uniqueTopic } from "../src/connectors/kafka/testing";
import { prng } from "../scripts/chaos/chaos";
import { captureSession } from "./support/spark";
import { VALID, fuzzValue, pyStr } from "./support/fuzz";

const { spark } = captureSession();
spark.conf.set("spark.sql.session.timeZone", "UTC");
const SCHEMA = "house STRING, character STRING, score STRING, ts TIMESTAMP";
const FIXTURE = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "fuzz-sources.json"), "utf8")) as {
  kafka: { hex: string | null; string: string | null; from_json: (string | null)[] | null; int: string | null; split: string[] | null }[];
  socket: { hex: string; line: string; from_json: (string | null)[] | null }[];
  failfast_stream: string;
};
const bytesOf = (hex: string | null) => (hex === null ? null : Buffer.from(hex, "hex"));
const FIVE_MB = 5 << 20;
const topics: string[] = [];

after(async () => {
  const c = testClient();
  await dropTopics(c, topics);
  await c.close();
});

/** The struct from_json returned, as PySpark's str() of each field. */
const structStr = (v: unknown) => (v === null || v === undefined ? null : [...(v as Iterable<unknown>)].map(pyStr));

test("Kafka source: the PySpark sample plus 1,500 seeded bad values and keys (and a 5 MB one) through CAST, from_json, split: 0 crashes, PySpark's results", async () => {
  const r = prng(1212);
  const sample = FIXTURE.kafka.map((s) => bytesOf(s.hex));
  const fuzz = Array.from({ length: 1500 }, () => fuzzValue(r));
  const keys = [null, Buffer.alloc(0), Buffer.from([0xff, 0x00, 0xc3]), Buffer.from("Gryffindor")];
  const values = [...sample, ...fuzz, Buffer.from(`{"house": "${"h".repeat(FIVE_MB)}", "score": "1"}`), Buffer.from("z".repeat(FIVE_MB))];
  const topic = uniqueTopic("iskra-fuzz-kafka");
  topics.push(topic);
  const admin = testClient();
  await createTopic(admin, topic, { partitions: 1, replicationFactor: 1, configs: { "max.message.bytes": String(8 << 20) } });
  await admin.close();
  const producer = new Kafka({ clientId: "iskra-fuzz", brokers: BOOTSTRAP.split(","), logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  try {
    // Batches of 200; a 5 MB value in a request of its own (the topic takes records up to 8 MB).
    for (let i = 0; i < values.length;) {
      const n = (values[i]?.length ?? 0) > 1 << 20 ? 1 : Math.min(200, values.slice(i, i + 200).findIndex((v) => (v?.length ?? 0) > 1 << 20) + 1 || 200);
      const take = n > 1 && (values[i + n - 1]?.length ?? 0) > 1 << 20 ? n - 1 : n;
      const messages = values.slice(i, i + take).map((v, j) => ({ key: keys[(i + j) % keys.length], value: v === null ? null : Buffer.from(v) }));
      await producer.send({ topic, messages });
      i += take;
    }
  } finally {
    await producer.disconnect();
  }

  const q = spark.readStream.format("kafka").option("kafka.bootstrap.servers", BOOTSTRAP).option("subscribe", topic).option("startingOffsets", "earliest").load()
    .select(col("offset"), expr("CAST(key AS STRING)").alias("k"), expr("CAST(value AS STRING)").alias("s"))
    .select(col("offset"), col("k"), col("s"), from_json(col("s"), SCHEMA).alias("data"), expr("CAST(s AS INT)").alias("i"), split(col("s"), ",").alias("parts"))
    .writeStream.format("memory").queryName("fuzz_kafka").start();
  await q.processAllAvailable();
  await q.stop();
  assert.equal(q.exception(), null);
  const rows = (await spark.table("fuzz_kafka").collect()).sort((a, b) => Number(a.offset) - Number(b.offset));
  assert.equal(rows.length, values.length, "every record came out");
  const diffs: string[] = [];
  FIXTURE.kafka.forEach((want, i) => {
    const row = rows[i];
    const got = { string: row.s ?? null, from_json: structStr(row.data), int: row.i === null ? null : String(row.i), split: row.parts === null ? null : [...row.parts].map(String) };
    const exp = { string: want.string, from_json: want.from_json, int: want.int, split: want.split };
    if (JSON.stringify(got) !== JSON.stringify(exp)) diffs.push(`record ${i} (${want.hex?.slice(0, 40)}): got ${JSON.stringify(got).slice(0, 300)}, PySpark ${JSON.stringify(exp).slice(0, 300)}`);
  });
  assert.deepEqual(diffs, []);
  // Keys: null stays null, empty is "", garbage decodes with replacement characters.
  assert.equal(rows[0].k, null);
  assert.equal(rows[1].k, "");
  assert.equal(rows[2].k, "\ufffd\u0000\ufffd");
  fuzz.forEach((v, j) => {
    const row = rows[sample.length + j];
    if (v === null) assert.equal(row.data, null, `fuzz ${j}: a null value gives a null struct`);
    else if (Buffer.from(v).toString() === VALID) assert.equal(row.data.house, "Gryffindor", `fuzz ${j}`);
  });
  const big = rows[rows.length - 2];
  assert.equal(String(big.data.house).length, FIVE_MB, "the 5 MB JSON value parses");
  assert.deepEqual(structStr(rows[rows.length - 1].data), [null, null, null, null], "5 MB of garbage: PERMISSIVE's all-null struct");
});

/** A local TCP server (nc -lk) that sends `payload` to the first client and keeps the connection open. */
async function lineServer(payload: Buffer): Promise<{ port: number; close: () => void }> {
  const sockets: net.Socket[] = [];
  const server = net.createServer((s) => {
    sockets.push(s);
    s.on("error", () => undefined);
    s.write(payload);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as net.AddressInfo).port, close: () => { sockets.forEach((s) => s.destroy()); server.close(); } };
}

const lineOf = (v: Uint8Array | null) => Buffer.from((v ?? Buffer.alloc(0)).map((b) => (b === 0x0a || b === 0x0d ? 0x20 : b)));

test("socket source: the PySpark sample plus 1,000 seeded garbage lines and a 5 MB line through from_json: 0 crashes, PySpark's results", async () => {
  const r = prng(4242);
  const sample = FIXTURE.socket.map((s) => bytesOf(s.hex)!);
  const lines = [...sample, ...Array.from({ length: 1000 }, () => lineOf(fuzzValue(r))), Buffer.from(`{"house": "${"s".repeat(FIVE_MB)}"}`)];
  const server = await lineServer(Buffer.concat(lines.flatMap((l) => [l, Buffer.from("\n")])));
  try {
    const q = spark.readStream.format("socket").option("host", "127.0.0.1").option("port", server.port).load()
      .select(col("value"), from_json(col("value"), SCHEMA).alias("data"), split(col("value"), ",").alias("parts"))
      .writeStream.format("memory").queryName("fuzz_socket").start();
    const until = Date.now() + 120_000;
    const seen = async () => { try { return await spark.table("fuzz_socket").count(); } catch { return 0; } }; // the table appears with the first batch
    while (Date.now() < until && (await seen()) < lines.length && !q.exception()) await new Promise((res) => setTimeout(res, 200));
    await q.stop();
    assert.equal(q.exception(), null);
    const rows = await spark.table("fuzz_socket").collect();
    assert.equal(rows.length, lines.length, "every line came out");
    // The socket source deals a batch's lines round-robin over local[2]'s partitions, as Spark does
    // (PySpark ran local[1]), so the sample is matched by line, not by position.
    const diffs: string[] = [];
    FIXTURE.socket.forEach((want, i) => {
      const found = rows.filter((row) => row.value === want.line);
      // (the seeded lines repeat some sample lines: every copy must give PySpark's result)
      const got = [...new Set(found.map((row) => JSON.stringify({ line: row.value, from_json: structStr(row.data) })))].map((x) => JSON.parse(x));
      if (JSON.stringify(got) !== JSON.stringify([{ line: want.line, from_json: want.from_json }])) diffs.push(`line ${i}: got ${JSON.stringify(got).slice(0, 300)}, PySpark ${JSON.stringify(want).slice(0, 300)}`);
    });
    assert.deepEqual(diffs, []);
    assert.equal(rows.filter((row) => row.data !== null && String(row.data.house).length === FIVE_MB).length, 1, "the 5 MB line parses");
  } finally {
    server.close();
  }
});

test("FAILFAST on a stream: the query fails with Spark's [MALFORMED_RECORD_IN_PARSING] text and names the record; the session survives", async () => {
  const spark35 = /\[MALFORMED_RECORD_IN_PARSING\.WITHOUT_SUGGESTION\] Malformed records are detected in record parsing: \[null,null,null,null\]\.\nParse Mode: FAILFAST\. To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'\./.exec(FIXTURE.failfast_stream);
  assert.ok(spark35, "the fixture holds PySpark's text");
  assert.match(FIXTURE.failfast_stream, /^\[STREAM_FAILED\] Query \[id = [0-9a-f-]+, runId = [0-9a-f-]+\] terminated with exception: /);
  const bad = '{"house": "Slytherin", "character": "Dra';
  const server = await lineServer(Buffer.from(`${VALID}\n${bad}\n`));
  try {
    const q = spark.readStream.format("socket").option("host", "127.0.0.1").option("port", server.port).load()
      .select(from_json(col("value"), SCHEMA, { mode: "FAILFAST" }).alias("data"))
      .writeStream.format("memory").queryName("fuzz_failfast").start();
    await assert.rejects(q.awaitTermination(), (e: unknown) => {
      assert.ok(e instanceof StreamingQueryException, String(e));
      const msg = (e as Error).message;
      assert.ok(msg.includes(spark35[0]), `Spark's text in: ${msg}`);
      assert.match(msg, /^\[STREAM_FAILED\] Query \[id = [0-9a-f-]+, runId = [0-9a-f-]+\] terminated with exception: /);
      assert.ok(msg.includes(JSON.stringify(bad)), `the record is named: ${msg}`);
      return true;
    });
    assert.equal(q.isActive, false);
    assert.equal(await spark.range(3).count(), 3, "the session still works");
  } finally {
    server.close();
  }
});
