/**
 * For the JDBC tests: the PostgreSQL named by PG_URL (the test runner starts one), or else a
 * throw-away embedded server started for this test file.
 */
import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { findFreePort, makeTempDir, pgUrlFromEnv, startEmbeddedPostgres, THROWAWAY_SERVER_FLAGS } from "../postgres/embedded";
import { parseJdbcUrl, toJdbcUrl } from "./jdbc-url";
import { closeAllJdbcPools } from "./connection";

export interface TestDatabase {
  url: string;
  jdbcUrl: string;
  user: string;
  password: string;
  /** Options for writeJdbc/readJdbc: url, user, password (add dbtable). */
  options(extra?: Record<string, string | number | boolean>): Record<string, string | number | boolean>;
  client(): Promise<Client>;
  stop(): Promise<void>;
}

export async function testDatabase(): Promise<TestDatabase> {
  let url = pgUrlFromEnv();
  let stopServer = async () => {};
  if (!url) {
    const dir = makeTempDir("iskra-jdbc-test-");
    const h = await startEmbeddedPostgres({ port: await findFreePort(), dataDir: dir + "/data", ...THROWAWAY_SERVER_FLAGS });
    url = h.url;
    stopServer = async () => {
      await h.stop();
      (await import("node:fs")).rmSync(dir, { recursive: true, force: true });
    };
  }
  const ep = parseJdbcUrl(url);
  const pgUrl = url;
  return {
    url: pgUrl,
    jdbcUrl: toJdbcUrl(ep),
    user: ep.user ?? "postgres",
    password: ep.password ?? "",
    options(extra = {}) {
      return { url: toJdbcUrl(ep), user: ep.user ?? "postgres", password: ep.password ?? "", ...extra };
    },
    async client() {
      const c = new Client({ connectionString: pgUrl });
      c.on("error", () => {});
      await c.connect();
      return c;
    },
    async stop() {
      await closeAllJdbcPools();
      await stopServer();
    },
  };
}

/** A table name no other test (or concurrent test file) uses. */
export function uniqueTable(prefix = "t"): string {
  return `${prefix}_${randomBytes(4).toString("hex")}`;
}
