// The expression parser beside its code: precedence and desugaring as Spark's SqlBaseParser gives them.
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { parseExpression } from "./sql-parser";
import { ParseException } from "../errors";
import type { Expr } from "./expression";

/** The tree without positions and types: enough to see how it was grouped. */
function shape(e: Expr): unknown {
  switch (e.kind) {
    case "attr": return e.parts.join(".");
    case "literal": return e.value;
    case "binary": return [e.op, shape(e.left), shape(e.right)];
    case "unary": return [e.op, shape(e.child)];
    case "caseWhen": return ["CASE", ...e.branches.map(([w, t]) => [shape(w), shape(t)]), e.otherwise ? shape(e.otherwise) : null];
    case "call": return [e.name, ...e.args.map(shape)];
    default: return e.kind;
  }
}

test("precedence: * over +, comparison over NOT over AND over OR", () => {
  assert.deepEqual(shape(parseExpression("a + b * c")), ["+", "a", ["*", "b", "c"]]);
  assert.deepEqual(shape(parseExpression("a - b - c")), ["-", ["-", "a", "b"], "c"]);
  assert.deepEqual(shape(parseExpression("NOT a = b OR c AND d")), ["OR", ["NOT", ["=", "a", "b"]], ["AND", "c", "d"]]);
});

test("BETWEEN is two comparisons; CASE WHEN keeps its branches; backquoted names keep their spaces", () => {
  assert.deepEqual(shape(parseExpression("x BETWEEN 1 AND 2")), ["AND", [">=", "x", 1], ["<=", "x", 2]]);
  assert.deepEqual(shape(parseExpression("CASE WHEN a THEN 1 ELSE 2 END")), ["CASE", ["a", 1], 2]);
  assert.deepEqual(shape(parseExpression("`we ird`.x")), "we ird.x");
});

test("a syntax error is Spark's PARSE_SYNTAX_ERROR with the position", () => {
  assert.throws(() => parseExpression("a +"), (e: Error) => e instanceof ParseException && /^\[PARSE_SYNTAX_ERROR\] Syntax error at or near end of input/.test(e.message));
});
