import { strict as assert } from "node:assert";
import { test } from "node:test";
import * as api from "../index";
import { runCommand } from "./commands";
import { formatSqlResult } from "./services";
import { Shell } from "./shell";
import { ruledTable } from "./table";

test("ruledTable: a rule under the header, none between the rows", () => {
  assert.equal(
    ruledTable(["house", "n"], [["Gryffindor", "2"], ["Ravenclaw", "10"]], { colors: false, aligns: ["left", "right"] }),
    ["┌────────────┬────┐", "│ house      │  n │", "├────────────┼────┤", "│ Gryffindor │  2 │", "│ Ravenclaw  │ 10 │", "└────────────┴────┘"].join("\n"),
  );
});

test("sql() results: the ruled header and psql's row count", () => {
  const text = formatSqlResult({ command: "SELECT", fields: ["house", "how_many"], rows: [{ house: "Gryffindor", how_many: 2 }, { house: "Slytherin", how_many: 1 }], rowCount: 2 });
  const lines = text.split("\n");
  assert.match(lines[1], /│ house\s+│ how_many │/);
  assert.match(lines[2], /^├─+┼─+┤$/, "a rule under the header");
  assert.equal(lines.filter((l) => l.startsWith("├")).length, 1, "no rules between rows");
  assert.equal(lines[lines.length - 1], "(2 rows)");
});

/** A shell (no services) and a running count over a memory stream named `name`_input. */
function countQuery(name: string) {
  const out: string[] = [];
  const shell = new Shell({ output: { print: (t) => void out.push(t), colors: false, columns: 140 }, interactive: false, env: { ISKRA_NO_SERVICES: "1" } });
  const stream = new api.MemoryStream(api.StructType([api.StructField("value", api.StringType())]), { name: `${name}_input` });
  const q = shell.spark.readStream.format("memory").option("name", `${name}_input`).load().groupBy("value").count().writeStream.outputMode("complete").format("memory").queryName(name).start();
  return { out, shell, stream, q };
}

test(".queries after a busy run: ruled header, the rates of the last batch that read rows", async () => {
  const { out, shell, stream, q } = countQuery("busy_q");
  try {
    // Two busy batches: Spark's first batch has no input rate (no previous trigger to measure from).
    for (let b = 0; b < 2; b++) {
      stream.addData(...Array.from({ length: 20000 }, (_, i) => `k${i % 7}`));
      await q.processAllAvailable();
    }
    await q.processAllAvailable(); // an idle pass after the busy batches
    out.length = 0;
    await runCommand({ shell, exit: () => undefined }, ".queries");
    const lines = out.join("").trimEnd().split("\n");
    assert.match(lines[1], /│ name\s+│ id\s+│ status\s+│\s+input\/s │\s+processed\/s │\s+batch │/);
    assert.match(lines[2], /^├/);
    const row = lines[3].split("│").map((c) => c.trim());
    assert.equal(row[1], "busy_q");
    assert.equal(row[2], q.id);
    const busy = q.recentProgress.filter((p) => p.numInputRows > 0).pop()!;
    assert.equal(row[6], String(busy.batchId));
    assert.equal(row[5], busy.processedRowsPerSecond.toFixed(1));
    assert.equal(row[4], busy.inputRowsPerSecond.toFixed(1));
    assert.ok(Number(row[5]) > 0, `a real processing rate, got ${row[5]}`);
    assert.ok(Number(row[4]) > 0, `a real input rate, got ${row[4]}`);
    // lastProgress is that batch, or an idle report after it that carries no rows.
    const last = q.lastProgress!;
    if (last.batchId === busy.batchId) assert.equal(last.inputRowsPerSecond, busy.inputRowsPerSecond);
    else assert.equal(last.numInputRows, 0);
  } finally {
    await q.stop();
  }
});
