/**
 * Child process for the kill test: runs a word count from a directory of text files into a
 * foreachBatch sink that appends "batchId<TAB>word=count,..." lines to OUT. When KILL_AT_BATCH
 * is set, the process SIGKILLs itself inside that batch — after offsets/N was written and before
 * commits/N — exactly the window a crash can hit.
 */
import * as fs from "node:fs";
import { SparkSession, explode, split } from "../../src/index";

const [dir, cp, out] = process.argv.slice(2);
const killAt = process.env.KILL_AT_BATCH === undefined ? -1 : Number(process.env.KILL_AT_BATCH);
const spark = SparkSession.builder.getOrCreate();
const lines = spark.readStream.format("text").option("maxFilesPerTrigger", 1).load(dir);
const counts = lines.select(explode(split(lines.col("value"), " ")).alias("word")).groupBy("word").count();
const q = counts.writeStream.outputMode("complete").option("checkpointLocation", cp).trigger({ availableNow: true })
  .foreachBatch(async (df, batchId) => {
    const rows = await df.orderBy("word").collect();
    fs.appendFileSync(out, `${batchId}\t${rows.map((r) => `${r.word}=${r.count}`).join(",")}\n`);
    if (batchId === killAt) process.kill(process.pid, "SIGKILL");
  })
  .start();
q.awaitTermination().then(() => process.exit(0), (e) => { console.error(String(e)); process.exit(1); });
