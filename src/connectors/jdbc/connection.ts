/**
 * Connections to PostgreSQL through `pg`: one small pool per (endpoint, user, password, settings),
 * kept between writes so that a write per micro-batch does not reconnect each time, and errors
 * worded like PgJDBC's that never contain the password.
 */
import { Client, ClientConfig, Pool, PoolClient } from "pg";
import { IskraError, SparkException, maskSecrets } from "../../errors";
import { JdbcOptions } from "./options";

export interface ConnectionSpec {
  host: string;
  port: number;
  database: string;
  user?: string;
  password?: string;
  ssl?: boolean | "require" | "verify";
  applicationName?: string;
  currentSchema?: string;
  /** seconds */
  connectTimeout?: number;
}

export function connectionSpec(o: JdbcOptions): ConnectionSpec {
  return {
    host: o.endpoint.host,
    port: o.endpoint.port,
    database: o.endpoint.database,
    user: o.user,
    password: o.password,
    ssl: o.ssl,
    applicationName: o.applicationName,
    currentSchema: o.currentSchema,
    connectTimeout: o.connectTimeout,
  };
}

// Every value arrives as text; the reader parses it knowing the column's type and modifier.
const RAW_TEXT_TYPES = { getTypeParser: () => (s: string) => s } as unknown as ClientConfig["types"];

function escapeStartupOption(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/ /g, "\\ ");
}

export function clientConfig(spec: ConnectionSpec): ClientConfig {
  let options = "-c TimeZone=UTC -c DateStyle=ISO,MDY -c IntervalStyle=postgres";
  if (spec.currentSchema) options += ` -c search_path=${escapeStartupOption(spec.currentSchema)}`;
  return {
    host: spec.host,
    port: spec.port,
    database: spec.database,
    user: spec.user ?? process.env.USER ?? "postgres",
    password: spec.password,
    ssl: spec.ssl === undefined ? false : spec.ssl === "require" ? { rejectUnauthorized: false } : true,
    application_name: spec.applicationName ?? "iskra",
    options,
    types: RAW_TEXT_TYPES,
    connectionTimeoutMillis: (spec.connectTimeout && spec.connectTimeout > 0 ? spec.connectTimeout : 10) * 1000,
    keepAlive: true,
  };
}

const pools = new Map<string, Pool>();

function poolKey(spec: ConnectionSpec): string {
  return JSON.stringify([spec.host, spec.port, spec.database, spec.user, spec.password, spec.ssl, spec.applicationName, spec.currentSchema]);
}

/** The shared pool for this endpoint and credentials (created on first use). */
function getPool(spec: ConnectionSpec): Pool {
  const key = poolKey(spec);
  let pool = pools.get(key);
  if (!pool) {
    pool = new Pool({ ...clientConfig(spec), max: 4, idleTimeoutMillis: 60_000, allowExitOnIdle: true });
    // An idle connection dropped by the server (restart, shutdown) must not crash the process.
    pool.on("error", () => {});
    pools.set(key, pool);
  }
  return pool;
}

/** Closes every pool (at shutdown, or before stopping the server). */
export async function closeAllJdbcPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.end().catch(() => {})));
}

/** A pooled connection; errors while connecting are turned into jdbcError. */
export async function acquire(spec: ConnectionSpec): Promise<PoolClient> {
  try {
    return await getPool(spec).connect();
  } catch (e) {
    throw jdbcError(e, spec);
  }
}

/** A dedicated (unpooled) connection, for sessions whose state must not leak into the pool. */
export async function connectDedicated(spec: ConnectionSpec): Promise<Client> {
  const c = new Client(clientConfig(spec));
  c.on("error", () => {});
  try {
    await c.connect();
  } catch (e) {
    await c.end().catch(() => {});
    throw jdbcError(e, spec);
  }
  return c;
}

interface PgDatabaseError {
  severity?: string;
  code?: string;
  message: string;
  detail?: string;
  hint?: string;
  position?: string;
}

/**
 * A SparkException with PgJDBC's wording (`ERROR: relation "x" does not exist`,
 * `Connection to localhost:8432 refused. ...`). The password never appears in it.
 */
export function jdbcError(e: unknown, spec: ConnectionSpec): IskraError {
  if (e instanceof IskraError) return e;
  const err = (e ?? {}) as PgDatabaseError & NodeJS.ErrnoException;
  let msg: string;
  if (err.severity && err.code) {
    msg = `${err.severity}: ${err.message}`;
    if (err.detail) msg += `\n  Detail: ${err.detail}`;
    if (err.hint) msg += `\n  Hint: ${err.hint}`;
    if (err.position) msg += `\n  Position: ${err.position}`;
  } else if (err.code === "ECONNREFUSED") {
    msg = `Connection to ${spec.host}:${spec.port} refused. Check that the hostname and port are correct and that the postmaster is accepting TCP/IP connections.`;
  } else if (err.code === "ENOTFOUND" || err.code === "EAI_AGAIN") {
    msg = `The connection attempt failed: unknown host ${spec.host}.`;
  } else if (err.code === "ETIMEDOUT" || /timeout/i.test(String(err.message))) {
    msg = `The connection attempt to ${spec.host}:${spec.port} timed out.`;
  } else if (/SASL|client password must be a string/i.test(String(err.message)) && !spec.password) {
    msg = "The server requested SCRAM-based authentication, but no password was provided.";
  } else {
    msg = err.message ? String(err.message) : String(e);
  }
  if (spec.password && spec.password.length >= 3) msg = msg.split(spec.password).join("***");
  const out = new SparkException(maskSecrets(msg));
  Object.defineProperty(out, "cause", { value: e, enumerable: false });
  if (err.code) Object.defineProperty(out, "sqlState", { value: err.code, enumerable: true });
  return out;
}
