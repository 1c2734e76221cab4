/**
 * Argument parsing for the scripts and benches: node:util's parseArgs, with `--help`/`-h`
 * printing the usage (exit 0) and a bad argument printing the error and the usage (exit 2).
 */
import { parseArgs, type ParseArgsConfig } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;

export function parseCli<O extends Options>(argv: string[], spec: { options: O; usage: string; allowPositionals?: boolean; name?: string }) {
  const options = { ...spec.options, help: { type: "boolean", short: "h" } } as O & { help: { type: "boolean"; short: "h" } };
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: spec.allowPositionals ?? false, strict: true });
  } catch (e) {
    process.stderr.write(`${spec.name ? spec.name + ": " : ""}${(e as Error).message}\n\n${spec.usage}\n`);
    process.exit(2);
  }
  if ((parsed.values as Record<string, unknown>).help) {
    process.stdout.write(spec.usage + "\n");
    process.exit(0);
  }
  return parsed;
}

/** An integer option ≥ min, or exit 2 with the usage. */
export function intOption(value: string | undefined, flag: string, min: number, usage: string, name?: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value) || Number(value) < min) {
    process.stderr.write(`${name ? name + ": " : ""}--${flag} must be an integer ≥ ${min}, got '${value}'\n\n${usage}\n`);
    process.exit(2);
  }
  return Number(value);
}
