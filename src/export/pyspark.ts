/**
 * Export to PySpark: turns the TypeScript a session ran (the shell's inputs, or a lesson's steps)
 * into a runnable PySpark 3.5 application. The code is parsed with the TypeScript compiler and
 * translated node by node — DataFrame/reader/writer method chains keep their PySpark names,
 * functions become `F.<name>`, types are imported from pyspark.sql.types, `foreachBatch`
 * callbacks become Python `def`s. The shell's coordinates (hostName, jdbcUrl, pgUser,
 * kafkaBootstrap) become command-line arguments with the session's values as defaults; the
 * password is read from an environment variable, never written. Whatever has no translation is
 * kept as a `# TODO` with the original code, and reported in `warnings`.
 */
import * as ts from "typescript";
import { optionLiteral, queryNames, sessionOnly } from "./app-form";
import { WRITE_EXACTLY_ONCE } from "./python-helpers";
import { pyString } from "./python-literals";
import { PARAMETERS } from "./python-signatures";

/** The session's coordinates, written as the defaults of the application's arguments. */
export interface ExportDefaults {
  host: string;
  jdbcUrl: string;
  pgUser: string;
  kafkaBootstrap: string;
  /** Name of the environment variable holding the PostgreSQL password. */
  passwordEnv: string;
  appName: string;
  /**
   * The shell's sql("select …"): "show" reads it through JDBC and shows it (the default);
   * "comment" leaves it as a comment (side-by-side runs compare the tables themselves).
   */
  sqlReads: "show" | "comment";
  /**
   * Statements translated with the application's names in scope but not put into it: the steps
   * a lesson shows failing on purpose (the side-by-side runs them after the queries started).
   */
  probes?: string[];
}

export interface PySparkExport {
  python: string;
  /** What could not be translated (each also a `# TODO` in the code). */
  warnings: string[];
  /** The translations of `probes`, one per probe. */
  probes: string[];
}

export const SPARK_VERSION = "3.5.7";
export const PACKAGES = [`org.apache.spark:spark-sql-kafka-0-10_2.12:${SPARK_VERSION}`, "org.postgresql:postgresql:42.7.4"];

const PG_DRIVER = "org.postgresql.Driver";

const DEFAULTS: ExportDefaults = {
  host: "localhost",
  jdbcUrl: "jdbc:postgresql://localhost:8432/streamoutput",
  pgUser: "postgres",
  kafkaBootstrap: "localhost:9092",
  passwordEnv: "PGPASSWORD",
  appName: "iskra-export",
  sqlReads: "show",
};

/** The shell's preloaded values and what the application calls them. */
const SESSION_VALUES: Record<string, string> = {
  hostName: "args.host",
  jdbcUrl: "args.jdbc_url",
  pgUser: "args.pg_user",
  pgPassword: "pg_password",
  kafkaBootstrap: "args.kafka_bootstrap",
};

const TYPE_NAMES = new Set([
  "StructType", "StructField", "StringType", "IntegerType", "LongType", "DoubleType", "FloatType", "BooleanType",
  "TimestampType", "DateType", "BinaryType", "ShortType", "ByteType", "DecimalType", "ArrayType", "MapType", "NullType",
]);

/** Names the shell preloads from the functions module (anything else lower-case stays a variable). */
const FUNCTION_NAMES = new Set([
  "col", "column", "lit", "expr", "split", "explode", "explode_outer", "posexplode", "from_json", "to_json", "count", "sum",
  "avg", "mean", "min", "max", "approx_count_distinct", "countDistinct", "count_distinct", "window", "current_timestamp",
  "to_timestamp", "date_format", "upper", "lower", "length", "concat", "concat_ws", "when", "coalesce", "struct", "array",
  "first", "last", "collect_list", "collect_set", "round", "abs", "trim", "regexp_replace", "substring", "desc", "asc",
  "sha2", "md5", "hash", "get_json_object", "from_unixtime", "unix_timestamp", "year", "month", "dayofmonth", "hour",
  "minute", "second", "to_date", "date_add", "datediff", "row_number", "rank", "dense_rank", "lag", "lead", "stddev",
  "variance", "size", "element_at", "isnull", "isnan", "nanvl", "greatest", "least", "monotonically_increasing_id", "session_window",
]);

const BINARY: Partial<Record<ts.SyntaxKind, string>> = {
  [ts.SyntaxKind.PlusToken]: "+", [ts.SyntaxKind.MinusToken]: "-", [ts.SyntaxKind.AsteriskToken]: "*",
  [ts.SyntaxKind.SlashToken]: "/", [ts.SyntaxKind.PercentToken]: "%", [ts.SyntaxKind.GreaterThanToken]: ">",
  [ts.SyntaxKind.LessThanToken]: "<", [ts.SyntaxKind.GreaterThanEqualsToken]: ">=", [ts.SyntaxKind.LessThanEqualsToken]: "<=",
  [ts.SyntaxKind.EqualsEqualsEqualsToken]: "==", [ts.SyntaxKind.EqualsEqualsToken]: "==", [ts.SyntaxKind.ExclamationEqualsEqualsToken]: "!=",
  [ts.SyntaxKind.ExclamationEqualsToken]: "!=", [ts.SyntaxKind.AmpersandAmpersandToken]: "and", [ts.SyntaxKind.BarBarToken]: "or",
  [ts.SyntaxKind.AmpersandToken]: "&", [ts.SyntaxKind.BarToken]: "|",
};

class Untranslatable extends Error {}

interface Ctx {
  src: ts.SourceFile;
  functions: Set<string>;
  types: Set<string>;
  usesArgs: Set<string>;
  warnings: string[];
  streaming: boolean;
  /** Names bound to streaming queries: the session's stop()/processAllAvailable() on them are dropped. */
  queries: Set<string>;
  /** Inside a def (0: main's body). */
  depth: number;
  /** Modules the code needs beyond argparse and os (e.g. time). */
  imports: Set<string>;
  /** Module-level helpers the code calls (write_exactly_once). */
  helpers: Set<string>;
  /** Literals that became arguments (the socket port, the Kafka topic): their defaults. */
  argDefaults: { port?: string; topic?: string };
  /** Names the session defined (variables, parameters): anything else unknown is the shell's own. */
  defined: Set<string>;
  sqlReads: ExportDefaults["sqlReads"];
  /** Literals an argument stands for (the session's JDBC URL, its bootstrap servers): written as that argument. */
  literalArgs: Map<string, string>;
}

/** Translates the session's inputs (TypeScript, as run) into a PySpark application. */
export function exportPySpark(inputs: string[], defaults: Partial<ExportDefaults> = {}): PySparkExport {
  const d = { ...DEFAULTS, ...defaults };
  const ctx: Ctx = {
    src: undefined as never, functions: new Set(), types: new Set(), usesArgs: new Set(), warnings: [], streaming: false, queries: new Set(), depth: 0,
    imports: new Set(), helpers: new Set(), argDefaults: {}, defined: new Set(["spark"]), sqlReads: d.sqlReads,
    literalArgs: new Map([[d.jdbcUrl, "args.jdbc_url"], [d.kafkaBootstrap, "args.kafka_bootstrap"]]),
  };
  const translate = (code: string): string[] => {
    const src = ts.createSourceFile("input.ts", code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    ctx.src = src;
    queryNames(src, ctx.queries);
    return src.statements.flatMap((st) => statement(st, ctx));
  };
  const body: string[] = [];
  for (const input of inputs) body.push(...translate(input));
  // An application runs its queries until they are stopped from outside; the session's own
  // stop() calls (and processAllAvailable(), a testing aid) are not part of it.
  if (ctx.streaming) body.push("", "# Runs until the queries are stopped (Ctrl+C; on YARN: yarn application -kill <id>).", "spark.streams.awaitAnyTermination()");
  const warningsBefore = ctx.warnings.length;
  const probes = (d.probes ?? []).map((p) => indent(translate(p)).map((l) => l.slice(4)).join("\n"));
  ctx.warnings.splice(warningsBefore);
  const lines: string[] = [];
  lines.push(
    "#!/usr/bin/env python3",
    `"""${d.appName}: exported from an Iskra session as a PySpark ${SPARK_VERSION.replace(/\.\d+$/, "")} application.`,
    "",
    "Run it with spark-submit (the PostgreSQL password comes from the environment, never from this file):",
    "",
    `    ${d.passwordEnv}=... spark-submit --packages ${PACKAGES.join(",")} \\`,
    `        ${d.appName}.py --master local[2]`,
    "",
    "On a cluster (e.g. Dataproc, YARN): add --master yarn to spark-submit and pass --host/--jdbc-url/--kafka-bootstrap.",
    `With Spark Connect: ${d.appName}.py --remote sc://host:15002`,
    '"""',
    "import argparse",
    "import os",
    ...[...ctx.imports].sort().map((m) => `import ${m}`),
    "",
    "from pyspark.sql import SparkSession",
  );
  if (ctx.functions.size) lines.push("from pyspark.sql import functions as F");
  if (ctx.types.size) lines.push(`from pyspark.sql.types import ${[...ctx.types].sort().join(", ")}`);
  for (const h of ctx.helpers) lines.push("", "", h);
  lines.push(
    "",
    "",
    "def parse_args():",
    '    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])',
    '    parser.add_argument("--master", default=None, help="e.g. local[2] or yarn (default: spark-submit\'s)")',
    '    parser.add_argument("--remote", default=None, help="Spark Connect URL, e.g. sc://host:15002")',
    `    parser.add_argument("--host", default=${pyString(d.host)}, help="host of the socket source")`,
    `    parser.add_argument("--jdbc-url", default=${pyString(d.jdbcUrl)})`,
    `    parser.add_argument("--pg-user", default=${pyString(d.pgUser)})`,
    `    parser.add_argument("--password-env", default=${pyString(d.passwordEnv)}, help="environment variable holding the PostgreSQL password")`,
    `    parser.add_argument("--kafka-bootstrap", default=${pyString(d.kafkaBootstrap)})`,
  );
  if (ctx.argDefaults.topic !== undefined) lines.push(`    parser.add_argument("--topic", default=${ctx.argDefaults.topic}, help="the Kafka topic")`);
  if (ctx.argDefaults.port !== undefined) lines.push(`    parser.add_argument("--port", type=int, default=${ctx.argDefaults.port}, help="port of the socket source")`);
  lines.push(
    "    return parser.parse_args()",
    "",
    "",
    "def main():",
    "    args = parse_args()",
    "    builder = SparkSession.builder.appName(" + pyString(d.appName) + ")",
    "    if args.remote:",
    "        builder = builder.remote(args.remote)",
    "    elif args.master:",
    "        builder = builder.master(args.master)",
    "    spark = builder.getOrCreate()",
  );
  if (ctx.usesArgs.has("pg_password")) lines.push('    pg_password = os.environ.get(args.password_env, "")');
  lines.push("");
  for (const l of indent(body)) lines.push(l);
  lines.push("", "", 'if __name__ == "__main__":', "    main()", "");
  return { python: lines.join("\n").replace(/\n{3,}(?=    \S)/g, "\n\n").replace(/\n{4,}/g, "\n\n\n"), warnings: ctx.warnings, probes };
}

function original(node: ts.Node, ctx: Ctx): string {
  return node.getText(ctx.src);
}

function todo(node: ts.Node, ctx: Ctx, why: string): string[] {
  const text = original(node, ctx);
  ctx.warnings.push(`${why}: ${text.split("\n")[0]}${text.includes("\n") ? " …" : ""}`);
  return [`# TODO (${why}) — the Iskra session ran:`, ...text.split("\n").map((l) => `#   ${l}`)];
}

function statement(st: ts.Statement, ctx: Ctx): string[] {
  try {
    return translateStatement(st, ctx);
  } catch (e) {
    if (e instanceof Untranslatable) return todo(st, ctx, e.message);
    throw e;
  }
}

function translateStatement(st: ts.Statement, ctx: Ctx): string[] {
  if (ts.isImportDeclaration(st) || ts.isEmptyStatement(st)) return [];
  if (ts.isVariableStatement(st)) {
    const out: string[] = [];
    for (const decl of st.declarationList.declarations) {
      if (!ts.isIdentifier(decl.name)) throw new Untranslatable("destructuring");
      const name = decl.name.text;
      ctx.defined.add(name);
      const init = decl.initializer && unwrap(decl.initializer);
      if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) out.push(...functionDef(name, init, ctx));
      else out.push(`${name} = ${init ? expression(init, ctx) : "None"}`);
    }
    return out;
  }
  if (ts.isFunctionDeclaration(st) && st.name) ctx.defined.add(st.name.text);
  if (ts.isFunctionDeclaration(st) && st.name) return functionDef(st.name.text, st, ctx);
  const only = ctx.depth === 0 ? sessionOnly(st, ctx.src, ctx.queries) : null;
  if (only === "query-control") return [];
  if (ts.isExpressionStatement(st)) {
    const e = unwrap(st.expression);
    // `words = …` typed at the prompt (Python's spelling, valid TypeScript too) binds a name.
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(e.left)) {
      ctx.defined.add(e.left.text);
      const init = unwrap(e.right);
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return functionDef(e.left.text, init, ctx);
      return [`${e.left.text} = ${expression(init, ctx)}`];
    }
    if (ts.isCallExpression(e) && ts.isIdentifier(e.expression)) {
      const callee = e.expression.text;
      if (callee === "sh") throw new Untranslatable("a command for another terminal");
      if (callee === "sql") return sqlCall(e, ctx);
    }
    // A bare value at the prompt only echoes it; an application has nothing to print.
    if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e) || ts.isLiteralExpression(e) || ts.isBinaryExpression(e)) return [];
    return [expression(e, ctx)];
  }
  if (ts.isForOfStatement(st)) {
    const init = st.initializer;
    if (!ts.isVariableDeclarationList(init) || !ts.isIdentifier(init.declarations[0].name)) throw new Untranslatable("a loop");
    const v = init.declarations[0].name.text;
    ctx.defined.add(v);
    const iter = expression(st.expression, ctx);
    return [`for ${v} in ${iter}:`, ...indent(block(st.statement, ctx))];
  }
  if (ts.isIfStatement(st)) {
    const out = [`if ${expression(st.expression, ctx)}:`, ...indent(block(st.thenStatement, ctx))];
    if (st.elseStatement) out.push("else:", ...indent(block(st.elseStatement, ctx)));
    return out;
  }
  if (ts.isReturnStatement(st)) return [st.expression ? `return ${expression(st.expression, ctx)}` : "return"];
  if (ts.isBlock(st)) return block(st, ctx);
  throw new Untranslatable("a JavaScript statement with no PySpark counterpart");
}

function block(st: ts.Statement, ctx: Ctx): string[] {
  const stmts = ts.isBlock(st) ? [...st.statements] : [st];
  const out = stmts.flatMap((s) => statement(s, ctx));
  return out.length ? out : ["pass"];
}

/** One level deeper (the lines may hold several lines: Python literals here never span lines). */
function indent(lines: string[]): string[] {
  return lines.flatMap((l) => l.split("\n")).map((l) => (l ? "    " + l : l));
}

/** A callback (foreachBatch's) as a Python def; a body that does not translate becomes a TODO, never wrong code. */
function functionDef(name: string, fn: ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration, ctx: Ctx): string[] {
  const params = fn.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : "_"));
  for (const p of params) ctx.defined.add(p);
  const head = `def ${name}(${params.join(", ")}):`;
  if (!fn.body) return [head, "pass"];
  if (!ts.isBlock(fn.body)) return [head, `    return ${expression(fn.body, ctx)}`, ""];
  const before = ctx.warnings.length;
  ctx.depth++;
  let lines: string[];
  try {
    lines = block(fn.body, ctx);
  } finally {
    ctx.depth--;
  }
  if (ctx.warnings.length > before) {
    ctx.warnings.splice(before);
    return ["", ...todo(fn, ctx, `the body of ${name} is JavaScript that does not translate`), head, `    raise NotImplementedError(${pyString(`${name}: translate the TODO above`)})`, ""];
  }
  return ["", head, ...indent(lines), ""];
}

/** The shell's sql("…") helper: a query is read through JDBC and shown; other statements are left to psql. */
function sqlCall(call: ts.CallExpression, ctx: Ctx): string[] {
  const arg = call.arguments[0];
  if (!arg || !(ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) throw new Untranslatable("sql() of a computed string");
  const q = arg.text.trim();
  if (!/^(select|with)\b/i.test(q)) throw new Untranslatable("a PostgreSQL statement: run it with psql");
  // After a streaming query started, what a read shows depends on when it runs: the session looked.
  if (ctx.sqlReads === "comment" || ctx.streaming) return [`# The session looked at PostgreSQL: ${q.replace(/\s+/g, " ")}`];
  ctx.usesArgs.add("pg_password");
  return [
    `(spark.read.format("jdbc")`,
    `    .option("driver", ${pyString(PG_DRIVER)})`,
    `    .option("url", args.jdbc_url)`,
    `    .option("query", ${pyString(q)})`,
    `    .option("user", args.pg_user)`,
    `    .option("password", pg_password)`,
    `    .load()`,
    `    .show())`,
  ];
}

function unwrap(e: ts.Expression): ts.Expression {
  for (;;) {
    if (ts.isAwaitExpression(e) || ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
    else return e;
  }
}

/** Method chains longer than this are written one call per line, in parentheses. */
const CHAIN_BREAK = 3;

function expression(node: ts.Expression, ctx: Ctx): string {
  const e = unwrap(node);
  if (ts.isCallExpression(e) || ts.isPropertyAccessExpression(e)) {
    const links = chain(e, ctx);
    if (links.length > CHAIN_BREAK) return `(${links[0]}\n${links.slice(1).map((l) => `    ${l.replace(/\n/g, "\n    ")}`).join("\n")})`;
    return links.join("");
  }
  if (ts.isIdentifier(e)) return identifier(e.text, ctx);
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) {
    // --jdbc-url / --kafka-bootstrap replace the literal whose value is their default.
    const arg = ctx.literalArgs.get(e.text);
    if (arg) {
      ctx.usesArgs.add(arg.replace(/^args\./, ""));
      return arg;
    }
    return pyString(e.text);
  }
  if (ts.isTemplateExpression(e)) {
    let s = e.head.text.replace(/[{}]/g, "$&$&");
    for (const span of e.templateSpans) s += `{${expression(span.expression, ctx)}}` + span.literal.text.replace(/[{}]/g, "$&$&");
    return "f" + pyString(s);
  }
  if (ts.isNumericLiteral(e)) return e.text;
  if (e.kind === ts.SyntaxKind.TrueKeyword) return "True";
  if (e.kind === ts.SyntaxKind.FalseKeyword) return "False";
  if (e.kind === ts.SyntaxKind.NullKeyword || e.kind === ts.SyntaxKind.UndefinedKeyword) return "None";
  if (ts.isArrayLiteralExpression(e)) {
    const items = e.elements.map((x) => expression(x, ctx));
    return items.join(", ").length > 80 ? `[\n${items.map((i) => `    ${i.replace(/\n/g, "\n    ")},`).join("\n")}\n]` : `[${items.join(", ")}]`;
  }
  if (ts.isObjectLiteralExpression(e)) {
    const items = e.properties.map((p) => {
      if (!ts.isPropertyAssignment(p)) throw new Untranslatable("an object literal");
      const key = ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) ? p.name.text : original(p.name, ctx);
      return `${pyString(key)}: ${expression(p.initializer, ctx)}`;
    });
    return `{${items.join(", ")}}`;
  }
  if (ts.isBinaryExpression(e)) {
    const op = BINARY[e.operatorToken.kind];
    if (!op) throw new Untranslatable("an operator");
    const left = expression(e.left, ctx);
    const right = expression(e.right, ctx);
    // JavaScript's "text" + 42 converts the number; Python's needs str().
    if (op === "+" && isStringLiteral(e.left) !== isStringLiteral(e.right)) return isStringLiteral(e.left) ? `${left} + str(${right})` : `str(${left}) + ${right}`;
    return `${left} ${op} ${right}`;
  }
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken) return `-${expression(e.operand, ctx)}`;
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) return `not ${expression(e.operand, ctx)}`;
  throw new Untranslatable("a JavaScript expression");
}

function isStringLiteral(e: ts.Expression): boolean {
  e = unwrap(e);
  return ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) || ts.isTemplateExpression(e);
}

function identifier(name: string, ctx: Ctx): string {
  if (name === "undefined") return "None";
  if (name in SESSION_VALUES) {
    const v = SESSION_VALUES[name];
    ctx.usesArgs.add(v.replace(/^args\./, ""));
    return v;
  }
  if (TYPE_NAMES.has(name)) {
    ctx.types.add(name);
    return name;
  }
  if (FUNCTION_NAMES.has(name)) {
    ctx.functions.add(name);
    return `F.${name}`;
  }
  if (!ctx.defined.has(name)) throw new Untranslatable(`${name} is the shell's, not PySpark's`);
  return name;
}

/** A method chain as its links: the receiver, then `.name` / `.name(args)` pieces. */
function chain(e: ts.Expression, ctx: Ctx): string[] {
  e = unwrap(e);
  if (ts.isCallExpression(e)) {
    const callee = unwrap(e.expression);
    if (ts.isIdentifier(callee) && callee.text === "secret") {
      ctx.usesArgs.add("pg_password");
      return ["pg_password"];
    }
    if (ts.isIdentifier(callee) && callee.text === "sql") throw new Untranslatable("sql() inside an expression");
    const builtin = pythonBuiltin(e, ctx);
    if (builtin) return [builtin];
    if (callee.getText(ctx.src) === "Date.now" && e.arguments.length === 0) {
      ctx.imports.add("time");
      return ["int(time.time() * 1000)"];
    }
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === "jdbc" && isExactlyOnce(callee.expression)) return [exactlyOnceWrite(e, unwrap(callee.expression) as ts.CallExpression, ctx)];
    const option = optionLiteral(e);
    if (option && ts.isPropertyAccessExpression(callee)) {
      const arg = optionArgument(option.key, option.value, ctx);
      if (arg) return [...chain(callee.expression, ctx), `.option(${pyString(option.key)}, ${arg})`];
    }
    const args = withKeywords(callee, e.arguments.map((a) => expression(a, ctx)));
    const argText = args.length === 1 && args[0].startsWith("[") ? `(${args[0]})` : args.join(", ").length > 70 || args.some((a) => a.includes("\n")) ? `(\n${args.map((a) => `    ${a.replace(/\n/g, "\n    ")},`).join("\n")}\n)` : `(${args.join(", ")})`;
    if (ts.isPropertyAccessExpression(callee)) {
      const name = callee.name.text;
      if (name === "start") ctx.streaming = true;
      const links = chain(callee.expression, ctx);
      // spark-submit --packages puts the PostgreSQL driver on the classpath, but JDBC's
      // DriverManager only finds it when named ("No suitable driver" otherwise).
      if (name === "format" && args[0] === '"jdbc"') return [...links, `.${name}${argText}`, `.option("driver", ${pyString(PG_DRIVER)})`];
      const last = args.length - 1;
      if (name === "jdbc" && last >= 2 && args[last].endsWith("}")) {
        const props = args[last].slice(0, -1) + `, "driver": ${pyString(PG_DRIVER)}}`;
        return [...links, `.jdbc(${[...args.slice(0, last), props].join(", ")})`];
      }
      return [...links, `.${name}${argText}`];
    }
    if (ts.isIdentifier(callee)) return [identifier(callee.text, ctx) + argText];
    throw new Untranslatable("a call");
  }
  if (ts.isPropertyAccessExpression(e)) {
    const links = chain(e.expression, ctx);
    return [...links, `.${e.name.text}`];
  }
  return [expression(e, ctx)];
}

/**
 * The shell's Python builtins that Python input was translated to, back in Python: `print(a, b)`,
 * `print.kw({ sep: "-" }, a)` → `print(a, sep="-")`, `tuple([a, b])` → `(a, b)`, `str(x)`,
 * `getitem(df, "k")` → `df["k"]`.
 */
function pythonBuiltin(e: ts.CallExpression, ctx: Ctx): string | undefined {
  const callee = unwrap(e.expression);
  const args = () => e.arguments.map((a) => expression(a, ctx));
  if (ts.isIdentifier(callee)) {
    if (callee.text === "print" || callee.text === "str") return `${callee.text}(${args().join(", ")})`;
    if (callee.text === "tuple" && e.arguments.length === 1 && ts.isArrayLiteralExpression(unwrap(e.arguments[0]))) {
      const items = (unwrap(e.arguments[0]) as ts.ArrayLiteralExpression).elements.map((x) => expression(x, ctx));
      return items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
    }
    if (callee.text === "getitem" && e.arguments.length === 2) return `${expression(e.arguments[0], ctx)}[${expression(e.arguments[1], ctx)}]`;
  }
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === "print" && callee.name.text === "kw") {
    const [opts, ...values] = e.arguments;
    const o = unwrap(opts);
    if (!o || !ts.isObjectLiteralExpression(o)) throw new Untranslatable("print.kw without its options");
    const kws = o.properties.map((p) => {
      if (!ts.isPropertyAssignment(p) || !ts.isIdentifier(p.name)) throw new Untranslatable("print.kw's options");
      return `${p.name.text}=${expression(p.initializer, ctx)}`;
    });
    return `print(${[...values.map((v) => expression(v, ctx)), ...kws].join(", ")})`;
  }
  return undefined;
}

/**
 * A method call whose positional arguments skip some (`df.show(undefined, false)`, the translation
 * of `show(truncate=False)`): PySpark's keyword arguments from the first skipped one on (python-signatures.ts).
 */
function withKeywords(callee: ts.Expression, args: string[]): string[] {
  const skipped = args.indexOf("None");
  if (skipped < 0 || !ts.isPropertyAccessExpression(callee)) return args;
  const params = PARAMETERS[callee.name.text];
  if (!params || params.length < args.length) return args;
  const out = args.slice(0, skipped);
  for (let i = skipped; i < args.length; i++) if (args[i] !== "None") out.push(`${params[i]}=${args[i]}`);
  return out;
}

/**
 * The socket source's port and the Kafka topic become arguments (--port, --topic) with the
 * session's literal as default: the first literal seen; a different one later stays literal.
 */
function optionArgument(key: string, value: ts.Expression, ctx: Ctx): string | null {
  if (key === "port" && ts.isNumericLiteral(value)) {
    ctx.argDefaults.port ??= value.text;
    return ctx.argDefaults.port === value.text ? "args.port" : null;
  }
  if ((key === "subscribe" || key === "topic") && ts.isStringLiteral(value)) {
    const lit = pyString(value.text);
    ctx.argDefaults.topic ??= lit;
    return ctx.argDefaults.topic === lit ? "args.topic" : null;
  }
  return null;
}

function isExactlyOnce(e: ts.Expression): boolean {
  e = unwrap(e);
  return ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === "exactlyOnce";
}

/**
 * `exactlyOnce(batchDF, batchId[, { queryId, ledgerTable }]).jdbc(url, table, "append", props)`:
 * the module's write_exactly_once helper (python-helpers.ts), which does what Iskra's does.
 */
function exactlyOnceWrite(jdbc: ts.CallExpression, once: ts.CallExpression, ctx: Ctx): string {
  const [df, batchId, opts] = once.arguments;
  const [url, table, mode, props] = jdbc.arguments;
  if (!df || !batchId || !url || !table) throw new Untranslatable("exactlyOnce without its batch DataFrame, batch id, URL and table");
  if (mode && !(ts.isStringLiteral(mode) && mode.text === "append")) throw new Untranslatable("exactlyOnce with a mode other than append");
  const propsText = props ? expression(props, ctx) : "{}";
  const withDriver = propsText === "{}" ? `{"driver": ${pyString(PG_DRIVER)}}` : propsText.replace(/\}$/, `, "driver": ${pyString(PG_DRIVER)}}`);
  const args = [expression(df, ctx), expression(batchId, ctx), expression(url, ctx), expression(table, ctx), withDriver];
  if (opts) {
    if (!ts.isObjectLiteralExpression(opts)) throw new Untranslatable("exactlyOnce options that are not an object literal");
    for (const p of opts.properties) {
      if (!ts.isPropertyAssignment(p) || !ts.isIdentifier(p.name)) throw new Untranslatable("exactlyOnce options");
      const kw = { queryId: "query_id", ledgerTable: "ledger_table" }[p.name.text];
      if (!kw) throw new Untranslatable(`the exactlyOnce option ${p.name.text}`);
      args.push(`${kw}=${expression(p.initializer, ctx)}`);
    }
  }
  ctx.helpers.add(WRITE_EXACTLY_ONCE);
  return `write_exactly_once(${args.join(", ")})`;
}
