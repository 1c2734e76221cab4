/**
 * Exports a lesson or an exported shell session as a PySpark 3.5 application:
 *
 *   npm run export -- --pyspark 2 lesson2.py
 *   npm run export -- --pyspark my-session.ts my_app.py
 *
 * Prints what could not be translated (each a `# TODO` in the file); exit 0 when the file was written.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { exportPySpark } from "../../src/export/pyspark";
import { lessonInputs, sessionDefaults } from "../../src/export/session-defaults";
import { loadLesson } from "../../src/repl/lessons";
import { pgTarget } from "../../src/repl/services";
import { parseCli } from "./cli";

const USAGE = "Usage: npm run export -- --pyspark <N | SESSION.ts> OUT.py";

function main(argv: string[]): number {
  const { values, positionals: rest } = parseCli(argv, { name: "export", usage: USAGE, allowPositionals: true, options: { pyspark: { type: "boolean" } } });
  if (!values.pyspark || rest.length !== 2) {
    process.stderr.write(USAGE + "\n");
    return 2;
  }
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const [ref, outArg] = rest;
  const lesson = loadLesson(/^\d+$/.test(ref) ? ref : path.resolve(cwd, ref));
  const out = path.resolve(cwd, outArg);
  const { python, warnings } = exportPySpark(lessonInputs(lesson.steps), sessionDefaults(process.env, pgTarget(), path.basename(out, ".py")));
  fs.writeFileSync(out, python);
  for (const w of warnings) process.stderr.write(`WARN not translated (a # TODO in ${path.basename(out)}): ${w}\n`);
  process.stdout.write(`Wrote ${out}\n`);
  return 0;
}

process.exit(main(process.argv.slice(2)));
