import { test } from "node:test";
import * as assert from "node:assert/strict";
import { UsageError, parseOffsetsArgs } from "./offsets";

test("offsets: Kafka's GetOffsetShell options, values starting with a dash included", () => {
  const a = parseOffsetsArgs(["--broker-list", "h:1", "--topic", "kafka-input", "--time", "-2", "--partitions", "0,2", "--exclude-internal-topics"]);
  assert.deepEqual(a, { bootstrap: "h:1", topic: "kafka-input", time: -2, partitions: [0, 2], excludeInternal: true, help: false });
  assert.equal(parseOffsetsArgs(["--bootstrap-server=h:2", "--time=latest"]).time, -1);
  assert.equal(parseOffsetsArgs(["--time", "1700000000000"]).time, 1700000000000);
  assert.equal(parseOffsetsArgs(["-h"]).help, true);
});

test("offsets: an unknown option, a missing value or a bad value is a UsageError", () => {
  const usage = (argv: string[], re: RegExp) => assert.throws(() => parseOffsetsArgs(argv), (e: unknown) => e instanceof UsageError && re.test((e as Error).message));
  usage(["--topics", "x"], /Unknown option '--topics'/);
  usage(["--topic"], /Option '--topic <value>' argument missing/);
  usage(["--time", "-3"], /Malformed time argument -3/);
  usage(["--partitions", "a"], /Invalid --partitions 'a'/);
  usage(["extra"], /Unexpected argument 'extra'/);
});
