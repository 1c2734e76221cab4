// @needs: tmux kafka postgres
/**
 * Secrets: a learner's shell session (the real shell in tmux) that types the PostgreSQL password
 * — in PySpark as the handout does and in TypeScript, in a JDBC write, a foreachBatch writer, a
 * JDBC URL, and a wrong one — then looks at progress JSON, the web UI's JSON and pages, and saves
 * `.export` and `.export --pyspark`. Afterwards everything the session produced is searched for
 * the password: the screen (scrollback included), the shell's home (.iskra: history, caches),
 * the exported files, the checkpoint, the web UI's answers. The only allowed occurrences are the
 * learner's own typed input echoed by the terminal (the lines after the `>>> ` / `... ` prompts).
 * The shell's PostgreSQL is one of the test's own with a password used nowhere else (the
 * workshop's default is in the project's sources, so it could not be searched for). Needs tmux.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { findFreePort, startEmbeddedPostgres, THROWAWAY_SERVER_FLAGS, type PostgresHandle } from "../src/connectors/postgres/embedded";
import { pgTarget } from "../src/repl/services";
import { Terminal, hasTmux } from "./support/terminal";

const skip = !hasTmux ? "tmux is not installed" : false;

/** Occurrences of `needle` in `text`. */
function occurrences(text: string, needle: string): number {
  let n = 0;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) n++;
  return n;
}

/** Where the password occurs in the files under dir: "file: count" lines. */
function inFiles(dir: string, needle: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        const n = occurrences(fs.readFileSync(p).toString("latin1"), needle);
        if (n) found.push(`${p}: ${n}`);
      }
    }
  };
  walk(dir);
  return found;
}

describe("the password never leaves the learner's own typing", { skip }, () => {
  const term = new Terminal();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-secrets-"));
  fs.chmodSync(tmp, 0o755); // the embedded PostgreSQL runs as the user postgres
  const home = path.join(tmp, "home");
  const password = `pw-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  const wrong = `${password}-wrong-Zq9`;
  let pg: PostgresHandle | undefined;
  const typed: string[] = [];
  const run = (code: string, ms?: number) => {
    typed.push(code);
    return term.run(code, ms);
  };

  before(async () => {
    pg = await startEmbeddedPostgres({ port: await findFreePort([8432]), dataDir: path.join(tmp, "pg"), password, ...THROWAWAY_SERVER_FLAGS });
    term.start({
      PG_URL: pg.url,
      KAFKA_BOOTSTRAP_SERVERS: process.env.KAFKA_BOOTSTRAP_SERVERS ?? "127.0.0.1:9092",
      ISKRA_HOME: home,
      ISKRA_HISTORY: path.join(home, "history"),
      TERM: "xterm-256color",
    });
    await term.waitFor((s) => /^>>>\s*$/m.test(s), "the first prompt", 60000);
  });

  after(async () => {
    term.kill();
    await pg?.stop();
    if (!process.env.KEEP) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("a session that types the password: writes, a wrong password, progress, the web UI, both exports", async () => {
    const cp = path.join(tmp, "cp");
    let out = await run('const df = spark.createDataFrame([["Gryffindor", 1], ["Ravenclaw", 2]], "house STRING, n INT")');
    assert.doesNotMatch(out, /Error|Exception/);
    // PySpark, as the handout writes it (translated to TypeScript at the prompt).
    out = await run(`df.write \\
    .format("jdbc") \\
    .option("url", jdbcUrl) \\
    .option("dbtable", "iskra_secrets_a") \\
    .option("user", pgUser) \\
    .option("password", "${password}") \\
    .mode("overwrite") \\
    .save()`);
    assert.doesNotMatch(out, /Error|Exception/);
    // TypeScript, with the password in a properties object and in the URL's parameters.
    out = await run(`await df.write.jdbc(jdbcUrl + "?user=" + pgUser + "&password=${password}", "iskra_secrets_b", "overwrite", { user: pgUser, password: "${password}" })`);
    assert.doesNotMatch(out, /Error|Exception/);
    // Credentials before the host: the error quotes the URL, masked.
    const target = pgTarget({ PG_URL: pg!.url });
    const url = target.jdbcUrl.replace("jdbc:postgresql://", `jdbc:postgresql://${target.user}:${password}@`);
    out = await run(`await df.write.jdbc("${url}", "iskra_secrets_b", "overwrite", {})`);
    assert.match(out, /credentials belong in/);
    // A wrong password: PostgreSQL's error, without the password tried.
    out = await run(`await df.write.jdbc(jdbcUrl, "iskra_secrets_c", "overwrite", { user: pgUser, password: "${wrong}" })`);
    assert.match(out, /password authentication failed/);
    // A stream writing through foreachBatch with the password, then its progress and the web UI.
    await run(`const writeBatch = async (b: any, id: number) => { await b.write.jdbc(jdbcUrl, "iskra_secrets_d", "append", { user: pgUser, password: "${password}" }) }`);
    await run(`const sq = spark.readStream.format("rate").option("rowsPerSecond", 5).load().writeStream.option("checkpointLocation", "${cp}").foreachBatch(writeBatch).start()`);
    await run("await new Promise((r) => setTimeout(r, 2500))");
    out = await run("sq.lastProgress");
    assert.match(out, /batchId/);
    await run("sq.recentProgress.length");
    out = await run("sq.status");
    assert.match(out, /message/);
    await run(`const ui = spark.sparkContext.uiWebUrl`);
    await run(`for (const p of ["/StreamingQuery/", "/StreamingQuery/statistics/?id=" + sq.runId, "/StreamingQuery/data?id=" + sq.runId, "/StreamingQuery/checkpoint/?id=" + sq.runId]) require("node:fs").writeFileSync("${tmp}/ui-" + p.replace(/\\W+/g, "_") + ".txt", await (await fetch(ui + p)).text())`);
    await run("await sq.stop()");
    await run(".history");
    out = await run(`.export ${path.join(tmp, "session.ts")}`);
    assert.match(out, /Saved \d+ inputs/);
    out = await run(`.export --pyspark ${path.join(tmp, "session.py")}`);
    assert.doesNotMatch(out, /Error/);
    await run('sql("drop table if exists iskra_secrets_a; drop table if exists iskra_secrets_b; drop table if exists iskra_secrets_d")');
    termScreen = term.screen();
    term.type(".exit");
    for (let i = 0; i < 300 && term.alive(); i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(term.alive(), false, "the shell left on .exit");
  });

  let termScreen = "";
  it("the password appears only where the learner typed it", () => {
    const screen = termScreen;
    // The echo of what was typed: the typed lines, at a prompt (">>> ", "... ") or as pasted.
    const typedLines = new Set(typed.flatMap((t) => t.split("\n")).map((l) => l.trimEnd()));
    const isEcho = (l: string) => typedLines.has(l.replace(/^(>>>|\.\.\.) /, "").trimEnd());
    const lines = screen.split("\n");
    const elsewhere = lines.filter((l) => !isEcho(l) && (l.includes(password) || l.includes(wrong)));
    assert.deepEqual(elsewhere, [], "the password printed by the shell (not the echo of typed input)");
    assert.ok(occurrences(lines.filter(isEcho).join("\n"), password) >= 4, "the typed input was echoed (the search looked at the right screen)");
    // The server's own data directory is the server's business (it holds a SCRAM hash, not the password).
    const files = [...inFiles(tmp, password), ...inFiles(tmp, wrong)].filter((f) => !f.startsWith(path.join(tmp, "pg") + path.sep));
    assert.deepEqual(files, [], "the password in a file the session wrote (history, caches, exports, checkpoint, web UI answers)");
    assert.ok(fs.existsSync(path.join(home, "history")), "the history file was written (and searched)");
    assert.ok(fs.readdirSync(tmp).some((f) => f.startsWith("ui-")), "the web UI answers were saved (and searched)");
  });
});
