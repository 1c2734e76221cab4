// @needs: kafka
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { KafkaSink, validateKafkaWriteSchema, writeKafkaBatch } from "./kafka-sink";
import { parseKafkaWriteOptions } from "../connectors/kafka/options";
import { readKafkaBatch } from "../sources/kafka-batch";
import { AnalysisException, IllegalArgumentException } from "../errors";
import { createTopic } from "../connectors/kafka/admin";
import { BOOTSTRAP, dropTopics, testClient, uniqueTopic } from "../connectors/kafka/testing";
import { ArrayType, BinaryType, IntegerType, LongType, StringType, StructField, StructType } from "../types/data-types";
import { CaseInsensitiveMap } from "../connector-api/options";

const kv = StructType([StructField("key", StringType()), StructField("value", StringType())]);

test("sink validation: Spark's messages for missing value / topic and wrong types", () => {
  const check = (schema: ReturnType<typeof StructType>, topic: string | undefined, re: RegExp) =>
    assert.throws(() => validateKafkaWriteSchema(schema, topic), (e: Error) => e instanceof AnalysisException && re.test(e.message));
  check(kv, undefined, /^topic option required when no 'topic' attribute is present\. Use the topic option for setting a topic\.$/);
  check(StructType([StructField("key", StringType())]), "t", /^Required attribute 'value' not found$/);
  check(StructType([StructField("value", LongType())]), "t", /^value attribute unsupported type bigint\. value must be a\(n\) string or binary$/);
  check(StructType([StructField("topic", IntegerType()), StructField("value", StringType())]), undefined, /^topic attribute unsupported type int\. topic must be a string$/);
  check(StructType([StructField("value", StringType()), StructField("partition", StringType())]), "t", /^partition attribute unsupported type string\. partition must be a\(n\) int$/);
  validateKafkaWriteSchema(StructType([StructField("value", BinaryType())]), "t");
  assert.throws(() => parseKafkaWriteOptions(new CaseInsensitiveMap({ topic: "t" })), (e: Error) => e instanceof IllegalArgumentException && /Missing required configuration "bootstrap.servers"/.test(e.message));
  assert.throws(() => parseKafkaWriteOptions(new CaseInsensitiveMap({ "kafka.bootstrap.servers": BOOTSTRAP, "kafka.value.serializer": "x" })), /Kafka option 'value.serializer' is not supported/);
});

test("sink round trip: streaming sink and batch writer, topic option over topic column, keys, headers, partitions", async () => {
  const client = testClient();
  const t1 = uniqueTopic("sink");
  const t2 = uniqueTopic("sink-col");
  try {
    await createTopic(client, t1, { partitions: 2, replicationFactor: 1 });
    await createTopic(client, t2, { partitions: 1, replicationFactor: 1 });
    const sink = new KafkaSink(new CaseInsensitiveMap({ "kafka.bootstrap.servers": BOOTSTRAP, TOPIC: t1 }));
    assert.match(sink.description, /^org\.apache\.spark\.sql\.kafka010\.KafkaSourceProvider\$KafkaTable@[0-9a-f]+$/);
    const schema = StructType([
      StructField("topic", StringType()),
      StructField("key", StringType()),
      StructField("value", StringType()),
      StructField("partition", IntegerType()),
      StructField("headers", ArrayType(StructType([StructField("key", StringType()), StructField("value", BinaryType())]))),
    ]);
    await sink.addBatch(0, schema, [
      ["ignored-topic", "Gryffindor", '{"n":1}', 1, [["h", Buffer.from("x")]]],
      ["ignored-topic", null, "no key", 0, null],
      ["ignored-topic", "Slytherin", null, 1, null],
    ], "append");
    await sink.stop();
    await sink.stop();
    const back = await readKafkaBatch(new CaseInsensitiveMap({ "kafka.bootstrap.servers": BOOTSTRAP, subscribe: t1, includeHeaders: "true" }));
    assert.deepEqual(
      back.rows.map((r) => [r[0] === null ? null : String(r[0]), r[1] === null ? null : String(r[1]), r[2], r[3]]),
      [
        [null, "no key", t1, 0],
        ["Gryffindor", '{"n":1}', t1, 1],
        ["Slytherin", null, t1, 1],
      ],
    );
    const h = back.rows[1][7] as [string, Buffer][];
    assert.deepEqual(h.map(([k, v]) => [k, String(v)]), [["h", "x"]]);

    // Batch writer with the topic column; 5,000 rows with binary values.
    const many = Array.from({ length: 5000 }, (_, i) => [t2, Buffer.from(`value-${i}`)]);
    await writeKafkaBatch(StructType([StructField("topic", StringType()), StructField("value", BinaryType())]), many, new CaseInsensitiveMap({
      "kafka.bootstrap.servers": BOOTSTRAP,
    }));
    const rows = (await readKafkaBatch(new CaseInsensitiveMap({ "kafka.bootstrap.servers": BOOTSTRAP, subscribe: t2 }))).rows;
    assert.equal(rows.length, 5000);
    assert.equal(String(rows[4999][1]), "value-4999");
    await assert.rejects(
      writeKafkaBatch(StructType([StructField("topic", StringType()), StructField("value", StringType())]), [[null, "x"]], new CaseInsensitiveMap({
        "kafka.bootstrap.servers": BOOTSTRAP,
      })),
      /null topic present in the data\. Use the topic option for setting a default topic\./,
    );
  } finally {
    await dropTopics(client, [t1, t2]);
    await client.close();
  }
});
