/**
 * Is this input Python (the handout pasted as it is), and is it finished? Decided on the text's
 * tokens (strings and comments skipped), before the Python grammar is loaded:
 *
 * - Python when it has a construct TypeScript does not: `import x` / `from x import y`, a
 *   `def`/`for`/`if`/`while`… line ending in `:`, `"""…"""`, an f-string, `True`/`False`/`None`,
 *   a keyword argument (`show(truncate=False)`), `print(`/`len(`, a tuple (`[("a", 1)]`); and none of TypeScript's own
 *   (`const`, `let`, `=>`, `function`, `await`, a backtick, `//`, a `;` ending a line).
 * - Unfinished (the shell shows `... `) while a bracket or a triple-quoted string is open, the last
 *   line ends with ` \`, or the last line is inside a block (`def …:` and its indented body) and no
 *   empty line or dedented line has closed it — as the Python prompt decides.
 */

export interface Scan {
  /** Brackets still open at the end. */
  depth: number;
  /** Inside a triple-quoted string at the end. */
  inTriple: boolean;
  /** Where that open triple-quoted string starts. */
  tripleStart: number;
  /** Code outside strings and comments, strings replaced by "S" (for the cue patterns). */
  code: string;
  /** A string literal was left open at the end of a line (a Python syntax error, not "unfinished"). */
  unterminated: boolean;
  /** Python-only tokens seen: triple quotes, f-strings, `#` comments. */
  tripleQuoted: boolean;
  fString: boolean;
  backtick: boolean;
}

/** One pass over the text: strings, comments, brackets. */
export function scan(src: string): Scan {
  let depth = 0, i = 0, code = "", inTriple = false, tripleStart = -1, unterminated = false, tripleQuoted = false, fString = false, backtick = false;
  while (i < src.length) {
    const ch = src[i];
    if (ch === "#") {
      while (i < src.length && src[i] !== "\n") i++;
      continue;
    }
    if (ch === "`") backtick = true;
    if (ch === '"' || ch === "'") {
      const prefix = /[A-Za-z]*$/.exec(code)![0].toLowerCase();
      if (/^(f|rf|fr)$/.test(prefix)) fString = true;
      const triple = src.startsWith(ch.repeat(3), i);
      const q = triple ? ch.repeat(3) : ch;
      const at = i;
      if (triple) tripleQuoted = true;
      i += q.length;
      let closed = false;
      while (i < src.length) {
        if (src[i] === "\\") {
          i += 2;
          continue;
        }
        if (!triple && src[i] === "\n") break;
        if (src.startsWith(q, i)) {
          i += q.length;
          closed = true;
          break;
        }
        i++;
      }
      if (!closed) {
        if (triple) {
          inTriple = true;
          tripleStart = at;
        } else unterminated = true;
      }
      code += "S";
      continue;
    }
    if ("([{".includes(ch)) depth++;
    if (")]}".includes(ch)) depth = Math.max(0, depth - 1);
    code += ch;
    i++;
  }
  return { depth, inTriple, tripleStart, code, unterminated, tripleQuoted, fString, backtick };
}

const PY_STATEMENT = /^\s*(import\s+[A-Za-z_][\w.]*(\s+as\s+\w+)?\s*(,|$)|from\s+[\w.]+\s+import\s)/m;
const PY_BLOCK = /^\s*(def|for|while|if|elif|else|with|try|except|finally|class)\b[^\n]*:\s*$/m;
const CONTINUATION = /[ \t]\\[ \t]*\n/;
/** A block on one line: `def f(df): pass`, `while q.isActive: pass`. */
const PY_ONE_LINE_BLOCK = /^\s*(def\s+\w+\s*\([^)]*\)\s*:|(while|if|elif)\s[^\n{]*:\s*\S|for\s+\w[\w, ]*\s+in\s[^\n{]*:\s*\S)/m;
const PY_WORDS = /(^|[^\w.$])(True|False|None)\b|(^|[^\w.$])(print|len)\s*\(|\bsocket\.(gethostname|getfqdn)\s*\(|\btime\.sleep\s*\(|\b(and|or|not|is|in|lambda|elif)\b/;
/** `==`/`!=` (TypeScript writes `===`), a comparison on a DataFrame's column (`df.score > 3`). */
const PY_COMPARE = /[^=!<>]==[^=]|!=[^=]|\b\w*(df|DF)\.\w+\s*[<>]/;
/** A tuple: a parenthesised list after `[`, `,`, `(`, `=` or `:` — in TypeScript a comma operator (`[("a", 1)]` is `[1]`). */
const PY_TUPLE = /(^|[[,(=:])\s*\(\s*[^()\n]*,[^()\n]*\)/m;
/** A comparison or `&`/`|` on a column (`F.col("age") > 10`, `(a) & (b)`): Python's Column operators; TypeScript spells them .gt(), .and(). */
const PY_COLUMN_OPS = /\bcol\(\s*S\s*\)\s*(>=?|<=?)|\)\s*[&|]\s*[(~]/;
const KEYWORD_ARG = /[(,]\s*[A-Za-z_]\w*\s*=(?!=)/;
const TS_ONLY = /(^|[^\w$])(const|let|var|function|await|async|new|typeof|interface)\s|=>|\/\/|;\s*$|===|!==|&&|\|\|/m;

/** Whether the input has syntax only TypeScript has (a declaration, an arrow, a backtick, `;` …). */
export function looksLikeTypeScript(src: string, s = scan(src)): boolean {
  // `import readline;` is Python too (a statement may end with `;`): not a TypeScript cue.
  const code = s.code.replace(/^(\s*import\s+[A-Za-z_][\w.]*(\s+as\s+\w+)?)\s*;\s*$/gm, "$1");
  return s.backtick || TS_ONLY.test(code);
}

/** Whether the input reads as Python rather than TypeScript. */
export function looksLikePython(src: string): boolean {
  const s = scan(src);
  if (looksLikeTypeScript(src, s)) return false;
  if (s.tripleQuoted || s.fString) return true;
  return PY_STATEMENT.test(s.code) || PY_BLOCK.test(s.code) || PY_ONE_LINE_BLOCK.test(s.code) || CONTINUATION.test(s.code) || PY_COMPARE.test(s.code) || PY_WORDS.test(s.code) || KEYWORD_ARG.test(s.code) || PY_TUPLE.test(s.code) || PY_COLUMN_OPS.test(s.code);
}

/** Whether Python input needs more lines (see the file comment). */
export function pythonIncomplete(src: string): boolean {
  const s = scan(src);
  if (s.inTriple) return !runawayString(src, s);
  if (s.depth > 0) return true;
  if (/(^|[^\\])\\[ \t]*$/.test(src)) return true;
  if (/\n[ \t]*$/.test(src) && src.trim() !== "") return false; // an empty line ends a block
  const lines = s.code.split("\n").filter((l) => l.trim() !== "");
  const last = lines[lines.length - 1] ?? "";
  if (/:\s*$/.test(last)) return true;
  // Inside a block: the last line is indented below a block header.
  const inBlock = lines.some((l) => PY_BLOCK.test(l)) && /^[ \t]+\S/.test(last);
  return inBlock;
}

/**
 * An open triple-quoted string that has swallowed whole statements (a line at the left margin
 * such as `from … import …` or `x = …`): the paste is over and the string will never close (the
 * handout's `""""{` has one quote too many). Reported as Python's SyntaxError, not waited on.
 */
export function runawayString(src: string, s = scan(src)): boolean {
  return s.inTriple && /\n(from\s+[\w.]+\s+import\s|import\s+\w|[A-Za-z_]\w*\s*=[^=])/.test(src.slice(s.tripleStart));
}
