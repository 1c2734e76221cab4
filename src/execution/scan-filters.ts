/**
 * A Filter's condition as the conjuncts a scan understands (Spark's DataSourceStrategy
 * translateFilter): `column <op> literal`, `literal <op> column`, IN lists of literals, IS [NOT] NULL.
 * Anything else is left out — the Filter above the scan evaluates the whole condition anyway.
 */
import type { ScanFilter } from "../connector-api/scan-filter";
import type { Resolved } from "../plan/resolved";
import type { StructTypeClass } from "../types/data-types";

type Lit = number | string | boolean;
const FLIP = { lt: ">", le: ">=", gt: "<", ge: "<=", eq: "=" } as const;
const OPS = { lt: "<", le: "<=", gt: ">", ge: ">=", eq: "=" } as const;

function conjuncts(r: Resolved): Resolved[] {
  return r.kind === "fn" && r.op === "and" ? r.args.flatMap(conjuncts) : [r];
}

function column(r: Resolved, schema: StructTypeClass): string | undefined {
  return r.kind === "ref" ? schema.fields[r.ordinal]?.name : undefined;
}

function literal(r: Resolved): Lit | undefined {
  return r.kind === "lit" && (typeof r.value === "number" || typeof r.value === "string" || typeof r.value === "boolean") ? r.value : undefined;
}

export function scanFilters(condition: Resolved, schema: StructTypeClass): ScanFilter[] {
  const out: ScanFilter[] = [];
  for (const c of conjuncts(condition)) {
    if (c.kind !== "fn") continue;
    if (c.op === "isnull" || c.op === "isnotnull") {
      const col = column(c.args[0], schema);
      if (col) out.push({ op: c.op === "isnull" ? "isNull" : "isNotNull", column: col });
    } else if (c.op in OPS) {
      const op = c.op as keyof typeof OPS;
      const [a, b] = c.args;
      const ca = column(a, schema), lb = literal(b), cb = column(b, schema), la = literal(a);
      // Types must already agree: a comparison the analyzer cast (int column vs. string literal) is not pushed.
      if (ca && lb !== undefined && a.dataType.equals(b.dataType)) out.push({ op: OPS[op], column: ca, value: lb });
      else if (cb && la !== undefined && a.dataType.equals(b.dataType)) out.push({ op: FLIP[op], column: cb, value: la });
    } else if (c.op === "in") {
      const col = column(c.args[0], schema);
      const values = c.args.slice(1).map(literal);
      if (col && values.every((v) => v !== undefined) && c.args.slice(1).every((x) => x.dataType.equals(c.args[0].dataType)))
        out.push({ op: "in", column: col, values: values as Lit[] });
    }
  }
  return out;
}
