/** Retention (retention.bytes / retention.ms, or the broker's defaults): the log start moves, readers see data loss. */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { KafkaClient } from "../client";
import { createTopic } from "../admin";
import { fetchOffsets } from "../offsets";
import { readRanges } from "../range-reader";
import { produceRecords } from "../record-writer";
import { startEmbeddedKafka } from "./index";

const tp = (topic: string) => [{ topic, partition: 0 }];

test("memory log: retention.bytes drops the oldest batches; a read from 0 reports the loss", async () => {
  const kafka = await startEmbeddedKafka({ port: 0, log: () => undefined });
  const client = new KafkaClient({ bootstrapServers: kafka.bootstrapServers });
  try {
    await createTopic(client, "small", { partitions: 1, configs: { "retention.bytes": "20000" } });
    for (let i = 0; i < 50; i++) await produceRecords(client, "small", Array.from({ length: 10 }, (_, j) => ({ key: null, value: `${i}-${j}-${"p".repeat(90)}`, partition: 0 })));
    const earliest = (await fetchOffsets(client, tp("small"), "earliest")).small["0"];
    const latest = (await fetchOffsets(client, tp("small"), "latest")).small["0"];
    assert.equal(latest, 500);
    assert.ok(earliest > 300 && earliest % 10 === 0, `log start ${earliest}`);
    await assert.rejects(readRanges(client, [{ topic: "small", partition: 0, fromOffset: 0, untilOffset: 500 }]), /failOnDataLoss/);
    const lost: string[] = [];
    const rows = await readRanges(client, [{ topic: "small", partition: 0, fromOffset: 0, untilOffset: 500 }], { failOnDataLoss: false, onDataLoss: (m) => lost.push(m) });
    assert.equal(rows.length, 500 - earliest);
    assert.equal(rows[0][4], earliest);
    assert.match(lost[0], new RegExp(`the earliest available offset is ${earliest}`));
  } finally {
    await client.close();
    await kafka.stop();
  }
});

test("disk log: the broker's retention deletes whole old segment files, never the one being written", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-embedded-retention-"));
  const kafka = await startEmbeddedKafka({ port: 0, dataDir: dir, segmentBytes: 8192, retentionBytes: 20000, log: () => undefined });
  const client = new KafkaClient({ bootstrapServers: kafka.bootstrapServers });
  try {
    await createTopic(client, "rolling", { partitions: 1 });
    for (let i = 0; i < 60; i++) await produceRecords(client, "rolling", Array.from({ length: 10 }, (_, j) => ({ key: null, value: `${i}-${j}-${"q".repeat(90)}`, partition: 0 })));
    const files = fs.readdirSync(path.join(dir, "rolling-0")).sort();
    const earliest = (await fetchOffsets(client, tp("rolling"), "earliest")).rolling["0"];
    assert.equal(files[0], `${String(earliest).padStart(20, "0")}.log`);
    assert.ok(earliest > 0);
    const bytes = files.reduce((s, f) => s + fs.statSync(path.join(dir, "rolling-0", f)).size, 0);
    assert.ok(bytes < 20000 + 8192 + 2000, `${bytes} bytes kept in ${files.length} files`);
    const rows = await readRanges(client, [{ topic: "rolling", partition: 0, fromOffset: earliest, untilOffset: 600 }]);
    assert.equal(rows.length, 600 - earliest);
  } finally {
    await client.close();
    await kafka.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("retention.ms: batches whose newest record is older than the limit go (checked on append)", async () => {
  const kafka = await startEmbeddedKafka({ port: 0, log: () => undefined });
  const client = new KafkaClient({ bootstrapServers: kafka.bootstrapServers });
  try {
    await createTopic(client, "aged", { partitions: 1, configs: { "retention.ms": "60000" } });
    await produceRecords(client, "aged", [{ key: null, value: "old", partition: 0, timestamp: Date.now() - 3_600_000 }]);
    await produceRecords(client, "aged", [{ key: null, value: "new", partition: 0 }]);
    assert.equal((await fetchOffsets(client, tp("aged"), "earliest")).aged["0"], 1);
  } finally {
    await client.close();
    await kafka.stop();
  }
});
