/**
 * Spark's SaveMode, parsed once: `df.write.mode(…)` turns the user's string into a SaveMode and
 * every writer (JDBC, JSON files, …) receives the parsed value.
 */
import { IllegalArgumentException } from "../errors";

export type SaveMode = "append" | "overwrite" | "ignore" | "errorifexists";

/** DataFrameWriter.mode(str): Spark's names, case-insensitive; unknown → Spark's IllegalArgumentException. */
export function parseSaveMode(mode?: string | null): SaveMode {
  if (mode === undefined || mode === null) return "errorifexists";
  switch (String(mode).toLowerCase()) {
    case "overwrite":
      return "overwrite";
    case "append":
      return "append";
    case "ignore":
      return "ignore";
    case "error":
    case "errorifexists":
    case "default":
      return "errorifexists";
    default:
      throw new IllegalArgumentException(
        `Unknown save mode: ${mode}. Accepted save modes are 'overwrite', 'append', 'ignore', 'error', 'errorifexists', 'default'.`,
      );
  }
}
