/**
 * The real shell (`node bin/iskra.js`) in a real terminal: tmux gives it a pseudo-terminal, the
 * test types (or pastes) into it and reads the screen, as a learner would.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before } from "node:test";

const ROOT = path.resolve(__dirname, "..", "..");

/** Whether tmux is installed (the terminal tests need it; CI installs it). */
export const hasTmux = spawnSync("tmux", ["-V"]).status === 0;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Terminal {
  readonly socket = `iskra-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  private readonly target = "shell";

  tmux(args: string[], input?: string): string {
    const r = spawnSync("tmux", ["-L", this.socket, ...args], { input, encoding: "utf8" });
    if (r.status !== 0 && !args.includes("has-session")) throw new Error(`tmux ${args.join(" ")}: ${r.stderr}`);
    return r.stdout;
  }

  /** Starts the shell with `env` added to this process's environment and the `unset` names removed from it. */
  start(env: Record<string, string>, unset: string[] = []): void {
    const envArgs = Object.entries(env).flatMap(([k, v]) => ["-e", `${k}=${v}`]);
    const without = unset.map((k) => `-u ${k} `).join("");
    this.tmux(["-f", "/dev/null", "new-session", "-d", "-s", this.target, "-x", "150", "-y", "50", ...envArgs, `cd ${ROOT} && exec env ${without}node bin/iskra.js`]);
    this.tmux(["set-option", "-t", this.target, "history-limit", "50000"]);
  }

  alive(): boolean {
    return spawnSync("tmux", ["-L", this.socket, "has-session", "-t", this.target]).status === 0;
  }

  /** Everything on the screen and in the scrollback, wrapped lines joined. */
  screen(): string {
    return this.tmux(["capture-pane", "-p", "-J", "-S", "-50000", "-t", this.target]);
  }

  /** The last non-empty line on the screen. */
  lastLine(): string {
    const lines = this.screen().split("\n").filter((l) => l.trim() !== "");
    return lines[lines.length - 1] ?? "";
  }

  keys(...keys: string[]): void {
    this.tmux(["send-keys", "-t", this.target, ...keys]);
  }

  /** Types text (several lines arrive together, as a paste) and presses Enter. */
  type(text: string): void {
    this.tmux(["load-buffer", "-b", "in", "-"], text + "\n");
    this.tmux(["paste-buffer", "-b", "in", "-d", "-t", this.target]);
  }

  /** Types literally, without Enter. */
  typeRaw(text: string): void {
    this.tmux(["send-keys", "-t", this.target, "-l", text]);
  }

  async waitFor(test: (screen: string) => boolean, what: string, timeoutMs = 30000): Promise<string> {
    const until = Date.now() + timeoutMs;
    let s = "";
    while (Date.now() < until) {
      s = this.screen();
      if (test(s)) return s;
      await sleep(100);
    }
    throw new Error(`timed out waiting for ${what}; screen:\n${s.split("\n").slice(-40).join("\n")}`);
  }

  /** Types an input, waits until the prompt is back, returns what appeared since it was typed. */
  async run(code: string, timeoutMs = 30000): Promise<string> {
    const before = this.screen();
    const from = before.lastIndexOf(">>>");
    this.type(code);
    const s = await this.waitFor(
      (x) => x.length > before.length && /^>>>\s*$/.test(this.lastLineOf(x)),
      `the prompt after ${JSON.stringify(code.slice(0, 60))}`,
      timeoutMs,
    );
    return s.slice(from);
  }

  private lastLineOf(s: string): string {
    const lines = s.split("\n").filter((l) => l.trim() !== "");
    return lines[lines.length - 1] ?? "";
  }

  kill(): void {
    spawnSync("tmux", ["-L", this.socket, "kill-server"]);
  }
}


/**
 * The shell in tmux for one describe block, in a home of its own (no background services, its own
 * history, no colours): started before the block's tests, killed and its home removed after them.
 * `env` adds to or overrides those variables; `home` is the temporary ISKRA_HOME (set once the block starts).
 */
export function shellInTmux(prefix: string, env: (home: string) => Record<string, string> = () => ({})): { term: Terminal; home: string } {
  const shell = { term: new Terminal(), home: "" };
  before(async () => {
    shell.home = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    const home = shell.home;
    shell.term.start({ ISKRA_NO_SERVICES: "1", ISKRA_HOME: home, ISKRA_HISTORY: path.join(home, "history"), TERM: "xterm-256color", NO_COLOR: "1", ...env(home) });
    await shell.term.waitFor((s) => /^>>>\s*$/m.test(s), "the first prompt", 60000);
  });
  after(() => {
    shell.term.kill();
    if (shell.home) fs.rmSync(shell.home, { recursive: true, force: true });
  });
  return shell;
}
