#!/usr/bin/env node
// The shell's background services (embedded Kafka broker, embedded PostgreSQL):
// `npm run services -- status|start|stop` (and `run`: the process itself, in the foreground).
"use strict";
require("../src/repl/ts-hook.js");
require("../src/repl/services-cli.ts")
  .main(process.argv.slice(2))
  .then((code) => {
    if (typeof code === "number") process.exitCode = code;
  })
  .catch((e) => {
    console.error(e && e.stack ? e.stack : e);
    process.exit(1);
  });
