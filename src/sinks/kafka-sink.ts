/**
 * Spark's Kafka sink (`writeStream.format("kafka")`) and batch writer (`write.format("kafka")`).
 *
 * Columns (KafkaWriter.validateQuery): `value` (required, string or binary), `key` (optional,
 * string or binary), `topic` (string; required unless the `topic` option is set, and the option
 * wins over the column), `partition` (int, optional), `headers` (array<struct<key:string,
 * value:binary>>, optional). Errors are Spark's texts, as AnalysisException.
 *
 * Records go out in large batches (record-writer.ts: RecordBatch v2 up to 900 KiB, acks=all);
 * at-least-once, as Spark's sink.
 */
import { AnalysisException, SparkException } from "../errors";
import type { InternalRow } from "../connector-api/source";
import type { OutputMode, Sink } from "../connector-api/sink";
import type { DataType, StructTypeClass } from "../types/data-types";
import { KafkaClient } from "../connectors/kafka/client";
import { parseKafkaWriteOptions, type KafkaWriteOptions } from "../connectors/kafka/options";
import type { CaseInsensitiveMap } from "../connector-api/options";
import { produceRecords, type Bytes, type OutRecord } from "../connectors/kafka/record-writer";

const HEADERS_TYPE = "array<struct<key:string,value:binary>>";

interface ColumnPlan {
  topic: number; // column index, or -1 when the option gives it
  key: number;
  value: number;
  partition: number;
  headers: number;
}

function typeName(t: DataType): string {
  return t.simpleString();
}

/**
 * KafkaWriter.validateQuery: checks the columns a Kafka write needs, with Spark's messages.
 * Returns where each column is.
 */
export function validateKafkaWriteSchema(schema: StructTypeClass, topicOption?: string): ColumnPlan {
  const idx = (name: string) => schema.fields.findIndex((f) => f.name === name);
  const check = (name: string, desired: string[], article: boolean) => {
    const i = idx(name);
    if (i < 0) return i;
    const t = typeName(schema.fields[i].dataType);
    if (!desired.includes(t))
      throw new AnalysisException(
        `${name} attribute unsupported type ${t}. ${name} must be a${article ? "(n)" : ""} ${desired.join(" or ")}`,
      );
    return i;
  };
  let topic = -1;
  if (topicOption === undefined) {
    topic = idx("topic");
    if (topic < 0)
      throw new AnalysisException(
        "topic option required when no 'topic' attribute is present. Use the topic option for setting a topic.",
      );
    const t = typeName(schema.fields[topic].dataType);
    if (t !== "string") throw new AnalysisException(`topic attribute unsupported type ${t}. topic must be a string`);
  }
  const key = check("key", ["string", "binary"], true);
  const value = check("value", ["string", "binary"], true);
  if (value < 0) throw new AnalysisException("Required attribute 'value' not found");
  const headers = check("headers", [HEADERS_TYPE], true);
  const partition = check("partition", ["int"], true);
  return { topic, key, value, partition, headers };
}

function toBytes(v: unknown): Bytes {
  if (v === null || v === undefined) return null;
  if (typeof v === "string") return v;
  if (Buffer.isBuffer(v)) return v;
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  return String(v);
}

function toHeaders(v: unknown): [string, Bytes][] | undefined {
  if (!Array.isArray(v) || v.length === 0) return undefined;
  const out: [string, Bytes][] = [];
  for (const h of v as unknown[][]) if (h) out.push([String(h[0]), toBytes(h[1])]);
  return out;
}

/** Writes rows to Kafka with a client the caller owns. Returns the number of records sent. */
async function writeRowsToKafka(
  client: KafkaClient,
  schema: StructTypeClass,
  rows: InternalRow[],
  topicOption?: string,
): Promise<number> {
  const plan = validateKafkaWriteSchema(schema, topicOption);
  if (rows.length === 0) return 0;
  const byTopic = new Map<string, OutRecord[]>();
  for (const row of rows) {
    const topic = topicOption ?? (row[plan.topic] as string | null);
    if (topic === null || topic === undefined)
      throw new SparkException("null topic present in the data. Use the topic option for setting a default topic.");
    const rec: OutRecord = { key: plan.key >= 0 ? toBytes(row[plan.key]) : null, value: toBytes(row[plan.value]) };
    if (plan.partition >= 0 && row[plan.partition] !== null && row[plan.partition] !== undefined) rec.partition = row[plan.partition] as number;
    if (plan.headers >= 0) {
      const h = toHeaders(row[plan.headers]);
      if (h) rec.headers = h;
    }
    let list = byTopic.get(topic);
    if (!list) byTopic.set(topic, (list = []));
    list.push(rec);
  }
  let sent = 0;
  for (const [topic, records] of byTopic) sent += await produceRecords(client, topic, records, { acks: -1 });
  return sent;
}

/** `df.write.format("kafka").options(...).save()`: validates, sends every row, closes its client. */
export async function writeKafkaBatch(
  schema: StructTypeClass,
  rows: InternalRow[],
  options: CaseInsensitiveMap,
): Promise<void> {
  const o = parseKafkaWriteOptions(options);
  validateKafkaWriteSchema(schema, o.topic);
  const client = new KafkaClient({ bootstrapServers: o.bootstrapServers });
  try {
    await writeRowsToKafka(client, schema, rows, o.topic);
  } finally {
    await client.close();
  }
}

function hashHex(): string {
  return Math.floor(Math.random() * 0x7fffffff).toString(16);
}

/** The streaming sink. One producer for the query's lifetime. */
export class KafkaSink implements Sink {
  /** Spark 3.x prints the V2 table object here. */
  readonly description = `org.apache.spark.sql.kafka010.KafkaSourceProvider$KafkaTable@${hashHex()}`;
  readonly options: KafkaWriteOptions;
  private client?: KafkaClient;

  constructor(options: CaseInsensitiveMap) {
    this.options = parseKafkaWriteOptions(options);
  }

  /** Checks the query's output columns before it starts (Spark does this at start()). */
  validate(schema: StructTypeClass): void {
    validateKafkaWriteSchema(schema, this.options.topic);
  }

  async addBatch(_batchId: number, schema: StructTypeClass, rows: InternalRow[], _mode: OutputMode): Promise<void> {
    if (!this.client || this.client.isClosed) this.client = new KafkaClient({ bootstrapServers: this.options.bootstrapServers });
    await writeRowsToKafka(this.client, schema, rows, this.options.topic);
  }

  async stop(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (c) await c.close();
  }
}

/** Factory for writeStream.format("kafka"). */
export function createKafkaSink(options: CaseInsensitiveMap): KafkaSink {
  return new KafkaSink(options);
}
