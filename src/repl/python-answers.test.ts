// @needs: tmux
/**
 * The shell answers in Python (issue 22), typed at the real shell in a real terminal (tmux) as a
 * learner types it: Ctrl+C reaches a busy loop while queries and the web UI go on; Python's
 * values and errors.
 */
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { hasTmux, shellInTmux, sleep } from "../../test/support/terminal";

describe("the shell answers in Python", { skip: hasTmux ? false : "tmux is not installed" }, () => {
  const { term } = shellInTmux("iskra-py-");

  /** What the last input printed, without the input and the prompts. */
  const answer = async (code: string): Promise<string> => {
    const out = await term.run(code);
    return out.split("\n").slice(code.split("\n").length).filter((l) => !/^>>>\s*$/.test(l)).join("\n");
  };

  it("`while True: pass` spins while queries and the web UI go on; Ctrl+C raises KeyboardInterrupt", async () => {
    const ui = /Web UI\s+(http:\/\/\S+?)\/StreamingQuery/.exec(term.screen())![1];
    await term.run('q = spark.readStream.format("rate").option("rowsPerSecond", 100).load().writeStream.format("memory").queryName("spin").start()');
    await term.run("q.processAllAvailable()");
    const batches = async () => Number(/(\d+)\s*$/m.exec(await answer('q.lastProgress["batchId"]'))![1]);
    const before = await batches();
    term.type("while True: pass");
    await sleep(2500);
    const started = Date.now();
    const page = await fetch(`${ui}/StreamingQuery/`);
    assert.equal(page.status, 200, "the web UI answers while the loop spins");
    assert.ok(Date.now() - started < 1000, "and answers at once");
    await sleep(1500);
    term.keys("C-c");
    await term.waitFor((s) => /^KeyboardInterrupt$/m.test(s) && /^>>>\s*$/.test(s.trimEnd().split("\n").pop()!), "KeyboardInterrupt and the prompt", 10000);
    const after = await batches();
    assert.ok(after >= before + 2, `the query ran batches while the loop spun (${before} → ${after})`);
    assert.match(await answer("q.isActive"), /^True$/m);
    // A loop waiting on a query, as a learner writes it, is interrupted the same way.
    term.type("while q.isActive: pass");
    await sleep(800);
    term.keys("C-c");
    await term.waitFor((s) => (s.match(/^KeyboardInterrupt$/gm) ?? []).length === 2, "the second KeyboardInterrupt", 10000);
    await term.run("q.stop()");
  });
});
