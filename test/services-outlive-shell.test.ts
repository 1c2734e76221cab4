// @needs: shell
/**
 * The embedded services outlive the shell (workshop step 49 counts topic offsets after quit(); psql
 * stays connected in another terminal): the real shell (`node bin/iskra.js`, a child process) starts
 * the background services process, quits, and the embedded broker and PostgreSQL still answer real
 * connections; `npm run services -- status` says what runs where (never the password); a second
 * shell reuses them; `stop` shuts both down and deletes the state file. With
 * ISKRA_SERVICES=attached they stop with the shell, as before.
 *
 * Own ports and home (ISKRA_PG_PORT, ISKRA_EMBEDDED_KAFKA_PORT, ISKRA_HOME): the machine's broker and
 * the tests' PostgreSQL are never touched.
 */
import { strict as assert } from "node:assert";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { Client } from "pg";
import { createTopic, listTopics } from "../src/connectors/kafka/admin";
import { KafkaClient } from "../src/connectors/kafka/client";
import { findFreePort } from "../src/connectors/postgres/embedded";
import { processAlive, readState, stateFile, tcpAnswers } from "../src/repl/service-state";

const ROOT = path.resolve(__dirname, "..");
const PASSWORD = "mysecretpassword";

function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  // One compiled-TypeScript cache for every home (a fresh home would transpile the engine again).
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", ISKRA_TS_CACHE: path.join(ROOT, ".iskra", "cache", "ts"), ...extra };
  delete env.PG_URL;
  delete env.KAFKA_BOOTSTRAP_SERVERS;
  delete env.ISKRA_NO_SERVICES;
  delete env.ISKRA_SERVICES;
  delete env.NODE_OPTIONS;
  delete env.TS_NODE_TRANSPILE_ONLY;
  return { ...env, ...extra };
}

/** Runs the shell with piped stdin: types each input after the previous one printed `until`, then quit(). */
async function shellSession(env: NodeJS.ProcessEnv, steps: Array<{ input: string; until: RegExp }>): Promise<string> {
  const child = spawn(process.execPath, [path.join(ROOT, "bin", "iskra.js")], { cwd: ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.once("close", (code) => r(code)));
  const waitFor = async (re: RegExp, from: number, what: string) => {
    const until = Date.now() + 120000;
    while (!re.test(out.slice(from))) {
      if (Date.now() > until || child.exitCode !== null) throw new Error(`no ${what}; the shell printed:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  await waitFor(/>>> /, 0, "prompt");
  for (const s of steps) {
    const from = out.length;
    child.stdin.write(s.input + "\n");
    await waitFor(s.until, from, `output ${s.until} after ${s.input}`);
  }
  child.stdin.write("quit()\n");
  const code = await exited;
  assert.equal(code, 0, out);
  return out;
}

function services(env: NodeJS.ProcessEnv, cmd: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, "bin", "iskra-services.js"), cmd], { cwd: ROOT, env, encoding: "utf8", timeout: 120000 });
  return { status: r.status, out: r.stdout + r.stderr };
}

async function pgAnswers(port: number): Promise<number> {
  const c = new Client({ host: "127.0.0.1", port, user: "postgres", password: PASSWORD, database: "streamoutput", connectionTimeoutMillis: 5000 });
  c.on("error", () => undefined);
  await c.connect();
  try {
    return Number((await c.query("select 40 + 2 as n")).rows[0].n);
  } finally {
    await c.end();
  }
}

describe("the embedded services outlive the shell", () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-services-"));
  fs.chmodSync(home, 0o755); // the embedded PostgreSQL runs as the user postgres when we are root
  let env: NodeJS.ProcessEnv;
  after(() => {
    if (env) services(env, "stop");
    fs.rmSync(home, { recursive: true, force: true });
  });

  it("quit() leaves the broker and PostgreSQL running; status, a second shell reusing them, stop", async () => {
    const [kafkaPort, pgPort] = [await findFreePort(), await findFreePort()];
    env = baseEnv({ ISKRA_HOME: home, ISKRA_PG_PORT: String(pgPort), ISKRA_EMBEDDED_KAFKA_PORT: String(kafkaPort) });
    const first = await shellSession(env, [{ input: 'sql("select 1 as one")', until: /\(1 row\)/ }]);
    assert.match(first, new RegExp(`Kafka\\s+127\\.0\\.0\\.1:${kafkaPort} Iskra's embedded broker`));
    assert.match(first, /Services\s+running in the background — they keep running after you quit: npm run services -- stop/);
    const state = readState(home);
    assert.ok(state && processAlive(state.pid), "services.json names a live process after the shell left");

    // The workshop's other terminals after quit(): a Kafka client and a PostgreSQL client.
    const kafka = new KafkaClient({ bootstrapServers: `127.0.0.1:${kafkaPort}` });
    try {
      await createTopic(kafka, "after-quit", { partitions: 1, replicationFactor: 1 });
      assert.ok((await listTopics(kafka)).includes("after-quit"));
    } finally {
      await kafka.close();
    }
    assert.equal(await pgAnswers(pgPort), 42);

    const status = services(env, "status");
    assert.equal(status.status, 0, status.out);
    assert.match(status.out, new RegExp(`Kafka\\s+bootstrap 127\\.0\\.0\\.1:${kafkaPort}\\s+Iskra's embedded broker.* — answers`));
    assert.match(status.out, new RegExp(`PostgreSQL\\s+host 127\\.0\\.0\\.1 port ${pgPort} user postgres database streamoutput.* — answers`));
    assert.doesNotMatch(status.out, new RegExp(PASSWORD), "status never shows the password");
    assert.doesNotMatch(fs.readFileSync(stateFile(home), "utf8"), new RegExp(PASSWORD));

    // A second shell reuses the same process (same pid), and sees the topic made after the first quit.
    const second = await shellSession(env, [
      { input: 'sql("select 2 as two")', until: /\(1 row\)/ },
      { input: 'sh("npm run topics -- --bootstrap-server $KAFKA --list")', until: /after-quit/ },
    ]);
    assert.match(second, /Services\s+already running in the background/);
    assert.match(second, /PostgreSQL\s+embedded PostgreSQL at .* \(running\)/);
    assert.equal(readState(home)?.pid, state.pid, "the second shell reused the running process");

    const stop = services(env, "stop");
    assert.equal(stop.status, 0, stop.out);
    assert.match(stop.out, new RegExp(`Stopped the Kafka broker \\(127\\.0\\.0\\.1:${kafkaPort}\\) and PostgreSQL \\(127\\.0\\.0\\.1:${pgPort}\\)`));
    assert.equal(processAlive(state.pid), false);
    assert.equal(fs.existsSync(stateFile(home)), false, "stop deletes services.json");
    assert.equal(await tcpAnswers("127.0.0.1", kafkaPort, 1000), false, "the broker is gone");
    assert.equal(await tcpAnswers("127.0.0.1", pgPort, 1000), false, "PostgreSQL is gone");
    assert.equal(fs.existsSync(path.join(home, "pgdata", "postmaster.pid")), false, "PostgreSQL shut down cleanly");
    const after = services(env, "status");
    assert.equal(after.status, 3);
    assert.match(after.out, /not running/);
  });

  it("ISKRA_SERVICES=attached: the services stop with the shell (the old behaviour)", async () => {
    const [kafkaPort, pgPort] = [await findFreePort(), await findFreePort()];
    const attachedHome = path.join(home, "attached");
    fs.mkdirSync(attachedHome, { mode: 0o755 });
    const e = baseEnv({ ISKRA_HOME: attachedHome, ISKRA_PG_PORT: String(pgPort), ISKRA_EMBEDDED_KAFKA_PORT: String(kafkaPort), ISKRA_SERVICES: "attached" });
    const out = await shellSession(e, [{ input: 'sql("select 1 as one")', until: /\(1 row\)/ }]);
    assert.doesNotMatch(out, /Services\s+/);
    assert.equal(fs.existsSync(stateFile(attachedHome)), false);
    assert.equal(await tcpAnswers("127.0.0.1", kafkaPort, 1000), false);
    assert.equal(await tcpAnswers("127.0.0.1", pgPort, 1000), false);
  });
});
