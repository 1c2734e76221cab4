/** Python source for literal values. */

/** A Python string literal for `s` on one line: single quotes when that saves escaping double ones. */
export function pyString(s: string): string {
  const q = s.includes('"') && !s.includes("'") ? "'" : '"';
  let out = q;
  for (const ch of s) {
    if (ch === q) out += "\\" + q;
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch < " ") out += `\\x${ch.charCodeAt(0).toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return out + q;
}
