import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as net from "node:net";
import { KafkaClient, parseBootstrapServers } from "./client";
import { listTopics } from "./admin";
import { readKafkaBatch } from "../../sources/kafka-batch";
import { CaseInsensitiveMap } from "../../connector-api/options";

async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

test("an unreachable broker gives an error naming the bootstrap servers, within a bounded time", async () => {
  const port = await closedPort();
  const servers = `127.0.0.1:${port}`;
  const client = new KafkaClient({ bootstrapServers: servers });
  const t0 = Date.now();
  await assert.rejects(listTopics(client), (e: Error) => {
    assert.match(e.message, new RegExp(`Cannot connect to Kafka at 127\\.0\\.0\\.1:${port} \\(kafka\\.bootstrap\\.servers\\)`));
    assert.match(e.message, /ECONNREFUSED/);
    return true;
  });
  assert.ok(Date.now() - t0 < 20_000, `took ${Date.now() - t0} ms`);
  await client.close();
  await client.close(); // twice is fine

  // The same through the batch reader, as a learner meets it.
  const t1 = Date.now();
  await assert.rejects(
    readKafkaBatch(new CaseInsensitiveMap({ "kafka.bootstrap.servers": servers, subscribe: "x" })),
    new RegExp(`Cannot connect to Kafka at 127\\.0\\.0\\.1:${port}`),
  );
  assert.ok(Date.now() - t1 < 20_000);
});

test("a broker that accepts connections but never answers fails within the deadline", async () => {
  const sockets: net.Socket[] = [];
  const server = net.createServer((s) => sockets.push(s)); // accepts, says nothing
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as net.AddressInfo).port;
  const client = new KafkaClient({ bootstrapServers: `127.0.0.1:${port}`, deadlineMs: 4000 });
  const t0 = Date.now();
  try {
    await assert.rejects(listTopics(client), new RegExp(`Cannot connect to Kafka at 127\\.0\\.0\\.1:${port}`));
    assert.ok(Date.now() - t0 < 10_000, `took ${Date.now() - t0} ms`);
  } finally {
    await client.close();
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test("bootstrap server lists are checked", () => {
  assert.deepEqual(parseBootstrapServers(" a:1, b:2 ,"), ["a:1", "b:2"]);
  assert.throws(() => parseBootstrapServers(""), /empty/);
  assert.throws(() => parseBootstrapServers("localhost"), /Invalid url in bootstrap.servers: localhost/);
});
