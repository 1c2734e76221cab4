/** `.export --pyspark FILE`: the session's successful inputs as a PySpark application (src/export). */
import * as fs from "node:fs";
import * as path from "node:path";
import { exportPySpark } from "../export/pyspark";
import { sessionDefaults } from "../export/session-defaults";
import type { Shell } from "./shell";

export function exportPySparkCommand(shell: Shell, arg: string): void {
  const pl = shell.lang === "pl";
  if (!arg) throw new Error(pl ? "Użycie: .export --pyspark PLIK" : "Usage: .export --pyspark FILE");
  const file = path.resolve(arg.endsWith(".py") ? arg : `${arg}.py`);
  const inputs = shell.evaluator.history.filter((e) => e.ok).map((e) => shell.mask(e.code));
  const env = { ...process.env, KAFKA_BOOTSTRAP_SERVERS: shell.services.kafkaBootstrap };
  const { python, warnings } = exportPySpark(inputs, sessionDefaults(env, shell.services.pg, path.basename(file, ".py")));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, python);
  shell.exportedInputs = inputs.length;
  for (const w of warnings) shell.out.print(shell.c.yellow(`WARN ${pl ? "nie przetłumaczono (# TODO w pliku)" : "not translated (a # TODO in the file)"}: ${w}`) + "\n");
  shell.out.print((pl ? `Zapisano aplikację PySpark: ${file}` : `Saved a PySpark application: ${file}`) + "\n");
}
