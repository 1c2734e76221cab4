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

/** A command line the tool rejects, with the text Kafka's own tool prints for it. */
export class ToolUsageError extends Error {}

/**
 * Kafka's command-line tools' conventions (kafka-topics.sh, GetOffsetShell) on node:util's
 * parseArgs: an option's value may begin with a dash (`--time -1`, which parseArgs alone calls
 * ambiguous), options may repeat, and a bad command line throws ToolUsageError with the tools'
 * texts ("--lst is not a recognized option", "Option --topic requires an argument").
 */
export function parseToolArgs<O extends Options>(argv: string[], options: O) {
  const valued = new Set(Object.entries(options).filter(([, o]) => o.type === "string").map(([k]) => `--${k}`));
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!valued.has(a)) args.push(a);
    else if (i + 1 < argv.length) args.push(`${a}=${argv[++i]}`);
    else throw new ToolUsageError(`Option ${a} requires an argument`);
  }
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false });
  } catch (e) {
    const err = e as Error & { code?: string };
    const name = /'([^' ]+)/.exec(err.message)?.[1] ?? "";
    if (err.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") throw new ToolUsageError(`Option ${name} does not take an argument`);
    throw new ToolUsageError(`${name} is not a recognized option`);
  }
}
