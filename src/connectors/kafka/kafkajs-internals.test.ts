import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..", "..");

function* sources(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* sources(p);
    else if (/\.(ts|js)$/.test(e.name) && !e.name.endsWith(".test.ts")) yield p;
  }
}

test("kafkajs's internals (its src/ tree) are reached through kafkajs-internals.ts only", () => {
  const own = path.join(__dirname, "kafkajs-internals.ts");
  const others = ["src", "scripts", "bench", "lessons"].flatMap((d) => [...sources(path.join(ROOT, d))])
    .filter((f) => f !== own && /require\("kafkajs\/src\/|from "kafkajs\/src\//.test(fs.readFileSync(f, "utf8")));
  assert.deepEqual(others.map((f) => path.relative(ROOT, f)), []);
});
