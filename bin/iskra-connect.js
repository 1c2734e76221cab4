#!/usr/bin/env node
// Iskra's Spark Connect server alone: `npm run connect -- --port 15002`.
"use strict";
require("../src/repl/ts-hook.js");
require("../src/connect/main.ts")
  .main()
  .catch((e) => {
    console.error(e && e.stack ? e.stack : e);
    process.exit(1);
  });
