/** The scripts' argument parsing: Kafka tools' conventions on node:util parseArgs. */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { parseToolArgs, ToolUsageError } from "./cli";
import { parseOffsetsArgs } from "./offsets";
import { parseArgs as parseTopicsArgs } from "./topics";

test("parseToolArgs: a value may begin with a dash, options repeat, Kafka's texts for bad command lines", () => {
  const opts = { time: { type: "string" }, config: { type: "string", multiple: true }, list: { type: "boolean" } } as const;
  assert.deepEqual({ ...parseToolArgs(["--time", "-1", "--config", "a=1", "--config=b=2", "--list"], opts).values }, { time: "-1", config: ["a=1", "b=2"], list: true });
  assert.throws(() => parseToolArgs(["--lst"], opts), (e) => e instanceof ToolUsageError && e.message === "--lst is not a recognized option");
  assert.throws(() => parseToolArgs(["stray"], opts), { message: "stray is not a recognized option" });
  assert.throws(() => parseToolArgs(["--time"], opts), { message: "Option --time requires an argument" });
  assert.throws(() => parseToolArgs(["--list=yes"], opts), { message: "Option --list does not take an argument" });
});

test("offsets (GetOffsetShell): the workshop's step 49 command line, earliest/latest, bad values", () => {
  const a = parseOffsetsArgs(["--broker-list", "127.0.0.1:9092", "--topic", "kafka-input", "--time", "-1"]);
  assert.equal(a.bootstrap, "127.0.0.1:9092");
  assert.equal(a.topic, "kafka-input");
  assert.equal(a.time, -1);
  assert.equal(parseOffsetsArgs(["--time", "earliest"]).time, -2);
  assert.deepEqual(parseOffsetsArgs(["--partitions", "0,2"]).partitions, [0, 2]);
  assert.throws(() => parseOffsetsArgs(["--time", "yesterday"]), (e) => e instanceof ToolUsageError && /^Malformed time argument yesterday/.test(e.message));
  assert.throws(() => parseOffsetsArgs(["--partitions", "a"]), /Invalid --partitions 'a'/);
  assert.throws(() => parseOffsetsArgs(["--tpoic", "x"]), { message: "--tpoic is not a recognized option" });
});

test("topics (kafka-topics.sh): flags and repeated values keyed with their dashes", () => {
  const t = parseTopicsArgs(["--bootstrap-server", "h:1", "--create", "--topic", "t", "--config", "a=1", "--config", "b=2", "-h"]);
  assert.deepEqual([...t.flags].sort(), ["--create", "--help"]);
  assert.deepEqual(t.values.get("--config"), ["a=1", "b=2"]);
  assert.deepEqual(t.values.get("--topic"), ["t"]);
  assert.throws(() => parseTopicsArgs(["--partitions"]), { message: "Option --partitions requires an argument" });
});

test("npm run chaos -- --help prints its usage (exit 0); an unknown option the usage (exit 2), never a stack", () => {
  const { spawnSync }: typeof import("node:child_process") = require("node:child_process");
  const path: typeof import("node:path") = require("node:path");
  const run = (arg: string) => spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(__dirname, "..", "chaos", "chaos.ts"), arg], { encoding: "utf8", timeout: 60000 });
  const help = run("--help");
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /^Usage: npm run chaos -- \[--kills N\]/);
  assert.match(help.stdout, /--only a,b\s+only these scenarios \(real-overwrite, /);
  const bad = run("--kils");
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^chaos: Unknown option '--kils'/);
  assert.doesNotMatch(bad.stderr, /\n\s+at /, "no stack");
});
