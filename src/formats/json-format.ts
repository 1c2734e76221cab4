/**
 * Spark's JSON data source: JSON Lines (or one document per file with `multiLine`), schema
 * inference (fields sorted by name; bigint, double, boolean, string, struct, array), PERMISSIVE
 * (malformed lines in `columnNameOfCorruptRecord` when the schema has it), DROPMALFORMED and
 * FAILFAST; written one object per line, null fields omitted.
 */
import type { FileFormat, FileFormatContext, InputFile } from "../connector-api/file-format";
import type { CaseInsensitiveMap } from "../connector-api/options";
import type { InternalRow } from "../connector-api/source";
import { ArrayTypeClass, BOOLEAN, DataType, DOUBLE, LONG, NULL, STRING, StringTypeClass, StructFieldClass, StructTypeClass } from "../types/data-types";
import { jsonParser, jsonWriter, readJson } from "../values/json";
import { parseMode } from "./modes";
import { lineSepOption, readTextFile, splitRecords, writeTextFile, codecExtension } from "./text-io";

/** Spark's spark.sql.columnNameOfCorruptRecord default. */
const CORRUPT = "_corrupt_record";

function corruptColumn(options: CaseInsensitiveMap, ctx: FileFormatContext): string {
  return options.get("columnNameOfCorruptRecord") ?? ctx.conf("spark.sql.columnNameOfCorruptRecord") ?? CORRUPT;
}

/** The file's records: its lines, or the whole document (an array gives one record per element). */
function records(file: string, options: CaseInsensitiveMap): string[] {
  const text = readTextFile(file, options);
  if ((options.get("multiLine") ?? "false").toLowerCase() !== "true") return splitRecords(text, lineSepOption(options)).filter((l) => l.trim() !== "");
  if (!text.trim()) return [];
  const r = readJson(text);
  if (r.ok && Array.isArray(r.value)) return (JSON.parse(text) as unknown[]).map((v) => JSON.stringify(v));
  return [text];
}

function typeOfJson(v: unknown, asString: boolean): DataType {
  if (v === null) return NULL;
  if (Array.isArray(v)) return new ArrayTypeClass(v.map((x) => typeOfJson(x, asString)).reduce(merge, NULL as DataType), true);
  if (typeof v === "object") return new StructTypeClass(Object.keys(v as object).sort().map((k) => new StructFieldClass(k, typeOfJson((v as Record<string, unknown>)[k], asString), true)));
  if (asString) return STRING;
  if (typeof v === "string") return STRING;
  if (typeof v === "boolean") return BOOLEAN;
  return Number.isInteger(v) && Math.abs(v as number) < 2 ** 63 ? LONG : DOUBLE;
}

function merge(a: DataType, b: DataType): DataType {
  if (a === NULL) return b;
  if (b === NULL || a.equals(b)) return a;
  if ((a === LONG && b === DOUBLE) || (a === DOUBLE && b === LONG)) return DOUBLE;
  if (a instanceof StructTypeClass && b instanceof StructTypeClass) {
    const names = [...new Set([...a.names, ...b.names])].sort();
    return new StructTypeClass(names.map((n) => new StructFieldClass(n, merge(a.fields.find((f) => f.name === n)?.dataType ?? NULL, b.fields.find((f) => f.name === n)?.dataType ?? NULL), true)));
  }
  if (a instanceof ArrayTypeClass && b instanceof ArrayTypeClass) return new ArrayTypeClass(merge(a.elementType, b.elementType), true);
  return STRING;
}

function nullToString(t: DataType): DataType {
  if (t === NULL) return STRING;
  if (t instanceof ArrayTypeClass) return new ArrayTypeClass(nullToString(t.elementType), true);
  if (t instanceof StructTypeClass) return new StructTypeClass(t.fields.map((f) => new StructFieldClass(f.name, nullToString(f.dataType), true)));
  return t;
}

/** A record that is not a JSON object (or an array of them) is malformed. */
function isMalformed(text: string): boolean {
  const r = readJson(text);
  if (!r.ok) return true;
  return !(r.value instanceof Map) && !(Array.isArray(r.value) && r.value.length > 0 && r.value[0] instanceof Map);
}

export const jsonFormat: FileFormat = {
  name: "json",
  inferSchema(files, options, ctx) {
    const asString = (options.get("primitivesAsString") ?? "false").toLowerCase() === "true";
    let t: DataType = new StructTypeClass([]);
    let corrupt = false;
    for (const f of files) for (const l of records(f.path, options)) {
      let v: unknown;
      try { v = JSON.parse(l); } catch { corrupt = true; continue; }
      if (Array.isArray(v)) { for (const x of v) if (x && typeof x === "object" && !Array.isArray(x)) t = merge(t, typeOfJson(x, asString)); else corrupt = true; continue; }
      if (v === null || typeof v !== "object") { corrupt = true; continue; }
      t = merge(t, typeOfJson(v, asString));
    }
    const fields = (t as StructTypeClass).fields.map((f) => new StructFieldClass(f.name, nullToString(f.dataType), true));
    if (corrupt && parseMode(options) === "PERMISSIVE") fields.push(new StructFieldClass(corruptColumn(options, ctx), STRING, true));
    if (!fields.length) return undefined;
    return new StructTypeClass(fields.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));
  },
  async readFile(file: InputFile, schema, options, ctx) {
    const mode = parseMode(options);
    const corruptName = corruptColumn(options, ctx);
    const ci = schema.fields.findIndex((f) => f.name === corruptName && f.dataType instanceof StringTypeClass);
    const dataSchema = ci < 0 ? schema : new StructTypeClass(schema.fields.filter((_, i) => i !== ci));
    const parse = jsonParser(dataSchema, { ...Object.fromEntries(options.originalMap), mode }) as (t: string) => InternalRow;
    const out: InternalRow[] = [];
    for (const rec of records(file.path, options)) {
      const bad = isMalformed(rec);
      if (bad && mode === "DROPMALFORMED") continue;
      const row = parse(rec);
      if (ci >= 0) row.splice(ci, 0, bad ? rec : null);
      out.push(row);
    }
    return out;
  },
  extension: (options) => ".json" + codecExtension(options),
  async writeFile(file, schema, rows, options) {
    const w = jsonWriter(schema);
    const sep = lineSepOption(options) ?? "\n";
    writeTextFile(file, rows.map((r) => w(r) + sep).join(""), options);
  },
};
