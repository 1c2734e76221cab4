/**
 * `df.explain()` / `query.explain()`: "== Physical Plan ==" and, extended, the parsed, analysed
 * and optimised logical plans before it, as Spark prints them (without expression ids). Plans
 * are analysed as they are built, so the parsed plan is the analysed one.
 */
import { optimize } from "../execution/optimizer";
import { PhysicalOperator, treeString } from "../execution/physical/operator";
import { planBatch } from "../execution/physical/planner";
import { expandString } from "../execution/physical/expand";
import { LogicalPlan, children } from "../plan/logical-plan";
import type { Resolved } from "../plan/resolved";

const named = (e: Resolved): string => (e.kind === "alias" ? `${e.sql} AS ${e.name}` : e.kind === "gen" ? `${e.sql} AS ${e.names.join(", ")}` : e.sql);

/** A logical node's line (Spark's logical operator names). */
function describe(p: LogicalPlan): string {
  switch (p.kind) {
    case "LocalRelation": return `LocalRelation [${p.schema.names.join(", ")}]`;
    case "DeferredRelation": return `Relation ${p.description} [${p.schema.names.join(", ")}]`;
    case "StreamingRelation": return `StreamingRelation ${p.description}, [${p.schema.names.join(", ")}]`;
    case "Project": return `Project [${p.exprs.map(named).join(", ")}]`;
    case "Filter": return `Filter ${p.condition.sql}`;
    case "Aggregate": return `Aggregate [${p.groupBy.map((g) => g.sql).join(", ")}], [${p.outputs.map(named).join(", ")}]`;
    case "Sort": return `Sort [${p.orders.map((o) => o.sql).join(", ")}], true`;
    case "Limit": return `GlobalLimit ${p.n}`;
    case "Distinct": return p.keys ? `Deduplicate [${p.keys.map((k) => p.schema.fields[k].name).join(", ")}]` : "Distinct";
    case "Union": return "Union false, false";
    case "Join": return `Join ${p.how === "left_semi" ? "LeftSemi" : p.how === "left_anti" ? "LeftAnti" : p.how[0].toUpperCase() + p.how.slice(1)}${joinCondition(p)}`;
    case "Watermark": return `EventTimeWatermark ${p.columnName}, ${p.delayMs} milliseconds`;
    case "Expand": return expandString(p);
    case "SetOperation": return `${p.op === "intersect" ? "Intersect" : "Except"} ${p.all}`;
    case "Offset": return `Offset ${p.n}`;
    case "Summary": return `Summary [${p.statistics.join(", ")}]`;
    case "Sample": return `Sample ${p.lowerBound}, ${p.upperBound}, ${p.withReplacement}, ${p.seed}`;
    case "Window": return `Window [${p.schema.names.slice(p.child.schema.fields.length).join(", ")}], [${p.partitionBy.map((e) => e.sql).join(", ")}], [${p.orderBy.map((e) => e.sql).join(", ")}]`;
  }
}

function joinCondition(p: LogicalPlan & { kind: "Join" }): string {
  const eq = p.leftKeys.map((k, i) => `(${k.sql} = ${p.rightKeys[i].sql})`);
  if (p.condition) eq.push(p.condition.sql);
  return eq.length ? ", " + eq.join(" AND ") : "";
}

/** Spark's tree string of a logical plan. */
function logicalTreeString(root: LogicalPlan): string {
  const out: string[] = [];
  const visit = (p: LogicalPlan, levels: boolean[]): void => {
    const indent = levels.slice(0, -1).map((last) => (last ? "   " : ":  ")).join("");
    out.push(levels.length === 0 ? describe(p) : indent + (levels[levels.length - 1] ? "+- " : ":- ") + describe(p));
    const kids = children(p);
    kids.forEach((c, i) => visit(c, [...levels, i === kids.length - 1]));
  };
  visit(root, []);
  return out.join("\n");
}

/** The explain text of an analysed plan, with the physical plan it runs as (planned as a batch query when not given). */
export function explainPlan(plan: LogicalPlan, extended: boolean, physical?: PhysicalOperator): string {
  const optimized = optimize(plan);
  const phys = "== Physical Plan ==\n" + treeString(physical ?? planBatch(optimized)) + "\n";
  if (!extended) return phys;
  const schema = plan.schema.fields.map((f) => `${f.name}: ${f.dataType.simpleString()}`).join(", ");
  const analyzed = logicalTreeString(plan);
  return `== Parsed Logical Plan ==\n${analyzed}\n\n== Analyzed Logical Plan ==\n${schema}\n${analyzed}\n\n== Optimized Logical Plan ==\n${logicalTreeString(optimized)}\n\n${phys}`;
}
