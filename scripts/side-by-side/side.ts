/**
 * A side of a side-by-side run: a child process running an application (Iskra's iskra-side.ts, or
 * an exported PySpark app under scripts/spark-oracle/side_by_side.py), commanded over a control
 * connection (`sync`, `probe N`, `stop`; spark-submit does not pass stdin on to Python).
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as net from "node:net";
import * as path from "node:path";
import { PACKAGES } from "../../src/export/pyspark";
import type { PySparkInstall } from "../../src/export/side-by-side";

/** The runner's end of a side's control connection: one command a line, one answer a line. */
export class Control {
  private readonly server = net.createServer((s) => this.accept(s));
  private socket?: net.Socket;
  private buffer = "";
  readonly answers: string[] = [];
  onLine = () => {};

  static async listen(): Promise<Control> {
    const c = new Control();
    await new Promise<void>((resolve, reject) => c.server.once("error", reject).listen(0, "127.0.0.1", () => resolve()));
    return c;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  private accept(s: net.Socket): void {
    this.socket = s;
    s.setEncoding("utf8");
    s.on("error", () => undefined);
    s.on("data", (d: string) => {
      this.buffer += d;
      let i: number;
      while ((i = this.buffer.indexOf("\n")) >= 0) {
        this.answers.push(this.buffer.slice(0, i));
        this.buffer = this.buffer.slice(i + 1);
      }
      this.onLine();
    });
  }

  send(cmd: string): void {
    this.socket?.write(cmd + "\n");
  }

  close(): void {
    this.socket?.destroy();
    this.server.close();
  }
}

/** One side: a child process running the application, commanded over its control connection. */
export class Side {
  private out = "";
  private err = "";
  private exit: number | null | undefined = undefined;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly name: "iskra" | "pyspark",
    private readonly child: ChildProcess,
    private readonly control: Control,
    private readonly extra: () => string = () => "",
    log?: (chunk: string) => void,
  ) {
    control.onLine = () => this.changed();
    child.stdout!.on("data", (d) => {
      this.out += d;
      log?.(String(d));
      this.changed();
    });
    child.stderr!.on("data", (d) => {
      this.err = (this.err + d).slice(-20000);
    });
    child.on("close", (code) => {
      this.exit = code;
      this.changed();
    });
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  /** What the side printed (for Spark Connect: plus what the server printed since). */
  text(): string {
    return this.out + this.extra();
  }

  /** Resolves when `test()` holds; rejects when the process ends first or after `seconds`. */
  waitFor(what: string, test: () => boolean, seconds: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const poll = setInterval(() => check(), 250);
      const timer = setTimeout(() => done(new Error(`${this.name}: no ${what} after ${seconds} s${this.tail()}`)), seconds * 1000);
      const done = (e?: Error) => {
        clearInterval(poll);
        clearTimeout(timer);
        this.listeners.delete(check);
        if (e) reject(e);
        else resolve();
      };
      const check = () => {
        if (test()) done();
        else if (this.exit !== undefined) done(new Error(`${this.name} exited (${this.exit}) before ${what}${this.tail()}`));
      };
      this.listeners.add(check);
      check();
    });
  }

  private tail(): string {
    const lines = (this.out + "\n" + this.err).split("\n").filter((l) => l.trim() && !/^\d\d\/\d\d\/\d\d .* INFO /.test(l));
    return `:\n${lines.slice(-25).join("\n")}`;
  }

  /** The next answer on the control connection (`READY` first). */
  async answer(what: string, seconds: number): Promise<string> {
    const n = this.seen++;
    await this.waitFor(what, () => this.control.answers.length > n, seconds);
    return this.control.answers[n];
  }
  private seen = 0;

  /** Sends a command and waits for its answer. */
  command(cmd: string, seconds: number): Promise<string> {
    this.control.send(cmd);
    return this.answer(`an answer to ${cmd}`, seconds);
  }

  async end(seconds: number): Promise<number | null> {
    if (this.exit === undefined) this.control.send("stop");
    try {
      await this.waitFor("exit", () => false, seconds);
    } catch {
      /* exited, or timed out: killed below */
    }
    if (this.exit === undefined) {
      this.child.kill("SIGKILL");
      await new Promise((r) => this.child.once("close", r));
    }
    this.control.close();
    return this.exit ?? null;
  }
}

export interface PySparkSideOptions {
  /** The exported application (.py) and its arguments. */
  app: string;
  args: string[];
  pyspark: PySparkInstall;
  root: string;
  /** Python of the steps that fail on purpose (probe N). */
  probesJson?: string;
  env: NodeJS.ProcessEnv;
  /** Spark Connect: run `python app.py --remote URL`; the server's stdout is the side's output. */
  remote?: { url: string; serverOutput: () => string };
  log?: (chunk: string) => void;
}

/** Starts the exported application unchanged: under spark-submit, or with python over Spark Connect. */
export async function startPySparkSide(o: PySparkSideOptions): Promise<Side> {
  const control = await Control.listen();
  const harness = path.join(o.root, "scripts/spark-oracle/side_by_side.py");
  const harnessArgs = [harness, "--control", String(control.port), ...(o.probesJson ? ["--probes", o.probesJson] : []), o.app];
  const env = { ...o.env, PYSPARK_PYTHON: o.pyspark.python, PATH: `${path.dirname(o.pyspark.python)}${path.delimiter}${o.env.PATH ?? ""}` };
  const opts = { cwd: path.dirname(o.app), env, stdio: ["ignore", "pipe", "pipe"] as ["ignore", "pipe", "pipe"] };
  const child = o.remote
    ? spawn(o.pyspark.python, [...harnessArgs, "--remote", o.remote.url, ...o.args], opts)
    : spawn(o.pyspark.sparkSubmit, ["--master", "local[2]", "--conf", "spark.ui.enabled=false", "--packages", PACKAGES.join(","), ...harnessArgs, ...o.args], opts);
  const before = o.remote?.serverOutput().length ?? 0;
  return new Side("pyspark", child, control, o.remote ? () => o.remote!.serverOutput().slice(before) : undefined, o.log);
}
