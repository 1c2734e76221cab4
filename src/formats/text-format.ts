/**
 * Spark's text data source: one row per line (`lineSep`) or per file (`wholetext`), a single
 * `value STRING` column; written one value per line (a null as an empty line).
 */
import type { FileFormat } from "../connector-api/file-format";
import { AnalysisException } from "../errors";
import { STRING, StringTypeClass, StructFieldClass, StructTypeClass } from "../types/data-types";
import { codecExtension, lineSepOption, readTextFile, splitRecords, writeTextFile } from "./text-io";

const VALUE = new StructTypeClass([new StructFieldClass("value", STRING, true)]);

/** Spark's TextFileFormat.verifySchema. */
function checkTextSchema(schema: StructTypeClass): void {
  if (schema.fields.length !== 1)
    throw new AnalysisException(`Text data source supports only a single column, and you have ${schema.fields.length} columns.`, "_LEGACY_ERROR_TEMP_1290");
  if (!(schema.fields[0].dataType instanceof StringTypeClass))
    throw new AnalysisException(`Text data source does not support ${schema.fields[0].dataType.simpleString()} data type.`, "_LEGACY_ERROR_TEMP_1290");
}

export const textFormat: FileFormat = {
  name: "text",
  inferSchema: () => VALUE,
  fixedSchema: () => VALUE,
  async readFile(file, _schema, options) {
    const text = readTextFile(file.path, options);
    if ((options.get("wholetext") ?? "false").toLowerCase() === "true") return [[text]];
    return splitRecords(text, lineSepOption(options)).map((l) => [l]);
  },
  checkWriteSchema: checkTextSchema,
  extension: (options) => ".txt" + codecExtension(options),
  async writeFile(file, _schema, rows, options) {
    const sep = lineSepOption(options) ?? "\n";
    writeTextFile(file, rows.map((r) => (r[0] === null ? "" : String(r[0])) + sep).join(""), options);
  },
};
