/**
 * Method chains typed line by line: `const ds1 = spark` ⏎ `.readStream` ⏎ `.format("kafka")` …
 * A line that begins with `.` continues the previous input, which is run again with the line
 * appended (one statement, one history entry). That is safe only when the previous input built a
 * lazy value (a session, reader, writer, DataFrame, grouping or column): running it again starts
 * nothing. After anything else (a started query, an action, an error) the line gets a message.
 */
import type { Lang } from "../../lessons/lesson-format";

/** Does the line start a `.method` continuation (and is not a dot-command such as `.next`)? */
export function startsWithDot(line: string, isCommand: (line: string) => boolean): boolean {
  return /^\s*\.[A-Za-z_$]/.test(line) && !isCommand(line);
}

/** Values whose chains are lazy: building them again has no effect but the new value. */
export function isLazyChainValue(v: unknown, api: Record<string, unknown>): boolean {
  if (v === null || typeof v !== "object") return false;
  for (const name of ["SparkSession", "DataFrame", "DataStreamReader", "DataStreamWriter", "DataFrameReader", "DataFrameWriter", "GroupedData", "Column"]) {
    const cls = api[name];
    if (typeof cls === "function" && v instanceof (cls as new (...a: never[]) => unknown)) return true;
  }
  return false;
}

/** The message for a `.method` line with nothing to continue. */
export function nothingToContinue(line: string, lang: Lang): string {
  const m = line.trim().replace(/\(.*$/, "");
  return lang === "pl"
    ? `Wiersz zaczynający się od \`${m}\` kontynuuje poprzednie polecenie, ale poprzednie nie zbudowało ramki, czytnika ani zapisu (albo się nie udało), więc nie ma czego kontynuować. Wpisz cały łańcuch od początku.`
    : `A line starting with \`${m}\` continues the previous input, but the previous input did not build a DataFrame, reader or writer (or it failed), so there is nothing to continue. Type the whole chain from its start.`;
}
