// Services for the integration tests. ensure(env) fills env.PG_URL and env.KAFKA_BOOTSTRAP_SERVERS,
// starting an embedded PostgreSQL and the project's Kafka broker when none is configured;
// release() stops only what ensure() started.
"use strict";
const path = require("node:path");

// ---------------------------------------------------------------------------------------------
// Kafka

/** Runs scripts/kafka-broker.sh with an action; its messages go to stderr. Resolves the exit code. */
function kafkaBrokerScript(action, env) {
  const { spawn } = require("node:child_process");
  return new Promise((resolve) => {
    const child = spawn("bash", [path.join(__dirname, "kafka-broker.sh"), action], { env, stdio: ["ignore", 2, 2] });
    child.on("error", () => resolve(127));
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

/**
 * When env.KAFKA_BOOTSTRAP_SERVERS is unset, uses a broker that already answers on 127.0.0.1:9092
 * (KAFKA_PORT overrides the port) or starts the project's broker (scripts/kafka-broker.sh start)
 * and sets env.KAFKA_BOOTSTRAP_SERVERS. Returns a handle whose stop() stops the broker, or null
 * when nothing was started here.
 */
async function ensureKafka(env) {
  if (env.KAFKA_BOOTSTRAP_SERVERS) return null;
  const probe = require("./kafka/probe.js");
  const hostPort = `127.0.0.1:${env.KAFKA_PORT || 9092}`;
  if (await probe.tcpOpen(hostPort)) {
    const answers = await probe.kafkaAnswers(hostPort, 5000).then(() => true, () => false);
    if (answers) {
      env.KAFKA_BOOTSTRAP_SERVERS = hostPort;
      return null;
    }
  }
  const code = await kafkaBrokerScript("start", env);
  if (code !== 0) throw new Error(`could not start the Kafka broker for the tests: scripts/kafka-broker.sh start exited with ${code}`);
  env.KAFKA_BOOTSTRAP_SERVERS = hostPort;
  return {
    name: `kafka (${hostPort})`,
    async stop() {
      await kafkaBrokerScript("stop", env);
    },
  };
}

async function ensure(env) {
  const started = [];
  try {
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
module.exports = { ensure, release, ensureKafka };
