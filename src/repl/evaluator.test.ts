import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { Evaluator, KeyboardInterrupt } from "./evaluator";
import type { Output } from "./output";
import { Shell } from "./shell";
import { analyse, joinContinuations } from "./transpile";

class Capture implements Output {
  text = "";
  readonly colors = false;
  readonly columns = 100;
  print(t: string): void {
    this.text += t;
  }
  take(): string {
    const t = this.text;
    this.text = "";
    return t;
  }
}

async function value(ev: Evaluator, src: string): Promise<unknown> {
  const r = await ev.evaluate(src);
  if (r.kind === "error") throw r.error;
  assert.equal(r.kind, "value", `${src} should be complete`);
  return (r as { value: unknown }).value;
}

describe("evaluator: TypeScript input", () => {
  it("accepts type annotations, interfaces and casts", async () => {
    const ev = new Evaluator();
    await value(ev, "interface P { n: number }\nconst p: P = { n: 20 }\nconst k = (p.n as number) + 1");
    assert.equal(await value(ev, "function twice(x: number): number { return 2 * x }\ntwice(k)"), 42);
  });

  it("keeps const, let, var, functions, classes and destructured names across inputs", async () => {
    const ev = new Evaluator();
    await value(ev, "const a = 1");
    await value(ev, "let b = 2; var c = 3");
    await value(ev, "const { d, e: [f] } = { d: 4, e: [5] }");
    await value(ev, "function g() { return a + b + c + d + f }");
    await value(ev, "class H { v = g() }");
    assert.equal(await value(ev, "new H().v"), 15);
  });

  it("lets a declaration be typed again (as re-binding a name in PySpark)", async () => {
    const ev = new Evaluator();
    await value(ev, "const query = 1");
    await value(ev, "const query = 2");
    assert.equal(await value(ev, "query"), 2);
  });

  it("keeps a Python-style assignment in the shell's scope, not in the process globals", async () => {
    const ev = new Evaluator();
    await value(ev, "zzIskraTest = 7");
    assert.equal(await value(ev, "zzIskraTest"), 7);
    assert.equal("zzIskraTest" in globalThis, false);
  });

  it("hoists functions declared after their use in the same input", async () => {
    const ev = new Evaluator();
    assert.equal(await value(ev, "const r = later()\nfunction later() { return 'ok' }\nr"), "ok");
  });
});

describe("evaluator: awaiting for the learner", () => {
  it("awaits a returned promise and a thenable", async () => {
    const ev = new Evaluator();
    assert.equal(await value(ev, "Promise.resolve(5)"), 5);
    assert.equal(await value(ev, "({ then(resolve: (v: number) => void) { resolve(7) } })"), 7);
  });

  it("supports top-level await in declarations and loops", async () => {
    const ev = new Evaluator();
    await value(ev, "const v = await new Promise((r) => setTimeout(() => r(3), 5))");
    await value(ev, "let total = 0\nfor (const x of [1, 2]) { total += await Promise.resolve(x * v) }");
    assert.equal(await value(ev, "total"), 9);
  });

  it("stores the resolved value of a promise in a declaration or a Python-style assignment", async () => {
    const ev = new Evaluator({ later: (v: number) => new Promise((r) => setTimeout(() => r(v), 5)) });
    await value(ev, "n = later(2)");
    assert.equal(await value(ev, "n + 1"), 3);
    await value(ev, "const m = later(40)");
    assert.equal(await value(ev, "m + n"), 42);
    await value(ev, "const { a } = later({ a: 1 } as any) as any");
    assert.equal(await value(ev, "a"), 1);
  });

  it("runs the statements of one input in order, each waiting for its promise", async () => {
    const ev = new Evaluator({ log: [] as number[], later: (v: number, ms: number) => new Promise((r) => setTimeout(() => r(v), ms)) });
    await value(ev, "later(1, 30).then((v: number) => log.push(v))\nlater(2, 1).then((v: number) => log.push(v))\nlog.length");
    assert.deepEqual(ev.scope.log, [1, 2]);
  });

  it("stops waiting on abort with KeyboardInterrupt (the work itself goes on)", async () => {
    const ev = new Evaluator();
    const ac = new AbortController();
    const p = ev.evaluate("await new Promise(() => {})", { signal: ac.signal });
    setTimeout(() => ac.abort(), 20);
    const r = await p;
    assert.equal(r.kind, "error");
    assert.ok((r as { error: unknown }).error instanceof KeyboardInterrupt);
  });
});

describe("evaluator: incomplete and wrong input", () => {
  it("asks for more when the input is unfinished", () => {
    for (const src of ["foo(", "const x = {", "const q = spark.readStream.", "`abc", "const x =", "wordCounts \\"]) assert.equal(analyse(src).kind, "incomplete", src);
    for (const src of ["foo()", "const x = 1", '"abc']) assert.notEqual(analyse(src).kind, "incomplete", src);
  });

  it("joins Python-style backslash continuations", async () => {
    assert.equal(joinContinuations("a \\\n  .b()"), "a \n  .b()");
    const ev = new Evaluator();
    assert.equal(await value(ev, "const s = 'x' \\\n  .repeat(3)\ns"), "xxx");
  });

  it("reports a syntax error without running anything", async () => {
    const ev = new Evaluator();
    const r = await ev.evaluate("const = 5");
    assert.equal(r.kind, "error");
    assert.ok((r as { error: unknown }).error instanceof SyntaxError);
  });
});

describe("shell: what the learner sees", () => {
  it("prints values, DataFrames and show() output", async () => {
    const out = new Capture();
    const shell = new Shell({ output: out, interactive: false });
    await shell.run("1 + 1");
    assert.equal(out.take(), "2\n");
    await shell.run('const df = spark.createDataFrame(["spark scala"], StringType())');
    assert.equal(out.take(), "");
    await shell.run("df");
    assert.equal(out.take(), "DataFrame[value: string]\n");
    await shell.run('df.select(explode(split(df.value, " ")).alias("word")).show()');
    assert.equal(out.take(), "+-----+\n| word|\n+-----+\n|spark|\n|scala|\n+-----+\n\n");
  });

  it("prints an error as PySpark's last traceback line: class and message, no stack", async () => {
    const out = new Capture();
    const shell = new Shell({ output: out, interactive: false });
    await shell.run('const df = spark.createDataFrame(["a"], StringType())');
    const r = await shell.run('df.select(col("nope"))');
    assert.equal(r.kind, "error");
    const text = out.take();
    assert.match(text, /^AnalysisException: \[UNRESOLVED_COLUMN\.WITH_SUGGESTION\] A column or function parameter with name `nope` cannot be resolved\. Did you mean one of the following\? \[`value`\]/);
    assert.doesNotMatch(text, /\n\s+at /);
    await shell.run("undefinedName + 1");
    assert.equal(out.take(), "ReferenceError: undefinedName is not defined\n");
    // The shell goes on.
    await shell.run("40 + 2");
    assert.equal(out.take(), "42\n");
  });

  it("never prints a password in an error", async () => {
    const out = new Capture();
    const shell = new Shell({ output: out, interactive: false });
    await shell.run('throw new Error("could not connect to postgres://postgres:hunter22@db:5432/x")');
    assert.doesNotMatch(out.take(), /hunter22/);
  });

  it("routes the session's print and warn through the shell", async () => {
    const out = new Capture();
    const shell = new Shell({ output: out, interactive: false });
    shell.spark.warn("something odd");
    assert.equal(out.take(), "WARN something odd\n");
    await shell.run('spark.createDataFrame(["a"], StringType()).printSchema()');
    assert.equal(out.take(), "root\n |-- value: string (nullable = true)\n\n");
  });

  it("preloads spark, the functions, the types, hostName, sql and the PostgreSQL coordinates", async () => {
    const shell = new Shell({ output: new Capture(), interactive: false });
    const s = shell.evaluator.scope;
    for (const name of ["spark", "col", "split", "explode", "from_json", "approx_count_distinct", "StructType", "StringType", "TimestampType", "hostName", "sql", "jdbcUrl", "kafkaBootstrap", "DataFrame"])
      assert.ok(name in s, name);
    assert.equal(s.spark, shell.spark);
    assert.match(String(s.jdbcUrl), /^jdbc:postgresql:\/\//);
  });
});

describe("evaluator: PySpark input", () => {
  it("reads a statement of a Python paste as Python though it has no cue of its own, unless it is TypeScript's", async () => {
    const ev = new Evaluator({});
    const shown: string[] = [];
    // `y = [1, 2]` has no Python cue: alone it runs as TypeScript's assignment; in a Python paste it is Python's.
    const r = await ev.evaluate("y = [1, 2]", { python: true, onTranslated: (ts) => shown.push(ts) });
    assert.equal(r.kind, "value");
    assert.deepEqual(shown, ["const y = [1, 2]"]);
    assert.equal(ev.lastWasPython, true);
    await value(ev, "y.length");
    assert.equal(ev.lastWasPython, false);
    // TypeScript's own syntax stays TypeScript inside a paste.
    shown.length = 0;
    await ev.evaluate("const z = (v: number) => v + 1", { python: true, onTranslated: (ts) => shown.push(ts) });
    assert.deepEqual(shown, []);
    assert.equal(ev.lastWasPython, false);
    assert.equal(ev.isIncomplete("people.filter(", true), true);
  });

  it("translates Python, reports the TypeScript, runs it and records the TypeScript", async () => {
    const ev = new Evaluator({ hostName: "h" });
    const shown: string[] = [];
    const r = await ev.evaluate("import socket\nhost_name = socket.gethostname()\nxs = [1, 2, None]\nn = len(xs)", { onTranslated: (ts) => shown.push(ts) });
    assert.equal(r.kind, "value");
    assert.equal(shown[0], "// import socket: the host name is preloaded as hostName\nconst host_name = hostName\nconst xs = [1, 2, null]\nconst n = xs.length");
    assert.equal(ev.scope.host_name, "h");
    assert.equal(ev.scope.n, 3);
    assert.equal(ev.history[ev.history.length - 1].code, shown[0]);
  });

  it("waits for the body of a def and runs it as an async function", async () => {
    const ev = new Evaluator({ later: (v: number) => Promise.resolve(v) });
    assert.equal(ev.isIncomplete("def f(df, batch_id):"), true);
    assert.equal(ev.isIncomplete("def f(df, batch_id):\n    x = later(batch_id)"), true);
    assert.equal(ev.isIncomplete("def f(df, batch_id):\n    x = later(batch_id)\n    return x + 1\n"), false);
    await value(ev, "def f(df, batch_id):\n    x = later(batch_id)\n    return x + 1\n");
    assert.equal(await value(ev, "f(None, 41)"), 42);
  });

  it("an import of a name Iskra lacks is Python's ImportError", async () => {
    const ev = new Evaluator({ col: () => 1 });
    await value(ev, "from pyspark.sql.functions import col");
    const r = await ev.evaluate("from pyspark.sql.functions import col, pandas_udf");
    assert.equal(r.kind, "error");
    assert.match(String((r as { error: Error }).error), /^ImportError: cannot import name 'pandas_udf' from 'pyspark\.sql\.functions'/);
  });
});

describe("shell: a replay whose query fails", () => {
  it("says so and fails, even when every step ran", async () => {
    const out = new Capture();
    const shell = new Shell({ output: out, interactive: false, env: { ISKRA_NO_SERVICES: "1" } });
    const lesson = {
      id: 99,
      title: { en: "t", pl: "t" },
      steps: [{ id: 1, code: 'const fq = spark.readStream.format("rate").load().writeStream.foreachBatch(() => { throw new Error("boom") }).start()\nawait workshop.sleep(1.5)' }],
    };
    const ok = await shell.replay(lesson as never);
    assert.equal(ok, false);
    assert.match(out.take(), /A query the replay started failed\./);
    await shell.close();
  });
});
