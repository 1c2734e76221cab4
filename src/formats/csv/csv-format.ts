/**
 * Spark's CSV data source (CSVFileFormat): header handling (`_c0 …` without one, Spark's safe
 * names for duplicates and blanks, `enforceSchema`), schema inference over every file, the
 * PERMISSIVE / DROPMALFORMED / FAILFAST modes with `columnNameOfCorruptRecord`, and the writer.
 */
import type { FileFormat, FileFormatContext, InputFile } from "../../connector-api/file-format";
import type { CaseInsensitiveMap } from "../../connector-api/options";
import type { InternalRow } from "../../connector-api/source";
import { IllegalArgumentException, SparkException } from "../../errors";
import { DataType, NULL, STRING, StringTypeClass, StructFieldClass, StructTypeClass } from "../../types/data-types";
import { valueToString } from "../../values/values";
import { codecExtension, readTextFile, writeTextFile } from "../text-io";
import { csvOptions, CsvOptions } from "./csv-options";
import { CsvTokenizer } from "./csv-tokenizer";
import { BAD, valueParsers } from "./csv-values";
import { csvWriter } from "./csv-writer";

function optionsOf(options: CaseInsensitiveMap, ctx: FileFormatContext): CsvOptions {
  return csvOptions(options, false, ctx.conf("spark.sql.columnNameOfCorruptRecord") ?? "_corrupt_record");
}

/** CSVUtils.makeSafeHeader: blanks → `_c<i>`, case-insensitive duplicates → name + index. */
function safeHeader(row: readonly string[], o: CsvOptions): string[] {
  const lower = row.map((n) => n.toLowerCase());
  const dups = new Set(lower.filter((n, i) => lower.indexOf(n) !== i));
  return row.map((v, i) => (v === "" || v === o.nullValue ? `_c${i}` : dups.has(v.toLowerCase()) ? `${v}${i}` : v));
}

function fileRecords(file: string, options: CaseInsensitiveMap, o: CsvOptions) {
  return new CsvTokenizer(o).records(readTextFile(file, options));
}

export const csvFormat: FileFormat = {
  name: "csv",
  inferSchema(files, options, ctx) {
    const o = optionsOf(options, ctx);
    const tok = new CsvTokenizer(o);
    let names: string[] | undefined;
    let header: string | undefined;
    let types: DataType[] = [];
    const parsers = valueParsers(o);
    for (const f of files) {
      const recs = tok.records(readTextFile(f.path, options));
      if (!recs.length) continue;
      let start = 0;
      if (names === undefined) {
        names = o.header ? safeHeader(recs[0].tokens, o) : recs[0].tokens.map((_, i) => `_c${i}`);
        header = recs[0].raw;
        types = names.map(() => NULL);
        if (o.header) start = 1;
      } else if (o.header && recs[0].raw === header) start = 1;
      if (!o.inferSchema) continue;
      for (let r = start; r < recs.length; r++) {
        const t = recs[r].tokens;
        if (o.header && r > 0 && recs[r].raw === header) continue;
        for (let i = 0; i < types.length && i < t.length; i++) types[i] = parsers.inferField(types[i], t[i]);
      }
    }
    if (names === undefined) return undefined;
    return new StructTypeClass(names.map((n, i) => new StructFieldClass(n, types[i] === NULL ? STRING : types[i], true)));
  },
  async readFile(file: InputFile, schema, options, ctx) {
    const o = optionsOf(options, ctx);
    const ci = schema.fields.findIndex((f) => f.name === o.columnNameOfCorruptRecord);
    if (ci >= 0 && !(schema.fields[ci].dataType instanceof StringTypeClass && schema.fields[ci].nullable))
      throw new SparkException("The field for corrupt records must be string type and nullable", "_LEGACY_ERROR_TEMP_1097");
    const fields = schema.fields.filter((_, i) => i !== ci);
    const parsers = valueParsers(o);
    const convs = fields.map((f) => parsers.converter(f.dataType));
    const n = fields.length;
    const recs = fileRecords(file.path, options, o);
    const out: InternalRow[] = [];
    let r = 0;
    if (o.header && recs.length) {
      if (!o.enforceSchema) checkHeader(recs[0].tokens, fields.map((f) => f.name), file.path, o);
      r = 1;
    }
    for (; r < recs.length; r++) {
      const { tokens, raw } = recs[r];
      let bad = tokens.length !== n;
      const row: unknown[] = new Array(n);
      for (let i = 0; i < n; i++) {
        const s = tokens[i];
        if (s === undefined || s === o.nullValue) { row[i] = null; continue; }
        const v = convs[i](s);
        if (v === BAD) { bad = true; row[i] = null; } else row[i] = v;
      }
      if (bad) {
        if (o.mode === "DROPMALFORMED") continue;
        if (ci >= 0) row.splice(ci, 0, raw);
        if (o.mode === "FAILFAST") throw malformed(row, ci >= 0 ? schema : new StructTypeClass(fields), raw);
      } else if (ci >= 0) row.splice(ci, 0, null);
      out.push(row);
    }
    return out;
  },
  extension: (options) => ".csv" + codecExtension(options),
  async writeFile(file, schema, rows, options) {
    const o = csvOptions(options, true);
    writeTextFile(file, csvWriter(schema, o, options)(rows), options);
  },
};

function malformed(row: unknown[], schema: StructTypeClass, raw: string): SparkException {
  const text = row.map((v, i) => (v === null || v === undefined ? "null" : valueToString(v, schema.fields[i].dataType))).join(",");
  return new SparkException(
    `Malformed records are detected in record parsing: [${text}].\nParse Mode: FAILFAST. To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'. \nCaused by: [MALFORMED_CSV_RECORD] Malformed CSV record: ${raw}`,
    "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION",
  );
}

/** CSVHeaderChecker (enforceSchema=false): the header's names must be the schema's, in order. */
function checkHeader(header: readonly string[], names: readonly string[], file: string, o: CsvOptions): void {
  let msg: string | undefined;
  if (header.length !== names.length) msg = `Number of column in CSV header is not equal to number of fields in the schema:\n Header length: ${header.length}, schema size: ${names.length}`;
  else {
    const i = header.findIndex((h, k) => h.toLowerCase() !== names[k].toLowerCase());
    if (i >= 0) msg = `Header: ${header.join(", ")}\n Schema: ${names.join(", ")}\nExpected: ${names[i]} but found: ${header[i]}`;
  }
  if (msg) throw new IllegalArgumentException(`CSV header does not conform to the schema.\n ${msg}\nCSV file: file://${file}`);
  void o;
}
