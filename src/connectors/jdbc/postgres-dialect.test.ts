import { test } from "node:test";
import assert from "node:assert/strict";
import {
  ArrayType, BinaryType, BooleanType, ByteType, DateType, DoubleType, FloatType, IntegerType, LongType, MapType, ShortType, StringType,
  StructField, StructType, TimestampType,
} from "../../types/data-types";
import {
  createTableSql, getJdbcType, microsToTimestampText, parseArrayLiteral, parseTimestampText, quoteIdentifier, scalaTypeString,
  sparkTypeForPg, textParserForPg, truncateSql,
} from "./postgres-dialect";

test("Spark → PostgreSQL types (§8.3)", () => {
  const m: [unknown, string][] = [
    [StringType(), "TEXT"], [LongType(), "BIGINT"], [IntegerType(), "INTEGER"], [DoubleType(), "FLOAT8"], [FloatType(), "FLOAT4"],
    [ShortType(), "SMALLINT"], [ByteType(), "SMALLINT"], [BooleanType(), "BOOLEAN"], [TimestampType(), "TIMESTAMP"], [DateType(), "DATE"],
    [BinaryType(), "BYTEA"], [ArrayType(StringType()), "TEXT[]"], [ArrayType(LongType()), "BIGINT[]"],
  ];
  for (const [t, ddl] of m) assert.equal(getJdbcType(t as never), ddl);
  assert.throws(() => getJdbcType(MapType(StringType(), LongType())), { message: "Can't get JDBC type for map<string,bigint>." });
  assert.throws(() => getJdbcType(ArrayType(ArrayType(IntegerType()))), { message: "Can't get JDBC type for array<array<int>>." });
});

test("CREATE TABLE text is Spark's, stray spaces included", () => {
  const schema = StructType([StructField("word", StringType(), true), StructField("count", LongType(), false)]);
  assert.equal(createTableSql("word_counts", schema), `CREATE TABLE word_counts ("word" TEXT , "count" BIGINT NOT NULL) `);
  assert.equal(
    createTableSql("t", schema, { createTableOptions: "WITH (fillfactor=70)", createTableColumnTypes: "word VARCHAR(64)" }),
    `CREATE TABLE t ("word" VARCHAR(64) , "count" BIGINT NOT NULL) WITH (fillfactor=70)`,
  );
  assert.throws(() => createTableSql("t", schema, { createTableColumnTypes: "nope INT" }), { message: /createTableColumnTypes option column nope not found in schema/ });
  assert.equal(truncateSql("housestats"), "TRUNCATE TABLE ONLY housestats");
  assert.equal(truncateSql("housestats", true), "TRUNCATE TABLE ONLY housestats CASCADE");
});

test("identifiers are double-quoted with embedded quotes doubled", () => {
  assert.equal(quoteIdentifier("count"), `"count"`);
  assert.equal(quoteIdentifier(`we"ird`), `"we""ird"`);
});

test("PostgreSQL → Spark types for reading", () => {
  const m: [number, string][] = [
    [25, "string"], [1043, "string"], [1042, "string"], [23, "int"], [21, "int"], [20, "bigint"], [701, "double"], [700, "float"],
    [1700, "double"], [16, "boolean"], [1114, "timestamp"], [1184, "timestamp"], [1082, "date"], [17, "binary"], [1007, "array<int>"],
    [1009, "array<string>"], [3802, "string"], [2950, "string"], [99999, "string"],
  ];
  for (const [oid, t] of m) assert.equal(sparkTypeForPg(oid).simpleString(), t, `oid ${oid}`);
  assert.equal(sparkTypeForPg(1560, 1).simpleString(), "boolean");
});

test("value parsing", () => {
  assert.equal(parseTimestampText("2024-03-15 12:34:56.789123"), Date.UTC(2024, 2, 15, 12, 34, 56, 789) * 1000 + 123);
  assert.equal(parseTimestampText("2024-03-15 14:34:56.5+02"), Date.UTC(2024, 2, 15, 12, 34, 56, 500) * 1000);
  assert.equal(parseTimestampText("1969-12-31 23:59:59.999999"), -1);
  assert.equal(microsToTimestampText(-1), "1969-12-31 23:59:59.999999+00");
  assert.deepEqual(parseArrayLiteral(`{a,NULL,"b,c","d\\"e",{1,2}}`), ["a", null, "b,c", `d"e`, ["1", "2"]]);
  assert.deepEqual(textParserForPg(1016)("{1,NULL,9007199254740991}"), [1, null, 9007199254740991]);
  assert.deepEqual(textParserForPg(17)("\\x00ff"), Buffer.from([0, 255]));
  assert.equal(textParserForPg(16)("t"), true);
  assert.equal(textParserForPg(1082)("1970-01-02"), 1);
});

test("Scala type strings for legacy messages", () => {
  assert.equal(
    scalaTypeString(StructType([StructField("a", StringType()), StructField("b", ArrayType(LongType()), false)])),
    "StructType(StructField(a,StringType,true),StructField(b,ArrayType(LongType,true),false))",
  );
});
