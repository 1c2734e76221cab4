/**
 * The interactive shell (`npm start`, `npx iskra`): a readline prompt in PySpark's style (`>>> `,
 * `... ` while an input continues) over the evaluator.
 *
 * - Lines are queued and evaluated one input at a time; an input continues while it is
 *   syntactically unfinished, ends with ` \`, or (when pasted) the next line starts a `.method(…)`
 *   chain; a `.method(…)` line typed after a finished input that built a lazy value continues it
 *   (chain-continuation.ts).
 * - Ctrl+C while something runs stops waiting for it (KeyboardInterrupt; a query keeps running,
 *   as in PySpark); on a typed line it clears the line; on an empty line it says how to leave, and
 *   a second Ctrl+C leaves — or, when inputs were typed since the last `.export`, asks once more.
 *   Ctrl+D, `.exit`, `quit()` leave too.
 * - Leaving stops every query. The embedded broker and PostgreSQL keep running in the background
 *   services process (service-host.ts) unless ISKRA_SERVICES=attached, where they stop with the shell.
 */
import { parseArgs } from "node:util";
import * as path from "node:path";
import * as readline from "node:readline";
import type { Lang } from "../../lessons/lesson-format";
import { banner } from "./banner";
import { isLazyChainValue, nothingToContinue, startsWithDot } from "./chain-continuation";
import { runCommand, COMMAND_NAMES } from "./commands";
import { complete } from "./completion";
import { errorHeadline } from "./format";
import { HistoryFile } from "./history";
import { PromptOutput } from "./output";
import { Shell } from "./shell";
import { endsWithContinuation } from "./transpile";

const ROOT = path.resolve(__dirname, "..", "..");

export interface MainOptions {
  argv?: string[];
  env?: NodeJS.ProcessEnv;
  input?: NodeJS.ReadStream;
  output?: NodeJS.WriteStream;
}

function isCommandLine(line: string): boolean {
  const m = /^\s*\.([a-z]+)(\s.*)?$/.exec(line);
  return !!m && COMMAND_NAMES.includes("." + m[1]);
}

const SHELL_USAGE = `Usage: npm start [-- --lang pl|en]

The Iskra shell (PySpark's pyspark shell for Structured Streaming). --lang pl: messages in Polish.`;

export async function main(opts: MainOptions = {}): Promise<void> {
  const env = opts.env ?? process.env;
  const argv = opts.argv ?? process.argv.slice(2);
  const input = opts.input ?? process.stdin;
  const stdout = opts.output ?? process.stdout;
  let langArg: string | undefined;
  try {
    const { values } = parseArgs({ args: argv, options: { lang: { type: "string" }, help: { type: "boolean", short: "h" } }, strict: true, allowPositionals: false });
    if (values.help) {
      stdout.write(SHELL_USAGE + "\n");
      return;
    }
    langArg = values.lang;
  } catch (e) {
    process.stderr.write(`iskra: ${(e as Error).message}\n\n${SHELL_USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const lang: Lang | undefined = langArg === "pl" ? "pl" : langArg !== undefined ? "en" : undefined;
  const terminal = Boolean((input.isTTY && stdout.isTTY) || env.ISKRA_FORCE_TTY);

  const out = new PromptOutput(stdout, terminal && !env.NO_COLOR);
  const shell = new Shell({ output: out, interactive: true, env, lang });
  const c = shell.c;
  const home = env.ISKRA_HOME ? path.resolve(env.ISKRA_HOME) : path.join(ROOT, ".iskra");
  const historyFile = new HistoryFile(env.ISKRA_HISTORY ? path.resolve(env.ISKRA_HISTORY) : path.join(home, "history"));

  // The embedded broker (when nothing answers and no broker was named) and PostgreSQL (without
  // PG_URL) run in a background process that outlives the shell (npm run services -- stop).
  // Spark Connect (`pyspark --remote sc://127.0.0.1:15002`) on the shell's session, started meanwhile.
  const { startShellConnect }: typeof import("../connect/shell-server") = require("../connect/shell-server");
  const connect = shell.services.noBackground ? Promise.resolve(null) : startShellConnect(shell.spark, env);
  const kafkaUp = shell.services.noBackground ? undefined : await shell.services.connect(home);
  await shell.spark.webUiUrl(); // the banner names the web UI's address
  out.print(banner(shell, kafkaUp, (await connect)?.banner));

  const rl = readline.createInterface({
    input,
    output: stdout,
    prompt: ">>> ",
    terminal,
    historySize: 1000,
    history: terminal ? historyFile.load() : [],
    completer: (line: string) => complete(line, shell.evaluator.scope),
    tabSize: 4,
  } as readline.ReadLineOptions);
  out.attach(rl);
  // console.log from the learner's code (say, inside a foreachBatch function) also goes above the prompt.
  const { formatWithOptions } = require("node:util") as typeof import("node:util");
  for (const m of ["log", "info", "debug", "warn", "error"] as const)
    (console as unknown as Record<string, (...a: unknown[]) => void>)[m] = (...a: unknown[]) => out.print(formatWithOptions({ colors: out.colors }, ...a) + "\n");

  let buffer: string[] = [];
  /** The last input, while a line starting with `.` may continue it (it built a lazy value). */
  let previous: string | undefined;
  const queue: string[] = [];
  let busy = false;
  /** The statements of a paste still in the queue are Python (an earlier one of it was). */
  let pastePython = false;
  let closing = false;
  let leaving = false;
  /** Ctrl+C presses on an empty line in a row: 1 printed how to leave; 2 asked again (unsaved inputs). */
  let sigints = 0;
  let abort: AbortController | undefined;

  const showPrompt = () => {
    if (leaving) return;
    rl.setPrompt(buffer.length ? c.dim("... ") : c.yellow(">>> "));
    out.promptShown = true;
    rl.prompt();
  };

  const leave = async (code = 0) => {
    if (leaving) return;
    leaving = true;
    out.promptShown = false;
    const active = shell.spark.streams.active.length;
    if (active) out.print(c.dim(`Stopping ${active} ${active === 1 ? "query" : "queries"}…`) + "\n");
    if (terminal) historyFile.save(((rl as unknown as { history: string[] }).history ?? []).map((l) => shell.mask(l)));
    try {
      await shell.close();
    } catch (e) {
      out.print(errorHeadline(e) + "\n");
    }
    rl.close();
    process.exit(code);
  };
  shell.onQuit = () => void leave(0);

  const processQueue = async () => {
    if (busy) return;
    busy = true;
    out.promptShown = false;
    try {
      while (queue.length && !leaving) {
        const line = queue.shift()!;
        if (buffer.length === 0 && isCommandLine(line)) {
          await shell.services.kafkaSettled(); // .check, .lesson and .replay may use Kafka
          abort = new AbortController();
          await runCommand({ shell, exit: () => void leave(0), signal: abort.signal }, line);
          abort = undefined;
          previous = undefined;
          continue;
        }
        let continuing = false;
        if (buffer.length === 0 && startsWithDot(line, isCommandLine)) {
          if (previous === undefined) {
            out.print(c.red(nothingToContinue(line, shell.lang)) + "\n");
            continue;
          }
          buffer.push(previous);
          continuing = true;
        }
        buffer.push(line);
        const src = buffer.join("\n");
        if (src.trim() === "") {
          buffer = [];
          continue;
        }
        if (endsWithContinuation(src) || shell.evaluator.isIncomplete(src, pastePython)) continue;
        // A paste whose string never closes (the handout's `""""{`): take the whole paste, then report.
        if (queue.length && shell.evaluator.isRunawayString(src)) continue;
        // A pasted chain: the next line already waiting starts with `.method`.
        if (queue.length && /^\s*\.[A-Za-z_$]/.test(queue[0]) && !isCommandLine(queue[0])) continue;
        buffer = [];
        abort = new AbortController();
        // The continued input replaces the previous one in the history (one statement).
        const history = shell.evaluator.history;
        if (continuing && history.length && history[history.length - 1].code === previous) history.pop();
        const r = await shell.run(src, { signal: abort.signal, python: pastePython });
        abort = undefined;
        // Lines still waiting are the rest of a paste: once a statement of it was Python, so are the others.
        pastePython = queue.length > 0 && (pastePython || shell.evaluator.lastWasPython);
        previous = r.kind === "value" && isLazyChainValue(shell.evaluator.lastValue, shell.evaluator.scope) ? src : undefined;
      }
    } catch (e) {
      shell.printError(e);
    } finally {
      busy = false;
    }
    if (closing) return void leave(0);
    showPrompt();
  };

  rl.on("line", (line) => {
    sigints = 0;
    queue.push(line);
    setImmediate(() => void processQueue());
  });

  const onSigint = () => {
    if (leaving) process.exit(130);
    if (busy) {
      queue.length = 0;
      buffer = [];
      pastePython = false;
      abort?.abort();
      return;
    }
    const typed = (rl as unknown as { line: string }).line ?? "";
    if (buffer.length || typed.length) {
      buffer = [];
      const r = rl as unknown as { line: string; cursor: number };
      if (terminal) readline.moveCursor(stdout, r.line.length - r.cursor, 0); // to the end of the line
      r.line = "";
      r.cursor = 0;
      out.promptShown = false;
      stdout.write("^C\n");
      sigints = 0;
      showPrompt();
      return;
    }
    sigints++;
    const unsaved = shell.unexportedInputs();
    // The second press leaves, unless inputs were typed since the last .export: then it asks once more.
    if (sigints >= 3 || (sigints === 2 && unsaved === 0)) return void leave(0);
    out.promptShown = false;
    if (sigints === 2) {
      stdout.write(
        "\n" +
          c.yellow(
            shell.lang === "pl"
              ? `Masz ${unsaved} niezapisanych poleceń (.export PLIK je zapisze). Naciśnij Ctrl+C jeszcze raz, aby mimo to wyjść.`
              : `You have ${unsaved} ${unsaved === 1 ? "input" : "inputs"} not saved (.export FILE saves them). Press Ctrl+C once more to leave anyway.`,
          ) +
          "\n",
      );
      return showPrompt();
    }
    stdout.write(
      "\n" + c.dim(shell.lang === "pl" ? "(Aby wyjść, naciśnij Ctrl+C jeszcze raz, Ctrl+D albo wpisz .exit)" : "(To exit, press Ctrl+C again or Ctrl+D or type .exit)") + "\n",
    );
    showPrompt();
  };
  rl.on("SIGINT", onSigint);
  process.on("SIGINT", onSigint);
  process.on("SIGTERM", () => void leave(143));
  rl.on("close", () => {
    closing = true;
    if (!busy && queue.length === 0) void leave(0);
  });

  // The terminal went away (a closed pipe, a killed terminal): leave quietly, never print about it.
  const isBrokenOutput = (e: unknown) => ["EPIPE", "ERR_STREAM_DESTROYED", "EIO"].includes((e as NodeJS.ErrnoException)?.code ?? "");
  stdout.on("error", (e) => {
    if (isBrokenOutput(e)) {
      out.broken = true;
      void leave(0);
    }
  });
  let reporting = false;
  const report = (what: string, e: unknown) => {
    if (isBrokenOutput(e)) {
      out.broken = true;
      return void leave(0);
    }
    if (reporting) return; // printing the report failed: do not loop
    reporting = true;
    try {
      out.print(c.red(`${what}: ${errorHeadline(e)}`) + "\n");
    } catch {
      /* nowhere to report to */
    } finally {
      reporting = false;
    }
  };
  process.on("unhandledRejection", (e) => report("Unhandled promise rejection", e));
  process.on("uncaughtException", (e) => report("Uncaught exception", e));

  showPrompt();

  // The background broker was still starting: say when it answers (inputs meanwhile wait for it, Shell.run).
  shell.services.kafkaStarting?.then(
    () => out.print(c.green(shell.lang === "pl" ? `Kafka: wbudowany broker Iskry odpowiada na ${shell.services.kafkaBootstrap}` : `Kafka: Iskra's embedded broker is up at ${shell.services.kafkaBootstrap}`) + "\n"),
    (e) => out.print(c.red(`Kafka: ${errorHeadline(e)}`) + "\n"),
  );

  // After the prompt is up: start PostgreSQL in the background, warm the TypeScript compiler.
  setImmediate(() => {
    if (shell.services.noBackground) return;
    shell.services.startPostgres().catch((e) => out.print(c.red(`PostgreSQL did not start: ${errorHeadline(e)}`) + "\n"));
  });
  setTimeout(() => {
    if (!busy) require("typescript");
  }, 20).unref();
}
