// Readiness probe for a Kafka broker: connects with kafkajs and asks for cluster metadata once.
// Used by scripts/kafka-broker.sh (CLI) and scripts/test-services.js (require).
//   node scripts/kafka/probe.js HOST:PORT [timeoutSeconds]   → exit 0 when it answers, 1 otherwise
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

const USAGE = "Usage: node scripts/kafka/probe.js [HOST:PORT=127.0.0.1:9092] [timeoutSeconds=0]";

/** HOST:PORT and the timeout (node:util parseArgs); a bad command line prints the usage, exit 2. */
function parseCommandLine(argv) {
  try {
    const { positionals } = require("node:util").parseArgs({ args: argv, options: {}, allowPositionals: true, strict: true });
    if (positionals.length > 2) throw new Error(`Unexpected argument '${positionals[2]}'`);
    const [hostPort = "127.0.0.1:9092", timeout = "0"] = positionals;
    if (!/^\d+(\.\d+)?$/.test(timeout)) throw new Error(`timeoutSeconds must be a number ≥ 0, got '${timeout}'`);
    return { hostPort, timeoutS: Number(timeout) };
  } catch (e) {
    process.stderr.write(`probe: ${e.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
}

if (require.main === module) {
  const { hostPort, timeoutS } = parseCommandLine(process.argv.slice(2));
  const pid = Number(process.env.KAFKA_PROBE_PID || "0");
  const alive = () => { if (!pid) return true; try { process.kill(pid, 0); return true; } catch { return false; } };
  (async () => {
    const ok = timeoutS > 0 ? await waitReady(hostPort, timeoutS * 1000, alive) : await kafkaAnswers(hostPort).then(() => true, () => false);
    process.exit(ok ? 0 : 1);
  })();
}
