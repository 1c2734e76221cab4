#!/usr/bin/env node
// `npm install` runs this once: it transpiles every TypeScript file the shell and its background
// services process may load (src/, lessons/; not tests) into .iskra/cache/ts, so the first `npm start`
// never loads the TypeScript compiler. Transpiling every file, rather than requiring the entry points,
// also covers modules loaded lazily before the prompt (the web UI server) or later (the PySpark
// translator). It never fails the install.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");

function* tsFiles(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* tsFiles(p);
    else if (e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") && !e.name.endsWith(".d.ts")) yield p;
  }
}

try {
  const { transpile } = require("../src/repl/ts-hook.js");
  let n = 0;
  for (const dir of ["src", "lessons"]) {
    for (const file of tsFiles(path.join(ROOT, dir))) {
      transpile(fs.readFileSync(file, "utf8"), file);
      n++;
    }
  }
  if (process.env.ISKRA_WARM_CACHE_VERBOSE) process.stderr.write(`iskra: pre-compiled ${n} files\n`);
} catch (e) {
  process.stderr.write(`iskra: could not pre-compile the shell (${e && e.message}); the first start will do it\n`);
}
