#!/usr/bin/env node
// `npm install` runs this once: it compiles the shell's TypeScript into .iskra/cache/ts, so the
// first `npm start` opens as fast as every later one. It never fails the install.
"use strict";
try {
  require("../src/repl/ts-hook.js");
  require("../src/repl/main.ts");
  require("../src/index.ts");
} catch (e) {
  process.stderr.write(`iskra: could not pre-compile the shell (${e && e.message}); the first start will do it\n`);
}
