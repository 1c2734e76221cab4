/**
 * `npm run lesson -- N --pyspark`: lesson N in Iskra and its PySpark export in real PySpark 3.5, on
 * the same inputs (socket lines, a fresh Kafka topic with the same records), each side in a fresh
 * PostgreSQL database; prints both sides where they differ. Exit 0 only when identical; 2 when
 * PySpark is missing (with how to install it). Lesson 2 (batch) runs its export to the end
 * (src/export/side-by-side.ts); the streaming lessons 1, 3 and 4 run both sides at once, fed and
 * stopped by the runner (scripts/side-by-side/streams.ts).
 */
import * as path from "node:path";
import { INSTALL_HINT, findPySpark, pgQuery, sideBySide } from "../../src/export/side-by-side";
import { Services, embeddedKafkaPort, type PgTarget } from "../../src/repl/services";
import { streamSideBySide } from "../side-by-side/streams";

/** The PostgreSQL tables each lesson writes. */
const TABLES: Record<string, string[]> = { "1": [], "2": ["housestats"], "3": [], "4": ["housestats", "housestats_log", "iskra_batch_ledger"] };

export async function lessonSideBySide(lesson: string): Promise<number> {
  const pyspark = findPySpark();
  if (!pyspark) {
    process.stderr.write(INSTALL_HINT + "\n");
    return 2;
  }
  if (!(lesson in TABLES)) {
    process.stderr.write(`--pyspark needs a lesson number (${Object.keys(TABLES).join(", ")}).\n`);
    return 2;
  }
  // Without PG_URL and KAFKA_BOOTSTRAP_SERVERS: the shell's embedded PostgreSQL (and broker), as `npm run lesson -- N` uses them.
  const services = new Services(process.env);
  try {
    const home = process.env.ISKRA_HOME ? path.resolve(process.env.ISKRA_HOME) : path.resolve(__dirname, "..", ".iskra");
    if (!process.env.PG_URL) {
      process.stdout.write(`PostgreSQL: ${services.describePg()}…\n`);
      await services.startPostgres();
    }
    if (!(await services.probeKafka(1000)) && services.canEmbedKafka()) await services.startEmbeddedKafka(home, embeddedKafkaPort());
    return await compare(lesson, pyspark, services);
  } finally {
    await services.stop();
  }
}

/** The admin URL of the PostgreSQL the comparison creates its two databases in. */
function adminUrl(pg: PgTarget): string {
  if (process.env.PG_URL) return process.env.PG_URL;
  const u = new URL("postgres://localhost");
  u.hostname = pg.host;
  u.port = String(pg.port);
  u.username = encodeURIComponent(pg.user);
  u.password = encodeURIComponent(pg.password);
  u.pathname = `/${pg.database}`;
  return u.toString();
}

async function compare(lesson: string, pyspark: NonNullable<ReturnType<typeof findPySpark>>, services: Services): Promise<number> {
  const pg = services.pg;
  const admin = adminUrl(pg);
  const databases = { iskra: `iskra_sbs_iskra_${process.pid}`, pyspark: `iskra_sbs_pyspark_${process.pid}` };
  const urls = { iskra: "", pyspark: "" };
  for (const side of ["iskra", "pyspark"] as const) {
    await pgQuery(admin, `create database ${databases[side]}`);
    const u = new URL(admin);
    u.pathname = `/${databases[side]}`;
    urls[side] = u.toString();
  }
  try {
    process.stdout.write(`PySpark ${pyspark.version} (${pyspark.python}); PostgreSQL ${pg.host}:${pg.port}/${databases.iskra}, /${databases.pyspark}\n`);
    const root = path.resolve(__dirname, "..", "..");
    const kafkaBootstrap = services.kafkaBootstrap;
    const r =
      lesson === "2"
        ? await sideBySide({ lesson: 2, pgUrl: urls.pyspark, tables: TABLES[lesson], pyspark, root })
        : await streamSideBySide({ lesson: Number(lesson), pgUrls: urls, tables: TABLES[lesson], pyspark, root, kafkaBootstrap });
    process.stdout.write(`Iskra printed ${r.iskra.length} Spark blocks, PySpark ${r.pyspark.length}.\n`);
    if (r.identical) {
      process.stdout.write(`Lesson ${lesson}: Iskra and PySpark are identical.\n`);
      return 0;
    }
    process.stdout.write(r.diff.join("\n\n") + `\nLesson ${lesson}: Iskra and PySpark differ.\n`);
    return 1;
  } finally {
    for (const db of Object.values(databases)) await pgQuery(admin, `drop database if exists ${db} with (force)`);
  }
}
