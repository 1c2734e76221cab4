/**
 * The lesson format: one TypeScript module per lesson, `export default` a `Lesson`.
 * The shell (`.lesson N`, `.next`, `.run`, `.check`), the replay (`npm run lesson -- N`) and the
 * history export (`.export FILE`, replayed with `.replay FILE`) all use it.
 *
 * Step ids are the numbers of the workshop's steps (seed/000_962fc8b29a53fd7b.txt).
 */
import type { SparkSession } from "../src/index";

/** Text in both languages of the workshop. */
export interface Text {
  en: string;
  pl: string;
}
export type Lang = keyof Text;

/** What a checker sees: the learner's scope and the services, as the shell has them. */
export interface CheckContext {
  /** The learner's variables (and everything preloaded: spark, functions, types…). */
  scope: Record<string, any>;
  spark: SparkSession;
  /** Rows of a query on the configured PostgreSQL. */
  sqlRows(query: string): Promise<Record<string, unknown>[]>;
  /** Runs code in the learner's scope, as if typed; rejects with its error. */
  evaluate(code: string): Promise<unknown>;
  /** Kafka bootstrap servers the shell uses. */
  kafkaBootstrap: string;
  lang: Lang;
  /** Tells the learner something that does not fail the check (printed as a warning). */
  warn?: (text: string) => void;
}

interface YourTurn {
  hint: Text;
  /** Code that solves the step (what `.solution` shows; the replay runs it). */
  solution: string;
  /** null when the learner's work is right, otherwise what is wrong (in `ctx.lang`). */
  check(ctx: CheckContext): Promise<string | null>;
}

export interface Step {
  /** The workshop's step number. */
  id: number;
  title: Text;
  narration: Text;
  /** TypeScript as the learner types it at the prompt (absent for steps with nothing to type). */
  code?: string;
  /** A command for another terminal (the workshop's "sender" or "technical" terminal). */
  shell?: string;
  /** A line to type into the sender terminal (lesson 1's `nc -lk 9876`): text for the stream, not a command. */
  sender?: string;
  /**
   * Code the non-interactive replay runs instead of `code`, when the step needs a person or a
   * second terminal (e.g. an in-process line sender instead of `npm run socket`).
   */
  replay?: string;
  /** The step shows an error on purpose: running it must fail with a message matching this. */
  expectError?: string | RegExp;
  /** A "your turn" step (the workshop's `???`). */
  yourTurn?: YourTurn;
  /** The answer to the step's question, shown once the learner moves past it. */
  answer?: Text;
  /** Text the replay's output must contain after the step ran (a self-check of the lesson). */
  expectOutput?: Array<string | RegExp>;
}

export interface Lesson {
  id: number;
  title: Text;
  /** Services the lesson's code talks to. */
  needs?: Array<"postgres" | "kafka">;
  steps: Step[];
}
