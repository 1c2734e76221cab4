/** The statement parser: clause structure, precedence of set operations, Spark's error texts. */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { parseQuery, QueryAst } from "./sql-statement";

const select = (q: QueryAst): QueryAst & { kind: "select" } => {
  assert.equal(q.kind, "select");
  return q as QueryAst & { kind: "select" };
};

test("a SELECT with every clause", () => {
  const q = parseQuery("WITH a AS (SELECT 1 AS x) SELECT DISTINCT x, count(*) n FROM a t WHERE x > 0 GROUP BY x HAVING count(*) > 1 ORDER BY 2 DESC LIMIT 5");
  assert.equal(q.kind, "organized");
  const o = q as QueryAst & { kind: "organized" };
  assert.deepEqual(o.ctes.map((c) => c.name), ["a"]);
  assert.equal(o.limit, 5);
  assert.equal(o.orderBy.length, 1);
  const s = select(o.query);
  assert.equal(s.distinct, true);
  assert.equal(s.items.length, 2);
  assert.deepEqual(s.from, { kind: "table", name: "a", alias: "t", pos: 61 });
  assert.equal(s.groupBy?.length, 1);
  assert.ok(s.having && s.where);
});

test("INTERSECT binds tighter than UNION and EXCEPT; both are left-associative", () => {
  const q = parseQuery("SELECT 1 UNION SELECT 2 INTERSECT SELECT 3 EXCEPT ALL SELECT 4");
  assert.equal(q.kind, "setOp");
  const top = q as QueryAst & { kind: "setOp" };
  assert.equal(top.op, "except");
  assert.equal(top.all, true);
  const union = top.left as QueryAst & { kind: "setOp" };
  assert.equal(union.op, "union");
  assert.equal((union.right as QueryAst & { kind: "setOp" }).op, "intersect");
});

test("joins, VALUES with an alias list, LATERAL VIEW, comments", () => {
  const s = select(parseQuery("SELECT * -- all\nFROM a LEFT OUTER JOIN b USING (k) CROSS JOIN VALUES (1, 2) AS v(x, y) /* c */ LATERAL VIEW OUTER explode(a.l) t AS e"));
  assert.equal(s.from?.kind, "join");
  const j = s.from as { kind: "join"; how: string; left: { kind: string; how?: string; using?: string[] }; right: { kind: string; columns?: string[] } };
  assert.equal(j.how, "cross");
  assert.equal(j.left.how, "left");
  assert.deepEqual(j.left.using, ["k"]);
  assert.deepEqual(j.right.columns, ["x", "y"]);
  assert.equal(s.lateral[0].outer, true);
  assert.deepEqual(s.lateral[0].columns, ["e"]);
});

test("window specs, named windows and frames", () => {
  const s = select(parseQuery("SELECT sum(x) OVER (PARTITION BY k ORDER BY t ROWS BETWEEN 1 PRECEDING AND UNBOUNDED FOLLOWING), rank() OVER w FROM t WINDOW w AS (ORDER BY t)"));
  const w = s.items[0] as { kind: string; spec: { frame: unknown; partitionBy: unknown[] } };
  assert.equal(w.kind, "window");
  assert.deepEqual(w.spec.frame, { type: "rows", lower: -1, upper: "unboundedFollowing", sql: true });
  assert.equal((s.items[1] as { spec: { ref: string } }).spec.ref, "w");
  assert.ok(s.windows.w);
});

test("syntax errors: Spark's text, line and position, also on a later line", () => {
  assert.throws(() => parseQuery("SELECT name,\n  salary\nFROM emp\nWHERE salary >"), (e: Error) => {
    assert.equal(e.message, "[PARSE_SYNTAX_ERROR] Syntax error at or near end of input.(line 4, pos 14)\n\n== SQL ==\nSELECT name,\n  salary\nFROM emp\nWHERE salary >\n--------------^^^\n");
    return true;
  });
  assert.throws(() => parseQuery("SELECT name FROM emp emp2 emp3"), /Syntax error at or near 'emp3': extra input 'emp3'\.\(line 1, pos 26\)/);
  assert.throws(() => parseQuery(""), /Syntax error at or near end of input\.\(line 1, pos 0\)/);
});

test("a clause word with nothing after it is a name, as ANTLR reads it", () => {
  const s = select(parseQuery("SELECT * FROM emp WHERE"));
  assert.deepEqual(s.from, { kind: "table", name: "emp", alias: "WHERE", pos: 14 });
});
