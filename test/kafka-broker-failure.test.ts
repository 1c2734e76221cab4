// @needs: kafka
/**
 * A broker going away in the middle of a stream: the query retries, then fails with a clear
 * message naming the bootstrap servers; the process survives; once the broker is back, a restart
 * on the same checkpoint loses nothing and counts nothing twice. Uses a broker of its own
 * (scripts/workshop/kafka-broker.sh with a separate KAFKA_DIR and port) so the shared one stays up.
 */
import { after, before, test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import { StreamingQueryException, col, count } from "../src/index";
import { KafkaClient } from "../src/connectors/kafka/client";
import { createTopic } from "../src/connectors/kafka/admin";
import { produceRecords } from "../src/connectors/kafka/record-writer";
import { findFreePort } from "../src/connectors/postgres/embedded";
import { captureSession } from "./support/spark";
import { tempCheckpoint } from "./support/stream-test";

const script = path.join(__dirname, "..", "scripts", "workshop", "kafka-broker.sh");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-broker-b-"));
let port = 0;
let env: NodeJS.ProcessEnv = {};
const broker = (cmd: "start" | "stop") => execFileSync("bash", [script, cmd], { env, stdio: "pipe", timeout: 180000 });
const { spark } = captureSession();

before(async () => {
  port = await findFreePort();
  env = { ...process.env, KAFKA_DIR: dir, KAFKA_PORT: String(port), KAFKA_CONTROLLER_PORT: String(await findFreePort()), KAFKA_HEAP: "256m" };
  broker("start");
});
after(() => {
  try { broker("stop"); } catch { /* already stopped */ }
  fs.rmSync(dir, { recursive: true, force: true });
});

test("broker gone mid-stream: a clear failure, then a restart after it returns loses nothing", async () => {
  const servers = `127.0.0.1:${port}`;
  const client = new KafkaClient({ bootstrapServers: servers });
  await createTopic(client, "events", { partitions: 2, replicationFactor: 1 });
  const send = async (c: KafkaClient, n: number, from: number) => {
    const recs = Array.from({ length: n }, (_, i) => ({ key: `k${(from + i) % 5}`, value: `v${from + i}` }));
    await produceRecords(c, "events", recs);
  };
  await send(client, 100, 0);
  await client.close();

  const cp = tempCheckpoint();
  const start = () => spark.readStream.format("kafka").option("kafka.bootstrap.servers", servers).option("subscribe", "events")
    .option("startingOffsets", "earliest").load()
    .groupBy(col("key").cast("string").alias("k")).agg(count("*").alias("n"))
    .writeStream.outputMode("complete").format("memory").queryName("broker_failure").option("checkpointLocation", cp).start();
  let q = start();
  await q.processAllAvailable();
  assert.equal((await spark.table("broker_failure").collect()).reduce((s, r) => s + r.n, 0), 100);

  broker("stop");
  const t0 = Date.now();
  await assert.rejects(q.awaitTermination(), (e: unknown) => {
    assert.ok(e instanceof StreamingQueryException);
    assert.match((e as Error).message, new RegExp(`127\\.0\\.0\\.1:${port}`));
    return true;
  });
  assert.ok(Date.now() - t0 < 90000, "fails within bounded retries");
  assert.equal(q.isActive, false);

  broker("start");
  const again = new KafkaClient({ bootstrapServers: servers });
  await send(again, 50, 100);
  await again.close();
  q = start();
  await q.processAllAvailable();
  await q.stop();
  const rows = await spark.table("broker_failure").collect();
  assert.equal(rows.reduce((s, r) => s + r.n, 0), 150, "every record once, none twice");
  assert.equal(rows.length, 5);
});
