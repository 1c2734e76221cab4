/**
 * `workshop`: helpers that stand in for the workshop's other terminals, so one shell (or the
 * non-interactive replay) can do everything:
 *   - `workshop.lineServer(9876)`: what `nc -lk 9876` / `npm run socket` does, inside the shell;
 *   - `sh("npm run produce -- $KAFKA kafka-input json 2 5")`: runs the project's scripts (produce,
 *     topics, offsets) or any shell command, printing their output above the prompt.
 */
import * as fs from "node:fs";
import { spawn } from "node:child_process";
import * as net from "node:net";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");

export interface LineServer {
  readonly port: number;
  /** Sends lines (a string may hold several) to every connected client; kept until one connects. */
  send(...lines: string[]): void;
  /** Resolves when at least one client is connected. */
  waitForClient(timeoutMs?: number): Promise<void>;
  readonly clients: number;
  close(): Promise<void>;
}

/** Listens like `nc -lk <port>` (all interfaces; port 0 picks a free one). */
export function lineServer(port = 9876, host?: string): Promise<LineServer> {
  const sockets = new Set<net.Socket>();
  const pending: string[] = [];
  let waiters: Array<() => void> = [];
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on("error", () => sockets.delete(s));
    s.on("close", () => sockets.delete(s));
    if (pending.length) s.write(pending.splice(0).map((l) => l + "\n").join(""));
    for (const w of waiters.splice(0)) w();
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, host }, () => {
      server.off("error", reject);
      const actual = (server.address() as net.AddressInfo).port;
      const api: LineServer = {
        port: actual,
        send(...lines: string[]) {
          const all = lines.flatMap((l) => String(l).split("\n"));
          if (sockets.size === 0) {
            pending.push(...all);
            return;
          }
          const text = all.map((l) => l + "\n").join("");
          for (const s of sockets) s.write(text);
        },
        waitForClient(timeoutMs = 10000) {
          if (sockets.size > 0) return Promise.resolve();
          return new Promise<void>((res, rej) => {
            const t = setTimeout(() => rej(new Error(`no client connected to port ${actual} within ${timeoutMs} ms`)), timeoutMs);
            waiters.push(() => {
              clearTimeout(t);
              res();
            });
          });
        },
        get clients() {
          return sockets.size;
        },
        close() {
          waiters = [];
          for (const s of sockets) s.destroy();
          return new Promise<void>((res) => server.close(() => res()));
        },
      };
      open.add(api);
      const close = api.close;
      api.close = () => {
        open.delete(api);
        return close();
      };
      resolve(api);
    });
  });
}

const open = new Set<LineServer>();
/** Closes every line server the shell opened (on exit). */
export async function closeLineServers(): Promise<void> {
  await Promise.all([...open].map((s) => s.close()));
}

/** `npm run <name>` scripts run directly: their TypeScript file, as package.json's "scripts" names it. */
const DIRECT = ["produce", "topics", "offsets", "socket"];
let scriptFiles: Map<string, string> | undefined;
function scriptFile(name: string): string | undefined {
  if (!scriptFiles) {
    const scripts: Record<string, string> = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts ?? {};
    scriptFiles = new Map(DIRECT.flatMap((n) => { const f = / (\S+\.ts)\b/.exec(scripts[n] ?? "")?.[1]; return f ? [[n, f] as [string, string]] : []; }));
  }
  return scriptFiles.get(name);
}

/** Splits a command line on spaces, honouring simple quotes. */
function words(cmd: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(cmd))) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

export interface ShOptions {
  print: (text: string) => void;
  kafkaBootstrap: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs a command as the workshop's other terminals would. `npm run <produce|topics|offsets> -- …`
 * runs the project's script directly (fast start, no npm banner); anything else goes to /bin/sh.
 * `$KAFKA` stands for the configured bootstrap servers. Resolves when the command succeeds (with
 * nothing, so the prompt prints nothing more), rejects when it fails.
 */
export function sh(cmd: string, opts: ShOptions): Promise<void> {
  const text = cmd.replace(/\$KAFKA\b/g, opts.kafkaBootstrap);
  const w = words(text);
  let file: string;
  let args: string[];
  const script = w[0] === "npm" && w[1] === "run" ? scriptFile(w[2]) : undefined;
  if (script) {
    const rest = w.slice(3);
    if (rest[0] === "--") rest.shift();
    file = process.execPath;
    args = ["-r", path.join(__dirname, "ts-hook.js"), path.join(ROOT, script), ...rest];
  } else {
    file = "/bin/sh";
    args = ["-c", text];
  }
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: ROOT, env: { ...process.env, ...opts.env }, stdio: ["ignore", "pipe", "pipe"] });
    let partial = "";
    const forward = (chunk: Buffer) => {
      const s = partial + chunk.toString("utf8").replace(/\r\n/g, "\n").replace(/\r/g, "\n");
      const cut = s.lastIndexOf("\n");
      partial = s.slice(cut + 1);
      if (cut >= 0) opts.print(s.slice(0, cut + 1));
    };
    child.stdout.on("data", forward);
    child.stderr.on("data", forward);
    child.once("error", reject);
    child.once("close", (code) => {
      if (partial) opts.print(partial + "\n");
      if (code === 0) resolve();
      else reject(new Error(`\`${text}\` exited with code ${code}`));
    });
  });
}
