/** The dot-commands of the shell (`.help`, `.lesson N`, `.export FILE`, …). */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Lang } from "../../lessons/lesson-format";
import { errorHeadline } from "./format";
import { exportScript, loadLessonFile } from "./history";
import { label, lessonFiles, loadLesson, renderStep, t, wrap } from "./lessons";
import type { Shell } from "./shell";
import { ruledTable } from "./table";

export interface CommandContext {
  shell: Shell;
  /** Leaves the shell. */
  exit(): void;
  signal?: AbortSignal;
}

type Handler = (ctx: CommandContext, arg: string) => Promise<void> | void;

const HELP: Record<Lang, Array<[string, string]>> = {
  en: [
    [".help", "this list"],
    [".lessons", "the lessons"],
    [".lesson N [STEP]", "start lesson N (shows its first step, or step STEP)"],
    [".next / .back", "next / previous step"],
    [".run", "run the current step's code here"],
    [".solution", "show the solution of a \"your turn\" step (then .run runs it)"],
    [".check", "check your answer to a \"your turn\" step"],
    [".history", "what you typed (passwords masked)"],
    [".export FILE", "save what you typed as a replayable lesson-format script"],
    [".export --pyspark FILE", "save what you typed as a PySpark application (spark-submit)"],
    [".replay FILE", "run a lesson-format script (an export or a lesson) here"],
    [".queries", "active streaming queries"],
    [".ui [open]", "the web UI's address (open: in the system's browser)"],
    [".stopall", "stop every active query"],
    [".lang en|pl", "language of the lessons and messages"],
    [".stack [on|off]", "the last error's stack (on: always show stacks)"],
    [".exit", "leave (also Ctrl+D, or Ctrl+C twice on an empty line)"],
  ],
  pl: [
    [".help", "ta lista"],
    [".lessons", "lista lekcji"],
    [".lesson N [KROK]", "rozpocznij lekcję N (pokazuje pierwszy krok albo krok KROK)"],
    [".next / .back", "następny / poprzedni krok"],
    [".run", "uruchom tutaj kod bieżącego kroku"],
    [".solution", "pokaż rozwiązanie kroku \"Twoja kolej\" (potem .run je uruchomi)"],
    [".check", "sprawdź swoje rozwiązanie kroku \"Twoja kolej\""],
    [".history", "to, co wpisałeś (hasła zamaskowane)"],
    [".export PLIK", "zapisz to, co wpisałeś, jako skrypt w formacie lekcji"],
    [".export --pyspark PLIK", "zapisz to, co wpisałeś, jako aplikację PySpark (spark-submit)"],
    [".replay PLIK", "uruchom tutaj skrypt w formacie lekcji (eksport albo lekcję)"],
    [".queries", "aktywne zapytania strumieniowe"],
    [".ui [open]", "adres interfejsu WWW (open: w przeglądarce systemu)"],
    [".stopall", "zatrzymaj wszystkie aktywne zapytania"],
    [".lang en|pl", "język lekcji i komunikatów"],
    [".stack [on|off]", "stos wywołań ostatniego błędu (on: zawsze pokazuj)"],
    [".exit", "wyjście (także Ctrl+D albo dwa razy Ctrl+C w pustej linii)"],
  ],
};

function msg(shell: Shell, en: string, pl: string): string {
  return shell.lang === "pl" ? pl : en;
}

function showStep(shell: Shell): void {
  const lesson = shell.lesson!;
  shell.out.print(renderStep(lesson, shell.stepIndex, shell.lang, shell.c, shell.out.columns, (s) => shell.subst(s)));
}

function needLesson(shell: Shell): boolean {
  if (shell.lesson) return true;
  shell.out.print(msg(shell, "No lesson is open: `.lessons` lists them, `.lesson 1` starts the first.", "Żadna lekcja nie jest otwarta: `.lessons` je wymienia, `.lesson 1` zaczyna pierwszą.") + "\n");
  return false;
}

/** A lesson that needs Kafka says so at once when nothing answers. */
async function warnMissingServices(shell: Shell): Promise<void> {
  const needs = shell.lesson?.needs ?? [];
  if (needs.includes("kafka") && !(await shell.services.probeKafka(500)))
    shell.out.print(
      shell.c.yellow(
        msg(
          shell,
          `Kafka does not answer at ${shell.services.kafkaBootstrap}: start the project's broker in another terminal with \`npm run kafka -- start\` (or set KAFKA_BOOTSTRAP_SERVERS).`,
          `Kafka nie odpowiada pod ${shell.services.kafkaBootstrap}: uruchom broker projektu w innym terminalu poleceniem \`npm run kafka -- start\` (albo ustaw KAFKA_BOOTSTRAP_SERVERS).`,
        ),
      ) + "\n",
    );
}

const commands: Record<string, Handler> = {
  help({ shell }) {
    const c = shell.c;
    const rows = HELP[shell.lang];
    const width = Math.max(...rows.map(([k]) => k.length)) + 2;
    const intro = msg(
      shell,
      "Type TypeScript: `spark`, the functions (col, split, explode, from_json, …) and the types are loaded; a promise is awaited for you (`df.show()`), top-level `await` works. `sql(\"select …\")` queries PostgreSQL.",
      "Wpisuj TypeScript: `spark`, funkcje (col, split, explode, from_json, …) i typy są załadowane; na obietnicę powłoka czeka za Ciebie (`df.show()`), działa `await` na najwyższym poziomie. `sql(\"select …\")` odpytuje PostgreSQL.",
    );
    shell.out.print(wrap(intro, shell.out.columns) + "\n\n" + rows.map(([k, v]) => `  ${c.cyan(k.padEnd(width))}${v}`).join("\n") + "\n");
  },

  lessons({ shell }) {
    const c = shell.c;
    const lines = lessonFiles().map((f) => {
      try {
        const l = loadLessonFile(f.file);
        return `  ${c.cyan(`.lesson ${l.id}`)}  ${t(l.title, shell.lang)} ${c.dim(`(${l.steps.length} ${msg(shell, "steps", "kroków")})`)}`;
      } catch (e) {
        return `  ${c.red(`${path.basename(f.file)}: ${errorHeadline(e)}`)}`;
      }
    });
    shell.out.print(lines.join("\n") + "\n");
  },

  lesson({ shell }, arg) {
    if (!arg) return commands.lessons({ shell, exit: () => undefined }, "");
    // `.lesson 4 41`: lesson 4 from its step 41.
    const [id, stepId] = arg.trim().split(/\s+/);
    shell.lesson = loadLesson(id);
    shell.stepIndex = Math.max(0, stepId ? shell.lesson.steps.findIndex((s) => String(s.id) === stepId) : 0);
    showStep(shell);
    return warnMissingServices(shell);
  },

  next({ shell }) {
    if (!needLesson(shell)) return;
    const lesson = shell.lesson!;
    const step = lesson.steps[shell.stepIndex];
    if (step.answer) shell.out.print(`${shell.c.bold(shell.c.green(label("answer", shell.lang) + ":"))}\n${wrap(t(step.answer, shell.lang), shell.out.columns)}\n\n`);
    if (shell.stepIndex >= lesson.steps.length - 1) {
      const next = lessonFiles().find((f) => f.id > lesson.id);
      shell.out.print(
        msg(shell, `That was the last step of lesson ${lesson.id}.`, `To był ostatni krok lekcji ${lesson.id}.`) +
          (next ? msg(shell, ` Next: \`.lesson ${next.id}\``, ` Dalej: \`.lesson ${next.id}\``) : "") +
          "\n",
      );
      return;
    }
    shell.stepIndex++;
    showStep(shell);
  },

  back({ shell }) {
    if (!needLesson(shell)) return;
    if (shell.stepIndex > 0) shell.stepIndex--;
    showStep(shell);
  },

  async run({ shell, signal }) {
    if (!needLesson(shell)) return;
    const lesson = shell.lesson!;
    const step = lesson.steps[shell.stepIndex];
    const key = `${lesson.id}:${step.id}`;
    const code = step.yourTurn && shell.solutionShown.has(key) ? step.yourTurn.solution : step.code;
    if (!code) {
      if (step.yourTurn)
        shell.out.print(msg(shell, "This one is yours: write it at the prompt and `.check`. (`.solution` shows one; `.run` then runs it.)", "Ten krok jest Twój: napisz kod w powłoce i `.check`. (`.solution` pokaże rozwiązanie; potem `.run` je uruchomi.)") + "\n");
      else shell.out.print(msg(shell, "Nothing to run in this step: `.next`.", "W tym kroku nie ma nic do uruchomienia: `.next`.") + "\n");
      return;
    }
    const r = await shell.run(code, { signal });
    if (r.kind === "error" && step.expectError !== undefined)
      shell.out.print(shell.c.dim(msg(shell, "(That error is the point of this step.)", "(Ten błąd jest celem tego kroku.)")) + "\n");
  },

  solution({ shell }) {
    if (!needLesson(shell)) return;
    const lesson = shell.lesson!;
    const step = lesson.steps[shell.stepIndex];
    if (!step.yourTurn) {
      shell.out.print(msg(shell, "This step is not a \"your turn\" step.", "To nie jest krok \"Twoja kolej\".") + "\n");
      return;
    }
    shell.solutionShown.add(`${lesson.id}:${step.id}`);
    shell.out.print(step.yourTurn.solution.split("\n").map((l) => shell.c.cyan("  " + l)).join("\n") + "\n" + shell.c.dim(msg(shell, "`.run` runs it.", "`.run` je uruchomi.")) + "\n");
  },

  async check({ shell }) {
    if (!needLesson(shell)) return;
    const step = shell.lesson!.steps[shell.stepIndex];
    if (!step.yourTurn) {
      shell.out.print(msg(shell, "Nothing to check in this step.", "W tym kroku nie ma czego sprawdzać.") + "\n");
      return;
    }
    shell.out.print(shell.c.dim(msg(shell, "Checking…", "Sprawdzam…")) + "\n");
    let problem: string | null;
    try {
      problem = await step.yourTurn.check(shell.checkContext());
    } catch (e) {
      problem = errorHeadline(e);
    }
    if (problem) shell.out.print(shell.c.red(`✗ ${problem}`) + "\n");
    else shell.out.print(shell.c.green(msg(shell, "✓ Correct! `.next` goes on.", "✓ Dobrze! `.next` prowadzi dalej.")) + "\n");
  },

  history({ shell }) {
    const entries = shell.evaluator.history;
    if (!entries.length) {
      shell.out.print(msg(shell, "(nothing typed yet)", "(jeszcze nic nie wpisano)") + "\n");
      return;
    }
    const width = String(entries.length).length;
    shell.out.print(
      entries
        .map((e, i) => {
          const num = String(i + 1).padStart(width);
          const code = shell.mask(e.code).split("\n").join("\n" + " ".repeat(width + 2));
          return `${shell.c.dim(num)}  ${e.ok ? code : shell.c.red(code)}`;
        })
        .join("\n") + "\n",
    );
  },

  export({ shell }, arg) {
    if (arg?.startsWith("--pyspark")) {
      const { exportPySparkCommand }: typeof import("./export-pyspark") = require("./export-pyspark");
      return exportPySparkCommand(shell, arg.replace(/^--pyspark\s*/, ""));
    }
    if (!arg) throw new Error(msg(shell, "Usage: .export FILE", "Użycie: .export PLIK"));
    const file = path.resolve(arg.endsWith(".ts") ? arg : `${arg}.ts`);
    const inputs = shell.evaluator.history.filter((e) => e.ok).map((e) => shell.mask(e.code));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, exportScript(inputs, file));
    shell.exportedInputs = inputs.length;
    shell.out.print(msg(shell, `Saved ${inputs.length} inputs to ${file} (passwords masked). Replay: .replay ${arg}`, `Zapisano ${inputs.length} poleceń do ${file} (hasła zamaskowane). Powtórka: .replay ${arg}`) + "\n");
  },

  async replay({ shell, signal }, arg) {
    if (!arg) throw new Error(msg(shell, "Usage: .replay FILE", "Użycie: .replay PLIK"));
    const lesson = /^\d+$/.test(arg) ? loadLesson(arg) : loadLessonFile(path.resolve(fs.existsSync(arg) || arg.endsWith(".ts") ? arg : `${arg}.ts`));
    const ok = await shell.replay(lesson, { signal });
    shell.out.print((ok ? shell.c.green(msg(shell, "Replay finished.", "Powtórka zakończona.")) : shell.c.red(msg(shell, "Replay stopped at a failing step.", "Powtórka zatrzymana na błędnym kroku."))) + "\n");
  },

  async ui({ shell }, arg) {
    const url = await shell.spark.webUiUrl();
    if (!url) {
      shell.out.print(msg(shell, "The web UI is off (spark.ui.enabled=false).", "Interfejs WWW jest wyłączony (spark.ui.enabled=false).") + "\n");
      return;
    }
    const page = `${url}/StreamingQuery/`;
    shell.out.print(`${page}\n`);
    if (arg === "open") {
      const { spawn } = require("node:child_process") as typeof import("node:child_process");
      const opener = process.platform === "darwin" ? "open" : process.platform === "win32" ? "explorer" : "xdg-open";
      const child = spawn(opener, [page], { detached: true, stdio: "ignore" });
      child.on("error", () => shell.out.print(msg(shell, `Could not start ${opener}: open ${page} in a browser.`, `Nie udało się uruchomić ${opener}: otwórz ${page} w przeglądarce.`) + "\n"));
      child.unref();
    }
  },

  queries({ shell }) {
    const active = shell.spark.streams.active;
    if (!active.length) {
      shell.out.print(msg(shell, "No active queries.", "Brak aktywnych zapytań.") + "\n");
      return;
    }
    const rate = (n: number | undefined) => (n === undefined ? "" : n.toFixed(1));
    const rows = active.map((q) => {
      // The last batch that read rows (idle reports and empty batches carry no rate worth showing),
      // else the last that ran at all.
      const ran = q.recentProgress.filter((x) => x.durationMs && "addBatch" in x.durationMs);
      const busy = ran.filter((x) => x.numInputRows > 0);
      const last = busy[busy.length - 1] ?? ran[ran.length - 1];
      return [q.name ?? "", q.id, q.status.message, rate(last?.inputRowsPerSecond), rate(last?.processedRowsPerSecond), last ? String(last.batchId) : ""];
    });
    const table = ruledTable(["name", "id", "status", "input/s", "processed/s", "batch"], rows, { colors: shell.out.colors, aligns: ["left", "left", "left", "right", "right", "right"] });
    shell.out.print(table + "\n");
  },

  async stopall({ shell }) {
    const active = shell.spark.streams.active;
    await Promise.all(active.map((q) => q.stop()));
    shell.out.print(msg(shell, `Stopped ${active.length} ${active.length === 1 ? "query" : "queries"}.`, `Zatrzymano zapytania: ${active.length}.`) + "\n");
  },

  lang({ shell }, arg) {
    if (arg !== "en" && arg !== "pl") {
      shell.out.print(`${shell.lang} (.lang en | .lang pl)\n`);
      return;
    }
    shell.lang = arg;
    shell.out.print(msg(shell, "Language: English.", "Język: polski.") + "\n");
  },

  stack({ shell }, arg) {
    if (arg === "on" || arg === "off") {
      shell.showStacks = arg === "on";
      shell.out.print(`stacks ${arg}\n`);
      return;
    }
    if (shell.evaluator.lastError === undefined) {
      shell.out.print(msg(shell, "No error yet.", "Jeszcze nie było błędu.") + "\n");
      return;
    }
    const { errorStack }: typeof import("./format") = require("./format");
    shell.out.print(errorStack(shell.evaluator.lastError) + "\n");
  },

  exit(ctx) {
    ctx.exit();
  },
};

export const COMMAND_NAMES = Object.keys(commands).map((k) => "." + k);

/** Runs a dot-command line (`.lesson 2`); unknown commands print a hint. */
export async function runCommand(ctx: CommandContext, line: string): Promise<void> {
  const m = /^\.(\S*)\s*([\s\S]*)$/.exec(line.trim());
  const name = (m?.[1] ?? "").toLowerCase();
  const arg = (m?.[2] ?? "").trim();
  const h = commands[name];
  if (!h) {
    ctx.shell.out.print(msg(ctx.shell, `Unknown command .${name}: .help lists them.`, `Nieznane polecenie .${name}: .help je wymienia.`) + "\n");
    return;
  }
  try {
    await h(ctx, arg);
  } catch (e) {
    ctx.shell.printError(e);
  }
}
