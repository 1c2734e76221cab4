/**
 * The services the workshop needs around the engine:
 * - PostgreSQL: `PG_URL` when set, else the embedded server on the workshop's coordinates
 *   (127.0.0.1:8432, postgres / mysecretpassword, database streamoutput), started in the
 *   background so the prompt is not delayed, stopped on exit;
 * - Kafka: `KAFKA_BOOTSTRAP_SERVERS` (default 127.0.0.1:9092), probed once for the banner; when
 *   it is not set and nothing answers on 127.0.0.1:9092, Iskra's own embedded broker (written in
 *   TypeScript, data under .iskra/kafka) is started in this process, so the Kafka lessons need
 *   nothing but Node (ISKRA_EMBEDDED_KAFKA=0 turns that off);
 * - `sql("select …")`: runs a statement on that PostgreSQL with `pg` and prints a cli-table3 table.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { PostgresHandle } from "../connectors/postgres/embedded";
import { tcpAnswers } from "./service-state";
import { ruledTable } from "./table";

export const WORKSHOP_PG = { host: "127.0.0.1", port: 8432, user: "postgres", password: "mysecretpassword", database: "streamoutput" };

/** The workshop's PostgreSQL coordinates; ISKRA_PG_PORT moves the embedded server (tests). */
export function workshopPg(env: NodeJS.ProcessEnv = process.env): typeof WORKSHOP_PG {
  const port = Number(env.ISKRA_PG_PORT);
  return Number.isInteger(port) && port > 0 ? { ...WORKSHOP_PG, port } : WORKSHOP_PG;
}

/** The embedded broker's port: 9092, or ISKRA_EMBEDDED_KAFKA_PORT (tests). */
export function embeddedKafkaPort(env: NodeJS.ProcessEnv = process.env): number {
  const port = Number(env.ISKRA_EMBEDDED_KAFKA_PORT);
  return Number.isInteger(port) && port > 0 ? port : 9092;
}

export interface PgTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** `jdbc:postgresql://host:port/db` (no credentials, as the workshop writes it). */
  jdbcUrl: string;
  /** true when PG_URL names the server (nothing is started). */
  external: boolean;
}

/** The PostgreSQL the shell talks to, known without starting anything (PG_URL or the workshop's). */
export function pgTarget(env: NodeJS.ProcessEnv = process.env): PgTarget {
  const raw = env.PG_URL?.trim();
  if (!raw) {
    const w = workshopPg(env);
    return { ...w, jdbcUrl: `jdbc:postgresql://${w.host}:${w.port}/${w.database}`, external: false };
  }
  const u = new URL(raw.replace(/^jdbc:/i, "").replace(/^postgresql:/i, "postgres:"));
  const params = u.searchParams;
  const host = u.hostname || "localhost";
  const port = Number(u.port || 5432);
  const database = decodeURIComponent(u.pathname.replace(/^\//, "")) || "postgres";
  return {
    host,
    port,
    user: decodeURIComponent(u.username) || params.get("user") || "postgres",
    password: decodeURIComponent(u.password) || params.get("password") || "",
    database,
    jdbcUrl: `jdbc:postgresql://${host}:${port}/${database}`,
    external: true,
  };
}

/** The psql command that reaches the server (the workshop's fixed password shown; any other masked). */
/** The psql command for the shell's PostgreSQL: the workshop's public default password is shown for the embedded server only; a server of PG_URL's never has its password printed. */
export function psqlHint(t: PgTarget): string {
  const pw = !t.external && t.password === WORKSHOP_PG.password ? t.password : "***";
  return `PGPASSWORD=${pw} psql -h ${t.host} -p ${t.port} -U ${t.user} ${t.database}`;
}

export type PgState = "idle" | "starting" | "ready" | "failed";

export class Services {
  readonly pg: PgTarget;
  readonly kafkaBootstrap: string;
  pgState: PgState = "idle";
  pgError?: Error;
  kafkaReachable?: boolean;
  /** Set when this shell runs the embedded Kafka broker. */
  kafkaEmbedded?: { stop(): Promise<void> };
  kafkaEmbeddedError?: Error;
  /** While the background broker starts (connect returned "starting"): resolves true once it answers, rejects with why not. */
  kafkaStarting?: Promise<boolean>;
  private pgHandle?: PostgresHandle;
  private pgReady?: Promise<PgTarget>;

  /** ISKRA_NO_SERVICES=1: start nothing in the background and probe nothing (benchmarks, quick checks); PostgreSQL still starts on first use. */
  readonly noBackground: boolean;
  /** ISKRA_SERVICES=attached: the embedded services run in the shell's process and stop with it (tests; the old behaviour). */
  readonly attached: boolean;
  /** The background process (service-host.ts) that runs this shell's embedded services, when one does: they outlive the shell. */
  background?: { home: string; pid: number; reused: boolean; kafka: boolean; postgres: boolean; postgresReady: boolean };

  constructor(readonly env: NodeJS.ProcessEnv = process.env) {
    this.noBackground = env.ISKRA_NO_SERVICES === "1";
    this.attached = env.ISKRA_SERVICES === "attached";
    this.pg = pgTarget(env);
    this.kafkaBootstrap = env.KAFKA_BOOTSTRAP_SERVERS?.trim() || `127.0.0.1:${embeddedKafkaPort(env)}`;
  }

  /**
   * For the interactive shell: finds the background services process (or starts one, detached)
   * for what must be embedded — the broker when no Kafka was named and nothing answers, PostgreSQL
   * when PG_URL is not set — so they keep running after the shell quits. With ISKRA_SERVICES=attached,
   * or when that process cannot start, the broker runs in this process instead (stopped with it).
   * Resolves whether Kafka answers (the banner's line), or "starting" when the background broker is
   * still coming up: the prompt never waits for it; kafkaStarting settles when it is up (or failed).
   */
  async connect(home: string): Promise<boolean | "starting"> {
    const { ensureServices, waitForBackgroundKafka }: typeof import("./service-client") = require("./service-client");
    const { requestKafka, runningState }: typeof import("./service-state") = require("./service-state");
    const port = embeddedKafkaPort(this.env);
    const ownsBootstrap = (st: { kafka?: { port: number } } | undefined) => !!st?.kafka && this.kafkaBootstrap === `127.0.0.1:${st.kafka.port}`;
    const existing = this.attached ? undefined : runningState(home);
    const up = (ownsBootstrap(existing) && !!existing!.kafka!.ready) || (await this.probeKafka(300));
    const wantKafka = !up && this.canEmbedKafka();
    const wantPg = !this.pg.external;
    if (!this.attached && (existing || wantKafka || wantPg)) {
      const r = await ensureServices(home, { kafkaPort: wantKafka ? port : undefined, postgres: wantPg, waitForKafka: false }, this.env);
      // The running process was started without the broker (that shell had KAFKA_BOOTSTRAP_SERVERS set): it takes it over.
      if (r && wantKafka && (!r.state.kafka || r.state.kafka.error) && requestKafka(home, r.state.pid, port))
        r.state.kafka = { host: "127.0.0.1", port, ready: false, dataDir: path.join(home, "kafka") };
      if (r) {
        const kafka = ownsBootstrap(r.state) && !r.state.kafka!.error;
        const postgres = wantPg && !!r.state.postgres && r.state.postgres.port === this.pg.port;
        this.background = { home, pid: r.state.pid, reused: r.reused, kafka, postgres, postgresReady: postgres && r.state.postgres!.ready };
        if (kafka && r.state.kafka!.ready) {
          this.kafkaReachable = true;
          return true;
        }
        if (kafka) {
          // Up in the background; if it fails there, the broker runs in this process instead.
          this.kafkaStarting = waitForBackgroundKafka(home, r.state.pid).then(
            () => (this.kafkaReachable = true),
            (e: Error) => {
              this.background!.kafka = false;
              return this.startEmbeddedKafka(home, port).then((ok) => (ok ? ok : Promise.reject(this.kafkaEmbeddedError ?? e)));
            },
          );
          this.kafkaStarting.catch(() => undefined);
          return "starting";
        }
        if (!wantKafka) return up;
      }
    }
    // The old way: the broker inside this process.
    if (wantKafka) return this.startEmbeddedKafka(home, port);
    return up;
  }

  /** Awaits the background broker when it is still starting (anything that may use Kafka calls this); never rejects. */
  async kafkaSettled(): Promise<void> {
    await this.kafkaStarting?.catch(() => undefined);
  }

  /** Starts (or, with PG_URL, checks) PostgreSQL once; resolves when it accepts connections. */
  startPostgres(): Promise<PgTarget> {
    if (!this.pgReady) {
      this.pgState = "starting";
      const bg = this.background;
      this.pgReady = (async () => {
        if (bg?.postgres) {
          // The background process runs it: wait until it is ready there, then check we get in.
          const { waitForBackgroundPostgres }: typeof import("./service-client") = require("./service-client");
          await waitForBackgroundPostgres(bg.home, bg.pid);
          await this.ping();
        } else {
          const { resolvePostgres }: typeof import("../connectors/postgres/embedded") = require("../connectors/postgres/embedded");
          const handle = await resolvePostgres({ port: this.pg.port, user: this.pg.user, password: this.pg.password, database: this.pg.database }, this.env);
          this.pgHandle = handle;
          if (handle.kind === "external" && this.pg.external) await this.ping();
        }
        this.pgState = "ready";
        return this.pg;
      })();
      this.pgReady.catch((e: Error) => {
        this.pgState = "failed";
        this.pgError = e;
      });
    }
    return this.pgReady;
  }

  /** Resolves once PostgreSQL is up (starting it if nobody did); rejects with the start-up error. */
  waitForPostgres(): Promise<PgTarget> {
    return this.startPostgres();
  }

  /** What the banner says about PostgreSQL right now. */
  describePg(): string {
    const where = `${this.pg.host}:${this.pg.port}/${this.pg.database}`;
    if (this.pg.external) return `PostgreSQL (PG_URL) at ${where}`;
    return `embedded PostgreSQL at ${where}`;
  }

  /** Whether something accepts TCP connections at one of the bootstrap servers (a fast check for the banner). */
  async probeKafka(timeoutMs = 500): Promise<boolean> {
    const servers = this.kafkaBootstrap.split(",").map((s) => s.trim().replace(/^[a-z]+:\/\//i, "")).filter(Boolean);
    const tries = servers.map((s) => {
      const i = s.lastIndexOf(":");
      return tcpAnswers(s.slice(0, i).replace(/^\[|\]$/g, ""), Number(s.slice(i + 1)), timeoutMs);
    });
    const results = await Promise.all(tries);
    this.kafkaReachable = results.some(Boolean);
    return this.kafkaReachable;
  }

  /** True when the embedded broker may stand in for Kafka: no KAFKA_BOOTSTRAP_SERVERS given, not disabled. */
  canEmbedKafka(): boolean {
    return !this.env.KAFKA_BOOTSTRAP_SERVERS?.trim() && this.env.ISKRA_EMBEDDED_KAFKA !== "0" && !this.noBackground;
  }

  /**
   * Starts Iskra's embedded Kafka broker on 127.0.0.1:9092 in this process (topics kept under
   * `<home>/kafka`, its log in `<home>/kafka.log`). Resolves true once it answers.
   */
  async startEmbeddedKafka(home: string, port = 9092): Promise<boolean> {
    try {
      const { startEmbeddedKafka }: typeof import("../connectors/kafka/embedded") = require("../connectors/kafka/embedded");
      fs.mkdirSync(home, { recursive: true });
      const logFile = path.join(home, "kafka.log");
      const broker = await startEmbeddedKafka({
        host: "127.0.0.1",
        port,
        dataDir: path.join(home, "kafka"),
        defaultPartitions: 1,
        log: (line) => fs.appendFile(logFile, line + "\n", () => undefined),
      });
      this.kafkaEmbedded = broker;
      this.kafkaReachable = true;
      return true;
    } catch (e) {
      this.kafkaEmbeddedError = e as Error;
      return false;
    }
  }

  /** A connected pg client for the configured server (caller ends it). */
  async client(): Promise<import("pg").Client> {
    await this.waitForPostgres();
    const { Client } = require("pg") as typeof import("pg");
    const c = new Client({ host: this.pg.host, port: this.pg.port, user: this.pg.user, password: this.pg.password, database: this.pg.database, connectionTimeoutMillis: 5000 });
    c.on("error", () => undefined);
    await c.connect();
    return c;
  }

  /** Runs one statement; returns its fields and rows (values as pg parses them). */
  async query(text: string, params: unknown[] = []): Promise<{ command: string; fields: string[]; rows: Record<string, unknown>[]; rowCount: number | null }> {
    const c = await this.client();
    try {
      const r = params.length ? await c.query(text, params) : await c.query(text);
      const last = Array.isArray(r) ? r[r.length - 1] : r;
      return { command: last.command, fields: (last.fields ?? []).map((f: { name: string }) => f.name), rows: last.rows ?? [], rowCount: last.rowCount };
    } finally {
      await c.end().catch(() => undefined);
    }
  }

  private async ping(): Promise<void> {
    const c = await (async () => {
      const { Client } = require("pg") as typeof import("pg");
      const cl = new Client({ host: this.pg.host, port: this.pg.port, user: this.pg.user, password: this.pg.password, database: this.pg.database, connectionTimeoutMillis: 5000 });
      cl.on("error", () => undefined);
      await cl.connect();
      return cl;
    })();
    await c.end().catch(() => undefined);
  }

  /** Stops the embedded PostgreSQL and broker if this process started them (never the background process's). */
  async stop(): Promise<void> {
    // Leaving while it still starts: let it come up, then stop it (never leave a server behind).
    if (this.pgState === "starting" && this.pgReady && !this.background?.postgres) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.pgReady.catch(() => undefined), new Promise((r) => (timer = setTimeout(r, 60000)))]);
      clearTimeout(timer);
    }
    const h = this.pgHandle;
    this.pgHandle = undefined;
    if (h) await h.stop().catch(() => undefined);
    const k = this.kafkaEmbedded;
    this.kafkaEmbedded = undefined;
    if (k) await k.stop().catch(() => undefined);
  }
}

/** Formats a query result the way the shell prints it: a cli-table3 table and psql's "(N rows)". */
export function formatSqlResult(r: { command: string; fields: string[]; rows: Record<string, unknown>[]; rowCount: number | null }, colors = false): string {
  if (!r.fields.length) return `${r.command ?? "OK"}${r.rowCount !== null && r.command !== "CREATE" && r.command !== "DROP" ? " " + r.rowCount : ""}`;
  const isNumber = (v: unknown) => v === null || typeof v === "number" || typeof v === "bigint" || (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v));
  const numeric = r.fields.map((f) => r.rows.length > 0 && r.rows.every((row) => isNumber(row[f])));
  const table = ruledTable(r.fields, r.rows.map((row) => r.fields.map((f) => cell(row[f]))), { colors, aligns: numeric.map((n) => (n ? "right" : "left")) });
  const n = r.rows.length;
  return `${table}\n(${n} ${n === 1 ? "row" : "rows"})`;
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString().replace("T", " ").replace("Z", "");
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}
