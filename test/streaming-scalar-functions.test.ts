/** The scalar family's functions and SQL forms inside a streaming query (appended rows and a stateful groupBy over a derived key, across a restart). */
import { test } from "node:test";
import { col, count, split_part, soundex, try_add, lit } from "../src/index";
import { captureSession } from "./support/spark";
import { AddData, CheckAnswer, CheckLastBatch, StartStream, StopStream, memoryInput, tempCheckpoint, testStream } from "./support/stream-test";

const { spark } = captureSession();
spark.conf.set("spark.sql.session.timeZone", "UTC");

test("scalar functions and SQL syntax forms per appended row", async () => {
  const { stream, df } = memoryInput(spark, "s STRING, n INT");
  const q = df.selectExpr("trim(BOTH 'x' FROM s) AS t", "n & 6 AS b", "position('a' IN s) AS p", "overlay(s PLACING '_' FROM 1 FOR 1) AS o", "s ilike 'X%' AS i");
  await testStream(q, "append",
    AddData(stream, ["xax", 7], ["Xbc", 1]),
    CheckLastBatch(["a", 6, 2, "_ax", true], ["Xbc", 0, 0, "_bc", true]),
  );
});

test("a stateful groupBy on a key made by scalar functions survives a checkpoint restart", async () => {
  const cp = tempCheckpoint();
  const { stream, df } = memoryInput(spark, "name STRING");
  const keyed = df.select(soundex(split_part(col("name"), lit(" "), lit(1))).alias("k"), try_add(lit(1), lit(1)).alias("two"))
    .groupBy("k").agg(count("two").alias("c"));
  await testStream(keyed, "update", { checkpoint: cp },
    AddData(stream, ["Robert Smith"], ["Rupert Jones"]),
    CheckLastBatch(["R163", 2]),
    StopStream,
    StartStream(),
    AddData(stream, ["Rubin X"], ["Tymczak Y"]),
    CheckLastBatch(["R150", 1], ["T522", 1]),
    AddData(stream, ["Robert Z"]),
    CheckLastBatch(["R163", 3]),
    CheckAnswer(["R163", 2], ["R150", 1], ["T522", 1], ["R163", 3]),
  );
});
