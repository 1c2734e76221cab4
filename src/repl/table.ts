/** The shell's tables (`sql(…)` results, `.queries`): a box with a rule under the header and none between rows, as psql draws them. */
export function ruledTable(head: string[], rows: string[][], opts: { colors: boolean; aligns?: Array<"left" | "right"> }): string {
  const Table = require("cli-table3") as typeof import("cli-table3");
  const t = new Table({
    head,
    style: { head: opts.colors ? ["cyan"] : [], border: opts.colors ? ["grey"] : [] },
    ...(opts.aligns ? { colAligns: opts.aligns } : {}),
  });
  for (const r of rows) t.push(r);
  // cli-table3 rules every row; keep only the first rule (under the header).
  let rules = 0;
  return t
    .toString()
    .split("\n")
    .filter((line) => !/^(\x1b\[[0-9;]*m)*├/.test(line) || rules++ === 0)
    .join("\n");
}
