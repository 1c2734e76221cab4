#!/usr/bin/env node
// `npm test`: starts what the integration tests need (a real PostgreSQL, a real Kafka broker)
// unless PG_URL / KAFKA_BOOTSTRAP_SERVERS already point at running ones, then runs every
// *.test.ts under Node's test runner (TypeScript through src/repl/ts-hook.js) and stops what it started.
"use strict";
const { spawnSync } = require("node:child_process");
const { parseArgs } = require("node:util");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..", "..");

function findTests(dir, out) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === "node_modules" || e.name.startsWith(".")) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) findTests(p, out);
    else if (e.name.endsWith(".test.ts")) out.push(path.relative(root, p));
  }
  return out;
}

/**
 * A test file that needs a service or an outside program says so on a line of its own:
 * `// @needs: kafka postgres tmux chromium pyspark shell` (shell: it runs Iskra's shell or services
 * as child processes). `npm run test:unit` runs every other file, with KAFKA_BOOTSTRAP_SERVERS and
 * PG_URL pointing at a closed port, so a file that uses a service without saying so fails there.
 */
const NEEDS_SERVICE = /^\/\/ @needs: /m;
const CLOSED = "127.0.0.1:1";

/** The import direction of docs/ARCHITECTURE.md (dependency-cruiser, .dependency-cruiser.cjs). */
function checkImports() {
  const bin = path.join(root, "node_modules", "dependency-cruiser", "bin", "dependency-cruise.mjs");
  const r = spawnSync(process.execPath, [bin, "--config", ".dependency-cruiser.cjs", "--output-type", "err", "src", "lessons", "scripts", "bench", "test/support"], { cwd: root, stdio: "inherit" });
  return r.status === 0;
}

/**
 * No type error anywhere (src/, tests, lessons, scripts, bench: tsconfig.json's include): the tests
 * load TypeScript transpile-only, so without this a type error would pass them. Incremental, with
 * its build info in the ignored .iskra/ (an unchanged tree checks in about a second).
 */
function checkTypes() {
  const bin = path.join(root, "node_modules", "typescript", "bin", "tsc");
  const r = spawnSync(process.execPath, [bin, ...TSC_ARGS], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.stderr.write("run-tests: type errors (tsc --noEmit -p .): fix them first\n");
  return r.status === 0;
}
const TSC_ARGS = ["--noEmit", "-p", ".", "--incremental", "--tsBuildInfoFile", ".iskra/tsc/tsbuildinfo"];

/** No dead code: unused files, exports, dependencies (knip, knip.jsonc; `npm run lint:dead`). */
function checkDeadCode() {
  const bin = path.join(root, "node_modules", "knip", "bin", "knip.js");
  if (!fs.existsSync(bin)) {
    process.stderr.write("run-tests: knip (a devDependency) is not installed: run npm install\n");
    return false;
  }
  const r = spawnSync(process.execPath, [bin, "--no-progress"], { cwd: root, stdio: "inherit" });
  return r.status === 0;
}

/** --unit's files are independent (no shared ports, directories or services): two at a time. */
const UNIT_CONCURRENCY = 2;

const USAGE = `Usage: node scripts/infra/run-tests.js [--unit] [--concurrency N] [FILE.test.ts ...]

  (no files)        every *.test.ts, after the type, import-direction and dead-code checks
  --unit            only the files without a '// @needs:' line (no service), then the 10 slowest
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
  // Both `npm test` and `npm run test:unit` (no files named) type-check first.
  if (!args.length && !checkTypes()) process.exit(1);
  if (!args.length) {
    const importsOk = checkImports();
    const deadOk = checkDeadCode(); // run both: one run reports every finding
    if (!importsOk || !deadOk) process.exit(1);
  }
  // One process transpiles what is not cached yet (a changed file, the tests), not each test file's:
  // the test files then load through the shell's cached transpiler (src/repl/ts-hook.js), not ts-node.
  require("./warm-cache.js").warm(["src", "lessons", "scripts", "test", "bench"], { tests: true });
  if (unit) {
    const reporters = ["--test-reporter=spec", "--test-reporter-destination=stdout", "--test-reporter=./scripts/infra/file-timing-reporter.mjs", "--test-reporter-destination=stdout"];
    const r = spawnSync(process.execPath, ["--require", "./src/repl/ts-hook.js", "--test", `--test-concurrency=${concurrency ?? UNIT_CONCURRENCY}`, ...reporters, ...files], { cwd: root, env: { ...process.env, KAFKA_BOOTSTRAP_SERVERS: CLOSED, PG_URL: `postgres://postgres:unused@${CLOSED}/postgres` }, stdio: "inherit" });
    process.exit(r.status ?? 1);
  }
  const { ensure, release } = require("./test-services.js");
  const env = { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" };
  const started = await ensure(env);
  let status = 1;
  try {
    const r = spawnSync(process.execPath, ["--require", "./src/repl/ts-hook.js", "--test", ...(concurrency ? [`--test-concurrency=${concurrency}`] : []), "--test-reporter=spec", ...files], { cwd: root, env, stdio: "inherit" });
    status = r.status ?? 1;
  } finally {
    await release(started);
  }
  process.exit(status);
}
main().catch((e) => { console.error(e); process.exit(1); });
