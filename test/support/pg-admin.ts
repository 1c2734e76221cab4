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
