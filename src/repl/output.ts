/**
 * Where the shell's output goes. At the prompt, text from running queries (console batches,
 * warnings, failures) is printed ABOVE the prompt: the prompt and the half-typed line are erased,
 * the text is written, and the prompt is drawn again with the line and the cursor where they were.
 */
import * as readline from "node:readline";

export interface Output {
  /** Writes text as is (show(), printSchema(), console batches). */
  print(text: string): void;
  /** Whether ANSI colours are welcome. */
  readonly colors: boolean;
  /** Terminal width for wrapping narration. */
  readonly columns: number;
}

/** Plain output to a stream (the non-interactive replay, pipes). */
export class StreamOutput implements Output {
  constructor(private readonly stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }, readonly colors = Boolean(stream.isTTY)) {}
  print(text: string): void {
    this.stream.write(text);
  }
  get columns(): number {
    return this.stream.columns ?? 100;
  }
}

/** The interactive output: knows the readline interface and whether its prompt is on screen. */
export class PromptOutput implements Output {
  private rl?: readline.Interface;
  /** true while the prompt is drawn and the learner may be typing. */
  promptShown = false;
  /** The terminal is gone (EPIPE): print nothing more. */
  broken = false;

  constructor(private readonly stream: NodeJS.WriteStream, readonly colors = Boolean(stream.isTTY)) {}

  attach(rl: readline.Interface): void {
    this.rl = rl;
  }

  get columns(): number {
    return this.stream.columns ?? 100;
  }

  print(text: string): void {
    if (!text || this.broken) return;
    const rl = this.rl as (readline.Interface & { line: string; getCursorPos(): { rows: number; cols: number } }) | undefined;
    if (!rl || !this.stream.isTTY || !this.promptShown) {
      this.stream.write(text);
      return;
    }
    // Erase the prompt (and a wrapped line), write above it, redraw the prompt and the input.
    const pos = rl.getCursorPos();
    readline.moveCursor(this.stream, 0, -pos.rows);
    readline.cursorTo(this.stream, 0);
    readline.clearScreenDown(this.stream);
    this.stream.write(text.endsWith("\n") ? text : text + "\n");
    (rl as unknown as { prevRows: number }).prevRows = 0; // the cursor is already where the prompt starts
    rl.prompt(true);
  }
}
