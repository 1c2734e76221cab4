#!/usr/bin/env node
// `npm test`: starts what the integration tests need (a real PostgreSQL, a real Kafka broker)
// unless PG_URL / KAFKA_BOOTSTRAP_SERVERS already point at running ones, then runs every
// *.test.ts under Node's test runner (through ts-node) and stops what it started.
"use strict";
const { spawnSync } = require("node:child_process");
const { parseArgs } = require("node:util");
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

/** --unit's files are independent (no shared ports, directories or services): two at a time. */
const UNIT_CONCURRENCY = 2;

const USAGE = `Usage: node scripts/run-tests.js [--unit] [--concurrency N] [FILE.test.ts ...]

  (no files)        every *.test.ts, after the import-direction check
  --unit            only the tests that need no service, then the 10 slowest files
  --concurrency N   test files run at once (default: ${UNIT_CONCURRENCY} with --unit, else Node's default)`;

function parseCommandLine(argv) {
  try {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { unit: { type: "boolean" }, concurrency: { type: "string" }, help: { type: "boolean", short: "h" } } });
    if (values.help) {
      process.stdout.write(USAGE + "\n");
      process.exit(0);
    }
    if (values.concurrency !== undefined && !/^[1-9]\d*$/.test(values.concurrency)) throw new Error(`--concurrency must be a positive integer, got '${values.concurrency}'`);
    return { unit: values.unit === true, concurrency: values.concurrency, args: positionals };
  } catch (e) {
    process.stderr.write(`run-tests: ${e.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
}

async function main() {
  const { unit, concurrency, args } = parseCommandLine(process.argv.slice(2));
  let files = args.length ? args : ["src", "test", "lessons", "scripts"].filter((d) => fs.existsSync(path.join(root, d))).flatMap((d) => findTests(path.join(root, d), [])).sort();
  // `npm run test:unit`: only the tests that need no service.
  if (unit) files = files.filter((f) => !NEEDS_SERVICE.test(fs.readFileSync(path.join(root, f), "utf8")));
  if (!args.length && !checkImports()) process.exit(1);
  if (unit) {
    const reporters = ["--test-reporter=spec", "--test-reporter-destination=stdout", "--test-reporter=./scripts/file-timing-reporter.mjs", "--test-reporter-destination=stdout"];
    const r = spawnSync(process.execPath, ["--require", "ts-node/register/transpile-only", "--test", `--test-concurrency=${concurrency ?? UNIT_CONCURRENCY}`, ...reporters, ...files], { cwd: root, env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" }, stdio: "inherit" });
    process.exit(r.status ?? 1);
  }
  const services = require("./test-services.js");
  const env = { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" };
  const started = await services.ensure(env);
  let status = 1;
  try {
    const r = spawnSync(process.execPath, ["--require", "ts-node/register/transpile-only", "--test", ...(concurrency ? [`--test-concurrency=${concurrency}`] : []), "--test-reporter=spec", ...files], { cwd: root, env, stdio: "inherit" });
    status = r.status ?? 1;
  } finally {
    await services.release(started);
  }
  process.exit(status);
}
main().catch((e) => { console.error(e); process.exit(1); });
