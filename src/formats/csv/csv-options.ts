/**
 * Spark 3.5's CSVOptions: every option of the CSV data source, read once with Spark's default
 * and Spark's errors for bad values. Names are case-insensitive (the options map is).
 */
import { IllegalArgumentException } from "../../errors";
import type { CaseInsensitiveMap } from "../../connector-api/options";
import { parseMode, ParseMode } from "../modes";

type UnescapedQuoteHandling = "STOP_AT_DELIMITER" | "STOP_AT_CLOSING_QUOTE" | "BACK_TO_DELIMITER" | "SKIP_VALUE" | "RAISE_ERROR";

export interface CsvOptions {
  sep: string;
  /** "" = no quoting (Spark's "\u0000"). */
  quote: string;
  escape: string;
  /** "" = unset. */
  charToEscapeQuoteEscaping: string;
  /** "" = no comments. */
  comment: string;
  header: boolean;
  inferSchema: boolean;
  preferDate: boolean;
  enforceSchema: boolean;
  samplingRatio: number;
  ignoreLeadingWhiteSpace: boolean;
  ignoreTrailingWhiteSpace: boolean;
  nullValue: string;
  emptyValue: string;
  nanValue: string;
  positiveInf: string;
  negativeInf: string;
  /** undefined = Spark's default parsing (yyyy-MM-dd with the lenient fallback). */
  dateFormat?: string;
  timestampFormat?: string;
  timestampNTZFormat?: string;
  multiLine: boolean;
  lineSep?: string;
  mode: ParseMode;
  columnNameOfCorruptRecord: string;
  maxColumns: number;
  maxCharsPerColumn: number;
  unescapedQuoteHandling: UnescapedQuoteHandling;
  locale: string;
  // write
  quoteAll: boolean;
  escapeQuotes: boolean;
}

const bool = (o: CaseInsensitiveMap, k: string, d: boolean): boolean => {
  const v = o.get(k);
  if (v === undefined) return d;
  const l = v.trim().toLowerCase();
  if (l === "true") return true;
  if (l === "false") return false;
  throw new IllegalArgumentException(`${k} flag can be true or false`);
};

/** Spark's CSVExprUtils.toChar / toDelimiterStr: `\t`, `\u0001`, `\\` spelled out are the characters. */
function unescapeOption(s: string): string {
  return s.replace(/\\(t|n|r|b|f|"|'|\\|u([0-9a-fA-F]{4}))/g, (m, c: string, hex?: string) =>
    hex ? String.fromCharCode(parseInt(hex, 16)) : ({ t: "\t", n: "\n", r: "\r", b: "\b", f: "\f", '"': '"', "'": "'", "\\": "\\" } as Record<string, string>)[c] ?? m);
}

function oneChar(o: CaseInsensitiveMap, k: string, d: string): string {
  const v = o.get(k);
  if (v === undefined) return d;
  if (v === "" || v === "\u0000") return "";
  const c = v.length === 1 ? v : unescapeOption(v);
  if (c.length !== 1) throw new IllegalArgumentException(`${k} cannot be more than one character`);
  return c;
}

function int(o: CaseInsensitiveMap, k: string, d: number): number {
  const v = o.get(k);
  if (v === undefined) return d;
  if (!/^\s*[+-]?\d+\s*$/.test(v)) throw new IllegalArgumentException(`${k} should be an integer. Found ${v}`);
  return Number(v);
}

const HANDLINGS: UnescapedQuoteHandling[] = ["STOP_AT_DELIMITER", "STOP_AT_CLOSING_QUOTE", "BACK_TO_DELIMITER", "SKIP_VALUE", "RAISE_ERROR"];

export function csvOptions(o: CaseInsensitiveMap, write: boolean, defaultCorrupt = "_corrupt_record"): CsvOptions {
  const rawSep = o.get("sep") ?? o.get("delimiter") ?? ",";
  if (rawSep === "") throw new IllegalArgumentException("Delimiter cannot be empty string");
  const sep = rawSep === "\\" ? (() => { throw new IllegalArgumentException("Single backslash is prohibited. It has special meaning as beginning of an escape sequence. To get the backslash character, pass a string with two backslashes as the delimiter."); })() : unescapeOption(rawSep);
  const lineSep = o.get("lineSep");
  if (lineSep !== undefined) {
    if (lineSep === "") throw new IllegalArgumentException("requirement failed: 'lineSep' cannot be an empty string.");
    if (lineSep.length > 2) throw new IllegalArgumentException("requirement failed: 'lineSep' can contain only 1 character.");
  }
  const uqh = (o.get("unescapedQuoteHandling") ?? "STOP_AT_DELIMITER").toUpperCase() as UnescapedQuoteHandling;
  if (!HANDLINGS.includes(uqh)) throw new IllegalArgumentException(`No enum constant com.univocity.parsers.csv.UnescapedQuoteHandling.${uqh}`);
  const samplingRatio = Number(o.get("samplingRatio") ?? "1.0");
  if (!(samplingRatio > 0)) throw new IllegalArgumentException(`requirement failed: samplingRatio (${samplingRatio}) should be greater than 0`);
  const quote = oneChar(o, "quote", '"');
  const escape = oneChar(o, "escape", "\\");
  return {
    sep,
    quote,
    escape,
    // Spark's default: the escape character when it differs from the quote, none otherwise.
    charToEscapeQuoteEscaping: oneChar(o, "charToEscapeQuoteEscaping", escape !== quote ? escape : ""),
    comment: oneChar(o, "comment", ""),
    header: bool(o, "header", false),
    inferSchema: bool(o, "inferSchema", false),
    preferDate: bool(o, "preferDate", true),
    enforceSchema: bool(o, "enforceSchema", true),
    samplingRatio,
    ignoreLeadingWhiteSpace: bool(o, "ignoreLeadingWhiteSpace", write),
    ignoreTrailingWhiteSpace: bool(o, "ignoreTrailingWhiteSpace", write),
    nullValue: o.get("nullValue") ?? "",
    emptyValue: o.get("emptyValue") ?? (write ? '""' : ""),
    nanValue: o.get("nanValue") ?? "NaN",
    positiveInf: o.get("positiveInf") ?? "Inf",
    negativeInf: o.get("negativeInf") ?? "-Inf",
    dateFormat: o.get("dateFormat"),
    timestampFormat: o.get("timestampFormat"),
    timestampNTZFormat: o.get("timestampNTZFormat"),
    multiLine: bool(o, "multiLine", false),
    lineSep,
    mode: parseMode(o),
    columnNameOfCorruptRecord: o.get("columnNameOfCorruptRecord") ?? defaultCorrupt,
    maxColumns: int(o, "maxColumns", 20480),
    maxCharsPerColumn: int(o, "maxCharsPerColumn", -1),
    unescapedQuoteHandling: uqh,
    locale: o.get("locale") ?? "en-US",
    quoteAll: bool(o, "quoteAll", false),
    escapeQuotes: bool(o, "escapeQuotes", true),
  };
}
