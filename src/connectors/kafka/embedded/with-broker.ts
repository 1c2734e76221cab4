/**
 * Runs a command with an embedded broker started for it, KAFKA_BOOTSTRAP_SERVERS pointing at it:
 *
 *   node -r ts-node/register/transpile-only src/connectors/kafka/embedded/with-broker.ts \
 *     [--port 0] [--data-dir DIR] [--log FILE] -- node scripts/run-tests.js src/connectors/kafka/client.test.ts
 *
 * Exits with the command's exit code. This is how the project's existing Kafka tests are run
 * against the embedded broker (scripts/run-tests.js then starts only PostgreSQL).
 */
import * as fs from "node:fs";
import { spawn } from "node:child_process";
import { startEmbeddedKafka } from "./index";

async function main(argv: string[]): Promise<number> {
  const sep = argv.indexOf("--");
  const own = sep < 0 ? [] : argv.slice(0, sep);
  const command = sep < 0 ? argv : argv.slice(sep + 1);
  if (command.length === 0) {
    process.stderr.write("usage: with-broker.ts [--port N] [--data-dir DIR] [--log FILE] -- <command> [args...]\n");
    return 2;
  }
  const opt = (name: string) => {
    const i = own.indexOf(name);
    return i >= 0 ? own[i + 1] : undefined;
  };
  const logFile = opt("--log");
  const log = logFile ? (line: string) => fs.appendFileSync(logFile, `${new Date().toISOString()} ${line}\n`) : (line: string) => process.stderr.write(`embedded-kafka: ${line}\n`);
  const kafka = await startEmbeddedKafka({ port: Number(opt("--port") ?? 0), dataDir: opt("--data-dir"), log });
  process.stderr.write(`embedded Kafka broker at ${kafka.bootstrapServers}\n`);
  try {
    return await new Promise<number>((resolve) => {
      const child = spawn(command[0], command.slice(1), {
        stdio: "inherit",
        env: { ...process.env, KAFKA_BOOTSTRAP_SERVERS: kafka.bootstrapServers },
      });
      child.on("error", (e) => {
        process.stderr.write(`cannot run ${command[0]}: ${e.message}\n`);
        resolve(127);
      });
      child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    });
  } finally {
    await kafka.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  },
);
