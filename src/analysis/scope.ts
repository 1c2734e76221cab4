/**
 * Name resolution against an input schema: Spark's case-insensitive column lookup, struct field
 * access (`data.house`), and UNRESOLVED_COLUMN errors that suggest the closest names.
 */
import { AnalysisException, closest } from "../errors";
import { StructTypeClass, DataType } from "../types/data-types";

export interface ScopeField {
  name: string;
  dataType: DataType;
  nullable: boolean;
  /** Which side of a join it comes from (0 left, 1 right), for disambiguation. */
  side?: number;
  /** The relation name it answers to (`e` in `FROM emp e`), for `e.name`. */
  qualifier?: string;
}

export class Scope {
  constructor(readonly fields: ScopeField[], readonly sideOfPlan?: (planId: number) => number | undefined) {}

  static of(schema: StructTypeClass): Scope {
    return new Scope(schema.fields.map((f) => ({ name: f.name, dataType: f.dataType, nullable: f.nullable })));
  }

  /** Ordinals of fields named `name` (case-insensitive, as spark.sql.caseSensitive=false). */
  lookup(name: string, planId?: number): number[] {
    const lower = name.toLowerCase();
    let hits: number[] = [];
    this.fields.forEach((f, i) => { if (f.name.toLowerCase() === lower) hits.push(i); });
    if (hits.length > 1 && planId !== undefined && this.sideOfPlan) {
      const side = this.sideOfPlan(planId);
      if (side !== undefined) hits = hits.filter((i) => this.fields[i].side === side);
    }
    return hits;
  }

  /** Ordinals of fields named `name` from the relation `qualifier` (both case-insensitive). */
  lookupQualified(qualifier: string, name: string): number[] {
    const q = qualifier.toLowerCase(), n = name.toLowerCase();
    const hits: number[] = [];
    this.fields.forEach((f, i) => { if (f.qualifier?.toLowerCase() === q && f.name.toLowerCase() === n) hits.push(i); });
    return hits;
  }

  /** Spark's name of a field in messages: `` `q`.`name` `` when it has a qualifier. */
  sqlName(i: number): string {
    const f = this.fields[i];
    return (f.qualifier !== undefined ? [f.qualifier, f.name] : [f.name]).map((p) => "`" + p.replace(/`/g, "``") + "`").join(".");
  }

  unresolved(name: string): AnalysisException {
    const names = this.fields.map((f) => f.name);
    const suggestions = closest(name, names, 5).map((n) => `\`${n}\``);
    return new AnalysisException(
      `A column or function parameter with name \`${name}\` cannot be resolved. Did you mean one of the following? [${suggestions.join(", ")}].;`,
      "UNRESOLVED_COLUMN.WITH_SUGGESTION",
    );
  }

  ambiguous(name: string, hitList = this.lookup(name)): AnalysisException {
    // Spark lists the candidates sorted by their qualified names.
    const hits = hitList.map((i) => this.sqlName(i)).sort();
    return new AnalysisException(`Reference \`${name}\` is ambiguous, could be: [${hits.join(", ")}].`, "AMBIGUOUS_REFERENCE");
  }
}
