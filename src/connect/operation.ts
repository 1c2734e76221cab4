/**
 * One ExecutePlan operation: its responses (each with a response id), kept while the client may
 * reattach (ReattachExecute resends what follows the last response it saw), until ReleaseExecute.
 * A call that goes away does not stop the operation; a reattached one picks it up.
 */
import * as grpc from "@grpc/grpc-js";
import { randomUUID } from "node:crypto";
import { IskraError } from "../index";

type Msg = Record<string, any>;
type Listener = { call: grpc.ServerWritableStream<Msg, Msg>; fail: (e: unknown) => grpc.StatusObject };

export class Operation {
  private responses: Msg[] = [];
  private listeners = new Set<Listener>();
  private error: unknown;
  finished = false;

  constructor(readonly sessionId: string, readonly id: string, readonly tags: string[], private readonly reattachable: boolean) {}

  private push(payload: Msg): void {
    const r = { session_id: this.sessionId, operation_id: this.id, response_id: randomUUID(), ...payload };
    this.responses.push(r);
    for (const l of this.listeners) if (!l.call.cancelled) l.call.write(r);
  }

  private end(l: Listener): void {
    if (l.call.cancelled) return;
    if (this.error !== undefined) l.call.emit("error", l.fail(this.error));
    else l.call.end();
  }

  /** Streams this operation to `call`: what followed `lastResponseId` (all when undefined), then what comes. */
  attach(call: grpc.ServerWritableStream<Msg, Msg>, lastResponseId: string | undefined, fail: Listener["fail"]): void {
    const l = { call, fail };
    const from = lastResponseId ? this.responses.findIndex((r) => r.response_id === lastResponseId) + 1 : 0;
    for (const r of this.responses.slice(from)) call.write(r);
    if (this.finished) return this.end(l);
    this.listeners.add(l);
    call.on("cancelled", () => this.listeners.delete(l));
  }

  async run(f: () => Promise<Msg[]>): Promise<void> {
    try {
      const payloads = await f();
      if (this.finished) return;
      for (const p of payloads) this.push(p);
      if (this.reattachable) this.push({ result_complete: {} });
    } catch (e) {
      if (this.finished) return;
      this.error = e;
    }
    this.finish();
  }

  private finish(): void {
    this.finished = true;
    for (const l of this.listeners) this.end(l);
    this.listeners.clear();
  }

  /** Interrupt: the operation ends now with Spark's OPERATION_CANCELED (work already started runs out). */
  interrupt(): boolean {
    if (this.finished) return false;
    this.error = new IskraError("Operation has been cancelled.", "OPERATION_CANCELED");
    this.finish();
    return true;
  }

  /** ReleaseUntil: forgets responses up to `responseId`; true when nothing is left to resend. */
  releaseUntil(responseId: string | undefined): boolean {
    const i = this.responses.findIndex((r) => r.response_id === responseId);
    if (i >= 0) this.responses = this.responses.slice(i + 1);
    return this.finished && this.responses.length === 0;
  }
}
