import { test } from "node:test";
import * as assert from "node:assert/strict";
import { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from "kafkajs";
import { isRetriable, retryPolicyFrom, withRetries } from "./retry";

// kafkajs's own error table decides: build errors the way kafkajs does.
const protocolError = (type: string) => new KafkaJSProtocolError(require("kafkajs/src/protocol/error").errorCodes.find((c: any) => c.type === type));

test("transient errors are the ones kafkajs's table marks retriable, seen through wrappers", () => {
  assert.equal(isRetriable(new KafkaJSConnectionError("Connection error: connect ECONNREFUSED 127.0.0.1:9")), true);
  assert.equal(isRetriable(protocolError("LEADER_NOT_AVAILABLE")), true);
  assert.equal(isRetriable(protocolError("NOT_LEADER_FOR_PARTITION")), true);
  assert.equal(isRetriable(protocolError("UNKNOWN_TOPIC_OR_PARTITION")), true);
  assert.equal(isRetriable(protocolError("TOPIC_AUTHORIZATION_FAILED")), false);
  assert.equal(isRetriable(protocolError("INVALID_REQUEST")), false);
  const exceeded = new KafkaJSNumberOfRetriesExceeded(new KafkaJSConnectionError("Connection timeout"), { retryCount: 4, retryTime: 3000 });
  const wrapped = Object.assign(new Error("Cannot connect to Kafka at 127.0.0.1:9 …"), { cause: exceeded });
  assert.equal(isRetriable(wrapped), true);
  assert.equal(isRetriable(Object.assign(new Error("socket"), { code: "ECONNRESET" })), true);
  assert.equal(isRetriable(new RangeError("bad option")), false);
});

test("withRetries: numRetries more tries, retryIntervalMs apart, then the last error; non-transient errors fail at once", async () => {
  let calls = 0;
  const retried: number[] = [];
  const flaky = async () => {
    calls++;
    if (calls < 3) throw new KafkaJSConnectionError("down");
    return "ok";
  };
  assert.equal(await withRetries(flaky, { numRetries: 3, retryIntervalMs: 1 }, (n) => retried.push(n)), "ok");
  assert.deepEqual(retried, [1, 2]);
  calls = 0;
  await assert.rejects(withRetries(async () => { calls++; throw new KafkaJSConnectionError(`down ${calls}`); }, { numRetries: 2, retryIntervalMs: 1 }), /down 3/);
  assert.equal(calls, 3);
  calls = 0;
  await assert.rejects(withRetries(async () => { calls++; throw protocolError("TOPIC_AUTHORIZATION_FAILED"); }, { numRetries: 5, retryIntervalMs: 1 }));
  assert.equal(calls, 1);
});

test("Spark's option names: fetchOffset.numRetries and fetchOffset.retryIntervalMs", () => {
  assert.deepEqual(retryPolicyFrom(new Map()), { numRetries: 3, retryIntervalMs: 1000 });
  assert.deepEqual(retryPolicyFrom(new Map([["fetchoffset.numretries", "5"], ["fetchoffset.retryintervalms", "10"]])), { numRetries: 5, retryIntervalMs: 10 });
  assert.throws(() => retryPolicyFrom(new Map([["fetchoffset.numretries", "-1"]])), /non-negative/);
});

test("kafkajs's TypeError on a connection a stopping broker closed is the refused connection's failure: retried, then 'Is the broker running?'", async () => {
  const { KafkaClient }: typeof import("./client") = require("./client");
  const client = new KafkaClient({ bootstrapServers: "127.0.0.1:9" });
  const lost = () => {
    const { topicMetadata } = null as unknown as { topicMetadata: unknown }; // what kafkajs's listTopics does
    return topicMetadata;
  };
  const refused = new KafkaJSConnectionError("Connection error: connect ECONNREFUSED 127.0.0.1:9");
  const asRun = (fail: () => unknown) => client.run("list topics", async () => fail());
  const e1 = (await asRun(lost).catch((e: unknown) => e)) as Error;
  const e2 = (await asRun(() => { throw refused; }).catch((e: unknown) => e)) as Error;
  assert.match(e1.message, /^Cannot connect to Kafka at 127\.0\.0\.1:9 \(kafka\.bootstrap\.servers\) while trying to list topics: .*Is the broker running\?/);
  assert.match(e2.message, /Is the broker running\?/);
  assert.equal(isRetriable(e1), true);
  let calls = 0;
  await assert.rejects(withRetries(() => { calls++; return asRun(lost); }, { numRetries: 2, retryIntervalMs: 1 }), /Is the broker running\?/);
  assert.equal(calls, 3, "the same retries as a refused connection");
  await assert.rejects(asRun(() => { throw new TypeError("x is not a function"); }), (e: Error) => !/Is the broker running/.test(e.message), "other TypeErrors stay what they are");
  await client.close();
});
