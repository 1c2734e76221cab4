/**
 * Starting, finding and stopping the background services process (service-host.ts) from the shell
 * and from `npm run services`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { spawn } from "node:child_process";
import { logFile, processAlive, readState, removeState, runningState, waitForState, type ServicesState } from "./service-state";

const ROOT = path.resolve(__dirname, "..", "..");
const BIN = path.join(ROOT, "bin", "iskra-services.js");

export interface Wanted {
  /** Port for the embedded broker; undefined: no broker. */
  kafkaPort?: number;
  postgres: boolean;
  /** false: resolve once the process has claimed services.json, without waiting for the broker (the shell's prompt; see waitForBackgroundKafka). */
  waitForKafka?: boolean;
}

/**
 * The running services process, or a new one (detached: it outlives this process). Resolves once
 * the process has claimed services.json and, when a broker was asked for, the broker is up or has
 * failed; PostgreSQL may still be starting (see waitForPostgres). Undefined when it could not start.
 */
export async function ensureServices(home: string, wanted: Wanted, env: NodeJS.ProcessEnv = process.env, timeoutMs = 20000): Promise<{ state: ServicesState; reused: boolean } | undefined> {
  const running = runningState(home);
  if (running) return { state: running, reused: true };
  fs.mkdirSync(home, { recursive: true });
  const out = fs.openSync(logFile(home), "a");
  const args = [BIN, "run", "--home", home];
  if (wanted.kafkaPort !== undefined) args.push("--kafka-port", String(wanted.kafkaPort));
  if (wanted.postgres) args.push("--postgres");
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...env, ISKRA_HOME: home }, detached: true, stdio: ["ignore", out, out] });
  fs.closeSync(out);
  let exited = false;
  child.once("exit", () => (exited = true));
  child.once("error", () => (exited = true));
  child.unref();
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const s = readState(home);
    // Ours, or another shell's that won the race to start one.
    if (s && processAlive(s.pid) && (wanted.kafkaPort === undefined || wanted.waitForKafka === false || !s.kafka || s.kafka.ready || s.kafka.error))
      return { state: s, reused: s.pid !== child.pid };
    if (exited && !(s && processAlive(s.pid))) return undefined;
    await new Promise((r) => setTimeout(r, 25));
  }
  return undefined;
}

/** Resolves when the process's broker is up; rejects with its start-up error or when the process is gone. */
export async function waitForBackgroundKafka(home: string, pid: number, timeoutMs = 120000): Promise<ServicesState> {
  const s = await waitForState(home, (st) => !!st.kafka && (st.kafka.ready || !!st.kafka.error), timeoutMs, pid);
  if (!s || s.pid !== pid) throw new Error("The background services process stopped before the Kafka broker was up (see .iskra/services.log).");
  if (s.kafka?.error) throw new Error(`The embedded Kafka broker did not start: ${s.kafka.error}`);
  if (!s.kafka?.ready) throw new Error(`The embedded Kafka broker is not up after ${Math.round(timeoutMs / 1000)} s (see .iskra/kafka.log).`);
  return s;
}

/** Resolves when the process's PostgreSQL is ready; rejects with its start-up error or when the process is gone. */
export async function waitForBackgroundPostgres(home: string, pid: number, timeoutMs = 180000): Promise<ServicesState> {
  const s = await waitForState(home, (st) => !!st.postgres && (st.postgres.ready || !!st.postgres.error), timeoutMs, pid);
  if (!s || s.pid !== pid) throw new Error("The background services process stopped before PostgreSQL was ready (see .iskra/services.log).");
  if (s.postgres?.error) throw new Error(`The embedded PostgreSQL did not start: ${s.postgres.error}`);
  if (!s.postgres?.ready) throw new Error(`The embedded PostgreSQL is not ready after ${Math.round(timeoutMs / 1000)} s (see .iskra/postgres.log).`);
  return s;
}

/**
 * Stops the running process (SIGTERM: each service shuts down cleanly), waiting up to timeoutMs;
 * then SIGKILL. Deletes the state file. Returns the state it stopped, or undefined when none ran.
 */
export async function stopServices(home: string, timeoutMs = 30000): Promise<ServicesState | undefined> {
  const s = runningState(home);
  if (!s) return undefined;
  try {
    process.kill(s.pid, "SIGTERM");
  } catch {
    /* gone meanwhile */
  }
  const until = Date.now() + timeoutMs;
  while (processAlive(s.pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  if (processAlive(s.pid)) {
    try {
      process.kill(s.pid, "SIGKILL");
    } catch {
      /* gone */
    }
  }
  removeState(home, s.pid);
  return s;
}
