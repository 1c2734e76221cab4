/**
 * One run of the chaos pipeline (scripts/chaos/chaos.ts starts it again and again on the same
 * checkpoint): Kafka → foreachBatch into PostgreSQL, until every record in the topic is
 * processed, then exit 0. With CHAOS_KILL it SIGKILLs itself at that point of its CHAOS_BATCH-th
 * batch (counted from this run's start):
 *   in-batch          at the start of the foreachBatch function, before any write
 *   during-write      a few milliseconds into the PostgreSQL write (before or around its COMMIT)
 *   after-commit      after the write committed, before commits/N
 *   between-batches   right after commits/N appeared
 * Each foreachBatch call first prints "chaos-child: batch started" (the suite times a random-time
 * kill from the first). With CHAOS_EXPECT=n the records keep arriving during the run: it is done
 * once n records of the topic are processed, not when it first catches up.
 * SINK: overwrite (the seed's house stats, complete mode, table replaced), append (each record's
 * row inserted, Spark's at-least-once) or append-once (the same through exactlyOnce).
 * Everything comes from the environment (the password as PGPASSWORD, never on a command line).
 * Before it exits it leaves in CHAOS_OUT what a learner could see of the run, for the suite's
 * password search: lastProgress and recentProgress as JSON, the web UI's query list, statistics
 * and checkpoint pages and its JSON (query data, the last batch's details), and the error text.
 * Uses only the public API.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
  DataFrame, SparkSession, StringType, StructField, StructType, TimestampType, approx_count_distinct, col, count, exactlyOnce, expr,
  from_json, sum,
} from "../../src/index";

const env = process.env;
const [bootstrap, topic, cp, jdbcUrl, table, sink] = [env.CHAOS_BOOTSTRAP!, env.CHAOS_TOPIC!, env.CHAOS_CP!, env.CHAOS_JDBC_URL!, env.CHAOS_TABLE!, env.CHAOS_SINK!];
const props = { user: env.PGUSER ?? "postgres", password: env.PGPASSWORD ?? "" };
const killPoint = env.CHAOS_KILL ?? "none";
const killBatch = Number(env.CHAOS_BATCH ?? "1");
const expected = Number(env.CHAOS_EXPECT ?? "0");
const die = () => process.kill(process.pid, "SIGKILL");

const spark = SparkSession.builder.getOrCreate();
spark.print = (t) => process.stdout.write(t);
const ds1 = spark.readStream.format("kafka").option("kafka.bootstrap.servers", bootstrap).option("subscribe", topic)
  .option("startingOffsets", "earliest").option("maxOffsetsPerTrigger", env.CHAOS_PER_BATCH ?? "500").load();
const dataSchema = StructType([
  StructField("house", StringType(), true), StructField("character", StringType(), true),
  StructField("score", StringType(), true), StructField("ts", TimestampType(), true),
]);
const values = ds1.select(col("partition"), col("offset"), expr("CAST(value AS STRING)").alias("value"));
const data = values.select(col("partition"), col("offset"), from_json(col("value"), dataSchema).alias("data")).select("partition", "offset", "data.*");
const result = sink === "overwrite"
  ? data.groupBy("house").agg(count("*").alias("how_many"), sum(col("score").cast("long")).alias("sum_score"), approx_count_distinct("character").alias("no_characters"))
  : data.select("partition", "offset", "house", "score");

let seen = 0;
const write = async (batchDF: DataFrame, batchId: number) => {
  process.stdout.write("chaos-child: batch started\n");
  const mine = ++seen === killBatch;
  if (mine && killPoint === "in-batch") die();
  if (mine && killPoint === "between-batches") {
    const commit = path.join(cp, "commits", String(batchId));
    setInterval(() => { if (fs.existsSync(commit)) die(); }, 1).unref();
  }
  if (mine && killPoint === "during-write") setTimeout(die, Math.floor(Math.random() * 4));
  if (sink === "overwrite") {
    await batchDF.write.format("jdbc").option("url", jdbcUrl).option("dbtable", table).options(props).option("truncate", "true").mode("overwrite").save();
  } else if (sink === "append") {
    await batchDF.write.jdbc(jdbcUrl, table, "append", props);
  } else {
    await exactlyOnce(batchDF, batchId).jdbc(jdbcUrl, table, "append", props);
  }
  if (mine && killPoint === "after-commit") die();
};

/** What the run shows of itself: progress JSON, the web UI's pages and JSON, the error text. */
async function leaveTraces(error?: unknown): Promise<void> {
  const out = env.CHAOS_OUT;
  if (!out) return;
  fs.mkdirSync(out, { recursive: true });
  const put = (name: string, text: string) => fs.writeFileSync(path.join(out, name), text);
  put("lastProgress.json", JSON.stringify(query.lastProgress ?? null, null, 2));
  put("recentProgress.json", JSON.stringify(query.recentProgress, null, 2));
  if (error !== undefined) put("error.txt", error instanceof Error ? `${error.message}\n${error.stack ?? ""}` : String(error));
  const ui = spark.sparkContext.uiWebUrl;
  if (!ui) return;
  const batch = (query.lastProgress as { batchId?: number } | null)?.batchId ?? 0;
  const pages: Record<string, string> = {
    "ui-list.html": "/StreamingQuery/",
    "ui-statistics.html": `/StreamingQuery/statistics/?id=${query.runId}`,
    "ui-checkpoint.html": `/StreamingQuery/checkpoint/?id=${query.runId}`,
    "ui-data.json": `/StreamingQuery/data?id=${query.runId}`,
    "ui-batch.json": `/StreamingQuery/batch?id=${query.runId}&batch=${batch}`,
  };
  for (const [name, url] of Object.entries(pages)) {
    try {
      put(name, await (await fetch(ui + url)).text());
    } catch (e) {
      put(name, `fetch failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

/** Records of the topic processed so far: the sum of the latest endOffset over the partitions. */
function processed(): number {
  let most = 0;
  for (const p of query.recentProgress as { sources?: { endOffset?: unknown }[] }[]) {
    const end = p.sources?.[0]?.endOffset;
    const byTopic = (typeof end === "string" ? JSON.parse(end) : end) as Record<string, Record<string, number>> | null | undefined;
    if (!byTopic || typeof byTopic !== "object") continue;
    let n = 0;
    for (const parts of Object.values(byTopic)) for (const o of Object.values(parts)) n += Number(o);
    most = Math.max(most, n);
  }
  return most;
}

async function drain(): Promise<void> {
  await query.processAllAvailable();
  while (processed() < expected) {
    await new Promise((r) => setTimeout(r, 50));
    await query.processAllAvailable();
  }
}

const query = result.writeStream.outputMode(sink === "overwrite" ? "complete" : "append").option("checkpointLocation", cp).foreachBatch(write).start();
drain()
  .then(() => query.stop())
  .then(async () => {
    const e = query.exception();
    if (e) throw e;
    await leaveTraces();
    process.exit(0);
  })
  .catch(async (e) => {
    process.stderr.write(`chaos-child: ${e instanceof Error ? e.message : String(e)}\n`);
    await leaveTraces(e).catch(() => undefined);
    process.exit(2);
  });
