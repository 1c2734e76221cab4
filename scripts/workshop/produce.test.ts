// @needs: kafka
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { CHARACTERS, HOUSES, formatRecord, javaTimestampString, drawRecord } from "./produce";
import { readKafkaBatch } from "../../src/sources/kafka-batch";
import { createTopic } from "../../src/connectors/kafka/admin";
import { BOOTSTRAP, dropTopics, testClient, uniqueTopic } from "../../src/connectors/kafka/testing";
import { CaseInsensitiveMap } from "../../src/connector-api/options";

const root = path.resolve(__dirname, "..", "..");
const runScript = (script: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, ["--require", "ts-node/register/transpile-only", path.join(root, "scripts", "workshop", script), ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true", ...env },
    timeout: 60_000,
  });

const RECORD = /^\{"house": "([^"]+)", "character": "([^"]+)", "score": "([1-9])", "ts": "(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{1,3})"\}$/;

test("the generator's lists and formats match datafaker 1.4.0 and java.sql.Timestamp", () => {
  assert.equal(HOUSES.length, 8);
  assert.equal(CHARACTERS.length, 214);
  assert.equal(new Set(CHARACTERS).size, 214);
  const ms = new Date(2022, 7, 11, 16, 34, 11, 633).getTime(); // local time, as Timestamp.toString prints
  assert.equal(javaTimestampString(ms), "2022-08-11 16:34:11.633");
  assert.equal(javaTimestampString(ms - 3), "2022-08-11 16:34:11.63");
  assert.equal(javaTimestampString(ms - 33), "2022-08-11 16:34:11.6");
  assert.equal(javaTimestampString(ms - 633), "2022-08-11 16:34:11.0");
  const r = { house: "Ravenclaw", character: "Myrtle Warren", score: "1", eventTime: ms, ts: "2022-08-11 16:34:11.633" };
  assert.equal(formatRecord(r, "json"), '{"house": "Ravenclaw", "character": "Myrtle Warren", "score": "1", "ts": "2022-08-11 16:34:11.633"}');
  assert.equal(formatRecord({ ...r, character: "Vincent Crabbe, Sr." }, "csv"), '"Ravenclaw","Vincent Crabbe, Sr.","1","2022-08-11 16:34:11.633"');
  const now = Date.now();
  for (let i = 0; i < 2000; i++) {
    const d = drawRecord(now);
    assert.ok(now - d.eventTime >= 1001 && now - d.eventTime <= 30999);
    assert.ok(Number(d.score) >= 1 && Number(d.score) <= 9);
  }
});

test("npm run produce -- <bootstrap> <topic> json 2 2: bursts of 2 records with the workshop's shape", async () => {
  const client = testClient();
  const topic = uniqueTopic("produce");
  try {
    await createTopic(client, topic, { partitions: 3, replicationFactor: 1 });
    const t0 = Date.now();
    const r = runScript("produce.ts", [BOOTSTRAP, topic, "json", "2", "2"]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Sent [46] json records to .* \(2 records\/s\), all acknowledged/m);
    const { rows } = await readKafkaBatch(new CaseInsensitiveMap({ "kafka.bootstrap.servers": BOOTSTRAP, subscribe: topic }));
    // Like the original loop, a burst every whole second while less than `seconds` have passed: 2 or 3 bursts.
    assert.ok(rows.length === 4 || rows.length === 6, `got ${rows.length} records`);
    for (const row of rows) {
      const value = String(row[1]);
      const m = RECORD.exec(value);
      assert.ok(m, value);
      assert.ok(HOUSES.includes(m[1]) && CHARACTERS.includes(m[2]));
      assert.equal(String(row[0]), m[1]); // key = house
      const [date, time] = m[4].split(" ");
      const [y, mo, d] = date.split("-").map(Number);
      const [h, mi, s] = time.split(":").map(Number);
      const eventMs = new Date(y, mo - 1, d, h, mi, Math.floor(s), Math.round((s % 1) * 1000)).getTime();
      assert.equal(row[5], eventMs * 1000); // Kafka timestamp = event time (µs in the row)
      assert.equal(row[6], 0);
      assert.ok(eventMs <= Date.now() - 1001 && eventMs >= t0 - 31_000);
    }
  } finally {
    await dropTopics(client, [topic]);
    await client.close();
  }
});

test("produce: --help, missing arguments and an unreachable broker give clear messages", () => {
  const help = runScript("produce.ts", ["--help"]);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /Usage: npm run produce -- <bootstrapServers> <topic> <json\|csv> <recordsPerSecond> <seconds>/);
  const few = runScript("produce.ts", ["127.0.0.1:9092", "t"]);
  assert.equal(few.status, 2);
  assert.match(few.stderr, /5 arguments are needed, got 2/);
  const unknown = runScript("produce.ts", ["--rate", "5", "127.0.0.1:9092", "t", "json", "1", "1"]);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /^produce: Unknown option '--rate'[^]*Usage: npm run produce/);
  const rate = runScript("produce.ts", ["127.0.0.1:9092", "t", "json", "fast", "1"]);
  assert.match(rate.stderr, /recordsPerSecond must be a positive integer, got 'fast'/);
  const dead = runScript("produce.ts", ["127.0.0.1:1", "t", "json", "1", "1"]);
  assert.equal(dead.status, 1);
  assert.match(dead.stderr, /Cannot connect to Kafka at 127\.0\.0\.1:1/);
});

test("the generator's progress line and its summary state the same records and rate", async () => {
  const { produce }: typeof import("./produce") = require("./produce");
  const topic = uniqueTopic("produce-summary");
  const client = testClient();
  await createTopic(client, topic, { partitions: 1, replicationFactor: 1 });
  let screen = "";
  const tty = { isTTY: true, write: (t: string) => ((screen += t), true) } as unknown as NodeJS.WriteStream;
  try {
    const r = await produce(BOOTSTRAP, topic, "json", 3, 3, tty);
    assert.equal(r.sent, 9);
    const lines = [...screen.matchAll(/sent (\d+) records to \S+ \((\d+) records\/s\)/g)].map((m) => ({ n: Number(m[1]), rate: Number(m[2]) }));
    assert.ok(lines.length >= 2, screen);
    for (const l of lines) assert.ok(l.rate <= 3, `a progress rate above the 3 records/s sent: ${JSON.stringify(lines)}`);
    const last = lines[lines.length - 1];
    assert.equal(last.n, r.sent);
    assert.equal(last.rate, Math.round(r.recordsPerSecond));
    assert.ok(screen.endsWith("\n"));
  } finally {
    await dropTopics(client, [topic]);
    await client.close();
  }
});

