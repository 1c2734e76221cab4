import { test } from "node:test";
import * as assert from "node:assert/strict";
import { main as servicesMain } from "./services-cli";
import { main as shellMain } from "./main";

/** What `fn` writes to stderr (captured, not shown). */
async function stderrOf(fn: () => Promise<unknown>): Promise<{ value: unknown; text: string }> {
  const write = process.stderr.write;
  let text = "";
  process.stderr.write = ((chunk: string | Uint8Array) => ((text += String(chunk)), true)) as typeof process.stderr.write;
  try {
    return { value: await fn(), text };
  } finally {
    process.stderr.write = write;
  }
}

test("npm run services: an unknown option, a missing value or a bad port prints the usage, exit 2", async () => {
  for (const [argv, re] of [
    [["status", "--bogus"], /Unknown option '--bogus'/],
    [["run", "--home"], /Option '--home <value>' argument missing/],
    [["run", "--kafka-port", "x"], /--kafka-port must be a port number, got 'x'/],
    [["status", "extra"], /Unexpected argument 'extra'/],
  ] as const) {
    const { value, text } = await stderrOf(() => servicesMain([...argv], {}));
    assert.equal(value, 2, argv.join(" "));
    assert.match(text, re);
    assert.match(text, /Usage: npm run services -- status\|start\|stop/);
  }
});

test("npm start: an unknown option or --lang without a value prints the usage, exit code 2, and no shell starts", async () => {
  for (const [argv, re] of [[["--bogus"], /Unknown option '--bogus'/], [["--lang"], /Option '--lang <value>' argument missing/]] as const) {
    let out = "";
    const output = { isTTY: false, write: (t: string) => ((out += t), true) } as unknown as NodeJS.WriteStream;
    const { text } = await stderrOf(() => shellMain({ argv: [...argv], output, env: {} }));
    try {
      assert.equal(process.exitCode, 2);
    } finally {
      process.exitCode = 0;
    }
    assert.match(text, re);
    assert.match(text, /Usage: npm start/);
    assert.equal(out, "", "no banner, no prompt");
  }
});
