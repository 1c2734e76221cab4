/** Replaying golden cases captured from PySpark: run a program capturing what it prints, compare. */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { Row } from "../../src/index";
import { pyStrRepr } from "../../src/types/row";

export interface GoldenError { class: string; firstLine: string; message: string; simpleMessage?: string; javaClass?: string; javaMessage?: string }

/**
 * The error Iskra should raise for a golden one: for a Py4JJavaError, the exception a task raised
 * ("executor driver): <class>: <message>") or else the JVM exception itself.
 */
function expected(g: GoldenError): GoldenError {
  if (g.class !== "Py4JJavaError" || !g.javaMessage) return g;
  const inner = /executor driver\): (?:[\w$]+\.)*([\w$]+): ([^\n]*)/.exec(g.javaMessage);
  if (inner) return { class: inner[1], firstLine: inner[2], message: inner[2] };
  const line = g.javaMessage.split("\n")[0];
  return { class: g.javaClass!.split(".").pop()!, firstLine: line, message: line };
}
export interface Outcome { stdout: string; error?: unknown }

/** Runs `program` with the session's printed output captured (`clear`/`out` of captureSession). */
export async function runCapturing(program: () => unknown, clear: () => void, out: () => string): Promise<Outcome> {
  clear();
  let error: unknown;
  try {
    await program();
  } catch (e) {
    error = e;
  }
  return { stdout: out(), error };
}

/** null when the outcome matches: the same text, or the same error class and first line (or message). */
function goldenDifference(golden: { stdout: string; error?: GoldenError }, o: Outcome): string | null {
  const g = golden.error ? { ...golden, error: expected(golden.error) } : golden;
  if (g.error) {
    if (o.error === undefined) return `expected ${g.error.class}: ${g.error.firstLine}\nbut nothing was raised; printed:\n${o.stdout}`;
    const e = o.error as Error;
    const cls = e?.constructor?.name ?? typeof e;
    const msg = String(e?.message ?? e);
    const firstLine = msg.split("\n").find((l) => l.trim() !== "") ?? "";
    const same = firstLine === g.error.firstLine || (g.error.simpleMessage !== undefined && msg === g.error.simpleMessage) || msg === g.error.message.replace(/^\n/, "");
    if (cls !== g.error.class || !same) return `expected ${g.error.class}: ${g.error.message}\nbut got  ${cls}: ${msg}`;
    return null;
  }
  if (o.error !== undefined) return `unexpected ${(o.error as Error)?.constructor?.name}: ${(o.error as Error)?.stack ?? o.error}\nprinted:\n${o.stdout}`;
  if (o.stdout !== g.stdout) return `printed:\n${o.stdout}\nexpected:\n${g.stdout}`;
  return null;
}

/** Python's repr of a collected value, as print() shows it. */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return "None";
  if (typeof v === "string") return pyStrRepr(v);
  if (v instanceof Row) return String(v);
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(", ")}]`;
  return String(v);
}

/**
 * One test per golden case that has a program: a byte-for-byte match, or — for a listed known
 * difference — a check that it still differs (so a fixed case is taken off the list).
 */
export function replayGoldenCases<G extends { id: string; stdout: string; error?: GoldenError }, P>(
  cases: G[],
  programFor: (g: G) => P | undefined,
  knownDifferences: Record<string, string>,
  run: (program: P) => Promise<Outcome>,
): void {
  for (const g of cases) {
    const program = programFor(g);
    if (!program) continue;
    if (g.id in knownDifferences) {
      test(`${g.id} (known difference: ${knownDifferences[g.id]})`, async () => {
        assert.notEqual(goldenDifference(g, await run(program)), null, `${g.id} now matches Spark: remove it from KNOWN_DIFFERENCES`);
      });
    } else {
      test(g.id, async () => {
        const diff = goldenDifference(g, await run(program));
        assert.equal(diff, null, diff ?? "");
      });
    }
  }
}
