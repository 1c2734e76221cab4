/**
 * kafka-topics.sh for Iskra, with the same flags:
 *
 *   npm run topics -- --bootstrap-server 127.0.0.1:9092 --list
 *   npm run topics -- --bootstrap-server 127.0.0.1:9092 --create --topic kafka-input --partitions 3 --replication-factor 1
 *   npm run topics -- --bootstrap-server 127.0.0.1:9092 --delete --topic kafka-input
 *   npm run topics -- --bootstrap-server 127.0.0.1:9092 --describe [--topic kafka-input]
 *
 * --bootstrap-server defaults to $KAFKA_BOOTSTRAP_SERVERS, then 127.0.0.1:9092.
 */
import { KafkaClient } from "../../src/connectors/kafka/client";
import { createPartitions, createTopic, deleteTopics, describeTopics, KafkaAdminError, listTopics } from "../../src/connectors/kafka/admin";
import { parseToolArgs, ToolUsageError } from "./cli";

const USAGE = `Usage: npm run topics -- [--bootstrap-server HOST:PORT] (--list | --create | --delete | --describe | --alter) [options]

Create, delete, describe or list Kafka topics (the flags of kafka-topics.sh).

  --bootstrap-server <host:port>   the broker (default $KAFKA_BOOTSTRAP_SERVERS or 127.0.0.1:9092)
  --list                           list all topics
  --create                         create a topic (needs --topic)
  --delete                         delete a topic (needs --topic); waits until it is gone
  --describe                       describe a topic (--topic) or all topics
  --alter                          change the number of partitions (--topic, --partitions)
  --topic <name>                   the topic (a regular expression for --list/--describe/--delete)
  --partitions <n>                 number of partitions (--create, --alter)
  --replication-factor <n>         replication factor (--create)
  --config <name=value>            a topic config override (--create), may repeat
  --if-not-exists                  --create: do nothing when the topic exists
  --if-exists                      --delete/--describe: do nothing when the topic does not exist
  --exclude-internal               leave out internal topics (__consumer_offsets, ...)
  --help                           this text

Examples:
  npm run topics -- --bootstrap-server 127.0.0.1:9092 --list
  npm run topics -- --bootstrap-server 127.0.0.1:9092 --create --topic kafka-input --partitions 3 --replication-factor 1`;

const FLAGS = ["list", "create", "delete", "describe", "alter", "if-not-exists", "if-exists", "exclude-internal", "help"] as const;
const VALUED = ["bootstrap-server", "topic", "partitions", "replication-factor", "config"] as const;
const OPTIONS = Object.fromEntries([
  ...FLAGS.map((f) => [f, { type: "boolean" as const, ...(f === "help" ? { short: "h" } : {}) }]),
  ...VALUED.map((v) => [v, { type: "string" as const, multiple: true }]),
]);

export interface TopicArgs {
  flags: Set<string>;
  values: Map<string, string[]>;
}

/** The command line as kafka-topics.sh reads it: `--flag`s and `--option value`s (keys with their dashes). */
export function parseArgs(argv: string[]): TopicArgs {
  const { values: v } = parseToolArgs(argv, OPTIONS);
  const flags = new Set<string>();
  const values = new Map<string, string[]>();
  for (const [k, x] of Object.entries(v as Record<string, boolean | string[] | undefined>)) {
    if (x === true) flags.add(`--${k}`);
    else if (Array.isArray(x)) values.set(`--${k}`, x);
  }
  return { flags, values };
}

function one(args: TopicArgs, name: string): string | undefined {
  return args.values.get(name)?.[0];
}

function intArg(args: TopicArgs, name: string): number | undefined {
  const v = one(args, name);
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v)) throw new ToolUsageError(`Cannot parse argument '${v}' of option ${name.slice(2)}`);
  return Number(v);
}

function matcher(topic: string): (name: string) => boolean {
  try {
    const re = new RegExp(`^(?:${topic})$`);
    return (n) => n === topic || re.test(n);
  } catch {
    return (n) => n === topic;
  }
}

async function run(argv: string[], out: (s: string) => void): Promise<void> {
  const args = parseArgs(argv);
  if (args.flags.has("--help") || args.flags.has("-h") || argv.length === 0) {
    out(USAGE);
    return;
  }
  const actions = ["--list", "--create", "--delete", "--describe", "--alter"].filter((a) => args.flags.has(a));
  if (actions.length !== 1)
    throw new ToolUsageError("Command must include exactly one action: --list, --describe, --create, --alter or --delete");
  const bootstrap = one(args, "--bootstrap-server") ?? process.env.KAFKA_BOOTSTRAP_SERVERS ?? "127.0.0.1:9092";
  const topic = one(args, "--topic");
  const client = new KafkaClient({ bootstrapServers: bootstrap, clientId: "iskra-topics" });
  try {
    const all = async () => listTopics(client, { excludeInternal: args.flags.has("--exclude-internal") });
    switch (actions[0]) {
      case "--list": {
        const names = await all();
        for (const n of topic ? names.filter(matcher(topic)) : names) out(n);
        return;
      }
      case "--create": {
        if (!topic) throw new ToolUsageError('Missing required argument "[topic]"');
        const configs: Record<string, string> = {};
        for (const c of args.values.get("--config") ?? []) {
          const i = c.indexOf("=");
          if (i <= 0) throw new ToolUsageError(`Invalid config '${c}': expected name=value`);
          configs[c.slice(0, i)] = c.slice(i + 1);
        }
        const created = await createTopic(client, topic, {
          partitions: intArg(args, "--partitions"),
          replicationFactor: intArg(args, "--replication-factor"),
          configs,
          ifNotExists: args.flags.has("--if-not-exists"),
        });
        if (created) out(`Created topic ${topic}.`);
        return;
      }
      case "--delete": {
        if (!topic) throw new ToolUsageError('Missing required argument "[topic]"');
        const names = (await all()).filter(matcher(topic));
        if (names.length === 0) {
          if (args.flags.has("--if-exists")) return;
          throw new KafkaAdminError(`Topic '${topic}' does not exist as expected`, "IllegalArgumentException");
        }
        await deleteTopics(client, names);
        return;
      }
      case "--alter": {
        if (!topic) throw new ToolUsageError('Missing required argument "[topic]"');
        const n = intArg(args, "--partitions");
        if (n === undefined) throw new ToolUsageError("--alter needs --partitions");
        await createPartitions(client, topic, n);
        return;
      }
      case "--describe": {
        let names = await all();
        if (topic) names = names.filter(matcher(topic));
        else names = names.filter((n) => !n.startsWith("__") || !args.flags.has("--exclude-internal"));
        if (topic && names.length === 0) {
          if (args.flags.has("--if-exists")) return;
          throw new KafkaAdminError(`Topic '${topic}' does not exist as expected`, "IllegalArgumentException");
        }
        for (const d of await describeTopics(client, names)) {
          const configs = Object.entries(d.configs).map(([k, v]) => `${k}=${v}`).join(",");
          out(`Topic: ${d.name}\tPartitionCount: ${d.partitions.length}\tReplicationFactor: ${d.replicationFactor}\tConfigs: ${configs}`);
          for (const p of d.partitions) {
            const offline = p.offlineReplicas.length ? `\tOffline: ${p.offlineReplicas.join(",")}` : "";
            out(
              `\tTopic: ${d.name}\tPartition: ${p.partition}\tLeader: ${p.leader < 0 ? "none" : p.leader}\tReplicas: ${p.replicas.join(",")}\tIsr: ${p.isr.join(",")}${offline}`,
            );
          }
        }
        return;
      }
    }
  } finally {
    await client.close();
  }
}

async function main(): Promise<void> {
  try {
    await run(process.argv.slice(2), (s) => process.stdout.write(s + "\n"));
  } catch (e) {
    if (e instanceof ToolUsageError) {
      process.stderr.write(`${e.message}\n\n${USAGE}\n`);
      process.exit(2);
    }
    const err = e as Error & { kafkaException?: string };
    process.stderr.write(`Error while executing topic command : ${err.message}\n`);
    if (err.kafkaException) {
      const pkg = err.kafkaException === "IllegalArgumentException" ? "java.lang" : "org.apache.kafka.common.errors";
      process.stderr.write(`ERROR ${pkg}.${err.kafkaException}: ${err.message}\n`);
    }
    process.exit(1);
  }
}

if (require.main === module) void main();

