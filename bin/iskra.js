#!/usr/bin/env node
// The Iskra shell: `npm start` or `npx iskra` (options: --lang pl).
"use strict";
require("../src/repl/ts-hook.js");
require("../src/repl/main.ts")
  .main()
  .catch((e) => {
    console.error(e && e.stack ? e.stack : e);
    process.exit(1);
  });
