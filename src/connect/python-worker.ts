/**
 * foreachBatch over Spark Connect, as Spark's server runs it (StreamingPythonRunner,
 * StreamingForeachBatchHelper): the client's function arrives cloudpickled (a PythonUDF) and runs in
 * PySpark's own worker, `python -m pyspark.sql.connect.streaming.worker.foreach_batch_worker`,
 * started with the client's Python (spark.connect.python.executable, else PYSPARK_PYTHON, else
 * python3). The worker connects to a one-off local socket (PYTHON_WORKER_FACTORY_PORT/SECRET:
 * length-prefixed secret, "ok"), sends its pid, receives the Python version to check, the session
 * id and the function; then per micro-batch a DataFrame id and the batch id, and answers 0 once the
 * function returned. It reaches the batch over Connect (SPARK_CONNECT_LOCAL_URL: this server) as a
 * CachedRemoteRelation of that id. A worker that dies (the function raised) fails the query with
 * its Python traceback, as Spark's PythonException.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import * as net from "node:net";
import { DataFrame, DataStreamWriter, IllegalArgumentException, PythonException } from "../index";
import type { ConnectSession } from "./session";

type Msg = Record<string, any>;

/** Reads length-prefixed frames and big-endian ints from the worker's socket. */
class Wire {
  private buf = Buffer.alloc(0);
  private waiting?: { n: number; resolve: (b: Buffer) => void; reject: (e: Error) => void };
  private closed?: Error;
  constructor(private readonly socket: net.Socket) {
    socket.on("data", (d) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.pump();
    });
    const end = (e?: Error) => {
      this.closed = e ?? new Error("the foreachBatch worker closed its connection");
      this.pump();
    };
    socket.on("error", end);
    socket.on("close", () => end());
  }
  private pump(): void {
    const w = this.waiting;
    if (!w) return;
    if (this.buf.length >= w.n) {
      this.waiting = undefined;
      const b = this.buf.subarray(0, w.n);
      this.buf = this.buf.subarray(w.n);
      w.resolve(b);
    } else if (this.closed) {
      this.waiting = undefined;
      w.reject(this.closed);
    }
  }
  read(n: number): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.waiting = { n, resolve, reject };
      this.pump();
    });
  }
  async int(): Promise<number> {
    return (await this.read(4)).readInt32BE(0);
  }
  async frame(): Promise<Buffer> {
    return this.read(await this.int());
  }
  write(...parts: Array<Buffer | string | number | bigint>): void {
    for (const p of parts) {
      if (typeof p === "number") {
        const b = Buffer.alloc(4);
        b.writeInt32BE(p);
        this.socket.write(b);
      } else if (typeof p === "bigint") {
        const b = Buffer.alloc(8);
        b.writeBigInt64BE(p);
        this.socket.write(b);
      } else {
        const b = typeof p === "string" ? Buffer.from(p, "utf8") : p;
        const len = Buffer.alloc(4);
        len.writeInt32BE(b.length);
        this.socket.write(Buffer.concat([len, b]));
      }
    }
  }
}

/** The Python a session's workers run: spark.connect.python.executable, PYSPARK_PYTHON, python3. */
function pythonOf(s: ConnectSession): string {
  return s.spark.conf.get("spark.connect.python.executable") || process.env.PYSPARK_PYTHON || "python3";
}

class ForeachBatchWorker {
  private stderr = "";
  private queue: Promise<unknown> = Promise.resolve();
  private constructor(private readonly child: ChildProcess, private readonly wire: Wire, private readonly python: string) {}

  static async start(s: ConnectSession, connectUrl: string, fn: Msg): Promise<ForeachBatchWorker> {
    const python = pythonOf(s);
    const secret = randomBytes(16).toString("hex");
    const listener = net.createServer();
    await new Promise<void>((r) => listener.listen(0, "127.0.0.1", () => r()));
    const port = (listener.address() as net.AddressInfo).port;
    const child = spawn(python, ["-m", "pyspark.sql.connect.streaming.worker.foreach_batch_worker"], {
      env: { ...process.env, PYTHON_WORKER_FACTORY_PORT: String(port), PYTHON_WORKER_FACTORY_SECRET: secret, SPARK_CONNECT_LOCAL_URL: connectUrl, PYTHONUNBUFFERED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    // The worker's own output goes where Spark's server sends it: the server's log (stderr).
    child.stdout!.on("data", (d) => process.stderr.write(d));
    child.stderr!.on("data", (d) => (stderr = (stderr + d).slice(-20000)));
    const exited = new Promise<never>((_, reject) => {
      child.once("error", (e) => reject(new IllegalArgumentException(`The Python for foreachBatch workers could not be started: ${python} (${(e as NodeJS.ErrnoException).code ?? e.message}). Set spark.connect.python.executable or PYSPARK_PYTHON to a Python with pyspark[connect] 3.5.`)));
      child.once("exit", (code) => reject(new PythonException(`The foreachBatch worker (${python}) exited with code ${code} before it started:\n${stderr.trim() || "(no output)"}`)));
    });
    try {
      const socket = await Promise.race([new Promise<net.Socket>((r) => listener.once("connection", r)), exited]);
      listener.close();
      const wire = new Wire(socket);
      const auth = (await Promise.race([wire.frame(), exited])).toString("utf8");
      if (auth !== secret) throw new PythonException("The foreachBatch worker did not authenticate.");
      wire.write("ok");
      await Promise.race([wire.int(), exited]); // its pid
      wire.write(String(fn.python_ver ?? ""), s.sessionId, Buffer.from(fn.command ?? []));
      const ok = await Promise.race([wire.int(), exited]);
      if (ok !== 0) throw new PythonException(`The foreachBatch worker failed to start (${ok}).`);
      const w = new ForeachBatchWorker(child, wire, python);
      child.stderr!.on("data", (d) => (w.stderr = (w.stderr + d).slice(-20000)));
      w.stderr = stderr;
      child.once("exit", () => undefined);
      return w;
    } catch (e) {
      listener.close();
      child.kill();
      if (e instanceof PythonException && /PYTHON_VERSION_MISMATCH|Python in worker has different version/.test(e.message))
        throw new PythonException(`The foreachBatch worker's Python (${python}) is not the client's (${fn.python_ver}): set spark.connect.python.executable or PYSPARK_PYTHON to a Python ${fn.python_ver}.\n${e.message}`);
      throw e;
    }
  }

  /** Runs the function on one batch; resolves when the worker answered, rejects with its traceback when it died. */
  run(dfId: string, batchId: number): Promise<void> {
    const next = this.queue.then(async () => {
      this.wire.write(dfId, BigInt(batchId));
      try {
        await this.wire.int();
      } catch {
        await new Promise((r) => setTimeout(r, 200)); // let its traceback arrive
        throw new PythonException(`\n  An exception was thrown from the Python worker. Please see the stack trace below.\n${this.stderr.trim().split("\n").filter((l) => !/^Streaming foreachBatch worker/.test(l)).join("\n")}`);
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  stop(): void {
    if (this.child.exitCode === null) this.child.kill();
  }

  get executable(): string {
    return this.python;
  }
}

/** foreachBatch(fn) on a writer, for the client's serialised function, as the server at `connectUrl()` runs it. */
export function foreachBatchWorker(server: { connectUrl: string }): (s: ConnectSession, w: DataStreamWriter, fn: Msg) => Promise<(q: { awaitTermination(): Promise<unknown> } | null) => void> {
  return async (s, w, fn) => {
    if (fn.function !== "python_function") throw new IllegalArgumentException("foreachBatch over Spark Connect takes a Python function.");
    const worker = await ForeachBatchWorker.start(s, server.connectUrl, fn.python_function);
    w.foreachBatch((df: DataFrame, batchId: number) => {
      const id = randomUUID();
      s.cacheDataFrame(id, df);
      return worker.run(id, batchId).finally(() => s.uncacheDataFrame(id));
    });
    // The worker lives as long as its query.
    return (q) => (q ? void q.awaitTermination().catch(() => undefined).finally(() => worker.stop()) : worker.stop());
  };
}
