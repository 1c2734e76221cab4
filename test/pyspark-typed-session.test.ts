// @needs: pyspark
/**
 * A session typed in the shell — the handout's PySpark, pasted at the prompt — exported with
 * `.export --pyspark FILE`, runs under spark-submit unchanged: `--help` lists its arguments, and a
 * real run on a fresh Kafka topic prints the word count Iskra printed. Skipped without PySpark
 * unless ISKRA_REQUIRE_PYSPARK=1.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { PACKAGES } from "../src/export/pyspark";
import { INSTALL_HINT, findPySpark, sparkBlocks } from "../src/export/side-by-side";
import { runCommand } from "../src/repl/commands";
import { Shell } from "../src/repl/shell";
import { TopicFeeder } from "../scripts/side-by-side/feeders";
import { startPySparkSide } from "../scripts/side-by-side/side";

const ROOT = path.resolve(__dirname, "..");
const pyspark = findPySpark();
const required = process.env.ISKRA_REQUIRE_PYSPARK === "1";
const bootstrap = process.env.KAFKA_BOOTSTRAP_SERVERS ?? "127.0.0.1:9092";
const topic = `iskra-typed-${process.pid}-${Date.now().toString(36)}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-typed-"));
const LINE = "spark scala spark structured streaming spark";

/** What the learner pastes, as in the handout (Python), one input at a time. */
const TYPED = [
  "from pyspark.sql.functions import explode, split, col",
  `ds1 = spark.readStream \\
    .format("kafka") \\
    .option("kafka.bootstrap.servers", kafkaBootstrap) \\
    .option("subscribe", "${topic}") \\
    .load()`,
  'words = ds1.select(explode(split(col("value").cast("string"), " ")).alias("word"))',
  'wordCounts = words.groupBy("word").count()',
  'query = wordCounts.writeStream.outputMode("complete").format("console").start()',
  "query.processAllAvailable()",
];

describe("a session typed in the shell, exported with .export --pyspark", { skip: !pyspark && !required ? INSTALL_HINT : false }, () => {
  let feeder: TopicFeeder | undefined;
  after(async () => {
    await feeder?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("runs under spark-submit unchanged and prints what Iskra printed", async () => {
    assert.ok(pyspark, INSTALL_HINT);
    feeder = await TopicFeeder.create(bootstrap, topic, 1);
    let printed = "";
    const shell = new Shell({ output: { colors: false, columns: 100, print: (t) => void (printed += t) }, interactive: false, env: { ...process.env, KAFKA_BOOTSTRAP_SERVERS: bootstrap } });
    const app = path.join(dir, "typed_session.py");
    try {
      for (const input of TYPED) assert.equal((await shell.run(input)).kind, "value", `${input}\n${printed}`);
      await feeder.send([{ key: "k", value: LINE, timestamp: Date.now() }]);
      await shell.run("query.processAllAvailable()");
      await runCommand({ shell, exit: () => undefined }, `.export --pyspark ${app}`);
    } finally {
      await shell.close();
    }
    const iskra = sparkBlocks(printed);
    assert.deepEqual(iskra.filter((b) => b.startsWith("Batch")), ["Batch: 0", "Batch: 1"], printed);
    const python = fs.readFileSync(app, "utf8");
    assert.match(python, /\.option\("subscribe", args\.topic\)/);
    assert.doesNotMatch(python, /TODO|processAllAvailable/);

    const env = { ...process.env, PATH: `${path.dirname(pyspark!.python)}${path.delimiter}${process.env.PATH}`, PYSPARK_PYTHON: pyspark!.python };
    const help = spawnSync(pyspark!.sparkSubmit, ["--packages", PACKAGES.join(","), app, "--help"], { env, encoding: "utf8", timeout: 300_000 });
    assert.equal(help.status, 0, help.stderr.slice(-2000));
    assert.match(help.stdout, /--kafka-bootstrap KAFKA_BOOTSTRAP/);
    assert.match(help.stdout, /--topic TOPIC/);

    // A real run: a fresh topic, the same line after the query started.
    const topic2 = `${topic}-b`;
    const feeder2 = await TopicFeeder.create(bootstrap, topic2, 1);
    const side = await startPySparkSide({ app, args: ["--topic", topic2, "--kafka-bootstrap", bootstrap], pyspark: pyspark!, root: ROOT, env: process.env });
    try {
      assert.equal(await side.answer("READY", 900), "READY");
      assert.equal(await side.command("sync", 900), "SYNCED");
      await feeder2.send([{ key: "k", value: LINE, timestamp: Date.now() }]);
      assert.equal(await side.command("sync", 900), "SYNCED");
    } catch (e) {
      await side.end(60);
      throw e;
    } finally {
      await feeder2.close();
    }
    assert.equal(await side.end(120), 0, side.text().slice(-2000));
    assert.deepEqual(sparkBlocks(side.text()), iskra);
  });
});
