// @needs: tmux
/**
 * Keys at the real shell in a real terminal (tmux): Ctrl+L clears the screen; Ctrl+C on an empty
 * line says how to leave, and the second one leaves — unless inputs were typed since the last
 * `.export`, when it asks once more.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { Terminal, hasTmux, sleep } from "../../test/support/terminal";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-keys-"));
const env = { ISKRA_NO_SERVICES: "1", ISKRA_HISTORY: path.join(tmp, "history"), TERM: "xterm-256color", NO_COLOR: "1" };

async function started(): Promise<Terminal> {
  const term = new Terminal();
  after(() => term.kill());
  term.start(env);
  await term.waitFor((s) => /^>>>\s*$/m.test(s), "the first prompt", 60000);
  return term;
}

async function gone(term: Terminal, ms = 20000): Promise<boolean> {
  const until = Date.now() + ms;
  while (term.alive() && Date.now() < until) await sleep(100);
  return !term.alive();
}

describe("keys at the prompt", { skip: hasTmux ? false : "tmux is not installed" }, () => {
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("Ctrl+L clears the screen and keeps the prompt", async () => {
    const term = await started();
    const out = await term.run("40 + 2");
    assert.match(out, /^42$/m);
    term.keys("C-l");
    const visible = () => term.tmux(["capture-pane", "-p", "-t", "shell"]).split("\n").filter((l) => l.trim() !== "");
    const until = Date.now() + 10000;
    while (Date.now() < until && visible().length !== 1) await sleep(100);
    assert.deepEqual(visible(), [">>>"], "only the prompt is left on the screen");
    assert.match(await term.run("1 + 1"), /^2$/m, "the shell goes on");
  });

  it("a second Ctrl+C on an empty line leaves when nothing is unsaved", async () => {
    const term = await started();
    term.keys("C-c");
    await term.waitFor((s) => /To exit, press Ctrl\+C again/.test(s), "how to leave");
    term.keys("C-c");
    assert.ok(await gone(term), "the shell left");
  });

  it("with inputs typed since the last .export, the second Ctrl+C asks once more; after .export it leaves", async () => {
    const term = await started();
    await term.run("const a = 1");
    term.keys("C-c");
    await term.waitFor((s) => /To exit, press Ctrl\+C again/.test(s), "how to leave");
    term.keys("C-c");
    await term.waitFor((s) => /You have 1 input not saved \(\.export FILE saves them\)\. Press Ctrl\+C once more to leave anyway\./.test(s), "the second question");
    assert.equal(term.alive(), true);
    await term.run(`.export ${path.join(tmp, "session")}`);
    term.keys("C-c");
    await sleep(300);
    term.keys("C-c");
    assert.ok(await gone(term), "after .export two presses leave");
  });

  it("three presses leave even with unsaved inputs", async () => {
    const term = await started();
    await term.run("const b = 2");
    for (let i = 0; i < 3; i++) {
      term.keys("C-c");
      await sleep(400);
    }
    assert.ok(await gone(term));
  });
});
