// @needs: tmux kafka postgres
/**
 * The workshop handout's PySpark, pasted into the real shell (tmux) as a learner copies it from
 * the handout (test/fixtures/workshop-handout.txt), reaches the handout's results: lesson 1's word
 * count over a socket on port 9876, lesson 2's batch prototype into PostgreSQL at the handout's
 * `{host_name}:8432`, lesson 3's Kafka stream to the console and lesson 4's foreachBatch into
 * PostgreSQL. The "???" steps are the learner's own code, here in Python too.
 *
 * The shell runs its embedded PostgreSQL on the workshop's port 8432 (or the one already there)
 * and talks to the Kafka broker of KAFKA_BOOTSTRAP_SERVERS. The only change to the pasted text:
 * lessons 3 and 4 read a topic of their own instead of `kafka-input` (the broker is shared).
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { createTopic } from "../src/connectors/kafka/admin";
import { BOOTSTRAP, dropTopics, testClient, uniqueTopic } from "../src/connectors/kafka/testing";
import { handoutCode } from "./support/handout";
import { Terminal, hasTmux, sleep } from "./support/terminal";

const ROOT = path.resolve(__dirname, "..");
const home = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-handout-"));
fs.chmodSync(home, 0o755); // the embedded PostgreSQL runs as the user postgres
const env = { PG_URL: "", ISKRA_SERVICES: "attached", KAFKA_BOOTSTRAP_SERVERS: BOOTSTRAP, ISKRA_HOME: home, ISKRA_HISTORY: path.join(home, "history"), TERM: "xterm-256color" };

/** The learner's answer to steps 25 and 34 (the handout shows only the result). */
const RESULT_DF = `from pyspark.sql.functions import from_json, col, count, sum, approx_count_distinct
dataDF = valuesDF.select(from_json(col("value"), dataSchema).alias("data")).select("data.*")
resultDF = dataDF.groupBy("house") \\
    .agg(count("*").alias("how_many"),
         sum(col("score").cast("int")).alias("sum_score"),
         approx_count_distinct("character").alias("no_characters"))`;

/** The learner's answer to step 41: a foreachBatch writer into housestats. */
const WRITER = `def write_to_postgres(df, batch_id):
    df.write \\
        .format("jdbc") \\
        .option("url", f"jdbc:postgresql://{host_name}:8432/streamoutput") \\
        .option("dbtable", "housestats") \\
        .option("user", "postgres") \\
        .option("password", "mysecretpassword") \\
        .option("truncate", "true") \\
        .mode("overwrite") \\
        .save()
`;
const STREAM_WRITER = `streamWriter = resultDF.writeStream \\
    .outputMode("complete") \\
    .foreachBatch(write_to_postgres)`;

const CREATE_HOUSESTATS = `sql(\`create table if not exists housestats (
   house character(30) primary key,
   how_many integer,
   sum_score integer,
   no_characters integer
)\`)`;

async function waitForExit(term: Terminal, ms = 30000): Promise<void> {
  const until = Date.now() + ms;
  while (term.alive() && Date.now() < until) await sleep(100);
  assert.equal(term.alive(), false, "the shell did not leave after quit()");
}

function produce(topic: string, perSecond: number, seconds: number): void {
  const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "scripts/workshop/produce.ts", BOOTSTRAP, topic, "json", String(perSecond), String(seconds)], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" },
  });
  assert.equal(r.status, 0, r.stderr);
}

describe("the handout's PySpark pasted into the shell", { skip: hasTmux ? false : "tmux is not installed" }, () => {
  const topics: string[] = [];
  after(async () => {
    const client = testClient();
    await dropTopics(client, topics);
    await client.close?.();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it("lesson 1 (steps 8–13): the socket word count, as in the handout", async () => {
    // The sender terminal: `nc -lk 9876`, sending one line once the stream connects.
    const sent = new Promise<void>((resolve, reject) => {
      const server = net.createServer((sock) => {
        setTimeout(() => {
          sock.write("spark scala scala spark structured streaming spark scala scala spark\n");
          resolve();
        }, 500);
      });
      server.on("error", reject);
      server.listen(9876);
      after(() => server.close());
    });
    const term = new Terminal();
    after(() => term.kill());
    term.start(env);
    await term.waitFor((s) => /^>>>\s*$/m.test(s), "the first prompt", 60000);
    let out = await term.run(handoutCode(8));
    assert.match(out, /const lines = spark\n\s*\.readStream\n\s*\.format\("socket"\)/, "the translation is shown");
    assert.match(out, /WARN The socket source should not be used for production applications!/);
    assert.doesNotMatch(out, /Error/);
    out = await term.run(handoutCode(9));
    assert.doesNotMatch(out, /Error/);
    await term.run(handoutCode(10));
    await sent;
    const s = await term.waitFor((x) => /Batch: 1/.test(x) && /\|structured\|\s+1\|/.test(x), "batch 1", 30000);
    const batch1 = s.slice(s.lastIndexOf("Batch: 1"));
    assert.match(batch1, /\|\s+word\|count\|/);
    assert.match(batch1, /\|\s+scala\|\s+4\|/);
    assert.match(batch1, /\|\s+spark\|\s+4\|/);
    assert.match(batch1, /\|\s+streaming\|\s+1\|/);
    term.type(handoutCode(13));
    await waitForExit(term);
  });

  it("lessons 2–4 (steps 20–47): the batch prototype, the Kafka stream, foreachBatch into PostgreSQL", async () => {
    const topic = uniqueTopic("handout");
    topics.push(topic);
    const client = testClient();
    await createTopic(client, topic, { partitions: 3, replicationFactor: 1 });
    await client.close?.();
    const term = new Terminal();
    after(() => term.kill());
    term.start(env);
    await term.waitFor((s) => /^>>>\s*$/m.test(s), "the first prompt", 60000);

    // Lesson 2.
    let out = await term.run(handoutCode(20));
    assert.match(out, /const host_name = hostName/);
    // Step 21 as printed has `""""{` (four quotes): Python's own error, and a hint that says where.
    out = await term.run(handoutCode(21));
    assert.match(out, /SyntaxError: unterminated triple-quoted string literal \(detected at line 14\)/);
    assert.match(out, /four quotes/);
    assert.match(out, /ends the last string with two quotes: 9"\}""\] — it needs three: 9"\}"""\]/);
    out = await term.run(handoutCode(21).replace(/""""\{/g, '"""{').replace('}""]', '}"""]'));
    assert.doesNotMatch(out, /Error/);
    out = await term.run(handoutCode(22));
    assert.match(out, /root\n \|-- value: string \(nullable = true\)/);
    await term.run(handoutCode(23));
    out = await term.run(RESULT_DF);
    assert.doesNotMatch(out, /Error/);
    out = await term.run(handoutCode(25));
    assert.match(out, / \|-- house: string \(nullable = true\)\n \|-- how_many: long \(nullable = false\)\n \|-- sum_score: long \(nullable = true\)\n \|-- no_characters: long \(nullable = false\)/);
    assert.match(out, /\|\s+Gryffindor\|\s+2\|\s+15\|\s+2\|/);
    assert.match(out, /\|\s*Horned Serpent\|\s+1\|\s+4\|\s+1\|/);
    await term.run(CREATE_HOUSESTATS, 90000); // step 28 is psql's; the shell's sql() does it here
    out = await term.run(handoutCode(29), 60000);
    assert.doesNotMatch(out, /Error|Exception/);
    out = await term.run('sql("select * from housestats order by house")');
    assert.match(out, /Gryffindor\s+│\s+2 │\s+15 │\s+2 │/);
    assert.match(out, /\(5 rows\)|5 rows/);

    // Lesson 3.
    const mine = (code: string) => code.replace(/kafka-input/g, topic);
    out = await term.run(mine(handoutCode(32)));
    assert.doesNotMatch(out, /Error/);
    out = await term.run(handoutCode(33));
    assert.match(out, /\|-- value: binary \(nullable = true\)/);
    await term.run(RESULT_DF);
    out = await term.run("resultDF.printSchema()"); // step 35: a line of the handout, outside a code block
    assert.match(out, / \|-- how_many: long \(nullable = false\)/);
    await term.run(handoutCode(36));
    await term.waitFor((x) => /Batch: 0/.test(x), "batch 0", 30000);
    produce(topic, 2, 2);
    const s = await term.waitFor((x) => /Batch: [1-9]/.test(x) && /\|\s*(Gryffindor|Ravenclaw|Slytherin|Hufflepuff|Horned Serpent|Pukwudgie|Thunderbird|Wampus)\|\s+\d+\|/.test(x), "a batch with houses", 60000);
    assert.match(s, /\|\s+house\|how_many\|sum_score\|no_characters\|/);
    await term.run(handoutCode(39));

    // Lesson 4.
    out = await term.run(handoutCode(40));
    assert.match(out, /UnsupportedOperationException: Data source jdbc does not support streamed writing\./);
    await term.run(WRITER);
    await term.run(STREAM_WRITER);
    await term.run(handoutCode(42));
    produce(topic, 2, 2);
    const total = async () => {
      const t = await term.run('sql("select sum(how_many) as n from housestats")');
      return Number(/│\s+(\d+) │/.exec(t.slice(t.lastIndexOf("sql(")))?.[1] ?? 0);
    };
    const until = Date.now() + 60000;
    let n = 0;
    while (Date.now() < until && (n = await total()) < 4) await sleep(1000);
    assert.equal(n, 4, "housestats counts every record sent since the query started");
    term.type(handoutCode(47));
    await waitForExit(term);
  });
});
