/**
 * `npm run socket` — what the workshop's `nc -lk 9876` does: listens on a TCP port and sends
 * every line typed (or piped in) to every connected client, such as a query reading
 * `spark.readStream.format("socket").option("host", …).option("port", 9876)`.
 *
 *   npm run socket                        listen on port 9876, all interfaces
 *   npm run socket -- --port 9999         another port (or just: npm run socket -- 9999)
 *   npm run socket -- --host localhost    only this interface
 *   cat words.txt | npm run socket        send a file, then stop
 *   cat words.txt | npm run socket -- --keep-open
 *
 * Lines typed before any client connects are kept and sent to the first one, like nc, so a
 * piped file is not lost when the query starts later. Status goes to stderr; Ctrl+C stops, and
 * so does the end of piped input (unless --keep-open).
 */
import * as net from "node:net";
import * as os from "node:os";
import * as readline from "node:readline";
import type { Readable } from "node:stream";
import { parseArgs as parseCommandLine } from "node:util";

export const DEFAULT_PORT = 9876;

export const USAGE = `Usage: npm run socket -- [--port N] [--host H] [--keep-open]

Listens on a TCP port and sends every line you type (or pipe in) to every connected
client, like \`nc -lk 9876\` in the workshop. Point a streaming query at it:

  spark.readStream.format("socket").option("host", hostName).option("port", ${DEFAULT_PORT}).load()

Options:
  -p, --port N      port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  -H, --host H      interface to listen on (default: all interfaces)
  -k, --keep-open   keep listening after piped input ends (default: stop)
  -h, --help        show this help

Lines typed before a client connects are sent to the first client that connects.
Stop with Ctrl+C (or Ctrl+D to end the input).`;

export interface SenderArgs {
  host?: string;
  port: number;
  keepOpen: boolean;
  help: boolean;
}

export class UsageError extends Error {}

/** The command line, through node:util's parseArgs; a bare number is the port, as `nc -lk 9876`. */
export function parseArgs(argv: readonly string[]): SenderArgs {
  let parsed;
  try {
    parsed = parseCommandLine({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { help: { type: "boolean", short: "h" }, "keep-open": { type: "boolean", short: "k" }, port: { type: "string", short: "p" }, host: { type: "string", short: "H" } },
    });
  } catch (e) {
    const err = e as Error & { code?: string };
    const flag = /'(-[^' ]*)/.exec(err.message)?.[1] ?? "";
    // "Option '-p, --port <value>' argument missing": named by its long form, as the usage does.
    if (err.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") throw new UsageError(`${/--[\w-]+/.exec(err.message)?.[0] ?? flag} needs a value`);
    throw new UsageError(`Unknown argument "${flag || err.message}"`);
  }
  const { values, positionals } = parsed;
  const portOf = (v: string): number => {
    if (!/^\d+$/.test(v) || Number(v) > 65535) throw new UsageError(`Invalid port "${v}": use a number from 0 to 65535`);
    return Number(v);
  };
  // One bare number may stand for --port; anything else left over is unknown.
  const [bare, ...rest] = positionals;
  if (rest.length || (bare !== undefined && (values.port !== undefined || !/^\d+$/.test(bare)))) throw new UsageError(`Unknown argument "${rest[0] ?? bare}"`);
  if (values.host === "") throw new UsageError("--host needs a value");
  const port = values.port ?? bare;
  return { ...(values.host !== undefined ? { host: values.host } : {}), port: port === undefined ? DEFAULT_PORT : portOf(port), keepOpen: values["keep-open"] === true, help: values.help === true };
}

export interface SenderOptions {
  host?: string;
  port: number;
  keepOpen: boolean;
  input: Readable;
  /** Status lines (stderr in the CLI). */
  log: (message: string) => void;
}

export interface Sender {
  /** The port actually listened on. */
  port: number;
  /** Resolves when the sender has stopped (input ended, or stop()). */
  done: Promise<void>;
  stop(): Promise<void>;
}

/** Starts listening; rejects with a clear message when the port cannot be used. */
export function startSender(opts: SenderOptions): Promise<Sender> {
  return new Promise<Sender>((resolve, reject) => {
    const clients = new Set<net.Socket>();
    const queued: string[] = [];
    let inputEnded = false;
    let stopping = false;
    let resolveDone!: () => void;
    const done = new Promise<void>((r) => (resolveDone = r));
    const name = (s: net.Socket) => `${s.remoteAddress?.replace(/^::ffff:/, "")}:${s.remotePort}`;

    const server = net.createServer((socket) => {
      const who = name(socket);
      clients.add(socket);
      opts.log(`Client connected from ${who} (${clients.size} connected)`);
      socket.on("error", () => undefined); // a client vanishing is reported by "close"
      socket.on("close", () => {
        clients.delete(socket);
        if (!stopping) opts.log(`Client ${who} left (${clients.size} connected)`);
      });
      socket.on("drain", () => rl.resume());
      socket.resume(); // clients may send; nobody reads it (nc would print it)
      if (queued.length) {
        const n = queued.length;
        send(queued.splice(0));
        opts.log(`Sent ${n} line${n === 1 ? "" : "s"} typed before the client connected`);
      }
      if (inputEnded && !opts.keepOpen) void stop();
    });

    function send(lines: string[]): void {
      if (!lines.length) return;
      const data = lines.map((l) => l + "\n").join("");
      let full = false;
      for (const c of clients) if (!c.destroyed && !c.write(data)) full = true;
      if (full) rl.pause();
    }

    const rl = readline.createInterface({ input: opts.input, terminal: false, crlfDelay: Infinity });
    rl.pause();
    rl.on("line", (line) => {
      if (clients.size === 0) {
        queued.push(line);
        if (queued.length === 1) opts.log("No client connected yet: lines are kept and sent to the first client that connects.");
        return;
      }
      send([line]);
    });
    rl.on("close", () => {
      inputEnded = true;
      if (stopping) return;
      if (queued.length) {
        opts.log(`Input ended; waiting for a client to send ${queued.length} line${queued.length === 1 ? "" : "s"} to.`);
        return;
      }
      if (opts.keepOpen) opts.log("Input ended; still listening (--keep-open). Ctrl+C to stop.");
      else void stop();
    });

    async function stop(): Promise<void> {
      if (stopping) return done;
      stopping = true;
      rl.close();
      await Promise.all(
        [...clients].map(
          (c) =>
            new Promise<void>((r) => {
              if (c.destroyed) return r();
              c.end(() => r());
              setTimeout(() => {
                c.destroy();
                r();
              }, 1000).unref();
            }),
        ),
      );
      await new Promise<void>((r) => server.close(() => r()));
      resolveDone();
      return done;
    }

    server.once("error", (e: NodeJS.ErrnoException) => {
      rl.close();
      const where = `${opts.host ?? "all interfaces"}, port ${opts.port}`;
      if (e.code === "EADDRINUSE")
        reject(new Error(`Port ${opts.port} is already in use (${where}). Is another sender or nc running? Pick another port with --port.`));
      else if (e.code === "EACCES") reject(new Error(`Not allowed to listen on port ${opts.port} (${where}). Use a port above 1024.`));
      else if (e.code === "EADDRNOTAVAIL" || e.code === "ENOTFOUND") reject(new Error(`Cannot listen on host "${opts.host}": ${e.message}`));
      else reject(e);
    });
    server.listen({ port: opts.port, host: opts.host }, () => {
      const port = (server.address() as net.AddressInfo).port;
      const host = opts.host ?? os.hostname();
      opts.log(
        `Listening on ${opts.host ? `${opts.host}:${port}` : `port ${port} (all interfaces)`}. ` +
          `Type lines and press Enter; each goes to every connected client. Ctrl+C to stop.`,
      );
      opts.log(`Read it with: spark.readStream.format("socket").option("host", "${host}").option("port", ${port}).load()`);
      rl.resume();
      resolve({ port, done, stop });
    });
  });
}

async function main(): Promise<void> {
  let args: SenderArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const log = (m: string) => process.stderr.write(`${m}\n`);
  let sender: Sender;
  try {
    sender = await startSender({ host: args.host, port: args.port, keepOpen: args.keepOpen, input: process.stdin, log });
  } catch (e) {
    log((e as Error).message);
    process.exit(1);
  }
  const onSignal = () => {
    log("Stopping.");
    void sender.stop().then(() => process.exit(0));
    setTimeout(() => process.exit(0), 1500).unref();
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  await sender.done;
  process.exit(0);
}

if (require.main === module) void main();
