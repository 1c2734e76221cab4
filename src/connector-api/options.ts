import { IllegalArgumentException } from "../errors";

/**
 * Data source options as Spark's CaseInsensitiveMap, made once at the API boundary
 * (`read`/`readStream`/`write`/`writeStream` `.option(…)`): lookups ignore case, a later key in
 * another case replaces the earlier one, and iteration gives lower-case keys — what every source,
 * sink and connector receives. `originalMap` keeps the keys as the user spelled them, for the
 * places Spark passes them on as written (JDBC connection properties).
 */
export class CaseInsensitiveMap extends Map<string, string> {
  private readonly spelled = new Map<string, string>();

  constructor(entries?: Iterable<readonly [string, string]> | Record<string, string>) {
    super();
    if (entries instanceof CaseInsensitiveMap) for (const [k, v] of entries.originalMap) this.set(k, v);
    else if (entries) for (const [k, v] of Symbol.iterator in entries ? (entries as Iterable<readonly [string, string]>) : Object.entries(entries)) this.set(k, v);
  }

  override set(key: string, value: string): this {
    const lower = key.toLowerCase();
    this.spelled?.set(lower, key);
    return super.set(lower, value);
  }
  override get(key: string): string | undefined {
    return super.get(key.toLowerCase());
  }
  override has(key: string): boolean {
    return super.has(key.toLowerCase());
  }
  override delete(key: string): boolean {
    this.spelled.delete(key.toLowerCase());
    return super.delete(key.toLowerCase());
  }
  override clear(): void {
    this.spelled.clear();
    super.clear();
  }

  /** Spark's `originalMap`: each key as last spelled by the user. */
  get originalMap(): Map<string, string> {
    return new Map([...this].map(([k, v]) => [this.spelled.get(k) ?? k, v]));
  }
}

/** Java's Integer.parseInt (`bits` 32) / Long.parseLong (64): optional sign and digits that fit, else undefined. */
export function parseJavaInteger(text: string, bits: 32 | 64 = 32): number | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const n = BigInt(text);
  const max = bits === 32 ? 2n ** 31n - 1n : 2n ** 63n - 1n;
  if (n > max || n < -max - 1n) return undefined;
  return Number(n);
}

/** Scala's String.toBoolean: "true"/"false" in any case, else undefined. */
export function parseScalaBoolean(text: string): boolean | undefined {
  const l = text.toLowerCase();
  return l === "true" ? true : l === "false" ? false : undefined;
}

/** An integer option as Spark reads it with `.toInt` / `.toLong`: Java's NumberFormatException text when it is not one. */
export function javaIntegerOption(text: string, bits: 32 | 64 = 32): number {
  const n = parseJavaInteger(text, bits);
  if (n === undefined) throw new IllegalArgumentException(`For input string: "${text}"`);
  return n;
}

/** A boolean option as Spark reads it with `.toBoolean`: the same text when it is neither true nor false. */
export function scalaBooleanOption(text: string): boolean {
  const b = parseScalaBoolean(text);
  if (b === undefined) throw new IllegalArgumentException(`For input string: "${text}"`);
  return b;
}
