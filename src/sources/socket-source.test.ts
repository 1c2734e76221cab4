import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as net from "node:net";
import { createSocketSource, SocketSource, SOCKET_PRODUCTION_WARNING } from "./socket-source";
import { StringType, StructField, StructType } from "../types/data-types";
import { testContext } from "../../test/support/source-context";
import { READ_ALL_AVAILABLE } from "../connector-api/source";
import { CaseInsensitiveMap } from "../connector-api/options";

/** A line server like `nc -lk`: resolves with its port and the connected client sockets. */
async function lineServer(): Promise<{ port: number; clients: net.Socket[]; connected: Promise<net.Socket>; close: () => Promise<void> }> {
  const clients: net.Socket[] = [];
  let onClient!: (s: net.Socket) => void;
  const connected = new Promise<net.Socket>((r) => (onClient = r));
  const server = net.createServer((s) => {
    clients.push(s);
    onClient(s);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    clients,
    connected,
    close: () =>
      new Promise<void>((r) => {
        for (const c of clients) c.destroy();
        server.close(() => r());
      }),
  };
}

async function waitFor(cond: () => Promise<boolean> | boolean, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 5));
  }
}

const opts = (o: Record<string, string>) => new CaseInsensitiveMap(o);

test("reads lines from a real TCP server: offsets from -1, getBatch (start, end], commit drops lines", async () => {
  const server = await lineServer();
  const warnings: string[] = [];
  const src = createSocketSource(opts({ host: "127.0.0.1", port: String(server.port) }), undefined, testContext({ logger: { warn: (m) => warnings.push(m) } }));
  assert.deepEqual(warnings, [SOCKET_PRODUCTION_WARNING]);
  assert.equal(src.description, `TextSocketV2[host: 127.0.0.1, port: ${server.port}]`);
  assert.ok(src.schema.equals(StructType([StructField("value", StringType(), true)])));
  assert.equal(src.schema.fields[0].nullable, true);
  await src.start();
  const client = await server.connected;
  assert.equal(await src.initialOffset(), -1);
  assert.equal(await src.latestOffset(null, READ_ALL_AVAILABLE), -1);

  client.write("spark scala scala spark structured streaming spark scala scala spark\n");
  client.write("second line\r\nthird");
  client.write(" line\rfourth\r");
  client.write("\nfifth zażółć\n");
  await waitFor(async () => (await src.latestOffset(null, READ_ALL_AVAILABLE)) === 4);
  assert.deepEqual(await src.getBatch(-1, 4), [
    ["spark scala scala spark structured streaming spark scala scala spark"],
    ["second line"],
    ["third line"],
    ["fourth"],
    ["fifth zażółć"],
  ]);
  assert.deepEqual(await src.getBatch(1, 3), [["third line"], ["fourth"]]);
  await src.commit(1);
  assert.deepEqual(await src.getBatch(1, 4), [["third line"], ["fourth"], ["fifth zażółć"]]);
  assert.deepEqual(await src.getBatch(-1, 4), [["third line"], ["fourth"], ["fifth zażółć"]]); // committed part is gone
  await src.commit(4);
  assert.deepEqual(await src.getBatch(4, 4), []);
  await assert.rejects(src.commit(2), /Offsets committed out of order: 4 followed by 2/);

  // a multi-byte character split across two TCP packets
  const bytes = Buffer.from("ąę\n", "utf8");
  client.write(bytes.subarray(0, 1));
  await new Promise((r) => setTimeout(r, 20));
  client.write(bytes.subarray(1));
  await waitFor(async () => (await src.latestOffset(null, READ_ALL_AVAILABLE)) === 5);
  assert.deepEqual(await src.getBatch(4, 5), [["ąę"]]);
  await src.stop();
  await src.stop();
  await server.close();
});

test("includeTimestamp adds the read time in microseconds; numPartitions orders rows like Spark's partitions", async () => {
  const server = await lineServer();
  const src = createSocketSource(opts({ host: "127.0.0.1", port: String(server.port), includeTimestamp: "TRUE", numPartitions: "2" }), undefined, testContext({
    clock: () => 1_700_000_000_123,
  }));
  assert.deepEqual(src.schema.names, ["value", "timestamp"]);
  assert.equal(src.schema.fields[1].dataType.typeName, "timestamp");
  await src.start();
  const client = await server.connected;
  client.write("a\nb\nc\nd\ne\n");
  await waitFor(async () => (await src.latestOffset(null, READ_ALL_AVAILABLE)) === 4);
  const rows = await src.getBatch(-1, 4);
  assert.deepEqual(rows.map((r) => r[0]), ["a", "c", "e", "b", "d"]);
  assert.ok(rows.every((r) => r[1] === 1_700_000_000_123_000));
  await src.stop();
  await server.close();
});

test("the server closing the connection is handled: buffered lines stay, the last unterminated line counts, a warning is logged", async () => {
  const server = await lineServer();
  const warnings: string[] = [];
  const src = new SocketSource({ host: "127.0.0.1", port: server.port, logger: { warn: (m) => warnings.push(m) } });
  let notified = 0;
  src.onNewData(() => notified++);
  await src.start();
  const client = await server.connected;
  client.end("one\ntwo");
  await waitFor(() => !src.isConnected);
  assert.equal(await src.latestOffset(), 1);
  assert.deepEqual(await src.getBatch(-1, 1), [["one"], ["two"]]);
  assert.ok(notified >= 1);
  assert.deepEqual(warnings, [`Stream closed by 127.0.0.1:${server.port}`]);
  assert.equal(await src.latestOffset(), 1); // no more data, no error
  await src.stop();
  await server.close();
});

test("connection refused names host:port and says how to start a server", async () => {
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  const src = createSocketSource(opts({ host: "127.0.0.1", port: String(port) }), undefined, testContext());
  await assert.rejects(src.start(), (e: Error) => {
    assert.match(e.message, new RegExp(`^Connection refused: nothing is listening at 127\\.0\\.0\\.1:${port}`));
    assert.match(e.message, /npm run socket/);
    return true;
  });
  await src.stop();
});

test("option errors are Spark's", () => {
  assert.throws(() => createSocketSource(opts({ port: "9876" }), undefined, testContext()), { name: "AnalysisException", message: 'Set a host to read from with option("host", ...).' });
  assert.throws(() => createSocketSource(opts({ host: "localhost" }), undefined, testContext()), { message: 'Set a port to read from with option("port", ...).' });
  assert.throws(() => createSocketSource(opts({ host: "h", port: "1", includeTimestamp: "yes" }), undefined, testContext()), {
    message: 'includeTimestamp must be set to either "true" or "false"',
  });
  assert.throws(() => createSocketSource(opts({ host: "h", port: "abc" }), undefined, testContext()), { name: "IllegalArgumentException", message: 'For input string: "abc"' });
  assert.throws(() => createSocketSource(opts({ host: "h", port: "70000" }), undefined, testContext()), { message: "port out of range:70000" });
  assert.throws(() => createSocketSource(opts({ host: "h", port: "1" }), StructType([StructField("x", StringType())]), testContext()), {
    name: "UnsupportedOperationException",
    message: "TextSocketSourceProvider source does not support user-specified schema.",
  });
  // option names are case-insensitive, as in Spark
  const s = createSocketSource(opts({ HOST: "h", Port: "1", INCLUDETIMESTAMP: "false" }), undefined, testContext());
  assert.equal(s.description, "TextSocketV2[host: h, port: 1]");
});
