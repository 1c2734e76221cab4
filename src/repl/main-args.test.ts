import { test } from "node:test";
import * as assert from "node:assert/strict";
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
