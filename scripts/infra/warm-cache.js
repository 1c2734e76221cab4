#!/usr/bin/env node
// `npm install` runs this once: it transpiles every TypeScript file the shell and its background
// services process may load (src/, lessons/; not tests) into .iskra/cache/ts, so the first `npm start`
// never loads the TypeScript compiler. Transpiling every file, rather than requiring the entry points,
// also covers modules loaded lazily before the prompt (the web UI server) or later (the PySpark
// translator). It never fails the install. run-tests.js warms the tests' files the same way.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..", "..");

function* tsFiles(dir, tests) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === "node_modules" || e.name.startsWith(".")) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* tsFiles(p, tests);
    else if (e.name.endsWith(".ts") && (tests || !e.name.endsWith(".test.ts")) && !e.name.endsWith(".d.ts")) yield p;
  }
}

/** Transpiles every .ts under `dirs` (tests included when `tests`) into the cache; returns how many. */
function warm(dirs, { tests = false } = {}) {
  const { transpile } = require("../../src/repl/ts-hook.js");
  let n = 0;
  for (const dir of dirs) {
    if (!fs.existsSync(path.join(ROOT, dir))) continue;
    for (const file of tsFiles(path.join(ROOT, dir), tests)) {
      transpile(fs.readFileSync(file, "utf8"), file);
      n++;
    }
  }
  return n;
}

if (require.main === module) {
  try {
    const n = warm(["src", "lessons"]);
    if (process.env.ISKRA_WARM_CACHE_VERBOSE) process.stderr.write(`iskra: pre-compiled ${n} files\n`);
  } catch (e) {
    process.stderr.write(`iskra: could not pre-compile the shell (${e && e.message}); the first start will do it\n`);
  }
}

module.exports = { warm };
