/**
 * Runs Iskra's embedded Kafka broker (src/connectors/kafka/embedded) in the foreground:
 *
 *   npm run kafka-embedded                                # 127.0.0.1:9092, in memory
 *   npm run kafka-embedded -- --port 9093 --data-dir data/kafka
 *
 * One banner line, then the broker's own log lines (topics created, refused requests); Ctrl+C stops it.
 */
import { startEmbeddedKafka, type EmbeddedKafkaOptions } from "../../src/connectors/kafka/embedded";
import { intOption, parseCli } from "./cli";

const USAGE = `Usage: npm run kafka-embedded -- [--port 9092] [--host 127.0.0.1] [--data-dir DIR] [--partitions 1]
                                 [--retention-bytes N] [--no-auto-create]

Starts a Kafka broker written in TypeScript, inside this process (nothing but Node needed).

  --port <n>              port to listen on (default 9092; 0 picks a free one)
  --host <address>        interface to listen on (default 127.0.0.1)
  --data-dir <dir>        keep topics, records and committed offsets in this directory (default: memory only)
  --partitions <n>        partitions of auto-created topics (default 1)
  --retention-bytes <n>   keep about n bytes per partition at most, dropping the oldest (default: keep all)
  --no-auto-create        do not create topics that producers name but do not exist`;

function parse(argv: string[]): EmbeddedKafkaOptions {
  const { values: v } = parseCli(argv, {
    name: "kafka-embedded",
    usage: USAGE,
    options: {
      port: { type: "string" }, host: { type: "string" }, "data-dir": { type: "string" }, partitions: { type: "string" },
      "retention-bytes": { type: "string" }, "no-auto-create": { type: "boolean" },
    },
  });
  const int = (flag: "port" | "partitions" | "retention-bytes", min: number) => intOption(v[flag], flag, min, USAGE, "kafka-embedded");
  const o: EmbeddedKafkaOptions = {};
  if (v.port !== undefined) o.port = int("port", 0);
  if (v.host !== undefined) o.host = v.host;
  if (v["data-dir"] !== undefined) o.dataDir = v["data-dir"];
  if (v.partitions !== undefined) o.defaultPartitions = int("partitions", 1);
  if (v["retention-bytes"] !== undefined) o.retentionBytes = int("retention-bytes", 1);
  if (v["no-auto-create"]) o.autoCreateTopics = false;
  return o;
}

async function main(argv: string[]): Promise<void> {
  const options = parse(argv);
  const stamp = () => new Date().toISOString().slice(11, 23);
  let kafka;
  try {
    kafka = await startEmbeddedKafka({ ...options, log: (line) => process.stderr.write(`[${stamp()}] ${line}\n`) });
  } catch (e) {
    process.stderr.write(`kafka-embedded: ${(e as Error).message}\n`);
    process.exit(1);
  }
  const where = options.dataDir ? `data in ${options.dataDir}` : "in memory";
  process.stdout.write(`Embedded Kafka broker listening on ${kafka.bootstrapServers} (${where}); Ctrl+C stops it\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void kafka!.stop().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (require.main === module) void main(process.argv.slice(2));
