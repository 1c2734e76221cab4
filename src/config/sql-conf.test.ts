import { test } from "node:test";
import * as assert from "node:assert/strict";
import { CONF_ENTRIES, MIN_BATCHES_TO_RETAIN, OFFSET_LOG_DEFAULTS, PRESET_CONF, SHUFFLE_PARTITIONS, confDefault, confValue } from "./sql-conf";
import { SparkSession } from "../index";

test("one entry per key, each default parses", () => {
  assert.equal(new Set(CONF_ENTRIES.map((e) => e.key)).size, CONF_ENTRIES.length);
  for (const e of CONF_ENTRIES) assert.notEqual(e.parse(e.defaultText), undefined, e.key);
  assert.equal(confDefault(SHUFFLE_PARTITIONS), 200);
  assert.equal(confDefault(MIN_BATCHES_TO_RETAIN), 100);
});

test("confValue: the parsed value, else the default (unset, not a positive integer)", () => {
  assert.equal(confValue(SHUFFLE_PARTITIONS, { "spark.sql.shuffle.partitions": "7" }), 7);
  assert.equal(confValue(SHUFFLE_PARTITIONS, {}), 200);
  assert.equal(confValue(SHUFFLE_PARTITIONS, { "spark.sql.shuffle.partitions": "0" }), 200);
  assert.equal(confValue(SHUFFLE_PARTITIONS, { "spark.sql.shuffle.partitions": "x" }), 200);
  assert.equal(confValue(SHUFFLE_PARTITIONS, new Map([["spark.sql.shuffle.partitions", "3"]])), 3);
});

test("offsets/N records Spark 3.5.9's relevant confs in its order; a new session lists PySpark's presets", () => {
  assert.deepEqual(Object.keys(OFFSET_LOG_DEFAULTS), [
    "spark.sql.streaming.stateStore.providerClass",
    "spark.sql.streaming.join.stateFormatVersion",
    "spark.sql.streaming.stateStore.compression.codec",
    "spark.sql.optimizer.pruneFiltersCanPruneStreamingSubplan",
    "spark.sql.streaming.stateStore.rocksdb.formatVersion",
    "spark.sql.streaming.statefulOperator.useStrictDistribution",
    "spark.sql.streaming.flatMapGroupsWithState.stateFormatVersion",
    "spark.sql.streaming.multipleWatermarkPolicy",
    "spark.sql.streaming.aggregation.stateFormatVersion",
    "spark.sql.shuffle.partitions",
  ]);
  const spark = SparkSession.builder.getOrCreate().newSession();
  for (const [k, v] of PRESET_CONF) assert.equal(spark.conf.get(k), v);
  spark.conf.set("spark.sql.shuffle.partitions", "5");
  assert.equal(spark.shufflePartitions, 5);
});
