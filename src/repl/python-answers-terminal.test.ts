// @needs: tmux
/**
 * Issue 22, items 3 and 4, typed at the real shell in tmux as a learner types them: Python values
 * print in Python's repr, a bare tuple is a tuple, and Python's mistakes get Python's errors
 * (AttributeError with the dimmed suggestion, UNRESOLVED_COLUMN for a bad key, the writer without
 * .start()). The texts are PySpark 3.5's.
 */
import { strict as assert } from "node:assert";
import { before, describe, it } from "node:test";
import { hasTmux, shellInTmux } from "../../test/support/terminal";

describe("the shell answers in Python, typed in tmux", { skip: hasTmux ? false : "tmux is not installed" }, () => {
  const { term } = shellInTmux("iskra-pyanswers-");
  before(() => term.run('lines = spark.readStream.format("rate").load()'));

  it("print shows True, None and lists as Python does", async () => {
    assert.match(await term.run('print(True, None, 1 == 1, [1, "a"])'), /^True None True \[1, 'a'\]$/m);
  });

  it("a bare tuple is a tuple", async () => {
    assert.match(await term.run("1 == 1, 2 > 3"), /^\(True, False\)$/m);
  });

  it("a misspelt attribute is Python's AttributeError with a suggestion", async () => {
    const out = await term.run("lines.valeu");
    assert.match(out, /AttributeError: 'DataFrame' object has no attribute 'valeu'/);
    assert.match(out, /Did you mean "value"\?/);
    assert.doesNotMatch(out, /NOT_COLUMN_OR_STR|TypeError/);
  });

  it("a misspelt column key is Spark's UNRESOLVED_COLUMN", async () => {
    assert.match(await term.run('lines["valeu"]'), /\[UNRESOLVED_COLUMN\.WITH_SUGGESTION\]/);
  });

  it("a misspelt reader method is AttributeError naming DataStreamReader", async () => {
    const out = await term.run('spark.readStream.fromat("socket")');
    assert.match(out, /AttributeError: 'DataStreamReader' object has no attribute 'fromat'/);
    assert.match(out, /Did you mean "format"\?/);
  });

  it("a writer without .start() says so when stopped", async () => {
    await term.run('w = lines.writeStream.format("console")');
    assert.match(await term.run("w"), /<pyspark\.sql\.streaming\.readwriter\.DataStreamWriter object at 0x[0-9a-f]+>/);
    assert.match(await term.run("w.stop()"), /DataStreamWriter.*\.start\(\) is missing/s);
  });
});
