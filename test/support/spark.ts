/** Test helpers: a session whose printed output is captured. */
import { SparkSession } from "../../src/index";

export function captureSession(): { spark: SparkSession; out: () => string; clear: () => void; warnings: string[] } {
  const spark = SparkSession.builder.master("local[2]").appName("test").getOrCreate();
  let buf = "";
  const warnings: string[] = [];
  spark.print = (t) => { buf += t; };
  spark.warn = (t) => { warnings.push(t); };
  return { spark, out: () => buf, clear: () => { buf = ""; }, warnings };
}

/** The seed's six records (step 21) with the stray quotes fixed. */
export const SEED_VALUES = [
  '{"house": "Ravenclaw", "character": "Myrtle Warren", "score": "1", "ts": "2022-08-11 16:34:11.633"}',
  '{"house": "Thunderbird", "character": "Albus Dumbledore", "score": "4", "ts": "2022-08-11 16:33:50.74"}',
  '{"house": "Slytherin", "character": "Bartemius Crouch, Sr.", "score": "4", "ts": "2022-08-11 16:34:16.9"}',
  '{"house": "Gryffindor", "character": "Gregory Goyle", "score": "8", "ts": "2022-08-11 16:34:04.269"}',
  '{"house": "Gryffindor", "character": "Astoria Greengrass", "score": "7", "ts": "2022-08-11 16:33:52.508"}',
  '{"house": "Horned Serpent", "character": "Yaxley", "score": "4", "ts": "2022-08-11 16:33:48.829"}',
];
