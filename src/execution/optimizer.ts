/**
 * A few rewrites that matter for the workshop's pipeline, applied before execution:
 *  - projection fusion: Project(Project(x)) becomes one Project (no intermediate row arrays);
 *  - column pruning: projected columns nobody above reads become NULL literals (ordinals stay
 *    put, so no parent has to be rewritten);
 *  - from_json field pruning: a from_json read only through `.field` access converts just
 *    those fields (Spark's OptimizeJsonExprs does the same);
 *  - in streaming plans, filter pushdown and inference (filter-pushdown.ts).
 * Node ids are kept, so leaves and stateful operators keyed by id still match.
 */
import { LogicalPlan } from "../plan/logical-plan";
import { Resolved, exprKey } from "../plan/resolved";
import { NULL } from "../types/data-types";
import { pushdown } from "./filter-pushdown";
import { scanFilters } from "./scan-filters";

type R = Resolved;

function refsOf(r: R, out: Set<number>): Set<number> {
  switch (r.kind) {
    case "ref": out.add(r.ordinal); break;
    case "fn": case "agg": case "gen": r.args.forEach((a) => refsOf(a, out)); break;
    case "alias": case "sort": refsOf(r.child, out); break;
  }
  return out;
}

function substitute(r: R, inner: R[]): R {
  switch (r.kind) {
    case "ref": {
      const e = inner[r.ordinal];
      return e.kind === "alias" ? e.child : e;
    }
    case "fn": return { ...r, args: r.args.map((a) => substitute(a, inner)) };
    case "gen": return { ...r, args: r.args.map((a) => substitute(a, inner)) };
    case "alias": return { ...r, child: substitute(r.child, inner) };
    case "sort": return { ...r, child: substitute(r.child, inner) };
    default: return r;
  }
}

const all = (n: number): Set<number> => new Set(Array.from({ length: n }, (_, i) => i));

function nullOut(r: R): R {
  return { kind: "lit", value: null, dataType: r.dataType ?? NULL, nullable: true, sql: "NULL" };
}

/** Marks from_json calls whose result is only read field by field with the fields they need. */
function pruneJson(exprs: R[]): R[] {
  const used = new Map<string, Set<number> | "all">();
  const visit = (r: R, parentField?: number) => {
    if (r.kind === "fn" && r.op === "from_json") {
      const key = exprKey(r);
      const cur = used.get(key);
      if (parentField === undefined) used.set(key, "all");
      else if (cur !== "all") used.set(key, (cur ?? new Set()).add(parentField));
    }
    if (r.kind === "fn" && r.op === "getField") return visit(r.args[0], r.params.index);
    if (r.kind === "fn" || r.kind === "gen" || r.kind === "agg") r.args.forEach((a) => visit(a));
    else if (r.kind === "alias" || r.kind === "sort") visit(r.child);
  };
  exprs.forEach((e) => visit(e));
  const rewrite = (r: R): R => {
    if (r.kind === "fn" && r.op === "from_json") {
      const u = used.get(exprKey(r));
      if (u && u !== "all") return { ...r, params: { ...r.params, requiredFields: [...u].sort((a, b) => a - b) }, args: r.args.map(rewrite) };
    }
    if (r.kind === "fn" || r.kind === "gen" || r.kind === "agg") return { ...r, args: r.args.map(rewrite) } as R;
    if (r.kind === "alias" || r.kind === "sort") return { ...r, child: rewrite(r.child) } as R;
    return r;
  };
  return exprs.map(rewrite);
}

function optimizeNode(p: LogicalPlan, required: Set<number>): LogicalPlan {
  switch (p.kind) {
    case "LocalRelation":
    case "StreamingRelation":
      return p;
    case "DeferredRelation":
      // Column pruning reaches the scan: a file source decodes only what is read above it.
      return required.size >= p.schema.fields.length ? p : { ...p, pushed: { ...p.pushed, columns: new Set([...required].map((i) => p.schema.fields[i].name)) } };
    case "Project": {
      // With a generator, output ordinals no longer match expressions: keep every expression.
      const hasGen = p.exprs.some((e) => e.kind === "gen");
      let exprs = p.exprs.map((e, i) => (hasGen || required.has(i) ? e : nullOut(e)));
      let child = p.child;
      if (child.kind === "Project" && !child.exprs.some((e) => e.kind === "gen")) {
        const inner = child.exprs;
        exprs = exprs.map((e) => (e.kind === "alias" ? { ...e, child: substitute(e.child, inner) } : e.kind === "ref" ? keepName(substitute(e, inner), e.name) : substitute(e, inner)));
        child = child.child;
      }
      exprs = pruneJson(exprs);
      const need = new Set<number>();
      exprs.forEach((e) => refsOf(e, need));
      return { ...p, exprs, child: optimizeNode(child, need) };
    }
    case "Filter": {
      const need = refsOf(p.condition, new Set(required));
      const child = optimizeNode(p.child, need);
      // Predicate pushdown: simple conjuncts go to the scan too (it may skip data by them; this Filter still runs).
      if (child.kind === "DeferredRelation") {
        const filters = scanFilters(p.condition, child.schema);
        if (filters.length) return { ...p, child: { ...child, pushed: { ...child.pushed, filters } } };
      }
      return { ...p, child };
    }
    case "Watermark":
      return { ...p, child: optimizeNode(p.child, new Set([...required, p.column])) };
    case "Aggregate": {
      const need = new Set<number>();
      p.groupBy.forEach((g) => refsOf(g, need));
      p.calls.forEach((c) => { c.args.forEach((a) => refsOf(a, need)); if (c.filter) refsOf(c.filter, need); });
      return { ...p, child: optimizeNode(p.child, need) };
    }
    case "Sort": {
      const need = new Set(required);
      p.orders.forEach((o) => refsOf(o, need));
      return { ...p, child: optimizeNode(p.child, need) };
    }
    case "Limit":
      return { ...p, child: optimizeNode(p.child, required) };
    case "SetOperation":
      return { ...p, left: optimizeNode(p.left, all(p.left.schema.fields.length)), right: optimizeNode(p.right, all(p.right.schema.fields.length)) };
    case "Offset":
      return { ...p, child: optimizeNode(p.child, required) };
    case "Summary":
      return { ...p, child: optimizeNode(p.child, new Set(p.columns)) };
    case "Sample":
      return { ...p, child: optimizeNode(p.child, p.sortWithinPartitions ? all(p.schema.fields.length) : required) };
    case "Distinct":
      return { ...p, child: optimizeNode(p.child, p.keys ? all(p.schema.fields.length) : all(p.schema.fields.length)) };
    case "Union":
      return { ...p, children: p.children.map((c) => optimizeNode(c, required)) };
    case "Join":
      return { ...p, left: optimizeNode(p.left, all(p.left.schema.fields.length)), right: optimizeNode(p.right, all(p.right.schema.fields.length)) };
    case "Window":
      return { ...p, child: optimizeNode(p.child, all(p.child.schema.fields.length)) };
    case "Expand": {
      const need = new Set<number>();
      p.projections.forEach((row) => row.forEach((e) => refsOf(e, need)));
      return { ...p, child: optimizeNode(p.child, need) };
    }
  }
}

/** A ref replaced by its definition must keep the column name it had. */
function keepName(r: R, name: string): R {
  if (r.kind === "ref" && r.name === name) return r;
  return { kind: "alias", child: r, name, dataType: r.dataType, nullable: r.nullable, sql: r.sql };
}

export function optimize(plan: LogicalPlan): LogicalPlan {
  return optimizeNode(pushdown(plan), all(plan.schema.fields.length));
}
