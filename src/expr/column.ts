/**
 * Column: PySpark's Column, an immutable wrapper around an unresolved expression. Operators are
 * methods (`plus`, `gt`, `and` …) since TypeScript has no operator overloading; PySpark's names
 * (`isin`, `isNull`, `alias`, `cast`, `asc`, `desc`, `otherwise`) are kept.
 */
import { PySparkTypeError } from "../errors";
import { DataType, BOOLEAN, DOUBLE, INTEGER, LONG, NULL, STRING, TIMESTAMP, BINARY, ArrayTypeClass } from "../types/data-types";
import { toDataType } from "../types/ddl";
import { BinaryOp, Expr, WindowSpecExpr, attr } from "./expression";

export type ColumnOrName = Column | string;
export type ColumnOrValue = Column | string | number | boolean | null | Date;

export class Column {
  constructor(readonly expr: Expr) {}

  /** Several names for a generator's columns: `json_tuple(…).alias("a", "b")`. */
  alias(name: string, ...more: string[]): Column {
    if (more.length) return new Column({ kind: "alias", child: this.expr, name: more[more.length - 1], names: [name, ...more] });
    return new Column({ kind: "alias", child: this.expr, name });
  }
  /** PySpark's `name` is an alias of `alias`; `as` is Scala's. */
  name(name: string): Column {
    return this.alias(name);
  }
  as(name: string): Column {
    return this.alias(name);
  }
  cast(to: DataType | string): Column {
    return new Column({ kind: "cast", child: this.expr, to: toDataType(to) });
  }
  astype(to: DataType | string): Column {
    return this.cast(to);
  }

  private bin(op: BinaryOp, other: ColumnOrValue): Column {
    return new Column({ kind: "binary", op, left: this.expr, right: toExpr(other) });
  }
  plus(o: ColumnOrValue): Column { return this.bin("+", o); }
  minus(o: ColumnOrValue): Column { return this.bin("-", o); }
  multiply(o: ColumnOrValue): Column { return this.bin("*", o); }
  divide(o: ColumnOrValue): Column { return this.bin("/", o); }
  mod(o: ColumnOrValue): Column { return this.bin("%", o); }
  eq(o: ColumnOrValue): Column { return this.bin("=", o); }
  equalTo(o: ColumnOrValue): Column { return this.bin("=", o); }
  eqNullSafe(o: ColumnOrValue): Column { return this.bin("<=>", o); }
  ne(o: ColumnOrValue): Column { return this.bin("!=", o); }
  notEqual(o: ColumnOrValue): Column { return this.bin("!=", o); }
  lt(o: ColumnOrValue): Column { return this.bin("<", o); }
  leq(o: ColumnOrValue): Column { return this.bin("<=", o); }
  gt(o: ColumnOrValue): Column { return this.bin(">", o); }
  geq(o: ColumnOrValue): Column { return this.bin(">=", o); }
  and(o: ColumnOrValue): Column { return this.bin("AND", o); }
  or(o: ColumnOrValue): Column { return this.bin("OR", o); }
  not(): Column { return new Column({ kind: "unary", op: "NOT", child: this.expr }); }
  negate(): Column { return new Column({ kind: "unary", op: "-", child: this.expr }); }
  isNull(): Column { return new Column({ kind: "unary", op: "IS NULL", child: this.expr }); }
  isNotNull(): Column { return new Column({ kind: "unary", op: "IS NOT NULL", child: this.expr }); }
  isin(...values: Array<ColumnOrValue | ColumnOrValue[]>): Column {
    const flat = values.length === 1 && Array.isArray(values[0]) ? (values[0] as ColumnOrValue[]) : (values as ColumnOrValue[]);
    return new Column({ kind: "in", child: this.expr, list: flat.map(toExpr) });
  }
  between(lo: ColumnOrValue, hi: ColumnOrValue): Column {
    return this.geq(lo).and(this.leq(hi));
  }
  like(pattern: string): Column { return new Column({ kind: "like", child: this.expr, pattern, regex: false }); }
  rlike(pattern: string): Column { return new Column({ kind: "like", child: this.expr, pattern, regex: true }); }
  ilike(pattern: string): Column { return new Column({ kind: "call", name: "ilike", args: [this.expr, toExpr(pattern)] }); }
  bitwiseAND(o: ColumnOrValue): Column { return new Column({ kind: "call", name: "&", args: [this.expr, toExpr(o)] }); }
  bitwiseOR(o: ColumnOrValue): Column { return new Column({ kind: "call", name: "|", args: [this.expr, toExpr(o)] }); }
  bitwiseXOR(o: ColumnOrValue): Column { return new Column({ kind: "call", name: "^", args: [this.expr, toExpr(o)] }); }
  contains(o: ColumnOrValue): Column { return new Column({ kind: "call", name: "contains", args: [this.expr, toExpr(o)] }); }
  startswith(o: ColumnOrValue): Column { return new Column({ kind: "call", name: "startswith", args: [this.expr, toExpr(o)] }); }
  endswith(o: ColumnOrValue): Column { return new Column({ kind: "call", name: "endswith", args: [this.expr, toExpr(o)] }); }
  substr(pos: number, len: number): Column {
    return new Column({ kind: "call", name: "substring", args: [this.expr, toExpr(pos), toExpr(len)] });
  }
  getField(name: string): Column { return new Column({ kind: "extract", child: this.expr, key: toExpr(name) }); }
  getItem(key: ColumnOrValue): Column { return new Column({ kind: "extract", child: this.expr, key: toExpr(key) }); }

  asc(): Column { return new Column({ kind: "sortOrder", child: this.expr, ascending: true, nullsFirst: true }); }
  asc_nulls_first(): Column { return this.asc(); }
  asc_nulls_last(): Column { return new Column({ kind: "sortOrder", child: this.expr, ascending: true, nullsFirst: false }); }
  desc(): Column { return new Column({ kind: "sortOrder", child: this.expr, ascending: false, nullsFirst: false }); }
  desc_nulls_last(): Column { return this.desc(); }
  desc_nulls_first(): Column { return new Column({ kind: "sortOrder", child: this.expr, ascending: false, nullsFirst: true }); }
  /** `f.over(w)`: a window function, or an aggregate computed over the window `w` (expr/window.ts). */
  over(window: { spec: WindowSpecExpr }): Column {
    return new Column({ kind: "window", fn: this.expr, spec: window.spec });
  }

  /** `when(cond, v).when(...).otherwise(x)`. */
  when(condition: Column, value: ColumnOrValue): Column {
    if (this.expr.kind !== "caseWhen" || this.expr.otherwise)
      throw new PySparkTypeError("when() can only be applied on a Column previously generated by when() function.");
    return new Column({ ...this.expr, branches: [...this.expr.branches, [condition.expr, toExpr(value)]] });
  }
  otherwise(value: ColumnOrValue): Column {
    if (this.expr.kind !== "caseWhen" || this.expr.otherwise)
      throw new PySparkTypeError("otherwise() can only be applied on a Column previously generated by when() function, and cannot be applied once otherwise() is applied.");
    return new Column({ ...this.expr, otherwise: toExpr(value) });
  }

  toString(): string {
    return `Column<'${describeExpr(this.expr)}'>`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** Python's type name of a JS value, for PySpark's argument errors. */
function pyType(v: unknown): string {
  if (v === null || v === undefined) return "NoneType";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
  if (typeof v === "bigint") return "int";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return "list";
  if (typeof v === "object") return v.constructor?.name === "Object" ? "dict" : (v.constructor?.name ?? "object");
  return typeof v;
}

/** A column argument (Column or column name); anything else is PySpark's NOT_COLUMN_OR_STR. */
export const columnArg = (x: ColumnOrName): Expr => {
  if (!(x instanceof Column) && typeof x !== "string")
    throw new PySparkTypeError(`Argument \`col\` should be a Column or str, got ${pyType(x)}.`, "NOT_COLUMN_OR_STR");
  return toColumnExpr(x);
};

/** A column argument: a Column as is, a string as a column name. */
export function toColumnExpr(c: ColumnOrName): Expr {
  return typeof c === "string" ? (c === "*" ? { kind: "star" } : /\.\*$/.test(c) ? { kind: "star", target: c.slice(0, -2).split(".") } : attr(c)) : c.expr;
}

/** A value argument: a Column as is, anything else as a literal. */
export function toExpr(v: ColumnOrValue | unknown): Expr {
  if (v instanceof Column) return v.expr;
  return literalExpr(v);
}

export function literalExpr(v: unknown): Expr {
  if (v === null || v === undefined) return { kind: "literal", value: null, dataType: NULL };
  if (typeof v === "string") return { kind: "literal", value: v, dataType: STRING };
  if (typeof v === "boolean") return { kind: "literal", value: v, dataType: BOOLEAN };
  if (typeof v === "bigint") return { kind: "literal", value: Number(v), dataType: LONG };
  if (typeof v === "number") {
    if (Number.isInteger(v) && !Object.is(v, -0)) {
      return { kind: "literal", value: v, dataType: v >= -2147483648 && v <= 2147483647 ? INTEGER : LONG };
    }
    return { kind: "literal", value: v, dataType: DOUBLE };
  }
  if (v instanceof Date) return { kind: "literal", value: v.getTime() * 1000, dataType: TIMESTAMP };
  if (v instanceof Uint8Array) return { kind: "literal", value: v, dataType: BINARY };
  if (Array.isArray(v)) {
    const els = v.map(literalExpr);
    const t = els.find((e) => e.kind === "literal" && e.dataType !== NULL);
    const et = t && t.kind === "literal" ? t.dataType : NULL;
    return { kind: "literal", value: v, dataType: new ArrayTypeClass(et, true) };
  }
  throw new PySparkTypeError(`[UNSUPPORTED_LITERAL] Unsupported literal type ${typeof v}: ${String(v)}`);
}

/** A short readable form of an unresolved expression (for Column's toString). */
function describeExpr(e: Expr): string {
  switch (e.kind) {
    case "attr": return e.parts.join(".");
    case "star": return e.target ? `${e.target.join(".")}.*` : "*";
    case "literal": return e.value === null ? "NULL" : String(e.value);
    case "alias": return `${describeExpr(e.child)} AS ${e.name}`;
    case "cast": return `CAST(${describeExpr(e.child)} AS ${e.to.sql()})`;
    case "call": return `${e.name}(${e.distinct ? "DISTINCT " : ""}${e.args.map(describeExpr).join(", ")})`;
    case "binary": return `(${describeExpr(e.left)} ${e.op} ${describeExpr(e.right)})`;
    case "unary": return e.op.startsWith("IS") ? `(${describeExpr(e.child)} ${e.op})` : `(${e.op} ${describeExpr(e.child)})`;
    case "in": return `(${describeExpr(e.child)} IN (${e.list.map(describeExpr).join(", ")}))`;
    case "like": return `${describeExpr(e.child)} ${e.regex ? "RLIKE" : "LIKE"} ${e.pattern}`;
    case "caseWhen":
      return `CASE ${e.branches.map(([c, v]) => `WHEN ${describeExpr(c)} THEN ${describeExpr(v)}`).join(" ")}${e.otherwise ? ` ELSE ${describeExpr(e.otherwise)}` : ""} END`;
    case "sortOrder": return `${describeExpr(e.child)} ${e.ascending ? "ASC" : "DESC"} NULLS ${e.nullsFirst ? "FIRST" : "LAST"}`;
    case "extract": return `${describeExpr(e.child)}[${describeExpr(e.key)}]`;
    case "typeArg": return e.dataType.simpleString();
    case "optionsArg": return JSON.stringify(e.options);
    case "window": {
      // Column's repr of a window: the spec as Spark's unresolved WindowSpecDefinition prints it.
      const order = (o: Expr): string => (o.kind === "sortOrder" ? describeExpr(o) : `${describeExpr(o)} ASC NULLS FIRST`);
      const b = (x: unknown): string => (x === "unboundedPreceding" ? "unboundedpreceding$()" : x === "unboundedFollowing" ? "unboundedfollowing$()" : x === "currentRow" ? "currentrow$()" : String(x));
      const f = e.spec.frame;
      const parts = [
        ...(e.spec.partitionBy.length ? [`PARTITION BY ${e.spec.partitionBy.map(describeExpr).join(", ")}`] : []),
        ...(e.spec.orderBy.length ? [`ORDER BY ${e.spec.orderBy.map(order).join(", ")}`] : []),
        f ? `specifiedwindowframe(${f.type === "rows" ? "RowFrame" : "RangeFrame"}, ${b(f.lower)}, ${b(f.upper)})` : "unspecifiedframe$()",
      ];
      return `${describeExpr(e.fn)} OVER (${parts.join(" ")})`;
    }
    case "subquery": return "scalarsubquery()";
    case "lambda": return `lambdafunction(${describeExpr(e.body)}, ${e.params.join(", ")})`;
    case "lambdaVar": return e.name;
  }
}
