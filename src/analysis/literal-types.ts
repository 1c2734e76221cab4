/**
 * Literal and type helpers of the analyzer: Spark's toSQLId and SQL origins (`; line 1 pos N`),
 * UNRESOLVED_COLUMN with its suggestions, a literal's SQL text, from_json's schema argument, and
 * the type checks of operators and casts with Spark's DATATYPE_MISMATCH texts.
 */
import { AnalysisException, closest } from "../errors";
import { Resolved } from "../plan/resolved";
import { ArrayTypeClass, BOOLEAN, DOUBLE, DataType, DecimalTypeClass, INTEGER, LONG, MapTypeClass, NULL, STRING, StructTypeClass, TIMESTAMP, formatDecimal } from "../types/data-types";
import { parseDataType, parseSchema, schemaUsesCharVarchar } from "../types/ddl";
import { formatDouble } from "../values/values";
import { formatDate, formatTimestamp, parseDate, parseTimestamp } from "../values/timestamps";
import { castCanFail, implicitCast } from "../functions/typing";
import { formatInterval, isInterval } from "../types/interval-types";
import { Scope } from "./scope";

type R = Resolved;

/** Spark's toSQLId: every part of a name in backticks (`hous`.`x`). */
export function toSQLId(parts: string | string[]): string {
  return (typeof parts === "string" ? [parts] : parts).map((p) => "`" + p.replace(/`/g, "``") + "`").join(".");
}

/** Where an expression came from in SQL text (expr(), selectExpr(), filter("…")): `; line 1 pos N`. */
export const origin = (pos?: number): string => (pos === undefined ? "" : `; line 1 pos ${pos}`);
export const withOrigin = (e: AnalysisException, pos?: number): AnalysisException => { e.message += origin(pos); return e; };
/**
 * A type or argument-count error of an operator or a call written in SQL text names where it was
 * written, as Spark's origin does (`; line 1 pos 7`); once, and not for errors a typer marks noOrigin.
 */
export function nameSqlOrigin(e: unknown, pos: number | undefined): void {
  if (e instanceof AnalysisException && pos !== undefined && !(e as { noOrigin?: boolean }).noOrigin && /^\[(DATATYPE_MISMATCH|WRONG_NUM_ARGS)/.test(e.message) && !/; line \d+ pos \d+$/.test(e.message))
    e.message += origin(pos);
}

/**
 * UNRESOLVED_COLUMN as the analyzer raises it: up to five input columns, closest first, and the
 * position in the SQL text when the name came from one.
 */
export function unresolvedColumn(scope: Scope, parts: string[], pos?: number): AnalysisException {
  // Candidates are compared with as many trailing parts as the name has (Spark's
  // orderSuggestedIdentifiersBySimilarity), and shown qualified.
  const qualified = (i: number): boolean => parts.length > 1 && scope.fields[i].qualifier !== undefined;
  const candidates = scope.fields.map((f, i) => ({ text: (qualified(i) ? [f.qualifier!, f.name] : [f.name]).join("."), shown: qualified(i) ? scope.sqlName(i) : toSQLId(f.name) }));
  const order = closest(parts.join("."), candidates.map((c) => c.text), 5);
  const used = new Set<number>();
  const suggestions = order.map((t) => { const i = candidates.findIndex((c, j) => c.text === t && !used.has(j)); used.add(i); return candidates[i].shown; });
  if (!suggestions.length)
    return new AnalysisException(`A column or function parameter with name ${toSQLId(parts)} cannot be resolved. ${origin(pos)};`, "UNRESOLVED_COLUMN.WITHOUT_SUGGESTION");
  return new AnalysisException(
    `A column or function parameter with name ${toSQLId(parts)} cannot be resolved. Did you mean one of the following? [${suggestions.join(", ")}].${origin(pos)};`,
    "UNRESOLVED_COLUMN.WITH_SUGGESTION",
  );
}

export function literalSql(v: unknown, t: DataType): string {
  if (v === null) return "NULL";
  if (t === DOUBLE && typeof v === "number") return formatDouble(v);
  if (t instanceof DecimalTypeClass && typeof v === "number") return formatDecimal(v, t);
  if (t === TIMESTAMP) return new Date(Number(v) / 1000).toISOString().replace("T", " ").replace("Z", "");
  if (isInterval(t) && typeof v === "number") return formatInterval(v, t);
  if (v instanceof Uint8Array) return `X'${Buffer.from(v).toString("hex").toUpperCase()}'`;
  if (Array.isArray(v)) return `array(${v.map((x) => literalSql(x, STRING)).join(", ")})`;
  return String(v);
}

/** A typed literal's SQL as Spark's Literal.sql prints it (`TIMESTAMP '1970-01-01 00:00:01'`: the value normalised). */
export function typedLiteralSql(child: R, to: DataType): string | undefined {
  if (child.kind !== "lit" || typeof child.value !== "string") return undefined;
  if (to === TIMESTAMP) {
    const us = parseTimestamp(child.value);
    return us === null ? undefined : `TIMESTAMP '${formatTimestamp(us)}'`;
  }
  const days = parseDate(child.value);
  return days === null ? undefined : `DATE '${formatDate(days)}'`;
}

/** from_json's DDL schema string, with Spark's errors for a bad one. */
export function fromJsonSchema(text: string): DataType {
  let schema: DataType;
  try {
    // A table schema ("a INT, b STRING") or, as Spark's DataType.fromDDL, one type ("MAP<STRING, INT>").
    try { schema = parseSchema(text); } catch (e) { try { schema = parseDataType(text); } catch { throw e; } }
  } catch (e) {
    throw new AnalysisException(
      `The input schema "${text}" is not a valid schema string. Cannot parse the schema:\n${(e as Error).message}`,
      "INVALID_SCHEMA.PARSE_ERROR",
    );
  }
  let charVarchar = false;
  try { charVarchar = schemaUsesCharVarchar(text); } catch { /* a single type, not a table schema */ }
  if (charVarchar)
    throw new AnalysisException(
      `The char/varchar type can't be used in the table schema. If you want Spark treat them as string type as same as Spark 3.0 and earlier, please set "spark.sql.legacy.charVarcharAsString" to "true".`,
      "UNSUPPORTED_CHAR_OR_VARCHAR_AS_STRING",
    );
  return schema;
}

export function isIntegralLike(t: DataType): boolean {
  return t === INTEGER || t === LONG || t.typeName === "short" || t.typeName === "byte";
}

export function arithOp(op: string): string {
  return { "+": "add", "-": "subtract", "*": "multiply", "/": "divide", "%": "remainder" }[op as "+"];
}

export function binaryMismatch(sql: string, l: R, r: R): AnalysisException {
  if (!l.dataType.equals(r.dataType))
    return new AnalysisException(
      `Cannot resolve "${sql}" due to data type mismatch: the left and right operands of the binary operator have incompatible types ("${l.dataType.sql()}" and "${r.dataType.sql()}").`,
      "DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES",
    );
  return new AnalysisException(
    `Cannot resolve "${sql}" due to data type mismatch: the binary operator requires the input type ("NUMERIC" or "INTERVAL DAY TO SECOND" or "INTERVAL YEAR TO MONTH" or "INTERVAL"), not "${l.dataType.sql()}".`,
    "DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE",
  );
}

export function requireBoolean(r: R, sql: string): R {
  if (r.dataType === BOOLEAN) return r;
  if (r.dataType === NULL) return implicitCast(r, BOOLEAN);
  if (r.dataType === STRING) return implicitCast(r, BOOLEAN);
  throw new AnalysisException(
    `Cannot resolve "${sql}" due to data type mismatch: the binary operator requires the input type "BOOLEAN", not "${r.dataType.sql()}".`,
    "DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE",
  );
}

export function checkCast(r: R, to: DataType): void {
  const from = r.dataType;
  const bad =
    (from instanceof StructTypeClass && !(to instanceof StructTypeClass) && to !== STRING) ||
    (from instanceof ArrayTypeClass && !(to instanceof ArrayTypeClass) && to !== STRING) ||
    ((to instanceof StructTypeClass || to instanceof ArrayTypeClass) && !(from instanceof StructTypeClass || from instanceof ArrayTypeClass) && from !== NULL) ||
    (from instanceof MapTypeClass && !(to instanceof MapTypeClass) && to !== STRING) ||
    (to instanceof MapTypeClass && !(from instanceof MapTypeClass) && from !== NULL) ||
    // A map key may not become NULL (Spark's canCast: the key cast must not force nullability).
    (from instanceof MapTypeClass && to instanceof MapTypeClass && castCanFail(from.keyType, to.keyType));
  if (bad)
    throw new AnalysisException(
      `Cannot resolve "${to instanceof ArrayTypeClass || to instanceof MapTypeClass || to instanceof StructTypeClass ? r.sql : `CAST(${r.sql} AS ${to.sql()})`}" due to data type mismatch: cannot cast "${from.sql()}" to "${to.sql()}".`,
      "DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION",
    );
}
