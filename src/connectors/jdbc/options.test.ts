import { test } from "node:test";
import assert from "node:assert/strict";
import { parseJdbcOptions, unknownOptionWarning } from "./options";

const url = "jdbc:postgresql://localhost:8432/streamoutput";

test("names are case-insensitive and values become strings, as PySpark's option() makes them", () => {
  const o = parseJdbcOptions({ URL: url, DbTable: "housestats", TRUNCATE: true, BatchSize: 50, User: "postgres", PASSWORD: "pw" }, "write");
  assert.equal(o.dbtable, "housestats");
  assert.equal(o.truncate, true);
  assert.equal(o.batchsize, 50);
  assert.equal(o.user, "postgres");
  assert.equal(o.password, "pw");
  assert.deepEqual(o.warnings, []);
  assert.equal(o.all.get("truncate"), "true");
});

test("Spark's defaults", () => {
  const o = parseJdbcOptions(new Map([["url", url], ["dbtable", "t"]]), "write");
  assert.equal(o.truncate, false);
  assert.equal(o.batchsize, 1000);
  assert.equal(o.isolationLevel, "READ_UNCOMMITTED");
  assert.equal(o.createTableOptions, "");
  assert.equal(o.cascadeTruncate, undefined);
  assert.equal(o.tableOrQuery, "t");
});

test("the seed's 'trucate' is ignored with a warning naming 'truncate'", () => {
  const o = parseJdbcOptions({ url, dbtable: "housestats", user: "postgres", password: "x", trucate: "true" }, "write");
  assert.equal(o.truncate, false);
  assert.equal(o.warnings.length, 1);
  assert.match(o.warnings[0], /^Unknown JDBC option 'trucate' is ignored; did you mean 'truncate'\?/);
  assert.match(unknownOptionWarning("batchSise")!, /did you mean 'batchsize'\?/);
  assert.match(unknownOptionWarning("isolationlevl")!, /did you mean 'isolationLevel'\?/);
  assert.equal(unknownOptionWarning("sslmode"), undefined, "driver properties are known");
  assert.equal(unknownOptionWarning("completelyunrelated"), "Unknown JDBC option 'completelyunrelated' is ignored. (Spark passes options it does not know to the JDBC driver, which ignores them.)");
});

test("Spark's messages for missing or conflicting options", () => {
  assert.throws(() => parseJdbcOptions({ dbtable: "t" }, "write"), { name: "IllegalArgumentException", message: "requirement failed: Option 'url' is required." });
  assert.throws(() => parseJdbcOptions({ url }, "write"), { message: "Option 'dbtable' or 'query' is required." });
  assert.throws(() => parseJdbcOptions({ url }, "read"), { message: "Option 'dbtable' or 'query' is required." });
  assert.throws(() => parseJdbcOptions({ url, query: "select 1" }, "write"), {
    message: "requirement failed: Option 'dbtable' is required. Option 'query' is not applicable while writing.",
  });
  assert.throws(() => parseJdbcOptions({ url, dbtable: "t", query: "select 1" }, "read"), { message: "Both 'dbtable' and 'query' can not be specified at the same time." });
  assert.throws(() => parseJdbcOptions({ url, dbtable: "" }, "read"), { message: "Option `dbtable` can not be empty." });
  assert.equal(parseJdbcOptions({ url, query: "select 1" }, "read").tableOrQuery.replace(/\d+$/, "N"), "(select 1) SPARK_GEN_SUBQ_N");
});

test("Spark's messages for bad values", () => {
  assert.throws(() => parseJdbcOptions({ url, dbtable: "t", batchsize: "0" }, "write"), {
    name: "IllegalArgumentException",
    message: "requirement failed: Invalid value `0` for parameter `batchsize`. The minimum value is 1.",
  });
  assert.throws(() => parseJdbcOptions({ url, dbtable: "t", batchsize: "ten" }, "write"), { message: 'For input string: "ten"' });
  assert.throws(() => parseJdbcOptions({ url, dbtable: "t", truncate: "yes" }, "write"), { message: 'For input string: "yes"' });
  assert.throws(() => parseJdbcOptions({ url, dbtable: "t", isolationLevel: "read_committed" }, "write"), {
    message: "Invalid value `read_committed` for parameter `isolationLevel`. This can be `NONE`, `READ_UNCOMMITTED`, `READ_COMMITTED`, `REPEATABLE_READ` or `SERIALIZABLE`.",
  });
  assert.throws(() => parseJdbcOptions({ url, dbtable: "t", partitionColumn: "id" }, "read"), { message: /users need to specify all or none/ });
});

test("credentials in the URL win over the options (PgJDBC's rule); errors hide the password", () => {
  const o = parseJdbcOptions({ url: `${url}?user=alice&password=s3cret`, dbtable: "t", user: "bob", password: "other" }, "read");
  assert.equal(o.user, "alice");
  assert.equal(o.password, "s3cret");
  assert.throws(
    () => parseJdbcOptions({ url: "jdbc:postgresql://localhost:port/db?password=s3cret", dbtable: "t" }, "read"),
    (e: Error) => e.name === "IllegalArgumentException" && !e.message.includes("s3cret"),
  );
});
