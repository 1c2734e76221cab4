/**
 * Rows → CSV text as Spark's writer (UnivocityGenerator) prints them: `header`, `sep`, `quote`,
 * `escape` (quotes inside values escaped with it; `\` by default), `quoteAll`, `escapeQuotes`,
 * `nullValue`, `emptyValue` (`""` by default), leading/trailing blanks trimmed unless
 * `ignoreLeadingWhiteSpace`/`ignoreTrailingWhiteSpace` are false, `lineSep`, and dates and
 * timestamps in `dateFormat`/`timestampFormat` (default `yyyy-MM-dd'T'HH:mm:ss.SSSXXX`).
 */
import type { CaseInsensitiveMap } from "../../connector-api/options";
import type { InternalRow } from "../../connector-api/source";
import { DataType, DATE, StructTypeClass, TIMESTAMP } from "../../types/data-types";
import { valueToString } from "../../values/values";
import { formatDate, formatWithPattern, withTimeZone, zoneOffsetMs } from "../../values/timestamps";
import type { CsvOptions } from "./csv-options";

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, "0");

/** Spark's default CSV/JSON timestamp text: `yyyy-MM-dd'T'HH:mm:ss.SSSXXX` in the session zone. */
function isoTimestamp(us: number): string {
  const ms = Math.floor(us / 1000);
  const off = zoneOffsetMs(ms);
  const offMin = Math.round(off / 60000);
  const zone = offMin === 0 ? "Z" : `${offMin < 0 ? "-" : "+"}${pad(Math.floor(Math.abs(offMin) / 60))}:${pad(Math.abs(offMin) % 60)}`;
  return `${formatWithPattern(us, "yyyy-MM-dd'T'HH:mm:ss")}.${pad(((ms % 1000) + 1000) % 1000, 3)}${zone}`;
}

function formatter(t: DataType, o: CsvOptions): (v: unknown) => string {
  if (t === TIMESTAMP) return o.timestampFormat ? (v) => formatWithPattern(v as number, o.timestampFormat!) : (v) => isoTimestamp(v as number);
  if (t === DATE) return o.dateFormat ? (v) => withTimeZone("UTC", () => formatWithPattern((v as number) * 86_400_000_000, o.dateFormat!)) : (v) => formatDate(v as number);
  return (v) => valueToString(v, t);
}

/** The CSV text of `rows` (a whole part file, header first when asked). */
export function csvWriter(schema: StructTypeClass, o: CsvOptions, _options: CaseInsensitiveMap): (rows: readonly InternalRow[]) => string {
  const fmts = schema.fields.map((f) => formatter(f.dataType, o));
  const lineSep = o.lineSep ?? "\n";
  const q = o.quote;
  const esc = o.escape || q;
  const escEsc = o.charToEscapeQuoteEscaping;
  const needsQuote = (s: string) =>
    s.includes(o.sep) || s.includes("\n") || s.includes("\r") || (q !== "" && o.escapeQuotes && s.includes(q)) || (o.comment !== "" && s.startsWith(o.comment));
  const field = (s: string, isNull: boolean): string => {
    if (isNull) return o.quoteAll && q ? q + o.nullValue + q : o.nullValue;
    if (o.ignoreLeadingWhiteSpace) s = s.replace(/^[\x00-\x20]+/, "");
    if (o.ignoreTrailingWhiteSpace) s = s.replace(/[\x00-\x20]+$/, "");
    if (s === "") return o.quoteAll && q ? q + q : o.emptyValue;
    if (q === "" || (!o.quoteAll && !needsQuote(s))) return s;
    // Inside quotes the escape character is itself escaped (charToEscapeQuoteEscaping), then quotes.
    if (escEsc && esc !== q) s = s.split(esc).join(escEsc + esc);
    return q + s.split(q).join(esc + q) + q;
  };
  const header = schema.fields.map((f) => field(f.name, false)).join(o.sep) + lineSep;
  const headerFlag = o.header;
  return (rows) => {
    let out = headerFlag ? header : "";
    for (const r of rows) {
      let line = "";
      for (let i = 0; i < fmts.length; i++) {
        if (i) line += o.sep;
        const v = r[i];
        line += v === null || v === undefined ? field("", true) : field(fmts[i](v), false);
      }
      out += line + lineSep;
    }
    return out;
  };
}
