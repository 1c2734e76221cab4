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
