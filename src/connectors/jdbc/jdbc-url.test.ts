import { test } from "node:test";
import assert from "node:assert/strict";
import { parseJdbcUrl, toJdbcUrl, toPgUrl } from "./jdbc-url";

test("the workshop's URL", () => {
  assert.deepEqual(parseJdbcUrl("jdbc:postgresql://localhost:8432/streamoutput"), { host: "localhost", port: 8432, database: "streamoutput", user: undefined, password: undefined, params: {} });
});

test("PgJDBC's other forms", () => {
  assert.deepEqual(parseJdbcUrl("jdbc:postgresql://db.example/sales?user=u&password=p%40ss&sslmode=require"), {
    host: "db.example", port: 5432, database: "sales", user: "u", password: "p@ss", params: { sslmode: "require" },
  });
  assert.equal(parseJdbcUrl("jdbc:postgresql:streamoutput").host, "localhost");
  assert.equal(parseJdbcUrl("jdbc:postgresql:streamoutput").database, "streamoutput");
  assert.deepEqual([parseJdbcUrl("jdbc:postgresql://[::1]:5433/x").host, parseJdbcUrl("jdbc:postgresql://[::1]:5433/x").port], ["::1", 5433]);
  assert.equal(parseJdbcUrl("jdbc:postgresql://h1:5001,h2:5002/x").host, "h1");
  assert.equal(parseJdbcUrl("jdbc:postgresql://h:5001/").database, "postgres");
});

test("postgres:// URLs (PG_URL)", () => {
  const e = parseJdbcUrl("postgres://postgres:my%2Fpw@127.0.0.1:8432/streamoutput");
  assert.deepEqual([e.host, e.port, e.database, e.user, e.password], ["127.0.0.1", 8432, "streamoutput", "postgres", "my/pw"]);
  assert.equal(toJdbcUrl(e), "jdbc:postgresql://127.0.0.1:8432/streamoutput");
  assert.equal(toPgUrl(e), "postgres://postgres:my%2Fpw@127.0.0.1:8432/streamoutput");
});

test("bad URLs: IllegalArgumentException that names the expected form and hides the password", () => {
  const cases: [string, RegExp][] = [
    ["", /empty/],
    ["localhost:8432/streamoutput", /does not start with jdbc:postgresql:/],
    ["jdbc:postgresql://localhost:84x2/db?password=hunter22", /port '84x2'/],
    ["jdbc:postgresql://localhost:99999/db", /port '99999'/],
    ["jdbc:mysql://localhost:3306/db", /No suitable driver/],
    ["jdbc:postgresql://user:hunter22@localhost/db", /credentials belong/],
  ];
  for (const [url, re] of cases) {
    assert.throws(() => parseJdbcUrl(url), (e: Error) => {
      assert.equal(e.name, "IllegalArgumentException");
      assert.match(e.message, re);
      assert.ok(!e.message.includes("hunter22"), e.message);
      return true;
    });
  }
});
