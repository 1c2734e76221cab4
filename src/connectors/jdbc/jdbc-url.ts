/**
 * JDBC URLs for PostgreSQL, read the way PgJDBC reads them:
 *   jdbc:postgresql://host[:port]/database[?user=..&password=..&...]
 *   jdbc:postgresql://host1:port1,host2:port2/database   (the first host is used)
 *   jdbc:postgresql:database   (localhost:5432)
 * and, for PG_URL, the libpq form postgres[ql]://user:password@host:port/database.
 * Errors are IllegalArgumentException and never show the password.
 */
import { IllegalArgumentException, maskSecrets } from "../../errors";

export interface PgEndpoint {
  host: string;
  port: number;
  database: string;
  user?: string;
  password?: string;
  /** Further URL parameters, names as written (user and password removed). */
  params: Record<string, string>;
}

const JDBC_PREFIX = /^jdbc:postgresql:/i;
const LIBPQ_PREFIX = /^postgres(?:ql)?:\/\//i;

function bad(url: string, why: string): never {
  throw new IllegalArgumentException(maskSecrets(`Invalid JDBC URL '${url}': ${why}. Expected jdbc:postgresql://host:port/database`));
}

function decode(url: string, s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return bad(url, `malformed percent-encoding in '${s}'`);
  }
}

function parsePort(url: string, s: string): number {
  if (!/^\d{1,5}$/.test(s) || Number(s) < 1 || Number(s) > 65535) bad(url, `port '${s}' is not a number between 1 and 65535`);
  return Number(s);
}

function parseHostPort(url: string, hp: string): { host: string; port: number } {
  if (hp === "") return { host: "localhost", port: 5432 };
  if (hp.startsWith("[")) {
    const end = hp.indexOf("]");
    if (end < 0) bad(url, `unterminated IPv6 address '${hp}'`);
    const host = hp.slice(1, end);
    const rest = hp.slice(end + 1);
    if (rest === "") return { host, port: 5432 };
    if (!rest.startsWith(":")) bad(url, `unexpected '${rest}' after the IPv6 address`);
    return { host, port: parsePort(url, rest.slice(1)) };
  }
  const colon = hp.lastIndexOf(":");
  if (colon < 0) return { host: hp, port: 5432 };
  const host = hp.slice(0, colon);
  if (host === "") bad(url, "missing host name");
  return { host, port: parsePort(url, hp.slice(colon + 1)) };
}

function parseQuery(url: string, q: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!q) return out;
  for (const part of q.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const k = decode(url, eq < 0 ? part : part.slice(0, eq));
    out[k] = eq < 0 ? "" : decode(url, part.slice(eq + 1).replace(/\+/g, "%20"));
  }
  return out;
}

function takeCredentials(params: Record<string, string>): { user?: string; password?: string; params: Record<string, string> } {
  let user: string | undefined;
  let password: string | undefined;
  const rest: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    const lk = k.toLowerCase();
    if (lk === "user") user = v;
    else if (lk === "password") password = v;
    else rest[k] = v;
  }
  return { user, password, params: rest };
}

/** Parses a jdbc:postgresql: or postgres:// URL. */
export function parseJdbcUrl(url: string): PgEndpoint {
  if (typeof url !== "string" || url.trim() === "") throw new IllegalArgumentException("Invalid JDBC URL '': the URL is empty. Expected jdbc:postgresql://host:port/database");
  const u = url.trim();
  if (LIBPQ_PREFIX.test(u)) return parseLibpqUrl(u);
  if (!JDBC_PREFIX.test(u)) {
    if (/^jdbc:/i.test(u))
      throw new IllegalArgumentException(maskSecrets(`No suitable driver for '${u}': Iskra connects to PostgreSQL only (jdbc:postgresql://host:port/database).`));
    bad(u, "it does not start with jdbc:postgresql:");
  }
  let rest = u.replace(JDBC_PREFIX, "");
  const qm = rest.indexOf("?");
  const query = qm >= 0 ? rest.slice(qm + 1) : "";
  if (qm >= 0) rest = rest.slice(0, qm);
  let host = "localhost";
  let port = 5432;
  let database: string;
  if (rest.startsWith("//")) {
    const body = rest.slice(2);
    const slash = body.indexOf("/");
    const hostPart = slash < 0 ? body : body.slice(0, slash);
    if (hostPart.includes("@")) bad(u, "credentials belong in ?user=...&password=..., not before the host");
    const first = hostPart.split(",")[0];
    ({ host, port } = parseHostPort(u, first));
    database = slash < 0 ? "" : decode(u, body.slice(slash + 1));
  } else {
    database = decode(u, rest.replace(/^\//, ""));
  }
  if (database.includes("/")) bad(u, `'${database}' is not a database name`);
  const creds = takeCredentials(parseQuery(u, query));
  return { host, port, database: database || creds.user || "postgres", ...creds };
}

function parseLibpqUrl(u: string): PgEndpoint {
  let parsed: URL;
  try {
    parsed = new URL(u.replace(LIBPQ_PREFIX, "postgres://"));
  } catch {
    return bad(u, "it is not a valid URL");
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, "") || "localhost";
  const port = parsed.port ? parsePort(u, parsed.port) : 5432;
  const params: Record<string, string> = {};
  parsed.searchParams.forEach((v, k) => (params[k] = v));
  const creds = takeCredentials(params);
  const user = parsed.username ? decode(u, parsed.username) : creds.user;
  const password = parsed.password ? decode(u, parsed.password) : creds.password;
  const database = decode(u, parsed.pathname.replace(/^\//, "")) || user || "postgres";
  return { host, port, database, user, password, params: creds.params };
}

function hostText(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}

/** jdbc:postgresql://host:port/database[?params] (credentials left out: the workshop passes them as options). */
export function toJdbcUrl(e: { host: string; port: number; database: string; params?: Record<string, string> }): string {
  const q = Object.entries(e.params ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join("&");
  return `jdbc:postgresql://${hostText(e.host)}:${e.port}/${encodeURIComponent(e.database)}${q ? "?" + q : ""}`;
}

/** postgres://user:password@host:port/database */
export function toPgUrl(e: { host: string; port: number; database: string; user?: string; password?: string }): string {
  const cred = e.user !== undefined ? encodeURIComponent(e.user) + (e.password ? ":" + encodeURIComponent(e.password) : "") + "@" : "";
  return `postgres://${cred}${hostText(e.host)}:${e.port}/${encodeURIComponent(e.database)}`;
}
