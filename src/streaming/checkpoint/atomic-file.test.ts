import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawn } from "node:child_process";
import { isTempFileName, readFileIfExists, readFileIfExistsSync, removeStaleTempFiles, writeFileAtomic, writeFileAtomicSync } from "./atomic-file";

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "iskra-atomic-"));
}

test("writeFileAtomic writes, replaces, and leaves no temp file", async () => {
  const dir = tmpDir();
  const f = path.join(dir, "0");
  assert.equal(await writeFileAtomic(f, "v1\nabc"), true);
  assert.equal(fs.readFileSync(f, "utf8"), "v1\nabc");
  assert.equal(await writeFileAtomic(f, "second"), true);
  assert.equal(await readFileIfExists(f), "second");
  assert.deepEqual(fs.readdirSync(dir), ["0"]);
  fs.rmSync(dir, { recursive: true });
});

test("overwrite: false keeps the existing file and reports false", async () => {
  const dir = tmpDir();
  const f = path.join(dir, "3");
  assert.equal(await writeFileAtomic(f, "first", { overwrite: false }), true);
  assert.equal(await writeFileAtomic(f, "second", { overwrite: false }), false);
  assert.equal(writeFileAtomicSync(f, "third", { overwrite: false }), false);
  assert.equal(fs.readFileSync(f, "utf8"), "first");
  assert.deepEqual(fs.readdirSync(dir), ["3"]);
  fs.rmSync(dir, { recursive: true });
});

test("missing files read as undefined; stale temp files are recognised and removed", async () => {
  const dir = tmpDir();
  assert.equal(await readFileIfExists(path.join(dir, "nope")), undefined);
  assert.equal(readFileIfExistsSync(path.join(dir, "nope")), undefined);
  fs.writeFileSync(path.join(dir, ".5.1234-abcd.tmp"), "partial");
  fs.writeFileSync(path.join(dir, "5"), "whole");
  assert.equal(isTempFileName(".5.1234-abcd.tmp"), true);
  assert.equal(isTempFileName("5"), false);
  assert.equal(removeStaleTempFiles(dir), 1);
  assert.deepEqual(fs.readdirSync(dir), ["5"]);
  fs.rmSync(dir, { recursive: true });
});

test("kill -9 at any instant never leaves a partial file visible", async () => {
  const dir = tmpDir();
  const modulePath = path.join(__dirname, "atomic-file.ts");
  // The child writes 1 MB files as fast as it can, alternating new names and replacements.
  const script = `
    const { writeFileAtomic, writeFileAtomicSync } = require(${JSON.stringify(modulePath)});
    const path = require("node:path");
    const dir = ${JSON.stringify(dir)};
    const body = (i) => "v1\\n" + String(i % 10).repeat(1 << 20) + "\\nEND";
    (async () => {
      for (let i = 0; ; i++) {
        if (i % 2) writeFileAtomicSync(path.join(dir, String(i % 7)), body(i));
        else await writeFileAtomic(path.join(dir, String(i % 7)), body(i));
        if (i === 3) process.stdout.write("going\\n");
      }
    })();`;
  for (let round = 0; round < 3; round++) {
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
      cwd: path.resolve(__dirname, "../../.."),
      stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.once("data", () => resolve());
      child.once("exit", (code) => reject(new Error(`child exited early with ${code}`)));
    });
    await new Promise((r) => setTimeout(r, 50 + Math.floor(Math.random() * 150)));
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    for (const name of fs.readdirSync(dir)) {
      if (name.startsWith(".")) continue; // a temp file the kill interrupted: never read as an entry
      const text = fs.readFileSync(path.join(dir, name), "utf8");
      assert.equal(text.length, 3 + (1 << 20) + 4, `file ${name} is partial`);
      assert.ok(text.startsWith("v1\n") && text.endsWith("\nEND"), `file ${name} is corrupt`);
    }
  }
  removeStaleTempFiles(dir);
  assert.ok(fs.readdirSync(dir).every((n) => /^\d$/.test(n)));
  fs.rmSync(dir, { recursive: true });
});
