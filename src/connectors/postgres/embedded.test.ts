// @needs: postgres
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { spawn } from "node:child_process";
import { Client } from "pg";
import { findFreePort, makeTempDir, pgUrlFromEnv, resolvePostgres, startEmbeddedPostgres, THROWAWAY_SERVER_FLAGS } from "./embedded";

async function query(url: string, sql: string): Promise<unknown[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return process.platform !== "linux";
  }
}

test("starts a real PostgreSQL, keeps its data across a restart, logs to a file", async () => {
  const dir = makeTempDir();
  const dataDir = path.join(dir, "pgdata");
  const port = await findFreePort();
  try {
    const h = await startEmbeddedPostgres({ port, dataDir, ...THROWAWAY_SERVER_FLAGS });
    assert.equal(h.kind, "embedded");
    assert.equal(h.port, port);
    assert.equal(h.url, `postgres://postgres:mysecretpassword@localhost:${port}/streamoutput`);
    assert.equal(h.jdbcUrl, `jdbc:postgresql://localhost:${port}/streamoutput`);
    assert.deepEqual(await query(h.url, "select 1 as one"), [{ one: 1 }]);
    await query(h.url, "create table kept (x int); insert into kept values (42)");
    await h.stop();
    await assert.rejects(query(h.url, "select 1"));

    const t0 = Date.now();
    const h2 = await startEmbeddedPostgres({ port, dataDir, ...THROWAWAY_SERVER_FLAGS });
    const restartMs = Date.now() - t0;
    try {
      assert.deepEqual(await query(h2.url, "select x from kept"), [{ x: 42 }]);
    } finally {
      await h2.stop();
    }
    const log = fs.readFileSync(path.join(dir, "postgres.log"), "utf8");
    assert.match(log, /database system is ready to accept connections/);
    assert.ok(!log.includes("mysecretpassword"));
    assert.ok(restartMs < 30000, `restart took ${restartMs} ms`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a second start in the same process shares the server until the last handle stops", async () => {
  const dir = makeTempDir();
  const dataDir = path.join(dir, "pgdata");
  const port = await findFreePort();
  try {
    const a = await startEmbeddedPostgres({ port, dataDir, ...THROWAWAY_SERVER_FLAGS });
    const b = await startEmbeddedPostgres({ port, dataDir, ...THROWAWAY_SERVER_FLAGS });
    assert.equal(b.kind, "shared");
    await b.stop();
    assert.deepEqual(await query(a.url, "select 2 as two"), [{ two: 2 }]);
    await a.stop();
    await assert.rejects(query(a.url, "select 1"));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("recovers from a postmaster orphaned by a SIGKILLed Node process", async () => {
  const dir = makeTempDir();
  const dataDir = path.join(dir, "pgdata");
  const port = await findFreePort();
  const root = path.resolve(__dirname, "..", "..", "..");
  try {
    const code = `
      const { startEmbeddedPostgres, THROWAWAY_SERVER_FLAGS } = require(${JSON.stringify(path.join(__dirname, "embedded.ts"))});
      startEmbeddedPostgres({ port: ${port}, dataDir: ${JSON.stringify(dataDir)}, ...THROWAWAY_SERVER_FLAGS })
        .then(() => console.log("READY"), (e) => { console.error(e); process.exit(3); });`;
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", code], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (d) => String(d).includes("READY") && resolve());
      child.on("exit", (c) => reject(new Error(`child exited with ${c}: ${stderr}`)));
    });
    const orphanPid = Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    await new Promise((r) => setTimeout(r, 200));
    assert.ok(alive(orphanPid), "the postmaster outlives the killed Node process");

    const h = await startEmbeddedPostgres({ port, dataDir, ...THROWAWAY_SERVER_FLAGS });
    try {
      assert.equal(h.kind, "embedded");
      assert.ok(!alive(orphanPid), "the stale postmaster was stopped");
      assert.deepEqual(await query(h.url, "select 1 as one"), [{ one: 1 }]);
    } finally {
      await h.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("PG_URL wins over the embedded server", async () => {
  assert.equal(pgUrlFromEnv({}), undefined);
  assert.equal(pgUrlFromEnv({ PG_URL: "postgres://u:p@db.example:5433/x" }), "postgres://u:p@db.example:5433/x");
  assert.throws(() => pgUrlFromEnv({ PG_URL: "postgres://u:p@db.example:notaport/x" }), /port/);
  const h = await resolvePostgres({ port: 1 }, { PG_URL: "postgres://u:secret@db.example:5433/x" });
  assert.equal(h.kind, "external");
  assert.equal(h.jdbcUrl, "jdbc:postgresql://db.example:5433/x");
  assert.equal(h.password, "secret");
  await h.stop();
});

test("a port held by something that is not our PostgreSQL gives a clear error", async () => {
  const net = await import("node:net");
  const srv = net.createServer((s) => s.destroy());
  const port = await findFreePort();
  await new Promise<void>((r) => srv.listen(port, "127.0.0.1", r));
  const dir = makeTempDir();
  try {
    await assert.rejects(startEmbeddedPostgres({ port, dataDir: path.join(dir, "pgdata") }), /Port \d+ is already in use by another program.*PG_URL/s);
  } finally {
    srv.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
