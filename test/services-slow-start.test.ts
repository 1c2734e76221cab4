// @needs: shell
/**
 * The prompt never waits for the services (issue #11: the first start took 5.3 s): the real shell
 * (`node bin/iskra.js`) against a background services process whose start is held back by a gate
 * file (ISKRA_SERVICES_TEST_GATE). The prompt appears while the broker is not up; an input typed
 * then waits for it; once the gate opens the shell prints that the broker is up, then the input's
 * result, and a topic made there is on the embedded broker. No wall-time assertion: the order is
 * fixed by the gate.
 *
 * Own ports and home: the machine's broker and the tests' PostgreSQL are never touched.
 */
import { strict as assert } from "node:assert";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { it } from "node:test";
import { listTopics } from "../src/connectors/kafka/admin";
import { KafkaClient } from "../src/connectors/kafka/client";
import { findFreePort } from "../src/connectors/postgres/embedded";
import { readState } from "../src/repl/service-state";

const ROOT = path.resolve(__dirname, "..");

it("the prompt appears before a slow background broker is up; inputs typed meanwhile wait for it", async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-slow-services-"));
  const gate = path.join(home, "open-the-gate");
  const kafkaPort = await findFreePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NO_COLOR: "1",
    ISKRA_HOME: home,
    ISKRA_TS_CACHE: path.join(ROOT, ".iskra", "cache", "ts"),
    ISKRA_EMBEDDED_KAFKA_PORT: String(kafkaPort),
    ISKRA_SERVICES_TEST_GATE: gate,
    // PostgreSQL is the tests' own (PG_URL): only the broker is embedded here.
    PG_URL: process.env.PG_URL ?? "postgres://postgres:postgres@127.0.0.1:1/postgres",
  };
  delete env.KAFKA_BOOTSTRAP_SERVERS;
  delete env.ISKRA_NO_SERVICES;
  delete env.ISKRA_SERVICES;
  delete env.NODE_OPTIONS;
  delete env.TS_NODE_TRANSPILE_ONLY;
  const child = spawn(process.execPath, [path.join(ROOT, "bin", "iskra.js")], { cwd: ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.once("close", (code) => r(code)));
  const waitFor = async (re: RegExp, what: string) => {
    const until = Date.now() + 120000;
    while (!re.test(out)) {
      if (Date.now() > until || child.exitCode !== null) throw new Error(`no ${what}; the shell printed:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  try {
    await waitFor(/>>> /, "prompt");
    assert.match(out, new RegExp(`Kafka\\s+127\\.0\\.0\\.1:${kafkaPort} Iskra's embedded broker \\(starting in the background\\)`));
    assert.equal(readState(home)?.kafka?.ready, false, "the broker is held back by the gate");
    child.stdin.write(`const answer = 40 + 2\n`);
    child.stdin.write(`answer\n`);
    // Let the shell take both inputs: they must wait for the broker, so nothing is printed yet.
    await new Promise((r) => setTimeout(r, 500));
    assert.doesNotMatch(out, /\b42\b/, "an input waits while the broker starts");
    fs.writeFileSync(gate, "");
    await waitFor(/\b42\b/, "the input's result");
    const up = out.indexOf(`Kafka: Iskra's embedded broker is up at 127.0.0.1:${kafkaPort}`);
    assert.ok(up > out.indexOf(">>> "), `the status line comes after the prompt:\n${out}`);
    assert.ok(up < out.search(/\b42\b/), `the waiting input ran after the broker was up:\n${out}`);
    const client = new KafkaClient({ bootstrapServers: `127.0.0.1:${kafkaPort}` });
    try {
      assert.ok(Array.isArray(await listTopics(client)), "the embedded broker answers");
    } finally {
      await client.close();
    }
    child.stdin.write("quit()\n");
    assert.equal(await exited, 0, out);
  } finally {
    child.kill();
    spawnSync(process.execPath, [path.join(ROOT, "bin", "iskra-services.js"), "stop", "--home", home], { cwd: ROOT, env, encoding: "utf8", timeout: 60000 });
    fs.rmSync(home, { recursive: true, force: true });
  }
});
