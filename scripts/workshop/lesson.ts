/**
 * Replays a lesson without a person, in the same evaluator as the shell:
 *
 *   npm run lesson -- 1              lesson 1 (lessons/01-*.ts)
 *   npm run lesson -- 2 --lang pl    narrated in Polish
 *   npm run lesson -- 2 --pyspark    side by side with real PySpark 3.5 (scripts/workshop/lesson-pyspark.ts)
 *   npm run lesson -- my-session.ts  an exported session (`.export FILE`) or any lesson-format file
 *
 * Each step prints its narration, its code as a transcript and the output; "your turn" steps run
 * their solution and then their checker. Exits 0 when every step worked, 1 at the first failure.
 * PostgreSQL: PG_URL, else the embedded server on 127.0.0.1:8432 (started and stopped here unless a
 * running shell already has it). Kafka: KAFKA_BOOTSTRAP_SERVERS, else 127.0.0.1:9092.
 */
import * as path from "node:path";
import { loadLesson, lessonFiles } from "../../src/repl/lessons";
import { errorHeadline } from "../../src/repl/format";
import type { Output } from "../../src/repl/output";
import { Shell } from "../../src/repl/shell";
import type { Lang } from "../../lessons/lesson-format";

import { parseCli } from "./cli";
const USAGE = `Usage: npm run lesson -- <N | FILE> [--lang en|pl] [--pyspark]

Replays lesson N (${lessonFiles().map((l) => l.id).join(", ") || "none found"}) or a lesson-format file (e.g. an .export of the shell).`;

/** stdout, remembering everything printed (the replay checks expected output in it). */
class TeeOutput implements Output {
  private readonly chunks: string[] = [];
  readonly colors: boolean;
  constructor(private readonly stream: NodeJS.WriteStream) {
    this.colors = Boolean(stream.isTTY) && !process.env.NO_COLOR;
  }
  print(text: string): void {
    this.chunks.push(text);
    this.stream.write(text);
  }
  get columns(): number {
    return this.stream.columns ?? 100;
  }
  text(): string {
    // eslint-disable-next-line no-control-regex
    return this.chunks.join("").replace(/\x1b\[[0-9;]*m/g, "");
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals: refs } = parseCli(argv, {
    name: "lesson", usage: USAGE, allowPositionals: true, options: { lang: { type: "string" }, pyspark: { type: "boolean" } },
  });
  const lang: Lang = (values.lang ?? process.env.ISKRA_LANG) === "pl" ? "pl" : "en";
  const pyspark = values.pyspark === true;
  if (refs.length !== 1) {
    process.stderr.write(USAGE + "\n");
    return 2;
  }
  if (pyspark) return (await import("./lesson-pyspark")).lessonSideBySide(refs[0]);
  const out = new TeeOutput(process.stdout);
  const shell = new Shell({ output: out, interactive: false, lang });
  let failed = false;
  process.on("unhandledRejection", (e) => {
    failed = true;
    out.print(shell.c.red(`Unhandled promise rejection: ${errorHeadline(e)}`) + "\n");
  });
  const abort = new AbortController();
  process.on("SIGINT", () => {
    abort.abort();
    void shell.close().finally(() => process.exit(130));
  });

  let ok = false;
  try {
    // npm runs scripts in the project folder; a relative FILE means the caller's folder (INIT_CWD).
    const ref = /^\d+$/.test(refs[0]) ? refs[0] : path.resolve(process.env.INIT_CWD ?? process.cwd(), refs[0]);
    const lesson = loadLesson(ref);
    const needs = lesson.needs ?? [];
    if (needs.includes("postgres")) {
      out.print(shell.c.dim(`PostgreSQL: ${shell.services.describePg()}…`) + "\n");
      await shell.services.startPostgres();
    }
    if (needs.includes("kafka") && !(await shell.services.probeKafka(2000))) {
      out.print(shell.c.red(`Kafka does not answer at ${shell.services.kafkaBootstrap}. Start the project's broker with \`npm run kafka -- start\`, or set KAFKA_BOOTSTRAP_SERVERS.`) + "\n");
      await shell.close();
      return 1;
    }
    ok = await shell.replay(lesson, { signal: abort.signal, captured: () => out.text() });
  } catch (e) {
    shell.printError(e);
  } finally {
    await shell.close();
  }
  ok = ok && !failed;
  out.print((ok ? shell.c.green(lang === "pl" ? "Lekcja przeszła." : "Lesson passed.") : shell.c.red(lang === "pl" ? "Lekcja nie przeszła." : "Lesson failed.")) + "\n");
  return ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`${errorHeadline(e)}\n`);
    process.exit(1);
  },
);
