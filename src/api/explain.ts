/** A readable plan tree for `df.explain()`, in the spirit of Spark's "== Physical Plan ==". */
import { LogicalPlan, children } from "../plan/logical-plan";

function describe(p: LogicalPlan): string {
  switch (p.kind) {
    case "LocalRelation": return `LocalTableScan [${p.schema.names.join(", ")}]`;
    case "DeferredRelation": return `Scan ${p.description} [${p.schema.names.join(", ")}]`;
    case "StreamingRelation": return `StreamingRelation ${p.description}, [${p.schema.names.join(", ")}]`;
    case "Project": return `Project [${p.exprs.map((e) => (e.kind === "alias" ? `${e.sql} AS ${e.name}` : e.kind === "gen" ? `${e.sql} AS ${e.names.join(", ")}` : e.sql)).join(", ")}]`;
    case "Filter": return `Filter ${p.condition.sql}`;
    case "Aggregate": return `HashAggregate(keys=[${p.groupBy.map((g) => g.sql).join(", ")}], functions=[${p.calls.map((c) => c.sql).join(", ")}])`;
    case "Sort": return `Sort [${p.orders.map((o) => o.sql).join(", ")}]`;
    case "Limit": return `CollectLimit ${p.n}`;
    case "Distinct": return p.keys ? `Deduplicate [${p.keys.map((k) => p.schema.fields[k].name).join(", ")}]` : `HashAggregate(keys=[${p.schema.names.join(", ")}], functions=[])`;
    case "Union": return "Union";
    case "Join": return `HashJoin ${p.how.toUpperCase()}, [${p.leftKeys.map((k) => k.sql).join(", ")}], [${p.rightKeys.map((k) => k.sql).join(", ")}]${p.condition ? `, ${p.condition.sql}` : ""}`;
    case "Watermark": return `EventTimeWatermark ${p.columnName}, ${p.delayMs} milliseconds`;
    case "Window": return `Window [${p.schema.names.slice(p.child.schema.fields.length).join(", ")}], [${p.partitionBy.map((e) => e.sql).join(", ")}], [${p.orderBy.map((e) => e.sql).join(", ")}]`;
  }
}

function tree(p: LogicalPlan, prefix: string, isRoot: boolean, out: string[]): void {
  out.push((isRoot ? "" : prefix + "+- ") + describe(p));
  const kids = children(p);
  kids.forEach((c, i) => tree(c, isRoot ? "" : prefix + (i === kids.length - 1 ? "   " : ":  "), false, out));
}

export function explainPlan(plan: LogicalPlan, extended: boolean): string {
  const lines: string[] = [];
  tree(plan, "", true, lines);
  const physical = "== Physical Plan ==\n" + lines.map((l, i) => (i === 0 ? "* " + l : l.replace(/^(\s*)\+- /, "$1+- "))).join("\n") + "\n";
  if (!extended) return physical;
  const schema = plan.schema.fields.map((f) => `${f.name}: ${f.dataType.simpleString()}`).join(", ");
  return `== Analyzed Logical Plan ==\n${schema}\n${lines.join("\n")}\n\n${physical}`;
}
