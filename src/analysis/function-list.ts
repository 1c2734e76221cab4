/**
 * SHOW FUNCTIONS, DESCRIBE FUNCTION and spark.catalog's function listing: Spark 3.5's list of
 * functions (src/functions/spark-functions.json, captured from PySpark with each one's DESCRIBE
 * FUNCTION EXTENDED rows) narrowed to those Iskra has, with Spark's usage texts.
 */
import { AnalysisException } from "../errors";
import SPARK_FUNCTIONS from "../functions/spark-functions.json";
import { LogicalPlan, newPlanId } from "../plan/logical-plan";
import { STRING, StructFieldClass, StructTypeClass } from "../types/data-types";
import { isKnownFunction } from "./expression-resolver";

/** Spark's operators that are functions too (SHOW FUNCTIONS lists them), all parsed by Iskra. */
const OPERATORS = new Set(["!", "!=", "%", "&", "*", "+", "-", "/", "<", "<=", "<=>", "<>", "=", "==", ">", ">=", "^", "|", "~", "||",
  "and", "or", "not", "in", "like", "rlike", "ilike", "between", "case", "when", "div", "isnull", "isnotnull"]);

const SPARK: ReadonlyArray<{ name: string; describe: string[] }> = SPARK_FUNCTIONS.functions;

/** The functions Iskra has of Spark's, in SHOW FUNCTIONS order. */
export function functionNames(): string[] {
  return SPARK.map((f) => f.name).filter((n) => OPERATORS.has(n) || isKnownFunction(n));
}

/** Spark's SHOW FUNCTIONS LIKE pattern: `*` any characters, `|` alternatives, case-insensitive. */
function likePattern(pattern: string): RegExp {
  const alternatives = pattern.trim().split("|").map((p) => p.trim().replace(/[.+?^${}()[\]\\]/g, "\\$&").replace(/\*/g, ".*"));
  return new RegExp(`^(?:${alternatives.join("|")})$`, "i");
}

function stringRows(column: string, values: string[]): LogicalPlan {
  const schema = new StructTypeClass([new StructFieldClass(column, STRING, false)]);
  return { kind: "LocalRelation", id: newPlanId(), schema, rows: values.map((v) => [v]), streaming: false };
}

export function showFunctions(pattern?: string): LogicalPlan {
  const names = functionNames();
  const re = pattern === undefined ? undefined : likePattern(pattern);
  return stringRows("function", re ? names.filter((n) => re.test(n)) : names);
}

/** DESCRIBE FUNCTION rows: Function, Class, Usage (and Extended Usage when `extended`). */
export function describeFunction(name: string, extended: boolean): LogicalPlan {
  const lower = name.toLowerCase();
  const f = SPARK.find((x) => x.name === lower);
  if (!f || !(OPERATORS.has(lower) || isKnownFunction(lower)))
    throw new AnalysisException(
      `Cannot resolve function \`${name}\` on search path [\`system\`.\`builtin\`, \`system\`.\`session\`, \`spark_catalog\`.\`default\`].`,
      "UNRESOLVED_ROUTINE",
    );
  return stringRows("function_desc", extended ? f.describe : f.describe.filter((r) => !r.startsWith("Extended Usage:")));
}

/** spark.catalog.functionExists. */
export function functionExists(name: string): boolean {
  const lower = name.toLowerCase();
  return SPARK.some((f) => f.name === lower) && (OPERATORS.has(lower) || isKnownFunction(lower));
}

/** spark.catalog.listFunctions(): Spark's Function (name, className, usage as description) of each. */
export function listFunctions(): Array<{ name: string; catalog: null; namespace: null; description: string; className: string; isTemporary: boolean }> {
  const known = new Set(functionNames());
  const row = (rows: string[], prefix: string): string => rows.find((r) => r.startsWith(prefix))?.slice(prefix.length) ?? "";
  return SPARK.filter((f) => known.has(f.name)).map((f) => ({
    name: f.name, catalog: null, namespace: null, description: row(f.describe, "Usage: "), className: row(f.describe, "Class: "), isTemporary: true,
  }));
}
