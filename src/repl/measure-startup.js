#!/usr/bin/env node
/**
 * Measures the shell: time from process start to the first prompt (median of N runs, each a new
 * Node process) and its resident memory at the idle prompt.
 *
 *   node src/repl/measure-startup.js [runs=5]
 *
 * Each run starts `node bin/iskra.js` with pipes, waits for ">>> ", then (last run) waits 3 s at
 * the idle prompt (PostgreSQL started, TypeScript compiler warmed) and reads VmRSS, then types
 * `.exit` and waits for a clean shutdown. The environment is passed through (PG_URL,
 * KAFKA_BOOTSTRAP_SERVERS): with no PG_URL the embedded PostgreSQL starts in the background, as
 * for a learner.
 */
"use strict";
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const BIN = path.resolve(__dirname, "..", "..", "bin", "iskra.js");

function rssKb(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
}

function once(idleMs) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [BIN], { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
    let out = "";
    let startupMs;
    let rss;
    child.stdout.on("data", (d) => {
      out += d;
      if (startupMs === undefined && out.includes(">>> ")) {
        startupMs = Number(process.hrtime.bigint() - t0) / 1e6;
        setTimeout(() => {
          rss = rssKb(child.pid);
          child.stdin.write(".exit\n");
        }, idleMs);
      }
    });
    child.stderr.on("data", (d) => (out += d));
    child.once("error", reject);
    child.once("close", (code) => {
      if (startupMs === undefined) reject(new Error(`the shell exited (${code}) before its prompt:\n${out}`));
      else resolve({ startupMs, rssKb: rss });
    });
  });
}

async function main() {
  const usage = "Usage: node src/repl/measure-startup.js [RUNS]  (median start-up to the prompt, and idle RSS)";
  let positionals;
  try {
    ({ positionals } = require("node:util").parseArgs({ args: process.argv.slice(2), allowPositionals: true, strict: true, options: {} }));
  } catch (e) {
    process.stderr.write(`measure-startup: ${e.message}\n\n${usage}\n`);
    process.exit(2);
  }
  const runs = Number(positionals[0] ?? 5);
  if (!Number.isInteger(runs) || runs < 1 || positionals.length > 1) {
    process.stderr.write(`measure-startup: RUNS must be one integer ≥ 1\n\n${usage}\n`);
    process.exit(2);
  }
  const times = [];
  let idle;
  for (let i = 0; i < runs; i++) {
    const last = i === runs - 1;
    const r = await once(last ? 3000 : 200);
    times.push(r.startupMs);
    if (last) idle = r.rssKb;
    process.stderr.write(`run ${i + 1}: ${r.startupMs.toFixed(0)} ms\n`);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  console.log(`start-up to prompt: median ${median.toFixed(0)} ms of ${runs} (min ${sorted[0].toFixed(0)}, max ${sorted[sorted.length - 1].toFixed(0)})`);
  console.log(`idle RSS: ${(idle / 1024).toFixed(1)} MB`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
