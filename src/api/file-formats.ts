/** Reading JSON-lines and text files for spark.read (and schema inference for JSON). */
import * as fs from "node:fs";
import * as path from "node:path";
import { AnalysisException } from "../errors";
import { jsonParser } from "../values/json";
import type { InternalRow } from "../connector-api/source";
import { ArrayTypeClass, BOOLEAN, DOUBLE, DataType, LONG, NULL, STRING, StructFieldClass, StructTypeClass } from "../types/data-types";

export function listInputFiles(p: string): string[] {
  if (!fs.existsSync(p)) throw new AnalysisException(`Path does not exist: file:${path.resolve(p)}.`, "PATH_NOT_FOUND");
  const st = fs.statSync(p);
  if (st.isFile()) return [p];
  return fs.readdirSync(p).filter((f) => !f.startsWith(".") && !f.startsWith("_")).sort().map((f) => path.join(p, f)).filter((f) => fs.statSync(f).isFile());
}

function lines(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  const ls = text.split(/\r?\n/);
  if (ls.length && ls[ls.length - 1] === "") ls.pop();
  return ls;
}

export function readTextFiles(files: string[]): InternalRow[] {
  return files.flatMap((f) => lines(f).map((l) => [l]));
}

export function readJsonFiles(files: string[], schema: StructTypeClass, options: Record<string, string>): InternalRow[] {
  const parse = jsonParser(schema, options);
  const out: InternalRow[] = [];
  for (const f of files) for (const l of lines(f)) if (l.trim()) out.push(parse(l) as InternalRow);
  return out;
}

function typeOfJson(v: unknown): DataType {
  if (v === null) return NULL;
  if (typeof v === "string") return STRING;
  if (typeof v === "boolean") return BOOLEAN;
  if (typeof v === "number") return Number.isInteger(v) ? LONG : DOUBLE;
  if (Array.isArray(v)) return new ArrayTypeClass(v.map(typeOfJson).reduce(merge, NULL as DataType), true);
  return new StructTypeClass(Object.keys(v as object).sort().map((k) => new StructFieldClass(k, typeOfJson((v as any)[k]), true)));
}

function merge(a: DataType, b: DataType): DataType {
  if (a === NULL) return b;
  if (b === NULL || a.equals(b)) return a;
  if ((a === LONG && b === DOUBLE) || (a === DOUBLE && b === LONG)) return DOUBLE;
  if (a instanceof StructTypeClass && b instanceof StructTypeClass) {
    const names = [...new Set([...a.names, ...b.names])].sort();
    return new StructTypeClass(names.map((n) => {
      const x = a.fields.find((f) => f.name === n)?.dataType ?? NULL;
      const y = b.fields.find((f) => f.name === n)?.dataType ?? NULL;
      return new StructFieldClass(n, merge(x, y), true);
    }));
  }
  if (a instanceof ArrayTypeClass && b instanceof ArrayTypeClass) return new ArrayTypeClass(merge(a.elementType, b.elementType), true);
  return STRING;
}

/** Spark's JSON schema inference: fields sorted by name, longs/doubles/strings/booleans, structs, arrays. */
export function inferJsonSchema(files: string[]): StructTypeClass {
  let t: DataType = new StructTypeClass([]);
  let corrupt = false;
  for (const f of files) for (const l of lines(f)) {
    if (!l.trim()) continue;
    try {
      const v = JSON.parse(l);
      if (v === null || typeof v !== "object" || Array.isArray(v)) { corrupt = true; continue; }
      t = merge(t, typeOfJson(v));
    } catch { corrupt = true; }
  }
  const fields = (t as StructTypeClass).fields.map((f) => new StructFieldClass(f.name, f.dataType === NULL ? STRING : f.dataType, true));
  if (corrupt) fields.unshift(new StructFieldClass("_corrupt_record", STRING, true));
  return new StructTypeClass(fields);
}
