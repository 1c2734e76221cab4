/** What an API handler gets and gives. */
import type { Broker } from "../broker";
import type { Reader, RequestHeader, Writer } from "../protocol";

export interface ApiContext {
  broker: Broker;
  header: RequestHeader;
  /** The client's address, as DescribeGroups reports it (`/127.0.0.1`). */
  clientHost: string;
  /** Every API this broker serves, for ApiVersions. */
  apis: readonly ApiHandler[];
  /** Runs `fn` once when the connection closes or the broker stops; returns a canceller. */
  onClose(fn: () => void): () => void;
}

/**
 * One API key. `handle` reads the request body (after the header) and returns the response body,
 * or null when no response is sent (Produce with acks=0). It may return a promise (long-poll
 * Fetch, JoinGroup, SyncGroup); responses still leave the connection in request order.
 */
export interface ApiHandler {
  key: number;
  name: string;
  minVersion: number;
  maxVersion: number;
  handle(r: Reader, version: number, ctx: ApiContext): Writer | null | Promise<Writer | null>;
}
