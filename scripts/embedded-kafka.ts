/**
 * Runs Iskra's embedded Kafka broker (src/connectors/kafka/embedded) in the foreground:
 *
 *   npm run kafka-embedded                                # 127.0.0.1:9092, in memory
 *   npm run kafka-embedded -- --port 9093 --data-dir data/kafka
 *
 * One banner line, then the broker's own log lines (topics created, refused requests); Ctrl+C stops it.
 */
import { startEmbeddedKafka, type EmbeddedKafkaOptions } from "../src/connectors/kafka/embedded";

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
  const o: EmbeddedKafkaOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) fail(`${a} needs a value`);
      return v;
    };
    const int = (min: number) => {
      const v = value();
      if (!/^\d+$/.test(v) || Number(v) < min) fail(`${a} must be an integer ≥ ${min}, got '${v}'`);
      return Number(v);
    };
    if (a === "--port") o.port = int(0);
    else if (a === "--host") o.host = value();
    else if (a === "--data-dir") o.dataDir = value();
    else if (a === "--partitions") o.defaultPartitions = int(1);
    else if (a === "--retention-bytes") o.retentionBytes = int(1);
    else if (a === "--no-auto-create") o.autoCreateTopics = false;
    else fail(`${a} is not a recognized option`);
  }
  return o;
}

function fail(message: string): never {
  process.stderr.write(`kafka-embedded: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(USAGE + "\n");
    return;
  }
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
