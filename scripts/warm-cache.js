#!/usr/bin/env node
// `npm install` runs this once: it compiles the shell's TypeScript into .iskra/cache/ts, so the
// first `npm start` (and the background services process it launches) opens as fast as every later
// one. It never fails the install.
"use strict";
try {
  require("../src/repl/ts-hook.js");
  require("../src/repl/main.ts");
  require("../src/index.ts");
  // What the background services process (bin/iskra-services.js) loads: the first npm start waits for its broker.
  require("../src/repl/services-cli.ts");
  require("../src/connectors/kafka/embedded/index.ts");
  require("../src/connectors/postgres/embedded.ts");
} catch (e) {
  process.stderr.write(`iskra: could not pre-compile the shell (${e && e.message}); the first start will do it\n`);
}
