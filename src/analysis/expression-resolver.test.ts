import { test } from "node:test";
import assert from "node:assert/strict";
import { parseExpression } from "../expr/sql-parser";
import { INTEGER, STRING } from "../types/data-types";
import { namesResolve, tryResolve } from "./expression-resolver";
import { Scope } from "./scope";

const scope = new Scope([
  { name: "id", dataType: INTEGER, nullable: false, qualifier: "t" },
  { name: "name", dataType: STRING, nullable: true, qualifier: "t" },
]);

test("namesResolve looks names up without resolving: columns, qualified names, lambda variables", () => {
  assert.equal(namesResolve(scope, parseExpression("id + 1 > 2 AND upper(name) = 'A'")), true);
  assert.equal(namesResolve(scope, parseExpression("t.id = 3")), true);
  assert.equal(namesResolve(scope, parseExpression("transform(array(id), x -> x + id)")), true);
  assert.equal(namesResolve(scope, parseExpression("id = o.id")), false);
  assert.equal(namesResolve(scope, parseExpression("coalesce(missing, id)")), false);
});

test("tryResolve: undefined for a missing column, the resolved expression otherwise, a type error raised", () => {
  assert.equal(tryResolve(scope, parseExpression("other + 1")), undefined);
  const r = tryResolve(scope, parseExpression("id + 1"));
  assert.equal(r?.sql, "(id + 1)");
  assert.throws(() => tryResolve(scope, parseExpression("id AND name")), /DATATYPE_MISMATCH/);
});
