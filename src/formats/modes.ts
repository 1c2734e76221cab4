/** The `mode` option of the parsing formats (Spark's ParseMode): PERMISSIVE by default; an unknown name is PERMISSIVE too, as Spark's fromString. */
import type { CaseInsensitiveMap } from "../connector-api/options";

export type ParseMode = "PERMISSIVE" | "DROPMALFORMED" | "FAILFAST";

export function parseMode(options: CaseInsensitiveMap): ParseMode {
  const m = (options.get("mode") ?? "PERMISSIVE").toUpperCase();
  return m === "DROPMALFORMED" || m === "FAILFAST" ? m : "PERMISSIVE";
}
