/**
 * The Parquet codec on its own: the physical schema and metadata Spark 3.5 writes, INT96 bytes,
 * every codec, round trips of every Iskra type (nested included), column pruning and row-group
 * skipping. Interchange with real PySpark is test/parquet-interchange.test.ts.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import {
  ArrayTypeClass, BINARY, BOOLEAN, BYTE, DATE, DOUBLE, FLOAT, INTEGER, LONG, MapTypeClass, SHORT, STRING, StructFieldClass, StructTypeClass, TIMESTAMP,
} from "../../types/data-types";
import { DecimalTypeClass } from "../../types/decimal-type";
import { encodeParquet, inferParquetSchema, parquetCodec, readParquetFiles } from "./index";
import { int96FromMicros } from "./int96-footer";
import { readFooter } from "./parquet-read";

const F = (name: string, t: ConstructorParameters<typeof StructFieldClass>[1], nullable = true) => new StructFieldClass(name, t, nullable);
const SCHEMA = new StructTypeClass([
  F("b", BYTE), F("s", SHORT), F("i", INTEGER, false), F("l", LONG), F("f", FLOAT), F("d", DOUBLE),
  F("d5", new DecimalTypeClass(5, 2)), F("d13", new DecimalTypeClass(13, 3)), F("d20", new DecimalTypeClass(20, 4)),
  F("str", STRING), F("bin", BINARY), F("bool", BOOLEAN), F("dt", DATE), F("ts", TIMESTAMP),
  F("arr", new ArrayTypeClass(INTEGER, true)), F("m", new MapTypeClass(STRING, new ArrayTypeClass(LONG, false), true)),
  F("st", new StructTypeClass([F("a", INTEGER), F("c", new StructTypeClass([F("d", TIMESTAMP)]))])),
]);
const ROWS = [
  [1, 10, 100, 1000, 1.5, 2.25, 123.45, 1234567890.123, 1234567890.1234, "héllo", Buffer.from([1, 2, 255]), true, 19782, 1709296496789012,
    [1, null, 3], new Map([["k", [1, 2]], ["z", null]]), [7, [1709296496789012]]],
  [-128, -32768, -2147483648, -9007199254740991, -0.5, -1e300, -999.99, -0.001, -1.0001, "", Buffer.alloc(0), false, -1, -1,
    [], new Map(), [null, null]],
  [null, null, 0, null, null, null, null, null, null, null, null, null, null, null, null, null, null],
];

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "iskra-parquet-"));
}

async function roundTrip(codec: string, timestampType: "INT96" | "TIMESTAMP_MICROS" | "TIMESTAMP_MILLIS", rows = ROWS, schema = SCHEMA) {
  const file = path.join(tmp(), "part.parquet");
  fs.writeFileSync(file, await encodeParquet(schema, rows, { codec, timestampType }));
  const read = inferParquetSchema([file], false)!;
  return { file, schema: read, rows: await readParquetFiles([file], read) };
}

describe("Parquet codec", () => {
  it("writes Spark 3.5's physical schema, row metadata and version", async () => {
    const { file } = await roundTrip("snappy", "INT96");
    const md = readFooter(file).metadata;
    const leaf = (name: string) => md.schema.find((e) => e.name === name)!;
    assert.deepEqual([leaf("b").type, leaf("b").converted_type], ["INT32", "INT_8"]);
    assert.deepEqual([leaf("s").type, leaf("s").converted_type], ["INT32", "INT_16"]);
    assert.equal(leaf("i").repetition_type, "REQUIRED");
    assert.deepEqual([leaf("d5").type, leaf("d13").type, leaf("d20").type, leaf("d20").type_length], ["INT32", "INT64", "FIXED_LEN_BYTE_ARRAY", 9]);
    assert.deepEqual([leaf("dt").type, leaf("dt").converted_type, leaf("ts").type], ["INT32", "DATE", "INT96"]);
    assert.deepEqual(md.schema.filter((e) => e.name === "list" || e.name === "element" || e.name === "key_value").map((e) => e.name), ["list", "element", "key_value", "list", "element"]);
    const kv = Object.fromEntries((md.key_value_metadata ?? []).map((k) => [k.key, k.value]));
    assert.equal(kv["org.apache.spark.version"], "3.5.9");
    assert.equal(kv["org.apache.spark.sql.parquet.row.metadata"], JSON.stringify(SCHEMA.jsonValue()));
    assert.equal(md.row_groups[0].columns[0].meta_data?.codec, "SNAPPY");
  });

  it("INT96 is nanoseconds of the day and the Julian day, little-endian", () => {
    assert.deepEqual([...int96FromMicros(0)], [0, 0, 0, 0, 0, 0, 0, 0, 0x8c, 0x3d, 0x25, 0]);
    const b = Buffer.from(int96FromMicros(-1)); // 1969-12-31 23:59:59.999999
    assert.equal(b.readBigUInt64LE(0), 86_399_999_999_000n);
    assert.equal(b.readInt32LE(8), 2440587);
  });

  for (const codec of ["snappy", "gzip", "zstd", "lz4", "lz4_raw", "uncompressed", "none"])
    it(`round-trips every type with ${codec}`, async () => {
      const { file, schema, rows } = await roundTrip(codec, "INT96");
      assert.equal(readFooter(file).metadata.row_groups[0].columns[0].meta_data?.codec, parquetCodec(codec).parquet);
      assert.equal(schema.treeString(), new StructTypeClass(SCHEMA.fields.map((f) => F(f.name, f.dataType))).treeString().replace(/containsNull = false/g, "containsNull = true"));
      assert.deepEqual(rows, ROWS);
    });

  it("TIMESTAMP_MICROS keeps microseconds, TIMESTAMP_MILLIS truncates to milliseconds", async () => {
    const schema = new StructTypeClass([F("ts", TIMESTAMP)]);
    const micros = await roundTrip("snappy", "TIMESTAMP_MICROS", [[1709296496789012], [-1]], schema);
    assert.deepEqual(micros.rows, [[1709296496789012], [-1]]);
    assert.equal(readFooter(micros.file).metadata.schema[1].converted_type, "TIMESTAMP_MICROS");
    const millis = await roundTrip("snappy", "TIMESTAMP_MILLIS", [[1709296496789012], [-1]], schema);
    assert.deepEqual(millis.rows, [[1709296496789000], [-1000]]);
  });

  it("reads only the columns asked for, and skips row groups the statistics rule out", async () => {
    const schema = new StructTypeClass([F("id", LONG, false), F("name", STRING)]);
    const rows = Array.from({ length: 300_000 }, (_, i) => [i, `n${i % 7}`]);
    const { file } = await roundTrip("snappy", "INT96", rows, schema);
    assert.equal(readFooter(file).metadata.row_groups.length, 3);
    const read = inferParquetSchema([file], false)!;
    const pruned = await readParquetFiles([file], read, { columns: new Set(["id"]) });
    assert.deepEqual(pruned[5], [5, null]);
    const last = await readParquetFiles([file], read, { filters: [{ op: ">", column: "id", value: 290_000 }] });
    assert.equal(last.length, 300_000 - 2 * 131_072, "only the last row group is read");
    assert.equal((await readParquetFiles([file], read, { filters: [{ op: "=", column: "id", value: -1 }] })).length, 0);
    assert.equal((await readParquetFiles([file], read, { filters: [{ op: "isNull", column: "id" }] })).length, 0);
    assert.equal((await readParquetFiles([file], read, { filters: [{ op: "in", column: "name", values: ["n3"] }] })).length, 300_000);
  });

  it("refuses a type Spark cannot store in Parquet", async () => {
    const { NULL } = await import("../../types/data-types");
    await assert.rejects(encodeParquet(new StructTypeClass([F("x", NULL)]), [[null]], { codec: "snappy", timestampType: "INT96" }),
      /\[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE\] The Parquet datasource doesn't support the column `x` of the type "VOID"\./);
    assert.throws(() => parquetCodec("xyz"), /Codec \[xyz\] is not available\. Available codecs are brotli, uncompressed, lz4, gzip, lzo, lz4raw, snappy, lz4_raw, none, zstd\./);
  });
});
