/**
 * The background services process (`bin/iskra-services.js run`) and the files it keeps under the
 * shell's home (`.iskra/` or $ISKRA_HOME):
 *
 * - `services.json`: what runs where — the process id, and per service its address and whether it
 *   is ready (or why it failed). Created exclusively by the process when it starts (so two shells
 *   starting at once run one process), rewritten as services come up, deleted when it stops.
 *   It never holds a password.
 * - `services.log`: the process's own log (PostgreSQL's server log is `postgres.log`, the broker's
 *   `kafka.log`).
 *
 * - `kafka-request.json`: a later shell asking the running process to take the broker over
 *   (`{ "port": 9092 }`, then SIGUSR2), when the process was started without one (the first shell
 *   had KAFKA_BOOTSTRAP_SERVERS set).
 *
 * The shell reads the file to reuse a running process; `npm run services -- status|stop|start`
 * reads it too.
 */
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";

interface ServiceAddress {
  host: string;
  port: number;
  /** true once it accepts connections. */
  ready: boolean;
  /** Why it could not start (the process keeps running the other service). */
  error?: string;
}

export interface ServicesState {
  pid: number;
  startedAt: string;
  /** Iskra's embedded Kafka broker, when the process runs it. */
  kafka?: ServiceAddress & { dataDir: string };
  /** The embedded PostgreSQL, when the process runs it (credentials: the workshop's user; no password here). */
  postgres?: ServiceAddress & { user: string; database: string; dataDir: string };
}

export function stateFile(home: string): string {
  return path.join(home, "services.json");
}

export function logFile(home: string): string {
  return path.join(home, "services.log");
}

export function readState(home: string): ServicesState | undefined {
  try {
    const s = JSON.parse(fs.readFileSync(stateFile(home), "utf8")) as ServicesState;
    return Number.isInteger(s.pid) ? s : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the state atomically (a reader never sees half a file). */
export function writeState(home: string, s: ServicesState): void {
  const file = stateFile(home);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(s, null, 2) + "\n");
  fs.renameSync(tmp, file);
}

/** Claims the state file for this process; false when a live process holds it already. */
export function claimState(home: string, s: ServicesState): boolean {
  fs.mkdirSync(home, { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(stateFile(home), JSON.stringify(s, null, 2) + "\n", { flag: "wx" });
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const other = readState(home);
      if (other && other.pid !== s.pid && processAlive(other.pid)) return false;
      removeState(home, other?.pid); // left by a process that died
    }
  }
  return false;
}

/** Deletes the state file (only when it still names `pid`, if given). */
export function removeState(home: string, pid?: number): void {
  const file = stateFile(home);
  if (pid !== undefined) {
    const cur = readState(home);
    if (cur && cur.pid !== pid) return;
  }
  try {
    fs.unlinkSync(file);
  } catch {
    /* already gone */
  }
}

export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  try {
    // A zombie (exited, never reaped) is dead.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return true; // no /proc (macOS): kill(0) said it lives
  }
}

/** Whether something accepts TCP connections at host:port within timeoutMs. */
export function tcpAnswers(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    if (!host || !Number.isFinite(port)) return resolve(false);
    const s = net.connect({ host, port });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once("connect", () => done(true));
    s.once("error", () => done(false));
  });
}

/** The running services process, when its file names a live process (a stale file is removed). */
export function runningState(home: string): ServicesState | undefined {
  const s = readState(home);
  if (!s) return undefined;
  if (processAlive(s.pid)) return s;
  removeState(home, s.pid);
  return undefined;
}

/** Polls the state file until `ready(state)` holds, the process dies, or the time runs out. */
export async function waitForState(home: string, ready: (s: ServicesState) => boolean, timeoutMs: number, pid?: number): Promise<ServicesState | undefined> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const s = readState(home);
    if (s && (pid === undefined || s.pid === pid) && ready(s)) return s;
    if (pid !== undefined && !processAlive(pid)) return s && s.pid === pid ? s : undefined;
    if (Date.now() >= until) return s;
    await new Promise((r) => setTimeout(r, 50));
  }
}

function kafkaRequestFile(home: string): string {
  return path.join(home, "kafka-request.json");
}

/** Asks the running services process `pid` to start the embedded broker on `port` (service-host.ts answers SIGUSR2). */
export function requestKafka(home: string, pid: number, port: number): boolean {
  try {
    fs.writeFileSync(kafkaRequestFile(home), JSON.stringify({ port }) + "\n");
    process.kill(pid, "SIGUSR2");
    return true;
  } catch {
    return false;
  }
}

/** The port a shell asked for (and forgets the request), or undefined. */
export function takeKafkaRequest(home: string): number | undefined {
  try {
    const { port } = JSON.parse(fs.readFileSync(kafkaRequestFile(home), "utf8")) as { port?: unknown };
    fs.rmSync(kafkaRequestFile(home), { force: true });
    return Number.isInteger(port) ? (port as number) : undefined;
  } catch {
    return undefined;
  }
}
