// @needs: postgres
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { Client } from "pg";
import {
  ArrayType,
  BinaryType,
  BooleanType,
  DateType,
  DoubleType,
  IntegerType,
  LongType,
  StringType,
  StructField,
  StructType,
  TimestampType,
} from "../../types/data-types";
import { readJdbc } from "./jdbc-reader";
import { writeJdbc } from "./jdbc-writer";
import { parseSaveMode } from "../../connector-api/save-mode";
import { TestDatabase, testDatabase, uniqueTable } from "./test-support";

let db: TestDatabase;
let admin: Client;
before(async () => {
  db = await testDatabase();
  admin = await db.client();
});
after(async () => {
  await admin?.end();
  await db?.stop();
});

const wordCounts = StructType([StructField("word", StringType(), true), StructField("count", LongType(), false)]);

async function columns(table: string): Promise<string[]> {
  const r = await admin.query(
    `SELECT column_name, data_type, is_nullable, character_maximum_length FROM information_schema.columns
     WHERE table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  return r.rows.map((c) => `${c.column_name} ${c.data_type}${c.character_maximum_length ? `(${c.character_maximum_length})` : ""}${c.is_nullable === "NO" ? " NOT NULL" : ""}`);
}

async function count(table: string): Promise<number> {
  return Number((await admin.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
}

describe("save modes", () => {
  test("ErrorIfExists is the default: creates the table with Spark's DDL, then refuses", async () => {
    const t = uniqueTable("wc");
    const r = await writeJdbc({ schema: wordCounts, rows: [["a", 1], ["b", 2]], options: db.options({ dbtable: t }) });
    assert.equal(r.action, "created");
    assert.equal(r.rowsWritten, 2);
    assert.deepEqual(await columns(t), ["word text", "count bigint NOT NULL"]);
    for (const mode of [undefined, "error", "errorifexists", "default", "ErrorIfExists"]) {
      await assert.rejects(writeJdbc({ schema: wordCounts, rows: [["c", 3]], options: db.options({ dbtable: t }), mode: parseSaveMode(mode) }), {
        name: "AnalysisException",
        message: `Table or view '${t}' already exists. SaveMode: ErrorIfExists.`,
      });
    }
    assert.equal(await count(t), 2);
  });

  test("ignore leaves an existing table alone and creates a missing one", async () => {
    const t = uniqueTable("ign");
    assert.equal((await writeJdbc({ schema: wordCounts, rows: [["a", 1]], options: db.options({ dbtable: t }), mode: "ignore" })).action, "created");
    const r = await writeJdbc({ schema: wordCounts, rows: [["b", 2], ["c", 3]], options: db.options({ dbtable: t }), mode: "ignore" });
    assert.equal(r.action, "ignored");
    assert.equal(r.rowsWritten, 0);
    assert.equal(await count(t), 1);
  });

  test("append adds rows, matching columns by name case-insensitively", async () => {
    const t = uniqueTable("app");
    await writeJdbc({ schema: wordCounts, rows: [["a", 1]], options: db.options({ dbtable: t }), mode: "append" });
    const reordered = StructType([StructField("COUNT", LongType(), false), StructField("Word", StringType())]);
    const r = await writeJdbc({ schema: reordered, rows: [[2, "b"]], options: db.options({ dbtable: t }), mode: "append" });
    assert.equal(r.action, "appended");
    assert.deepEqual((await admin.query(`SELECT word, count FROM ${t} ORDER BY word`)).rows, [
      { word: "a", count: "1" },
      { word: "b", count: "2" },
    ]);
  });

  test("append with a column the table lacks fails with Spark's message and writes nothing", async () => {
    const t = uniqueTable("miss");
    await writeJdbc({ schema: wordCounts, rows: [["a", 1]], options: db.options({ dbtable: t }) });
    const extra = StructType([StructField("word", StringType()), StructField("score", IntegerType())]);
    await assert.rejects(writeJdbc({ schema: extra, rows: [["b", 2]], options: db.options({ dbtable: t }), mode: "append" }), {
      name: "AnalysisException",
      message: "Column score not found in schema Some(StructType(StructField(word,StringType,true),StructField(count,LongType,false))).",
    });
    assert.equal(await count(t), 1);
  });

  test("overwrite without truncate drops the table and creates it with the DataFrame's schema", async () => {
    const t = uniqueTable("ovr");
    await admin.query(`CREATE TABLE ${t} (house character(30) primary key, how_many integer)`);
    await admin.query(`INSERT INTO ${t} VALUES ('old', 1)`);
    const r = await writeJdbc({ schema: wordCounts, rows: [["x", 9]], options: db.options({ dbtable: t }), mode: "overwrite" });
    assert.equal(r.action, "recreated");
    assert.deepEqual(await columns(t), ["word text", "count bigint NOT NULL"]);
    assert.deepEqual((await admin.query(`SELECT word FROM ${t}`)).rows, [{ word: "x" }]);
  });
});

describe("the workshop's housestats table (steps 28-30)", () => {
  const houseStats = StructType([
    StructField("house", StringType()),
    StructField("how_many", LongType(), false),
    StructField("sum_score", LongType()),
    StructField("no_characters", LongType(), false),
  ]);
  const rows = [
    ["Gryffindor", 2, 15, 2],
    ["Slytherin", 1, 4, 1],
    ["Ravenclaw", 1, 1, 1],
  ];
  async function createHouseStats(t: string) {
    await admin.query(`CREATE TABLE ${t} (house character(30) primary key, how_many integer, sum_score integer, no_characters integer)`);
    await admin.query(`INSERT INTO ${t} VALUES ('Old', 1, 1, 1)`);
  }

  test("overwrite with truncate=true keeps the user's DDL (character(30) primary key)", async () => {
    const t = uniqueTable("housestats");
    await createHouseStats(t);
    const r = await writeJdbc({ schema: houseStats, rows, options: db.options({ dbtable: t, truncate: "true" }), mode: "overwrite" });
    assert.equal(r.action, "replaced");
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(await columns(t), ["house character(30) NOT NULL", "how_many integer", "sum_score integer", "no_characters integer"]);
    const pk = await admin.query(`SELECT 1 FROM pg_index WHERE indrelid = $1::regclass AND indisprimary`, [t]);
    assert.equal(pk.rowCount, 1);
    const back = await readJdbc({ options: db.options({ dbtable: t }) });
    assert.deepEqual(
      back.rows.map((r) => [String(r[0]).trimEnd(), r[1]]).sort(),
      [["Gryffindor", 2], ["Ravenclaw", 1], ["Slytherin", 1]],
    );
    assert.equal((back.rows[0][0] as string).length, 30, "character(30) comes back padded, as PgJDBC returns it");
  });

  test("the seed's misspelt 'trucate' warns and, as in Spark, recreates the table with Spark's DDL", async () => {
    const t = uniqueTable("housestats");
    await createHouseStats(t);
    const r = await writeJdbc({ schema: houseStats, rows, options: db.options({ dbtable: t, trucate: "true" }), mode: "overwrite" });
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0], /'trucate'.*did you mean 'truncate'\?/);
    assert.equal(r.action, "recreated");
    assert.deepEqual(await columns(t), ["house text", "how_many bigint NOT NULL", "sum_score bigint", "no_characters bigint NOT NULL"]);
  });

  test("a value too long for character(30) fails the write and leaves the old rows", async () => {
    const t = uniqueTable("housestats");
    await createHouseStats(t);
    await assert.rejects(
      writeJdbc({ schema: houseStats, rows: [["x".repeat(31), 1, 1, 1]], options: db.options({ dbtable: t, truncate: true }), mode: "overwrite" }),
      { name: "SparkException", message: /^ERROR: value too long for type character\(30\)/ },
    );
    assert.deepEqual((await admin.query(`SELECT trim(house) AS h FROM ${t}`)).rows, [{ h: "Old" }]);
  });
});

describe("overwrite is one transaction", () => {
  for (const truncate of [true, false]) {
    test(`a concurrent reader never sees the table empty or missing (truncate=${truncate}, 50 overwrites)`, async () => {
      const t = uniqueTable("conc");
      const schema = StructType([StructField("house", StringType()), StructField("n", LongType(), false)]);
      const batch = (i: number) => Array.from({ length: 8 }, (_, k) => [`house${k}`, i]);
      await writeJdbc({ schema, rows: batch(0), options: db.options({ dbtable: t }) });
      const reader = await db.client();
      let done = false;
      const seen: number[] = [];
      const problems: string[] = [];
      const poll = (async () => {
        while (!done) {
          try {
            const n = Number((await reader.query(`SELECT count(*) AS n FROM ${t}`)).rows[0].n);
            seen.push(n);
            if (n !== 8) problems.push(`saw ${n} rows`);
          } catch (e) {
            problems.push((e as Error).message);
          }
        }
      })();
      const latencies: number[] = [];
      try {
        for (let i = 1; i <= 50; i++) {
          const t0 = performance.now();
          await writeJdbc({ schema, rows: batch(i), options: db.options({ dbtable: t, truncate }), mode: "overwrite" });
          latencies.push(performance.now() - t0);
        }
      } finally {
        done = true;
        await poll;
        await reader.end();
      }
      assert.deepEqual(problems, []);
      assert.ok(seen.length > 0);
      assert.deepEqual((await admin.query(`SELECT DISTINCT n FROM ${t}`)).rows, [{ n: "50" }]);
      latencies.sort((a, b) => a - b);
      const p50 = latencies[25].toFixed(2);
      const p90 = latencies[45].toFixed(2);
      console.log(`# 8-row overwrite (truncate=${truncate}) with a polling reader: p50 ${p50} ms, p90 ${p90} ms; reader polled ${seen.length} times`);
    });
  }

  test("a failing overwrite rolls back: the old table and rows survive", async () => {
    const t = uniqueTable("rb");
    await writeJdbc({ schema: wordCounts, rows: [["keep", 1]], options: db.options({ dbtable: t }) });
    await assert.rejects(writeJdbc({ schema: wordCounts, rows: [["a", 1], ["b", null]], options: db.options({ dbtable: t }), mode: "overwrite" }), {
      message: /null value in column "count"/,
    });
    assert.deepEqual((await admin.query(`SELECT word FROM ${t}`)).rows, [{ word: "keep" }]);
  });
});

describe("values and identifiers", () => {
  test("types round-trip: string, int, long, double, boolean, timestamp (µs), date, binary, array, null", async () => {
    const t = uniqueTable("types");
    const schema = StructType([
      StructField("s", StringType()),
      StructField("i", IntegerType()),
      StructField("l", LongType()),
      StructField("d", DoubleType()),
      StructField("b", BooleanType()),
      StructField("ts", TimestampType()),
      StructField("dt", DateType()),
      StructField("bin", BinaryType()),
      StructField("arr", ArrayType(StringType())),
    ]);
    const ts = Date.UTC(2024, 2, 15, 12, 34, 56, 789) * 1000 + 123; // 2024-03-15 12:34:56.789123
    const rows = [
      ["zażółć \"gęślą\" jaźń", 2147483647, 9007199254740991, 3.141592653589793, true, ts, 19797, Buffer.from([0, 1, 255]), ["a", null, "b,c", 'd"e']],
      ["", -2147483648, -42, -0.5, false, -1, -1, Buffer.alloc(0), []],
      [null, null, null, null, null, null, null, null, null],
    ];
    await writeJdbc({ schema, rows, options: db.options({ dbtable: t }) });
    assert.deepEqual(await columns(t), ["s text", "i integer", "l bigint", "d double precision", "b boolean", "ts timestamp without time zone", "dt date", "bin bytea", "arr ARRAY"]);
    const txt = await admin.query(`SELECT ts::text AS ts, dt::text AS dt FROM ${t} WHERE i = 2147483647`);
    assert.deepEqual(txt.rows[0], { ts: "2024-03-15 12:34:56.789123", dt: "2024-03-15" });
    const back = await readJdbc({ options: db.options({ dbtable: t }) });
    assert.deepEqual(back.schema.fields.map((f) => [f.name, f.dataType.simpleString(), f.nullable]), [
      ["s", "string", true], ["i", "int", true], ["l", "bigint", true], ["d", "double", true], ["b", "boolean", true],
      ["ts", "timestamp", true], ["dt", "date", true], ["bin", "binary", true], ["arr", "array<string>", true],
    ]);
    const byI = new Map(back.rows.map((r) => [r[1], r]));
    assert.deepEqual(byI.get(2147483647), rows[0]);
    assert.deepEqual(byI.get(-2147483648), rows[1]);
    assert.deepEqual(byI.get(null), rows[2]);
  });

  test("odd identifiers are quoted", async () => {
    const t = `"${uniqueTable("Odd Table")} ""x"""`;
    const schema = StructType([
      StructField("Select", StringType()),
      StructField("my col", LongType()),
      StructField('we"ird', StringType()),
      StructField("Zażółć", IntegerType()),
    ]);
    await writeJdbc({ schema, rows: [["a", 1, "b", 2]], options: db.options({ dbtable: t }) });
    await writeJdbc({ schema, rows: [["c", 3, "d", 4]], options: db.options({ dbtable: t }), mode: "append" });
    const back = await readJdbc({ options: db.options({ dbtable: t }) });
    assert.deepEqual(back.schema.fieldNames(), ["Select", "my col", 'we"ird', "Zażółć"]);
    assert.deepEqual(back.rows, [["a", 1, "b", 2], ["c", 3, "d", 4]]);
  });

  test("SQL in values is stored as text, never run", async () => {
    const t = uniqueTable("inj");
    const evil = [`'); DROP TABLE ${t}; --`, `Robert'); DROP TABLE students;--`, "$1", "\\x00", "' OR '1'='1"];
    await writeJdbc({ schema: StructType([StructField("v", StringType())]), rows: evil.map((v) => [v]), options: db.options({ dbtable: t }) });
    assert.deepEqual((await admin.query(`SELECT v FROM ${t}`)).rows.map((r) => r.v), evil);
  });
});

describe("errors and options", () => {
  test("a wrong password gives a clear error that does not contain the password", async () => {
    const secret = "Wr0ngSecret!";
    for (const options of [
      db.options({ dbtable: "x", password: secret }),
      { url: `${db.jdbcUrl}?user=${db.user}&password=${encodeURIComponent(secret)}`, dbtable: "x" },
    ]) {
      const err = await writeJdbc({ schema: wordCounts, rows: [["a", 1]], options, mode: "append" }).then(
        () => assert.fail("should fail"),
        (e: Error) => e,
      );
      assert.equal(err.name, "SparkException");
      assert.match(err.message, /password authentication failed for user "postgres"/);
      assert.ok(!err.message.includes(secret) && !String(err.stack).includes(secret), err.message);
    }
  });

  test("a server that is not there: PgJDBC's 'Connection refused' text", async () => {
    await assert.rejects(writeJdbc({ schema: wordCounts, rows: [], options: { url: "jdbc:postgresql://127.0.0.1:1/db", dbtable: "t", user: "u", password: "pw1234" } }), {
      name: "SparkException",
      message: /^Connection to 127\.0\.0\.1:1 refused\. Check that the hostname and port are correct/,
    });
  });

  test("Spark's messages for missing dbtable and bad batchsize", async () => {
    await assert.rejects(writeJdbc({ schema: wordCounts, rows: [], options: { url: db.jdbcUrl, query: "select 1" } }), {
      name: "IllegalArgumentException",
      message: "requirement failed: Option 'dbtable' is required. Option 'query' is not applicable while writing.",
    });
    await assert.rejects(writeJdbc({ schema: wordCounts, rows: [], options: db.options({ dbtable: "t", batchsize: 0 }) }), {
      message: "requirement failed: Invalid value `0` for parameter `batchsize`. The minimum value is 1.",
    });
  });

  test("batchsize bounds the rows per INSERT; a tiny batchsize still writes everything", async () => {
    const t = uniqueTable("bs");
    const rows = Array.from({ length: 25 }, (_, i) => [`w${i}`, i]);
    await writeJdbc({ schema: wordCounts, rows, options: db.options({ dbtable: t, batchsize: 7 }) });
    assert.equal(await count(t), 25);
  });
});

describe("volume", () => {
  test("10,000 rows in one write", async () => {
    const t = uniqueTable("bulk");
    const schema = StructType([StructField("id", LongType(), false), StructField("house", StringType()), StructField("score", DoubleType()), StructField("ts", TimestampType())]);
    const rows = Array.from({ length: 10_000 }, (_, i) => [i, `house ${i % 7}`, i / 3, 1_700_000_000_000_000 + i]);
    await writeJdbc({ schema, rows: rows.slice(0, 10), options: db.options({ dbtable: t }) }); // warm the pool
    const t0 = performance.now();
    const r = await writeJdbc({ schema, rows, options: db.options({ dbtable: t }), mode: "overwrite" });
    const ms = performance.now() - t0;
    const t1 = performance.now();
    await writeJdbc({ schema, rows, options: db.options({ dbtable: t, truncate: true }), mode: "overwrite" });
    const msTruncate = performance.now() - t1;
    console.log(`# 10,000-row overwrite: ${ms.toFixed(0)} ms (drop+create), ${msTruncate.toFixed(0)} ms (truncate)`);
    assert.equal(r.rowsWritten, 10_000);
    const agg = (await admin.query(`SELECT count(*) AS n, sum(id) AS s, count(DISTINCT ts) AS d FROM ${t}`)).rows[0];
    assert.deepEqual(agg, { n: "10000", s: "49995000", d: "10000" });
    const back = await readJdbc({ options: db.options({ dbtable: t }) });
    assert.equal(back.rows.length, 10_000);
    assert.deepEqual(back.rows.find((x) => x[0] === 9999), [9999, "house 3", 3333, 1_700_000_000_000_000 + 9999]);
  });
});
