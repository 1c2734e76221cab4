/**
 * `npm run lesson -- N --pyspark`: lesson N in Iskra and its PySpark export in real PySpark 3.5, on
 * the same inputs and a fresh PostgreSQL database; prints both sides where they differ. Exit 0 only
 * when identical; 2 when PySpark is missing (with how to install it).
 */
import * as path from "node:path";
import { INSTALL_HINT, findPySpark, pgQuery, sideBySide } from "../src/export/side-by-side";
import { pgTarget } from "../src/repl/services";

/** The PostgreSQL tables each lesson writes. */
const TABLES: Record<string, string[]> = { "1": [], "2": ["housestats"], "3": [], "4": ["housestats", "housestats_log"] };

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
  if (!process.env.PG_URL) {
    process.stderr.write("Set PG_URL to a PostgreSQL the comparison may create a database in (postgres://user:password@host:port/db).\n");
    return 2;
  }
  const pg = pgTarget();
  const database = `iskra_pyspark_${process.pid}`;
  await pgQuery(process.env.PG_URL, `create database ${database}`);
  const u = new URL(process.env.PG_URL);
  u.pathname = `/${database}`;
  try {
    process.stdout.write(`PySpark ${pyspark.version} (${pyspark.python}); PostgreSQL ${pg.host}:${pg.port}/${database}\n`);
    const r = await sideBySide({ lesson: Number(lesson), pgUrl: u.toString(), tables: TABLES[lesson], pyspark, root: path.resolve(__dirname, "..") });
    process.stdout.write(`Iskra printed ${r.iskra.length} Spark blocks, PySpark ${r.pyspark.length}.\n`);
    if (r.identical) {
      process.stdout.write(`Lesson ${lesson}: Iskra and PySpark are identical.\n`);
      return 0;
    }
    process.stdout.write(r.diff.join("\n\n") + `\nLesson ${lesson}: Iskra and PySpark differ.\n`);
    return 1;
  } finally {
    await pgQuery(process.env.PG_URL, `drop database if exists ${database} with (force)`);
  }
}
