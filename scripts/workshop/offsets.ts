/**
 * kafka.tools.GetOffsetShell for Iskra: offsets per partition, printed as `topic:partition:offset`.
 *
 *   npm run offsets -- --broker-list 127.0.0.1:9092 --topic kafka-input --time -1
 *   npm run offsets -- --bootstrap-server 127.0.0.1:9092 --topic kafka-input --time -2
 *
 * --time: -1 (or latest) = end offsets, -2 (or earliest) = first offsets, or a timestamp in ms
 * (the first offset whose record timestamp is at or after it). Default -1.
 */
import { KafkaClient } from "../../src/connectors/kafka/client";
import { listTopics } from "../../src/connectors/kafka/admin";
import { fetchOffsets, topicPartitions, type TopicPartition } from "../../src/connectors/kafka/offsets";
import { parseToolArgs, ToolUsageError } from "./cli";

const USAGE = `Usage: npm run offsets -- --bootstrap-server HOST:PORT [--topic TOPIC] [--partitions 0,1] [--time -1|-2|TIMESTAMP]

Prints the offsets of topic partitions, one "topic:partition:offset" line each (kafka.tools.GetOffsetShell).

  --bootstrap-server <host:port>   the broker (--broker-list is accepted too; default
                                   $KAFKA_BOOTSTRAP_SERVERS or 127.0.0.1:9092)
  --topic <name>                   a topic, or a regular expression (default: all topics)
  --partitions <list>              comma-separated partition ids (default: all)
  --time <t>                       -1 or latest (default): the end offset, -2 or earliest: the first
                                   offset, or a timestamp in ms since the epoch
  --exclude-internal-topics        leave out __consumer_offsets and other internal topics
  --help                           this text

Example (the workshop's step 49):
  npm run offsets -- --broker-list 127.0.0.1:9092 --topic kafka-input --time -1`;


interface Args {
  bootstrap: string;
  topic?: string;
  partitions?: number[];
  time: number;
  excludeInternal: boolean;
  help: boolean;
}

export function parseOffsetsArgs(argv: string[]): Args {
  const { values: v } = parseToolArgs(argv, {
    "bootstrap-server": { type: "string" }, "broker-list": { type: "string" }, topic: { type: "string" },
    partitions: { type: "string" }, time: { type: "string" }, "exclude-internal-topics": { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  const a: Args = {
    bootstrap: v["bootstrap-server"] ?? v["broker-list"] ?? process.env.KAFKA_BOOTSTRAP_SERVERS ?? "127.0.0.1:9092",
    topic: v.topic,
    time: -1,
    excludeInternal: v["exclude-internal-topics"] ?? false,
    help: v.help ?? false,
  };
  if (v.partitions !== undefined) {
    if (!/^\d+(,\d+)*$/.test(v.partitions)) throw new ToolUsageError(`Invalid --partitions '${v.partitions}': expected e.g. 0,1,2`);
    a.partitions = v.partitions.split(",").map(Number);
  }
  if (v.time !== undefined) {
    const t = v.time.toLowerCase();
    if (t === "latest") a.time = -1;
    else if (t === "earliest") a.time = -2;
    else if (/^-?\d+$/.test(t) && (Number(t) >= 0 || t === "-1" || t === "-2")) a.time = Number(t);
    else throw new ToolUsageError(`Malformed time argument ${t}. Please use -1 or latest, -2 or earliest, or a timestamp in ms`);
  }
  return a;
}

async function offsetsAt(client: KafkaClient, tps: TopicPartition[], time: number): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (time === -1 || time === -2) {
    const m = await fetchOffsets(client, tps, time === -1 ? "latest" : "earliest");
    for (const tp of tps) {
      const o = m[tp.topic]?.[String(tp.partition)];
      if (o !== undefined) out.set(`${tp.topic}:${tp.partition}`, o);
    }
    return out;
  }
  const admin = await client.admin();
  for (const topic of [...new Set(tps.map((t) => t.topic))]) {
    const res = await client.run("read offsets by timestamp", () => admin.fetchTopicOffsetsByTimestamp(topic, time));
    for (const r of res) out.set(`${topic}:${r.partition}`, Number(r.offset));
  }
  return out;
}

export async function getOffsetLines(argv: string[]): Promise<string[]> {
  const a = parseOffsetsArgs(argv);
  const client = new KafkaClient({ bootstrapServers: a.bootstrap, clientId: "iskra-offsets" });
  try {
    let names = await listTopics(client, { excludeInternal: a.excludeInternal });
    if (a.topic !== undefined) {
      let re: RegExp | undefined;
      try {
        re = new RegExp(`^(?:${a.topic})$`);
      } catch {
        re = undefined;
      }
      const t = a.topic;
      names = names.filter((n) => n === t || (re !== undefined && re.test(n)));
    }
    let tps = await topicPartitions(client, names);
    if (a.partitions) tps = tps.filter((tp) => a.partitions!.includes(tp.partition));
    const offsets = await offsetsAt(client, tps, a.time);
    return tps.filter((tp) => offsets.has(`${tp.topic}:${tp.partition}`)).map((tp) => `${tp.topic}:${tp.partition}:${offsets.get(`${tp.topic}:${tp.partition}`)}`);
  } finally {
    await client.close();
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  try {
    if (parseOffsetsArgs(argv).help) {
      process.stdout.write(USAGE + "\n");
      return;
    }
    const lines = await getOffsetLines(argv);
    if (lines.length) process.stdout.write(lines.join("\n") + "\n");
  } catch (e) {
    if (e instanceof ToolUsageError) {
      process.stderr.write(`${e.message}\n\n${USAGE}\n`);
      process.exit(2);
    }
    process.stderr.write(`Error occurred: ${(e as Error).message}\n`);
    process.exit(1);
  }
}

if (require.main === module) void main();
