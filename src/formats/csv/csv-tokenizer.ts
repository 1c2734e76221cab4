/**
 * Splits CSV text into records of string tokens as Spark's parser (univocity, with the settings
 * Spark gives it) does, including its quirks, pinned by test/fixtures/spark-golden-files.json:
 * - a quote opens a quoted value only as the value's first character (after leading blanks only
 *   with ignoreLeadingWhiteSpace); elsewhere it is an ordinary character;
 * - inside quotes, `escape` + quote is a quote (the default escape is `\`), and a doubled quote is
 *   one when escape is the quote itself; charToEscapeQuoteEscaping + escape is an escape;
 * - a quote inside quotes followed by anything but the delimiter or the line's end is an
 *   unescaped quote, handled by `unescapedQuoteHandling` (default STOP_AT_DELIMITER: the value is
 *   the raw text up to the next delimiter, opening quote included — so `"a ""b"""` stays as it is
 *   unless `escape` is `"`);
 * - an empty unquoted value is `nullValue`, an empty quoted one `emptyValue`.
 * Without multiLine every line is a record (blank and comment lines skipped); with it, line
 * breaks inside quotes belong to the value.
 */
import { SparkException } from "../../errors";
import type { CsvOptions } from "./csv-options";

export interface CsvRecord {
  tokens: string[];
  /** The record's text (the corrupt-record column's value). */
  raw: string;
}

const isBlank = (c: number): boolean => c <= 32;

export class CsvTokenizer {
  private readonly sep: string;
  private readonly sep0: number;
  private readonly quote: number;
  private readonly escape: number;
  private readonly escEsc: number;
  constructor(private readonly o: CsvOptions) {
    this.sep = o.sep;
    this.sep0 = o.sep.charCodeAt(0);
    this.quote = o.quote ? o.quote.charCodeAt(0) : -1;
    this.escape = o.escape ? o.escape.charCodeAt(0) : -1;
    this.escEsc = o.charToEscapeQuoteEscaping ? o.charToEscapeQuoteEscaping.charCodeAt(0) : -1;
  }

  /** Every record of `text` (a whole file's content). */
  records(text: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    if (!this.o.multiLine) {
      for (const line of this.lines(text)) {
        if (line.trim() === "" || (this.o.comment && line.startsWith(this.o.comment))) continue;
        out.push({ tokens: this.parse(line, 0, line.length, false).tokens, raw: line });
      }
      return out;
    }
    let i = 0;
    while (i < text.length) {
      const eol = this.lineEnd(text, i);
      const lineText = text.slice(i, eol.at);
      if (lineText.trim() === "" || (this.o.comment && lineText.startsWith(this.o.comment))) { i = eol.next; continue; }
      const r = this.parse(text, i, text.length, true);
      out.push({ tokens: r.tokens, raw: text.slice(i, r.end) });
      i = this.lineEnd(text, r.end).next;
    }
    return out;
  }

  /** The lines of a file (Spark's line reader: `lineSep`, else \n, \r\n, \r). */
  lines(text: string): string[] {
    if (!text) return [];
    const ls = this.o.lineSep ? text.split(this.o.lineSep) : text.split(/\r\n|\n|\r/);
    if (ls[ls.length - 1] === "") ls.pop();
    return ls;
  }

  private lineEnd(text: string, i: number): { at: number; next: number } {
    const sep = this.o.lineSep;
    if (sep) {
      const at = text.indexOf(sep, i);
      return at < 0 ? { at: text.length, next: text.length } : { at, next: at + sep.length };
    }
    for (let j = i; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (c === 10) return { at: j, next: j + 1 };
      if (c === 13) return { at: j, next: text.charCodeAt(j + 1) === 10 ? j + 2 : j + 1 };
    }
    return { at: text.length, next: text.length };
  }

  private isNewline(text: string, i: number): boolean {
    if (this.o.lineSep) return text.startsWith(this.o.lineSep, i);
    const c = text.charCodeAt(i);
    return c === 10 || c === 13;
  }

  private isSep(text: string, i: number): boolean {
    return text.charCodeAt(i) === this.sep0 && (this.sep.length === 1 || text.startsWith(this.sep, i));
  }

  /** One record from `start`; in multiLine mode it ends at an unquoted line break. */
  parse(text: string, start: number, end: number, multiLine: boolean): { tokens: string[]; end: number } {
    const o = this.o;
    const tokens: string[] = [];
    let i = start;
    const atEnd = (j: number) => j >= end || (multiLine && this.isNewline(text, j));
    for (;;) {
      if (tokens.length >= o.maxColumns)
        throw new SparkException(`java.lang.ArrayIndexOutOfBoundsException - Index ${o.maxColumns} out of bounds for length ${o.maxColumns}`);
      if (o.ignoreLeadingWhiteSpace) while (i < end && !atEnd(i) && !this.isSep(text, i) && isBlank(text.charCodeAt(i))) i++;
      if (i < end && text.charCodeAt(i) === this.quote) {
        const r = this.quoted(text, i, end, multiLine);
        tokens.push(r.value);
        i = r.end;
      } else {
        const s = i;
        while (i < end && !atEnd(i) && !this.isSep(text, i)) i++;
        let e = i;
        if (o.ignoreTrailingWhiteSpace) while (e > s && isBlank(text.charCodeAt(e - 1))) e--;
        tokens.push(e === s ? o.nullValue : text.slice(s, e));
      }
      if (i < end && this.isSep(text, i)) { i += this.sep.length; continue; }
      return { tokens, end: i };
    }
  }

  /** A value that starts with a quote at `q`; `end` = where the value's delimiter or line end is. */
  private quoted(text: string, q: number, end: number, multiLine: boolean): { value: string; end: number } {
    const o = this.o;
    // Line breaks inside quotes belong to the value (multiLine); without it the line is the record.
    const atEnd = (j: number) => j >= end;
    let buf = "";
    let i = q + 1;
    let runStart = i;
    const flush = (to: number) => { buf += text.slice(runStart, to); };
    for (;;) {
      if (atEnd(i)) { flush(i); return { value: buf, end: i }; }
      const c = text.charCodeAt(i);
      if (c === this.escEsc && text.charCodeAt(i + 1) === this.escape && this.escape !== this.quote) {
        flush(i); buf += o.escape; i += 2; runStart = i; continue;
      }
      if (c === this.escape && this.escape !== this.quote) {
        if (text.charCodeAt(i + 1) === this.quote) { flush(i); buf += o.quote; i += 2; runStart = i; continue; }
        i++; continue;
      }
      if (c !== this.quote) { i++; continue; }
      // A quote: closing, doubled (escape = quote) or unescaped.
      if (this.escape === this.quote && text.charCodeAt(i + 1) === this.quote) { flush(i); buf += o.quote; i += 2; runStart = i; continue; }
      let j = i + 1;
      while (j < end && !this.isSep(text, j) && !(multiLine && this.isNewline(text, j)) && isBlank(text.charCodeAt(j))) j++;
      if (j >= end || this.isSep(text, j) || (multiLine && this.isNewline(text, j))) {
        flush(i);
        return { value: buf === "" ? o.emptyValue : buf, end: j };
      }
      // Unescaped quote.
      switch (o.unescapedQuoteHandling) {
        case "STOP_AT_DELIMITER": {
          let k = i + 1;
          while (k < end && !this.isSep(text, k) && !(multiLine && this.isNewline(text, k))) k++;
          let e = k;
          if (o.ignoreTrailingWhiteSpace) while (e > q && isBlank(text.charCodeAt(e - 1))) e--;
          return { value: text.slice(q, e), end: k };
        }
        case "SKIP_VALUE": {
          let k = i + 1;
          while (k < end && !this.isSep(text, k) && !(multiLine && this.isNewline(text, k))) k++;
          return { value: o.nullValue, end: k };
        }
        case "STOP_AT_CLOSING_QUOTE":
          i++;
          continue;
        case "BACK_TO_DELIMITER":
          flush(i);
          i++;
          runStart = i;
          continue;
        default:
          throw new SparkException(
            `Unescaped quote character found in value. Value so far: ${JSON.stringify(buf + text.slice(runStart, i))}. (RAISE_ERROR unescapedQuoteHandling)`,

          );
      }
    }
  }
}
