import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as net from "node:net";
import * as path from "node:path";
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { parseArgs, DEFAULT_PORT } from "./socket-sender";

const root = path.resolve(__dirname, "..", "..");
const script = path.join(__dirname, "socket-sender.ts");

function startChild(args: string[]): { child: ChildProcessWithoutNullStreams; stderr: () => string; port: Promise<number> } {
  const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", script, ...args], { cwd: root });
  let err = "";
  let onPort!: (p: number) => void;
  const port = new Promise<number>((r) => (onPort = r));
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (d: string) => {
    err += d;
    const m = /Listening on (?:port (\d+)|[^:\s]+:(\d+))/.exec(err);
    if (m) onPort(Number(m[1] ?? m[2]));
  });
  return { child, stderr: () => err, port };
}

/** A client like Spark's socket source: collects what it receives. */
async function client(port: number): Promise<{ text: () => string; ended: Promise<void>; socket: net.Socket }> {
  const socket = net.createConnection({ host: "127.0.0.1", port });
  await new Promise<void>((r, j) => socket.once("connect", r).once("error", j));
  let text = "";
  socket.setEncoding("utf8");
  socket.on("data", (d: string) => (text += d));
  const ended = new Promise<void>((r) => socket.once("end", r));
  return { text: () => text, ended, socket };
}

async function waitFor(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test("sends every typed line to every connected client, reports clients, stops at end of input", async () => {
  const { child, stderr, port } = startChild(["--port", "0", "--host", "127.0.0.1"]);
  const p = await port;
  assert.match(stderr(), new RegExp(`Listening on 127\\.0\\.0\\.1:${p}`));
  const a = await client(p);
  await waitFor(() => /Client connected from 127\.0\.0\.1:\d+ \(1 connected\)/.test(stderr()), "first client");
  child.stdin.write("spark scala scala spark\n");
  await waitFor(() => a.text() === "spark scala scala spark\n", "line at client a");
  const b = await client(p);
  await waitFor(() => /\(2 connected\)/.test(stderr()), "second client");
  child.stdin.write("structured streaming\r\nzażółć\n");
  await waitFor(() => b.text() === "structured streaming\nzażółć\n", "lines at client b");
  assert.equal(a.text(), "spark scala scala spark\nstructured streaming\nzażółć\n");
  b.socket.destroy();
  await waitFor(() => /left \(1 connected\)/.test(stderr()), "client leaving");
  child.stdin.end("last\n");
  await a.ended;
  assert.equal(a.text(), "spark scala scala spark\nstructured streaming\nzażółć\nlast\n");
  const code = await new Promise<number | null>((r) => child.once("exit", r));
  assert.equal(code, 0);
});

test("piped lines written before any client connects go to the first client, then it stops", async () => {
  const { child, stderr, port } = startChild(["--port=0"]);
  const p = await port;
  assert.match(stderr(), /Listening on port \d+ \(all interfaces\)/);
  child.stdin.end("one\ntwo\nthree");
  await waitFor(() => /Input ended; waiting for a client/.test(stderr()), "input end notice");
  const a = await client(p);
  await a.ended;
  assert.equal(a.text(), "one\ntwo\nthree\n");
  assert.equal(await new Promise<number | null>((r) => child.once("exit", r)), 0);
});

test("--keep-open keeps listening after the input ends; SIGINT stops it", async () => {
  const { child, stderr, port } = startChild(["-p", "0", "--keep-open"]);
  const p = await port;
  child.stdin.end();
  await waitFor(() => /still listening \(--keep-open\)/.test(stderr()), "keep-open notice");
  const a = await client(p);
  await waitFor(() => /1 connected/.test(stderr()), "client");
  child.kill("SIGINT");
  await a.ended;
  assert.equal(await new Promise<number | null>((r) => child.once("exit", r)), 0);
  assert.match(stderr(), /Stopping\./);
});

test("a port in use is a clear error; --help and bad arguments", async () => {
  const blocker = net.createServer();
  await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
  const busy = (blocker.address() as net.AddressInfo).port;
  const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", script, "--host", "127.0.0.1", "--port", String(busy)], {
    cwd: root, encoding: "utf8", input: "",
  });
  blocker.close();
  assert.equal(r.status, 1);
  assert.match(r.stderr, new RegExp(`Port ${busy} is already in use`));

  const help = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", script, "--help"], { cwd: root, encoding: "utf8" });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^Usage: npm run socket -- \[--port N\]/);
  const bad = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", script, "--prot", "1"], { cwd: root, encoding: "utf8" });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /Unknown argument "--prot"/);
});

test("argument parsing", () => {
  assert.deepEqual(parseArgs([]), { port: DEFAULT_PORT, keepOpen: false, help: false });
  assert.deepEqual(parseArgs(["9999"]), { port: 9999, keepOpen: false, help: false });
  assert.deepEqual(parseArgs(["--host", "localhost", "-p", "1234", "-k"]), { host: "localhost", port: 1234, keepOpen: true, help: false });
  assert.throws(() => parseArgs(["--port", "99999"]), /Invalid port "99999"/);
  assert.throws(() => parseArgs(["--port"]), /--port needs a value/);
  assert.throws(() => parseArgs(["-H"]), /--host needs a value/);
  assert.throws(() => parseArgs(["--bogus"]), /Unknown argument "--bogus"/);
  assert.throws(() => parseArgs(["9999", "x"]), /Unknown argument "x"/);
});

test("end to end: the socket source reads what the sender sends (the workshop's steps 6-11)", async () => {
  const { SocketSource } = await import("../../src/sources/socket-source");
  const { child, port } = startChild(["--port", "0", "--host", "127.0.0.1"]);
  const src = new SocketSource({ host: "127.0.0.1", port: await port });
  await src.start();
  child.stdin.write("spark scala scala spark structured streaming spark scala scala spark\n");
  let latest = -1;
  await waitFor(() => {
    void src.latestOffset().then((o) => (latest = o as number));
    return latest === 0;
  }, "the line at the source");
  assert.deepEqual(await src.getBatch(-1, 0), [["spark scala scala spark structured streaming spark scala scala spark"]]);
  child.stdin.end();
  await new Promise((r) => child.once("exit", r));
  await src.stop();
});
