/** How the shell shows values and errors. Errors look like the last line of a PySpark traceback. */
import * as util from "node:util";
import { maskSecrets } from "../index";

/** `AnalysisException: [UNRESOLVED_COLUMN.WITH_SUGGESTION] …` — class name and message, secrets masked. */
export function errorHeadline(e: unknown): string {
  if (e instanceof Error) {
    const name = e.name && e.name !== "Error" ? e.name : e.constructor?.name && e.constructor.name !== "Object" ? e.constructor.name : "Error";
    return maskSecrets(`${name}: ${e.message}`);
  }
  if (e && typeof e === "object" && "message" in e) return maskSecrets(`Error: ${String((e as { message: unknown }).message)}`);
  return maskSecrets(`Error: ${typeof e === "string" ? e : util.inspect(e)}`);
}

/** The stack of an error with the shell's own frames removed, secrets masked. */
export function errorStack(e: unknown): string {
  if (!(e instanceof Error) || !e.stack) return errorHeadline(e);
  const lines = e.stack.split("\n").filter((l) => !/node:internal|src\/repl\/(evaluator|main)\.ts/.test(l));
  let text = lines.join("\n");
  const cause = (e as { cause?: unknown }).cause;
  if (cause instanceof Error && cause !== e) text += `\nCaused by: ${errorStack(cause)}`;
  return maskSecrets(text);
}

/** A result value as the prompt prints it (nothing for undefined, as Python prints nothing for None). */
export function formatValue(v: unknown, colors: boolean): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === "string") return util.inspect(v, { colors });
  return util.inspect(v, { colors, depth: 3, maxArrayLength: 50, breakLength: 100 });
}
