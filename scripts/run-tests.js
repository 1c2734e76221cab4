#!/usr/bin/env node
// `npm test`: starts what the integration tests need (a real PostgreSQL, a real Kafka broker)
// unless PG_URL / KAFKA_BOOTSTRAP_SERVERS already point at running ones, then runs every
// *.test.ts under Node's test runner (through ts-node) and stops what it started.
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");

function findTests(dir, out) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === "node_modules" || e.name.startsWith(".")) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) findTests(p, out);
    else if (e.name.endsWith(".test.ts")) out.push(path.relative(root, p));
  }
  return out;
}

async function main() {
  const args = process.argv.slice(2);
  const files = args.length ? args : ["src", "test", "lessons", "scripts"].filter((d) => fs.existsSync(path.join(root, d))).flatMap((d) => findTests(path.join(root, d), [])).sort();
  const services = require("./test-services.js");
  const env = { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" };
  const started = await services.ensure(env);
  let status = 1;
  try {
    const r = spawnSync(process.execPath, ["--require", "ts-node/register/transpile-only", "--test", "--test-reporter=spec", ...files], { cwd: root, env, stdio: "inherit" });
    status = r.status ?? 1;
  } finally {
    await services.release(started);
  }
  process.exit(status);
}
main().catch((e) => { console.error(e); process.exit(1); });
