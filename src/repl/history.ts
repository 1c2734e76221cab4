/**
 * History and its export.
 *
 * Secrets never leave the shell in clear: `.history`, the persisted readline history and `.export`
 * go through `maskCode`, which replaces
 *   - the value of a `password` option or property (`.option("password", "…")`, `{ password: "…" }`),
 *   - the password of a URL (`postgres://user:…@host`, `jdbc:postgresql://…?password=…`),
 *   - any known secret (the configured PostgreSQL password, $PGPASSWORD) inside a string,
 * with `***`, wrapped in `secret(…)`. `secret` is preloaded in the shell: it puts back
 * `$PGPASSWORD` when set, else the password of the PostgreSQL the shell uses (PG_URL's, or the
 * embedded server's workshop default), so an exported script still replays.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Lesson, Step } from "../../lessons/lesson-format";

const STRING_LITERAL = /(["'`])((?:(?!\1)[^\\]|\\[\s\S])*)\1/g;
const URL_PASSWORD = /^([a-z][a-z0-9+.:-]*:\/\/[^\/\s:@]+:)([^@\s\/]+)(@)/i;
const PARAM_PASSWORD = /([?&;]password=)([^&;\s]*)/gi;

/** Masks passwords in code so that it still runs (see the file header). */
export function maskCode(code: string, secrets: readonly string[] = []): string {
  const known = [...new Set(secrets.filter((s) => s && s.length >= 4 && s !== "***"))].sort((a, b) => b.length - a.length);
  // 1. String literals holding a URL password or a known secret.
  let out = code.replace(STRING_LITERAL, (lit, q: string, body: string) => {
    let masked = body.replace(URL_PASSWORD, (_m, a: string, _p: string, c: string) => `${a}***${c}`).replace(PARAM_PASSWORD, "$1***");
    for (const s of known) masked = masked.split(s).join("***");
    return masked === body ? lit : `secret(${q}${masked}${q})`;
  });
  // 2. The value of a password option or property given as a literal.
  out = out.replace(/((["'`])password\2\s*,\s*)(["'`])(?:(?!\3)[^\\]|\\[\s\S])*\3/gi, (_m, head: string) => `${head}secret("***")`);
  out = out.replace(/((?:\bpassword|(["'])password\2)\s*:\s*)(["'`])(?:(?!\3)[^\\]|\\[\s\S])*\3/gi, (_m, head: string) => `${head}secret("***")`);
  // 3. Shell-style PGPASSWORD=… in comments.
  out = out.replace(/(PGPASSWORD=)(?!\*\*\*)[^\s'"`;]+/g, "$1***");
  return out;
}

/** `secret("…***…")`: puts the real password back where the export masked it. */
export function makeSecret(password: () => string): (masked: string) => string {
  return (masked: string) => String(masked).split("***").join(process.env.PGPASSWORD ?? password());
}

function template(code: string): string {
  return "`" + code.replace(/\\/g, "\\\\").replace(/`/g, "\\`").replace(/\$\{/g, "\\${") + "`";
}

/** A replayable lesson-format script of the given inputs (already masked). */
export function exportScript(inputs: string[], file: string, title = "Exported session"): string {
  const formatPath = path.relative(path.dirname(path.resolve(file)), path.resolve(__dirname, "..", "..", "lessons", "lesson-format")).replace(/\\/g, "/");
  const importPath = formatPath.startsWith(".") ? formatPath : `./${formatPath}`;
  const steps = inputs.map(
    (code, i) =>
      `    {\n      id: ${i + 1},\n      title: { en: "Input ${i + 1}", pl: "Polecenie ${i + 1}" },\n      narration: { en: "", pl: "" },\n      code: ${template(code)},\n    },`,
  );
  return [
    `// ${title} from the Iskra shell, ${new Date().toISOString()}.`,
    `// Replay: \`.replay ${path.basename(file)}\` in the shell, or \`npm run lesson -- ${path.basename(file)}\`.`,
    `// Passwords are masked: secret("***") puts back $PGPASSWORD, or the password of the PostgreSQL the shell uses.`,
    `import type { Lesson } from "${importPath}";`,
    ``,
    `const lesson: Lesson = {`,
    `  id: 0,`,
    `  title: { en: ${JSON.stringify(title)}, pl: "Wyeksportowana sesja" },`,
    `  steps: [`,
    ...steps,
    `  ],`,
    `};`,
    ``,
    `export default lesson;`,
    ``,
  ].join("\n");
}

/** Loads a lesson-format module (a lesson or an export) fresh from disk. */
export function loadLessonFile(file: string): Lesson {
  const abs = path.resolve(file);
  if (!fs.existsSync(abs)) throw new Error(`No such file: ${file}`);
  ensureTsHook();
  delete require.cache[require.resolve(abs)];
  const mod = require(abs) as { default?: Lesson } & Partial<Lesson>;
  const lesson = (mod.default ?? mod) as Lesson;
  if (!lesson || !Array.isArray(lesson.steps)) throw new Error(`${file} is not a lesson: it must \`export default\` an object with steps.`);
  return lesson;
}

function ensureTsHook(): void {
  if (!require.extensions[".ts"]) require("./ts-hook.js");
}

/** Persisted readline history (masked), newest first as readline keeps it. */
export class HistoryFile {
  constructor(readonly file: string, private readonly max = 1000) {}
  load(): string[] {
    try {
      return fs.readFileSync(this.file, "utf8").split("\n").filter((l) => l.length > 0).reverse().slice(0, this.max);
    } catch {
      return [];
    }
  }
  save(newestFirst: string[]): void {
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.writeFileSync(this.file, newestFirst.slice(0, this.max).reverse().join("\n") + "\n", { mode: 0o600 });
    } catch {
      /* history is a convenience */
    }
  }
}

/** Steps' code for display/replay: what the learner would type (solution for "your turn" steps). */
export function stepCode(step: Step, mode: "interactive" | "replay"): string | undefined {
  if (mode === "replay" && step.replay !== undefined) return step.replay;
  if (step.yourTurn && step.code === undefined) return step.yourTurn.solution;
  return step.code;
}
