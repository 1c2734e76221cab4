/**
 * The Connect server against bad input, without PySpark: raw gRPC calls with random bytes, a
 * truncated message, a plan with unknown fields and relation types, a wrong token. Each gets a
 * clear status; the server keeps serving (a Config call after each still answers).
 */
import { strict as assert } from "node:assert";
import * as grpc from "@grpc/grpc-js";
import { randomBytes, randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { SparkSession } from "../index";
import { ConnectServer } from "./server";
import { loadProtocol } from "./protos";

const SERVICE = "/spark.connect.SparkConnectService/";
let server: ConnectServer;
let tokenServer: ConnectServer;

function rawClient(s: ConnectServer): grpc.Client {
  return new grpc.Client(`127.0.0.1:${s.port}`, grpc.credentials.createInsecure());
}

/** One unary call with raw bytes; resolves to the reply bytes or the error. */
function unary(c: grpc.Client, method: string, body: Buffer, md = new grpc.Metadata()): Promise<Buffer | grpc.ServiceError> {
  return new Promise((resolve) => c.makeUnaryRequest(SERVICE + method, (b: Buffer) => b, (b: Buffer) => b, body, md, (e, r) => resolve(e ?? r!)));
}

/** A server-streaming ExecutePlan with raw bytes; resolves to the replies or the error. */
function execute(c: grpc.Client, body: Buffer, md = new grpc.Metadata()): Promise<Buffer[] | grpc.ServiceError> {
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    const call = c.makeServerStreamRequest(SERVICE + "ExecutePlan", (b: Buffer) => b, (b: Buffer) => b, body, md);
    call.on("data", (d: Buffer) => out.push(d));
    call.on("error", (e: grpc.ServiceError) => resolve(e));
    call.on("end", () => resolve(out));
  });
}

async function encode(type: string, obj: Record<string, unknown>): Promise<Buffer> {
  const t = (await loadProtocol()).type(type);
  return Buffer.from(t.encode(t.fromObject(obj)).finish());
}

async function stillServes(s: ConnectServer, md?: grpc.Metadata): Promise<void> {
  const body = await encode("ConfigRequest", { session_id: randomUUID(), operation: { get_option: { keys: ["spark.sql.session.timeZone"] } } });
  const r = await unary(rawClient(s), "Config", body, md);
  assert.ok(Buffer.isBuffer(r), `Config after bad input: ${(r as Error).message}`);
  const reply = (await loadProtocol()).type("ConfigResponse").decode(r as Buffer).toJSON();
  assert.equal(reply.pairs[0].key, "spark.sql.session.timeZone");
}

describe("the Spark Connect server on bad input", () => {
  before(async () => {
    const base = SparkSession.builder.config("spark.ui.enabled", "false").getOrCreate().newSession();
    server = await ConnectServer.start({ port: 0, base, maxInboundMessageSize: 1024 * 1024 });
    tokenServer = await ConnectServer.start({ port: 0, base, token: "s3cret" });
  });
  after(async () => {
    await server.stop();
    await tokenServer.stop();
  });

  it("random bytes and a truncated message: an error status, and the server keeps serving", async () => {
    for (const body of [randomBytes(512), (await encode("ExecutePlanRequest", { session_id: randomUUID(), plan: { root: { sql: { query: "select 1" } } } })).subarray(0, 20)]) {
      const r = await execute(rawClient(server), body);
      assert.ok(!Array.isArray(r), "an error");
      assert.ok([grpc.status.INTERNAL, grpc.status.INVALID_ARGUMENT].includes((r as grpc.ServiceError).code), (r as Error).message);
    }
    await stillServes(server);
  });

  it("a plan with unknown fields runs (proto3 skips them); a plan without a relation type is INVALID_PLAN_INPUT", async () => {
    const good = await encode("ExecutePlanRequest", { session_id: randomUUID(), plan: { root: { range: { end: 3, step: 1 } } } });
    // Field 1000 (varint 7) appended: unknown to Spark 3.5's ExecutePlanRequest.
    const r = await execute(rawClient(server), Buffer.concat([good, Buffer.from([0xc0, 0x3e, 0x07])]));
    assert.ok(Array.isArray(r), (r as Error).message);
    const empty = await execute(rawClient(server), await encode("ExecutePlanRequest", { session_id: randomUUID(), plan: { root: {} } }));
    assert.ok(!Array.isArray(empty));
    assert.match((empty as Error).message, /INVALID_PLAN_INPUT/);
    const badSession = await execute(rawClient(server), await encode("ExecutePlanRequest", { session_id: "not-a-uuid", plan: { root: { range: { end: 1, step: 1 } } } }));
    assert.match((badSession as Error).message, /INVALID_HANDLE\.FORMAT/);
    await stillServes(server);
  });

  it("a message over maxInboundMessageSize is refused with RESOURCE_EXHAUSTED", async () => {
    const huge = await encode("ExecutePlanRequest", { session_id: randomUUID(), plan: { root: { local_relation: { data: randomBytes(2 * 1024 * 1024) } } } });
    const r = await execute(rawClient(server), huge);
    assert.equal((r as grpc.ServiceError).code, grpc.status.RESOURCE_EXHAUSTED);
    await stillServes(server);
  });

  it("with a token: no or a wrong token is UNAUTHENTICATED, the right one is served", async () => {
    const body = await encode("ConfigRequest", { session_id: randomUUID(), operation: { get_all: {} } });
    for (const auth of [undefined, "Bearer wrong"]) {
      const md = new grpc.Metadata();
      if (auth) md.set("authorization", auth);
      const r = await unary(rawClient(tokenServer), "Config", body, md);
      assert.equal((r as grpc.ServiceError).code, grpc.status.UNAUTHENTICATED);
    }
    const md = new grpc.Metadata();
    md.set("authorization", "Bearer s3cret");
    await stillServes(tokenServer, md);
  });
});
