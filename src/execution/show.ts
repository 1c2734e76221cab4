/**
 * Dataset.showString, to the byte: right-aligned cells when truncating, left-aligned otherwise,
 * `only showing top N rows`, vertical mode, full-width characters counted twice.
 */
import type { StructTypeClass } from "../types/data-types";
import type { InternalRow } from "../connector-api/source";
import { prettyString } from "../values/values";

const FULL_WIDTH = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE10-\uFE19\uFE30-\uFE6F\uFF00-\uFF60\uFFE0-\uFFE6]/g;

/** Dataset.minimumColWidth. */
const MIN_WIDTH = 3;

function halfWidth(s: string): number {
  const m = s.match(FULL_WIDTH);
  return s.length + (m ? m.length : 0);
}

function escapeMeta(s: string): string {
  return s.replace(/[\n\r\t\f\b\u000B\u0007]/g, (c) => ({ "\n": "\\n", "\r": "\\r", "\t": "\\t", "\f": "\\f", "\b": "\\b", "\u000B": "\\v", "\u0007": "\\a" })[c]!);
}

function cell(s: string, truncate: number): string {
  const str = escapeMeta(s);
  if (truncate > 0 && str.length > truncate) return truncate < 4 ? str.substring(0, truncate) : str.substring(0, truncate - 3) + "...";
  return str;
}

/**
 * `rows` may hold one row more than `numRows` (that is how "only showing top N rows" is known).
 * Returns the text including its final newline; show() prints it followed by a blank line.
 */
export function showString(schema: StructTypeClass, rows: InternalRow[], numRows = 20, truncate = 20, vertical = false): string {
  const n = Math.max(0, numRows);
  const hasMore = rows.length > n;
  const data = rows.slice(0, n).map((r) => schema.fields.map((f, i) => cell(prettyString(r[i], f.dataType), truncate)));
  // Column names are escaped but never truncated.
  const header = schema.fields.map((f) => escapeMeta(f.name));
  let out = "";
  if (!vertical) {
    const widths = header.map((h, i) => Math.max(MIN_WIDTH, halfWidth(h), ...data.map((r) => halfWidth(r[i]))));
    const pad = (s: string, i: number): string => {
      const fill = " ".repeat(widths[i] - halfWidth(s));
      return truncate > 0 ? fill + s : s + fill;
    };
    const sep = "+" + widths.map((w) => "-".repeat(w)).join("+") + "+\n";
    out += sep;
    out += "|" + header.map(pad).join("|") + "|\n";
    out += sep;
    for (const r of data) out += "|" + r.map(pad).join("|") + "|\n";
    out += sep;
  } else {
    const nameWidth = Math.max(MIN_WIDTH, ...header.map(halfWidth));
    const dataWidth = Math.max(MIN_WIDTH, ...data.flatMap((r) => r.map(halfWidth)));
    data.forEach((r, i) => {
      const title = `-RECORD ${i}`;
      out += title + "-".repeat(Math.max(0, nameWidth + dataWidth + 5 - title.length)) + "\n";
      r.forEach((c, j) => {
        const h = header[j];
        out += " " + h + " ".repeat(nameWidth - halfWidth(h)) + " | " + c + " ".repeat(dataWidth - halfWidth(c)) + " \n";
      });
    });
    if (data.length === 0) out += "(0 rows)\n";
  }
  if (hasMore) out += `only showing top ${n} ${n === 1 ? "row" : "rows"}\n`;
  return out;
}
