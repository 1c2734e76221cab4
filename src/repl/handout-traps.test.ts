// @needs: tmux kafka
/**
 * The handout's last small traps (issue 22, item 7), typed at the real shell in tmux as a learner
 * types them: `import readline;`, step 26's port under ISKRA_PG_PORT, step 16's replication-factor
 * error as the tool prints it, `.export --pyspark` of show(truncate=False), print(…) and the
 * session's own bootstrap servers.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { REPLICATION_ERROR } from "../../lessons/03-kafka-stream";
import { hasTmux, shellInTmux } from "../../test/support/terminal";

const bootstrap = process.env.KAFKA_BOOTSTRAP_SERVERS ?? "127.0.0.1:9092";

describe("the handout's last traps, typed in the shell", { skip: hasTmux ? false : "tmux is not installed" }, () => {
  const shell = shellInTmux("iskra-traps-", () => ({ ISKRA_PG_PORT: "18543", KAFKA_BOOTSTRAP_SERVERS: bootstrap }));
  const term = shell.term;

  it("import readline; (with Python's semicolon) is the clean NotImplementedError pointing to .history", async () => {
    for (const input of ["import readline", "import readline;"]) {
      const out = await term.run(input);
      assert.match(out, /NotImplementedError: `import readline` \(only pyspark, socket and time\) has no TypeScript translation/, input);
      assert.match(out, /\.history lists your inputs/, input);
    }
  });

  it("step 26 names the port the embedded PostgreSQL runs on (ISKRA_PG_PORT)", async () => {
    const out = await term.run(".lesson 2 26");
    assert.match(out, /Lesson 2 · Step 26/);
    assert.match(out, /port 18543, user postgres/);
    assert.doesNotMatch(out, /\$PGPORT/);
  });

  it("step 16's quoted error is what the tool prints", async () => {
    const topic = `iskra-rf2-${process.pid}`;
    const out = await term.run(`sh("npm run topics -- --bootstrap-server $KAFKA --create --topic ${topic} --partitions 1 --replication-factor 2")`, 60000);
    assert.ok(out.replace(/\s+/g, " ").includes(REPLICATION_ERROR), out);
  });

  it(".export --pyspark writes show(truncate=False), print(…) and --kafka-bootstrap for the session's literal", async () => {
    await term.run('df = spark.createDataFrame([("a", 1), ("b", 2)], ["k", "v"])');
    await term.run("df.show(truncate=False)");
    assert.match(await term.run('print("rows", df.count(), True)'), /^rows 2 True$/m);
    await term.run(`lines = spark.readStream.format("kafka").option("kafka.bootstrap.servers", "${bootstrap}").option("subscribe", "kafka-input").load()`);
    const file = path.join(shell.home, "app.py");
    const out = await term.run(`.export --pyspark ${file}`);
    assert.doesNotMatch(out, /not translated/);
    const py = fs.readFileSync(file, "utf8");
    assert.doesNotMatch(py, /TODO/);
    assert.match(py, /df = spark\.createDataFrame\(\[\("a", 1\), \("b", 2\)\], \["k", "v"\]\)/);
    assert.match(py, /df\.show\(truncate=False\)/);
    assert.match(py, /print\("rows", df\.count\(\), True\)/);
    assert.match(py, /\.option\("kafka\.bootstrap\.servers", args\.kafka_bootstrap\)/);
  });
});
