// @needs: tmux
/**
 * The real shell (`node bin/iskra.js`) in a real terminal: tmux gives it a pseudo-terminal, the
 * test types into it and reads the screen, as a learner would.
 * Needs tmux (CI installs it) and PG_URL (npm test starts a PostgreSQL and sets it).
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import lesson2 from "../../lessons/02-batch-prototype";
import { pgTarget } from "./services";
import { Terminal, hasTmux, sleep } from "../../test/support/terminal";

const skip = !hasTmux ? "tmux is not installed" : !process.env.PG_URL ? "PG_URL is not set (npm test sets it)" : false;

describe("the shell in a terminal", { skip }, () => {
  const term = new Terminal();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-term-"));
  const password = pgTarget().password;
  const code = (id: number, nth = 0) => lesson2.steps.filter((s) => s.id === id)[nth].code ?? lesson2.steps.filter((s) => s.id === id)[nth].yourTurn!.solution;

  before(async () => {
    term.start({
      PG_URL: process.env.PG_URL!,
      ISKRA_SERVICES: "attached",
      KAFKA_BOOTSTRAP_SERVERS: process.env.KAFKA_BOOTSTRAP_SERVERS ?? "127.0.0.1:9092",
      ISKRA_HISTORY: path.join(tmp, "history"),
      TERM: "xterm-256color",
    });
    await term.waitFor((s) => /^>>>\s*$/m.test(s), "the first prompt", 60000);
  });

  after(() => {
    term.kill();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("opens with the banner: PostgreSQL, Kafka, help", () => {
    const s = term.screen();
    assert.match(s, /Iskra/);
    assert.match(s, /PostgreSQL \(PG_URL\) at /);
    assert.match(s, /Kafka\s+\S+ (answers|does not answer)/);
    assert.match(s, /\.help/);
  });

  it("runs lesson 2's steps typed at the prompt: schema and tables as Spark prints them", async () => {
    await term.run(code(21));
    let out = await term.run(code(22));
    assert.match(out, /root\n \|-- value: string \(nullable = true\)/);
    await term.run(code(23));
    out = await term.run(code(24)); // a pasted chain: `.select(…)` lines continue the input
    assert.match(out, /\|\s+house\|\s+character\|score\|\s+ts\|/);
    assert.match(out, /\|\s+Ravenclaw\|\s+Myrtle Warren\|\s+1\|2022-08-11 16:34:\.\.\.\|/);
    await term.run(code(25));
    out = await term.run("resultDF.printSchema()");
    assert.match(out, / \|-- house: string \(nullable = true\)\n \|-- how_many: long \(nullable = false\)\n \|-- sum_score: long \(nullable = true\)\n \|-- no_characters: long \(nullable = false\)/);
    out = await term.run("resultDF.show()");
    assert.match(out, /\|\s+house\|how_many\|sum_score\|no_characters\|/);
    assert.match(out, /\|\s+Gryffindor\|\s+2\|\s+15\|\s+2\|/);
    assert.match(out, /\|\s+Ravenclaw\|\s+1\|\s+1\|\s+1\|/);
  });

  it("checks a \"your turn\" step with .check", async () => {
    await term.run(".lesson 2");
    for (let i = 0; i < lesson2.steps.findIndex((s) => s.yourTurn); i++) await term.run(".next");
    const out = await term.run(".check");
    assert.match(out, /✓ Correct!/);
  });

  it("shows a lesson's narration with .lesson and .next", async () => {
    let out = await term.run(".lesson 1");
    assert.match(out, /Lesson 1 · Step 6 \(1\/\d+\)/);
    assert.match(out, /First we check that Structured Streaming works at all/);
    assert.match(out, /npm run socket/);
    out = await term.run(".next");
    assert.match(out, /Lesson 1 · Step 7/);
    assert.match(out, /local\[2\]/);
  });

  it("exports the history with the password masked, and the export replays", async () => {
    const write = `resultDF.write.format("jdbc").option("url", jdbcUrl).option("dbtable", "iskra_terminal_test").option("user", pgUser).option("password", "${password}").mode("overwrite").save()`;
    let out = await term.run(write);
    assert.doesNotMatch(out, /Error|Exception/);
    out = await term.run('sql("select count(*) as n from iskra_terminal_test")');
    assert.match(out, /│\s+5 │/);
    out = await term.run(".history");
    assert.match(out, /option\("password", secret\("\*\*\*"\)\)/);
    if (password.length >= 4) assert.ok(!out.includes(password), ".history shows the password");
    const file = path.join(tmp, "session.ts");
    out = await term.run(`.export ${file}`);
    assert.match(out, /Saved \d+ inputs/);
    const text = fs.readFileSync(file, "utf8");
    if (password.length >= 4) assert.ok(!text.includes(password), "the export contains the password");
    assert.match(text, /secret\("\*\*\*"\)/);
    await term.run('sql("drop table iskra_terminal_test")');
    out = await term.run(`.replay ${file}`, 120000);
    assert.match(out, /Replay finished\./);
    out = await term.run('sql("select count(*) as n from iskra_terminal_test")');
    assert.match(out, /│\s+5 │/);
    await term.run('sql("drop table iskra_terminal_test")');
  });

  it("prints a running query's batches above the prompt without garbling the line being typed", async () => {
    await term.run("const sender = await workshop.lineServer(0)");
    await term.run('const wq = spark.readStream.format("socket").option("host", "127.0.0.1").option("port", sender.port).load().writeStream.format("console").start()');
    await term.waitFor((s) => /Batch: 0/.test(s), "batch 0");
    await term.run('setTimeout(() => sender.send("hello from the socket"), 1500); undefined');
    term.typeRaw("const half = 'typed");
    const s = await term.waitFor((x) => /Batch: 1/.test(x) && /\|hello from the so\.\.\.\|/.test(x), "batch 1", 15000);
    await sleep(200);
    // The batch is above the prompt, and the prompt still holds the half-typed line.
    assert.ok(s.lastIndexOf("Batch: 1") < s.lastIndexOf(">>> const half = 'typed"));
    assert.equal(term.lastLine().trimEnd(), ">>> const half = 'typed");
    term.typeRaw(" on'");
    term.keys("Enter");
    const out = await term.run("half");
    assert.match(out, /'typed on'/);
    await term.run("await wq.stop()");
  });

  it("Ctrl+C stops waiting for awaitTermination(); the query keeps running", async () => {
    await term.run('const rq = spark.readStream.format("rate").load().writeStream.format("memory").queryName("ticks").start()');
    term.type("await rq.awaitTermination()");
    await sleep(1000);
    term.keys("C-c");
    await term.waitFor((s) => /KeyboardInterrupt\n>>>\s*$/.test(s.trimEnd() + "\n") || /KeyboardInterrupt\s*\n>>>/.test(s), "KeyboardInterrupt and the prompt", 10000);
    let out = await term.run("rq.isActive");
    assert.match(out, /true/);
    out = await term.run(".queries");
    assert.match(out, /ticks/);
    out = await term.run(".stopall");
    assert.match(out, /Stopped 1 query\./);
  });

  it("a method chain typed line by line builds one statement", async () => {
    for (const line of ["const rs = spark", ".readStream", '.format("rate")', '.option("rowsPerSecond", 1)', ".load()"]) {
      const out = await term.run(line);
      assert.doesNotMatch(out, /SyntaxError|Error:/, line);
    }
    let out = await term.run("rs.isStreaming");
    assert.match(out, /true/);
    out = await term.run(".history");
    assert.match(out, /const rs = spark\n\s*\S*\s*\.readStream\n.*\.format\("rate"\)/);
    out = await term.run(".count()");
    assert.match(out, /continues the previous input, but the previous input did not build a DataFrame/);
  });

  it("Ctrl+C on an empty line asks first; .exit leaves and the shell ends", async () => {
    term.keys("C-c");
    await term.waitFor((s) => /To exit, press Ctrl\+C again/.test(s), "the exit hint", 5000);
    term.type(".exit");
    const until = Date.now() + 20000;
    while (term.alive() && Date.now() < until) await sleep(100);
    assert.equal(term.alive(), false, "the shell is still running");
  });
});
