#!/usr/bin/env node
// The Iskra shell: `npm start` or `npx iskra` (options: --lang pl).
"use strict";
const hook = require("../src/repl/ts-hook.js");
if (hook.cold && process.stdout.isTTY) process.stdout.write("Preparing Iskra's first start (compiling its TypeScript once)…\n");
require("../src/repl/main.ts")
  .main()
  .catch((e) => {
    console.error(e && e.stack ? e.stack : e);
    process.exit(1);
  });
