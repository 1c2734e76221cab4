/**
 * golden_sql.py's streaming feed, replayed: a JSON file source over a scratch directory that
 * gets four files (one per processAllAvailable()), a query writing to the console sink; returns
 * what the session printed. Golden scripts reuse it through golden_sql.STREAM/FEED.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { DataFrame, SparkSession } from "../../src/index";

const FEED_LINES: Array<Array<[number, string, string]>> = [
  [[1, "a", "2024-01-01 10:00:00"], [2, "b", "2024-01-01 10:00:03"], [1, "a", "2024-01-01 10:00:04"]],
  [[1, "a", "2024-01-01 10:00:20"], [3, "c", "2024-01-01 10:00:21"], [2, "b", "2024-01-01 10:00:02"]],
  [[4, "d", "2024-01-01 10:00:45"], [3, "c", "2024-01-01 10:00:25"], [5, "e", "2024-01-01 10:00:01"]],
  [[6, "f", "2024-01-01 10:01:30"]],
];
/** Python's json.dumps of {"id", "word", "ts"}, one per line. */
const jsonLines = (rows: Array<[number, string, string]>): string => rows.map(([i, w, t]) => `{"id": ${i}, "word": "${w}", "ts": "${t}"}\n`).join("");

export const FEED_SCHEMA = "id INT, word STRING, ts TIMESTAMP";

export type FeedMode = "append" | "update" | "complete";

export async function runFileStream(
  spark: SparkSession, clear: () => void, out: () => string,
  mode: FeedMode, build: (src: DataFrame, inputDir: string) => DataFrame,
): Promise<string> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-golden-feed-"));
  const inputDir = path.join(work, "in");
  fs.mkdirSync(inputDir);
  const put = (name: string, text: string) => {
    fs.writeFileSync(path.join(work, name + ".tmp"), text);
    fs.renameSync(path.join(work, name + ".tmp"), path.join(inputDir, name));
  };
  clear();
  const src = spark.readStream.schema(FEED_SCHEMA).json(inputDir);
  put("1.json", jsonLines(FEED_LINES[0]));
  const query = await build(src, inputDir).writeStream.outputMode(mode).format("console").option("truncate", false).start();
  try {
    await query.processAllAvailable();
    for (let i = 1; i < FEED_LINES.length; i++) {
      put(`${i + 1}.json`, jsonLines(FEED_LINES[i]));
      await query.processAllAvailable();
    }
  } finally {
    await query.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
  return out();
}
