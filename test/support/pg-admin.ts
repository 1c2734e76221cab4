/** Runs one statement on the test server (PG_URL), e.g. `create database …` for a test's own database. */
export async function pgAdmin(sql: string): Promise<void> {
  const { Client } = require("pg") as typeof import("pg");
  const c = new Client({ connectionString: process.env.PG_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/**
 * One database per side of a side-by-side run (Iskra, PySpark) on the test server: `create()` makes
 * them and fills `urls`, `drop()` removes them (forcing out any connection left behind).
 */
export function sideDatabases(prefix: string) {
  const names = { iskra: `${prefix}_iskra_${process.pid}`, pyspark: `${prefix}_pyspark_${process.pid}` };
  const urls = { iskra: "", pyspark: "" };
  return {
    urls,
    async create(): Promise<void> {
      for (const side of ["iskra", "pyspark"] as const) {
        await pgAdmin(`create database ${names[side]}`);
        const u = new URL(process.env.PG_URL!);
        u.pathname = `/${names[side]}`;
        urls[side] = u.toString();
      }
    },
    async drop(): Promise<void> {
      if (process.env.PG_URL) for (const db of Object.values(names)) await pgAdmin(`drop database if exists ${db} with (force)`);
    },
  };
}
