/**
 * A small StreamTest in the spirit of Spark's: feed a MemoryStream, process everything available,
 * check the sink's answer, stop, restart from the same checkpoint.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DataFrame, MemoryStream, SparkSession, StructType, StreamingQuery, Row } from "../../src/index";

let counter = 0;

export function tempCheckpoint(prefix = "iskra-cp-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface MemoryQuery {
  query: StreamingQuery;
  /** The memory sink's current rows (spark.table(name)), sorted for stable comparison. */
  answer(): Promise<unknown[][]>;
}

/** A memory stream registered under a fresh name and the streaming DataFrame reading it. */
export function memoryInput(spark: SparkSession, schema: StructType | string): { stream: MemoryStream; df: DataFrame; name: string } {
  const name = `input_${process.pid}_${++counter}`;
  const st = typeof schema === "string" ? require("../../src/index").parseSchema(schema) : schema;
  const stream = new MemoryStream(st, { name });
  const df = spark.readStream.format("memory").option("name", name).load();
  return { stream, df, name };
}

/** Starts `df` into a memory sink named after the query. */
export function startMemory(df: DataFrame, mode: "append" | "complete" | "update", checkpoint?: string, queryName = `q_${process.pid}_${++counter}`): MemoryQuery {
  let w = df.writeStream.format("memory").queryName(queryName).outputMode(mode);
  if (checkpoint) w = w.option("checkpointLocation", checkpoint);
  const query = w.start();
  return {
    query,
    answer: async () => {
      const rows: Row[] = await df.sparkSession.table(queryName).collect();
      return rows.map((r) => [...r]).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    },
  };
}
