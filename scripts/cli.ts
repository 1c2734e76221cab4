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
    process.stderr.write(`${name ? name + ": " : ""}${/^[A-Z]/.test(flag) ? flag : "--" + flag} must be an integer ≥ ${min}, got '${value}'\n\n${usage}\n`);
    process.exit(2);
  }
  return Number(value);
}

/**
 * `--opt value` → `--opt=value` for the string options, so that a value starting with a dash
 * (`--time -1`, as Kafka's tools take it) is not refused by parseArgs as ambiguous.
 */
export function joinOptionValues(argv: readonly string[], options: Options): string[] {
  const takesValue = new Set<string>();
  for (const [name, o] of Object.entries(options)) {
    if (o.type !== "string") continue;
    takesValue.add(`--${name}`);
    if (o.short) takesValue.add(`-${o.short}`);
  }
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") { out.push(...argv.slice(i)); break; }
    if (takesValue.has(a) && i + 1 < argv.length) out.push(a.startsWith("--") ? `${a}=${argv[++i]}` : a + argv[++i]);
    else out.push(a);
  }
  return out;
}
