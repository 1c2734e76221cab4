import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { handoutCode } from "../../../test/support/handout";
import { looksLikePython, pythonIncomplete } from "./detect";
import { translatePython } from "./translate";

const tr = (src: string) => translatePython(src, { isColumnFunction: (n) => ["col", "lit", "sum", "count", "expr"].includes(n) }).ts;

describe("Python input: detection", () => {
  it("tells the handout's PySpark from TypeScript", () => {
    for (const step of [8, 9, 10, 20, 21, 23, 29, 32, 33, 36, 40, 47]) assert.equal(looksLikePython(handoutCode(step)), true, `step ${step}`);
    for (const ts of ['const lines = spark.readStream.format("socket").load()', "df.show()", "await query.stop()", "x = 1", 'sql("select 1")', "const f = (df, id) => df.count()", "f(g(1, 2), [h(3)])", 'spark.createDataFrame([["a", 1]], ["k", "v"])'])
      assert.equal(looksLikePython(ts), false, ts);
    for (const py of ["df.show(truncate=False)", 'x = f"{a}:9092"', "print(len(xs))", "if x == 1:", "import socket", "from pyspark.sql.functions import col", "y = None", 'df = spark.createDataFrame([("a", 1), ("b", 2)], ["k", "v"])', 'rows = [(1, "x")]', 'people.filter(F.col("age") > 10).show()', 'people.filter(F.col("age").isNotNull() & (F.col("age") > 10)).show()', 'df.where((col("a") == 1) | (col("b") == 2))'])
      assert.equal(looksLikePython(py), true, py);
  });

  it("waits for more lines as the Python prompt does", () => {
    for (const src of ["def f(df, batch_id):", "def f(df, batch_id):\n    df.count()", "x = spark \\", 'values = ["""{"a":', "x = foo(1,", "for q in spark.streams.active:"])
      assert.equal(pythonIncomplete(src), true, src);
    for (const src of ["def f(df, batch_id):\n    df.count()\n", "for q in spark.streams.active:\n    q.stop()\nquit()", "import socket", 'x = """a\nb"""'])
      assert.equal(pythonIncomplete(src), false, src);
  });

  it("does not wait on the handout's step 21, whose four quotes leave a string open for good", () => {
    assert.equal(pythonIncomplete(handoutCode(21)), false);
    assert.throws(() => tr(handoutCode(21)), (e: Error & { hint?: string }) => {
      assert.equal(e.name, "SyntaxError");
      assert.equal(e.message, "unterminated triple-quoted string literal (detected at line 14)");
      assert.match(e.hint ?? "", /four quotes: """"\{/);
      assert.match(e.hint ?? "", /Line 12 ends the last string with two quotes: 9"\}""\] — it needs three: 9"\}"""\]/);
      return true;
    });
  });
});

describe("Python input: the handout's blocks in TypeScript", () => {
  it("step 8: import socket, host_name, a ` \\` chain", () => {
    assert.equal(
      tr(handoutCode(8)),
      [
        "// import socket: the host name is preloaded as hostName",
        "const host_name = hostName",
        "const lines = spark",
        "  .readStream",
        '  .format("socket")',
        '  .option("host", host_name)',
        '  .option("port", 9876)',
        "  .load()",
      ].join("\n"),
    );
  });

  it("step 9: from … import, nested calls over several lines", () => {
    assert.equal(
      tr(handoutCode(9)),
      '// from pyspark.sql.functions import explode: preloaded\n// from pyspark.sql.functions import split: preloaded\nconst words = lines.select(explode(split(lines.value, " ")).alias("word"))\nconst wordCounts = words.groupBy("word").count()',
    );
  });

  it("step 21 with its quotes mended: triple-quoted strings become template literals", () => {
    const ts = tr(handoutCode(21).replace(/""""\{/g, '"""{').replace('}""]', '}"""]'));
    assert.match(ts, /^const values = \[`\{"house": "Ravenclaw", "character": "Myrtle Warren",\n    "score": "1", "ts": "2022-08-11 16:34:11\.633"\}`, `\{"house": "Thunderbird"/);
    assert.match(ts, /\nconst valuesDF = spark\.createDataFrame\(values, StringType\(\)\)$/);
  });

  it("steps 23 and 29: True, f-strings", () => {
    assert.match(tr(handoutCode(23)), /StructField\("house", StringType\(\), true\)/);
    assert.match(tr(handoutCode(29)), /\.option\("url", `jdbc:postgresql:\/\/\$\{host_name\}:8432\/streamoutput`\)/);
  });

  it("step 47: a for loop awaits each stop, then quit()", () => {
    assert.equal(tr(handoutCode(47)), "for (const q of spark.streams.active) {\n  await q.stop()\n}\nquit()");
  });

  it("a foreachBatch function: an async function whose actions are awaited", () => {
    const ts = tr('def write_batch(df, batch_id):\n    n = df.count()\n    df.write \\\n        .format("jdbc") \\\n        .mode("append") \\\n        .save()\n    print(batch_id, n)\n');
    assert.equal(ts, 'async function write_batch(df, batch_id) {\n  let n = await df.count()\n  await df.write\n    .format("jdbc")\n    .mode("append")\n    .save()\n  await print(batch_id, n)\n}');
  });
});

describe("Python input: the rest of the subset", () => {
  it("maps keyword arguments onto PySpark's parameter order, or onto an options object", () => {
    assert.equal(tr("df.show(truncate=False)"), "df.show(undefined, false)");
    assert.equal(tr("df.show(5, truncate=False)"), "df.show(5, false)");
    assert.equal(tr('w.trigger(processingTime="5 seconds")'), 'w.trigger({ processingTime: "5 seconds" })');
    assert.equal(tr('df.write.jdbc(url=u, table="t", properties={"user": "postgres"})'), 'df.write.jdbc(u, "t", undefined, { "user": "postgres" })');
    assert.equal(tr('StructField("a", StringType(), nullable=False)'), 'StructField("a", StringType(), false)');
    assert.equal(tr("df.sample(fraction=0.5, seed=42)"), "df.sample(undefined, 0.5, 42)");
    assert.equal(tr('df.groupBy("y").pivot("p", values=["A"])'), 'df.groupBy("y").pivot("p", ["A"])');
  });

  it("translates operators: Column comparisons become methods, and/or/not, None, len", () => {
    assert.equal(tr('df.filter(col("score") > 3)'), 'df.filter(col("score").gt(3))');
    assert.equal(tr("df.filter(df.house == 'Gryffindor')"), 'df.filter(df.house.eq("Gryffindor"))');
    assert.equal(tr("ok = n > 1 and not done or x is None"), "const ok = ((n > 1) && !done) || (x === null)");
    assert.equal(tr("print(len(rows), rows[0])"), "print(rows.length, rows[0])");
    assert.equal(tr("squares = [i * i for i in xs if i > 1]"), "const squares = xs.filter((i) => i > 1).map((i) => i * i)");
  });

  it("a higher-order function's lambda works on Columns; other lambdas stay plain", () => {
    assert.equal(
      tr("from pyspark.sql import functions as F\nF.transform('xs', lambda x, i: x * i + 1)"),
      'const F = require("pyspark.sql.functions")\nF.transform("xs", (x, i) => (x.multiply(i)).plus(1))',
    );
    assert.equal(tr("f = lambda a: a + 1"), "const f = (a) => a + 1");
  });

  it("imports: pyspark modules by alias, time.sleep", () => {
    assert.equal(tr("from pyspark.sql import functions as F\nF.col('x')"), 'const F = require("pyspark.sql.functions")\nF.col("x")');
    assert.equal(tr("import time\ntime.sleep(2)"), "// import time: time.sleep(n) is workshop.sleep(n)\nawait workshop.sleep(2)");
    assert.deepEqual(translatePython("from pyspark.sql.functions import explode, split").imports, [
      { module: "pyspark.sql.functions", name: "explode" },
      { module: "pyspark.sql.functions", name: "split" },
    ]);
  });

  it("names the construct it cannot translate, with its line", () => {
    assert.throws(() => tr("x = 1\ntry:\n    y = 2\nexcept Exception:\n    pass\n"), /^NotImplementedError: `try`\/`except` \(line 2\) has no TypeScript translation in Iskra yet/);
    assert.throws(() => tr("import readline"), /`import readline` \(only pyspark, socket and time\)/);
    assert.throws(() => tr("x = y[1:2]"), /a slice/);
    assert.throws(() => tr("x = (1,"), /^SyntaxError: invalid syntax/);
  });
});
