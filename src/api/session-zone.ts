/**
 * Spark analyses under the active session's conf (SQLConf.get): a `TIMESTAMP '…'` literal is
 * parsed and named in spark.sql.session.timeZone, as its value is shown. Iskra analyses while a
 * DataFrame or GroupedData method runs (a wrong name fails on the line that made it), so every
 * method of those classes runs in its session's zone — the analysis context's time zone — as
 * actions do; a method that returns a promise keeps the zone across its awaits.
 */
export function runMethodsInSessionZone<T extends object>(cls: { prototype: T }, zoneOf: (self: T) => { inTimeZone<R>(f: () => R): R }): void {
  const proto = cls.prototype as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(proto)) {
    const d = Object.getOwnPropertyDescriptor(proto, name)!;
    if (name === "constructor" || typeof d.value !== "function") continue;
    const method = d.value as (...args: unknown[]) => unknown;
    Object.defineProperty(proto, name, { ...d, value: { [name](this: T, ...args: unknown[]) { return zoneOf(this).inTimeZone(() => method.apply(this, args)); } }[name] });
  }
}
