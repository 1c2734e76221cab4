// @needs: postgres
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { Client } from "pg";
import { readJdbc } from "./jdbc-reader";
import { readJdbcSchemaSync } from "./schema-sync";
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

test("a table's schema as Spark infers it: every column nullable", async () => {
  const t = uniqueTable("r");
  await admin.query(`CREATE TABLE ${t} (
    house character(30) primary key, how_many integer NOT NULL, small smallint, big bigint, price numeric(10,2), ratio real,
    score double precision, ok boolean, seen timestamptz, day date, raw bytea, tags text[], ids int8[], doc jsonb, id uuid, flag bit(1))`);
  await admin.query(`INSERT INTO ${t} VALUES ('Gryffindor', 2, 3, 9007199254740991, 12.50, 0.5, 2.25, true, '2024-03-15 12:34:56.789123+02',
    '2024-03-15', '\\x00ff', '{a,"b c",NULL}', '{1,2}', '{"k": [1, 2]}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', B'1')`);
  const { schema, rows, warnings } = await readJdbc({ options: db.options({ dbtable: t }) });
  assert.deepEqual(warnings, []);
  assert.equal(
    schema.treeString(),
    [
      "root",
      " |-- house: string (nullable = true)",
      " |-- how_many: integer (nullable = true)",
      " |-- small: integer (nullable = true)",
      " |-- big: long (nullable = true)",
      " |-- price: double (nullable = true)",
      " |-- ratio: float (nullable = true)",
      " |-- score: double (nullable = true)",
      " |-- ok: boolean (nullable = true)",
      " |-- seen: timestamp (nullable = true)",
      " |-- day: date (nullable = true)",
      " |-- raw: binary (nullable = true)",
      " |-- tags: array (nullable = true)",
      " |    |-- element: string (containsNull = true)",
      " |-- ids: array (nullable = true)",
      " |    |-- element: long (containsNull = true)",
      " |-- doc: string (nullable = true)",
      " |-- id: string (nullable = true)",
      " |-- flag: boolean (nullable = true)",
      "",
    ].join("\n"),
  );
  assert.deepEqual(rows, [
    [
      "Gryffindor".padEnd(30), 2, 3, 9007199254740991, 12.5, 0.5, 2.25, true, Date.UTC(2024, 2, 15, 10, 34, 56, 789) * 1000 + 123,
      19797, Buffer.from([0, 255]), ["a", "b c", null], [1, 2], '{"k": [1, 2]}', "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", true,
    ],
  ]);
});

test("the query option, and the schema alone", async () => {
  const r = await readJdbc({ options: db.options({ query: "select 1 as one, 'x'::varchar(5) as s, null::int as n" }) });
  assert.deepEqual(r.schema.fields.map((f) => `${f.name}:${f.dataType.simpleString()}`), ["one:int", "s:string", "n:int"]);
  assert.deepEqual(r.rows, [[1, "x", null]]);
  const s = readJdbcSchemaSync(db.options({ query: "select now() as ts" }));
  assert.equal(s.schema.fields[0].dataType.simpleString(), "timestamp");
});

test("a missing table: PostgreSQL's message, as PgJDBC words it", async () => {
  await assert.rejects(readJdbc({ options: db.options({ dbtable: "no_such_table_here" }) }), {
    name: "SparkException",
    message: /^ERROR: relation "no_such_table_here" does not exist/,
  });
});

test("sessionInitStatement runs on a connection of its own", async () => {
  const r = await readJdbc({ options: db.options({ query: "select current_setting('application_name') as a", sessionInitStatement: "SET application_name = 'lesson'" }) });
  assert.deepEqual(r.rows, [["lesson"]]);
  const again = await readJdbc({ options: db.options({ query: "select current_setting('application_name') as a" }) });
  assert.deepEqual(again.rows, [["iskra"]]);
});
