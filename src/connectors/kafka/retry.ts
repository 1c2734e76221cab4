/**
 * The one retrier for Kafka calls (Spark's KafkaOffsetReader.withRetries): a call that fails
 * with a transient error is tried again after `retryIntervalMs`, up to `numRetries` more times;
 * then its last error is thrown (a message naming the brokers, from KafkaClient.describeFailure).
 *
 * Transient means what kafkajs's error table says is retriable (`retriable: true` on the error
 * or, for "retries exceeded", on its cause: connection errors — a socket failure of a broker going
 * away or coming back included —, request timeouts, leader not available, not leader for
 * partition, …; kafkajs-internals.ts). Anything else — an unknown topic, bad options, data loss —
 * fails at once.
 *
 * Options, as Spark's Kafka source reads them: fetchOffset.numRetries (default 3) and
 * fetchOffset.retryIntervalMs (default 1000).
 */
import { IllegalArgumentException } from "../../errors";
import { isRetriableKafkaError } from "./kafkajs-internals";

export interface RetryPolicy {
  numRetries: number;
  retryIntervalMs: number;
}

const DEFAULT_RETRY_POLICY: RetryPolicy = { numRetries: 3, retryIntervalMs: 1000 };

/** Whether `e` (or what caused it) is an error worth trying again: kafkajs's error table decides. */
export const isRetriable = isRetriableKafkaError;

/** Parses Spark's fetchOffset.* options (names lower-cased). */
export function retryPolicyFrom(params: ReadonlyMap<string, string>): RetryPolicy {
  const int = (key: string, dflt: number): number => {
    const v = params.get(key);
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new IllegalArgumentException(`Option '${key}' must be a non-negative integer, got '${v}'`);
    return n;
  };
  return { numRetries: int("fetchoffset.numretries", DEFAULT_RETRY_POLICY.numRetries), retryIntervalMs: int("fetchoffset.retryintervalms", DEFAULT_RETRY_POLICY.retryIntervalMs) };
}

/**
 * Runs `fn`, retrying transient failures per `policy`. `onRetry` hears of each retry (the
 * source logs it as Spark does: "Error in attempt N getting Kafka offsets").
 */
export async function withRetries<T>(fn: () => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY_POLICY, onRetry?: (attempt: number, e: unknown) => void): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (attempt > policy.numRetries || !isRetriable(e)) throw e;
      onRetry?.(attempt, e);
      if (policy.retryIntervalMs > 0) await new Promise((r) => setTimeout(r, policy.retryIntervalMs));
    }
  }
}
