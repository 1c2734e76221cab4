/**
 * One workshop shell session: the Spark session, the services, the evaluator with its scope, the
 * lesson cursor and the output. The interactive REPL (main.ts) and the non-interactive replay
 * (scripts/workshop/lesson.ts) both drive a Shell.
 */
import * as os from "node:os";
import * as path from "node:path";
import chalk from "chalk";
import type { CheckContext, Lang, Lesson } from "../../lessons/lesson-format";
import type { SparkSession as SparkSessionType, StreamingQuery } from "../index";
import { Evaluator, EvalResult, KeyboardInterrupt } from "./evaluator";
import { errorHeadline, errorStack, formatValue } from "./format";
import { hintFor } from "./hints";
import { makeSecret, maskCode } from "./history";
import { Painter, matchesExpected, stepCode, t, transcript, wrap } from "./lessons";
import type { Output } from "./output";
import { formatSqlResult, psqlHint, Services, WORKSHOP_PG, workshopPg } from "./services";
import { closeLineServers, lineServer, sh } from "./workshop";
import { getitem, pyStr, pythonPrint, tuple } from "./python/values";

export interface ShellOptions {
  output: Output;
  env?: NodeJS.ProcessEnv;
  lang?: Lang;
  /** true at the prompt; false for the replay (quit() does not leave, code is echoed). */
  interactive: boolean;
  services?: Services;
}

export class Shell {
  readonly spark: SparkSessionType;
  readonly services: Services;
  readonly evaluator: Evaluator;
  readonly out: Output;
  readonly c: Painter & { level: number };
  readonly interactive: boolean;
  lang: Lang;
  showStacks = false;
  lesson?: Lesson;
  stepIndex = 0;
  /** Steps whose solution was shown (`.run` then runs the solution). */
  solutionShown = new Set<string>();
  /** Called by quit()/exit() at the prompt. */
  onQuit?: () => void;
  private readonly failuresPrinted = new Set<string>();
  /** Streaming queries that terminated with an exception in this session. */
  queryFailures = 0;
  /** How many successful inputs the last `.export` saved. */
  exportedInputs = 0;

  /** Successful inputs typed since the last `.export` (what leaving would lose from an export). */
  unexportedInputs(): number {
    return Math.max(0, this.evaluator.history.filter((e) => e.ok).length - this.exportedInputs);
  }

  constructor(opts: ShellOptions) {
    const api = require("../index") as typeof import("../index");
    this.out = opts.output;
    this.interactive = opts.interactive;
    this.lang = opts.lang ?? (((opts.env ?? process.env).ISKRA_LANG as Lang) === "pl" ? "pl" : "en");
    this.c = new chalk.Instance({ level: opts.output.colors ? 1 : 0 }) as unknown as Painter & { level: number };
    this.services = opts.services ?? new Services(opts.env ?? process.env);
    this.spark = api.SparkSession.builder.master("local[2]").appName("iskra").getOrCreate();
    this.spark.columnAttributes = true; // df.house, as in PySpark
    this.spark.print = (text) => this.out.print(text);
    this.spark.warn = (text) => this.warn(text);
    this.spark.streams.onTermination.add((q) => this.onQueryTerminated(q));
    this.evaluator = new Evaluator(this.preload(api));
  }

  // --- the scope -----------------------------------------------------------------------------

  private preload(api: typeof import("../index")): Record<string, unknown> {
    const services = this.services;
    const pg = services.pg;
    const secret = makeSecret(() => pg.password);
    const sql = Object.assign(
      async (query: string, ...params: unknown[]): Promise<void> => {
        const r = await services.query(query, params);
        this.out.print(formatSqlResult(r, this.out.colors) + "\n");
      },
      { rows: async (query: string, ...params: unknown[]) => (await services.query(query, params)).rows },
    );
    const print = (text: string) => this.out.print(text);
    const kafkaBootstrap = services.kafkaBootstrap;
    const workshop = {
      lineServer: (port = 9876, host?: string) => lineServer(port, host),
      sh: (cmd: string) => sh(cmd, { print, kafkaBootstrap }),
      sleep: (seconds: number) => new Promise<void>((r) => setTimeout(r, seconds * 1000)),
    };
    const quit = () => {
      if (this.interactive && this.onQuit) this.onQuit();
    };
    const replRequire = (id: string) => {
      if (id === "iskra" || id === "iskra/functions" || id === "iskra/types") return api;
      if (/^pyspark(\.|$)/.test(id)) return pysparkModule(api, id);
      const { createRequire } = require("node:module") as typeof import("node:module");
      return createRequire(path.join(process.cwd(), "<repl>"))(id);
    };
    const exportsObj = {};
    return {
      ...api,
      spark: this.spark,
      hostName: os.hostname(),
      sql,
      secret,
      jdbcUrl: pg.jdbcUrl,
      pgUser: pg.user,
      pgPassword: pg.password,
      kafkaBootstrap,
      workshop,
      sh: workshop.sh,
      quit,
      exit: quit,
      // Python's builtins that the translation of Python input calls (python/translate.ts).
      print: pythonPrint((text) => this.out.print(text)),
      tuple,
      str: pyStr,
      getitem,
      require: replRequire,
      exports: exportsObj,
      module: { exports: exportsObj },
    };
  }

  /** Strings that must never be shown: the configured password, $PGPASSWORD, the workshop's. */
  secrets(): string[] {
    return [this.services.pg.password, process.env.PGPASSWORD ?? "", WORKSHOP_PG.password].filter(Boolean);
  }

  /**
   * Placeholders in a lesson's shell commands and narration: $KAFKA (bootstrap servers), $PSQL (the
   * psql command), $PGPORT (the embedded PostgreSQL's port: 8432, or ISKRA_PG_PORT).
   */
  subst(text: string): string {
    return text
      .replace(/\$KAFKA\b/g, this.services.kafkaBootstrap)
      .replace(/\$PSQL\b/g, psqlHint(this.services.pg))
      .replace(/\$PGPORT\b/g, String(workshopPg(this.services.env).port));
  }

  mask(code: string): string {
    return maskCode(code, this.secrets());
  }

  // --- output --------------------------------------------------------------------------------

  warn(text: string): void {
    const { maskSecrets }: typeof import("../index") = require("../index");
    const msg = maskSecrets(String(text)).replace(/\n+$/, "");
    if (/terminated with exception/.test(msg)) {
      this.failuresPrinted.add(msg);
      this.out.print(this.c.red(`ERROR ${msg}`) + "\n");
      return;
    }
    this.out.print(this.c.yellow(`WARN ${msg}`) + "\n");
  }

  private onQueryTerminated(q: StreamingQuery): void {
    const ex = q.exception();
    if (!ex) return;
    this.queryFailures++;
    const head = errorHeadline(ex);
    if ([...this.failuresPrinted].some((m) => head.includes(m) || m.includes(ex.message))) return;
    this.out.print(this.c.red(head) + "\n");
  }

  printError(e: unknown): void {
    if (e instanceof KeyboardInterrupt) {
      this.out.print(this.c.red("KeyboardInterrupt") + "\n");
      return;
    }
    const text = this.showStacks ? errorStack(e) : errorHeadline(e);
    this.out.print(this.c.red(text) + "\n");
    const hint = hintFor(e, this.evaluator.scope, this.lang);
    if (hint) this.out.print(this.c.dim(hint) + "\n");
  }

  printValue(v: unknown): void {
    const s = formatValue(v, this.out.colors, this.evaluator.lastWasPython);
    if (s !== undefined) this.out.print(s + "\n");
  }

  /** Prose wrapped to the terminal. */
  say(text: string): void {
    this.out.print(wrap(text, this.out.columns) + "\n");
  }

  // --- running code ----------------------------------------------------------------------------

  /**
   * Evaluates input and prints what PySpark would print: the value of an expression, or the error.
   * Waits for PostgreSQL first when the input talks to it and it is still starting, and for the
   * background Kafka broker while it starts (any input may reach Kafka).
   */
  /** The background broker's start was awaited once (then Shell.run no longer checks). */
  private kafkaUpSeen = false;

  async run(src: string, opts: { signal?: AbortSignal; record?: boolean; python?: boolean } = {}): Promise<EvalResult> {
    if (this.services.kafkaStarting && !this.kafkaUpSeen) {
      if (this.interactive && /kafka/i.test(src)) this.out.print(this.c.dim("(waiting for the Kafka broker to start…)") + "\n");
      await this.services.kafkaSettled();
      this.kafkaUpSeen = true;
    }
    if (this.needsPostgres(src) && this.services.pgState !== "ready") {
      if (this.services.pgState === "starting" && this.interactive && !this.services.background?.postgresReady) this.out.print(this.c.dim("(waiting for PostgreSQL to start…)") + "\n");
      try {
        await this.services.waitForPostgres();
      } catch {
        /* the statement itself reports the connection error */
      }
    }
    // Python input: its TypeScript translation is shown dimmed (passwords masked, as .history shows them) above the result, then run.
    const r = await this.evaluator.evaluate(src, { ...opts, onTranslated: (ts) => this.out.print(this.c.dim(this.mask(ts)) + "\n") });
    if (r.kind === "value" && r.hasValue) this.printValue(r.value);
    if (r.kind === "error") this.printError(r.error);
    return r;
  }

  private needsPostgres(src: string): boolean {
    return /(^|[^.\w])sql\s*[.(]|jdbc|jdbcUrl|pgPassword/.test(src);
  }

  checkContext(): CheckContext {
    return {
      scope: this.evaluator.scope,
      spark: this.spark,
      sqlRows: async (q) => (await this.services.query(q)).rows,
      evaluate: async (code) => {
        const r = await this.evaluator.evaluate(code, { record: false });
        if (r.kind === "error") throw r.error;
        if (r.kind === "incomplete") throw new SyntaxError("incomplete input");
        return r.value;
      },
      kafkaBootstrap: this.services.kafkaBootstrap,
      lang: this.lang,
      warn: (text) => this.out.print(this.c.yellow(`WARN ${text}`) + "\n"),
    };
  }

  /**
   * Runs the steps of a lesson (or an exported session) without a person: narration, the code as a
   * transcript, its output; "your turn" steps run their solution and then their check. Returns
   * false at the first step that fails (an error, a failed check, a missing expected output).
   */
  async replay(lesson: Lesson, opts: { from?: number; signal?: AbortSignal; captured?: () => string } = {}): Promise<boolean> {
    const c = this.c;
    const lang = this.lang;
    this.out.print(c.bold(c.magenta(`${lang === "pl" ? "Lekcja" : "Lesson"} ${lesson.id}: ${t(lesson.title, lang)}`)) + "\n\n");
    const failuresBefore = this.queryFailures;
    const queryFailed = (): boolean => {
      if (this.queryFailures === failuresBefore) return false;
      this.out.print(c.red(lang === "pl" ? "Zapytanie uruchomione w powtórce zakończyło się błędem." : "A query the replay started failed.") + "\n");
      return true;
    };
    for (let i = opts.from ?? 0; i < lesson.steps.length; i++) {
      if (opts.signal?.aborted) return false;
      const step = lesson.steps[i];
      const title = t(step.title, lang);
      this.out.print(c.bold(`── ${lang === "pl" ? "Krok" : "Step"} ${step.id}${title ? " · " + title : ""} `.padEnd(Math.min(this.out.columns, 80), "─")) + "\n");
      const narration = this.subst(t(step.narration, lang));
      if (narration) this.say(narration);
      const inProcess = c.dim(step.replay ? (lang === "pl" ? "   (w powtórce: w tym procesie)" : "   (replay: done in this process)") : "");
      if (step.shell) this.out.print(c.yellow(`$ ${this.subst(step.shell)}`) + inProcess + "\n");
      if (step.sender) this.out.print(c.dim(lang === "pl" ? "terminal nadawczy: " : "sender terminal: ") + c.yellow(step.sender) + inProcess + "\n");
      const code = stepCode(step, "replay");
      const before = opts.captured?.().length ?? 0;
      if (code) {
        this.out.print(transcript(code, c) + "\n");
        const r = await this.run(code, { signal: opts.signal });
        if (r.kind === "incomplete") {
          this.out.print(c.red(`Step ${step.id}: the code is incomplete.`) + "\n");
          return false;
        }
        if (step.expectError !== undefined) {
          if (r.kind !== "error" || !matchesExpected(step, r.error)) {
            this.out.print(c.red(`Step ${step.id} should have failed with ${String(step.expectError)}.`) + "\n");
            return false;
          }
        } else if (r.kind === "error") {
          this.out.print(c.red(`Step ${step.id} failed.`) + "\n");
          return false;
        }
      }
      if (step.yourTurn) {
        let problem: string | null;
        try {
          problem = await step.yourTurn.check(this.checkContext());
        } catch (e) {
          problem = errorHeadline(e);
        }
        if (problem) {
          this.out.print(c.red(`✗ ${lang === "pl" ? "Sprawdzenie nie przeszło" : "Check failed"}: ${problem}`) + "\n");
          return false;
        }
        this.out.print(c.green(`✓ ${lang === "pl" ? "Sprawdzenie: dobrze" : "Check passed"}`) + "\n");
      }
      if (step.expectOutput && opts.captured) {
        const text = opts.captured().slice(before);
        for (const want of step.expectOutput) {
          const ok = typeof want === "string" ? text.includes(want) : want.test(text);
          if (!ok) {
            this.out.print(c.red(`Step ${step.id}: expected output ${String(want)} did not appear.`) + "\n");
            return false;
          }
        }
      }
      if (step.answer) this.out.print(`${c.bold(c.green(lang === "pl" ? "Odpowiedź:" : "Answer:"))}\n${wrap(t(step.answer, lang), this.out.columns)}\n`);
      this.out.print("\n");
      if (queryFailed()) return false;
    }
    return !queryFailed();
  }

  // --- shutting down ---------------------------------------------------------------------------

  /** Stops every query (bounded wait), the line servers and the embedded PostgreSQL. */
  async close(timeoutMs = 10000): Promise<void> {
    const stops = this.spark.streams.active.map((q) => q.stop().catch(() => undefined));
    await Promise.race([Promise.all(stops), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
    await closeLineServers().catch(() => undefined);
    await this.services.stop();
  }
}

/**
 * `import pyspark.sql.functions as F`: the API under a Python module's name; an unknown attribute
 * (`F.coutn`) is Python's AttributeError, with the closest names as a did-you-mean.
 */
function pysparkModule(api: typeof import("../index"), id: string): unknown {
  return new Proxy(api, {
    get(target, key, receiver) {
      if (!api.isMissingAttribute(target, key)) return Reflect.get(target, key, receiver);
      const e = new api.PythonAttributeError(`module '${id}' has no attribute '${key}'`);
      e.suggestions = api.suggest(key, Object.keys(target));
      throw e;
    },
  });
}
