// Readiness probe for a Kafka broker: connects with kafkajs and asks for cluster metadata once.
// Used by scripts/workshop/kafka-broker.sh (CLI) and scripts/infra/test-services.js (require).
//   node scripts/workshop/kafka/probe.js HOST:PORT [timeoutSeconds]   → exit 0 when it answers, 1 otherwise
"use strict";
const net = require("node:net");

/** True when something accepts TCP connections on host:port (fast pre-check, no Kafka talk). */
function tcpOpen(hostPort, timeoutMs = 1000) {
  const [host, port] = splitHostPort(hostPort);
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const done = (ok) => { s.destroy(); resolve(ok); };
    s.setTimeout(timeoutMs, () => done(false));
    s.once("connect", () => done(true));
    s.once("error", () => done(false));
  });
}

function splitHostPort(hp) {
  const i = hp.lastIndexOf(":");
  return [hp.slice(0, i) || "127.0.0.1", Number(hp.slice(i + 1))];
}

/** One Kafka metadata round trip (ApiVersions + Metadata); resolves the broker count or rejects. */
async function kafkaAnswers(hostPort, timeoutMs = 3000) {
  const { Kafka, logLevel } = require("kafkajs");
  const kafka = new Kafka({
    clientId: "iskra-probe",
    brokers: [hostPort],
    connectionTimeout: Math.min(timeoutMs, 2000),
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  let timer;
  try {
    const work = (async () => {
      await admin.connect();
      const c = await admin.describeCluster();
      return c.brokers.length;
    })();
    const limit = new Promise((_, rej) => { timer = setTimeout(() => rej(new Error("probe timed out")), timeoutMs); });
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
    await admin.disconnect().catch(() => {});
  }
}

/** Polls until the broker answers or the deadline passes. Resolves true/false. */
async function waitReady(hostPort, timeoutMs, isAlive = () => true) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive()) return false;
    if (await tcpOpen(hostPort, 500)) {
      try {
        if ((await kafkaAnswers(hostPort, 3000)) > 0) return true;
      } catch { /* not ready yet */ }
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

module.exports = { tcpOpen, kafkaAnswers, waitReady };

if (require.main === module) {
  const usage = "Usage: node scripts/workshop/kafka/probe.js [HOST:PORT] [TIMEOUT_SECONDS]  (exit 0 when a Kafka broker answers)";
  let positionals;
  try {
    ({ positionals } = require("node:util").parseArgs({ args: process.argv.slice(2), allowPositionals: true, strict: true, options: {} }));
  } catch (e) {
    process.stderr.write(`probe: ${e.message}\n\n${usage}\n`);
    process.exit(2);
  }
  const hostPort = positionals[0] || "127.0.0.1:9092";
  const timeoutS = Number(positionals[1] || "0");
  if (positionals.length > 2 || !(timeoutS >= 0)) {
    process.stderr.write(`probe: ${positionals.length > 2 ? "at most two arguments" : `TIMEOUT_SECONDS must be a number, got '${positionals[1]}'`}\n\n${usage}\n`);
    process.exit(2);
  }
  const pid = Number(process.env.KAFKA_PROBE_PID || "0");
  const alive = () => { if (!pid) return true; try { process.kill(pid, 0); return true; } catch { return false; } };
  (async () => {
    const ok = timeoutS > 0 ? await waitReady(hostPort, timeoutS * 1000, alive) : await kafkaAnswers(hostPort).then(() => true, () => false);
    process.exit(ok ? 0 : 1);
  })();
}
