import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { AnalysisException } from "../errors";
import { ExprResolver } from "../analysis/expression-resolver";
import { AGGREGATE_FUNCTIONS, SCALAR_FUNCTIONS } from "../analysis/function-catalog";
import { Scope } from "../analysis/scope";
import { functionNames } from "../analysis/function-list";
import { DECIMAL_EVALUATORS } from "../execution/functions-decimal";
import { MAP_EVALUATORS } from "../execution/functions-maps";
import { MORE_EVALUATORS } from "../execution/functions-more";
import { SCALAR_EVALUATORS } from "../execution/functions-scalar";
import * as Index from "../index";
import * as collections from "./collections";
import * as math from "./math";
import * as text from "./text";
import { registeredFamilies, registeredFunction } from "./registry";

/** Spark 3.5's SHOW FUNCTIONS with DESCRIBE FUNCTION EXTENDED (scripts/spark-oracle/show_functions.py). */
const SPARK: Array<{ name: string; describe: string }> = JSON.parse(fs.readFileSync(path.join(__dirname, "spark-functions.json"), "utf8")).functions;
/** Spark lists these operators as functions; they parse as operators, not calls. */
const OPERATOR_WORDS = new Set(["and", "or", "not", "in", "like", "rlike", "ilike", "between", "case", "when", "div"]);
const FAMILY_MODULES: Record<string, Record<string, unknown>> = { math, collections, text };

test("each family's exported builders, typers and evaluators are the same set, and the public API exports the builders", () => {
  for (const [family, defs] of Object.entries(registeredFamilies())) {
    const mod = FAMILY_MODULES[family];
    assert.ok(mod, `${family} has no module in this test`);
    const builders = Object.entries(mod).filter(([, v]) => typeof v === "function").map(([k]) => k).sort();
    assert.deepEqual(builders, defs.map((d) => d.name).sort(), `${family}: builders and definitions`);
    for (const d of defs) {
      assert.equal(typeof d.type, "function", `${d.name} has a typer`);
      assert.equal(typeof d.eval, "function", `${d.name} has an evaluator`);
      assert.equal((Index as Record<string, unknown>)[d.name], mod[d.name], `functions.${d.name} is the family's builder`);
    }
  }
});

test("SHOW FUNCTIONS lists every registered function, and every function it lists resolves", () => {
  const shown = new Set(functionNames());
  for (const defs of Object.values(registeredFamilies())) for (const d of defs) assert.ok(shown.has(d.name), `SHOW FUNCTIONS lacks ${d.name}`);
  for (const n of shown) if (/^[a-z_][a-z0-9_]*$/.test(n) && !OPERATOR_WORDS.has(n)) assert.ok(resolves(n), `${n} is listed but does not resolve`);
});

test("a registered function is one of Spark's and is defined nowhere else (one mechanism per function)", () => {
  const spark = new Set(SPARK.map((f) => f.name));
  const legacy = [SCALAR_FUNCTIONS, AGGREGATE_FUNCTIONS, MORE_EVALUATORS, SCALAR_EVALUATORS, MAP_EVALUATORS, DECIMAL_EVALUATORS];
  for (const defs of Object.values(registeredFamilies())) for (const d of defs) {
    assert.ok(spark.has(d.name), `${d.name} is not in Spark 3.5's SHOW FUNCTIONS`);
    assert.ok(legacy.every((table) => !Object.prototype.hasOwnProperty.call(table, d.name)), `${d.name} is also in a legacy table`);
    assert.equal(registeredFunction(d.name), d);
  }
});

/** Whether a call of `name` is known to analysis (a wrong argument count still means it is). */
function resolves(name: string): boolean {
  try {
    new ExprResolver(new Scope([]), { calls: [], keys: [] }).resolve({ kind: "call", name, args: [] });
    return true;
  } catch (e) {
    return !(e instanceof AnalysisException && e.errorClass === "UNRESOLVED_ROUTINE");
  }
}

test("the functions of Spark 3.5's SHOW FUNCTIONS that resolve: never fewer than last measured", () => {
  const named = SPARK.filter((f) => /^[a-z_][a-z0-9_]*$/.test(f.name));
  const resolved = named.filter((f) => resolves(f.name));
  // The figure of docs/sql-functions.md; raise it as functions are added.
  assert.ok(resolved.length >= 297, `${resolved.length} of ${named.length} resolve`);
});

/** docs/sql-functions.md's table of Spark's functions, generated from the registry and Spark's list. */
function functionTable(): string {
  const family = new Map(Object.entries(registeredFamilies()).flatMap(([f, defs]) => defs.map((d) => [d.name, f] as [string, string])));
  const shown = new Set(functionNames());
  const rows = SPARK.map((f) => {
    const where = family.has(f.name) ? `registry: \`src/functions/${family.get(f.name)}.ts\`` : shown.has(f.name) ? "not yet in the registry (analysis/function-catalog.ts, catalog-*.ts)" : "missing";
    return `| \`${f.name.replace(/\|/g, "\\|")}\` | ${shown.has(f.name) ? "yes" : "no"} | ${where} |`;
  });
  return ["| function | in Iskra | defined in |", "|---|---|---|", ...rows].join("\n");
}

test("docs/sql-functions.md's function table is the registry's (UPDATE_DOCS=1 rewrites it)", () => {
  const file = path.join(__dirname, "..", "..", "docs", "sql-functions.md");
  const doc = fs.readFileSync(file, "utf8");
  const [begin, end] = ["<!-- functions:begin (generated by src/functions/registry.test.ts) -->\n", "\n<!-- functions:end -->"];
  const a = doc.indexOf(begin), b = doc.indexOf(end);
  assert.ok(a >= 0 && b > a, "docs/sql-functions.md has no generated table");
  const table = functionTable();
  if (process.env.UPDATE_DOCS === "1") fs.writeFileSync(file, doc.slice(0, a + begin.length) + table + doc.slice(b));
  else assert.equal(doc.slice(a + begin.length, b), table, "the function table is stale: run UPDATE_DOCS=1 node scripts/infra/run-tests.js src/functions/registry.test.ts");
});
