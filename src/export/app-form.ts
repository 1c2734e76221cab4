/**
 * A session as an application: what of the session's inputs an application keeps. At the prompt
 * the learner stops queries, waits with processAllAvailable(), runs the generator in another
 * terminal and looks at tables with sql(); an application starts its queries and runs until it
 * is stopped. The PySpark export (pyspark.ts) and the side-by-side run in Iskra (side-by-side.ts)
 * both drop these session-only statements, so both sides run the same program.
 */
import * as ts from "typescript";

/** Methods of a streaming query that only an interactive session calls at the top level. */
const SESSION_CONTROL = new Set(["stop", "processAllAvailable", "awaitTermination"]);

function unwrap(e: ts.Expression): ts.Expression {
  while (ts.isAwaitExpression(e) || ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  return e;
}

/** Whether an expression's method chain calls `.start()` (its value is a streaming query). */
function startsQuery(e: ts.Expression): boolean {
  e = unwrap(e);
  while (ts.isCallExpression(e) || ts.isPropertyAccessExpression(e)) {
    if (ts.isCallExpression(e)) {
      const callee = unwrap(e.expression);
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === "start") return true;
      e = callee;
    } else e = unwrap(e.expression);
  }
  return false;
}

function isActiveQueries(e: ts.Expression, src: ts.SourceFile): boolean {
  return unwrap(e).getText(src).replace(/\s+/g, "") === "spark.streams.active";
}

/** The kind of a top-level statement an application does not keep, or null when it keeps it. */
export type SessionOnly = "query-control" | "terminal" | "sql" | "echo";

export function sessionOnly(st: ts.Statement, src: ts.SourceFile, queries: Set<string>): SessionOnly | null {
  if (ts.isForOfStatement(st) && isActiveQueries(st.expression, src)) return "query-control";
  if (!ts.isExpressionStatement(st)) return null;
  const e = unwrap(st.expression);
  if (ts.isCallExpression(e)) {
    const callee = unwrap(e.expression);
    if (ts.isIdentifier(callee) && callee.text === "sh") return "terminal";
    if (ts.isIdentifier(callee) && callee.text === "sql") return "sql";
    if (ts.isPropertyAccessExpression(callee) && SESSION_CONTROL.has(callee.name.text) && ts.isIdentifier(unwrap(callee.expression)) && queries.has((unwrap(callee.expression) as ts.Identifier).text))
      return "query-control";
  }
  if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e) || ts.isLiteralExpression(e)) return "echo";
  return null;
}

/** Names bound to streaming queries (`const query = ….start()`) in a source. */
export function queryNames(src: ts.SourceFile, into: Set<string>): void {
  for (const st of src.statements) {
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name) && d.initializer && startsQuery(d.initializer)) into.add(d.name.text);
    } else if (ts.isExpressionStatement(st)) {
      // `query = ….start()`: an assignment, as typed in Python's spelling
      const e = unwrap(st.expression);
      if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(e.left) && startsQuery(e.right)) into.add(e.left.text);
    }
  }
}

/** What the side-by-side substitutes: each side's own socket port and Kafka topic. */
export interface AppInputs {
  /** The port of the socket source (replaces `.option("port", N)`). */
  port?: number;
  /** The Kafka topic (replaces the literal of `.option("subscribe" | "topic", …)`). */
  topic?: string;
}

/**
 * The session's inputs (TypeScript) as the application runs them in Iskra: session-only
 * statements dropped, the socket port and Kafka topic replaced.
 */
export function applicationInputs(inputs: string[], subst: AppInputs = {}): string[] {
  const queries = new Set<string>();
  const out: string[] = [];
  for (const input of inputs) {
    const src = ts.createSourceFile("input.ts", input, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    queryNames(src, queries);
    const kept = src.statements.filter((st) => !sessionOnly(st, src, queries));
    if (kept.length) out.push(kept.map((st) => substitute(st, src, subst)).join("\n"));
  }
  return out;
}

function substitute(st: ts.Statement, src: ts.SourceFile, subst: AppInputs): string {
  const edits: Array<{ start: number; end: number; text: string }> = [];
  const visit = (n: ts.Node): void => {
    const option = optionLiteral(n);
    if (option) {
      if ((option.key === "subscribe" || option.key === "topic") && subst.topic !== undefined && ts.isStringLiteral(option.value))
        edits.push({ start: option.value.getStart(src), end: option.value.getEnd(), text: JSON.stringify(subst.topic) });
      if (option.key === "port" && subst.port !== undefined && ts.isNumericLiteral(option.value)) edits.push({ start: option.value.getStart(src), end: option.value.getEnd(), text: String(subst.port) });
    }
    ts.forEachChild(n, visit);
  };
  visit(st);
  let text = src.text.slice(st.getStart(src), st.getEnd());
  const base = st.getStart(src);
  for (const e of edits.sort((a, b) => b.start - a.start)) text = text.slice(0, e.start - base) + e.text + text.slice(e.end - base);
  return text;
}

/** `.option("key", value)` with a literal key: its key and value node. */
export function optionLiteral(n: ts.Node): { key: string; value: ts.Expression } | null {
  if (!ts.isCallExpression(n) || n.arguments.length !== 2) return null;
  const callee = n.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "option") return null;
  const k = n.arguments[0];
  if (!ts.isStringLiteral(k) && !ts.isNoSubstitutionTemplateLiteral(k)) return null;
  return { key: k.text, value: n.arguments[1] };
}
