/**
 * The function registry: every family's definitions (one file per family in this folder) by
 * name. Analysis types a call with a definition's `type`, execution compiles it with its `eval`,
 * SHOW FUNCTIONS lists them. Families not yet moved here are still typed by
 * analysis/function-catalog.ts (and catalog-*.ts) and evaluated by execution/functions-*.ts; a
 * name is defined in exactly one of the two places (src/functions/registry.test.ts checks).
 */
import { ScalarFunctionDef } from "./definition";
import { COLLECTION_FUNCTIONS } from "./collections";
import { MATH_FUNCTIONS } from "./math";
import { TEXT_FUNCTIONS } from "./text";

const FAMILIES: Record<string, readonly ScalarFunctionDef[]> = {
  math: MATH_FUNCTIONS,
  collections: COLLECTION_FUNCTIONS,
  text: TEXT_FUNCTIONS,
};

const BY_NAME = new Map<string, ScalarFunctionDef>();
for (const defs of Object.values(FAMILIES)) for (const d of defs) BY_NAME.set(d.name, d);

/** The definition of a function (lower-case name), if it is in the registry. */
export function registeredFunction(name: string): ScalarFunctionDef | undefined {
  return BY_NAME.get(name);
}

/** Every registered function, by family. */
export function registeredFamilies(): Readonly<Record<string, readonly ScalarFunctionDef[]>> {
  return FAMILIES;
}
