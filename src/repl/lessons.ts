/**
 * Lessons in the shell: finding them (`lessons/NN-name.ts`), showing a step, running a step's code
 * (at the prompt with `.run`, or without a person in `npm run lesson -- N`), checking "your turn".
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Lang, Lesson, Step, Text } from "../../lessons/lesson-format";
import { loadLessonFile, stepCode } from "./history";

const LESSONS_DIR = path.resolve(__dirname, "..", "..", "lessons");

export interface LessonFile {
  id: number;
  file: string;
}

/** lessons/01-….ts, 02-….ts, … in order. */
export function lessonFiles(dir = LESSONS_DIR): LessonFile[] {
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => /^\d+-.*\.ts$/.test(n) && !n.endsWith(".test.ts"))
    .map((n) => ({ id: Number(n.split("-")[0]), file: path.join(dir, n) }))
    .sort((a, b) => a.id - b.id);
}

/** A lesson by number, or a lesson-format file by path. */
export function loadLesson(ref: string | number): Lesson {
  const s = String(ref).trim();
  if (/^\d+$/.test(s)) {
    const f = lessonFiles().find((l) => l.id === Number(s));
    if (!f) throw new Error(`There is no lesson ${s}. Lessons: ${lessonFiles().map((l) => l.id).join(", ")}.`);
    return loadLessonFile(f.file);
  }
  return loadLessonFile(s);
}

export function t(text: Text | undefined, lang: Lang): string {
  if (!text) return "";
  return text[lang] || text.en;
}

/** Word-wraps prose to a width, keeping blank lines, list items and indented lines. */
export function wrap(text: string, width: number, indent = ""): string {
  const w = Math.max(30, Math.min(width, 100)) - indent.length;
  return text
    .split("\n")
    .map((line) => {
      if (line.length <= w || /^\s/.test(line)) return indent + line;
      const bullet = /^([-*] |\d+\. )/.exec(line)?.[0] ?? "";
      const hang = " ".repeat(bullet.length);
      const out: string[] = [];
      let cur = "";
      for (const word of line.split(/ +/)) {
        if (cur && (cur + " " + word).length > w) {
          out.push(cur);
          cur = hang + word;
        } else cur = cur ? cur + " " + word : word;
      }
      if (cur) out.push(cur);
      return out.map((l) => indent + l).join("\n");
    })
    .join("\n");
}

export interface Painter {
  bold(s: string): string;
  dim(s: string): string;
  cyan(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  red(s: string): string;
  magenta(s: string): string;
}

const L = {
  lesson: { en: "Lesson", pl: "Lekcja" },
  step: { en: "Step", pl: "Krok" },
  otherTerminal: { en: "In another terminal:", pl: "W innym terminalu:" },
  senderTerminal: { en: "In the sender terminal (npm run socket, or nc -lk 9876), type this line:", pl: "W terminalu nadawczym (npm run socket albo nc -lk 9876) wpisz tę linię:" },
  type: { en: "Type (or `.run`):", pl: "Wpisz (albo `.run`):" },
  yourTurn: { en: "Your turn.", pl: "Twoja kolej." },
  yourTurnHelp: {
    en: "Write it at the prompt, then `.check`. Stuck? `.solution` shows one.",
    pl: "Napisz to w powłoce, potem `.check`. Utknąłeś? `.solution` pokaże rozwiązanie.",
  },
  answer: { en: "Answer", pl: "Odpowiedź" },
  nav: { en: "`.next` next step · `.back` previous · `.run` run this step's code", pl: "`.next` następny krok · `.back` poprzedni · `.run` uruchom kod tego kroku" },
} satisfies Record<string, Text>;

export function label(key: keyof typeof L, lang: Lang): string {
  return t(L[key], lang);
}

/** How a step is shown at the prompt (`.lesson N`, `.next`, `.back`). */
export function renderStep(lesson: Lesson, index: number, lang: Lang, p: Painter, width: number, subst: (text: string) => string): string {
  const step = lesson.steps[index];
  const out: string[] = [];
  const head = `${label("lesson", lang)} ${lesson.id} · ${label("step", lang)} ${step.id} (${index + 1}/${lesson.steps.length}) — ${t(step.title, lang)}`;
  out.push(p.bold(p.magenta(head)));
  const narration = subst(t(step.narration, lang));
  if (narration) out.push(wrap(narration, width));
  if (step.shell) out.push(`${p.dim(label("otherTerminal", lang))}\n${p.yellow("  $ " + subst(step.shell))}`);
  if (step.sender) out.push(`${p.dim(label("senderTerminal", lang))}\n${p.yellow("  " + step.sender)}`);
  const code = step.code;
  if (code) out.push(`${p.dim(label("type", lang))}\n${indentCode(code, p)}`);
  if (step.yourTurn) out.push(`${p.bold(p.green(label("yourTurn", lang)))}\n${wrap(t(step.yourTurn.hint, lang), width)}\n${p.dim(label("yourTurnHelp", lang))}`);
  out.push(p.dim(label("nav", lang)));
  return out.join("\n\n") + "\n";
}

function indentCode(code: string, p: Painter): string {
  return code
    .split("\n")
    .map((l) => p.cyan("  " + l))
    .join("\n");
}

/** The code as a transcript: `>>> ` on the first line, `... ` on the others (as PySpark's prompt). */
export function transcript(code: string, p: Painter): string {
  return code
    .split("\n")
    .map((l, i) => p.cyan((i === 0 ? ">>> " : "... ") + l))
    .join("\n");
}

/** Whether an error satisfies a step's expectError. */
export function matchesExpected(step: Step, error: unknown): boolean {
  if (step.expectError === undefined) return false;
  const msg = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return typeof step.expectError === "string" ? msg.includes(step.expectError) : step.expectError.test(msg);
}

export { stepCode };
