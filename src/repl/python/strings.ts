/**
 * Python string literals → their values, and values → TypeScript literals. Handles the prefixes
 * r/b/u (f-strings are split by the translator), single, double and triple quotes, and Python's
 * escapes (\n \t \\ \' \" \xhh \uXXXX \N is not supported, a backslash-newline joins lines).
 */

const SIMPLE: Record<string, string> = { n: "\n", t: "\t", r: "\r", "0": "\0", a: "\x07", b: "\b", f: "\f", v: "\v", "\\": "\\", "'": "'", '"': '"', "\n": "" };

/** Splits `rb"""x"""` into its prefix, quote and body. */
export function splitLiteral(text: string): { prefix: string; quote: string; body: string } {
  const m = /^([A-Za-z]*)("""|'''|"|')/.exec(text);
  if (!m) throw new Error(`not a string literal: ${text}`);
  const quote = m[2];
  const body = text.slice(m[0].length, text.length - quote.length);
  return { prefix: m[1].toLowerCase(), quote, body };
}

/** Applies Python's escapes to a string body (nothing for raw strings). */
export function unescape(body: string, raw: boolean): string {
  if (raw) return body;
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== "\\" || i + 1 >= body.length) {
      out += ch;
      continue;
    }
    const next = body[i + 1];
    if (next in SIMPLE) {
      out += SIMPLE[next];
      i++;
    } else if (next === "x" && /^[0-9a-fA-F]{2}$/.test(body.slice(i + 2, i + 4))) {
      out += String.fromCharCode(parseInt(body.slice(i + 2, i + 4), 16));
      i += 3;
    } else if (next === "u" && /^[0-9a-fA-F]{4}$/.test(body.slice(i + 2, i + 6))) {
      out += String.fromCharCode(parseInt(body.slice(i + 2, i + 6), 16));
      i += 5;
    } else out += ch; // Python keeps an unknown escape as it is
  }
  return out;
}

/** The value of a (non-f) Python string literal. */
export function stringValue(text: string): string {
  const { prefix, body } = splitLiteral(text);
  return unescape(body, prefix.includes("r"));
}

/** Text for inside a template literal. */
export function templateEscape(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/`/g, "\\`").replace(/\$\{/g, "\\${");
}

/** A TypeScript literal for a string: "…" on one line, a template literal when it has newlines. */
export function tsString(value: string): string {
  if (value.includes("\n") && !/[\r\u2028\u2029]/.test(value)) return "`" + templateEscape(value) + "`";
  return JSON.stringify(value);
}
