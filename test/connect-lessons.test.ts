// @needs: pyspark postgres kafka
/**
 * The handout's lessons through Iskra's own Spark Connect server (src/connect/), driven by the real
 * PySpark 3.5 Connect client: the exported lesson runs as `python app.py --remote sc://…` against a
 * server in this process, side by side with Iskra's own replay of the lesson (the same inputs; the
 * console batches, printSchema/show text and PostgreSQL tables compared). test/pyspark-connect.test.ts
 * runs the same exports against real Spark Connect 3.5 and pins them equal to Iskra's replay, so
 * each output here is also real Spark Connect's. Skipped without PySpark's Connect client, unless
 * ISKRA_REQUIRE_PYSPARK=1.
 */
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { INSTALL_HINT, findPySpark, sideBySide } from "../src/export/side-by-side";
import { SparkSession } from "../src/index";
import { ConnectServer } from "../src/connect/server";
import { sideDatabases } from "./support/pg-admin";
import { CONNECT_CLIENT_HINT, hasConnectClient } from "../scripts/side-by-side/connect-server";
import { streamSideBySide } from "../scripts/side-by-side/streams";
import { TopicFeeder, seededGroups } from "../scripts/side-by-side/feeders";
import { startPySparkSide } from "../scripts/side-by-side/side";
import { exportPySpark } from "../src/export/pyspark";
import { lessonInputs } from "../src/export/session-defaults";
import { loadLesson } from "../src/repl/lessons";
import { readTable } from "../src/export/side-by-side";
import * as F from "../src/index";
import * as fs from "node:fs";
import * as os from "node:os";

const ROOT = path.resolve(__dirname, "..");
const pyspark = findPySpark();
const client = pyspark ? hasConnectClient(pyspark) : false;
const required = process.env.ISKRA_REQUIRE_PYSPARK === "1";
const kafkaBootstrap = process.env.KAFKA_BOOTSTRAP_SERVERS ?? "127.0.0.1:9092";
const databases = sideDatabases("iskra_onconnect");
const pgUrls = databases.urls;
const skip = required ? false : !pyspark ? INSTALL_HINT : !client ? CONNECT_CLIENT_HINT : false;

let server: ConnectServer | undefined;
/** What the server printed (console sinks), as a Spark Connect server's stdout. */
let printed = "";

describe("the handout's lessons on Iskra's Spark Connect server, through the real PySpark client", { skip }, () => {
  before(async () => {
    assert.ok(pyspark, INSTALL_HINT);
    assert.ok(client, CONNECT_CLIENT_HINT);
    assert.ok(process.env.PG_URL, "PG_URL: run through npm test");
    await databases.create();
    const base = SparkSession.builder.appName("Spark Connect server").config("spark.ui.enabled", "false").getOrCreate().newSession();
    base.print = (t) => (printed += t);
    server = await ConnectServer.start({ port: 0, base });
  });
  after(async () => {
    await server?.stop();
    await databases.drop();
  });

  it("lesson 2: the same schemas, show() tables and housestats as Iskra (and Spark)", async () => {
    const r = await sideBySide({ lesson: 2, pgUrl: pgUrls.pyspark, tables: ["housestats"], pyspark: pyspark!, root: ROOT, remote: server!.url });
    assert.equal(r.pysparkExit, 0, r.diff.join("\n") + r.pysparkStderr.slice(-3000));
    assert.equal(r.tables.housestats.pyspark?.rows.length, 5);
    assert.ok(r.identical, "Iskra and the PySpark client on Iskra's Connect server differ:\n" + r.diff.join("\n\n"));
  });

  it("lesson 1: the same Batch: 0, 1, 2 printed by the server as Iskra", async () => {
    const r = await streamSideBySide({ lesson: 1, pgUrls, tables: [], pyspark: pyspark!, root: ROOT, kafkaBootstrap, remote: { url: server!.url, serverOutput: () => printed } });
    assert.deepEqual(r.pyspark.filter((b) => /^Batch: /.test(b)), ["Batch: 0", "Batch: 1", "Batch: 2"]);
    assert.ok(r.identical, "Iskra and the PySpark client on Iskra's Connect server differ:\n" + r.diff.join("\n\n"));
  });

  it("lesson 3: the same schemas and Batch: 0…5 as Iskra", async () => {
    printed = "";
    const r = await streamSideBySide({ lesson: 3, pgUrls, tables: [], pyspark: pyspark!, root: ROOT, kafkaBootstrap, remote: { url: server!.url, serverOutput: () => printed } });
    assert.deepEqual(r.pyspark.filter((b) => /^Batch: /.test(b)), [0, 1, 2, 3, 4, 5].map((n) => `Batch: ${n}`));
    assert.ok(r.identical, "Iskra and the PySpark client on Iskra's Connect server differ:\n" + r.diff.join("\n\n"));
  });

  // The lesson's exactly-once step (write_exactly_once) drives JDBC through py4j on the client, which
  // Spark Connect has on no server; the lesson's foreachBatch query into housestats is what runs here.
  it("lesson 4: foreachBatch(writeToPostgres) runs in PySpark's worker and leaves Iskra's housestats", async () => {
    const topic = `iskra-onconnect-4-${process.pid}-${Date.now().toString(36)}`;
    const u = new URL(pgUrls.pyspark);
    const exported = exportPySpark(lessonInputs(loadLesson("4").steps), { appName: "lesson4", jdbcUrl: `jdbc:postgresql://${u.hostname}:${u.port || 5432}${u.pathname}`, pgUser: decodeURIComponent(u.username) || "postgres", kafkaBootstrap });
    const cut = /^    logCheckpoint = [\s\S]*?(?=^    # Runs until)/m;
    assert.match(exported.python, cut);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-onconnect-4-"));
    const app = path.join(dir, "lesson4.py");
    fs.writeFileSync(app, exported.python.replace(cut, ""));
    const feeder = await TopicFeeder.create(kafkaBootstrap, topic, 3);
    const bursts = seededGroups([2, 2000, 2]);
    try {
      const side = await startPySparkSide({ app, args: ["--topic", topic], pyspark: pyspark!, root: ROOT, env: { ...process.env, PGPASSWORD: decodeURIComponent(u.password) }, remote: { url: server!.url, serverOutput: () => printed } });
      try {
        assert.equal(await side.answer("READY", 300), "READY");
        assert.equal(await side.command("sync", 300), "SYNCED");
        for (const b of bursts) {
          await feeder.send(b);
          assert.equal(await side.command("sync", 300), "SYNCED");
        }
      } finally {
        assert.equal(await side.end(60), 0);
      }
    } finally {
      await feeder.close();
    }
    // Iskra's own API on the same records, written as the lesson's writeToPostgres writes each batch.
    const spark = F.SparkSession.builder.getOrCreate().newSession();
    const schema = F.StructType([F.StructField("house", F.StringType()), F.StructField("character", F.StringType()), F.StructField("score", F.StringType()), F.StructField("ts", F.TimestampType())]);
    const result = spark.createDataFrame(bursts.flat().map((r) => r.value), F.StringType())
      .select(F.from_json(F.col("value"), schema).alias("data")).select("data.*")
      .groupBy("house").agg(F.count("*").alias("how_many"), F.sum(F.col("score").cast("int")).alias("sum_score"), F.approx_count_distinct("character").alias("no_characters"));
    const i = new URL(pgUrls.iskra);
    await result.write.format("jdbc").option("url", `jdbc:postgresql://${i.hostname}:${i.port || 5432}${i.pathname}`).option("dbtable", "housestats").option("user", decodeURIComponent(i.username)).option("password", decodeURIComponent(i.password)).option("truncate", "true").mode("overwrite").save();
    const [got, want] = [await readTable(pgUrls.pyspark, "housestats"), await readTable(pgUrls.iskra, "housestats")];
    assert.ok(got && got.rows.length >= 4, `housestats over Connect: ${JSON.stringify(got)}`);
    assert.deepEqual(got, want);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
