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

/** What marks a test as needing a service (Kafka, PostgreSQL, a browser, a terminal, child processes). */
const NEEDS_SERVICE = /KAFKA_BOOTSTRAP|kafka\/testing|from "\.\.?\/testing"|BOOTSTRAP|PG_URL|test-support|testDatabase|tmux|spawn|execFile|embedded|postgres|lesson|playwright|chromium/;

/** The import direction of docs/ARCHITECTURE.md (dependency-cruiser, .dependency-cruiser.cjs). */
function checkImports() {
  const bin = path.join(root, "node_modules", "dependency-cruiser", "bin", "dependency-cruise.mjs");
  const r = spawnSync(process.execPath, [bin, "--config", ".dependency-cruiser.cjs", "--output-type", "err", "src", "lessons", "scripts"], { cwd: root, stdio: "inherit" });
  return r.status === 0;
}

async function main() {
  const argv = process.argv.slice(2);
  const unit = argv.includes("--unit");
  const args = argv.filter((a) => a !== "--unit");
  let files = args.length ? args : ["src", "test", "lessons", "scripts"].filter((d) => fs.existsSync(path.join(root, d))).flatMap((d) => findTests(path.join(root, d), [])).sort();
  // `npm run test:unit`: only the tests that need no service.
  if (unit) files = files.filter((f) => !NEEDS_SERVICE.test(fs.readFileSync(path.join(root, f), "utf8")));
  if (!args.length && !checkImports()) process.exit(1);
  if (unit) {
    const r = spawnSync(process.execPath, ["--require", "ts-node/register/transpile-only", "--test", "--test-reporter=spec", ...files], { cwd: root, env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" }, stdio: "inherit" });
    process.exit(r.status ?? 1);
  }
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
