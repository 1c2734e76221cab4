// @needs: tmux postgres
/**
 * Lesson 4, step 41's `.check`, typed at the real shell in tmux as a learner with the handout
 * types it: a Python foreachBatch function whose JDBC URL is the handout's f-string passes (the
 * check runs the function, it does not read its text); the learner's own housestats is the same
 * afterwards; the web UI lists none of the check's queries; a failing function is reported once.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { pgTarget } from "../src/repl/services";
import { pgAdmin } from "../test/support/pg-admin";
import { Terminal, hasTmux } from "../test/support/terminal";

const skip = !hasTmux ? "tmux is not installed" : !process.env.PG_URL ? "PG_URL is not set (npm test sets it)" : false;
const database = `iskra_check41t_${process.pid}`;

describe("lesson 4, step 41's .check typed in the shell", { skip }, () => {
  const term = new Terminal();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-check41-"));
  const pg = pgTarget();
  let ui = "";

  before(async () => {
    await pgAdmin(`create database ${database}`);
    const u = new URL(process.env.PG_URL!);
    u.pathname = `/${database}`;
    term.start({
      PG_URL: u.toString(),
      ISKRA_SERVICES: "attached",
      ISKRA_HOME: tmp,
      KAFKA_BOOTSTRAP_SERVERS: process.env.KAFKA_BOOTSTRAP_SERVERS ?? "127.0.0.1:9092",
      ISKRA_HISTORY: path.join(tmp, "history"),
      TERM: "xterm-256color",
      NO_COLOR: "1",
    });
    await term.waitFor((s) => /^>>>\s*$/m.test(s), "the first prompt", 60000);
    ui = /Web UI\s+(http:\/\/\S+?)\/StreamingQuery/.exec(term.screen())![1];
  });

  after(async () => {
    term.kill();
    fs.rmSync(tmp, { recursive: true, force: true });
    await pgAdmin(`drop database if exists ${database} with (force)`);
  });

  const listed = async () => ((await (await fetch(`${ui}/StreamingQuery/`)).text()).match(/statistics\/\?id=/g) ?? []).length;

  const writer = (table: string) =>
    [
      "def write_batch(df, batch_id):",
      "    df.write \\",
      '        .format("jdbc") \\',
      '        .mode("overwrite") \\',
      `        .option("url", f"jdbc:postgresql://{host_name}:${pg.port}/${database}") \\`,
      `        .option("dbtable", "${table}") \\`,
      `        .option("user", "${pg.user}") \\`,
      `        .option("password", "${pg.password}") \\`,
      "        .save()",
      "",
    ].join("\n");

  it("passes the handout's f-string writer, keeps the learner's housestats, lists no check query", async () => {
    await term.run(`host_name = "${pg.host}"`);
    await term.run('sql("create table housestats (house text, how_many bigint)")');
    await term.run("sql(\"insert into housestats values ('mine', 42)\")");
    await term.run('resultDF = spark.readStream.format("rate").load().groupBy("value").count()');
    await term.run(writer("housestats"));
    await term.run('streamWriter = resultDF.writeStream.outputMode("complete").foreachBatch(write_batch)');
    const before = await listed();
    await term.run(".lesson 4 41");
    const out = await term.run(".check", 60000);
    assert.match(out, /✓/, out);
    assert.doesNotMatch(out, /without await/);
    const rows = await term.run('sql("select * from housestats")');
    assert.match(rows, /mine\s*│\s*42/, "the learner's own row is back");
    assert.match(rows, /\(1 row\)/);
    assert.equal(await listed(), before, "the web UI lists none of the check's queries");
    assert.match(await term.run("len(spark.streams.active)"), /^0$/m);
  });

  it("a function whose write fails is reported once", async () => {
    await term.run(writer("no_such_schema.housestats"));
    await term.run('streamWriter = resultDF.writeStream.outputMode("complete").foreachBatch(write_batch)');
    const out = await term.run(".check", 60000);
    assert.match(out, /✗/, out);
    assert.equal((out.match(/no_such_schema/g) ?? []).length, 1, out);
  });
});
