/**
 * The physical plan: operator objects planned from an optimised logical plan (Spark's SparkPlan,
 * DataFusion's `…Exec`). An operator pushes its output rows into `emit`; projections and filters
 * fuse into their child's loop (no intermediate arrays), pipeline breakers (aggregate, sort,
 * join) collect their input first. Expressions are compiled to closures when `execute` runs.
 *
 * Adding an operator: implement PhysicalOperator in its own file and plan it in planner.ts.
 */
import type { InternalRow } from "../../connector-api/source";
import type { LogicalPlan } from "../../plan/logical-plan";
import type { EvalContext } from "../evaluate";

export type Emit = (row: InternalRow) => void;

/** What one execution of a physical plan needs. */
export interface ExecContext {
  eval: EvalContext;
  /** Rows of leaves, by logical node id (loaded deferred relations, a micro-batch's inputs). */
  leaves: Map<number, InternalRow[]>;
  /**
   * The input partition the row being pushed comes from (batch only). A local relation is sliced
   * like `sc.parallelize` over `local[2]`, so aggregation output comes out in Spark's order.
   */
  partition?: { current: number };
}

export interface PhysicalOperator {
  /** The logical node this operator runs (its id keys leaves and state). */
  readonly logical: LogicalPlan;
  readonly children: readonly PhysicalOperator[];
  /** Pushes every output row into `emit`. */
  execute(ctx: ExecContext, emit: Emit): void;
  /** The operator's line in explain's "== Physical Plan ==" (Spark's simpleString). */
  simpleString(): string;
  /**
   * Operators Spark shows as a chain (e.g. a streaming aggregate: HashAggregate, StateStoreSave,
   * StateStoreRestore) give the lines between this one and its children.
   */
  innerLines?(): string[];
}

/** Runs `op` and returns all its rows. */
export function collect(op: PhysicalOperator, ctx: ExecContext): InternalRow[] {
  const out: InternalRow[] = [];
  op.execute(ctx, (r) => out.push(r));
  return out;
}

/**
 * Spark's tree string of a physical plan (TreeNode.generateTreeString): a child is drawn with
 * `:- ` (more siblings follow) or `+- ` (the last), under `:  ` / `   ` for each ancestor level;
 * `*` marks the root, as whole-stage codegen does.
 */
export function treeString(root: PhysicalOperator): string {
  const out: string[] = [];
  const visit = (op: PhysicalOperator, ancestors: boolean[], isLast: boolean): void => {
    const indent = (levels: boolean[]) => levels.slice(0, -1).map((last) => (last ? "   " : ":  ")).join("");
    out.push(ancestors.length === 0 ? "* " + op.simpleString() : indent(ancestors) + (isLast ? "+- " : ":- ") + op.simpleString());
    let levels = ancestors;
    for (const line of op.innerLines?.() ?? []) {
      levels = [...levels, true];
      out.push(indent(levels) + "+- " + line);
    }
    op.children.forEach((c, i) => {
      const last = i === op.children.length - 1;
      visit(c, [...levels, last], last);
    });
  };
  visit(root, [], true);
  return out.join("\n");
}
