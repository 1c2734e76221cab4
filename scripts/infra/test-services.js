// Services for the integration tests. ensure(env) fills env.PG_URL and env.KAFKA_BOOTSTRAP_SERVERS,
// starting an embedded PostgreSQL and the project's Kafka broker when none is configured;
// release() stops only what ensure() started.
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

// ---------------------------------------------------------------------------------------------
// PostgreSQL

const PG_TEST_PREFIX = "iskra-test-pg-";

/** Removes data directories of earlier test runs whose server is gone (killed runs leave them). */
function removeLeftoverPgDirs() {
  const tmp = os.tmpdir();
  for (const name of fs.readdirSync(tmp)) {
    if (!name.startsWith(PG_TEST_PREFIX)) continue;
    const dir = path.join(tmp, name);
    try {
      const pidFile = path.join(dir, "pgdata", "postmaster.pid");
      if (fs.existsSync(pidFile)) continue; // a server still runs there (or was just reaped: next time)
      const age = Date.now() - fs.statSync(dir).mtimeMs;
      const owner = path.join(dir, "pgdata.owner.json");
      const ownerPid = fs.existsSync(owner) ? JSON.parse(fs.readFileSync(owner, "utf8")).pid : undefined;
      const ownerAlive = ownerPid !== undefined && (() => { try { process.kill(ownerPid, 0); return true; } catch { return false; } })();
      if ((ownerPid !== undefined && !ownerAlive) || age > 3600_000) fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      /* another run may be removing it too */
    }
  }
}

/**
 * When env.PG_URL is unset, starts a throw-away embedded PostgreSQL (a temporary data directory, a
 * free port that is never the learner's 8432, no fsync) and sets env.PG_URL. Returns a handle whose
 * stop() stops the server and removes its directory, or null when PG_URL was already set.
 */
async function ensurePostgres(env) {
  if (env.PG_URL) return null;
  require("ts-node").register({ transpileOnly: true });
  const { reapOrphanPostmasters, makeTempDir, findFreePort, startEmbeddedPostgres, THROWAWAY_SERVER_FLAGS } = require("../../src/connectors/postgres/embedded.ts");
  await reapOrphanPostmasters({ dataDirPrefix: path.join(os.tmpdir(), PG_TEST_PREFIX) });
  removeLeftoverPgDirs();
  const dir = makeTempDir(PG_TEST_PREFIX);
  let handle;
  let lastError;
  for (let attempt = 0; attempt < 3 && !handle; attempt++) {
    const port = await findFreePort([8432]);
    try {
      handle = await startEmbeddedPostgres({ port, dataDir: path.join(dir, "pgdata"), reuseRunningServer: false, ...THROWAWAY_SERVER_FLAGS });
    } catch (e) {
      lastError = e; // most likely the free port was taken meanwhile: try another
      if (!/already in use/i.test(String(e && e.message))) break;
    }
  }
  if (!handle) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw lastError;
  }
  env.PG_URL = handle.url;
  return {
    name: `postgres (${handle.url.replace(/:[^:@/]*@/, ":***@")})`,
    async stop() {
      await handle.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Kafka

/** Runs scripts/workshop/kafka-broker.sh with an action; its messages go to stderr. Resolves the exit code. */
function kafkaBrokerScript(action, env) {
  const { spawn } = require("node:child_process");
  return new Promise((resolve) => {
    const child = spawn("bash", [path.join(__dirname, "..", "workshop", "kafka-broker.sh"), action], { env, stdio: ["ignore", 2, 2] });
    child.on("error", () => resolve(127));
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

/**
 * When env.KAFKA_BOOTSTRAP_SERVERS is unset, uses a broker that already answers on 127.0.0.1:9092
 * (KAFKA_PORT overrides the port) or starts the project's broker (scripts/workshop/kafka-broker.sh start)
 * and sets env.KAFKA_BOOTSTRAP_SERVERS. Returns a handle whose stop() stops the broker, or null
 * when nothing was started here.
 */
async function ensureKafka(env) {
  if (env.KAFKA_BOOTSTRAP_SERVERS) return null;
  const probe = require("../workshop/kafka/probe.js");
  const hostPort = `127.0.0.1:${env.KAFKA_PORT || 9092}`;
  if (await probe.tcpOpen(hostPort)) {
    const answers = await probe.kafkaAnswers(hostPort, 5000).then(() => true, () => false);
    if (answers) {
      env.KAFKA_BOOTSTRAP_SERVERS = hostPort;
      return null;
    }
  }
  const code = await kafkaBrokerScript("start", env);
  if (code !== 0) throw new Error(`could not start the Kafka broker for the tests: scripts/workshop/kafka-broker.sh start exited with ${code}`);
  env.KAFKA_BOOTSTRAP_SERVERS = hostPort;
  return {
    name: `kafka (${hostPort})`,
    async stop() {
      await kafkaBrokerScript("stop", env);
    },
  };
}

// ---------------------------------------------------------------------------------------------

async function ensure(env) {
  const started = [];
  try {
    const pg = await ensurePostgres(env);
    if (pg) started.push(pg);
    const kafka = await ensureKafka(env);
    if (kafka) started.push(kafka);
  } catch (e) {
    await release(started);
    throw e;
  }
  return started;
}
async function release(started) {
  for (const s of started.reverse()) await s.stop();
}
module.exports = { ensure, release };
