/**
 * A small SQL front end for `spark.sql(...)`: SELECT <exprs> FROM <view> [WHERE c] [GROUP BY e, …]
 * [HAVING c] [ORDER BY e [ASC|DESC], …] [LIMIT n]. Enough to query temp views and memory sinks.
 */
import { ParseException } from "../errors";
import { aggregate } from "../analysis/analyzer";
import { Column } from "../expr/column";
import { Expr } from "../expr/expression";
import { parseExpression } from "../expr/sql-parser";
import type { DataFrame } from "./dataframe";
import type { SparkSession } from "./session";

const CLAUSES = ["select", "from", "where", "group by", "having", "order by", "limit"] as const;

/** Splits on commas that are not inside parentheses or quotes. */
export function splitTopLevel(s: string, sep = ","): string[] {
  const out: string[] = [];
  let depth = 0, quote = "", cur = "";
  for (const ch of s) {
    if (quote) { cur += ch; if (ch === quote) quote = ""; continue; }
    if (ch === "'" || ch === '"' || ch === "`") { quote = ch; cur += ch; continue; }
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === sep && depth === 0) { out.push(cur.trim()); cur = ""; continue; }
    cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

function clauses(q: string): Map<string, string> {
  const lower = q.toLowerCase();
  const found: Array<[string, number]> = [];
  for (const c of CLAUSES) {
    const re = new RegExp(`\\b${c.replace(" ", "\\s+")}\\b`, "g");
    let m: RegExpExecArray | null;
    while ((m = re.exec(lower))) {
      // ignore keywords inside quotes/parentheses
      const before = q.slice(0, m.index);
      const depth = (before.match(/\(/g)?.length ?? 0) - (before.match(/\)/g)?.length ?? 0);
      const quotes = (before.match(/'/g)?.length ?? 0) % 2;
      if (depth === 0 && !quotes) { found.push([c, m.index]); break; }
    }
  }
  found.sort((a, b) => a[1] - b[1]);
  const out = new Map<string, string>();
  found.forEach(([c, i], k) => {
    const kwLen = (/^\S+(\s+\S+)?/.exec(q.slice(i))![0].split(/\s+/).length === 2 && c.includes(" ")) ? /^\S+\s+\S+/.exec(q.slice(i))![0].length : c.length;
    const end = k + 1 < found.length ? found[k + 1][1] : q.length;
    out.set(c, q.slice(i + kwLen, end).trim());
  });
  return out;
}

export function runSql(session: SparkSession, query: string): DataFrame {
  const q = query.trim().replace(/;$/, "");
  const c = clauses(q);
  if (!c.has("select")) throw new ParseException(`Syntax error at or near '${q.split(/\s+/)[0]}'.(line 1, pos 0)\n\n== SQL ==\n${q}\n^^^\n`, "PARSE_SYNTAX_ERROR");
  const from = c.get("from");
  let df: DataFrame = from ? session.table(from.replace(/`/g, "")) : session.range(1).select();
  if (c.has("where")) df = df.filter(c.get("where")!);
  const items = splitTopLevel(c.get("select")!).map((s) => parseExpression(s));
  const orders = c.has("order by")
    ? splitTopLevel(c.get("order by")!).map((s) => {
        const m = /^(.*?)\s+(asc|desc)$/i.exec(s);
        const asc = !m || m[2].toLowerCase() === "asc";
        return new Column({ kind: "sortOrder", child: parseExpression(m ? m[1] : s), ascending: asc, nullsFirst: asc });
      })
    : [];
  const base = df;
  if (c.has("group by")) {
    // SELECT list evaluated per group, exactly as the analyzer binds GROUP BY (no implicit key columns).
    const keys: Expr[] = splitTopLevel(c.get("group by")!).map((s) => parseExpression(s));
    df = session.dataFrame(aggregate(df.plan, keys, items, false));
  } else df = df.select(...items.map((e) => new Column(e)));
  if (c.has("having")) df = df.filter(c.get("having")!);
  if (orders.length) {
    try {
      df = df.orderBy(...orders);
    } catch (e) {
      // ORDER BY may name input columns the SELECT list dropped: sort first, then project.
      if (c.has("group by")) throw e;
      df = base.orderBy(...orders).select(...items.map((x) => new Column(x)));
    }
  }
  if (c.has("limit")) df = df.limit(Number(c.get("limit")));
  return df;
}
