/**
 * `npm run services -- status|start|stop` (bin/iskra-services.js): the background process that keeps
 * the embedded Kafka broker and PostgreSQL running after the shell quits.
 *
 * - status: what runs where (broker bootstrap; PostgreSQL host, port, user, database — never the
 *   password) and whether each answers; exit code 0 when the process runs, 3 when it does not.
 * - start: starts the process (or finds it running), then prints the status.
 * - stop: shuts both down cleanly and deletes the state files; exit code 0 also when nothing ran.
 * - run: the process itself, in the foreground (what `start` and the shell launch, detached).
 */
import * as path from "node:path";
import { parseArgs } from "node:util";
import { embeddedKafkaPort, pgTarget } from "./services";
import { ensureServices, stopServices, waitForBackgroundPostgres } from "./service-client";
import { runServiceHost } from "./service-host";
import { logFile, runningState, tcpAnswers, type ServicesState } from "./service-state";

const ROOT = path.resolve(__dirname, "..", "..");

const USAGE = `Usage: npm run services -- status|start|stop

The shell (npm start) runs Iskra's embedded Kafka broker and the embedded PostgreSQL in a
background process, so they keep running after you quit (for npm run offsets, psql, the next shell).

  status   what runs where, and whether it answers
  start    start them without a shell (the broker only when nothing answers on its port);
           returns once PostgreSQL accepts connections
  stop     shut them down and delete their state files`;

function homeOf(env: NodeJS.ProcessEnv = process.env): string {
  return env.ISKRA_HOME ? path.resolve(env.ISKRA_HOME) : path.join(ROOT, ".iskra");
}

function rel(p: string): string {
  const r = path.relative(process.cwd(), p);
  return r && !r.startsWith("..") ? r : p;
}

/** The status text: one line per service, no password. */
async function describe(s: ServicesState, home: string): Promise<string> {
  const lines = [`Iskra's services: pid ${s.pid}, since ${s.startedAt.replace("T", " ").replace(/\.\d+Z$/, " UTC")} (log ${rel(logFile(home))})`];
  if (s.kafka) {
    const up = s.kafka.ready && (await tcpAnswers(s.kafka.host, s.kafka.port));
    const what = s.kafka.error ? `did not start: ${s.kafka.error}` : up ? "answers" : s.kafka.ready ? "does not answer" : "starting";
    lines.push(`  Kafka       bootstrap ${s.kafka.host}:${s.kafka.port}  Iskra's embedded broker, topics in ${rel(s.kafka.dataDir)} — ${what}`);
  }
  if (s.postgres) {
    const p = s.postgres;
    const up = p.ready && (await tcpAnswers(p.host, p.port));
    const what = p.error ? `did not start: ${p.error}` : up ? "answers" : p.ready ? "does not answer" : "starting";
    lines.push(`  PostgreSQL  host ${p.host} port ${p.port} user ${p.user} database ${p.database}, data in ${rel(p.dataDir)} — ${what}`);
    lines.push(`              psql -h ${p.host} -p ${p.port} -U ${p.user} ${p.database}`);
  }
  return lines.join("\n");
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const print = (s: string) => process.stdout.write(s + "\n");
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: {
      home: { type: "string" }, "kafka-port": { type: "string" }, postgres: { type: "boolean" }, help: { type: "boolean", short: "h" },
    } });
  } catch (e) {
    process.stderr.write(`services: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values: o, positionals } = parsed;
  const cmd = o.help ? "help" : positionals[0];
  if (positionals.length > 1) {
    process.stderr.write(`services: one command at a time, got ${positionals.join(" ")}\n\n${USAGE}\n`);
    return 2;
  }
  const home = o.home ? path.resolve(o.home) : homeOf(env);
  switch (cmd) {
    case "run": {
      const port = o["kafka-port"];
      const ok = await runServiceHost({ home, kafkaPort: port === undefined ? undefined : Number(port), postgres: o.postgres ?? false, env });
      return ok ? 0 : 0; // a second process finding one running is not an error
    }
    case "status": {
      const s = runningState(home);
      if (!s) {
        print("Iskra's services are not running (npm start or npm run services -- start starts them).");
        return 3;
      }
      print(await describe(s, home));
      return 0;
    }
    case "start": {
      const port = embeddedKafkaPort(env);
      const kafkaFree = !env.KAFKA_BOOTSTRAP_SERVERS?.trim() && env.ISKRA_EMBEDDED_KAFKA !== "0" && !(await tcpAnswers("127.0.0.1", port, 300));
      const pg = !pgTarget(env).external;
      if (!kafkaFree && !pg) {
        print("Nothing to run: Kafka answers at its address (or KAFKA_BOOTSTRAP_SERVERS names it) and PG_URL names the PostgreSQL.");
        return 0;
      }
      const r = await ensureServices(home, { kafkaPort: kafkaFree ? port : undefined, postgres: pg }, env);
      if (!r) {
        print(`The services process did not start; see ${rel(logFile(home))}.`);
        return 1;
      }
      if (r.reused) print("Already running.");
      let state = r.state;
      if (state.postgres) state = await waitForBackgroundPostgres(home, state.pid).catch(() => runningState(home) ?? state);
      print(await describe(state, home));
      return 0;
    }
    case "stop": {
      const s = await stopServices(home);
      if (!s) print("Iskra's services were not running.");
      else {
        const what = [s.kafka && `the Kafka broker (${s.kafka.host}:${s.kafka.port})`, s.postgres && `PostgreSQL (${s.postgres.host}:${s.postgres.port})`].filter(Boolean).join(" and ");
        print(`Stopped ${what || "the services process"} (pid ${s.pid}).`);
      }
      return 0;
    }
    default:
      print(USAGE);
      return cmd === "help" ? 0 : 2;
  }
}
