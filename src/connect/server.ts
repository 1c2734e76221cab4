/**
 * Iskra's Spark Connect server: Spark 3.5's SparkConnectService over gRPC, in the engine's
 * process, so `pyspark --remote sc://127.0.0.1:15002` (the real PySpark client) runs on Iskra's
 * engine. Binds 127.0.0.1 unless told otherwise; with a token, every call must carry
 * `authorization: Bearer <token>`. A bad request (undecodable bytes, an unknown or unsupported
 * plan) ends that call with Spark's error and never the server.
 */
import * as grpc from "@grpc/grpc-js";
import { randomUUID } from "node:crypto";
import { AnalysisException, DataFrame, SparkSession } from "../index";
import { analyze } from "./analyze";
import { runCommand } from "./commands";
import { toStatus, unsupported } from "./errors";
import { Operation } from "./operation";
import { ConnectProtocol, loadProtocol } from "./protos";
import { foreachBatchWorker } from "./python-worker";
import { ConnectSession } from "./session";

type Msg = Record<string, any>;

export interface ConnectServerOptions {
  port?: number;
  host?: string;
  /** Required as `authorization: Bearer <token>` when set (Spark 4's spark.connect.authenticate.token). */
  token?: string;
  /** spark.connect.grpc.maxInboundMessageSize (Spark's default: 128 MiB). */
  maxInboundMessageSize?: number;
  /** The session new Connect sessions derive from (newSession()); a fresh one by default. */
  base?: SparkSession;
}

export const DEFAULT_PORT = 15002;

export class ConnectServer {
  private readonly sessions = new Map<string, ConnectSession>();
  private readonly operations = new Map<string, Operation>();
  private constructor(
    private readonly server: grpc.Server,
    private readonly proto: ConnectProtocol,
    private readonly base: SparkSession,
    readonly host: string,
    readonly port: number,
    private readonly token?: string,
  ) {}

  /** `sc://host:port` */
  get url(): string {
    return `sc://${this.host}:${this.port}`;
  }

  static async start(o: ConnectServerOptions = {}): Promise<ConnectServer> {
    const proto = await loadProtocol();
    const max = o.maxInboundMessageSize ?? 128 * 1024 * 1024;
    const server = new grpc.Server({ "grpc.max_receive_message_length": max, "grpc.max_send_message_length": -1 });
    const host = o.host ?? "127.0.0.1";
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`${host.includes(":") ? `[${host}]` : host}:${o.port ?? DEFAULT_PORT}`, grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
    );
    const base = o.base ?? SparkSession.builder.appName("Spark Connect server").config("spark.ui.enabled", "false").getOrCreate();
    const me = new ConnectServer(server, proto, base, host, port, o.token ?? undefined);
    server.addService(proto.service, me.handlers());
    return me;
  }

  async stop(): Promise<void> {
    for (const s of this.sessions.values()) await s.spark.streams.stopAll().catch(() => undefined);
    await new Promise<void>((r) => this.server.tryShutdown(() => r()));
  }

  // --- plumbing ------------------------------------------------------------------------------------
  private fail(e: unknown): grpc.StatusObject {
    return toStatus(e, this.proto);
  }

  private authorized(call: { metadata: grpc.Metadata }): grpc.StatusObject | null {
    if (!this.token) return null;
    const got = String(call.metadata.get("authorization")[0] ?? "");
    if (got === `Bearer ${this.token}`) return null;
    return { code: grpc.status.UNAUTHENTICATED, details: "Invalid authentication token", metadata: new grpc.Metadata() };
  }

  private session(req: Msg): ConnectSession {
    const sid: string = req.session_id ?? "";
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(sid))
      throw Object.assign(new Error(`[INVALID_HANDLE.FORMAT] The handle ${sid} is invalid. Handle must be an UUID string of the format '00112233-4455-6677-8899-aabbccddeeff'`), { errorClass: "INVALID_HANDLE.FORMAT", name: "SparkSQLException" });
    const uid: string = req.user_context?.user_id ?? "";
    // By session id alone: a foreachBatch worker joins its client's session under the server's user.
    const key = sid;
    let s = this.sessions.get(key);
    if (!s) {
      const Relation = this.proto.type("Relation");
      s = new ConnectSession(sid, uid, this.base.newSession(), (b) => Relation.toObject(Relation.decode(b), { oneofs: true, longs: Number, enums: String, bytes: Buffer }), foreachBatchWorker(this));
      this.sessions.set(key, s);
    }
    s.lastUsed = Date.now();
    return s;
  }

  /** Where workers reach this server (the foreachBatch worker connects back). */
  get connectUrl(): string {
    return `sc://${this.host === "0.0.0.0" || this.host === "::" ? "127.0.0.1" : this.host}:${this.port}${this.token ? `/;token=${this.token}` : ""}`;
  }

  private unary<Req, Res>(f: (req: Req) => Promise<Res> | Res): grpc.handleUnaryCall<Req, Res> {
    return (call, cb) => {
      const denied = this.authorized(call);
      if (denied) return cb(denied);
      Promise.resolve()
        .then(() => f(call.request))
        .then((r) => cb(null, r), (e) => cb(this.fail(e)));
    };
  }

  private handlers(): grpc.UntypedServiceImplementation {
    return {
      ExecutePlan: (call: grpc.ServerWritableStream<Msg, Msg>) => {
        const denied = this.authorized(call);
        if (denied) return call.destroy(Object.assign(new Error(denied.details), denied));
        let s: ConnectSession;
        try {
          s = this.session(call.request);
        } catch (e) {
          return this.endWithError(call, e);
        }
        const req = call.request;
        const opId: string = req.operation_id || randomUUID();
        const reattachable = (req.request_options ?? []).some((o: Msg) => o.reattach_options?.reattachable);
        if (this.operations.has(opId)) return this.endWithError(call, Object.assign(new Error(`[INVALID_HANDLE.OPERATION_ALREADY_EXISTS] The handle ${opId} is invalid. Operation already exists.`), { errorClass: "INVALID_HANDLE.OPERATION_ALREADY_EXISTS" }));
        const op = new Operation(s.sessionId, opId, req.tags ?? [], reattachable);
        this.operations.set(opId, op);
        op.attach(call, undefined, (e) => this.fail(e));
        op.run(() => this.execute(s, req.plan)).finally(() => {
          if (!reattachable) this.operations.delete(opId);
        });
      },
      ReattachExecute: (call: grpc.ServerWritableStream<Msg, Msg>) => {
        const denied = this.authorized(call);
        if (denied) return call.destroy(Object.assign(new Error(denied.details), denied));
        const op = this.operations.get(call.request.operation_id);
        if (!op) return this.endWithError(call, Object.assign(new Error(`[INVALID_HANDLE.OPERATION_NOT_FOUND] The handle ${call.request.operation_id} is invalid. Operation not found.`), { errorClass: "INVALID_HANDLE.OPERATION_NOT_FOUND" }));
        op.attach(call, call.request.last_response_id, (e) => this.fail(e));
      },
      ReleaseExecute: this.unary((req: Msg) => {
        const op = this.operations.get(req.operation_id);
        if (op && (req.release === "release_all" || op.releaseUntil(req.release_until?.response_id))) this.operations.delete(req.operation_id);
        return { session_id: req.session_id, operation_id: req.operation_id };
      }),
      AnalyzePlan: this.unary(async (req: Msg) => ({ session_id: req.session_id, ...(await analyze(this.session(req), req)) })),
      Config: this.unary((req: Msg) => ({ session_id: req.session_id, ...this.config(this.session(req), req.operation) })),
      AddArtifacts: (call: grpc.ServerReadableStream<Msg, Msg>, cb: grpc.sendUnaryData<Msg>) => {
        const denied = this.authorized(call);
        if (denied) return cb(denied);
        const summaries: Msg[] = [];
        let chunked: { name: string; parts: Buffer[]; s: ConnectSession } | undefined;
        const finishChunked = () => {
          if (!chunked) return;
          chunked.s.artifacts.set(chunked.name, Buffer.concat(chunked.parts));
          summaries.push({ name: chunked.name, is_crc_successful: true });
          chunked = undefined;
        };
        call.on("data", (req: Msg) => {
          try {
            const s = this.session(req);
            if (req.payload === "batch") {
              finishChunked();
              for (const a of req.batch.artifacts ?? []) {
                s.artifacts.set(a.name, Buffer.from(a.data?.data ?? []));
                summaries.push({ name: a.name, is_crc_successful: true });
              }
            } else if (req.payload === "begin_chunk") {
              finishChunked();
              chunked = { name: req.begin_chunk.name, parts: [Buffer.from(req.begin_chunk.initial_chunk?.data ?? [])], s };
            } else if (req.payload === "chunk" && chunked) chunked.parts.push(Buffer.from(req.chunk.data ?? []));
          } catch (e) {
            call.removeAllListeners("end");
            cb(this.fail(e));
          }
        });
        call.on("end", () => {
          finishChunked();
          cb(null, { artifacts: summaries });
        });
      },
      ArtifactStatus: this.unary((req: Msg) => {
        const s = this.session(req);
        return { statuses: Object.fromEntries((req.names ?? []).map((n: string) => [n, { exists: s.artifacts.has(n) }])) };
      }),
      Interrupt: this.unary((req: Msg) => {
        const s = this.session(req);
        const ids: string[] = [];
        for (const op of this.operations.values()) {
          if (op.sessionId !== s.sessionId || op.finished) continue;
          const hit = req.interrupt_type === "INTERRUPT_TYPE_ALL" || (req.interrupt_type === "INTERRUPT_TYPE_TAG" && op.tags.includes(req.operation_tag)) || (req.interrupt_type === "INTERRUPT_TYPE_OPERATION_ID" && op.id === req.operation_id);
          if (hit && op.interrupt()) ids.push(op.id);
        }
        return { session_id: req.session_id, interrupted_ids: ids };
      }),
    };
  }

  private endWithError(call: grpc.ServerWritableStream<Msg, Msg>, e: unknown): void {
    call.emit("error", this.fail(e));
  }

  /** What a plan produces, as ExecutePlanResponse payloads (ResultComplete is added by the operation). */
  private async execute(s: ConnectSession, plan: Msg | undefined): Promise<Msg[]> {
    if (plan?.op_type === "command") return runCommand(s, plan.command);
    if (plan?.op_type !== "root") throw unsupported("a plan without a relation or a command");
    const root = plan.root;
    const v = root[root.rel_type];
    const p = s.planner();
    switch (root.rel_type) {
      case "show_string": {
        const df = p.relation(v.input);
        const text = await df.showString(v.num_rows ?? 0, v.truncate ? v.truncate : false, !!v.vertical);
        const out = s.spark.createDataFrame([text], "show_string STRING");
        return s.resultBatches(out, [[text]]);
      }
      case "html_string": {
        const df = p.relation(v.input);
        const html = await htmlString(df, v.num_rows ?? 20, v.truncate ?? 20);
        return s.resultBatches(s.spark.createDataFrame([html], "html_string STRING"), [[html]]);
      }
      case "tail": {
        const df = p.relation(v.input);
        const rows = (await df.rows()) as unknown[][];
        return s.resultBatches(df, rows.slice(Math.max(rows.length - (v.limit ?? 0), 0)));
      }
      default: {
        const df = p.relation(root);
        if (df.isStreaming) throw new AnalysisException("Queries with streaming sources must be executed with writeStream.start();", "_LEGACY_ERROR_TEMP_3102");
        return s.resultBatches(df);
      }
    }
  }

  private config(s: ConnectSession, op: Msg | undefined): Msg {
    const v = op?.[op?.op_type] ?? {};
    const pair = (key: string, value: string | undefined) => (value === undefined ? { key } : { key, value });
    switch (op?.op_type) {
      case "set":
        for (const { key, value } of v.pairs ?? []) s.spark.conf.set(key, value ?? "");
        return { pairs: [] };
      case "get": return { pairs: (v.keys ?? []).map((k: string) => pair(k, s.confGetRequired(k))) };
      case "get_with_default": return { pairs: (v.pairs ?? []).map(({ key, value }: Msg) => pair(key, s.confGet(key, value))) };
      case "get_option": return { pairs: (v.keys ?? []).map((k: string) => pair(k, s.confGet(k))) };
      case "get_all": {
        const all = { ...s.spark.conf.getAll() };
        return { pairs: Object.entries(all).filter(([k]) => !v.prefix || k.startsWith(v.prefix)).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => pair(k, x)) };
      }
      case "unset":
        for (const k of v.keys ?? []) s.spark.conf.unset(k);
        return { pairs: [] };
      case "is_modifiable": return { pairs: (v.keys ?? []).map((k: string) => pair(k, String(!/^spark\.(master|app\.name|driver|executor|ui|jars|connect)\b/.test(k) || k.startsWith("spark.sql")))) };
      default: throw unsupported("this config operation");
    }
  }
}

/** Spark's Dataset.htmlString: the first rows as an HTML table (notebooks with eager evaluation). */
async function htmlString(df: DataFrame, n: number, truncate: number): Promise<string> {
  const esc = (t: string) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const text = await df.showString(n, truncate || false);
  const lines = text.split("\n").filter((l) => l.startsWith("|"));
  const cells = (l: string) => l.slice(1, -1).split("|").map((c) => esc(c.trim()));
  const [head, ...body] = lines;
  const more = /only showing top (\d+) rows?/.exec(text);
  return `<table border='1'>\n<tr>${cells(head ?? "||").map((c) => `<th>${c}</th>`).join("")}</tr>\n${body.map((l) => `<tr>${cells(l).map((c) => `<td>${c}</td>`).join("")}</tr>\n`).join("")}</table>\n${more ? `only showing top ${more[1]} ${more[1] === "1" ? "row" : "rows"}\n` : ""}`;
}
