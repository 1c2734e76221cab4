// @needs: kafka
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { BOOTSTRAP, uniqueTopic } from "../../src/connectors/kafka/testing";

const root = path.resolve(__dirname, "..", "..");
const run = (script: string, ...args: string[]) =>
  spawnSync(process.execPath, ["--require", "ts-node/register/transpile-only", path.join(root, "scripts", "workshop", script), ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" },
    timeout: 60_000,
  });

test("topics and offsets scripts: the workshop's steps 15, 16 and 49", () => {
  const topic = uniqueTopic("kafka-input");
  const bs = ["--bootstrap-server", BOOTSTRAP];
  // Step 16 asks for replication factor 2: one broker cannot, and says so.
  const rf2 = run("topics.ts", ...bs, "--create", "--topic", topic, "--partitions", "3", "--replication-factor", "2");
  assert.equal(rf2.status, 1);
  assert.match(rf2.stderr, /^Error while executing topic command : .*replication factor of 2 .*only 1 broker/m);
  assert.match(rf2.stderr, /InvalidReplicationFactorException/);

  const created = run("topics.ts", ...bs, "--create", "--topic", topic, "--partitions", "3", "--replication-factor", "1");
  assert.equal(created.status, 0, created.stderr);
  assert.equal(created.stdout, `Created topic ${topic}.\n`);
  const again = run("topics.ts", ...bs, "--create", "--topic", topic, "--partitions", "3", "--replication-factor", "1");
  assert.equal(again.status, 1);
  assert.match(again.stderr, new RegExp(`Topic '${topic}' already exists\\.`));

  const list = run("topics.ts", ...bs, "--list");
  assert.ok(list.stdout.split("\n").includes(topic));
  const describe = run("topics.ts", ...bs, "--describe", "--topic", topic);
  assert.match(describe.stdout, new RegExp(`^Topic: ${topic}\\tPartitionCount: 3\\tReplicationFactor: 1\\tConfigs: `, "m"));
  assert.match(describe.stdout, new RegExp(`^\\tTopic: ${topic}\\tPartition: 2\\tLeader: 1\\tReplicas: 1\\tIsr: 1$`, "m"));

  const produced = run("produce.ts", BOOTSTRAP, topic, "csv", "5", "1");
  assert.equal(produced.status, 0, produced.stderr);
  const offsets = run("offsets.ts", "--broker-list", BOOTSTRAP, "--topic", topic, "--time", "-1");
  assert.equal(offsets.status, 0, offsets.stderr);
  const lines = offsets.stdout.trim().split("\n");
  assert.deepEqual(lines.map((l) => l.split(":").slice(0, 2).join(":")), [0, 1, 2].map((p) => `${topic}:${p}`));
  const total = lines.reduce((s, l) => s + Number(l.split(":")[2]), 0);
  assert.ok(total === 5 || total === 10, offsets.stdout);
  const earliest = run("offsets.ts", "--bootstrap-server", BOOTSTRAP, "--topic", topic, "--time", "-2");
  assert.deepEqual(earliest.stdout.trim().split("\n"), [0, 1, 2].map((p) => `${topic}:${p}:0`));

  const deleted = run("topics.ts", ...bs, "--delete", "--topic", topic);
  assert.equal(deleted.status, 0, deleted.stderr);
  assert.ok(!run("topics.ts", ...bs, "--list").stdout.split("\n").includes(topic));
  const missing = run("topics.ts", ...bs, "--delete", "--topic", topic);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /does not exist as expected/);
  const usage = run("topics.ts", "--lst");
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /--lst is not a recognized option/);
});
